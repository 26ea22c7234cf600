"""Publishing a built year into reports/: all its pages at once, or only its quality report.

A validated year is assembled in a staging folder and swapped in (`files.swap_in`);
a refused year only gets its quality page (and an index the first time). The
root index lists the published years.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .. import digests, files
from . import indexes, pages
from .cache import Cache
from .plan import Planned


def publish_year(
    planned: list[Planned],
    reports_dir: Path,
    build_dir: Path,
    year: int,
    validated: bool,
    self_contained: bool,
) -> None:
    cache = Cache(build_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    files.recover(reports_dir)
    if not self_contained:
        from .assets import copy_plotly_js

        copy_plotly_js(reports_dir / pages.ASSETS)
    target = reports_dir / str(year)
    built = {p.job.page: cache.page(p.render_key) for p in planned}
    if validated:
        if not _published(target, built):
            staging = Path(
                tempfile.mkdtemp(prefix=f"{files.STAGING_PREFIX}{year}-", dir=reports_dir)
            )
            try:
                staging.chmod(0o755)  # mkdtemp makes it private; the year must stay readable
                for page, source in built.items():
                    files.copy_file(source, staging / page)
                files.swap_in(staging, target)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    else:
        target.mkdir(parents=True, exist_ok=True)
        for page in (pages.QUALITY[1], pages.YEAR_INDEX):
            if page == pages.YEAR_INDEX and (target / page).exists():
                continue  # the published inventories' index stays as it was
            files.copy_file(built[page], target / page)
    _site_index(reports_dir, build_dir, self_contained)


def _published(target: Path, built: dict[str, Path]) -> bool:
    """Does the published year hold exactly these pages, byte for byte?"""
    if not target.is_dir():
        return False
    found = {str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()}
    if found != set(built):
        return False
    return all(
        (target / page).read_bytes() == source.read_bytes() for page, source in built.items()
    )


def _site_index(reports_dir: Path, build_dir: Path, self_contained: bool) -> None:
    years = sorted(
        (p.name for p in reports_dir.iterdir() if p.is_dir() and p.name.isdigit()), reverse=True
    )
    plotly = pages.INLINE if self_contained else f"{pages.ASSETS}/{pages.PLOTLY_JS}"
    published = {
        year: sorted(p.name for p in (reports_dir / year).glob("*.html")) for year in years
    }
    key = digests.digest_json(
        {
            "years": years,
            "published": published,
            "plotly": plotly,
            "code": digests.code_digest(),
            "dependencies": digests.deps_digest(),
        }
    )
    cache = Cache(build_dir)
    page = cache.page(key)
    if not page.is_file():
        from . import render

        executed = indexes.write_fragments_notebook(
            indexes.site_index_fragments(years, published), cache.executed(key)
        )
        render.to_html(executed, page, title="États des lieux des CRES", plotly_js=plotly)
    files.copy_file(page, reports_dir / "index.html")

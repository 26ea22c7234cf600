"""Publishing a built year into reports/: all its pages at once, or only its quality report.

A validated year is assembled in a staging folder and swapped in (`files.swap_in`);
a refused year only gets its quality page (and an index the first time). Each page's
downloads (`downloads.py`) go with it. The root index says what each published year
holds, and `assets/site.js` lists the published pages for the links between years.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .. import digests, files
from .cache import Cache
from .plan import Planned
from .site import downloads, indexes, navigation, pages, pdflink


def _downloads(planned: Planned, cache: Cache, year: int) -> dict[str, Path]:
    """The page's download files: {path inside the year: cached file}."""
    executed = cache.executed(planned.exec_key)
    return downloads.cached(cache.root, planned.exec_key, planned.job.page, year, executed)


def publish_year(
    planned: list[Planned],
    reports_dir: Path,
    build_dir: Path,
    year: int,
    validated: bool,
    self_contained: bool,
    data_dir: Path | None = None,
) -> None:
    cache = Cache(build_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    files.recover(reports_dir)
    if not self_contained:
        from .site.assets import copy_plotly_js

        copy_plotly_js(reports_dir / pages.ASSETS)
    target = reports_dir / str(year)
    built = {p.job.page: cache.page(p.render_key) for p in planned}
    extras = {p.job.page: _downloads(p, cache, year) for p in planned}
    if validated:
        for files_of_page in extras.values():
            built.update(files_of_page)
        built = _with_pdf(built, target, reports_dir, year, cache)
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
            _replace_downloads(target, page, extras[page])
    _site_index(reports_dir, build_dir, self_contained, data_dir)


def _with_pdf(
    built: dict[str, Path], target: Path, reports_dir: Path, year: int, cache: Cache
) -> dict[str, Path]:
    """The year's files, its index linking the year's PDF (`pdflink`) while the other pages
    are those published; when they change, the PDF no longer matches them: it is removed."""
    pdf = pdflink.book_path(reports_dir, year)
    if not pdf.is_file():
        return built
    others = {page: source for page, source in built.items() if page != pages.YEAR_INDEX}
    if not _published(target, others, ignore=frozenset({pages.YEAR_INDEX})):
        pdf.unlink()
        return built
    index = built[pages.YEAR_INDEX]
    linked = pdflink.linked(index.read_text(encoding="utf-8"), reports_dir, year)
    page = files.write_text(cache.root / "pdf-linked" / f"{year}-{index.name}", linked)
    return {**built, pages.YEAR_INDEX: page}


def _replace_downloads(target: Path, page: str, fresh: dict[str, Path]) -> None:
    """A page's downloads published alone (a refused year's quality report): the new files,
    and none of the old ones left beside them."""
    folder = target / downloads.folder_of(page)
    if folder.is_dir():
        for old in folder.iterdir():
            if f"{downloads.folder_of(page)}{old.name}" not in fresh:
                old.unlink()
    for name, source in fresh.items():
        files.copy_file(source, target / name)


def _published(target: Path, built: dict[str, Path], ignore: frozenset[str] = frozenset()) -> bool:
    """Does the published year hold exactly these pages, byte for byte (`ignore`: pages
    not compared)?"""
    if not target.is_dir():
        return False
    found = {str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()} - ignore
    if found != set(built):
        return False
    return all(
        (target / page).read_bytes() == source.read_bytes() for page, source in built.items()
    )


def _site_index(
    reports_dir: Path, build_dir: Path, self_contained: bool, data_dir: Path | None
) -> None:
    from .. import config

    years = sorted(
        (p.name for p in reports_dir.iterdir() if p.is_dir() and p.name.isdigit()), reverse=True
    )
    if not self_contained:
        script = navigation.site_script(reports_dir)
        files.write_text(reports_dir / pages.ASSETS / navigation.SITE_JS, script)
    data_dir = Path(data_dir) if data_dir is not None else config.DATA_DIR
    published = {
        year: sorted(p.name for p in (reports_dir / year).glob("*.html")) for year in years
    }
    fragments = indexes.site_index_fragments(data_dir, years, published)
    banner = next((b for y in years if (b := pages.banner_for(data_dir, int(y))) is not None), None)
    plotly = pages.INLINE if self_contained else f"{pages.ASSETS}/{pages.PLOTLY_JS}"
    site_js = "" if self_contained else f"{pages.ASSETS}/{navigation.SITE_JS}"
    key = digests.digest_json(
        {
            "fragments": fragments,
            "banner": banner,
            "plotly": plotly,
            "code": digests.code_digest(),
            "dependencies": digests.deps_digest(),
        }
    )
    cache = Cache(build_dir)
    page = cache.page(key)
    if not page.is_file():
        from .engine import render

        executed = indexes.write_fragments_notebook(fragments, cache.executed(key))
        render.to_html(
            executed,
            page,
            title="États des lieux des CRES",
            plotly_js=plotly,
            banner=banner,
            site_js=site_js,
            page_class="cres-index",
        )
    root = page.read_text(encoding="utf-8")
    for year in years:
        root = pdflink.linked(root, reports_dir, int(year), root=True)
    files.write_text(reports_dir / "index.html", root)

"""The network's dashboard, a page across the years: planned and made with the years' pages.

It reads every processed year's tables (`pages.dashboard_reads`), which key its cache
with the notebook, the package code and the locked dependencies: changing one year's
data rebuilds it, nothing changed reuses it. It is planned and made with the command's
other pages (`build.plan_all`, `build.make`), rendered into the cache, and published after
the years at reports/tableau-de-bord.html with its downloads (reports/telechargements/
tableau-de-bord/, swapped in as one folder before the page is replaced, so the page never
links to missing files).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from .. import digests, files, interrupts
from ..store import processed
from . import plan as planning
from .cache import Cache
from .context import BuildContext
from .plan import Planned
from .site import downloads, navigation, pages, provenance
from .site.layout import PageLayout
from .status import Outcome, Status

STATE = "dashboard.json"
PAGE = pages.DASHBOARD[1]
DOWNLOADS = f"{downloads.FOLDER}/{downloads.page_slug(PAGE)}/"
WORKBOOK = f"{downloads.page_slug(PAGE)}.xlsx"


def job(data_dir: Path) -> pages.Job:
    years = processed.processed_years(Path(data_dir))
    return pages.Job(
        pages.DASHBOARD[0],
        PAGE,
        pages.DASHBOARD[2],
        {"data_dir": str(Path(data_dir).resolve())},
        reads=pages.dashboard_reads(years),
    )


def _layout(data_dir: Path, years: list[int], self_contained: bool, code: str) -> PageLayout:
    banner = next((b for y in years if (b := pages.banner_for(data_dir, y)) is not None), None)
    span = f"{years[0]} à {years[-1]}" if years else ""
    sources = [
        (f"{y}/{d}", processed.table_digest(data_dir, y, d))
        for y in years
        for d in pages.declared(pages.DASHBOARD[0])["reads_every_year"]
        if processed.has_table(data_dir, y, d)
    ]
    return PageLayout(
        title=pages.DASHBOARD[2],
        banner=banner,
        nav_html=navigation.root_breadcrumb(pages.DASHBOARD[2]),
        pager_html=navigation.root_pager(),
        footer_html=f"<p>Tableau de bord du réseau des CRES, exercices {span}</p>",
        technical_html=provenance.technical_html(sources, code),
        plotly_js=pages.INLINE if self_contained else f"{pages.ASSETS}/{pages.PLOTLY_JS}",
        site_js="" if self_contained else f"{pages.ASSETS}/{navigation.SITE_JS}",
        page_class="cres-inventory",
        downloads={"folder": DOWNLOADS, "workbook": WORKBOOK},
    )


def plan(data_dir: Path, build_dir: Path, self_contained: bool, force: bool) -> Planned:
    """The dashboard planned like any page: its keys, its layout, and why it is made."""
    the_job = job(data_dir)
    years = processed.processed_years(Path(data_dir))
    components = planning.components(the_job, data_dir, 0)
    exec_key = digests.digest_json(components)
    layout = _layout(Path(data_dir), years, self_contained, components["code"])
    components["render"] = planning.layout_digest(layout)
    render_key = planning.render_key(exec_key, layout)
    state_file = Path(build_dir) / STATE
    previous = json.loads(state_file.read_text(encoding="utf-8")) if state_file.is_file() else None
    if not force and Cache(build_dir).page(render_key).is_file():
        outcome = Outcome(PAGE, Status.REUSED)
    else:
        outcome = Outcome(
            PAGE, Status.BUILT, reasons=planning.why(components, previous, force, the_job)
        )
    return Planned(the_job, components, exec_key, render_key, layout, outcome)


def publish_planned(context: BuildContext, planned: Planned) -> Outcome:
    """Publish the dashboard made by the command's make (`build.make`); raise BuildError,
    replacing nothing, if it failed."""
    from .build import BuildError

    build_dir, outcome = context.build_dir, planned.outcome
    if outcome.status == Status.FAILED:
        raise BuildError(outcome.error or PAGE, [outcome])
    cache = Cache(build_dir)
    executed = cache.executed(planned.exec_key)
    state = {**planned.components, "render_key": planned.render_key}
    state["modules"] = planning.modules(planned.job)
    with interrupts.deferred():  # its state and both steps of its publishing, or none
        files.write_json(build_dir / STATE, state)
        tables = _downloads(cache, planned.exec_key, executed)
        publish(context.reports_dir, cache.page(planned.render_key), tables)
    return outcome


def _downloads(cache: Cache, exec_key: str, executed: Path) -> dict[str, Path]:
    folder = cache.root / "downloads" / exec_key
    done = folder / ".complete"
    if not done.is_file():
        downloads.write(executed, folder, WORKBOOK)
        done.write_text("", encoding="utf-8")
    return {p.name: p for p in sorted(folder.iterdir()) if p.is_file() and p.name != done.name}


def publish(reports_dir: Path, page: Path, tables: dict[str, Path]) -> None:
    """The downloads folder swapped in at once, then the page replaced atomically."""
    target = reports_dir / DOWNLOADS.rstrip("/")
    same = target.is_dir() and {p.name for p in target.iterdir()} == set(tables)
    if not same or any(
        (target / name).read_bytes() != source.read_bytes() for name, source in tables.items()
    ):
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=files.STAGING_PREFIX, dir=reports_dir))
        try:
            staging.chmod(0o755)
            for name, source in tables.items():
                files.copy_file(source, staging / name)
            files.swap_in(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    files.copy_file(page, reports_dir / PAGE)

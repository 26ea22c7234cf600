"""A command's pages as one build, like make for notebooks: plan, make what changed, publish.

`plan_all` plans every page of the command at once (each checked year's, and the site's
dashboard; `plan.py` keys each page by content); `make` runs the pages to make on the
command's warm kernels, across years; each year is then assembled aside and swapped in
at once (`publish_year`), and the dashboard after them (`dashboard.publish_planned`). A
failing page stops its year: nothing of that year is published.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config, interrupts, timings
from ..store import processed
from ..validate.results import YearResults
from . import plan, publish
from .cache import Cache
from .context import BuildContext
from .plan import Planned
from .site import indexes, inputs, pages
from .status import Outcome, Status, line

if TYPE_CHECKING:  # kernels import jupyter_client and nbformat: not for a build with nothing to run
    from .engine.kernels import WarmKernel
    from .engine.pool import KernelPool


class BuildError(Exception):
    """Some pages failed; nothing of the year was published or replaced."""

    def __init__(self, message: str, outcomes: list[Outcome]):
        super().__init__(message)
        self.outcomes = outcomes


def _make(item: Planned, kernel, cache: Cache, context: BuildContext, year: int | None) -> None:
    """Execute (unless the executed notebook is cached) and render one page into the cache.

    With `force`, the notebook is executed whatever the cache holds.
    """
    from .engine import render
    from .engine.execute import NotebookError

    job, build_dir = item.job, context.build_dir
    executed = cache.executed(item.exec_key)
    if job.notebook == pages.YEAR_INDEX and year is not None:
        fragments = indexes.year_index_fragments(
            context.data_dir, year, job.parameters["validated"], job.parameters["pages"]
        )
        indexes.write_fragments_notebook(fragments, executed)
    elif executed.is_file() and not context.force:
        item.outcome.status = Status.RENDERED
    else:
        tmp = executed.with_name(f".tmp-{threading.get_ident()}-{executed.name}")
        try:
            kernel.execute(
                config.NOTEBOOKS_DIR / f"{job.notebook}.ipynb",
                tmp,
                job.parameters,
                reads=inputs.inputs(job, year or 0),
            )
        except NotebookError as exc:
            kept = _keep(tmp, build_dir, year, job.page)
            tmp.unlink(missing_ok=True)
            raise exc.kept_at(kept) from None
        os.replace(tmp, executed)
    with timings.phase("page.render"):
        render.to_html(executed, cache.page(item.render_key), item.render)
        _keep(executed, build_dir, year, job.page)


def _keep(executed: Path, build_dir: Path, year: int | None, page: str) -> Path | None:
    """Analysts debug the executed notebooks under build/<year>/ (a site page's under build/),
    named after the page."""
    if not executed.is_file():
        return None
    folder = Path(build_dir) / str(year) if year is not None else Path(build_dir)
    keep = folder / Path(page).with_suffix(".ipynb")
    keep.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(executed, keep)
    return keep


def make_pages(todo: list[Planned], context: BuildContext, pool: KernelPool) -> None:
    """Make the pages of `todo` (of any year, and the site's) on the pool's kernels.

    A failing page stops its year (the site's pages: the site): its pages not started are
    skipped; the other years go on.
    """
    if not todo:
        return
    from .engine.execute import NotebookError

    cache, progress = Cache(context.build_dir), context.progress
    stopped: set[int | None] = set()  # the years (None: the site) with a failed page
    printing = threading.Lock()  # one whole line at a time, from any worker

    def task(item: Planned) -> Callable[[WarmKernel], None]:
        def make(kernel: WarmKernel) -> None:
            year = item.year
            if year in stopped or interrupts.stopping():
                return
            started = time.perf_counter()
            try:
                _make(item, kernel, cache, context, year)
            except NotebookError as exc:
                item.outcome.status, item.outcome.error = Status.FAILED, str(exc)
                stopped.add(year)
            except Exception as exc:  # a kernel or file fault: the page failed, say which
                message = f"{where(item)} : {type(exc).__name__}: {exc}"
                item.outcome.status, item.outcome.error = Status.FAILED, message
                stopped.add(year)
            item.outcome.seconds = time.perf_counter() - started
            if interrupts.stopping():
                return  # the kernel was killed under it: the command says it once
            with printing:
                progress(line(year, item.outcome))

        return make

    pool.run([task(item) for item in todo])
    for item in todo:
        if (
            item.outcome.status == Status.BUILT
            and item.year in stopped
            and not cache.page(item.render_key).is_file()
        ):
            item.outcome.status = Status.SKIPPED


@dataclass
class CommandPlan:
    """Every page a command builds: each checked year's, and the site's (the dashboard)."""

    years: dict[int, list[Planned]]
    results: dict[int, YearResults]
    dashboard: Planned | None = None

    def items(self) -> list[Planned]:
        site = [self.dashboard] if self.dashboard is not None else []
        return [p for planned in self.years.values() for p in planned] + site


def plan_all(
    context: BuildContext, results: dict[int, YearResults], dashboard: bool = True
) -> CommandPlan:
    """Plan the pages of the checked years, and the dashboard when `dashboard` and a year is
    processed; say which are reused (and, with `explain`, why the others are made)."""
    from . import dashboard as site_dashboard

    data_dir, build_dir = context.data_dir, context.build_dir
    with timings.phase("plan"):
        years = {
            year: plan.plan_year(
                data_dir,
                year,
                build_dir,
                checked,
                checked.success,
                context.self_contained,
                context.force,
            )
            for year, checked in results.items()
        }
        board = (
            site_dashboard.plan(data_dir, build_dir, context.self_contained, context.force)
            if dashboard and processed.processed_years(data_dir)
            else None
        )
    command = CommandPlan(years, results, board)
    for item in command.items():
        if context.explain:
            why = ", ".join(item.outcome.reasons) or "rien n'a changé"
            verdict = "à construire" if item.outcome.reasons else Status.REUSED.label
            context.progress(f"  {where(item)} : {verdict} ({why})")
        if item.outcome.status == Status.REUSED:
            context.progress(line(item.year, item.outcome))
    return command


def where(item: Planned) -> str:
    return f"{item.year}/{item.job.page}" if item.year is not None else item.job.page


def make(context: BuildContext, command: CommandPlan, workers: int = 0) -> None:
    """Make every page of the plan to make, on the context's kernels (the command's, kept
    across its pages) or on a pool of `workers` made for it."""
    todo = [p for p in command.items() if p.outcome.status == Status.BUILT]
    if context.pool is not None:
        make_pages(todo, context, context.pool)
    elif todo:
        from .engine.pool import KernelPool

        own = KernelPool(workers or os.cpu_count() or 1, config.PROJECT_ROOT)
        try:
            make_pages(todo, context, own)
        finally:
            own.close()


def publish_year(context: BuildContext, command: CommandPlan, year: int) -> list[Outcome]:
    """Bring reports/<year>/ up to date with its made pages; raise BuildError, publishing
    nothing, if one failed. A year that failed validation only gets its quality page (and
    an index the first time)."""
    planned = command.years[year]
    outcomes = [p.outcome for p in planned]
    plan.remember(context.build_dir, year, planned)
    failed = [o for o in outcomes if o.status == Status.FAILED]
    if failed:
        raise BuildError("\n".join(o.error for o in failed if o.error), outcomes)
    validated = command.results[year].success
    with timings.phase("publish"), interrupts.deferred():  # never half-published
        publish.publish_year(
            planned,
            context.reports_dir,
            context.build_dir,
            year,
            validated,
            context.self_contained,
            context.data_dir,
        )
    return outcomes

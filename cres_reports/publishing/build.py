"""A year's report set as one build, like make for notebooks: plan, make what changed, publish.

`plan.py` keys each page by content; the pages to make run on worker threads,
each with its own warm kernel; the year is then assembled aside and swapped in
at once (`publish.publish_year`). A failing page stops the build and nothing of
the year is published.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config, interrupts, timings
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
        render.to_html(executed, cache.page(item.render_key), **item.render)
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


def make_pages(
    todo: list[Planned], context: BuildContext, year: int | None, pool: KernelPool
) -> None:
    """Make the pages of `todo` (of `year`, or of the site when None) on the pool's kernels.

    The first failing page stops the build: pages not started are cancelled.
    """
    if not todo:
        return
    from .engine.execute import NotebookError

    cache, progress = Cache(context.build_dir), context.progress
    stop = threading.Event()
    printing = threading.Lock()  # one whole line at a time, from any worker

    def task(item: Planned) -> Callable[[WarmKernel], None]:
        def make(kernel: WarmKernel) -> None:
            if stop.is_set() or interrupts.stopping():
                return
            started = time.perf_counter()
            try:
                _make(item, kernel, cache, context, year)
            except NotebookError as exc:
                item.outcome.status, item.outcome.error = Status.FAILED, str(exc)
                stop.set()
            except Exception as exc:  # a kernel or file fault: the page failed, say which
                where = f"{year}/{item.job.page}" if year is not None else item.job.page
                message = f"{where} : {type(exc).__name__}: {exc}"
                item.outcome.status, item.outcome.error = Status.FAILED, message
                stop.set()
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
            and stop.is_set()
            and not cache.page(item.render_key).is_file()
        ):
            item.outcome.status = Status.SKIPPED


def build_year(
    context: BuildContext, year: int, results: YearResults, workers: int = 0
) -> list[Outcome]:
    """Bring reports/<year>/ up to date; raise BuildError, publishing nothing, if a page fails.

    A year that failed validation only gets its quality page (and an index the first time).
    Pages run on the context's warm kernels (the caller's, kept across years), or on a pool
    of `workers` made for this year.
    """
    data_dir, reports_dir, build_dir = context.data_dir, context.reports_dir, context.build_dir
    progress, validated = context.progress, results.success
    with timings.phase("plan"):
        planned = plan.plan_year(
            data_dir, year, build_dir, results, validated, context.self_contained, context.force
        )
    todo = [p for p in planned if p.outcome.status == Status.BUILT]
    if context.explain:
        for item in planned:
            why = ", ".join(item.outcome.reasons) or "rien n'a changé"
            verdict = "à construire" if item.outcome.reasons else Status.REUSED.label
            progress(f"  {year}/{item.job.page} : {verdict} ({why})")
    for item in planned:
        if item.outcome.status == Status.REUSED:
            progress(line(year, item.outcome))
    if context.pool is not None:
        make_pages(todo, context, year, context.pool)
    elif todo:
        from .engine.pool import KernelPool

        own = KernelPool(workers or os.cpu_count() or 1, config.PROJECT_ROOT)
        try:
            make_pages(todo, context, year, own)
        finally:
            own.close()
    outcomes = [p.outcome for p in planned]
    plan.remember(build_dir, year, planned)
    failed = [o for o in outcomes if o.status == Status.FAILED]
    if failed:
        raise BuildError("\n".join(o.error for o in failed if o.error), outcomes)
    with timings.phase("publish"), interrupts.deferred():  # never half-published
        publish.publish_year(
            planned, reports_dir, build_dir, year, validated, context.self_contained, data_dir
        )
    return outcomes

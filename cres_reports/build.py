"""A year's report set as one build, like make for notebooks.

Each page has a content key: its notebook, parameters, the input rows it reads,
the package code and the locked dependencies (execution key), plus what only
the HTML depends on: title, banner, footer, plotly mode (render key). Executed
notebooks and pages are kept in `build/cache/` under those keys; a page whose
key is in the cache is reused, not rebuilt. The year is assembled aside and
swapped in at once (`atomic.swap_in`).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import atomic, config, fingerprint, provenance, publish
from .publish import Job

BUILT, RENDERED, REUSED, FAILED, SKIPPED = (
    "construit",
    "remis en page",
    "réutilisé",
    "échec",
    "annulé",
)
COMPONENT_LABELS = {
    "notebook": "notebook modifié",
    "parameters": "paramètres modifiés",
    "inputs": "données lues modifiées",
    "code": "code du paquet modifié",
    "dependencies": "dépendances verrouillées modifiées",
    "render": "mise en page modifiée (titre, bandeau, pied de page, plotly.js)",
}


class BuildError(Exception):
    """Some pages failed; nothing of the year was published or replaced."""

    def __init__(self, message: str, outcomes: list):
        super().__init__(message)
        self.outcomes = outcomes


@dataclass
class Outcome:
    page: str
    status: str
    seconds: float = 0.0
    reasons: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class Planned:
    job: Job
    components: dict
    exec_key: str
    render_key: str
    render: dict  # title, banner, footer, plotly: what only the HTML depends on
    outcome: Outcome


def _components(job: Job, data_dir: Path, year: int) -> dict:
    notebook = config.NOTEBOOKS_DIR / f"{job.notebook}.ipynb"
    parameters = {k: v for k, v in job.parameters.items() if k != "data_dir"}
    return {
        "notebook": fingerprint.digest_file(notebook) if notebook.is_file() else job.notebook,
        "parameters": fingerprint.digest_json(parameters),
        "inputs": fingerprint.digest_json(publish.input_digests(job, data_dir, year)),
        "code": fingerprint.code_digest(),
        "dependencies": fingerprint.deps_digest(),
    }


def _why(components: dict, previous: dict | None, force: bool) -> list[str]:
    if force:
        return ["--force"]
    if previous is None:
        return ["nouvelle page"]
    changed = [k for k, v in components.items() if previous.get(k) != v]
    if len(changed) > 1 and "render" in changed:
        changed.remove("render")  # the footer follows the inputs: say why, not the echo
    return [COMPONENT_LABELS[k] for k in changed] or ["absente du cache"]


class Cache:
    def __init__(self, build_dir: Path):
        self.root = Path(build_dir) / "cache"
        self.root.mkdir(parents=True, exist_ok=True)

    def executed(self, key: str) -> Path:
        return self.root / f"{key}.ipynb"

    def page(self, key: str) -> Path:
        return self.root / f"{key}.html"


def plan_year(
    data_dir, year, build_dir, results, validated, self_contained, force
) -> list[Planned]:
    state = load_state(build_dir, year)
    cache = Cache(build_dir)
    banner = publish.banner_for(data_dir, year)
    jobs = publish.jobs_for_year(data_dir, year, validated)
    index = Job(
        publish.YEAR_INDEX,
        publish.YEAR_INDEX,
        f"États des lieux des CRES {year}",
        {"year": year, "validated": validated, "pages": [(j.page, j.title) for j in jobs]},
    )
    planned = []
    for job in [*jobs, index]:
        components = _components(job, data_dir, year)
        exec_key = fingerprint.digest_json(components)
        footer = provenance.footer_html(year, publish.footer_sources(job, data_dir, year, results))
        render = {
            "title": job.title,
            "banner": banner,
            "footer": footer,
            "plotly": publish.plotly_src(job.page, self_contained),
        }
        components["render"] = fingerprint.digest_json(render)
        render_key = fingerprint.digest_json({"exec": exec_key, **render})
        previous = state.get(job.page)
        if not force and cache.page(render_key).is_file():
            outcome = Outcome(job.page, REUSED)
        else:
            outcome = Outcome(job.page, BUILT, reasons=_why(components, previous, force))
        planned.append(Planned(job, components, exec_key, render_key, render, outcome))
    return planned


def load_state(build_dir: Path, year: int) -> dict:
    path = Path(build_dir) / "state" / f"{year}.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def save_state(build_dir: Path, year: int, planned: list[Planned]) -> None:
    path = Path(build_dir) / "state" / f"{year}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {
        p.job.page: {**p.components, "render_key": p.render_key}
        for p in planned
        if p.outcome.status != FAILED
    }
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


# --------------------------------------------------------------------------- making pages


def _make(item: Planned, kernel, cache: Cache, data_dir, year, build_dir) -> None:
    """Execute (unless the executed notebook is cached) and render one page into the cache."""
    from . import rendering

    job = item.job
    executed = cache.executed(item.exec_key)
    if job.notebook == publish.YEAR_INDEX:
        fragments = publish.year_index_fragments(
            data_dir, year, job.parameters["validated"], job.parameters["pages"]
        )
        publish.write_fragments_notebook(fragments, executed)
    elif executed.is_file():
        item.outcome.status = RENDERED
    else:
        tmp = executed.with_name(f".tmp-{threading.get_ident()}-{executed.name}")
        try:
            kernel.execute(config.NOTEBOOKS_DIR / f"{job.notebook}.ipynb", tmp, job.parameters)
        except rendering.NotebookError as exc:
            kept = _keep(tmp, build_dir, year, job.page)
            tmp.unlink(missing_ok=True)
            raise rendering.NotebookError(
                exc.notebook,
                exc.cell_index,
                exc.error_name,
                exc.error_value,
                executed=kept,
                source=exc.source,
            ) from None
        os.replace(tmp, executed)
    rendering.to_html(
        executed,
        cache.page(item.render_key),
        title=item.render["title"],
        plotly_js=item.render["plotly"],
        banner=item.render["banner"],
        footer_html=item.render["footer"],
    )
    _keep(executed, build_dir, year, job.page)


def _keep(executed: Path, build_dir: Path, year: int, page: str) -> Path | None:
    """Analysts debug the executed notebooks under build/<year>/, named after the page."""
    if not executed.is_file():
        return None
    keep = Path(build_dir) / str(year) / Path(page).with_suffix(".ipynb")
    keep.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(executed, keep)
    return keep


def make_pages(todo: list[Planned], data_dir, year, build_dir, workers: int, progress) -> None:
    """Run the pages to make on `workers` threads, each with its own warm kernel.

    The first failing page stops the build: pages not started are cancelled.
    """
    if not todo:
        return
    from . import rendering
    from .kernels import WarmKernel

    cache = Cache(build_dir)
    pending: queue.Queue[Planned] = queue.Queue()
    for item in todo:
        pending.put(item)
    stop = threading.Event()

    def worker():
        kernel = WarmKernel(config.PROJECT_ROOT)
        try:
            while not stop.is_set():
                try:
                    item = pending.get_nowait()
                except queue.Empty:
                    return
                started = time.perf_counter()
                try:
                    _make(item, kernel, cache, data_dir, year, build_dir)
                except rendering.NotebookError as exc:
                    item.outcome.status, item.outcome.error = FAILED, str(exc)
                    stop.set()
                except Exception as exc:  # a kernel or file fault: the page failed, say which
                    message = f"{year}/{item.job.page} : {type(exc).__name__}: {exc}"
                    item.outcome.status, item.outcome.error = FAILED, message
                    stop.set()
                item.outcome.seconds = time.perf_counter() - started
                progress(_line(year, item.outcome))
        finally:
            kernel.shutdown()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for item in todo:
        if (
            item.outcome.status == BUILT
            and stop.is_set()
            and not cache.page(item.render_key).is_file()
        ):
            item.outcome.status = SKIPPED


def _line(year: int, outcome: Outcome) -> str:
    return f"  {year}/{outcome.page:<28} {outcome.status:<14} {outcome.seconds:6.1f} s"


# --------------------------------------------------------------------------- publishing


def build_year(
    data_dir: Path,
    year: int,
    reports_dir: Path,
    build_dir: Path,
    results: dict,
    *,
    workers: int = 0,
    force: bool = False,
    self_contained: bool = False,
    explain: bool = False,
    progress=print,
) -> list[Outcome]:
    """Bring reports/<year>/ up to date; raise BuildError, publishing nothing, if a page fails.

    A year that failed validation only gets its quality page (and an index the first time).
    """
    reports_dir, build_dir = Path(reports_dir), Path(build_dir)
    validated = bool(results["success"])
    planned = plan_year(data_dir, year, build_dir, results, validated, self_contained, force)
    todo = [p for p in planned if p.outcome.status == BUILT]
    if explain:
        for item in planned:
            why = ", ".join(item.outcome.reasons) or "rien n'a changé"
            verdict = "à construire" if item.outcome.reasons else REUSED
            progress(f"  {year}/{item.job.page} : {verdict} ({why})")
    for item in planned:
        if item.outcome.status == REUSED:
            progress(_line(year, item.outcome))
    make_pages(todo, data_dir, year, build_dir, workers or os.cpu_count() or 1, progress)
    outcomes = [p.outcome for p in planned]
    save_state(build_dir, year, planned)
    failed = [o for o in outcomes if o.status == FAILED]
    if failed:
        raise BuildError("\n".join(o.error for o in failed if o.error), outcomes)
    _publish(planned, reports_dir, build_dir, year, validated, self_contained)
    return outcomes


def _publish(
    planned, reports_dir: Path, build_dir: Path, year: int, validated: bool, self_contained: bool
) -> None:
    cache = Cache(build_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    atomic.recover(reports_dir)
    if not self_contained:
        from .assets import copy_plotly_js

        copy_plotly_js(reports_dir / publish.ASSETS)
    target = reports_dir / str(year)
    pages = {p.job.page: cache.page(p.render_key) for p in planned}
    if validated:
        if not _published(target, pages):
            staging = Path(tempfile.mkdtemp(prefix=f".staging-{year}-", dir=reports_dir))
            try:
                staging.chmod(0o755)  # mkdtemp makes it private; the year must stay readable
                for page, source in pages.items():
                    (staging / page).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, staging / page)
                atomic.swap_in(staging, target)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    else:
        target.mkdir(parents=True, exist_ok=True)
        for page in (publish.QUALITY[1], publish.YEAR_INDEX):
            if page == publish.YEAR_INDEX and (target / page).exists():
                continue  # the published inventories' index stays as it was
            _replace_file(pages[page], target / page)
    _site_index(reports_dir, build_dir, self_contained)


def _published(target: Path, pages: dict[str, Path]) -> bool:
    """Does the published year hold exactly these pages, byte for byte?"""
    if not target.is_dir():
        return False
    found = {str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()}
    if found != set(pages):
        return False
    return all(
        (target / page).read_bytes() == source.read_bytes() for page, source in pages.items()
    )


def _replace_file(source: Path, target: Path) -> None:
    if target.is_file() and target.read_bytes() == source.read_bytes():
        return
    tmp = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)


def _site_index(reports_dir: Path, build_dir: Path, self_contained: bool) -> None:
    years = sorted(
        (p.name for p in reports_dir.iterdir() if p.is_dir() and p.name.isdigit()), reverse=True
    )
    plotly = publish.INLINE if self_contained else f"{publish.ASSETS}/{publish.PLOTLY_JS}"
    key = fingerprint.digest_json(
        {
            "years": years,
            "plotly": plotly,
            "code": fingerprint.code_digest(),
            "dependencies": fingerprint.deps_digest(),
        }
    )
    cache = Cache(build_dir)
    page = cache.page(key)
    if not page.is_file():
        from . import rendering

        executed = publish.write_fragments_notebook(
            publish.site_index_fragments(years), cache.executed(key)
        )
        rendering.to_html(executed, page, title="États des lieux des CRES", plotly_js=plotly)
    _replace_file(page, reports_dir / "index.html")


def summary(outcomes_by_year: dict[int, list[Outcome]], seconds: float) -> list[str]:
    """The closing table: per year, how many pages were built, reused, failed."""
    statuses = (BUILT, RENDERED, REUSED, FAILED, SKIPPED)
    head = f"{'année':<6}" + "".join(f"{s:>15}" for s in statuses) + f"{'temps':>10}"
    lines = [head]
    for year, outcomes in sorted(outcomes_by_year.items()):
        counts = [sum(o.status == s for o in outcomes) for s in statuses]
        spent = sum(o.seconds for o in outcomes)
        lines.append(f"{year:<6}" + "".join(f"{c:>15}" for c in counts) + f"{spent:>9.1f}s")
    lines.append(f"durée totale : {seconds:.1f} s")
    return lines

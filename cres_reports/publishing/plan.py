"""Which pages of a year to (re)build, and why: content keys compared with the cache.

Each page has a content key: its notebook, parameters, the input rows it reads,
the package code its notebook runs (`codekeys.py`: the modules it imports, transitively)
and the locked dependencies (execution key), plus what only the HTML depends on
(`layout.page_layout`: title, banner, navigation, footer, plotly mode; the publishing
code and templates; the render key). A page whose render key is in the cache is reused,
not rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import config, digests
from ..validate.results import YearResults
from . import codekeys
from .cache import Cache, load_state, save_state
from .site import inputs, layout, pages
from .site.pages import Job
from .status import Outcome, Status

COMPONENT_LABELS = {
    "notebook": "notebook modifié",
    "parameters": "paramètres modifiés",
    "inputs": "données lues modifiées",
    "code": "code du paquet modifié",
    "dependencies": "dépendances verrouillées modifiées",
    "render": "mise en page modifiée (titre, bandeau, navigation, pied de page, plotly.js)",
}


@dataclass
class Planned:
    job: Job
    components: dict
    exec_key: str
    render_key: str
    render: layout.PageLayout  # what only the HTML depends on
    outcome: Outcome
    year: int | None = None  # the year's page, or a page of the site (the dashboard)


def modules(job: Job) -> dict[str, str]:
    """The package files the page's execution depends on, with their digests."""
    notebook = config.NOTEBOOKS_DIR / f"{job.notebook}.ipynb"
    if notebook.is_file():
        found = codekeys.page_modules(notebook)
        if "analysis/plausibility.py" in found:  # its checks are data
            found["expectations/plausibilite.csv"] = digests.digest_file(config.PLAUSIBILITY_RULES)
        return found
    # a page made without a notebook (the year index), and the rules of its points for attention
    return {
        "*": digests.code_digest(),
        "points": digests.digest_file(config.ATTENTION_RULES),
        "plausibilite": digests.digest_file(config.PLAUSIBILITY_RULES),
    }


def components(job: Job, data_dir: Path, year: int, results: YearResults | None = None) -> dict:
    """What the page's execution key is made of (`modules` keys its code); `results`: the
    year's check, when at hand (else its kept results are read)."""
    notebook = config.NOTEBOOKS_DIR / f"{job.notebook}.ipynb"
    parameters = {k: v for k, v in job.parameters.items() if k != "data_dir"}
    return {
        "notebook": digests.digest_file(notebook) if notebook.is_file() else job.notebook,
        "parameters": digests.digest_json(parameters),
        "inputs": digests.digest_json(inputs.input_digests(job, data_dir, year, results)),
        "code": digests.digest_json(modules(job)),
        "dependencies": digests.deps_digest(),
    }


def render_key(exec_key: str, render: layout.PageLayout) -> str:
    """The page's HTML: its execution, its layout, and the code and templates around it."""
    return digests.digest_json(
        {"exec": exec_key, "publishing": codekeys.rendering_digest(), **render.fields()}
    )


def layout_digest(render: layout.PageLayout) -> str:
    """The layout's part of the page's components (`--explain`: « mise en page modifiée »)."""
    return digests.digest_json({"publishing": codekeys.rendering_digest(), **render.fields()})


def why(components: dict, previous: dict | None, force: bool, job: Job | None = None) -> list:
    """Why a page is made again, in the analyst's words (`--explain`)."""
    if force:
        return ["--force"]
    if previous is None:
        return ["nouvelle page"]
    changed = [k for k, v in components.items() if previous.get(k) != v]
    if len(changed) > 1 and "render" in changed:
        changed.remove("render")  # the footer follows the inputs: say why, not the echo
    reasons = [COMPONENT_LABELS[k] for k in changed] or ["absente du cache"]
    if "code" in changed and job is not None and "modules" in previous:
        names = codekeys.changed_modules(modules(job), previous["modules"])
        reasons[changed.index("code")] += f" ({', '.join(names)})"
    return reasons


def plan_year(
    data_dir: Path,
    year: int,
    build_dir: Path,
    results: YearResults,
    validated: bool,
    self_contained: bool,
    force: bool,
) -> list[Planned]:
    state = load_state(build_dir, year)
    cache = Cache(build_dir)
    jobs = pages.jobs_for_year(data_dir, year, validated)
    index = Job(
        pages.YEAR_INDEX,
        pages.YEAR_INDEX,
        f"États des lieux des CRES {year}",
        {"year": year, "validated": validated, "pages": [(j.page, j.title) for j in jobs]},
    )
    planned = []
    for job in [*jobs, index]:
        parts = components(job, data_dir, year, results)
        exec_key = digests.digest_json(parts)
        render = layout.page_layout(job, data_dir, year, results, self_contained, parts["code"])
        parts["render"] = layout_digest(render)
        key = render_key(exec_key, render)
        previous = state.get(job.page)
        if not force and cache.page(key).is_file():
            outcome = Outcome(job.page, Status.REUSED)
        else:
            outcome = Outcome(job.page, Status.BUILT, reasons=why(parts, previous, force, job))
        planned.append(Planned(job, parts, exec_key, key, render, outcome, year))
    return planned


def remember(build_dir: Path, year: int, planned: list[Planned]) -> None:
    """Keep each page's components (but failed ones'), to explain the next build."""
    state = {
        p.job.page: {**p.components, "render_key": p.render_key, "modules": modules(p.job)}
        for p in planned
        if p.outcome.status != Status.FAILED
    }
    save_state(build_dir, year, state)

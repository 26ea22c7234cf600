"""Execute the report notebooks of a year and publish their HTML, all at once or not at all.

Layout (stable names, the board bookmarks them):
reports/index.html · reports/<year>/index.html · reports/<year>/financement.html ·
ressources-humaines.html · gouvernance.html · qualite.html · reports/<year>/fiches/<code>.html ·
reports/assets/plotly.min.js. Executed notebooks are kept in build/<year>/ for analysts.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from . import config, display, provenance, rendering
from .formatting import euros, number, percent

ASSETS = "assets"
PLOTLY_JS = "plotly.min.js"
DEMO_BANNER = (
    "Données de démonstration : les chiffres de ce rapport sont générés et ne décrivent "
    "pas les chambres réelles."
)
INVENTORIES = (
    ("financement", "financement.html", "Le financement des CRES"),
    ("ressources_humaines", "ressources-humaines.html", "Les ressources humaines des CRES"),
    ("gouvernance", "gouvernance.html", "La représentation dans les instances des CRES"),
)
QUALITY = ("qualite", "qualite.html", "Qualité des données")
PROFILE_NOTEBOOK = "fiche_cres"


class PublishError(Exception):
    """A report could not be built; nothing of the year was published or replaced."""


@dataclass(frozen=True)
class Job:
    notebook: str
    page: str  # path of the HTML page inside reports/<year>/
    title: str
    parameters: dict = field(default_factory=dict)


def jobs_for_year(data_dir: Path, year: int, validated: bool) -> list[Job]:
    base = {"year": year, "data_dir": str(Path(data_dir).resolve())}
    jobs = [Job(QUALITY[0], QUALITY[1], f"{QUALITY[2]} {year}", base)]
    if not validated:
        return jobs
    jobs += [Job(nb, page, f"{title} — {year}", base) for nb, page, title in INVENTORIES]
    for code, name in _chambers(data_dir, year):
        jobs.append(
            Job(
                PROFILE_NOTEBOOK,
                f"fiches/{code}.html",
                f"{name} — fiche {year}",
                {**base, "code_region": code},
            )
        )
    return jobs


def _chambers(data_dir: Path, year: int) -> list[tuple[str, str]]:
    from .processed import load_table

    cres = load_table(data_dir, year, "cres").sort_values("code_region")
    return list(zip(cres["code_region"], cres["nom_cres"], strict=True))


def banner_for(data_dir: Path, year: int) -> str | None:
    manifest = config.raw_dir(data_dir, year) / config.MANIFEST_NAME
    if manifest.is_file():
        if json.loads(manifest.read_text(encoding="utf-8")).get("demonstration"):
            return DEMO_BANNER
    return None


def _plotly_src(page: str, self_contained: bool) -> str:
    if self_contained:
        return rendering.INLINE
    depth = page.count("/") + 1  # reports/<year>/[fiches/]page.html
    return "../" * depth + f"{ASSETS}/{PLOTLY_JS}"


def run_job(job: Job, year: int, out_dir: Path, build_dir: Path, banner, footer, self_contained):
    executed = Path(build_dir) / str(year) / Path(job.page).with_suffix(".ipynb")
    executed.parent.mkdir(parents=True, exist_ok=True)
    notebook = config.NOTEBOOKS_DIR / f"{job.notebook}.ipynb"
    rendering.execute(notebook, executed, job.parameters, cwd=config.PROJECT_ROOT)
    page = out_dir / job.page
    page.parent.mkdir(parents=True, exist_ok=True)
    rendering.to_html(
        executed,
        page,
        title=job.title,
        plotly_js=_plotly_src(job.page, self_contained),
        banner=banner,
        footer_html=footer,
    )
    return job.page


def publish_year(
    data_dir: Path,
    year: int,
    reports_dir: Path,
    build_dir: Path,
    *,
    validated: bool,
    results: dict,
    jobs: int = 0,
    self_contained: bool = False,
    progress=print,
) -> list[str]:
    """Build the year's pages aside, then swap them in; return the pages published.

    When the year failed validation only its quality page is (re)published.
    """
    reports_dir = Path(reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    if not self_contained:
        rendering.copy_plotly_js(reports_dir / ASSETS)
    files = {e["dataset"]: e for e in results["datasets"]}
    footer = provenance.footer_html(year, files)
    banner = banner_for(data_dir, year)
    work = jobs_for_year(data_dir, year, validated)
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{year}-", dir=reports_dir))
    staging.chmod(0o755)  # mkdtemp makes it private; the published folder must be readable
    try:
        workers = jobs or os.cpu_count() or 1
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [
                pool.submit(run_job, job, year, staging, build_dir, banner, footer, self_contained)
                for job in work
            ]
            errors = []
            for future in futures:
                if future.cancelled():
                    continue
                try:
                    progress(f"  {year}/{future.result()}")
                except rendering.NotebookError as exc:
                    errors.append(str(exc))
                    for pending in futures:
                        pending.cancel()  # a failing cell stops the build
        if errors:
            raise PublishError("\n".join(errors))
        _write_year_index(
            data_dir,
            year,
            staging,
            build_dir,
            validated,
            banner,
            footer,
            self_contained,
            [j for j in work if j.notebook == PROFILE_NOTEBOOK],
        )
        target = reports_dir / str(year)
        if validated:
            _swap_in(staging, target)
        else:
            _replace_quality_page(staging, target)
        write_site_index(reports_dir, build_dir, self_contained)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [j.page for j in work]


def _swap_in(staging: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(f".old-{target.name}-{os.getpid()}")
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old)


def _replace_quality_page(staging: Path, target: Path) -> None:
    """A failed year: only its quality page (and, the first time, its index) change."""
    target.mkdir(parents=True, exist_ok=True)
    os.replace(staging / QUALITY[1], target / QUALITY[1])
    if not (target / "index.html").exists():
        os.replace(staging / "index.html", target / "index.html")


# --------------------------------------------------------------------------- index pages


def _page_from_html(fragments: list[str], path: Path) -> Path:
    """A notebook holding ready HTML outputs, so index pages share the reports' template."""
    cells = []
    for fragment in fragments:
        cell = new_code_cell("")
        cell.outputs = [new_output("display_data", data={"text/html": fragment})]
        cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=cells), path)
    return path


def headlines(data_dir: Path, year: int) -> list[tuple[str, str]]:
    from . import funding, governance, staff
    from .yeardata import load_year

    data = load_year(data_dir, year)
    money = funding.headline(data.finances)
    team = staff.headline(data.rh)
    seats = governance.headline(data.gouvernance)
    return [
        ("Chambres du réseau", number(len(data.cres))),
        ("Adhérentes du CNCRES", number(int(data.cres["adherent"].sum()))),
        ("Comptes transmis", number(money["chambres"])),
        ("Ressources totales", euros(money["ressources"])),
        (
            "Conseils régionaux",
            f"{euros(money['conseil_regional'])} ({percent(money['part_conseil_regional'])})",
        ),
        ("Caisse des Dépôts", f"{euros(money['cdc'])} ({percent(money['part_cdc'])})"),
        ("Postes / ETP", f"{number(team['postes'])} / {number(team['etp'], 1)}"),
        ("Sièges au conseil d'administration", number(seats["ca"])),
    ]


def _write_year_index(
    data_dir, year, out_dir, build_dir, validated, banner, footer, self_contained, profiles
):
    import pandas as pd

    fragments = [f"<h1>États des lieux des CRES — exercice {year}</h1>"]
    if validated:
        figures = pd.DataFrame(headlines(data_dir, year), columns=["Indicateur", "Valeur"])
        fragments.append(display.table_html(figures, {"Valeur": str}, caption="Chiffres clés"))
        links = [(page, title.split(" — ")[0]) for _, page, title in INVENTORIES]
    else:
        fragments.append(
            display.prose(
                "**Les états des lieux {year} ne sont pas publiés** : des fichiers ne "
                "respectent pas le contrat de données. Voir le rapport de qualité.",
                year=year,
            )
        )
        links = []
    links.append((QUALITY[1], QUALITY[2]))
    fragments.append("<h2>Rapports</h2>" + _links(links))
    if profiles:
        fragments.append(
            "<h2>Fiches des chambres</h2>"
            + _links([(j.page, j.title.split(" — ")[0]) for j in profiles])
        )
    fragments.append('<p><a href="../index.html">Toutes les années</a></p>')
    executed = _page_from_html(fragments, Path(build_dir) / str(year) / "index.ipynb")
    rendering.to_html(
        executed,
        out_dir / "index.html",
        title=f"États des lieux des CRES {year}",
        plotly_js=_plotly_src("index.html", self_contained),
        banner=banner,
        footer_html=footer,
    )


def _links(pairs) -> str:
    import html

    items = "".join(
        f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>' for href, label in pairs
    )
    return f"<ul>{items}</ul>"


def write_site_index(reports_dir: Path, build_dir: Path, self_contained: bool = False) -> None:
    years = sorted(
        (p.name for p in Path(reports_dir).iterdir() if p.is_dir() and p.name.isdigit()),
        reverse=True,
    )
    pairs = [(f"{y}/index.html", f"Exercice {y}") for y in years]
    fragments = [
        "<h1>États des lieux des CRES</h1>",
        display.prose(
            "Inventaires annuels du réseau des chambres régionales de l'économie "
            "sociale et solidaire, établis par le CNCRES pour son conseil "
            "d'administration."
        ),
        _links(pairs),
    ]
    executed = _page_from_html(fragments, Path(build_dir) / "index.ipynb")
    page = Path(reports_dir) / "index.html"
    tmp = page.with_name(".index.html.tmp")
    rendering.to_html(
        executed,
        tmp,
        title="États des lieux des CRES",
        plotly_js=rendering.INLINE if self_contained else f"{ASSETS}/{PLOTLY_JS}",
    )
    os.replace(tmp, page)

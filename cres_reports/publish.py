"""The published report set: which pages a year has, what each reads, how a page is rendered.

Layout (stable names, the board bookmarks them):
reports/index.html · reports/<year>/index.html · reports/<year>/financement.html ·
ressources-humaines.html · gouvernance.html · qualite.html · reports/<year>/fiches/<code>.html ·
reports/assets/plotly.min.js. `build.py` decides what to (re)build and publishes it.
"""

from __future__ import annotations

import csv
import html
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import config, fingerprint

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
YEAR_INDEX = "index.html"
QUALITY_INPUT = "validation"

# What each notebook reads: (dataset, year offset). Profiles read only their chamber's rows.
# Keep in step with the notebooks: a report is rebuilt when one of these changes.
NOTEBOOK_INPUTS = {
    "financement": (("cres", 0), ("finances", 0), ("finances", -1)),
    "ressources_humaines": (("cres", 0), ("rh", 0), ("finances", 0), ("rh", -1)),
    "gouvernance": (("cres", 0), ("gouvernance", 0)),
    "fiche_cres": tuple((d, offset) for offset in (0, -1) for d in config.DATASETS),
    "qualite": ((QUALITY_INPUT, 0),),
    YEAR_INDEX: tuple((d, 0) for d in config.DATASETS),
}


@dataclass(frozen=True)
class Job:
    notebook: str  # notebook name, or YEAR_INDEX for the year's index page
    page: str  # path of the HTML page inside reports/<year>/
    title: str
    parameters: dict = field(default_factory=dict)

    @property
    def chamber(self) -> str | None:
        return self.parameters.get("code_region")


def jobs_for_year(data_dir: Path, year: int, validated: bool) -> list[Job]:
    """The year's pages: the quality report always; the inventories when the year passed."""
    base = {"year": year, "data_dir": str(Path(data_dir).resolve())}
    jobs = [Job(QUALITY[0], QUALITY[1], f"{QUALITY[2]} {year}", base)]
    if validated:
        jobs += [Job(nb, page, f"{title} — {year}", base) for nb, page, title in INVENTORIES]
        jobs += [
            Job(
                PROFILE_NOTEBOOK,
                f"fiches/{code}.html",
                f"{name} — fiche {year}",
                {**base, "code_region": code},
            )
            for code, name in chambers(data_dir, year)
        ]
    return jobs


def chambers(data_dir: Path, year: int) -> list[tuple[str, str]]:
    """(code, name) of the year's chambers, from the processed cres table (no pandas)."""
    path = config.processed_dir(data_dir, year) / "cres.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = sorted((r["code_region"], r["nom_cres"]) for r in csv.DictReader(fh))
    return rows


def inputs(job: Job, year: int) -> list[tuple[str, int, str | None]]:
    """(dataset, year, chamber or None) read by the job."""
    return [(d, year + offset, job.chamber) for d, offset in NOTEBOOK_INPUTS[job.notebook]]


def input_digests(job: Job, data_dir: Path, year: int) -> dict[str, str]:
    from .processed import validation_path

    digests = {}
    for dataset, input_year, code in inputs(job, year):
        if dataset == QUALITY_INPUT:
            digests[f"{input_year}/validation"] = quality_digest(validation_path(data_dir, year))
        else:
            label = f"{input_year}/{dataset}" + (f"[{code}]" if code else "")
            digests[label] = fingerprint.table_digest(data_dir, input_year, dataset, code)
    return digests


def quality_digest(path: Path) -> str:
    """The validation results as the quality report shows them (not where they were read)."""
    if not path.is_file():
        return fingerprint.ABSENT
    results = json.loads(path.read_text(encoding="utf-8"))
    results.pop("raw_dir", None)
    results.pop("fingerprint", None)
    return fingerprint.digest_json(results)


def footer_sources(job: Job, data_dir: Path, year: int, results: dict) -> list[tuple[str, str]]:
    """(label, SHA-256) of the input files behind a page, for its provenance footer."""
    files = {e["dataset"]: e for e in results["datasets"]}
    if job.notebook == QUALITY[0]:
        return [(f"{year}/{e['file']}", e["sha256"] or "illisible") for e in files.values()]
    sources = []
    for dataset, input_year, code in inputs(job, year):
        if input_year == year:
            entry = files[dataset]
        else:
            entry = _previous_sources(data_dir, input_year).get(dataset)
            if entry is None:
                continue
        if code:
            digest = fingerprint.table_digest(data_dir, input_year, dataset, code)
            sources.append((f"{input_year}/{entry['file']}, lignes {code}", digest))
        else:
            sources.append((f"{input_year}/{entry['file']}", entry["sha256"] or "illisible"))
    return sources


def _previous_sources(data_dir: Path, year: int) -> dict:
    path = config.processed_dir(data_dir, year) / "sources.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["files"]


def banner_for(data_dir: Path, year: int) -> str | None:
    manifest = config.raw_dir(data_dir, year) / config.MANIFEST_NAME
    if manifest.is_file():
        if json.loads(manifest.read_text(encoding="utf-8")).get("demonstration"):
            return DEMO_BANNER
    return None


INLINE = "inline"  # rendering.INLINE, without importing nbconvert to plan a build


def plotly_src(page: str, self_contained: bool) -> str:
    if self_contained:
        return INLINE
    depth = page.count("/") + 1  # reports/<year>/[fiches/]page.html
    return "../" * depth + f"{ASSETS}/{PLOTLY_JS}"


# --------------------------------------------------------------------------- index pages


def write_fragments_notebook(fragments: list[str], path: Path) -> Path:
    """A notebook holding ready HTML outputs, so index pages share the reports' template."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

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
    from .formatting import euros, number, percent
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


def year_index_fragments(
    data_dir: Path, year: int, validated: bool, pages: list[tuple[str, str]]
) -> list[str]:
    """The year's index: headline figures and links; `pages` are (page, title) of the year."""
    import pandas as pd

    from . import display

    fragments = [f"<h1>États des lieux des CRES — exercice {year}</h1>"]
    if validated:
        figures = pd.DataFrame(headlines(data_dir, year), columns=["Indicateur", "Valeur"])
        fragments.append(display.table_html(figures, {"Valeur": str}, caption="Chiffres clés"))
        links = [(page, title) for _, page, title in INVENTORIES]
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
    fragments.append("<h2>Rapports</h2>" + links_html(links))
    profiles = [
        (page, title.split(" — ")[0]) for page, title in pages if page.startswith("fiches/")
    ]
    if profiles:
        fragments.append("<h2>Fiches des chambres</h2>" + links_html(profiles))
    fragments.append('<p><a href="../index.html">Toutes les années</a></p>')
    return fragments


def site_index_fragments(years: list[str]) -> list[str]:
    from . import display

    return [
        "<h1>États des lieux des CRES</h1>",
        display.prose(
            "Inventaires annuels du réseau des chambres régionales de l'économie "
            "sociale et solidaire, établis par le CNCRES pour son conseil "
            "d'administration."
        ),
        links_html([(f"{y}/index.html", f"Exercice {y}") for y in years]),
    ]


def links_html(pairs) -> str:
    items = "".join(
        f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>' for href, label in pairs
    )
    return f"<ul>{items}</ul>"

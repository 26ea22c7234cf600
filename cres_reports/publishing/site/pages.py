"""The published report set: which pages a year has, their titles, what each notebook reads.

Layout (stable names, the board bookmarks them):
reports/index.html · reports/<year>/index.html · reports/<year>/financement.html ·
sante-financiere.html · ressources-humaines.html · gouvernance.html · observatoires.html ·
missions.html · relations-cpca.html · conseil.html · qualite.html ·
reports/<year>/fiches/<code>.html ·
reports/assets/plotly.min.js. `plan.py` decides what to (re)build, `publish.py` publishes it.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ... import config
from ...ingest import contract
from ...store import processed

ASSETS = "assets"
PLOTLY_JS = "plotly.min.js"
DEMO_BANNER = (
    "Données de démonstration : les chiffres de ce rapport sont générés et ne décrivent "
    "pas les chambres réelles."
)
INVENTORIES = (
    ("financement", "financement.html", "Le financement des CRES"),
    ("sante_financiere", "sante-financiere.html", "Santé financière des chambres"),
    ("ressources_humaines", "ressources-humaines.html", "Les ressources humaines des CRES"),
    ("gouvernance", "gouvernance.html", "La représentation dans les instances des CRES"),
    ("observatoires", "observatoires.html", "Les observatoires régionaux de l'ESS"),
    ("missions", "missions.html", "Les missions de type consulaire des CRES"),
    ("relations_cpca", "relations-cpca.html", "Les relations des CRES avec les CPCA"),
    ("conseil", "conseil.html", "Activité du conseil national"),
)
QUALITY = ("qualite", "qualite.html", "Qualité des données")
# How the root index names each page of a year, in one line per year.
SHORT_TITLES = {
    "financement.html": "financement",
    "sante-financiere.html": "santé financière",
    "ressources-humaines.html": "ressources humaines",
    "gouvernance.html": "gouvernance et vie statutaire",
    "observatoires.html": "observatoires",
    "missions.html": "missions",
    "relations-cpca.html": "relations avec les CPCA",
    "conseil.html": "activité du conseil",
    "qualite.html": "qualité des données",
}
PROFILE_NOTEBOOK = "fiche_cres"
YEAR_INDEX = "index.html"
QUALITY_INPUT = "validation"
# The network's dashboard, across the years: reports/tableau-de-bord.html (not in a year).
DASHBOARD = ("tableau_de_bord", "tableau-de-bord.html", "Tableau de bord du réseau des CRES")

# What each notebook reads is declared in the notebook itself, in its metadata (ploomber's
# idea: a notebook says what it reads), under "cres":
#   "reads": [[dataset, year offset], ...]         the page's year (0) and the one before (-1)
#   "reads_since": [[dataset, first year], ...]    every year from a fixed one to the year before
#   "reads_every_year": [dataset, ...]             every processed year (the dashboard)
# A report is rebuilt when one of these changes; run by the pipeline, its notebook can read
# nothing else (store/yeardata.py refuses it, naming the notebook and the table). JupyterLab
# keeps notebook metadata as it is when saving.
DECLARATION = "cres"
# The year's index page is made without a notebook: what it reads is declared here (its
# key figures compare with the year before; its points for attention read the survey's
# tracking and every dataset the quality page's checks read).
YEAR_INDEX_READS = (
    *((d, 0) for d in config.DATASETS),
    (processed.TRACKING, 0),
    *((d, -1) for d in ("cres", "finances", "rh")),
)


@cache
def declared(notebook: str) -> dict:
    """The notebook's declaration of what it reads (its metadata's "cres" entry)."""
    if notebook == YEAR_INDEX:
        return {"reads": [list(r) for r in YEAR_INDEX_READS]}
    path = config.NOTEBOOKS_DIR / f"{notebook}.ipynb"
    document = json.loads(path.read_text(encoding="utf-8"))
    found = document.get("metadata", {}).get(DECLARATION)
    if not isinstance(found, dict) or not any(k.startswith("reads") for k in found):
        raise ValueError(
            f"{path.name} : ses métadonnées ne déclarent pas ce qu'il lit "
            f"(« {DECLARATION} » : « reads »)"
        )
    return found


def reads(notebook: str, year: int) -> list[tuple[str, int]]:
    """(dataset, year) of every table the notebook reads for a page of `year`."""
    declaration = declared(notebook)
    found = [(d, year + offset) for d, offset in declaration.get("reads", [])]
    for dataset, first in declaration.get("reads_since", []):
        found += [(dataset, y) for y in range(first, year) if (dataset, y) not in found]
    return found


@dataclass(frozen=True)
class Job:
    notebook: str  # notebook name, or YEAR_INDEX for the year's index page
    page: str  # path of the HTML page inside reports/<year>/
    title: str
    parameters: dict = field(default_factory=dict)
    # Reads across the years, when the notebook's offsets cannot say them (the dashboard,
    # the profiles' histories): (dataset, year, chamber or None).
    reads: tuple[tuple[str, int, str | None], ...] = ()

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
                reads=history_reads(data_dir, year, code),
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


def banner_for(data_dir: Path, year: int) -> str | None:
    manifest = config.raw_dir(data_dir, year) / config.MANIFEST_NAME
    if manifest.is_file():
        if json.loads(manifest.read_text(encoding="utf-8")).get("demonstration"):
            return DEMO_BANNER
    return None


INLINE = "inline"  # plotly.js inside the page (render.INLINE, without importing nbconvert)


def plotly_src(page: str, self_contained: bool) -> str:
    if self_contained:
        return INLINE
    depth = page.count("/") + 1  # reports/<year>/[fiches/]page.html
    return "../" * depth + f"{ASSETS}/{PLOTLY_JS}"


def dashboard_reads(years: list[int]) -> tuple[tuple[str, int, str | None], ...]:
    """The dashboard reads every processed year's tables (all rows)."""
    datasets = declared(DASHBOARD[0])["reads_every_year"]
    return tuple((d, y, None) for y in years for d in datasets)


HISTORY_DATASETS = ("cres", "finances", "rh")


def history_reads(data_dir: Path, year: int, code: str) -> tuple[tuple[str, int, str | None], ...]:
    """What a profile's history reads: its chamber's rows in every processed year before
    `year`; from 2016, in the years before the reform, the rows of its predecessors."""
    merged = sorted(old for old, (new, _) in contract.reform_map().items() if new == code)
    reads = []
    for before in processed.processed_years(Path(data_dir)):
        if before >= year:
            break
        codes = (merged or [code]) if year >= config.REFORM_YEAR > before else [code]
        reads += [(d, before, c) for d in HISTORY_DATASETS for c in codes]
    return tuple(reads)

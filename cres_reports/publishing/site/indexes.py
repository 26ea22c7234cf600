"""The index pages: a year's key figures and links, and the root page saying what each year holds.

Their wording is in two small templates, `templates/indexes/year.html.j2` and
`site.html.j2`, that an analyst edits without reading Python; this module gives them the
figures. They are written as notebooks of ready HTML outputs, so they share the reports'
template (and the year's key figures table is downloadable like any other).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from ... import config
from ...store import processed
from ...validate.results import read_results
from . import pages, pdflink
from .pages import INVENTORIES, QUALITY, SHORT_TITLES

TEMPLATES = Path(__file__).parent.parent / "templates" / "indexes"
ABOUT = {
    "financement": "les subventions des conseils régionaux et de la Caisse des Dépôts, "
    "l'origine des ressources de chaque chambre, l'évolution depuis l'exercice précédent.",
    "sante_financiere": "le résultat de l'exercice de chaque chambre et du réseau, les "
    "chambres en déficit, fonds propres et trésorerie en mois de charges.",
    "ressources_humaines": "postes et équivalents temps plein, fonctions, contrats, "
    "personnel mis à disposition, évolution depuis l'exercice précédent.",
    "gouvernance": "les sièges par famille de l'économie sociale et solidaire, la place "
    "des assureurs du GEMA, des mutuelles de santé, de la Macif et des syndicats d'employeurs, "
    "et la vie statutaire (réunions, participation, adhérents).",
    "observatoires": "les observatoires régionaux de l'ESS : chambres qui en ont un, date de "
    "création, ETP, publications et partenaires.",
    "missions": "les sept missions de type consulaire : chambres qui les exercent, ETP et "
    "financeurs, et la grille chambre par mission.",
    "conseil": "la présence du conseil là où il représente le réseau, les réunions du réseau "
    "et la participation des chambres, le Mois de l'ESS, les comptes du conseil.",
    "relations_cpca": "les relations avec la CPCA de la région : adhésions, convention, locaux "
    "partagés, actions communes.",
}


@cache
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_template(name: str, **values) -> str:
    return _environment().get_template(name).render(**values)


def write_fragments_notebook(fragments: list, path: Path) -> Path:
    """A notebook holding ready outputs (HTML strings, or `present.display.Fragment`s)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    cells = []
    for fragment in fragments:
        data = fragment._repr_mimebundle_() if hasattr(fragment, "_repr_mimebundle_") else None
        cell = new_code_cell("")
        cell.outputs = [new_output("display_data", data=data or {"text/html": fragment})]
        cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=cells), path)
    return path


def attention_rules() -> list:
    """The rules of the points for attention, read from the project's file."""
    from ...analysis import brief

    path = config.ATTENTION_RULES
    with open(path, encoding="utf-8", newline="") as fh:
        return brief.parse_rules(list(csv.DictReader(fh)), path.name)


def year_brief(data_dir: Path, year: int) -> tuple:
    """The year in brief: its key figures' table (a Fragment) and its points for attention
    ({text, href} each, the sentence and the page that shows it)."""
    from ...analysis import brief
    from ...present import brief as said
    from ...store.yeardata import load_previous, load_year

    data = load_year(data_dir, year)
    previous = load_previous(data_dir, year)
    figures = said.key_figures_table(brief.key_figures(data, previous), year, len(data.cres))
    points = said.points(brief.attention(data, previous, attention_rules()), year)
    return figures, points


def year_index_fragments(
    data_dir: Path, year: int, validated: bool, pages: list[tuple[str, str]]
) -> list:
    """The year's index; `pages` are (page, title) of the year's pages."""
    from markupsafe import Markup

    from ...present import display

    display.reset()
    figures, points = (None, []) if not validated else year_brief(data_dir, year)
    profiles = [
        {"href": page, "name": title.split(" — ")[0]}
        for page, title in pages
        if page.startswith("fiches/")
    ]
    titles = {page: title.split(" — ")[0] for page, title in pages}
    titles[QUALITY[1]] = QUALITY[2]
    page_html = render_template(
        "year.html.j2",
        year=year,
        validated=validated,
        pdf_marks=Markup(pdflink.marks(year)),
        figures=Markup(figures.html if figures else ""),
        points=[{**p, "title": titles.get(p["href"], p["href"])} for p in points],
        reports=[
            {"title": title, "href": page, "about": ABOUT.get(notebook, "")}
            for notebook, page, title in INVENTORIES
        ],
        quality={"title": QUALITY[2], "href": QUALITY[1]},
        profiles=profiles,
    )
    if figures is None:
        return [page_html]
    return [display.Fragment(page_html, figures.tables)]


def _chambers_in(data_dir: Path, year: int, dataset: str) -> int:
    path = config.processed_dir(data_dir, year) / f"{dataset}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        return len({row["code_region"] for row in csv.DictReader(fh)})


def year_summary(data_dir: Path, year: int) -> str:
    """What a published year holds, in a few words."""
    from ...present.formatting import plural
    from .provenance import cutoff_date, french_date

    results = read_results(data_dir, year)
    if not processed.is_processed(data_dir, year):
        return "données à corriger : seul le rapport de qualité est publié."
    cutoff = cutoff_date(data_dir, year)
    stated = f"données arrêtées au {french_date(cutoff)} ; " if cutoff else ""
    sent = {d: _chambers_in(data_dir, year, d) for d in config.REQUIRED_DATASETS}
    summary = stated + (
        f"{plural(sent['cres'], 'chambre')} ; comptes de {sent['finances']}, effectifs de "
        f"{sent['rh']}, instances décrites par {sent['gouvernance']} ; une fiche par chambre."
    )
    if results is not None and not results.success:
        summary += (
            " Les derniers fichiers reçus sont à corriger : ce sont les états des lieux "
            "publiés auparavant."
        )
    return summary


def site_index_fragments(
    data_dir: Path, years: list[str], published: dict[str, list[str]] | None = None
) -> list[str]:
    """The root page: each published year (latest first), what it holds and its pages
    (`published`: year → the names of its pages, e.g. `missions.html`)."""
    from markupsafe import Markup

    published = published or {}
    entries = [
        {
            "year": y,
            "href": f"{y}/index.html",
            "summary": year_summary(data_dir, int(y)),
            "pages": [
                {"href": f"{y}/{page}", "title": title}
                for page, title in SHORT_TITLES.items()
                if page in published.get(y, ())
            ],
            "pdf_marks": Markup(pdflink.marks(int(y))),
        }
        for y in years
    ]
    return [render_template("site.html.j2", years=entries, dashboard=pages.DASHBOARD[1])]

"""The index pages: a year's headline figures and links, and the root page listing the years.

They are written as notebooks of ready HTML outputs, so they share the reports' template.
"""

from __future__ import annotations

import html
from pathlib import Path

from .pages import INVENTORIES, QUALITY, SHORT_TITLES


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
    from ..analysis import funding, governance, staff
    from ..present.formatting import euros, number, percent
    from ..store.yeardata import load_year

    data = load_year(data_dir, year)
    money = funding.headline(data.finances)
    team = staff.headline(data.rh)
    seats = governance.headline(data.gouvernance)
    return [
        ("Chambres du réseau", number(len(data.cres))),
        ("Adhérentes du CNCRES", number(int(data.cres["adherent"].sum()))),
        ("Comptes transmis", number(money.chambres)),
        ("Ressources totales", euros(money.ressources)),
        (
            "Conseils régionaux",
            f"{euros(money.conseil_regional)} ({percent(money.part_conseil_regional)})",
        ),
        ("Caisse des Dépôts", f"{euros(money.cdc)} ({percent(money.part_cdc)})"),
        ("Postes / ETP", f"{number(team.postes)} / {number(team.etp, 1)}"),
        ("Sièges au conseil d'administration", number(seats.ca)),
    ]


def year_index_fragments(
    data_dir: Path, year: int, validated: bool, pages: list[tuple[str, str]]
) -> list[str]:
    """The year's index: headline figures and links; `pages` are (page, title) of the year."""
    import pandas as pd

    from ..present import display

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


def site_index_fragments(
    years: list[str], published: dict[str, list[str]] | None = None
) -> list[str]:
    """The root page: each year, and the pages it publishes (`published`: year → pages)."""
    from ..present import display

    published = published or {}
    items = []
    for year in years:
        here = [p for p in SHORT_TITLES if p in published.get(year, [])]
        links = " · ".join(
            f'<a href="{html.escape(year)}/{html.escape(p)}">{html.escape(SHORT_TITLES[p])}</a>'
            for p in here
        )
        year_link = f'<a href="{html.escape(year)}/index.html">Exercice {html.escape(year)}</a>'
        items.append(f"<li>{year_link}{' : ' + links if links else ''}</li>")
    return [
        "<h1>États des lieux des CRES</h1>",
        display.prose(
            "Inventaires annuels du réseau des chambres régionales de l'économie "
            "sociale et solidaire, établis par le CNCRES pour son conseil "
            "d'administration."
        ),
        f"<ul>{''.join(items)}</ul>",
    ]


def links_html(pairs) -> str:
    items = "".join(
        f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>' for href, label in pairs
    )
    return f"<ul>{items}</ul>"

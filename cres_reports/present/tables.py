"""Tables of chambers as the board reads them: chamber first, linked to its profile, year headings.

Shared by the report pages: links from a chamber's name to its profile, comparisons of two
years (their table, and the figures and basis their sentence states), answer grids of the
survey (chambers × items, "oui" / "non"), and what a missing figure reads as ("non transmis",
never 0).
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from .. import absence
from ..analysis import answers, harmonise
from ..analysis.compare import Comparison
from . import formatting
from .display import (
    FORMATS,
    Empty,
    Fragment,
    boxed,
    caption_html,
    join,
    prose,
    table_fragment,
    table_name,
    table_payload,
)

FICHES = "fiches/"  # profiles, from a page of the year
CODE_COLUMN = "Code région"  # the chambers' codes, in the downloads only
OUT_OF_NETWORK = absence.OUT_OF_NETWORK
INCOMPLETE = harmonise.INCOMPLETE  # the year before on the 2016 map, a predecessor missing
NOT_FILLED = absence.NOT_FILLED  # a chamber that answered, leaving this figure empty


def profile_links(
    codes: Iterable, network: Iterable[str], previous: tuple[int, Iterable[str]] | None = None
) -> list[str | None]:
    """The href of each chamber's profile from a page of the year (None: no profile).

    A chamber of the year before only links to its profile of that year (`previous`: the
    year before and its network).
    """
    here = set(network)
    before_year, before = previous if previous else (None, ())
    before = set(before)
    links: list[str | None] = []
    for code in codes:
        if code in here:
            links.append(f"{FICHES}{code}.html")
        elif code in before:
            links.append(f"../{before_year}/{FICHES}{code}.html")
        else:
            links.append(None)
    return links


def chamber_table(
    frame: pd.DataFrame,
    formats: dict,
    network: Iterable[str],
    caption: str | None = None,
    total_row: bool = False,
    empty: Empty = formatting.NOT_SENT,
    aside: Collection[str] = (),
) -> Fragment:
    """A table with a `Code` and a `Chambre` column: names link to profiles, codes go to the
    downloads only. A chamber whose response was set aside (`aside`) reads « réponse
    écartée » where another would read « non transmis »."""
    codes = frame["Code"].tolist()
    if aside:
        empty = _set_aside(empty, codes, frozenset(aside))
    shown = frame.drop(columns=["Code"])
    data = shown.copy()
    data.insert(0, CODE_COLUMN, codes)
    links = profile_links(codes, network)
    return table_fragment(
        shown, formats, caption, total_row, {"Chambre": links}, empty=empty, data=data
    )


# Cell classes of an answer grid: the text says it, the class only tints it on screen.
GRID_CLASSES = {"oui": "grid-yes", "non": "grid-no"}


def answer_grid(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    network: Iterable[str],
    caption: str,
    counts: Mapping[str, str] | None = None,
    texts: Sequence[str] = (),
    total_row: bool = True,
) -> Fragment:
    """Chambers × items, downloadable: one row per chamber (`Code`, `Chambre` first, the name
    linked to its profile), one column per item of `columns` (column → heading) whose cells
    read "oui", "non" or why there is no answer; a chamber with the same missing-answer state
    in every item gets it once, across them. Then `counts` (column → format name of
    `display.FORMATS`) and `texts`, columns of free text. With `total_row`, the last row of
    `frame` is the total (numbers under the items).

    The item headings are written upwards (class `grid-head`): narrow columns on a tablet
    and on A4.
    """
    counts = dict(counts or {})
    items = list(columns)
    codes = frame["Code"].tolist()
    links = profile_links(codes, network)
    head = '<th scope="col" class="txt">Chambre</th>' + "".join(
        f'<th scope="col" class="grid-head"><span>{html.escape(label)}</span></th>'
        for label in columns.values()
    )
    head += "".join(f'<th scope="col" class="num">{html.escape(c)}</th>' for c in counts)
    head += "".join(f'<th scope="col" class="txt">{html.escape(c)}</th>' for c in texts)
    body = []
    last = len(frame) - 1 if total_row else -1
    for position, (_, row) in enumerate(frame.iterrows()):
        name = html.escape(str(row["Chambre"]))
        href = links[position]
        if href:
            name = f'<a href="{html.escape(href)}">{name}</a>'
        cells = [f'<th scope="row" class="txt">{name}</th>']
        values = [row[c] for c in items]
        total = position == last
        gap = not total and len(set(values)) == 1 and values[0] not in GRID_CLASSES
        if gap:  # no answer: said once, nothing to count
            cells.append(
                f'<td class="grid-none" colspan="{len(items)}">'
                f"<span>{html.escape(str(values[0]))}</span></td>"
            )
        else:
            for value in values:
                text = formatting.count(value) if total else str(value)
                klass = "num" if total else GRID_CLASSES.get(str(value), "grid-none")
                cells.append(f'<td class="{klass}">{html.escape(text)}</td>')
        for column, kind in counts.items():
            value = row[column]
            shown = (
                "" if gap else FORMATS[kind](value) if not formatting.missing(value) else NOT_FILLED
            )
            cells.append(f'<td class="num">{html.escape(shown)}</td>')
        for column in texts:
            value = "" if pd.isna(row[column]) else str(row[column])
            cells.append(f'<td class="txt">{html.escape(value)}</td>')
        row_class = ' class="total"' if total else ""
        body.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    name = table_name(caption)
    table = (
        f'<table class="data grid">{caption_html(caption)}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
    data = frame[["Code", "Chambre", *items, *counts, *texts]].rename(
        columns={"Code": CODE_COLUMN, **columns}
    )
    kinds = {columns.get(c, c): k for c, k in counts.items()}
    return Fragment(boxed(table, name), [table_payload(data, kinds, caption, name)])


def chart_and_table(
    fig,
    title: str,
    frame: pd.DataFrame,
    formats: dict,
    network: Iterable[str],
    aside: Collection[str] = (),
) -> Fragment:
    """A chart of chambers under its title, and the table of chambers behind it."""
    from .charts import figure

    table = chamber_table(frame, formats, network, caption=title, aside=aside)
    return join(figure(fig, title), table)


def _set_aside(empty: Empty, codes: list, aside: frozenset[str]) -> Empty:
    def cell(position: int, column: str) -> str:
        said = empty(position, column) if callable(empty) else empty
        if position < len(codes) and codes[position] in aside and said == formatting.NOT_SENT:
            return answers.SET_ASIDE
        return said

    return cell


# --------------------------------------------------------------------------- comparisons


def _absent(
    comparison: Comparison,
    code: str,
    year: int,
    not_applicable: Mapping[int, Collection[str]] | None = None,
) -> str:
    if year != comparison.year and code in comparison.incomplete:
        return INCOMPLETE
    if not_applicable and code in not_applicable.get(year, ()):
        return absence.NOT_APPLICABLE
    network = comparison.network_now if year == comparison.year else comparison.network_before
    if network and code not in network:
        return OUT_OF_NETWORK
    return formatting.NOT_SENT


def basis(comparison: Comparison) -> str:
    """`pour les 24 chambres présentes les deux années` (the basis of its totals)."""
    n = len(comparison.basis)
    if n == 1:
        said = "pour la seule chambre présente les deux années"
    else:
        said = f"pour les {formatting.count(n)} chambres présentes les deux années"
    if comparison.harmonised:
        said += (
            f", {comparison.previous_year} ramené à la carte des régions de "
            f"{comparison.year} (chaque chambre issue d'une fusion comparée à la somme de "
            f"ses devancières, quand toutes ont transmis le chiffre)"
        )
    return said


def left_out(comparison: Comparison, what: str) -> str:
    """The chambers outside the basis, and why: `CRESS Corse (comptes 2009 seulement)`."""
    parts = [
        f"{name} ({comparison.previous_year} {INCOMPLETE} : non transmis par "
        f"{formatting.names(list(comparison.incomplete[code]))})"
        if code in comparison.incomplete
        else f"{name} ({what} {comparison.year} seulement)"
        for code, name in zip(
            comparison.only_now, comparison.names(comparison.only_now), strict=True
        )
    ]
    parts += [
        f"{name} ({what} {comparison.previous_year} seulement)"
        for name in comparison.names(comparison.only_before)
    ]
    return formatting.names(parts)


COMPARISON_FORMATS = {
    "euros": ("euros", "signed_euros"),
    "fte": ("fte", "signed_fte"),
    "count": ("count", "signed_count"),
}


def comparison_facts(comparison: Comparison, kind: str = "euros") -> dict[str, str]:
    """The figures a comparison's sentence states, formatted as in its table's total row."""
    shown, signed = (display_format(k) for k in COMPARISON_FORMATS[kind])
    return {
        "prev": str(comparison.previous_year),
        "year": str(comparison.year),
        "before": shown(comparison.before),
        "now": shown(comparison.now),
        "change": signed(comparison.change),
        "ratio": formatting.percent(comparison.ratio, signed=True),
        "basis": basis(comparison),
        "chambres": formatting.count(len(comparison.basis)),
    }


def display_format(name: str):
    return FORMATS[name]


def comparison_columns(comparison: Comparison, label: str = "") -> tuple[str, str]:
    """Year headings, `2007 | 2008`, or `Postes 2007 | Postes 2008` with a label."""
    prefix = f"{label} " if label else ""
    return f"{prefix}{comparison.previous_year}", f"{prefix}{comparison.year}"


def total_label(comparison: Comparison) -> str:
    n = len(comparison.basis)
    return f"Total des {formatting.count(n)} chambres présentes les deux années"


@dataclass(frozen=True)
class Compared:
    """One figure in a comparison table: its comparison, heading label, format, columns."""

    comparison: Comparison
    label: str = ""  # "Postes" gives "Postes 2007 | Postes 2008"
    kind: str = "euros"
    change: bool = True  # an "Écart" column
    ratio: bool = True  # an "Évolution" column


def comparison_table(
    parts: list[Compared],
    caption: str,
    what: str = "comptes",
    not_applicable: Mapping[int, Collection[str]] | None = None,
) -> Fragment:
    """Chamber | year before | year | Écart | Évolution (for each compared figure), a total row
    on the basis of the first figure, and a note naming the chambers left out of the total.
    `not_applicable`: year → the chambers to which the figure does not apply that year.

    The figures must be compared on the same chambers (e.g. posts and FTE of the same table).
    """
    first = parts[0].comparison
    rows = first.frame
    codes = [*rows["code_region"], ""]
    frame = pd.DataFrame({"Chambre": [*rows["nom_cres"], total_label(first)]})
    formats: dict[str, str] = {}
    years: dict[str, int] = {}
    for part in parts:
        c = part.comparison
        shown, signed = COMPARISON_FORMATS[part.kind]
        values = c.frame.set_index("code_region")
        before, now = comparison_columns(c, part.label)
        columns = {before: ("before", c.before), now: ("now", c.now)}
        suffix = f" ({part.label})" if part.label and len(parts) > 1 else ""
        if part.change:
            columns[f"Écart{suffix}"] = ("change", c.change)
        if part.ratio:
            columns[f"Évolution{suffix}"] = ("ratio", c.ratio)
        for heading, (field_name, total) in columns.items():
            frame[heading] = [*values[field_name].reindex(codes[:-1]), total]
        formats.update({before: shown, now: shown})
        formats.update({h: signed for h in columns if h.startswith("Écart")})
        formats.update({h: "signed_percent" for h in columns if h.startswith("Évolution")})
        years.update({before: c.previous_year, now: c.year})

    def empty(position: int, column: str) -> str:
        if column in years:
            return _absent(first, codes[position], years[column], not_applicable)
        return formatting.MISSING

    links = profile_links(
        codes, first.network_now or set(codes[:-1]), (first.previous_year, first.network_before)
    )
    data = frame.copy()
    data.insert(0, CODE_COLUMN, codes)
    table = table_fragment(
        frame,
        formats,
        caption,
        total_row=True,
        links={"Chambre": links},
        empty=empty,
        data=data,
    )
    outside = left_out(first, what)
    note = prose("Hors total : {names}.", names=outside) if outside else ""
    return join(table, note)

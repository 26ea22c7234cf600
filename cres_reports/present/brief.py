"""The year in brief, as the year's index opens: key figures with their change, and points for
attention, each a sentence in plain French with the page that shows it.

Text only (escaped by the index's template); the key figures are a table of chambers' totals
that carries its values for the downloads, like every table.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..analysis import brief
from .display import Fragment, table_fragment
from .formatting import count, euros, fte, names, percent, plural
from .survey import cut


def _fte(value, signed: bool = False) -> str:
    return f"{fte(value, signed=signed)} ETP"


SHOWN: dict[str, Callable[..., str]] = {"count": count, "euros": euros, "fte": _fte}
NAMES_SHOWN = 6  # chambers named in a point; the page linked names them all


def _value(figure: brief.KeyFigure, value: float | None, signed: bool = False) -> str:
    return SHOWN[figure.kind](value, signed=signed)


def _change(figure: brief.KeyFigure, year: int) -> str:
    """`+3,2 % (+45 000 €) sur 24 chambres`; a count or a result: `+5 (13 en 2008) sur …`."""
    previous_year = year - 1
    if figure.change is None:
        return f"pas de données {previous_year}"
    if figure.relative:
        signed = _value(figure, figure.change, signed=True)
        said = f"{percent(figure.ratio, signed=True)} ({signed})"
    else:
        signed = "stable" if figure.change == 0 else _value(figure, figure.change, signed=True)
        said = f"{signed} ({_value(figure, figure.before)} en {previous_year})"
    return f"{said} {_basis(figure, year)}"


def _given(figure: brief.KeyFigure, network: int) -> str:
    if figure.given is None:  # the network: where counts leave a region out, say which
        if figure.without_chamber:
            return f"sans chambre : {names(list(figure.without_chamber))}"
        return "le réseau"
    return f"{count(figure.given)} sur {count(network)}"


def _basis(figure: brief.KeyFigure, year: int) -> str:
    """On which chambers the change is computed: `sur 24 chambres des deux années`."""
    if figure.basis is None:  # the network itself
        return f"(régions fusionnées en {year})" if figure.harmonised else ""
    said = f"sur {plural(figure.basis, 'chambre')} des deux années"
    if figure.harmonised:
        said = f"sur {plural(figure.basis, 'région')}, {year - 1} ramené à la carte de {year}"
    return said


def key_figures_table(figures: list[brief.KeyFigure], year: int, network: int) -> Fragment:
    """Indicator | the year's value | on how many chambers | change and its basis; each
    indicator links to the page that shows it."""
    frame = pd.DataFrame(
        {
            "Indicateur": [f.label for f in figures],
            str(year): [_value(f, f.value) for f in figures],
            "Chambres comptées": [_given(f, network) for f in figures],
            f"Évolution depuis {year - 1}": [_change(f, year).strip() for f in figures],
        }
    )
    formats = dict.fromkeys(frame.columns[1:3], str)  # the change is words: it wraps
    links = {"Indicateur": [f.page for f in figures]}
    return table_fragment(frame, formats, caption=f"Chiffres clés {year}", links=links)


def point_sentence(point: brief.Point, year: int) -> str:
    """The rule's sentence for the chambers it found (plain text: the template escapes it)."""
    shown, left = cut(point.chambers, NAMES_SHOWN)
    listed = names([*shown, f"{count(left)} autres"] if left else shown)
    threshold = point.rule.threshold
    return point.rule.sentence.format(
        chambres=plural(len(point.chambers), "chambre"),
        instances=plural(len(point.chambers), "instance"),
        noms=listed,
        annee=year,
        precedente=year - 1,
        seuil="" if threshold is None else percent(threshold, digits=0),
    )


def points(found: list[brief.Point], year: int) -> list[dict[str, str]]:
    """Each point as {text, href}: its sentence and the page that shows it."""
    return [{"text": point_sentence(p, year), "href": p.rule.page} for p in found]

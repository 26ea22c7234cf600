"""A profile's history: the chamber's key figures in every processed year up to the profile's.

One column a year, then the change from the year before (« Écart »), computed on the figures
shown. From 2016, a chamber born of the merger of its region's former chambers shows, for the
years before, the sum of its predecessors' figures, only when all of them gave it
(« incomplet » otherwise, naming who is missing), and a note naming the predecessors. A
year without data is said (« pas de données »), never filled in.
"""

from __future__ import annotations

import pandas as pd

from .. import config
from ..analysis import dashboard, harmonise
from ..store import parameters, processed
from ..store.yeardata import YearData, load_year
from . import formatting
from .display import Fragment, join, prose, table_fragment

COLUMNS = {  # history column: (row label, kind of figure)
    "ressources": ("Ressources", "euros"),
    "conseil_regional": ("Conseil régional", "euros"),
    "cdc": ("Caisse des Dépôts", "euros"),
    "resultat": ("Résultat", "euros"),
    "postes": ("Postes", "count"),
    "etp": ("ETP", "fte"),
}
FORMATTERS = {"euros": formatting.euros, "count": formatting.count, "fte": formatting.fte}
DIGITS = {"euros": 0, "count": 0, "fte": 1}  # as shown: a change is the difference of those


def history(data_dir, year: int | str, code_region: int | str) -> Fragment:
    """One chamber's key figures, one column per available year up to the profile's, and
    their change from the year before when both years are there; with their notes."""
    number, folder = parameters.processed_year(year, data_dir)
    data = load_year(folder, number)
    code = data.chamber(code_region)
    years: dict[int, YearData | None] = {
        y: load_year(folder, y) for y in processed.processed_years(folder) if y <= number
    }
    frame, merged = dashboard.region_history(years, code, number)
    if len(frame) <= 1:
        return join(prose("Aucune autre année disponible pour cette chambre."))
    have = [int(y) for y in frame["annee"]]
    by_year = frame.set_index("annee")

    def cell(y: int, column: str, kind: str) -> str:
        value = by_year.at[y, column]
        if pd.isna(value):
            names = by_year.at[y, "manquants"].get(column, [])
            if merged and y < config.REFORM_YEAR and len(names) < len(merged):
                return harmonise.INCOMPLETE
            return formatting.NOT_SENT
        return FORMATTERS[kind](round(float(value), DIGITS[kind]))

    shown = pd.DataFrame({"Indicateur": [label for label, _ in COLUMNS.values()]})
    for y in have:
        shown[str(y)] = [cell(y, column, kind) for column, (_, kind) in COLUMNS.items()]
    # the notes in one paragraph: a profile has two A4 pages, not a line more
    notes: list[str] = []
    values = {"now": str(number), "before": str(number - 1), "reforme": str(config.REFORM_YEAR)}
    if number - 1 in have:
        shown["Écart"] = [
            _change(by_year, number, column, kind) for column, (_, kind) in COLUMNS.items()
        ]
        notes.append("Écart : {now} moins {before}, sur les chiffres affichés.")
    else:
        notes.append("Pas de données {before} pour cette chambre : pas d'écart.")
    gaps = dashboard.missing_between(have)
    if gaps:
        notes.append("Pas de données pour {gaps}.")
        values["gaps"] = formatting.year_runs(gaps)
    if merged:
        notes.append(
            "Avant {reforme}, somme des chambres fusionnées en {reforme} : {names} "
            "(« incomplet » quand l'une d'elles n'a pas transmis le chiffre)."
        )
        values["names"] = formatting.names(merged)
    title = f"Chiffres clés, {have[0]} à {number}"
    formats = dict.fromkeys(shown.columns[1:], str)
    table = table_fragment(shown, formats, title, series=True)
    return join(table, prose(" ".join(notes), **values))


def _change(by_year: pd.DataFrame, year: int, column: str, kind: str) -> str:
    """The change of one figure as shown (rounded first), signed; « – » when one is missing."""
    now, before = by_year.at[year, column], by_year.at[year - 1, column]
    if pd.isna(now) or pd.isna(before):
        return formatting.MISSING
    digits = DIGITS[kind]
    difference = round(round(float(now), digits) - round(float(before), digits), digits)
    return FORMATTERS[kind](difference, signed=True)

"""A profile's history: the chamber's key figures in every processed year up to the profile's.

From 2016, a chamber born of the merger of its region's former chambers shows, for the
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

COLUMNS = {
    "ressources": ("Ressources", "euros"),
    "conseil_regional": ("Conseil régional", "euros"),
    "cdc": ("Caisse des Dépôts", "euros"),
    "postes": ("Postes", "count"),
    "etp": ("ETP", "fte"),
}


def history(data_dir, year: int | str, code_region: int | str) -> Fragment:
    """The compact history table of one chamber's profile, with its notes."""
    number, folder = parameters.processed_year(year, data_dir)
    data = load_year(folder, number)
    code = data.chamber(code_region)
    years: dict[int, YearData | None] = {
        y: load_year(folder, y) for y in processed.processed_years(folder) if y <= number
    }
    frame, merged = dashboard.region_history(years, code, number)
    if len(frame) <= 1:
        return join(prose("Aucune autre année disponible pour cette chambre."))
    shown = pd.DataFrame({"Année": [str(y) for y in frame["annee"]]})
    formats = {}
    for column, (label, kind) in COLUMNS.items():
        shown[label] = frame[column]
        formats[label] = kind
    missing = dict(zip(frame["annee"].astype(str), frame["manquants"], strict=True))

    def empty(position: int, heading: str) -> str:
        column = next(c for c, (label, _) in COLUMNS.items() if label == heading)
        year_text = shown["Année"].iloc[position]
        names = missing[year_text].get(column, [])
        if merged and int(year_text) < config.REFORM_YEAR and len(names) < len(merged):
            return harmonise.INCOMPLETE
        return formatting.NOT_SENT

    title = f"Historique des chiffres clés, {frame['annee'].iloc[0]} à {number}"
    notes = []
    have = list(frame["annee"])
    gaps = [y for y in range(have[0], have[-1] + 1) if y not in have]
    if gaps:
        notes.append(prose("Pas de données pour {gaps}.", gaps=_years(gaps)))
    if merged:
        notes.append(
            prose(
                "Avant {reforme}, somme des chambres fusionnées en {reforme} : {names} "
                "(« incomplet » quand l'une d'elles n'a pas transmis le chiffre).",
                reforme=str(config.REFORM_YEAR),
                names=formatting.names(merged),
            )
        )
    return join(table_fragment(shown, formats, title, empty=empty), *notes)


def _years(years: list[int]) -> str:
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return formatting.names([str(r[0]) if len(r) == 1 else f"{r[0]} à {r[-1]}" for r in runs])

"""Figures that pass every rule but that a reader would not believe: to check with the chamber.

The rules (`expectations/`) refuse what cannot be true of one row. These checks compare a
chamber's figures with each other, or with the network, and never block a year: the
quality page lists them under « À vérifier avec la chambre », one sentence each.

- more FTE declared on its missions than in its whole team;
- charges per FTE of its team above twice the network's median (a team left out, or
  charges in the wrong unit).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..store.yeardata import YearData

CHARGES_PER_FTE_FACTOR = 2  # times the network's median


@dataclass(frozen=True)
class Check:
    code: str
    chamber: str
    said: str  # French, after the chamber's name


def _fte(frame: pd.DataFrame) -> pd.Series:
    """FTE per chamber, rounded as the pages show them (one decimal)."""
    return frame.groupby("code_region")["etp"].sum().astype("float64").round(1)


def missions_above_team(data: YearData) -> list[Check]:
    if data.missions is None or data.rh is None:
        return []
    missions = data.missions[data.missions["exercee"].astype(bool)]
    on_missions, team = _fte(missions), _fte(data.rh)
    names = data.chamber_names()
    found = []
    for code, fte in on_missions.items():
        if code in team.index and fte > team[code]:
            found.append(
                Check(
                    str(code),
                    str(names.get(code, code)),
                    f"déclare {_one(fte)} ETP sur ses missions pour une équipe de "
                    f"{_one(team[code])} ETP",
                )
            )
    return found


def charges_per_fte(data: YearData) -> list[Check]:
    fin, rh = data.finances, data.rh
    if fin is None or rh is None or fin.empty or rh.empty:
        return []
    team = _fte(rh)
    charges = fin.set_index("code_region")["total_charges"].astype("float64")
    both = [c for c in charges.index if c in team.index and team[c] > 0]
    if not both:
        return []
    ratio = pd.Series({c: charges[c] / team[c] for c in both})
    median = float(ratio.median())
    names = data.chamber_names()
    return [
        Check(
            str(code),
            str(names.get(code, code)),
            f"a {_euros(value)} de charges par ETP de son équipe, plus de "
            f"{CHARGES_PER_FTE_FACTOR} fois la médiane du réseau ({_euros(median)})",
        )
        for code, value in ratio.items()
        if value > CHARGES_PER_FTE_FACTOR * median
    ]


def checks(data: YearData) -> list[Check]:
    """Every check of the year, chambers in code order."""
    found = missions_above_team(data) + charges_per_fte(data)
    return sorted(found, key=lambda c: (c.code, c.said))


def _one(value: float) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.0", locale="fr_FR")


def _euros(value: float) -> str:
    from babel.numbers import format_decimal

    return format_decimal(round(value), format="#,##0", locale="fr_FR") + "\u00a0€"

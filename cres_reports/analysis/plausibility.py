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


MISSIONS_ABOVE_TEAM, CHARGES_PER_FTE = "missions_above_team", "charges_per_fte"


@dataclass(frozen=True)
class Check:
    """One chamber's figure to check: `value` against `reference` (the team's FTE, or the
    network's median of charges per FTE); said in French by `present.quality`."""

    code: str
    chamber: str
    kind: str  # MISSIONS_ABOVE_TEAM or CHARGES_PER_FTE
    value: float
    reference: float


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
                    MISSIONS_ABOVE_TEAM,
                    float(fte),
                    float(team[code]),
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
        Check(str(code), str(names.get(code, code)), CHARGES_PER_FTE, float(value), median)
        for code, value in ratio.items()
        if value > CHARGES_PER_FTE_FACTOR * median
    ]


def checks(data: YearData) -> list[Check]:
    """Every check of the year, chambers in code order."""
    found = missions_above_team(data) + charges_per_fte(data)
    return sorted(found, key=lambda c: (c.code, c.kind))

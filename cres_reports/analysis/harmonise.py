"""Chamber-level figures of any year on the 2016 map: old regions summed into their new region.

In 2016 the 22 metropolitan regions became 13 and their chambers merged into one
CRESS per new region. A series that crosses 2016 is drawn on the 2016 map: a year
before the reform gives, for each new region, the sum of its predecessors' figures
— but only when every predecessor chamber of that year gave the figure; otherwise
the region is "incomplet" and the chambers missing are named, never a partial sum
shown as a whole.
"""

from __future__ import annotations

import math

import pandas as pd

from .. import absence, config
from ..ingest import contract

INCOMPLETE = absence.INCOMPLETE


def region_2016(code: str, year: int) -> tuple[str, str]:
    """(code, name) on the 2016 map of a region code in force in `year`."""
    if year >= config.REFORM_YEAR or code not in contract.reform_map():
        return code, contract.map_2016().get(code, code)
    return contract.reform_map()[code]


def on_2016_map(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """`frame` (a `code_region` column, rows of `year`) with each code replaced by its region's
    code on the 2016 map: the rows of merged chambers then share their new region's code."""
    moved = frame.copy()
    moved["code_region"] = [region_2016(str(c), year)[0] for c in moved["code_region"]]
    return moved


def harmonise(values: pd.DataFrame, column: str, year: int, network: pd.DataFrame) -> pd.DataFrame:
    """One row per 2016 region holding a chamber in `year`: `column` summed over its chambers.

    `values` has one row per chamber that answered (`code_region`, `column`); `network` is
    the year's cres table (`code_region`, `nom_cres`). Columns of the result: `code`,
    `region`, `valeur` (NaN when incomplete), `complet`, `manquants` (names of the chambers
    whose figure is missing), `chambres` (names of the chambers summed or missing).
    """
    given = values.dropna(subset=[column]).groupby("code_region")[column].sum()
    rows: dict[str, dict] = {}
    for code, name in network[["code_region", "nom_cres"]].itertuples(index=False):
        new_code, new_name = region_2016(code, year)
        row = rows.setdefault(
            new_code,
            {"code": new_code, "region": new_name, "valeur": 0.0, "manquants": [], "chambres": []},
        )
        row["chambres"].append(name)
        if code in given.index:
            row["valeur"] += float(given[code])
        else:
            row["manquants"].append(name)
    frame = pd.DataFrame(
        rows.values(), columns=["code", "region", "valeur", "manquants", "chambres"]
    )
    frame["complet"] = frame["manquants"].map(len) == 0
    frame.loc[~frame["complet"], "valeur"] = math.nan
    return frame.sort_values("code").reset_index(drop=True)[
        ["code", "region", "valeur", "complet", "manquants", "chambres"]
    ]


def network_total(harmonised: pd.DataFrame) -> float:
    """The network's total on the 2016 map, or NaN when any region is incomplete."""
    if harmonised.empty or not harmonised["complet"].all():
        return math.nan
    return float(harmonised["valeur"].sum())


def predecessors(new_code: str) -> list[str]:
    """Names of the pre-2016 regions merged into `new_code` (itself alone when unchanged)."""
    return [
        old_name
        for old, (code, _) in sorted(contract.reform_map().items())
        for old_name in [contract.regions_for_year(config.REFORM_YEAR - 1).get(old, old)]
        if code == new_code
    ]

"""Year-over-year comparisons of a figure per chamber, on a stated basis: chambers of both years.

Values are rounded as they are shown before anything is added or subtracted, so that a
comparison's total is the sum of its rows and each change is the difference of the two
figures beside it. A chamber with a figure one year only is listed, but left out of the
total and said so (`only_now`, `only_before`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Comparison:
    year: int
    frame: pd.DataFrame  # code_region, nom_cres, before, now, change, ratio; one row per chamber
    basis: tuple[str, ...]  # codes of the chambers with a figure both years
    only_now: tuple[str, ...]  # a figure this year only
    only_before: tuple[str, ...]  # a figure the year before only
    before: float  # totals on the basis
    now: float
    change: float
    ratio: float  # change / before; NaN when before is 0
    digits: int  # decimals kept before adding up
    network_now: frozenset[str] = frozenset()  # chambers of the network each year
    network_before: frozenset[str] = frozenset()

    @property
    def previous_year(self) -> int:
        return self.year - 1

    def names(self, codes) -> list[str]:
        named = self.frame.set_index("code_region")["nom_cres"]
        return [str(named[c]) for c in codes]


def _ratio(change: float, before: float) -> float:
    return change / before if before > 0 else float("nan")


def compare(
    now: pd.Series,
    before: pd.Series,
    names: pd.Series,
    year: int,
    digits: int = 0,
    network_now=(),
    network_before=(),
) -> Comparison:
    """Compare per-chamber figures (Series indexed by code; absent or NaN: no figure).

    `names`: code → chamber name, for every code of either year; `network_*`: the codes of
    each year's network, to tell a chamber that sent nothing from one that was not there.
    """
    now = now.dropna().round(digits)
    before = before.dropna().round(digits)
    codes = sorted(set(now.index) | set(before.index))
    frame = pd.DataFrame({"code_region": codes})
    frame["nom_cres"] = frame["code_region"].map(names).fillna(frame["code_region"])
    frame["before"] = frame["code_region"].map(before).astype("float64")
    frame["now"] = frame["code_region"].map(now).astype("float64")
    frame["change"] = (frame["now"] - frame["before"]).round(digits)
    frame["ratio"] = frame["change"] / frame["before"].where(frame["before"] > 0)
    both = frame.dropna(subset=["before", "now"])
    total_before = round(float(both["before"].sum()), digits)
    total_now = round(float(both["now"].sum()), digits)
    change = round(total_now - total_before, digits)
    return Comparison(
        year=year,
        frame=frame,
        basis=tuple(both["code_region"]),
        only_now=tuple(frame.loc[frame["before"].isna(), "code_region"]),
        only_before=tuple(frame.loc[frame["now"].isna(), "code_region"]),
        before=total_before,
        now=total_now,
        change=change,
        ratio=_ratio(change, total_before),
        digits=digits,
        network_now=frozenset(network_now),
        network_before=frozenset(network_before),
    )


def chamber_names(*cres_tables: pd.DataFrame | None) -> pd.Series:
    """code → name over several years' lists of chambers; the first given wins."""
    frames = [t[["code_region", "nom_cres"]] for t in cres_tables if t is not None]
    merged = pd.concat(frames).drop_duplicates("code_region", keep="first")
    return merged.set_index("code_region")["nom_cres"]


def networks(cres: pd.DataFrame, previous_cres: pd.DataFrame | None) -> dict:
    """The keyword arguments of `compare` naming each year's network."""
    return {
        "network_now": set(cres["code_region"]),
        "network_before": set() if previous_cres is None else set(previous_cres["code_region"]),
    }

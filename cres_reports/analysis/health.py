"""The chambers' financial health: the network's result, each chamber's result, equity and cash.

Every amount is in whole euros as the other pages show them (`funding.whole_euros`): a
chamber's result is its rounded income minus its rounded charges, the network's result is the
sum of the chambers' results. Equity and cash are said in months of the year's charges
(`amount / charges × 12`), the measure the council's financing working group uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from . import compare
from .funding import whole_euros
from .tables import with_names

# Columns of `by_chamber`, in the order the page shows them.
COLUMNS = (
    "code_region",
    "nom_cres",
    "total_produits",
    "total_charges",
    "resultat",
    "marge",
    "fonds_propres",
    "mois_fonds_propres",
    "tresorerie",
    "mois_tresorerie",
)


def months(amount: pd.Series, charges: pd.Series) -> pd.Series:
    """An amount in months of the year's charges; NaN for a chamber without charges."""
    return amount / charges.where(charges > 0) * 12


def by_chamber(fin: pd.DataFrame, cres: pd.DataFrame) -> pd.DataFrame:
    """One row per chamber that sent its accounts: result, result as a share of income
    (`marge`), equity and cash in euros and in months of charges.

    The chambers in deficit come first, the largest deficit on top; then the others by
    result, smallest first (the order of the chart: deficits below zero, at the top).
    """
    frame = with_names(whole_euros(fin), cres)
    frame["marge"] = frame["resultat"] / frame["total_produits"].where(frame["total_produits"] > 0)
    frame["mois_fonds_propres"] = months(frame["fonds_propres"], frame["total_charges"])
    frame["mois_tresorerie"] = months(frame["tresorerie"], frame["total_charges"])
    frame = frame.sort_values(["resultat", "code_region"]).reset_index(drop=True)
    return frame[list(COLUMNS)]


@dataclass(frozen=True)
class HealthHeadline:
    chambres: int  # chambers that sent their accounts
    produits: float
    charges: float
    resultat: float  # the sum of the chambers' results: produits - charges
    marge: float  # resultat / produits; NaN without income
    deficitaires: int  # chambers whose result is below zero
    excedentaires: int  # above zero
    equilibre: int  # exactly zero
    mois_fonds_propres: float  # median over the chambers, NaN when none
    mois_tresorerie: float
    fonds_propres_negatifs: int  # chambers whose equity is below zero


def _median(values: pd.Series) -> float:
    values = values.dropna()
    return float(values.median()) if len(values) else math.nan


def headline(fin: pd.DataFrame, cres: pd.DataFrame) -> HealthHeadline:
    frame = by_chamber(fin, cres)
    income, charges = float(frame["total_produits"].sum()), float(frame["total_charges"].sum())
    result = float(frame["resultat"].sum())
    return HealthHeadline(
        chambres=len(frame),
        produits=income,
        charges=charges,
        resultat=result,
        marge=result / income if income > 0 else math.nan,
        deficitaires=int((frame["resultat"] < 0).sum()),
        excedentaires=int((frame["resultat"] > 0).sum()),
        equilibre=int((frame["resultat"] == 0).sum()),
        mois_fonds_propres=_median(frame["mois_fonds_propres"]),
        mois_tresorerie=_median(frame["mois_tresorerie"]),
        fonds_propres_negatifs=int((frame["fonds_propres"] < 0).sum()),
    )


def in_deficit(fin: pd.DataFrame, cres: pd.DataFrame) -> list[str]:
    """Names of the chambers in deficit, the largest deficit first."""
    frame = by_chamber(fin, cres)
    return frame.loc[frame["resultat"] < 0, "nom_cres"].tolist()


def negative_equity(fin: pd.DataFrame, cres: pd.DataFrame) -> list[str]:
    """Names of the chambers whose equity is below zero, the lowest first."""
    frame = by_chamber(fin, cres).sort_values(["fonds_propres", "code_region"])
    return frame.loc[frame["fonds_propres"] < 0, "nom_cres"].tolist()


def results_compared(
    fin: pd.DataFrame,
    previous: pd.DataFrame,
    cres: pd.DataFrame,
    previous_cres: pd.DataFrame | None,
    year: int,
    column: str = "resultat",
) -> compare.Comparison:
    """A figure of the accounts (result by default), this year and the year before, per
    chamber of both years (the year before on the 2016 map across the reform)."""
    now = whole_euros(fin).set_index("code_region")[column]
    before = whole_euros(previous).set_index("code_region")[column]
    return compare.compare_years(now, before, cres, previous_cres, year)


@dataclass(frozen=True)
class DeficitsCompared:
    basis: int  # chambers (regions of the 2016 map across the reform) with accounts both years
    before: int  # in deficit the year before, on the basis
    now: int  # in deficit this year, on the basis
    both: tuple[str, ...]  # names of the chambers in deficit both years


def deficits_compared(comparison: compare.Comparison) -> DeficitsCompared:
    """Chambers in deficit each year, counted on the comparison's basis (`results_compared`)."""
    rows = comparison.frame[comparison.frame["code_region"].isin(comparison.basis)]
    both = rows[(rows["before"] < 0) & (rows["now"] < 0)].sort_values("now")
    return DeficitsCompared(
        basis=len(rows),
        before=int((rows["before"] < 0).sum()),
        now=int((rows["now"] < 0).sum()),
        both=tuple(both["nom_cres"]),
    )

"""The network's series across the years, for the board's dashboard: one row per year.

Years without data are rows of "pas de données" (never interpolated). Every total
comes with its basis: how many chambers gave the figure out of how many in the
network that year. Region-level series are drawn on the 2016 map (`harmonise`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from ..ingest import contract
from ..store.yeardata import YearData
from . import governance, harmonise

# Network series: (column, French label, unit) — the unit decides the format.
SERIES = (
    ("chambres", "Chambres du réseau", "nombre"),
    ("adherentes", "Adhérentes du CNCRES", "nombre"),
    ("ressources", "Ressources totales", "euros"),
    ("conseil_regional", "Subventions des conseils régionaux", "euros"),
    ("part_conseil_regional", "Part des conseils régionaux dans les ressources", "part"),
    ("cdc", "Subventions de la Caisse des Dépôts", "euros"),
    ("part_cdc", "Part de la Caisse des Dépôts dans les ressources", "part"),
    ("postes", "Postes", "nombre"),
    ("etp", "Équivalents temps plein", "etp"),
    ("sieges_ca", "Sièges au conseil d'administration", "nombre"),
)
# What each series' basis counts: the chambers that sent that dataset.
BASIS = {
    "ressources": "comptes",
    "conseil_regional": "comptes",
    "part_conseil_regional": "comptes",
    "cdc": "comptes",
    "part_cdc": "comptes",
    "postes": "effectifs",
    "etp": "effectifs",
    "sieges_ca": "instances",
}


def _year_row(data: YearData) -> dict:
    fin, rh, gov = data.finances, data.rh, data.gouvernance
    resources = float(fin["total_produits"].sum()) if len(fin) else math.nan
    regional = float(fin["subv_conseil_regional"].sum()) if len(fin) else math.nan
    cdc = float(fin["subv_cdc"].sum()) if len(fin) else math.nan
    return {
        "annee": data.year,
        "donnees": True,
        "chambres": len(data.cres),
        "adherentes": int(data.cres["adherent"].sum()),
        "comptes": int(fin["code_region"].nunique()),
        "effectifs": int(rh["code_region"].nunique()),
        "instances": int(gov["code_region"].nunique()),
        "ressources": resources,
        "conseil_regional": regional,
        "part_conseil_regional": regional / resources if resources else math.nan,
        "cdc": cdc,
        "part_cdc": cdc / resources if resources else math.nan,
        "postes": len(rh) if len(rh) else math.nan,
        "etp": float(rh["etp"].sum()) if len(rh) else math.nan,
        "sieges_ca": len(governance.seats(gov, "ca")) if len(gov) else math.nan,
    }


def network_series(years: Mapping[int, YearData | None]) -> pd.DataFrame:
    """One row per year from the first to the last given; a year given as None has no data."""
    if not years:
        return pd.DataFrame(columns=["annee", "donnees"])
    first, last = min(years), max(years)
    rows = []
    for year in range(first, last + 1):
        data = years.get(year)
        rows.append(_year_row(data) if data is not None else {"annee": year, "donnees": False})
    return pd.DataFrame(rows)


def basis(row: pd.Series, column: str) -> str:
    """The basis of one figure of one year, in words: "24 chambres sur 26"."""
    if not row["donnees"]:
        return "pas de données"
    counted = BASIS.get(column)
    if counted is None:
        return f"{int(row['chambres'])} chambres"
    return f"{int(row[counted])} chambres sur {int(row['chambres'])}"


def seats_by_family(years: Mapping[int, YearData | None]) -> pd.DataFrame:
    """Board seats (bureau included) by family, one row per year with data."""
    rows = []
    for year, data in sorted(years.items()):
        if data is None:
            continue
        board = governance.seats(data.gouvernance, "ca")
        counts = board["famille"].value_counts()
        rows.append(
            {
                "annee": year,
                **{governance.FAMILY_LABELS[f]: int(counts.get(f, 0)) for f in contract.FAMILIES},
            }
        )
    return pd.DataFrame(rows)


def regions_series(years: Mapping[int, YearData | None], dataset: str, column: str) -> pd.DataFrame:
    """Regions of the 2016 map × years: `column` of `dataset` summed per region.

    Cells are NaN where the region is incomplete that year (see `incomplete_notes`).
    """
    frames = []
    for year, data in sorted(years.items()):
        if data is None:
            continue
        table = getattr(data, dataset)
        values = table.groupby("code_region", as_index=False)[column].sum()
        harmonised = harmonise.harmonise(values, column, year, data.cres).assign(annee=year)
        frames.append(harmonised)
    if not frames:
        return pd.DataFrame()
    long = pd.concat(frames, ignore_index=True)
    return long.pivot_table(
        index=["code", "region"], columns="annee", values="valeur", aggfunc="first", dropna=False
    )


def incomplete_notes(years: Mapping[int, YearData | None], dataset: str, column: str) -> list[str]:
    """One sentence per incomplete region and year, naming the chambers missing."""
    notes = []
    for year, data in sorted(years.items()):
        if data is None:
            continue
        values = getattr(data, dataset).groupby("code_region", as_index=False)[column].sum()
        harmonised = harmonise.harmonise(values, column, year, data.cres)
        for row in harmonised[~harmonised["complet"]].itertuples():
            notes.append(
                f"{row.region}, {year} : {harmonise.INCOMPLETE} "
                f"(non transmis par {', '.join(row.manquants)})"
            )
    return notes

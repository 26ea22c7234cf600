"""The network's series across the years, for the board's dashboard: one row per year.

Years without data are rows of "pas de données" (never interpolated). Every total
comes with its basis: how many chambers gave the figure out of how many in the
network that year. Region-level series are drawn on the 2016 map (`harmonise`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

import pandas as pd

from .. import config
from ..ingest import contract
from ..store.yeardata import YearData
from . import funding, governance, harmonise, health

# Network series: (column, French label, unit) — the unit decides the format.
SERIES = (
    ("chambres", "Chambres du réseau", "nombre"),
    ("adherentes", "Adhérentes du CNCRES", "nombre"),
    ("ressources", "Ressources totales", "euros"),
    ("conseil_regional", "Subventions des conseils régionaux", "euros"),
    ("part_conseil_regional", "Part des conseils régionaux dans les ressources", "part"),
    ("cdc", "Subventions de la Caisse des Dépôts", "euros"),
    ("part_cdc", "Part de la Caisse des Dépôts dans les ressources", "part"),
    ("resultat", "Résultat de l'ensemble des chambres", "euros"),
    ("deficitaires", "Chambres en déficit", "nombre"),
    ("mois_fonds_propres", "Fonds propres médians, en mois de charges", "mois"),
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
    "resultat": "comptes",
    "deficitaires": "comptes",
    "mois_fonds_propres": "comptes",
    "postes": "effectifs",
    "etp": "effectifs",
    "sieges_ca": "instances",
}


def _accounts(data: YearData) -> pd.DataFrame:
    """The year's accounts in whole euros, rounded per chamber as every page shows them."""
    fin = data.finances
    return funding.whole_euros(fin) if len(fin) else fin


def _table(data: YearData, dataset: str) -> pd.DataFrame:
    return _accounts(data) if dataset == "finances" else getattr(data, dataset)


def _year_row(data: YearData) -> dict:
    fin, rh, gov = _accounts(data), data.rh, data.gouvernance
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
        **_health(data),
        "postes": len(rh) if len(rh) else math.nan,
        "etp": float(rh["etp"].sum()) if len(rh) else math.nan,
        "sieges_ca": len(governance.seats(gov, "ca")) if len(gov) else math.nan,
    }


def _health(data: YearData) -> dict:
    """The network's result, its chambers in deficit and their median equity in months."""
    if not len(data.finances):
        return {"resultat": math.nan, "deficitaires": math.nan, "mois_fonds_propres": math.nan}
    h = health.headline(data.finances, data.cres)
    return {
        "resultat": h.resultat,
        "deficitaires": h.deficitaires,
        "mois_fonds_propres": h.mois_fonds_propres,
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
        values = _table(data, dataset).groupby("code_region", as_index=False)[column].sum()
        harmonised = harmonise.harmonise(values, column, year, data.cres).assign(annee=year)
        frames.append(harmonised)
    if not frames:
        return pd.DataFrame()
    long = pd.concat(frames, ignore_index=True)
    wide = long.pivot(index="code", columns="annee", values="valeur")
    names = long.drop_duplicates("code").set_index("code")["region"]
    wide.index = pd.MultiIndex.from_arrays(
        [wide.index, names[wide.index]], names=["code", "region"]
    )
    return wide.sort_index()


def incomplete_cells(
    years: Mapping[int, YearData | None], dataset: str, column: str
) -> dict[tuple[str, int], tuple[str, list[str]]]:
    """(code on the 2016 map, year) -> (region, chambers missing) for every region of several
    chambers that year of which one or more did not give the figure."""
    cells = {}
    for year, data in sorted(years.items()):
        if data is None:
            continue
        values = _table(data, dataset).groupby("code_region", as_index=False)[column].sum()
        harmonised = harmonise.harmonise(values, column, year, data.cres)
        merged = harmonised["chambres"].map(len) > 1  # one chamber missing: "non transmis"
        for row in harmonised[~harmonised["complet"] & merged].itertuples():
            cells[(str(row.code), year)] = (str(row.region), list(row.manquants))
    return cells


def incomplete_notes(years: Mapping[int, YearData | None], dataset: str, column: str) -> list[str]:
    """One sentence per incomplete region and year, naming the chambers missing."""
    return [
        f"{region}, {year} : {harmonise.INCOMPLETE} (non transmis par {', '.join(missing)})"
        for (_, year), (region, missing) in sorted(
            incomplete_cells(years, dataset, column).items(), key=lambda item: item[0][::-1]
        )
    ]


def available(years: Mapping[int, YearData | None]) -> list[int]:
    """The years with data, in order."""
    return sorted(y for y, d in years.items() if d is not None)


def surveyed(
    years: Mapping[int, YearData | None], dataset: str
) -> Iterator[tuple[int, YearData, pd.DataFrame]]:
    """(year, its data, its `dataset` table) of the years whose survey covered `dataset`."""
    for year in available(years):
        data = years[year]
        assert data is not None
        table = data.table(dataset)
        if table is not None:
            yield year, data, table


def gaps(years: Mapping[int, YearData | None]) -> list[int]:
    """The years without data between the first and the last year with data."""
    return missing_between(available(years))


def missing_between(have: list[int]) -> list[int]:
    """The years between the first and the last of `have` (sorted) that it lacks."""
    return [y for y in range(have[0], have[-1] + 1) if y not in have] if have else []


def map_2016_regions(data: YearData) -> int:
    """How many regions of the 2016 map held at least one chamber that year."""
    return len({harmonise.region_2016(code, data.year)[0] for code in data.cres["code_region"]})


def statutory_life(years: Mapping[int, YearData | None]) -> pd.DataFrame:
    """Survey years only: meetings of the bodies and member organisations, summed over the
    chambers that answered, with how many answered (`repondantes`) out of the network."""
    rows = []
    for year, data, life in surveyed(years, "vie_statutaire"):
        rows.append(
            {
                "annee": year,
                "repondantes": int(life["code_region"].nunique()),
                "chambres": len(data.cres),
                "nombre_ag": int(life["nombre_ag"].sum()),
                "nombre_ca": int(life["nombre_ca"].sum()),
                "nombre_bureau": int(life["nombre_bureau"].sum()),
                "adherents": int(life["adherents"].sum()),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "annee",
            "repondantes",
            "chambres",
            "nombre_ag",
            "nombre_ca",
            "nombre_bureau",
            "adherents",
        ],
    )


def missions(years: Mapping[int, YearData | None]) -> tuple[pd.DataFrame, dict[int, int]]:
    """Survey years only: how many chambers exercise each mission (mission code × year), and
    how many chambers answered the missions sheet each year."""
    counts: dict[int, pd.Series] = {}
    answered: dict[int, int] = {}
    for year, _, table in surveyed(years, "missions"):
        answered[year] = int(table["code_region"].nunique())
        done = table[table["exercee"].astype(bool)]
        counts[year] = done.groupby("mission")["code_region"].nunique()
    frame = pd.DataFrame(counts).fillna(0).astype(int) if counts else pd.DataFrame()
    return frame, answered


def region_history(
    years: Mapping[int, YearData | None], code: str, year: int
) -> tuple[pd.DataFrame, list[str]]:
    """Key figures of the region of `code` (a code of `year`) in every year up to `year`.

    From 2016 on, a region's years before the reform sum its predecessors' figures, only
    when every predecessor gave the figure (else NaN, the missing chambers in `manquants`).
    Returns the frame (one row per year with data: `annee`, `chambres`, one column per key
    figure, `manquants` a dict column → names) and the predecessors' names (empty when the
    chamber did not come from a merger).
    """
    target = harmonise.region_2016(code, year)[0] if year >= config.REFORM_YEAR else code
    rows = []
    merged: list[str] = []
    for y in available(years):
        if y > year:
            break
        data = years[y]
        assert data is not None
        if year >= config.REFORM_YEAR:
            network = data.cres[
                [harmonise.region_2016(c, y)[0] == target for c in data.cres["code_region"]]
            ]
        else:
            network = data.cres[data.cres["code_region"] == code]
        if network.empty:
            continue
        if y < config.REFORM_YEAR and year >= config.REFORM_YEAR and len(network) > 1:
            merged = list(network["nom_cres"])
        row: dict = {"annee": y, "chambres": list(network["nom_cres"]), "manquants": {}}
        for column, (dataset, field, how) in HISTORY_FIGURES.items():
            table = _table(data, dataset)
            rows_of = table[table["code_region"].isin(network["code_region"])]
            given = set(rows_of["code_region"])
            missing = [n for c, n in network[["code_region", "nom_cres"]].values if c not in given]
            if missing:
                row[column] = math.nan
                row["manquants"][column] = missing
            elif how == "sum":
                row[column] = float(rows_of[field].sum())
            else:  # count of rows (posts, board seats)
                row[column] = float(len(rows_of if field is None else rows_of[rows_of[field]]))
        rows.append(row)
    return pd.DataFrame(rows), merged


# Key figures of a profile's history: column -> (dataset, field, "sum" or "count").
HISTORY_FIGURES = {
    "ressources": ("finances", "total_produits", "sum"),
    "conseil_regional": ("finances", "subv_conseil_regional", "sum"),
    "cdc": ("finances", "subv_cdc", "sum"),
    "resultat": ("finances", "resultat", "sum"),
    "postes": ("rh", None, "count"),
    "etp": ("rh", "etp", "sum"),
}

"""Funding of the chambers: national totals by source, regional council and CDC grants, changes.

Every figure here is in whole euros, rounded once per chamber (`whole_euros`) so that what
the pages show adds up: a chamber's lines add up to its total, totals are sums of the
amounts shown, differences are differences of the amounts shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..ingest import contract
from . import compare
from .tables import TOTAL_LABEL, with_names, with_total

SOURCE_LABELS = {
    "subv_conseil_regional": "Conseil régional",
    "subv_cdc": "Caisse des Dépôts",
    "subv_etat": "État",
    "fse": "Fonds social européen",
    "autres_collectivites": "Autres collectivités",
    "cotisations": "Cotisations",
    "prestations": "Prestations",
    "partenariats_prives": "Partenariats privés",
    "autres_produits": "Autres produits",
}
# The board reads the mix in five groups; each group is defined under the chart that uses it.
SOURCE_GROUPS = {
    "subv_conseil_regional": "Conseil régional",
    "subv_cdc": "Caisse des Dépôts",
    "subv_etat": "État et Europe",
    "fse": "État et Europe",
    "autres_collectivites": "Autres collectivités",
    "cotisations": "Ressources propres",
    "prestations": "Ressources propres",
    "partenariats_prives": "Ressources propres",
    "autres_produits": "Ressources propres",
}
GRANTS = {"subv_conseil_regional": "convention_conseil_regional", "subv_cdc": "convention_cdc"}
# The full table of income lines, split in two so that each fits the width of a page.
PUBLIC_LINES = ("subv_conseil_regional", "subv_cdc", "subv_etat", "fse", "autres_collectivites")
OWN_LINES = ("cotisations", "prestations", "partenariats_prives", "autres_produits")
OTHER_AMOUNTS = ("total_charges", "fonds_propres", "tresorerie")


def _half_up(value: float) -> int:
    return int(math.floor(value + 0.5))


def _apportion(lines: list[float], total: float) -> list[int]:
    """Whole euros for `lines` that add up to the rounded `total` (largest remainders).

    When the declared total is too far from its lines for that, each line is rounded alone.
    """
    floors = [math.floor(v) for v in lines]
    missing = _half_up(total) - sum(floors)
    if not 0 <= missing <= len(lines):
        return [_half_up(v) for v in lines]
    by_remainder = sorted(range(len(lines)), key=lambda i: (-(lines[i] - floors[i]), i))
    for i in by_remainder[:missing]:
        floors[i] += 1
    return floors


def whole_euros(fin: pd.DataFrame) -> pd.DataFrame:
    """The accounts in whole euros as the reports show them (idempotent).

    Income lines add up to the declared total rounded to the euro; the result is the
    rounded income minus the rounded expenses.
    """
    frame = fin.copy()
    lines = list(contract.INCOME_LINES)
    rounded = [
        _apportion([float(v) for v in row[lines]], float(row["total_produits"]))
        for _, row in frame.iterrows()
    ]
    if rounded:
        frame[lines] = pd.DataFrame(rounded, index=frame.index, columns=lines).astype("float64")
        frame["total_produits"] = frame[lines].sum(axis=1)
    for column in OTHER_AMOUNTS:
        frame[column] = frame[column].map(_half_up).astype("float64")
    frame["resultat"] = frame["total_produits"] - frame["total_charges"]
    return frame


def national_totals(fin: pd.DataFrame) -> pd.DataFrame:
    """Total by income line, its share of all resources, in the contract's order."""
    fin = whole_euros(fin)
    totals = fin[list(contract.INCOME_LINES)].sum()
    grand = totals.sum()
    return pd.DataFrame(
        {
            "source": list(contract.INCOME_LINES),
            "Source": [SOURCE_LABELS[s] for s in contract.INCOME_LINES],
            "Montant": totals.to_numpy(),
            "Part": (totals / grand if grand else totals * float("nan")).to_numpy(),
        }
    )


@dataclass(frozen=True)
class FundingHeadline:
    chambres: int  # chambers that sent their accounts
    ressources: float
    charges: float
    resultat: float
    conseil_regional: float
    cdc: float
    part_conseil_regional: float  # NaN when there are no resources
    part_cdc: float
    avec_cdc: int  # chambers with a CDC grant


def headline(fin: pd.DataFrame) -> FundingHeadline:
    fin = whole_euros(fin)
    resources = float(fin["total_produits"].sum())
    regional, cdc = float(fin["subv_conseil_regional"].sum()), float(fin["subv_cdc"].sum())
    return FundingHeadline(
        chambres=int(len(fin)),
        ressources=resources,
        charges=float(fin["total_charges"].sum()),
        resultat=float(fin["resultat"].sum()),
        conseil_regional=regional,
        cdc=cdc,
        part_conseil_regional=regional / resources if resources else float("nan"),
        part_cdc=cdc / resources if resources else float("nan"),
        avec_cdc=int((fin["subv_cdc"] > 0).sum()),
    )


def grant_ranking(fin: pd.DataFrame, cres: pd.DataFrame, grant: str) -> pd.DataFrame:
    """Chambers that received the grant, ranked, with its share of each chamber's resources.

    Chambers with no grant are not ranked (see `without_grant`).
    """
    frame = with_names(whole_euros(fin), cres)
    frame = frame[frame[grant] > 0]
    frame = frame.assign(
        Montant=frame[grant],
        Part=frame[grant] / frame["total_produits"].where(frame["total_produits"] > 0),
        Convention=frame[GRANTS[grant]].map({True: "oui", False: "non"}),
    )
    frame = frame.sort_values(["Montant", "code_region"], ascending=[False, True])
    frame.insert(0, "Rang", range(1, len(frame) + 1))
    return frame[["Rang", "code_region", "nom_cres", "Montant", "Part", "Convention"]].rename(
        columns={"code_region": "Code", "nom_cres": "Chambre"}
    )


def without_grant(fin: pd.DataFrame, cres: pd.DataFrame, grant: str) -> list[str]:
    """Chambers whose accounts show no such grant."""
    frame = with_names(whole_euros(fin), cres)
    return frame.loc[frame[grant] <= 0].sort_values("code_region")["nom_cres"].tolist()


def without_accounts(fin: pd.DataFrame, cres: pd.DataFrame) -> list[str]:
    """Chambers of the network that did not send their accounts."""
    sent = set(fin["code_region"])
    rows = cres[~cres["code_region"].isin(sent)].sort_values("code_region")
    return rows["nom_cres"].tolist()


def agreements(fin: pd.DataFrame, cres: pd.DataFrame, grant: str) -> list[str]:
    """Names of the chambers holding a multi-year agreement for that grant."""
    frame = with_names(fin, cres).sort_values("code_region")
    return frame.loc[frame[GRANTS[grant]], "nom_cres"].tolist()


def column_changes(
    fin: pd.DataFrame,
    previous: pd.DataFrame | None,
    cres: pd.DataFrame,
    column: str,
    year: int,
    previous_cres: pd.DataFrame | None = None,
) -> compare.Comparison | None:
    """One amount per chamber, this year and the year before, in whole euros."""
    if previous is None:
        return None
    now = whole_euros(fin).set_index("code_region")[column]
    before = whole_euros(previous).set_index("code_region")[column]
    names = compare.chamber_names(cres, previous_cres)
    return compare.compare(now, before, names, year, **compare.networks(cres, previous_cres))


def full_table(fin: pd.DataFrame, cres: pd.DataFrame, lines: tuple[str, ...]) -> pd.DataFrame:
    """Some income lines per chamber and their total, in whole euros, with a total row."""
    frame = with_names(whole_euros(fin), cres).sort_values("code_region")
    columns = ["code_region", "nom_cres", *lines]
    sums = list(lines)
    if lines == OWN_LINES:
        columns.append("total_produits")
        sums.append("total_produits")
    frame = with_total(frame[columns], sums, "nom_cres", label=TOTAL_LABEL)
    labels = {
        **SOURCE_LABELS,
        "code_region": "Code",
        "nom_cres": "Chambre",
        "total_produits": "Total des produits",
    }
    return frame.rename(columns=labels)


def mix_by_chamber(fin: pd.DataFrame, cres: pd.DataFrame) -> pd.DataFrame:
    """Share of each source group in each chamber's resources (one row per chamber).

    Columns: Code, Chambre, then one per group in `SOURCE_GROUPS` order.
    """
    frame = with_names(whole_euros(fin), cres).sort_values("code_region")
    groups = frame[list(SOURCE_GROUPS)].T.groupby(pd.Series(SOURCE_GROUPS)).sum().T
    order = group_names()
    totals = frame["total_produits"].where(frame["total_produits"] > 0)
    shares = groups[order].div(totals, axis=0)
    shares.insert(0, "Chambre", frame["nom_cres"])
    shares.insert(0, "Code", frame["code_region"])
    return shares.sort_values(["Conseil régional", "Code"], ascending=[False, True]).reset_index(
        drop=True
    )


def group_names() -> list[str]:
    return list(dict.fromkeys(SOURCE_GROUPS.values()))


def group_definitions() -> dict[str, list[str]]:
    """Each source group and the income lines it holds, as labels."""
    found: dict[str, list[str]] = {}
    for line, group in SOURCE_GROUPS.items():
        found.setdefault(group, []).append(SOURCE_LABELS[line])
    return found

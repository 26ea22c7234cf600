"""Funding of the chambers: national totals by source, regional council and CDC grants, changes."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..ingest import contract
from .tables import with_names, with_total

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
# The board reads the mix in four groups: regional council, CDC, State and Europe, own resources.
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


def national_totals(fin: pd.DataFrame) -> pd.DataFrame:
    """Total by income line, its share of all resources, in the contract's order."""
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
    totals = national_totals(fin).set_index("source")["Montant"]
    resources = float(fin["total_produits"].sum())
    return FundingHeadline(
        chambres=int(len(fin)),
        ressources=resources,
        charges=float(fin["total_charges"].sum()),
        resultat=float(fin["resultat"].sum()),
        conseil_regional=float(totals["subv_conseil_regional"]),
        cdc=float(totals["subv_cdc"]),
        part_conseil_regional=float(totals["subv_conseil_regional"]) / resources
        if resources
        else float("nan"),
        part_cdc=float(totals["subv_cdc"]) / resources if resources else float("nan"),
        avec_cdc=int((fin["subv_cdc"] > 0).sum()),
    )


def grant_ranking(fin: pd.DataFrame, cres: pd.DataFrame, grant: str) -> pd.DataFrame:
    """Chambers ranked by one grant, with the grant's share of each chamber's resources."""
    frame = with_names(fin, cres)
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


def agreements(fin: pd.DataFrame, cres: pd.DataFrame, grant: str) -> list[str]:
    """Names of the chambers holding a multi-year agreement for that grant."""
    frame = with_names(fin, cres)
    return sorted(frame.loc[frame[GRANTS[grant]], "nom_cres"].tolist())


def column_changes(
    fin: pd.DataFrame, previous: pd.DataFrame | None, cres: pd.DataFrame, column: str
) -> pd.DataFrame | None:
    """Per chamber and in total: this year, last year, change in € and %, for one column.

    Chambers present only one of the two years show a missing value for the other.
    """
    if previous is None:
        return None
    now = fin[["code_region", column]].rename(columns={column: "now"})
    before = previous[["code_region", column]].rename(columns={column: "before"})
    frame = with_names(now.merge(before, on="code_region", how="outer"), cres)
    frame["nom_cres"] = frame["nom_cres"].fillna(frame["code_region"])
    frame = frame.sort_values("code_region").reset_index(drop=True)
    both = frame.dropna(subset=["now", "before"])
    total = pd.DataFrame(
        {
            "code_region": ["Total"],
            "nom_cres": ["Ensemble des chambres présentes les deux années"],
            "now": [both["now"].sum()],
            "before": [both["before"].sum()],
        }
    )
    frame = pd.concat([frame, total], ignore_index=True)
    frame["Écart"] = frame["now"] - frame["before"]
    frame["Évolution"] = frame["Écart"] / frame["before"].where(frame["before"] > 0)
    return frame.rename(
        columns={
            "code_region": "Code",
            "nom_cres": "Chambre",
            "now": "Année",
            "before": "Année précédente",
        }
    )


def full_table(fin: pd.DataFrame, cres: pd.DataFrame) -> pd.DataFrame:
    """Every income line per chamber, exact euros, with a total row."""
    frame = with_names(fin, cres).sort_values("code_region")
    columns = ["code_region", "nom_cres", *contract.INCOME_LINES, "total_produits"]
    frame = with_total(frame[columns], [*contract.INCOME_LINES, "total_produits"], "nom_cres")
    labels = {
        **SOURCE_LABELS,
        "code_region": "Code",
        "nom_cres": "Chambre",
        "total_produits": "Total des produits",
    }
    return frame.rename(columns=labels)


def mix_by_chamber(fin: pd.DataFrame, cres: pd.DataFrame) -> pd.DataFrame:
    """Share of each source group in each chamber's resources (rows: chambers)."""
    frame = with_names(fin, cres).set_index("nom_cres")
    groups = frame[list(SOURCE_GROUPS)].T.groupby(pd.Series(SOURCE_GROUPS)).sum().T
    order = list(dict.fromkeys(SOURCE_GROUPS.values()))
    totals = frame["total_produits"].where(frame["total_produits"] > 0)
    return groups[order].div(totals, axis=0).sort_values("Conseil régional", ascending=False)

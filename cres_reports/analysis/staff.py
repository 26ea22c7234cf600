"""Human resources of the chambers: posts, FTE, functions, contracts, lent staff."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .tables import with_names, with_total

FUNCTION_LABELS = {
    "direction": "Direction",
    "chargee_mission": "Chargé·e de mission",
    "assistanat": "Assistanat",
    "comptabilite": "Comptabilité",
    "communication": "Communication",
    "observatoire": "Observatoire",
    "autre": "Autre",
}
CONTRACT_LABELS = {
    "cdi": "CDI",
    "cdd": "CDD",
    "mise_a_disposition": "Mise à disposition",
    "contrat_aide": "Contrat aidé",
    "autre": "Autre",
}


@dataclass(frozen=True)
class StaffHeadline:
    postes: int
    etp: float
    chambres: int  # chambers that declared at least one post
    mis_a_disposition: int
    etp_mis_a_disposition: float
    cdi: int


def headline(rh: pd.DataFrame) -> StaffHeadline:
    lent = rh["contrat"] == "mise_a_disposition"
    return StaffHeadline(
        postes=int(len(rh)),
        etp=float(rh["etp"].sum()),
        chambres=int(rh["code_region"].nunique()),
        mis_a_disposition=int(lent.sum()),
        etp_mis_a_disposition=float(rh.loc[lent, "etp"].sum()),
        cdi=int((rh["contrat"] == "cdi").sum()),
    )


def per_chamber(rh: pd.DataFrame, cres: pd.DataFrame, fin: pd.DataFrame | None = None):
    """Posts and FTE per chamber (every chamber of the year, zero when none declared)."""
    counts = rh.groupby("code_region").agg(Postes=("etp", "size"), ETP=("etp", "sum"))
    frame = cres[["code_region", "nom_cres"]].set_index("code_region").join(counts)
    frame["Postes"] = frame["Postes"].fillna(0).astype(int)
    frame["ETP"] = frame["ETP"].fillna(0.0)
    if fin is not None:
        budget = fin.set_index("code_region")["total_charges"]
        frame["Charges"] = budget
        frame["Charges par ETP"] = frame["Charges"] / frame["ETP"].where(frame["ETP"] > 0)
    frame = frame.reset_index().sort_values("code_region")
    return frame.rename(columns={"code_region": "Code", "nom_cres": "Chambre"})


def breakdown(rh: pd.DataFrame, column: str) -> pd.DataFrame:
    """Posts and FTE by function or by contract, in the contract's order."""
    labels = FUNCTION_LABELS if column == "fonction" else CONTRACT_LABELS
    grouped = rh.groupby(column).agg(Postes=("etp", "size"), ETP=("etp", "sum"))
    frame = grouped.reindex(list(labels)).fillna(0)
    frame["Postes"] = frame["Postes"].astype(int)
    frame["Part des ETP"] = frame["ETP"] / frame["ETP"].sum() if frame["ETP"].sum() else 0.0
    frame.index = [labels[k] for k in frame.index]
    frame.index.name = "Fonction" if column == "fonction" else "Contrat"
    return frame.reset_index()


def lent_staff(rh: pd.DataFrame, cres: pd.DataFrame) -> pd.DataFrame:
    frame = with_names(rh[rh["contrat"] == "mise_a_disposition"], cres)
    frame = frame.sort_values(["code_region", "poste"])
    frame["Fonction"] = frame["fonction"].map(FUNCTION_LABELS)
    return frame[["nom_cres", "poste", "Fonction", "etp", "mis_a_disposition_par"]].rename(
        columns={
            "nom_cres": "Chambre",
            "poste": "Poste",
            "etp": "ETP",
            "mis_a_disposition_par": "Mis à disposition par",
        }
    )


def lenders(rh: pd.DataFrame) -> pd.DataFrame:
    lent = rh[rh["contrat"] == "mise_a_disposition"]
    frame = lent.groupby("mis_a_disposition_par").agg(
        Postes=("etp", "size"), ETP=("etp", "sum"), Chambres=("code_region", "nunique")
    )
    frame = frame.sort_values(["ETP", "Postes"], ascending=False).reset_index()
    return frame.rename(columns={"mis_a_disposition_par": "Organisme"})


def team_changes(
    rh: pd.DataFrame, previous: pd.DataFrame | None, cres: pd.DataFrame
) -> pd.DataFrame | None:
    """Posts and FTE per chamber this year and the year before."""
    if previous is None:
        return None

    def per(frame):
        return frame.groupby("code_region").agg(postes=("etp", "size"), etp=("etp", "sum"))

    joined = per(rh).join(per(previous), how="outer", suffixes=("", "_prec")).reset_index()
    frame = with_names(joined, cres)
    frame["nom_cres"] = frame["nom_cres"].fillna(frame["code_region"])
    frame = frame.sort_values("code_region")
    frame = frame.assign(ecart=frame["etp"] - frame["etp_prec"])
    frame = frame[["nom_cres", "postes_prec", "postes", "etp_prec", "etp", "ecart"]]
    frame = frame.rename(
        columns={
            "nom_cres": "Chambre",
            "postes_prec": "Postes (année précédente)",
            "postes": "Postes",
            "etp_prec": "ETP (année précédente)",
            "etp": "ETP",
            "ecart": "Écart d'ETP",
        }
    )
    return with_total(frame, [c for c in frame.columns if c != "Chambre"], "Chambre")

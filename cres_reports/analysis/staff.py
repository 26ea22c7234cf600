"""Human resources of the chambers: posts, FTE, functions, contracts, lent staff."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import compare
from .funding import whole_euros
from .tables import with_names

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
    """Posts and FTE per chamber of the year; NaN for a chamber that sent no staff figures.

    FTE are rounded to one decimal per chamber, as shown, before anything is added up.
    """
    counts = rh.groupby("code_region").agg(Postes=("etp", "size"), ETP=("etp", "sum"))
    frame = cres[["code_region", "nom_cres"]].set_index("code_region").join(counts)
    frame["Postes"] = frame["Postes"].astype("float64")
    frame["ETP"] = frame["ETP"].round(1)
    if fin is not None:
        budget = whole_euros(fin).set_index("code_region")["total_charges"]
        frame["Charges"] = budget
        frame["Charges par ETP"] = frame["Charges"] / frame["ETP"].where(frame["ETP"] > 0)
    frame = frame.reset_index().sort_values("code_region")
    return frame.rename(columns={"code_region": "Code", "nom_cres": "Chambre"})


def without_staff_figures(rh: pd.DataFrame, cres: pd.DataFrame) -> list[str]:
    """Chambers of the network that sent no staff figures."""
    rows = cres[~cres["code_region"].isin(set(rh["code_region"]))].sort_values("code_region")
    return rows["nom_cres"].tolist()


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
    columns = ["code_region", "nom_cres", "poste", "Fonction", "etp", "mis_a_disposition_par"]
    return frame[columns].rename(
        columns={
            "code_region": "Code",
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


@dataclass(frozen=True)
class TeamChanges:
    """Posts and FTE per chamber, two years, on the same basis (chambers with posts both years)."""

    posts: compare.Comparison
    fte: compare.Comparison


def team_changes(
    rh: pd.DataFrame,
    previous: pd.DataFrame | None,
    cres: pd.DataFrame,
    year: int,
    previous_cres: pd.DataFrame | None = None,
) -> TeamChanges | None:
    """Posts and FTE per chamber this year and the year before."""
    if previous is None:
        return None

    def per(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.groupby("code_region").agg(postes=("etp", "size"), etp=("etp", "sum"))

    now, before = per(rh), per(previous)
    names = compare.chamber_names(cres, previous_cres)
    networks = compare.networks(cres, previous_cres)
    return TeamChanges(
        posts=compare.compare(now["postes"], before["postes"], names, year, **networks),
        fte=compare.compare(now["etp"], before["etp"], names, year, digits=1, **networks),
    )

"""Human resources of the chambers: posts, FTE, functions, contracts, lent staff."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import charts
from .funding import with_names

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


def headline(rh: pd.DataFrame) -> dict:
    lent = rh["contrat"] == "mise_a_disposition"
    return {
        "postes": int(len(rh)),
        "etp": float(rh["etp"].sum()),
        "chambres": int(rh["code_region"].nunique()),
        "mis_a_disposition": int(lent.sum()),
        "etp_mis_a_disposition": float(rh.loc[lent, "etp"].sum()),
        "cdi": int((rh["contrat"] == "cdi").sum()),
    }


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


def with_total(frame: pd.DataFrame, sums: list[str], label_column: str = "Chambre"):
    total = {c: "" for c in frame.columns}
    total.update({c: frame[c].sum() for c in sums})
    total[label_column] = "Total"
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


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


def changes(rh: pd.DataFrame, previous: pd.DataFrame | None, cres: pd.DataFrame):
    """Posts and FTE per chamber this year and the year before."""
    if previous is None:
        return None

    def per(frame):
        return frame.groupby("code_region").agg(postes=("etp", "size"), etp=("etp", "sum"))

    joined = per(rh).join(per(previous), how="outer", lsuffix="", rsuffix="_prec").reset_index()
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
    return with_total(frame, [c for c in frame.columns if c != "Chambre"])


def fte_figure(per: pd.DataFrame):
    frame = per.sort_values("ETP", ascending=False)
    fig = charts.hbars(
        frame["ETP"],
        frame["Chambre"],
        color="#6b46c1",
        customdata=frame["Postes"],
        hover="%{y} : %{x:.1f} ETP, %{customdata} poste(s)<extra></extra>",
    )
    return charts.style(fig, "Équivalents temps plein par chambre", height=22 * len(frame) + 100)


def breakdown_figure(frame: pd.DataFrame, title: str):
    label = frame.columns[0]
    fig = go.Figure(
        go.Bar(
            x=frame[label],
            y=frame["ETP"],
            marker_color="#dd6b20",
            hovertemplate="%{x} : %{y:.1f} ETP<extra></extra>",
        )
    )
    return charts.style(fig, title, height=340)


def budget_figure(per: pd.DataFrame):
    frame = per.dropna(subset=["Charges"])
    fig = go.Figure(
        go.Scatter(
            x=frame["Charges"],
            y=frame["ETP"],
            mode="markers+text",
            text=frame["Code"],
            textposition="top center",
            customdata=frame["Chambre"].map(charts.label),
            hovertemplate="%{customdata} : %{y:.1f} ETP pour %{x:,.0f} € de charges<extra></extra>",
            marker={"size": 10, "color": "#2b6cb0"},
        )
    )
    fig.update_xaxes(title="Charges de l'exercice", ticksuffix=" €", tickformat=",.0f")
    fig.update_yaxes(title="ETP")
    return charts.style(fig, "ETP et budget des chambres", height=420)

"""The two-page profile of one chamber: identity, budget, team, governance, survey answers."""

from __future__ import annotations

import pandas as pd

from ..ingest import contract
from ..ingest.responses import STATUS_UNCHANGED
from ..store.yeardata import YearData
from . import answers, governance, missions, observatory, staff
from .funding import SOURCE_LABELS, whole_euros
from .tables import with_total

STATUS_LABELS = {"structuree": "structurée", "en_structuration": "en structuration"}
MISSING_LABELS = {
    "finances": "ses comptes de l'exercice",
    "rh": "ses effectifs au 31 décembre",
    "gouvernance": "la composition de ses instances",
}


def _rows(frame: pd.DataFrame, code: str) -> pd.DataFrame:
    return frame[frame["code_region"] == code]


def identity(data: YearData, code: str) -> dict:
    row = _rows(data.cres, code).iloc[0]
    created = row["annee_creation"]
    return {
        "code": code,
        "nom": row["nom_cres"],
        "region": row["region"],
        "statut": STATUS_LABELS.get(row["statut"], row["statut"]),
        "adherent": "oui" if row["adherent"] else "non",
        "creation": "non renseignée" if pd.isna(created) else str(int(created)),
    }


def missing(data: YearData, code: str) -> list[str]:
    """The datasets that hold no row for this chamber this year."""
    return [
        label
        for dataset, label in MISSING_LABELS.items()
        if _rows(getattr(data, dataset), code).empty
    ]


def missing_note(data: YearData, code: str) -> str | None:
    """What the profile says of the chamber's missing data; None when nothing is missing.

    A chamber that did not return the survey is said so, never shown as zeros.
    """
    aside = data.set_aside().get(code)
    if aside is not None:
        return (
            f"la réponse de la chambre à l'enquête {data.year} a été écartée le "
            f"{aside.date:%d/%m/%Y} ({aside.reason}) : aucun de ses chiffres n'est publié "
            "ni compté dans les totaux"
        )
    if data.response(code) == STATUS_UNCHANGED:
        return (
            f"la chambre a renvoyé le questionnaire {data.year} tel qu'il était pré-rempli, "
            f"sans le vérifier : ses réponses de {data.year - 1} ne sont pas reprises"
        )
    if data.answered(code) is False:
        return f"la chambre n'a pas répondu à l'enquête {data.year}"
    gaps = missing(data, code)
    return f"la chambre n'a pas transmis {', '.join(gaps)}" if gaps else None


def accounts(data: YearData, code: str) -> pd.Series | None:
    """The chamber's accounts in whole euros, as every page shows them; None if not sent."""
    rows = _rows(data.finances, code)
    return None if rows.empty else whole_euros(rows).iloc[0]


def income_mix(row: pd.Series) -> pd.DataFrame:
    total = row["total_produits"]
    frame = pd.DataFrame(
        {
            "Source": [SOURCE_LABELS[s] for s in contract.INCOME_LINES],
            "Montant": [row[s] for s in contract.INCOME_LINES],
        }
    )
    frame["Part"] = frame["Montant"] / total if total else float("nan")
    frame = frame[frame["Montant"] > 0]
    total_row = pd.DataFrame({"Source": ["Total des produits"], "Montant": [total], "Part": [1.0]})
    return pd.concat([frame, total_row], ignore_index=True)


def reserves_months(row: pd.Series) -> float:
    """Own funds expressed in months of the year's expenses."""
    if not row["total_charges"]:
        return float("nan")
    return row["fonds_propres"] / row["total_charges"] * 12


def team(data: YearData, code: str) -> pd.DataFrame:
    rows = _rows(data.rh, code).sort_values(["fonction", "poste"])
    frame = pd.DataFrame(
        {
            "Poste": rows["poste"],
            "Fonction": rows["fonction"].map(staff.FUNCTION_LABELS),
            "Contrat": rows["contrat"].map(staff.CONTRACT_LABELS),
            "ETP": rows["etp"],
            "Mis à disposition par": rows["mis_a_disposition_par"],
        }
    )
    return frame.reset_index(drop=True)


def seats_by_family(data: YearData, code: str) -> pd.DataFrame:
    gov = _rows(data.gouvernance, code)
    table = {
        label: [
            len(governance.seats(gov[gov["famille"] == f], body)) for body in governance.BODY_LABELS
        ]
        for f, label in governance.FAMILY_LABELS.items()
    }
    frame = pd.DataFrame(table, index=list(governance.BODY_LABELS.values())).T
    frame = frame[frame.sum(axis=1) > 0].reset_index(names="Famille")
    return with_total(frame, list(governance.BODY_LABELS.values()), "Famille")


def president(data: YearData, code: str) -> str | None:
    gov = _rows(data.gouvernance, code)
    chair = gov[gov["fonction"] == "president"]
    return None if chair.empty else chair.iloc[0]["organisation"]


def topic_gap(data: YearData, dataset: str, code: str) -> str | None:
    """Why the profile shows nothing of a survey topic (the year did not cover it, the
    chamber did not answer, or sent the workbook without that sheet); None if it answered."""
    if not answers.covered(data, dataset):
        return f"non couvert par l'enquête {data.year}"
    state = answers.states(data, dataset)[code]
    return None if state == answers.ANSWERED else state


def observatory_row(data: YearData, code: str) -> pd.Series:
    """The chamber's line of the observatories' table (`observatory.COLUMNS`)."""
    table = observatory.by_chamber(data)
    return table[table["Code"] == code].iloc[0]


def missions_exercised(data: YearData, code: str) -> tuple[list[str], float]:
    """The labels of the missions the chamber exercises, in the questionnaire's order, and
    the FTE it gives them (NaN when it gave none)."""
    grid = missions.grid(data)
    row = grid[grid["Code"] == code].iloc[0]
    done = [label for m, label in missions.MISSION_LABELS.items() if row[m] == missions.EXERCISED]
    return done, row["ETP"]

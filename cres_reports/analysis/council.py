"""The council's own activity in figures: attendance where it holds seats, its meetings, the
Mois de l'ESS by region and its accounts (docs/council-contract.md). Pure functions on frames.

Rates are shares (0.8, not 80) and NaN when there is nothing to divide by: a body that
met no time has no attendance rate (« sans objet »), a type without meetings no average.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .. import absence
from ..ingest import contract

# The kinds of meeting the council organises, as the board reads them (contract order).
MEETING_LABELS = {
    "assemblee_generale": "Assemblée générale",
    "conseil_administration": "Conseil d'administration",
    "bureau": "Bureau",
    "dircres": "Réunions des directeurs (DIRCRES)",
    "groupe_travail": "Groupes de travail",
    "journee_echange": "Journées d'échange",
    "seminaire": "Séminaires",
    "formation": "Formations",
}
NOT_APPLICABLE = absence.NOT_APPLICABLE  # how a rate without meetings reads
TOTAL_LABEL = "Ensemble des régions"  # the total row of the Mois de l'ESS


def attendance_rate(presences: float, reunions: float) -> float:
    """Meetings attended over meetings held; NaN (« sans objet ») when none was held."""
    if pd.isna(reunions) or pd.isna(presences) or reunions == 0:
        return math.nan
    return float(presences) / float(reunions)


def _with_rate(frame: pd.DataFrame) -> pd.DataFrame:
    frame["taux_presence"] = [
        attendance_rate(p, r) for p, r in zip(frame["presences"], frame["reunions"], strict=True)
    ]
    return frame


def attendance_by_body(representation: pd.DataFrame) -> pd.DataFrame:
    """One row per body of the file (organisme, instance), in its order: seats, meetings held,
    meetings attended and the attendance rate."""
    columns = ["organisme", "instance", "sieges", "reunions", "presences"]
    frame = representation[columns].copy().reset_index(drop=True)
    for column in ("sieges", "reunions", "presences"):
        frame[column] = frame[column].astype("int64")
    return _with_rate(frame)


def attendance_by_organisation(representation: pd.DataFrame) -> pd.DataFrame:
    """One row per organisation (its bodies together), in the file's order: seats, meetings
    held and attended, and the rate over all its meetings."""
    counts = ["sieges", "reunions", "presences"]
    frame = representation[["organisme", *counts]].copy()
    for column in counts:
        frame[column] = frame[column].astype("int64")
    summed = frame.groupby("organisme", sort=False)[counts].sum().reset_index()
    return _with_rate(summed)


def overall_attendance(representation: pd.DataFrame) -> float:
    """The rate over every body together (NaN when none met)."""
    return attendance_rate(
        representation["presences"].astype("int64").sum(),
        representation["reunions"].astype("int64").sum(),
    )


def _types_present(types: pd.Series) -> list[str]:
    """The meeting types found, in the contract's order."""
    found = set(types.dropna())
    return [t for t in contract.MEETING_TYPES if t in found]


def chambers_present(reunions: pd.DataFrame) -> set[str]:
    """The codes of the chambers represented at one of the meetings at least."""
    return {c for text in reunions["chambres"] for c in contract.chamber_codes(text)}


def meetings_by_type(reunions: pd.DataFrame) -> pd.DataFrame:
    """Per type of meeting held (contract order): its French label, the meetings, their days,
    the average participants and the distinct chambers represented at one of them at least."""
    rows = []
    for kind in _types_present(reunions["type"]):
        meetings = reunions[reunions["type"] == kind]
        chambers = chambers_present(meetings)
        participants = meetings["participants"].astype("float64")
        rows.append(
            {
                "type": kind,
                "libelle": MEETING_LABELS[kind],
                "reunions": len(meetings),
                "jours": float(meetings["jours"].astype("float64").sum()),
                "participants": int(participants.sum()),
                "participants_moyens": float(participants.mean())
                if participants.notna().any()
                else math.nan,
                "chambres": len(chambers),
            }
        )
    columns = [
        "type",
        "libelle",
        "reunions",
        "jours",
        "participants",
        "participants_moyens",
        "chambres",
    ]
    return pd.DataFrame(rows, columns=columns)


def chamber_meetings(reunions: pd.DataFrame, code_region: str) -> pd.DataFrame:
    """The meetings a chamber took part in (its code among their `chambres`), in file order."""
    took_part = [code_region in contract.chamber_codes(t) for t in reunions["chambres"]]
    return reunions[pd.Series(took_part, index=reunions.index, dtype=bool)].reset_index(drop=True)


def chamber_participation(reunions: pd.DataFrame, code_region: str) -> pd.DataFrame:
    """Per type (contract order): the meetings of that type the chamber took part in, beside
    the meetings held; types it missed entirely show 0."""
    mine = chamber_meetings(reunions, code_region)
    rows = [
        {
            "type": kind,
            "libelle": MEETING_LABELS[kind],
            "reunions": int((reunions["type"] == kind).sum()),
            "participations": int((mine["type"] == kind).sum()),
        }
        for kind in _types_present(reunions["type"])
    ]
    return pd.DataFrame(rows, columns=["type", "libelle", "reunions", "participations"])


MOIS_ESS_COUNTS = ["manifestations", "organisateurs", "retombees_presse"]


def mois_ess_by_region(mois_ess: pd.DataFrame, cres: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per region taking part (code order), with its chamber's name when `cres` is
    given, and a last row of totals (`TOTAL_LABEL`, no code)."""
    frame = mois_ess[["code_region", *MOIS_ESS_COUNTS]].copy()
    for column in MOIS_ESS_COUNTS:
        frame[column] = frame[column].astype("int64")
    frame = frame.sort_values("code_region", kind="stable").reset_index(drop=True)
    if cres is not None:
        names = cres.set_index("code_region")["nom_cres"]
        frame.insert(1, "nom_cres", frame["code_region"].map(names))
    total: dict[str, object] = {c: "" for c in frame.columns}
    total.update({c: int(frame[c].sum()) for c in MOIS_ESS_COUNTS})
    total["nom_cres" if cres is not None else "code_region"] = TOTAL_LABEL
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


@dataclass(frozen=True)
class CouncilAccounts:
    """The council's income statement in whole euros: each line rounded once, the totals
    and the result computed from the rounded lines (they add up as shown)."""

    produits: pd.DataFrame  # poste, montant: the income lines, in file order
    charges: pd.DataFrame  # poste, montant: the expense lines, in file order
    total_produits: float
    total_charges: float
    resultat: float  # total_produits - total_charges


def _euros(amounts: pd.Series) -> pd.Series:
    """Amounts to the euro, halves away from zero (amounts are ≥ 0 by the contract)."""
    return amounts.astype("float64").map(lambda v: float(math.floor(v + 0.5)))


def accounts(comptes_conseil: pd.DataFrame) -> CouncilAccounts:
    """Income, expenses and the result = Σ produits − Σ charges."""
    frame = comptes_conseil[["sens", "poste", "montant"]].copy()
    frame["montant"] = _euros(frame["montant"])
    income = frame[frame["sens"] == "produit"][["poste", "montant"]].reset_index(drop=True)
    expenses = frame[frame["sens"] == "charge"][["poste", "montant"]].reset_index(drop=True)
    total_income = float(income["montant"].sum())
    total_expenses = float(expenses["montant"].sum())
    return CouncilAccounts(
        income, expenses, total_income, total_expenses, total_income - total_expenses
    )

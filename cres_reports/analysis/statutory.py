"""The chambers' statutory life: meetings of their bodies, attendance, member organisations.

From the survey's `vie_statutaire` dataset (one row per chamber that answered). A chamber
that did not answer has no figures ("n'a pas répondu" or "non transmis", `answers`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..store.yeardata import YearData
from . import answers
from .tables import with_names, with_total

# Table headings (the page's prose says AG and CA in full).
COUNTS = {
    "nombre_ag": "AG",
    "nombre_ca": "CA",
    "nombre_bureau": "Bureau",
    "adherents": "Organisations adhérentes",
}
ATTENDANCE = "Participants aux AG (moyenne)"
ANSWER = "Réponse"
ATTENDANCE_DIGITS = 0  # an average of persons, shown (and so averaged) as whole persons
TOTAL_LABEL = "Ensemble des chambres qui ont répondu"


def by_chamber(data: YearData) -> pd.DataFrame:
    """One row per chamber of the network, then a total row over those that answered.

    Columns: Code, Chambre, the meetings of each body (AG, CA, Bureau), average attendance
    at general assemblies, member organisations, Réponse ("" or why there are no figures).
    The total row adds up the counts; its attendance is left empty (an average is not added).
    """
    life = answers.table(data, "vie_statutaire").set_index("code_region")
    states = answers.states(data, "vie_statutaire")
    frame = pd.DataFrame({"code_region": states.index})
    frame = with_names(frame, data.cres).rename(
        columns={"code_region": "Code", "nom_cres": "Chambre"}
    )
    frame[ANSWER] = ["" if s == answers.ANSWERED else s for s in states]
    for column, label in COUNTS.items():
        frame[label] = frame["Code"].map(life[column]).astype("Int64")
    attendance = life["participants_ag"].astype("float64").round(ATTENDANCE_DIGITS)
    frame[ATTENDANCE] = frame["Code"].map(attendance).astype("float64")
    frame = frame[
        ["Code", "Chambre", *list(COUNTS.values())[:3], ATTENDANCE, COUNTS["adherents"], ANSWER]
    ]
    total = with_total(frame[frame[ANSWER] == ""], list(COUNTS.values()), "Chambre", TOTAL_LABEL)
    total[ATTENDANCE] = float("nan")
    return pd.concat([frame, total.tail(1)], ignore_index=True)


@dataclass(frozen=True)
class StatutoryHeadline:
    reseau: int
    repondu: int
    sans_reponse: int
    ecartees: int  # of those: set aside by the analyst
    non_transmis: int
    ag: int  # general assemblies held, all chambers that answered
    ca: int
    bureau: int
    adherents: int  # member organisations
    participants: float  # mean over the chambers that gave an attendance (whole persons)
    participants_chambres: int
    sans_ag: int  # chambers that held no general assembly


def headline(data: YearData) -> StatutoryHeadline:
    life = answers.table(data, "vie_statutaire")
    states = answers.states(data, "vie_statutaire")
    attendance = life["participants_ag"].astype("float64").round(ATTENDANCE_DIGITS).dropna()
    return StatutoryHeadline(
        reseau=len(states),
        repondu=int((states == answers.ANSWERED).sum()),
        sans_reponse=int(states.isin(answers.NO_ANSWER).sum()),
        ecartees=int((states == answers.SET_ASIDE).sum()),
        non_transmis=int((states == answers.NOT_SENT).sum()),
        ag=int(life["nombre_ag"].sum()),
        ca=int(life["nombre_ca"].sum()),
        bureau=int(life["nombre_bureau"].sum()),
        adherents=int(life["adherents"].sum()),
        participants=float(attendance.mean()) if len(attendance) else float("nan"),
        participants_chambres=len(attendance),
        sans_ag=int((life["nombre_ag"] == 0).sum()),
    )


def of_chamber(data: YearData, code: str) -> pd.Series | None:
    """The chamber's answers (nombre_ag, nombre_ca, nombre_bureau, participants_ag,
    adherents); None when it gave none."""
    life = answers.table(data, "vie_statutaire")
    rows = life[life["code_region"] == code]
    return None if rows.empty else rows.iloc[0]

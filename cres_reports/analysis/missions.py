"""The chambers' consular-type missions: who exercises each of the seven, with what FTE and funders.

From the survey's `missions` dataset: one row per chamber and mission, the seven missions
pre-printed in the workbook. A chamber that did not answer is "n'a pas répondu" or
"non transmis" for every mission (`answers`), never "non".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..ingest import questionnaire
from ..store.yeardata import YearData
from . import answers
from .tables import with_names, with_total

MISSION_LABELS = questionnaire.load().labels("missions")  # code → French label, in order
EXERCISED, NOT_EXERCISED = "oui", "non"
FTE_DIGITS = 1  # FTE are shown, and so added up, to one decimal


def _rows(data: YearData) -> pd.DataFrame:
    frame = answers.table(data, "missions").copy()
    frame["etp"] = frame["etp"].astype("float64").round(FTE_DIGITS)
    return frame


def by_mission(data: YearData) -> pd.DataFrame:
    """Per mission, in the questionnaire's order: chambers exercising it, out of the chambers
    that answered it; FTE they give it; chambers that gave an FTE figure.

    Columns: mission (code), Mission, Chambres, Réponses, ETP, Chambres avec ETP.
    """
    frame = _rows(data)
    rows = []
    for code, label in MISSION_LABELS.items():
        answered = frame[frame["mission"] == code]
        exercised = answered[answered["exercee"]]
        rows.append(
            {
                "mission": code,
                "Mission": label,
                "Chambres": len(exercised),
                "Réponses": answered["code_region"].nunique(),
                "ETP": round(float(exercised["etp"].sum()), FTE_DIGITS),
                "Chambres avec ETP": int(exercised["etp"].notna().sum()),
            }
        )
    return pd.DataFrame(rows)


def funders(data: YearData, mission: str) -> pd.DataFrame:
    """The funders named for one mission by the chambers exercising it (Nom, Chambres)."""
    frame = _rows(data)
    return answers.mentions(frame[(frame["mission"] == mission) & frame["exercee"]], "financeurs")


def grid(data: YearData) -> pd.DataFrame:
    """Chambers × missions: "oui", "non", or why there is no answer; then the number of
    missions each chamber exercises and their FTE; a last row counts the chambers
    exercising each mission (and adds up the two last columns).

    Columns: Code, Chambre, the seven mission codes, Missions exercées, ETP.
    """
    frame = _rows(data)
    states = answers.states(data, "missions")
    rows = []
    for code, state in states.items():
        mine = frame[frame["code_region"] == code].set_index("mission")
        row: dict[str, object] = {"code_region": code}
        for mission in MISSION_LABELS:
            if state != answers.ANSWERED:
                row[mission] = state
            elif mission not in mine.index:
                row[mission] = answers.NOT_SENT
            else:
                row[mission] = EXERCISED if mine.loc[mission, "exercee"] else NOT_EXERCISED
        done = mine[mine["exercee"]] if state == answers.ANSWERED else mine.iloc[0:0]
        row["Missions exercées"] = len(done) if state == answers.ANSWERED else pd.NA
        row["ETP"] = (
            round(float(done["etp"].sum()), FTE_DIGITS)
            if state == answers.ANSWERED and done["etp"].notna().any()
            else float("nan")
        )
        rows.append(row)
    table = with_names(pd.DataFrame(rows), data.cres)
    table = table.rename(columns={"code_region": "Code", "nom_cres": "Chambre"})
    table = table[["Code", "Chambre", *MISSION_LABELS, "Missions exercées", "ETP"]]
    table["Missions exercées"] = table["Missions exercées"].astype("Int64")
    total = with_total(table, ["Missions exercées", "ETP"], "Chambre", TOTAL_LABEL).tail(1)
    for mission in MISSION_LABELS:
        total[mission] = int((table[mission] == EXERCISED).sum())
    total["ETP"] = round(float(total["ETP"].iloc[0]), FTE_DIGITS)
    return pd.concat([table, total], ignore_index=True)


TOTAL_LABEL = "Chambres qui l'exercent"


@dataclass(frozen=True)
class MissionsHeadline:
    reseau: int
    repondu: int  # chambers that answered the missions sheet
    sans_reponse: int
    ecartees: int  # of those: set aside by the analyst
    non_transmis: int
    missions_exercees: int  # chamber × mission pairs exercised
    etp: float  # FTE given to the missions exercised, as given
    etp_chambres: int  # chambers that gave at least one FTE figure
    toutes: int  # chambers exercising all seven


def headline(data: YearData) -> MissionsHeadline:
    states = answers.states(data, "missions")
    frame = _rows(data)
    exercised = frame[frame["exercee"]]
    per_chamber = exercised.groupby("code_region")["mission"].nunique()
    return MissionsHeadline(
        reseau=len(states),
        repondu=int((states == answers.ANSWERED).sum()),
        sans_reponse=int(states.isin(answers.NO_ANSWER).sum()),
        ecartees=int((states == answers.SET_ASIDE).sum()),
        non_transmis=int((states == answers.NOT_SENT).sum()),
        missions_exercees=len(exercised),
        etp=round(float(exercised["etp"].sum()), FTE_DIGITS),
        etp_chambres=int(exercised.dropna(subset=["etp"])["code_region"].nunique()),
        toutes=int((per_chamber == len(MISSION_LABELS)).sum()),
    )

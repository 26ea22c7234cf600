"""The chambers' relations with the regional CPCA: membership both ways, agreement, premises.

From the survey's `relations_cpca` dataset (one row per chamber that answered). Mutual
membership is both memberships at once. A chamber that did not answer reads
"n'a pas répondu" or "non transmis" (`answers`), never "non".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..store.yeardata import YearData
from . import answers
from .tables import with_names

# Short headings of the four yes/no questions (the workbook asks them in full).
RELATIONS = {
    "cpca_membre": "CPCA membre de la chambre",
    "membre_de_cpca": "Chambre membre de la CPCA",
    "convention": "Convention",
    "locaux_partages": "Locaux partagés",
}
MUTUAL = "Adhésion réciproque"
JOINT = "Actions communes"
YES, NO = "oui", "non"


def by_chamber(data: YearData) -> pd.DataFrame:
    """One row per chamber of the network, in code order: Code, Chambre, the four relations
    ("oui", "non", or why there is no answer), Adhésion réciproque, Actions communes (as
    typed, or "non renseigné")."""
    rel = answers.table(data, "relations_cpca").set_index("code_region")
    rows = []
    for code, state in answers.states(data, "relations_cpca").items():
        row: dict[str, object] = {"code_region": code}
        if state != answers.ANSWERED:
            row.update({label: state for label in [*RELATIONS.values(), MUTUAL]})
            row[JOINT] = ""
        else:
            answer = rel.loc[code]
            row.update({label: YES if answer[c] else NO for c, label in RELATIONS.items()})
            both = answer["cpca_membre"] and answer["membre_de_cpca"]
            row[MUTUAL] = YES if both else NO
            row[JOINT] = answers.text(answer["actions_communes"])
        rows.append(row)
    frame = with_names(pd.DataFrame(rows), data.cres)
    frame = frame.rename(columns={"code_region": "Code", "nom_cres": "Chambre"})
    return frame[["Code", "Chambre", *RELATIONS.values(), MUTUAL, JOINT]]


def counts(data: YearData) -> pd.DataFrame:
    """Per relation, the chambers that have it, out of the chambers that answered
    (Relation, Chambres, Réponses)."""
    table = by_chamber(data)
    answered = table[table[MUTUAL].isin([YES, NO])]
    rows = [
        {"Relation": label, "Chambres": int((answered[label] == YES).sum())}
        for label in [*RELATIONS.values(), MUTUAL]
    ]
    rows.append({"Relation": JOINT, "Chambres": int((answered[JOINT] != answers.NOT_FILLED).sum())})
    frame = pd.DataFrame(rows)
    frame["Réponses"] = len(answered)
    return frame


@dataclass(frozen=True)
class RelationsHeadline:
    reseau: int
    repondu: int
    sans_reponse: int
    ecartees: int  # of those: set aside by the analyst
    non_transmis: int
    cpca_membre: int
    membre_de_cpca: int
    reciproque: int
    convention: int
    locaux_partages: int
    actions_communes: int  # chambers that named joint actions
    aucune: int  # chambers with none of the four relations and no joint action


def headline(data: YearData) -> RelationsHeadline:
    table = by_chamber(data)
    states = answers.states(data, "relations_cpca")
    found = counts(data).set_index("Relation")["Chambres"]
    answered = table[table[MUTUAL].isin([YES, NO])]
    none = (answered[list(RELATIONS.values())] == NO).all(axis=1) & (
        answered[JOINT] == answers.NOT_FILLED
    )
    return RelationsHeadline(
        reseau=len(table),
        repondu=len(answered),
        sans_reponse=int(states.isin(answers.NO_ANSWER).sum()),
        ecartees=int((states == answers.SET_ASIDE).sum()),
        non_transmis=int((states == answers.NOT_SENT).sum()),
        cpca_membre=int(found[RELATIONS["cpca_membre"]]),
        membre_de_cpca=int(found[RELATIONS["membre_de_cpca"]]),
        reciproque=int(found[MUTUAL]),
        convention=int(found[RELATIONS["convention"]]),
        locaux_partages=int(found[RELATIONS["locaux_partages"]]),
        actions_communes=int(found[JOINT]),
        aucune=int(none.sum()),
    )

"""The chambers' regional observatories of the ESS: who has one, since when, FTE, publications.

From the survey's `observatoire` dataset (one row per chamber that answered). Every
chamber of the network is listed: one that did not answer reads "n'a pas répondu" or
"non transmis" (`answers`), never "Non".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..ingest import questionnaire
from ..store.yeardata import YearData
from . import answers
from .compare import Comparison, chamber_names, compare, networks
from .tables import with_names, with_total

STATUS_LABELS = questionnaire.load().labels("statut_observatoire")  # oui, en_projet, non
ORDER = ("oui", "en_projet", "non")
FTE_DIGITS = 1  # FTE are shown, and so added up, to one decimal
COLUMNS = ["Code", "Chambre", "Observatoire", "Créé en", "ETP", "Publications", "Partenaires"]


def by_chamber(data: YearData) -> pd.DataFrame:
    """One row per chamber of the network, in code order (COLUMNS).

    `Observatoire` is the chamber's answer (Oui, En projet, Non) or why there is none;
    partners are shown as typed for a chamber with an observatory or building one.
    """
    obs = answers.table(data, "observatoire").set_index("code_region")
    rows = []
    for code, state in answers.states(data, "observatoire").items():
        if state != answers.ANSWERED:
            rows.append([code, state, pd.NA, float("nan"), pd.NA, ""])
            continue
        row = obs.loc[code]
        status = row["statut_observatoire"]
        partners = answers.text(row["partenaires"]) if status != "non" else ""
        rows.append(
            [
                code,
                STATUS_LABELS[status],
                row["annee_creation"],
                row["etp"],
                row["publications"],
                partners,
            ]
        )
    frame = pd.DataFrame(rows, columns=["code_region", *COLUMNS[2:]])
    frame["Créé en"] = frame["Créé en"].astype("Int64")
    frame["ETP"] = frame["ETP"].astype("float64").round(FTE_DIGITS)  # as shown, then added
    frame["Publications"] = frame["Publications"].astype("Int64")
    frame = with_names(frame, data.cres)
    return frame.rename(columns={"code_region": "Code", "nom_cres": "Chambre"})[COLUMNS]


def counts(data: YearData) -> pd.DataFrame:
    """Chambers, FTE and publications by answer (Oui, En projet, Non, then no answer), and
    the network's total. FTE and publications add up the figures the chambers gave."""
    table = by_chamber(data)
    situations = [STATUS_LABELS[s] for s in ORDER]
    missing = [answers.NOT_SENT, answers.NO_RESPONSE, answers.SET_ASIDE]
    situations += [s for s in missing if (table["Observatoire"] == s).any()]
    rows = []
    for situation in situations:
        chosen = table[table["Observatoire"] == situation]
        rows.append(
            {
                "Situation": situation,
                "Chambres": len(chosen),
                "ETP": chosen["ETP"].sum(min_count=1),
                "Publications": chosen["Publications"].astype("float64").sum(min_count=1),
            }
        )
    frame = pd.DataFrame(rows)
    return with_total(frame, ["Chambres", "ETP", "Publications"], "Situation", "Réseau")


@dataclass(frozen=True)
class ObservatoryHeadline:
    reseau: int
    repondu: int  # chambers that answered the topic
    avec: int  # with an observatory
    en_projet: int
    sans: int
    sans_reponse: int  # did not return the survey
    ecartees: int  # of those: set aside by the analyst
    non_transmis: int  # returned it without this sheet
    etp: float  # FTE of the observatories in place, as given
    etp_chambres: int  # observatories in place with an FTE figure
    publications: int  # publications of the observatories in place
    publications_chambres: int
    premiere: int | None  # earliest creation year of an observatory in place
    derniere: int | None


def headline(data: YearData) -> ObservatoryHeadline:
    table = by_chamber(data)
    situation = table["Observatoire"]
    open_ = table[situation == STATUS_LABELS["oui"]]
    created = open_["Créé en"].dropna()
    return ObservatoryHeadline(
        reseau=len(table),
        repondu=int(situation.isin(STATUS_LABELS.values()).sum()),
        avec=len(open_),
        en_projet=int((situation == STATUS_LABELS["en_projet"]).sum()),
        sans=int((situation == STATUS_LABELS["non"]).sum()),
        sans_reponse=int(situation.isin(answers.NO_ANSWER).sum()),
        ecartees=int((situation == answers.SET_ASIDE).sum()),
        non_transmis=int((situation == answers.NOT_SENT).sum()),
        etp=float(open_["ETP"].sum()),
        etp_chambres=int(open_["ETP"].notna().sum()),
        publications=int(open_["Publications"].sum()),
        publications_chambres=int(open_["Publications"].notna().sum()),
        premiere=int(created.min()) if len(created) else None,
        derniere=int(created.max()) if len(created) else None,
    )


def partners(data: YearData) -> pd.DataFrame:
    """The observatories' partners (in place or in project), by number of chambers naming them."""
    obs = answers.table(data, "observatoire")
    return answers.mentions(obs[obs["statut_observatoire"] != "non"], "partenaires")


# --------------------------------------------------------------------------- the year before


@dataclass(frozen=True)
class ObservatoryChange:
    year: int
    table: pd.DataFrame  # chambers that answered both years: Code, Chambre, their two answers
    avant: int  # observatories in place among them, the year before
    apres: int  # and this year
    ouverts: list[str]  # names: no observatory the year before, one this year
    fermes: list[str]  # one the year before, none this year
    fte: Comparison  # FTE of the observatories, on the chambers that gave them both years

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def basis(self) -> int:
        """Chambers that answered the topic both years."""
        return len(self.table)


def changes(data: YearData, previous: YearData | None) -> ObservatoryChange | None:
    """The observatories of the chambers that answered the topic both years; None when the
    year before did not cover it. FTE are compared on the chambers that gave them both years."""
    if previous is None or not answers.covered(previous, "observatoire"):
        return None
    now = answers.table(data, "observatoire").set_index("code_region")
    before = answers.table(previous, "observatoire").set_index("code_region")
    codes = sorted(set(now.index) & set(before.index))
    names = chamber_names(data.cres, previous.cres)
    status_before = before.loc[codes, "statut_observatoire"].to_numpy()
    status_now = now.loc[codes, "statut_observatoire"].to_numpy()
    prev, year = str(previous.year), str(data.year)
    table = pd.DataFrame(
        {
            "Code": codes,
            "Chambre": [names[c] for c in codes],
            f"Observatoire {prev}": [STATUS_LABELS[s] for s in status_before],
            f"Observatoire {year}": [STATUS_LABELS[s] for s in status_now],
        }
    )
    opened = (status_before != "oui") & (status_now == "oui")
    closed = (status_before == "oui") & (status_now != "oui")
    fte = compare(
        now["etp"].astype("float64"),
        before["etp"].astype("float64"),
        names,
        data.year,
        digits=FTE_DIGITS,
        **networks(data.cres, previous.cres),
    )
    return ObservatoryChange(
        year=data.year,
        table=table,
        avant=int((status_before == "oui").sum()),
        apres=int((status_now == "oui").sum()),
        ouverts=table.loc[opened, "Chambre"].tolist(),
        fermes=table.loc[closed, "Chambre"].tolist(),
        fte=fte,
    )

"""The chambers' regional observatories of the ESS: who has one, since when, FTE, publications.

From the survey's `observatoire` dataset (one row per chamber that answered). Every
chamber of the network is listed: one that did not answer reads "n'a pas répondu" or
"non transmis" (`answers`), never "Non".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from .. import config
from ..ingest import questionnaire
from ..store.yeardata import YearData
from . import answers, harmonise
from .compare import Comparison, chamber_names, compare_years
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
    # Chambers that answered both years: Code, Chambre, their two answers; across the 2016
    # reform, also the merged chambers whose predecessors did not all answer ("incomplet").
    table: pd.DataFrame
    basis: int  # chambers that answered the topic both years (all predecessors, in 2016)
    avant: int  # observatories in place among them, the year before
    apres: int  # and this year
    ouverts: list[str]  # names: no observatory the year before, one this year
    fermes: list[str]  # one the year before, none this year
    fte: Comparison  # FTE of the observatories, on the chambers that gave them both years
    harmonised: bool = False  # the year before drawn on the 2016 map
    # year → the chambers that answered without an observatory in place (their FTE: none
    # to give, « sans objet »); the year before on the 2016 map in the reform year
    without: dict[int, frozenset[str]] = field(default_factory=dict)

    @property
    def previous_year(self) -> int:
        return self.year - 1


def _before_on_map(
    before: pd.DataFrame, previous: YearData, year: int
) -> dict[str, list[tuple[str, str | None]]]:
    """Each region of the year before (on the 2016 map in the reform year) → its chambers of
    that year, as (name, their answer or None when they did not answer)."""
    regions: dict[str, list[tuple[str, str | None]]] = {}
    reform = year == config.REFORM_YEAR
    for code, name in previous.cres[["code_region", "nom_cres"]].itertuples(index=False):
        region = harmonise.region_2016(code, previous.year)[0] if reform else code
        status = before.at[code, "statut_observatoire"] if code in before.index else None
        regions.setdefault(region, []).append((name, status))
    return regions


def _label(answers_before: list[tuple[str, str | None]]) -> str:
    """A region's answer of the year before (all given): its chamber's, or each
    predecessor's."""
    labels = [(name, STATUS_LABELS[str(status)]) for name, status in answers_before]
    if len(labels) == 1:
        return labels[0][1]
    return " ; ".join(f"{name} : {label}" for name, label in labels)


def _fte_before(before: pd.DataFrame, previous: YearData, year: int) -> pd.Series:
    """FTE of the year before per chamber. In the reform year a predecessor of a merged
    chamber that answered without an observatory counts 0, so that the merged chamber is
    compared with the observatories its predecessors had (none: 0)."""
    fte = before["etp"].astype("float64")
    if year != config.REFORM_YEAR:
        return fte
    region = {c: harmonise.region_2016(c, previous.year)[0] for c in previous.cres["code_region"]}
    merged = {r for r, n in Counter(region.values()).items() if n > 1}
    none = (before["statut_observatoire"] != "oui") & fte.isna()
    zero = [c for c in before.index[none] if region.get(c) in merged]
    return fte.fillna(pd.Series(0.0, index=zero))


def changes(data: YearData, previous: YearData | None) -> ObservatoryChange | None:
    """The observatories of the chambers that answered the topic both years; None when the
    year before did not cover it. FTE are compared on the chambers that gave them both years.

    Across the 2016 reform a merged chamber is compared with all its predecessors, when
    they all answered (otherwise its row reads "incomplet" and it is out of the counts).
    """
    if previous is None or not answers.covered(previous, "observatoire"):
        return None
    now = answers.table(data, "observatoire").set_index("code_region")
    before = answers.table(previous, "observatoire").set_index("code_region")
    regions = _before_on_map(before, previous, data.year)
    names = chamber_names(data.cres, previous.cres)
    prev, year = str(previous.year), str(data.year)
    rows, avant, apres, ouverts, fermes = [], 0, 0, [], []
    for code in sorted(set(now.index) & set(regions)):
        status_now = now.at[code, "statut_observatoire"]
        missing = [name for name, status in regions[code] if status is None]
        if missing and len(regions[code]) == 1:
            continue  # did not answer the year before: not compared
        if missing:  # a merged chamber, some of whose predecessors did not answer
            said = f"{harmonise.INCOMPLETE} : non transmis par {' et '.join(missing)}"
            rows.append([code, names[code], said, STATUS_LABELS[status_now]])
            continue
        had = sum(status == "oui" for _, status in regions[code])
        rows.append([code, names[code], _label(regions[code]), STATUS_LABELS[status_now]])
        avant += had
        apres += status_now == "oui"
        if not had and status_now == "oui":
            ouverts.append(names[code])
        if had and status_now != "oui":
            fermes.append(names[code])
    table = pd.DataFrame(
        rows, columns=["Code", "Chambre", f"Observatoire {prev}", f"Observatoire {year}"]
    )
    fte = compare_years(
        now["etp"].astype("float64"),
        _fte_before(before, previous, data.year),
        data.cres,
        previous.cres,
        data.year,
        FTE_DIGITS,
    )
    incomplete = table[f"Observatoire {prev}"].str.startswith(harmonise.INCOMPLETE)
    without = {
        data.year: frozenset(now.index[now["statut_observatoire"] != "oui"]),
        previous.year: frozenset(
            code
            for code, chambers in regions.items()
            if all(status not in (None, "oui") for _, status in chambers)
        ),
    }
    return ObservatoryChange(
        year=data.year,
        table=table,
        basis=int((~incomplete).sum()),
        avant=avant,
        apres=int(apres),
        ouverts=ouverts,
        fermes=fermes,
        fte=fte,
        harmonised=fte.harmonised,
        without=without,
    )

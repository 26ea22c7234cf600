"""The year in brief: key figures with their change on a stated basis, and points for attention.

Each key figure is the year's total over the chambers that gave it, and its change from the
year before over the chambers of both years (the 2016 map across the reform, `compare`).
Points for attention come from rules kept as data (`expectations/points_attention.csv`:
which rule, its parameter and threshold, the page that shows it, its sentence); this module
finds, for each rule, the chambers it concerns. A rule that concerns no chamber says nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from .. import config
from ..ingest import contract
from ..ingest.responses import STATUS_MISSING, STATUS_SET_ASIDE, STATUS_UNCHANGED
from ..store.yeardata import YearData
from . import compare, council, funding, health, plausibility


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    kind: str  # how it reads: "count", "euros" or "fte"
    value: float  # the year's total over the chambers that gave it
    given: int | None  # how many chambers gave it (None: the whole network)
    page: str | None  # the page that shows it
    before: float | None = None  # on the basis below; None without a year before
    now: float | None = None
    basis: int | None = None  # chambers (regions of the 2016 map) of both years
    harmonised: bool = False  # the year before drawn on the 2016 map
    relative: bool = True  # a change worth a percentage (not for a result or a count)
    without_chamber: tuple[str, ...] = ()  # the network: regions of the year with no chamber

    @property
    def change(self) -> float | None:
        if self.before is None or self.now is None:
            return None
        return self.now - self.before

    @property
    def ratio(self) -> float:
        change = self.change
        if change is None or not self.relative or not self.before or self.before <= 0:
            return math.nan
        return change / self.before


def regions_without_chamber(data: YearData) -> tuple[str, ...]:
    """The regions of the year's map where no chamber sits (Mayotte), by name."""
    regions = contract.regions_for_year(data.year)
    present = set(data.cres["code_region"])
    return tuple(name for code, name in regions.items() if code not in present)


def _per_chamber(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame.groupby("code_region")[column].sum().astype("float64")


def _compared(
    key: str,
    label: str,
    kind: str,
    page: str,
    now: pd.Series,
    before: pd.Series | None,
    data: YearData,
    previous: YearData | None,
    digits: int = 0,
    relative: bool = True,
) -> KeyFigure:
    value = round(float(now.round(digits).sum()), digits)
    figure = KeyFigure(key, label, kind, value, int(len(now)), page, relative=relative)
    if before is None or previous is None:
        return figure
    c = compare.compare_years(now, before, data.cres, previous.cres, data.year, digits)
    return KeyFigure(
        key,
        label,
        kind,
        value,
        int(len(now)),
        page,
        before=c.before,
        now=c.now,
        basis=len(c.basis),
        harmonised=c.harmonised,
        relative=relative,
    )


def key_figures(data: YearData, previous: YearData | None) -> list[KeyFigure]:
    """Seven figures of the year: network, resources, the two grants, result, chambers in
    deficit, FTE; each changed from the year before on the chambers of both years."""
    fin = funding.whole_euros(data.finances).set_index("code_region")
    prev = funding.whole_euros(previous.finances).set_index("code_region") if previous else None
    found = [
        KeyFigure(
            "chambres",
            "Chambres du réseau",
            "count",
            float(len(data.cres)),
            None,
            None,
            before=None if previous is None else float(len(previous.cres)),
            now=float(len(data.cres)),
            harmonised=previous is not None and data.year == config.REFORM_YEAR,
            relative=False,
            without_chamber=regions_without_chamber(data),
        )
    ]
    for key, column, label in (
        ("ressources", "total_produits", "Ressources des chambres"),
        ("conseil_regional", "subv_conseil_regional", "Subventions des conseils régionaux"),
        ("cdc", "subv_cdc", "Subventions de la Caisse des Dépôts"),
    ):
        before = None if prev is None else prev[column]
        found.append(
            _compared(key, label, "euros", "financement.html", fin[column], before, data, previous)
        )
    before = None if prev is None else prev["resultat"]
    found.append(
        _compared(
            "resultat",
            "Résultat de l'ensemble des chambres",
            "euros",
            "sante-financiere.html",
            fin["resultat"],
            before,
            data,
            previous,
            relative=False,
        )
    )
    found.append(_deficits(data, previous))
    team_before = None if previous is None else _per_chamber(previous.rh, "etp")
    found.append(
        _compared(
            "etp",
            "Équivalents temps plein",
            "fte",
            "ressources-humaines.html",
            _per_chamber(data.rh, "etp"),
            team_before,
            data,
            previous,
            digits=1,
        )
    )
    return found


def _deficits(data: YearData, previous: YearData | None) -> KeyFigure:
    h = health.headline(data.finances, data.cres)
    figure = KeyFigure(
        "deficitaires",
        "Chambres en déficit",
        "count",
        float(h.deficitaires),
        h.chambres,
        "sante-financiere.html",
        relative=False,
    )
    if previous is None:
        return figure
    c = health.results_compared(
        data.finances, previous.finances, data.cres, previous.cres, data.year
    )
    d = health.deficits_compared(c)
    return KeyFigure(
        figure.key,
        figure.label,
        figure.kind,
        figure.value,
        figure.given,
        figure.page,
        before=float(d.before),
        now=float(d.now),
        basis=d.basis,
        harmonised=c.harmonised,
        relative=False,
    )


# --------------------------------------------------------------------------- attention


@dataclass(frozen=True)
class Rule:
    rule: str  # what to look for (a key of `FINDERS`)
    parameter: str  # e.g. the grant's column
    threshold: float | None
    page: str  # the page that shows what it finds
    sentence: (
        str  # French: {chambres} or {instances} (counted), {noms} {annee} {precedente} {seuil}
    )


@dataclass(frozen=True)
class Point:
    rule: Rule
    chambers: tuple[str, ...]  # names (of chambers, or bodies), in the order the page shows


def parse_rules(rows: Iterable[dict[str, str]], name: str) -> list[Rule]:
    """The rules of the points for attention (the rows of the file `name`), in their order;
    an unknown rule or threshold is refused naming the file and its line."""
    rules = []
    for line, row in enumerate(rows, start=2):
        if row.get("regle") not in FINDERS:
            raise ValueError(f"{name}, ligne {line} : règle inconnue « {row.get('regle')} »")
        threshold = plausibility.threshold(row, name, line)
        rules.append(
            Rule(row["regle"], row.get("parametre") or "", threshold, row["page"], row["phrase"])
        )
    return rules


def _names(data: YearData, codes) -> tuple[str, ...]:
    names = data.chamber_names()
    return tuple(str(names.get(code, code)) for code in codes)


def _deficit_twice(data: YearData, previous: YearData | None, rule: Rule) -> tuple[str, ...]:
    if previous is None:
        return ()
    c = health.results_compared(
        data.finances, previous.finances, data.cres, previous.cres, data.year
    )
    return health.deficits_compared(c).both


def _grant_down(data: YearData, previous: YearData | None, rule: Rule) -> tuple[str, ...]:
    if previous is None or rule.threshold is None:
        return ()
    c = funding.column_changes(
        data.finances, previous.finances, data.cres, rule.parameter, data.year, previous.cres
    )
    assert c is not None
    rows = c.frame[c.frame["code_region"].isin(c.basis)]
    fallen = rows[rows["ratio"] < -rule.threshold].sort_values(["ratio", "code_region"])
    return tuple(fallen["nom_cres"])


def _accounts_missing(data: YearData, previous: YearData | None, rule: Rule) -> tuple[str, ...]:
    return tuple(funding.without_accounts(data.finances, data.cres))


def _statuses(data: YearData, statuses: set[str]) -> tuple[str, ...]:
    if data.suivi is None:
        return ()
    codes = sorted(c for c in data.cres["code_region"] if data.response(c) in statuses)
    return _names(data, codes)


def _no_answer(data: YearData, previous: YearData | None, rule: Rule) -> tuple[str, ...]:
    return _statuses(data, {STATUS_MISSING, STATUS_UNCHANGED})


def _set_aside(data: YearData, previous: YearData | None, rule: Rule) -> tuple[str, ...]:
    return _statuses(data, {STATUS_SET_ASIDE})


def _to_check(data: YearData, previous: YearData | None, rule: Rule) -> tuple[str, ...]:
    checks = plausibility.checks(data, previous)
    return tuple(dict.fromkeys(check.chamber for check in checks))


def _attendance_low(data: YearData, previous: YearData | None, rule: Rule) -> tuple[str, ...]:
    seats = data.table("representation")
    if seats is None or rule.threshold is None:
        return ()
    bodies = council.attendance_by_body(seats)
    low = bodies[bodies["taux_presence"] < rule.threshold]
    return tuple(
        f"{r.organisme} ({r.instance}, {r.presences} sur {r.reunions})" for r in low.itertuples()
    )


FINDERS = {
    "deficit_deux_ans": _deficit_twice,
    "baisse_subvention": _grant_down,
    "comptes_non_transmis": _accounts_missing,
    "sans_reponse": _no_answer,
    "reponse_ecartee": _set_aside,
    "a_verifier": _to_check,
    "presence_faible": _attendance_low,
}


def attention(data: YearData, previous: YearData | None, rules: list[Rule]) -> list[Point]:
    """The points the year's data call for, in the rules' order."""
    found = []
    for rule in rules:
        chambers = FINDERS[rule.rule](data, previous, rule)
        if chambers:
            found.append(Point(rule, chambers))
    return found

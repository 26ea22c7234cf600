"""Figures that pass every rule but that a reader would not believe: to check with the chamber.

The rules (`expectations/*.json`) refuse what cannot be true of one row. These checks compare
a chamber's figures with each other, with the network or with its year before, and never
block a year: the quality page lists them under « À vérifier avec la chambre », one sentence
each, and the chamber's profile marks the figure. Which checks run, their thresholds and
their sentences are data, in `expectations/plausibilite.csv` (`verification`, `parametre`,
`seuil`, `phrase`), like the points for attention:

- `missions_au_dessus_equipe`: more FTE declared on its missions than in its whole team;
- `charges_par_etp`: charges per FTE of its team above `seuil` times the network's median
  (a team left out, or charges in the wrong unit);
- `variation_subvention`: a grant (`parametre`: its column) changed by more than `seuil`
  (a share) since the year before, on the chambers of both years (the 2016 map in 2016);
- `resultat_part_produits`: a result above `seuil` of its income, in surplus or deficit.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

import pandas as pd

from .. import config
from ..store.yeardata import YearData
from . import funding

MISSIONS_ABOVE_TEAM = "missions_au_dessus_equipe"
CHARGES_PER_FTE = "charges_par_etp"
GRANT_CHANGE = "variation_subvention"
RESULT_SHARE = "resultat_part_produits"


@dataclass(frozen=True)
class Rule:
    """One line of `plausibilite.csv`."""

    kind: str
    parameter: str  # a column of the accounts, for GRANT_CHANGE
    threshold: float | None
    sentence: str  # French, with {valeur}, {reference}, {seuil}, {variation}, {precedente}


@dataclass(frozen=True)
class Check:
    """One chamber's figure to check: `value` against `reference` (the team's FTE, the
    network's median of charges per FTE, last year's grant, its income), said in French by
    `present.quality` with its rule's sentence."""

    code: str
    chamber: str
    rule: Rule
    value: float
    reference: float
    ratio: float = float("nan")  # the change, or the result's share of income

    @property
    def kind(self) -> str:
        return self.rule.kind


def _fte(frame: pd.DataFrame) -> pd.Series:
    """FTE per chamber, rounded as the pages show them (one decimal)."""
    return frame.groupby("code_region")["etp"].sum().astype("float64").round(1)


def missions_above_team(data: YearData, previous: YearData | None, rule: Rule) -> list[Check]:
    if data.missions is None or data.rh is None:
        return []
    missions = data.missions[data.missions["exercee"].astype(bool)]
    on_missions, team = _fte(missions), _fte(data.rh)
    names = data.chamber_names()
    return [
        Check(str(code), str(names.get(code, code)), rule, float(fte), float(team[code]))
        for code, fte in on_missions.items()
        if code in team.index and fte > team[code]
    ]


def charges_per_fte(data: YearData, previous: YearData | None, rule: Rule) -> list[Check]:
    fin, rh = data.finances, data.rh
    if fin is None or rh is None or fin.empty or rh.empty or rule.threshold is None:
        return []
    team = _fte(rh)
    charges = fin.set_index("code_region")["total_charges"].astype("float64")
    both = [c for c in charges.index if c in team.index and team[c] > 0]
    if not both:
        return []
    ratio = pd.Series({c: charges[c] / team[c] for c in both})
    median = float(ratio.median())
    names = data.chamber_names()
    return [
        Check(str(code), str(names.get(code, code)), rule, float(value), median)
        for code, value in ratio.items()
        if value > rule.threshold * median
    ]


def grant_change(data: YearData, previous: YearData | None, rule: Rule) -> list[Check]:
    """A grant changed by more than the threshold, as the funding page compares it."""
    if previous is None or rule.threshold is None or data.finances is None:
        return []
    if previous.finances is None or rule.parameter not in data.finances:
        return []
    c = funding.column_changes(
        data.finances, previous.finances, data.cres, rule.parameter, data.year, previous.cres
    )
    if c is None:
        return []
    rows = c.frame[c.frame["code_region"].isin(c.basis) & (c.frame["before"] > 0)]
    return [
        Check(str(r.code_region), str(r.nom_cres), rule, float(r.now), float(r.before), r.ratio)
        for r in rows.itertuples()
        if abs(r.ratio) > rule.threshold
    ]


def result_share(data: YearData, previous: YearData | None, rule: Rule) -> list[Check]:
    """A result (surplus or deficit) larger than the threshold's share of income."""
    if data.finances is None or data.finances.empty or rule.threshold is None:
        return []
    fin = funding.whole_euros(data.finances)
    names = data.chamber_names()
    found = []
    for row in fin.itertuples():
        income, result = float(row.total_produits), float(row.total_produits - row.total_charges)
        if income > 0 and abs(result) / income > rule.threshold:
            name = str(names.get(row.code_region, row.code_region))
            found.append(Check(str(row.code_region), name, rule, result, income, result / income))
    return found


FINDERS: dict[str, Callable[[YearData, YearData | None, Rule], list[Check]]] = {
    MISSIONS_ABOVE_TEAM: missions_above_team,
    CHARGES_PER_FTE: charges_per_fte,
    GRANT_CHANGE: grant_change,
    RESULT_SHARE: result_share,
}


def threshold(row: dict[str, str], name: str, line: int) -> float | None:
    """The `seuil` of a line of a rules file (here, and the points for attention); none when
    empty; not a number is refused naming the file, its line and column."""
    text = (row.get("seuil") or "").strip()
    try:
        return float(text) if text else None
    except ValueError:
        said = f"{name}, ligne {line}, colonne seuil : « {text} » n'est pas un nombre"
        raise ValueError(said) from None


def parse_rules(rows: Iterable[dict[str, str]], name: str) -> list[Rule]:
    """The checks of the file `name` (its rows), in their order; an unknown check or a
    threshold that is not a number is refused naming the file, its line and column."""
    rules = []
    for line, row in enumerate(rows, start=2):
        kind = row.get("verification")
        if kind not in FINDERS:
            said = f"{name}, ligne {line}, colonne verification : « {kind} »"
            raise ValueError(f"{said} n'est pas une vérification connue")
        parameter = (row.get("parametre") or "").strip()
        rules.append(Rule(kind, parameter, threshold(row, name, line), row["phrase"]))
    return rules


@cache
def default_rules() -> tuple[Rule, ...]:
    """The project's checks (`config.PLAUSIBILITY_RULES`)."""
    path = config.PLAUSIBILITY_RULES
    with open(path, encoding="utf-8", newline="") as fh:
        return tuple(parse_rules(csv.DictReader(fh), path.name))


def checks(
    data: YearData, previous: YearData | None = None, rules: Iterable[Rule] | None = None
) -> list[Check]:
    """Every check of the year (`previous`: the year before, for the changes), chambers in
    code order, then in the order of the rules."""
    chosen = list(default_rules() if rules is None else rules)
    found = [check for rule in chosen for check in FINDERS[rule.kind](data, previous, rule)]
    order = {rule: position for position, rule in enumerate(chosen)}
    return sorted(found, key=lambda c: (c.code, order[c.rule]))

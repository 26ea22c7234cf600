"""The raw data contracts (docs/data-contract.md, survey-contract.md, council-contract.md) as data.

Readers use it to type the columns; the expectation suites in `expectations/`
state the rules themselves and are checked against it in the tests. The
chamber-level datasets are the questionnaire's sheets: their columns, kinds and
allowed values come from `questionnaire.py`. The council's own datasets
(docs/council-contract.md) are described here directly.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from .. import config
from . import questionnaire

TEXT, CODE, BOOL, NUMBER, INTEGER, DATE = "text", "code", "bool", "number", "integer", "date"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    required: bool = True  # False: the cell may be empty
    values: tuple[str, ...] = ()  # allowed values of an enumerated text column


INCOME_LINES = (
    "subv_conseil_regional",
    "subv_cdc",
    "subv_etat",
    "fse",
    "autres_collectivites",
    "cotisations",
    "prestations",
    "partenariats_prives",
    "autres_produits",
)
_Q = questionnaire.load()
# The enumerations of version 1, as the questionnaire's choice lists define them.
FUNCTIONS_RH = _Q.codes("fonction_poste")
CONTRACTS = _Q.codes("contrat")
LENT = "mise_a_disposition"
BODIES = _Q.codes("instance")
FAMILIES = _Q.codes("famille")
SEAT_FUNCTIONS = _Q.codes("fonction_siege")
STATUSES = ("structuree", "en_structuration")
PERSONAL_COLUMNS = ("representant",)  # read, never kept
# The council's contract, version 1: the kinds of meeting it organises, the two sides of
# its accounts.
MEETING_TYPES = (
    "assemblee_generale",
    "conseil_administration",
    "bureau",
    "dircres",
    "groupe_travail",
    "journee_echange",
    "seminaire",
    "formation",
)
ACCOUNT_SIDES = ("produit", "charge")
CHAMBER_SEPARATOR = ";"  # between the codes of `reunions.chambres`

_KINDS = {
    questionnaire.DECIMAL: NUMBER,
    questionnaire.INTEGER: INTEGER,
    questionnaire.BOOLEAN: BOOL,
    questionnaire.TEXT: TEXT,
    questionnaire.SELECT_ONE: TEXT,
}


def survey_schema(sheet: questionnaire.Sheet) -> tuple[Column, ...]:
    """A dataset's columns from its questionnaire sheet: code_region, then one per question."""
    return (
        Column("code_region", CODE),
        *(
            Column(
                q.name,
                _KINDS[q.type],
                q.required,
                _Q.codes(q.choices) if q.type == questionnaire.SELECT_ONE and q.choices else (),
            )
            for q in sheet.questions
        ),
    )


SCHEMAS: dict[str, tuple[Column, ...]] = {
    "cres": (
        Column("code_region", CODE),
        Column("region"),
        Column("nom_cres"),
        Column("adherent", BOOL),
        Column("statut", values=STATUSES),
        Column("annee_creation", INTEGER, required=False),
    ),
    **{sheet.dataset: survey_schema(sheet) for sheet in _Q.sheets},
    # The council's own activity (docs/council-contract.md).
    "representation": (
        Column("organisme"),
        Column("instance"),
        Column("sieges", INTEGER),
        Column("reunions", INTEGER),
        Column("presences", INTEGER),
    ),
    "reunions": (
        Column("type", values=MEETING_TYPES),
        Column("intitule"),
        Column("date", DATE),
        Column("jours", NUMBER),
        Column("participants", INTEGER),
        Column("chambres", required=False),  # codes separated by `;`; empty: none
    ),
    "mois_ess": (
        Column("code_region", CODE),
        Column("manifestations", INTEGER),
        Column("organisateurs", INTEGER),
        Column("retombees_presse", INTEGER),
    ),
    "comptes_conseil": (
        Column("sens", values=ACCOUNT_SIDES),
        Column("poste"),
        Column("montant", NUMBER),
    ),
}
# The column whose name marks a file's header row: `code_region`, or for a dataset without
# it a column name that no title line above a table is likely to hold.
HEADER_KEYS = {"representation": "organisme", "reunions": "intitule", "comptes_conseil": "poste"}


def header_key(dataset: str) -> str:
    return HEADER_KEYS.get(dataset, "code_region")


def chamber_codes(text: object) -> list[str]:
    """The chamber codes of a `reunions.chambres` cell (`53;52`, `53 ; 52`), in order; none
    for an empty cell (missing: not text)."""
    if not isinstance(text, str):
        return []
    return [c.strip() for c in text.split(CHAMBER_SEPARATOR) if c.strip()]


def column_names(dataset: str) -> list[str]:
    return [c.name for c in SCHEMAS[dataset]]


@cache
def _reference_rows() -> tuple[dict[str, str], ...]:
    with open(config.REFERENCE_REGIONS, encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def regions_for_year(year: int) -> dict[str, str]:
    """INSEE region codes in force in `year`, with their official names."""
    rows = _reference_rows()
    if year >= config.REFORM_YEAR:
        return {r["new_code"]: r["new_name"] for r in rows}
    regions = {r["old_code"]: r["old_name"] for r in rows if r["old_code"]}
    if year >= config.MAYOTTE_FROM:
        regions.update({r["new_code"]: r["new_name"] for r in rows if not r["old_code"]})
    return dict(sorted(regions.items()))


def reform_map() -> dict[str, tuple[str, str]]:
    """Each region code of before 2016 → (code, name) of its region on the 2016 map."""
    return {
        r["old_code"]: (r["new_code"], r["new_name"]) for r in _reference_rows() if r["old_code"]
    }


def map_2016() -> dict[str, str]:
    """The 18 regions of the 2016 map, code → name."""
    return dict(sorted({r["new_code"]: r["new_name"] for r in _reference_rows()}.items()))

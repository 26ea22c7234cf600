"""The raw data contract (docs/data-contract.md) as data: columns, kinds, allowed values.

Readers use it to type the columns; the expectation suites in `expectations/`
state the rules themselves and are checked against it in the tests.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from .. import config

TEXT, CODE, BOOL, NUMBER, INTEGER = "text", "code", "bool", "number", "integer"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    required: bool = True  # False: the cell may be empty
    values: tuple[str, ...] = ()  # allowed values of an enumerated text column


def _amounts(*names: str, required: bool = True) -> tuple[Column, ...]:
    return tuple(Column(n, NUMBER, required) for n in names)


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
FUNCTIONS_RH = (
    "direction",
    "chargee_mission",
    "assistanat",
    "comptabilite",
    "communication",
    "observatoire",
    "autre",
)
CONTRACTS = ("cdi", "cdd", "mise_a_disposition", "contrat_aide", "autre")
LENT = "mise_a_disposition"
BODIES = ("ag", "ca", "bureau")
FAMILIES = (
    "cooperative",
    "mutuelle_sante",
    "mutuelle_assurance",
    "association",
    "fondation",
    "syndicat_employeur",
    "autre",
)
SEAT_FUNCTIONS = ("president", "vice_president", "tresorier", "secretaire", "membre")
STATUSES = ("structuree", "en_structuration")
PERSONAL_COLUMNS = ("representant",)  # read, never kept

SCHEMAS: dict[str, tuple[Column, ...]] = {
    "cres": (
        Column("code_region", CODE),
        Column("region"),
        Column("nom_cres"),
        Column("adherent", BOOL),
        Column("statut", values=STATUSES),
        Column("annee_creation", INTEGER, required=False),
    ),
    "finances": (
        Column("code_region", CODE),
        *_amounts(*INCOME_LINES, "total_produits", "total_charges", "resultat"),
        *_amounts("fonds_propres", "tresorerie"),
        Column("convention_conseil_regional", BOOL),
        Column("convention_cdc", BOOL),
    ),
    "rh": (
        Column("code_region", CODE),
        Column("poste"),
        Column("fonction", values=FUNCTIONS_RH),
        Column("contrat", values=CONTRACTS),
        Column("etp", NUMBER),
        Column("mis_a_disposition_par", required=False),
    ),
    "gouvernance": (
        Column("code_region", CODE),
        Column("instance", values=BODIES),
        Column("organisation"),
        Column("famille", values=FAMILIES),
        Column("groupement", required=False),
        Column("fonction", values=SEAT_FUNCTIONS),
        Column("representant", required=False),
    ),
}


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

"""Pure helpers of the validation gate: derived columns, suite parameters, readable results.

Kept apart from `validation.py` so that nothing here imports Great Expectations.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pandas as pd

from ..ingest import contract, questionnaire
from ..ingest.table import CELLS, FILE, RAW_SUFFIX, ROW
from ..ingest.values import DATE_PATTERN
from .results import FailingRow

MAX_ROWS_KEPT = 200  # failing rows kept per rule in the results file

# Derived columns the suites check: the contract column each one speaks for,
# and how its value reads in a message.
DERIVED_COLUMNS = {
    "_ecart_total_produits": ("total_produits", "écart de {} €"),
    "_ecart_resultat": ("resultat", "écart de {} €"),
    "_presidents": ("fonction", "{} président(s) dans la chambre"),
    "_sieges_ag": ("instance", "{} siège à l'assemblée générale de la chambre"),
    "_sieges_ca_hors_bureau": ("instance", "{} siège au conseil d'administration hors bureau"),
    "_ca_moins_ag": (
        "famille",
        "{} siège(s) de plus au conseil d'administration qu'à l'assemblée générale pour "
        "cette famille",
    ),
    "_region_officielle": ("region", "nom officiel : {}"),
    "_presences_en_trop": ("presences", "{} présence(s) de plus que de réunions"),
    "_date_hors_annee": ("date", "{}"),
    "_chambres_inconnues": ("chambres", "absente(s) de cres.csv : {}"),
}


def derive(
    dataset: str, frame: pd.DataFrame, year: int, cres_codes: Iterable[str] = ()
) -> pd.DataFrame:
    """Add the columns that turn cross-column rules into single-column expectations.

    `cres_codes`: the chambers of the year's `cres`, which the codes of a list must name.
    """
    frame = frame.copy()
    if dataset == "representation":
        frame["_presences_en_trop"] = frame["presences"] - frame["reunions"]
    elif dataset == "reunions":
        frame = _meeting_checks(frame, year, set(cres_codes))
    if dataset == "cres":
        names = contract.regions_for_year(year)
        frame["_region_officielle"] = frame["code_region"].map(names).astype("str")
    elif dataset == "finances":
        lines = frame[list(contract.INCOME_LINES)].sum(axis=1, min_count=len(contract.INCOME_LINES))
        frame["_ecart_total_produits"] = (frame["total_produits"] - lines).round(2)
        expected = frame["total_produits"] - frame["total_charges"]
        frame["_ecart_resultat"] = (frame["resultat"] - expected).round(2)
    elif dataset == "gouvernance":
        is_president = (frame["fonction"] == "president").fillna(False).astype(int)
        frame["_presidents"] = is_president.groupby(frame["code_region"]).transform("sum")
        frame = _seat_counts(frame)
    return frame


def _meeting_checks(frame: pd.DataFrame, year: int, cres_codes: set[str]) -> pd.DataFrame:
    """A meeting's date outside the year (as written: the day exists, the year differs, or
    no such day), and the codes of its `chambres` that are not chambers of `cres`."""
    written = frame["date" + RAW_SUFFIX]
    well_formed = written.str.fullmatch(DATE_PATTERN).fillna(False).astype(bool)
    outside = well_formed & ~(frame["date"].dt.year == year).fillna(False).astype(bool)
    frame["_date_hors_annee"] = written.where(outside).astype("str")
    unknown = [
        "; ".join(c for c in contract.chamber_codes(text) if c not in cres_codes) or None
        for text in frame["chambres"]
    ]
    frame["_chambres_inconnues"] = pd.Series(unknown, index=frame.index, dtype="str")
    return frame


def _seat_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Seats per chamber and body, and per chamber and family, for the consistency rules.

    A bureau seat is also a board seat (contract): board counts include the bureau.
    """
    body = frame["instance"]
    assembly = (body == "ag").astype(int)
    board = body.isin(["ca", "bureau"]).astype(int)
    chamber = frame["code_region"]
    frame["_sieges_ag"] = assembly.groupby(chamber).transform("sum")
    frame["_sieges_ca_hors_bureau"] = (body == "ca").astype(int).groupby(chamber).transform("sum")
    by_family = [chamber, frame["famille"]]
    frame["_ca_moins_ag"] = board.groupby(by_family).transform("sum") - assembly.groupby(
        by_family
    ).transform("sum")
    return frame


def parameters(year: int, cres_codes: Iterable[str]) -> dict:
    """Suite parameters: the year, its codes, and the questionnaire's value sets."""
    return {
        "year": year,
        "region_codes": sorted(contract.regions_for_year(year)),
        "cres_codes": sorted(set(cres_codes)),
        **questionnaire.load().value_sets(),
    }


def shown_column(column: str | None) -> str | None:
    """The contract column an analyst should look at for a rule on `column`."""
    if column is None:
        return None
    if column in DERIVED_COLUMNS:
        return DERIVED_COLUMNS[column][0]
    return column.removesuffix(RAW_SUFFIX)


def failing_rows(column: str | None, index_list: list[dict]) -> list[FailingRow]:
    """Rows as the analyst finds them: line (flat file) or file, sheet and cell (response)."""
    rows = []
    for entry in index_list:
        row = FailingRow(int(entry[ROW]), _text(entry.get("code_region")))
        if column and column in entry:
            row.value = _text(entry[column])
            if column in DERIVED_COLUMNS and row.value is not None:
                value = entry[column]
                said = value if isinstance(value, str) else _french(value)
                row.value = DERIVED_COLUMNS[column][1].format(said)
        if entry.get(FILE):
            row.file = str(entry[FILE])
            cells = json.loads(entry.get(CELLS) or "{}")
            shown = shown_column(column)
            sheet, _, cell = cells.get(shown, "").rpartition("!")
            row.sheet, row.cell = sheet or None, cell or None
            if cell:
                row.row = int("".join(c for c in cell if c.isdigit()))
        rows.append(row)
    return sorted(rows, key=lambda r: (r.file or "", r.row))


def _french(amount) -> str:
    """`5 000`, `-12,5`: an amount as the French read it (Babel)."""
    from babel.numbers import format_decimal

    return format_decimal(float(amount), format="#,##0.##", locale="fr_FR")


def _text(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

"""Downloads carry data, never formulas (OWASP CSV injection), whatever the chambers typed.

Unit tests of the CSV and workbook writers, then a real build of a survey year whose every
free-text answer is hostile: no CSV cell of any download starts with a formula character
unless it is a number, no workbook cell of any download is a formula, and the
questionnaires pre-filled from that year for the next are free of formulas too.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.data import MINI, YEAR, mini_records, response_book, save_response
from support.pipeline import pipeline, run_args

from cres_reports import spreadsheets
from cres_reports.ingest import questionnaire
from cres_reports.publishing.site import downloads

HOSTILE = (
    '=HYPERLINK("http://example.invalid/x","clic")',
    "=cmd|' /C calc'!A0",
    "+33 1 23 45 67 89",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
)
SKIPPED = ("representant", "mis_a_disposition_par")
FRENCH_NUMBER = re.compile(r"[+-]?[0-9][0-9\u202f\u00a0 ]*(,[0-9]+)?")


def _table(values: list) -> dict:
    return {
        "name": "01-essai",
        "caption": "Essai",
        "columns": ["Chambre", "Montant"],
        "kinds": ["text", "euros"],
        "rows": [[v, -1250] for v in values],
    }


def test_csv_cells_starting_like_a_formula_are_quoted_and_numbers_are_not():
    text = downloads.csv_bytes(_table([*HOSTILE, "Bretagne"])).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [r[0] for r in rows[1:]] == [f"'{h}" for h in HOSTILE] + ["Bretagne"]
    assert {r[1] for r in rows[1:]} == {"-1250"}  # a negative amount stays a number


def test_workbook_cells_are_never_formulas():
    book = load_workbook(io.BytesIO(downloads.workbook_bytes([_table(list(HOSTILE))])))
    sheet = book.worksheets[0]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert [sheet.cell(r, 1).value for r in range(2, 2 + len(HOSTILE))] == list(HOSTILE)
    assert {sheet.cell(r, 2).value for r in range(2, 2 + len(HOSTILE))} == {-1250}


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_text_quotes_every_formula_start(text):
    assert spreadsheets.csv_text(text).startswith("'")
    assert spreadsheets.csv_text("Macif") == "Macif"


def _hostile_records(code: str) -> dict[str, list[dict]]:
    """The chamber's tiny-year answers, every free-text answer replaced by a hostile one."""
    records = mini_records(code)
    form = questionnaire.load()
    texts = {(s.dataset, q.name) for s in form.sheets for q in s.questions if q.type == "text"}
    n = 0
    for dataset, rows in records.items():
        for row in rows:
            for name in row:
                # the name is dropped at reading; the lender must stay empty (a rule)
                if (dataset, name) in texts and name not in SKIPPED:
                    row[name] = HOSTILE[n % len(HOSTILE)]
                    n += 1
    assert n >= 10, "the tiny year has too few free-text answers to prove anything"
    return records


def _formula_cells(folder: Path) -> tuple[list[str], list[str], int]:
    """CSV cells of `folder` starting with a formula character that are not numbers; workbook
    cells that are formulas; how many quoted hostile texts the CSV files hold."""
    csv_bad, xlsx_bad, quoted = [], [], 0
    for path in sorted(folder.rglob("*.csv")):
        text = path.read_text(encoding="utf-8-sig")
        for row in csv.reader(io.StringIO(text), delimiter=";"):
            for cell in row:
                if cell.startswith(spreadsheets.FORMULA_START):
                    if not FRENCH_NUMBER.fullmatch(cell):
                        csv_bad.append(f"{path.name}: {cell!r}")
                quoted += any(cell == f"'{h}" for h in HOSTILE)
    for path in sorted(folder.rglob("*.xlsx")):
        book = load_workbook(path)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                xlsx_bad += [f"{path.name}!{c.coordinate}" for c in row if c.data_type == "f"]
    return csv_bad, xlsx_bad, quoted


def _hostile_year(base: Path, refused: bool = False) -> None:
    """The tiny year as two returned workbooks whose free-text answers are all hostile, typed
    as text (as Excel keeps what follows a leading '). With `refused`, an amount is typed
    as `=2+2` text too: the rule refuses it and the quality report shows what it read."""
    year_dir = base / "data" / "raw" / str(YEAR)
    year_dir.mkdir(parents=True)
    (year_dir / "cres.csv").write_text("\n".join(MINI["cres"]) + "\n", encoding="utf-8")
    for code in ("53", "52"):
        book = response_book(code, records=_hostile_records(code))
        if refused:
            label = "Subvention de la Caisse des Dépôts (€)"
            for sheet in book.worksheets:
                for (cell,) in sheet.iter_rows(max_col=1):
                    if cell.value == label:
                        sheet.cell(cell.row, 2).value = "=2+2"
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    spreadsheets.keep_as_text(cell)
        save_response(book, year_dir / "reponses" / f"enquete-{code}.xlsx")


@pytest.mark.build
@pytest.mark.kernel
def test_values_read_from_refused_workbooks_reach_no_download_as_formulas(tmp_path):
    _hostile_year(tmp_path, refused=True)
    result = pipeline(*run_args(tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "« =2+2 »" in result.stdout
    csv_bad, xlsx_bad, quoted = _formula_cells(tmp_path / "reports")
    assert not csv_bad, csv_bad[:10]
    assert not xlsx_bad, xlsx_bad[:10]
    quality = (tmp_path / "reports" / str(YEAR) / "telechargements" / "qualite").glob("*.csv")
    assert any("'=2+2" in p.read_text(encoding="utf-8-sig") for p in quality)


@pytest.mark.build
@pytest.mark.kernel
def test_hostile_free_text_in_every_survey_field_reaches_no_download_as_a_formula(tmp_path):
    _hostile_year(tmp_path)
    result = pipeline(*run_args(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    csv_bad, xlsx_bad, quoted = _formula_cells(tmp_path / "reports")
    assert not csv_bad, csv_bad[:10]
    assert not xlsx_bad, xlsx_bad[:10]
    assert quoted >= len(HOSTILE), "the hostile texts should be in the downloads, quoted"
    # The questionnaires of the next year are pre-filled with these answers.
    out = tmp_path / "enquetes"
    prepared = pipeline(
        "enquete", "preparer", "--year", YEAR + 1, "--data-dir", tmp_path / "data", "--out", out
    )
    assert prepared.returncode == 0, prepared.stdout + prepared.stderr
    assert not _formula_cells(out)[1]

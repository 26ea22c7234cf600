"""What goes back to a chamber (issue 21, item 2): `enquete retours` writes, for each
response to correct, the chamber's own workbook with exactly the cells `validate` names
highlighted and commented, opening on « Corrections demandées », and an e-mail text."""

from __future__ import annotations

import re

import openpyxl
import pytest
from support.data import mini_records, response_book, save_response, write_mini_survey
from support.pipeline import tree

from cres_reports import run
from cres_reports.survey import returns
from cres_reports.validate import gate
from cres_reports.validate.messages import describe_year

YEAR = 2011
pytestmark = pytest.mark.slow  # Great Expectations checks the year (a few seconds)


def _year(root):
    """The tiny survey year: 53 types an FTE as a percentage and words for an amount; 52's
    workbook lost its « Comptes » sheet (renamed): refused before any cell is read."""
    year_dir = write_mini_survey(root / "data", YEAR)
    records = mini_records("53")
    records["rh"][0]["etp"] = 80
    book = response_book("53", YEAR, records)
    book["Comptes"]["B5"] = "environ 12 000"
    save_response(book, year_dir / "reponses" / "enquete-53.xlsx")
    book = response_book("52", YEAR)
    book["Comptes"].title = "Compte"
    save_response(book, year_dir / "reponses" / "enquete-52.xlsx")
    return root / "data"


def _highlighted(path) -> set[tuple[str, str]]:
    book = openpyxl.load_workbook(path)
    return {
        (sheet.title, cell.coordinate)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.fill.fgColor.rgb == "00" + returns.FAULT_FILL and cell.comment is not None
    }


def test_each_response_to_correct_goes_back_with_the_cells_validate_names(tmp_path, capsys):
    data = _year(tmp_path)
    results, _ = gate.validate_year(data, YEAR)
    said = "\n".join(describe_year(results))
    named = set(re.findall(r"enquete-53\.xlsx, feuille (\S+), cellule ([A-Z]+[0-9]+)", said))
    assert named == {("Comptes", "B5"), ("Équipe", "D4")}

    out = tmp_path / "retours"
    assert run.send_back(data, YEAR, out) == run.ExitCode.OK
    assert "2 retour(s) écrit(s)" in capsys.readouterr().out
    written = sorted(p.name for p in out.iterdir())
    assert written == [
        "retour-2011-52-cres-pays-de-la-loire.txt",
        "retour-2011-52-cres-pays-de-la-loire.xlsx",
        "retour-2011-53-cres-bretagne.txt",
        "retour-2011-53-cres-bretagne.xlsx",
    ]
    book_53 = out / "retour-2011-53-cres-bretagne.xlsx"
    assert _highlighted(book_53) == named
    book = openpyxl.load_workbook(book_53)
    assert book.sheetnames[0] == returns.SHEET and book.active.title == returns.SHEET
    rows = list(book[returns.SHEET].iter_rows(min_row=5, values_only=True))
    assert rows == [
        ("Comptes", "B5", "Subventions de l'État (€)", "environ 12 000",
         "doit être un nombre (ex. 1234,50 ou 1 234,50 €)"),
        ("Équipe", "D4", "ETP", "80", "l'ETP doit être supérieur à 0 et au plus égal à 1"),
    ]  # fmt: skip
    assert "_enquete" in book.sheetnames  # sent back corrected, it is read as the response
    text = (out / "retour-2011-53-cres-bretagne.txt").read_text(encoding="utf-8")
    assert "- feuille Équipe, cellule D4 (« ETP ») : l'ETP doit être supérieur à 0" in text
    refused = openpyxl.load_workbook(out / "retour-2011-52-cres-pays-de-la-loire.xlsx")
    (reason,) = [r[4] for r in refused[returns.SHEET].iter_rows(min_row=5, values_only=True)]
    assert reason.startswith("feuille « Comptes » absente")
    assert _highlighted(out / "retour-2011-52-cres-pays-de-la-loire.xlsx") == set()

    again = tmp_path / "encore"
    run.send_back(data, YEAR, again)
    assert tree(again) == tree(out)  # same inputs, same bytes


def test_no_message_about_a_response_speaks_in_column_names(tmp_path):
    """The chamber reads « Résultat de l'exercice (€) », never `resultat`; amounts in French."""
    from cres_reports.store.processed import output_columns
    from cres_reports.validate.messages import TECHNICAL_NAMES

    year_dir = write_mini_survey(tmp_path / "data", YEAR)
    records = mini_records("53")
    records["finances"][0]["resultat"] = 15000  # 400 000 − 390 000 is 10 000
    records["rh"][1]["mis_a_disposition_par"] = None  # a secondment by no one
    records["rh"][0]["contrat"] = "cdi"
    save_response(response_book("53", YEAR, records), year_dir / "reponses" / "enquete-53.xlsx")
    results, _ = gate.validate_year(tmp_path / "data", YEAR)
    lines = [line for line in describe_year(results) if "enquete-53.xlsx" in line]
    said = "\n".join(lines)
    assert "« Résultat de l'exercice (€) » doit être égal à « Total des produits (€) » − " in said
    assert "lu « écart de 5\u202f000 € »" in said
    assert "contrat mise à disposition" in said
    columns = {c for d in ("finances", "rh") for c in output_columns(d)}
    technical = {c for c in columns if "_" in c or c in TECHNICAL_NAMES}
    assert not technical & set(re.findall(r"[a-z_]+", said)), said


def test_sheets_sent_back_as_prefilled_are_named_by_validate_and_go_back(tmp_path):
    """52 returns last year's answers untouched: nothing is refused, but validate names each
    sheet's confirmation cell, and the return workbook highlights exactly those."""
    from cres_reports.survey import workbook

    year_dir = write_mini_survey(tmp_path / "data", YEAR)
    last_year = {d: rows for d, rows in mini_records("52").items() if d != "finances"}
    book = workbook.build(YEAR, "52", "CRES Pays de la Loire", "Pays de la Loire", last_year, 2010)
    save_response(book, year_dir / "reponses" / "enquete-52.xlsx")
    results, _ = gate.validate_year(tmp_path / "data", YEAR)
    said = "\n".join(describe_year(results))
    assert said.startswith(f"{YEAR} : données valides")
    named = set(
        re.findall(r"enquete-52\.xlsx, feuille ([^,]+), cellule (B2) : feuille renvoyée", said)
    )
    prefilled = {"Équipe", "Gouvernance", "Vie statutaire", "Observatoire", "Missions"}
    assert {sheet for sheet, _ in named} == prefilled | {"Relations CPCA"}
    out = tmp_path / "retours"
    run.send_back(tmp_path / "data", YEAR, out)
    assert _highlighted(out / "retour-2011-52-cres-pays-de-la-loire.xlsx") == named


def test_figures_to_confirm_go_back_as_questions_not_corrections(tmp_path):
    from cres_reports.ingest import responses
    from cres_reports.validate.results import SurveyResult, YearResults

    chambers = [responses.ChamberStatus("53", "CRES Bretagne", responses.STATUS_COMPLETE,
                                        file="enquete-53.xlsx")]  # fmt: skip
    results = YearResults(YEAR, "data/raw/2011", [], survey=SurveyResult([], chambers))
    results.network = {"53": "CRES Bretagne"}
    said = "déclare 5,6 ETP sur ses missions pour une équipe de 2,8 ETP"
    (answer,) = returns.returns(results, {"53": [said], "99": ["n'a pas de réponse"]})
    assert [f.expected for f in answer.faults] == [f"la chambre {said}"]
    text = returns.email(answer, YEAR, "retour.xlsx", copied=True)
    assert "merci de nous les confirmer, ou de les corriger" in text
    assert f"- à confirmer ou corriger : la chambre {said}." in text
    assert "Avant de pouvoir la publier" not in text

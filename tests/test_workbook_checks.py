"""Questionnaires that prevent the mistakes the rules then refuse (issue 21, item 3): every
answer cell says whether it is mandatory, numbers are checked against the bounds of the
dataset's rule as they are typed, counts that change every year are never pre-filled."""

from __future__ import annotations

from openpyxl.utils.cell import range_boundaries
from support.data import mini_records

from cres_reports.ingest import questionnaire
from cres_reports.survey import workbook

YEAR = 2011


def _book():
    last_year = {d: rows for d, rows in mini_records("53").items() if d != "finances"}
    return workbook.build(YEAR, "53", "CRES Bretagne", "Bretagne", last_year, YEAR - 1)


def _check_of(sheet, row: int, column: int):
    found = []
    for check in sheet.data_validations.dataValidation:
        for cells in str(check.sqref).split():
            low_col, low_row, high_col, high_row = range_boundaries(cells)
            if low_col <= column <= high_col and low_row <= row <= high_row:
                found.append(check)
    assert len(found) == 1, (sheet.title, row, column, found)
    return found[0]


def test_every_answer_says_if_it_is_mandatory_and_numbers_are_checked_by_the_rule():
    book = _book()
    for spec in questionnaire.for_year(YEAR).sheets:
        sheet = book[spec.title]
        for index, question in enumerate(spec.questions, start=1):
            if spec.rows and index == 1:
                continue  # the pre-printed, locked mission labels
            if spec.kind == questionnaire.QUESTIONS:
                row, column, label = (
                    workbook.FIRST_ROW + index - 1,
                    2,
                    sheet.cell(workbook.FIRST_ROW + index - 1, 1),
                )
            else:
                row, column, label = (
                    workbook.FIRST_ROW + 1,
                    index,
                    sheet.cell(workbook.FIRST_ROW, index),
                )
            check = _check_of(sheet, row, column)
            where = (spec.title, question.name)
            assert check.prompt.startswith(
                "Obligatoire." if question.required else "Facultatif."
            ), where
            assert bool(label.font.b) == question.required, where
            if question.type in (questionnaire.DECIMAL, questionnaire.INTEGER):
                assert check.type == (
                    "whole" if question.type == questionnaire.INTEGER else "decimal"
                ), where
                rules = workbook.number_rules(spec.dataset, YEAR)
                low, high, said = rules.get(question.name, workbook.NO_RULE)
                if low is not None:
                    assert float(check.formula1) == low, where
                if high is not None:
                    assert float(check.formula2) == high, where
                assert check.errorStyle == "warning"  # the rule decides, naming the cell
    etp = _check_of(book["Équipe"], workbook.FIRST_ROW + 1, 4)
    assert (etp.formula1, etp.formula2) == ("0", "1")
    assert "0,5 = mi-temps" in etp.prompt
    assert "En euros" in _check_of(book["Comptes"], workbook.FIRST_ROW, 2).prompt


def test_meetings_are_never_prefilled_and_mandatory_answers_are_listed():
    book = _book()
    life = book["Vie statutaire"]
    labels = {life.cell(r, 1).value: life.cell(r, 2).value for r in range(3, 8)}
    assert labels["Nombre d'assemblées générales"] is None  # last year's would go back as is
    assert labels["Nombre de réunions du bureau"] is None
    assert labels["Nombre d'organisations adhérentes"] == 60  # still pre-filled
    readme = [c.value for c in book["Lisez-moi"]["A"] if c.value]
    assert "Réponses obligatoires" in readme
    assert "Comptes : toutes les réponses" in readme
    assert "Équipe : « Intitulé du poste », « Fonction », « Contrat », « ETP »" in readme

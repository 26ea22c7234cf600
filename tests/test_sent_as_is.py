"""A response must be an answer: last year's pre-filled answers sent back untouched are not
this year's data (issue 21, item 0).

Each prepared workbook records what each pre-filled sheet was sent with (`_enquete`,
`empreintes`); a sheet read back with exactly those answers, and not confirmed by « Oui »
to « Informations vérifiées pour <année> », gives no row.
"""

from __future__ import annotations

import datetime as dt

from support.data import mini_records

from cres_reports.analysis import quality
from cres_reports.ingest import questionnaire, responses
from cres_reports.survey import workbook

YEAR = 2011
STAMP = dt.datetime(2012, 1, 15, 9, 0)
PREFILLED = [s.title for s in questionnaire.load().sheets if s.prefill]


def _prepared(tmp_path, edit=None):
    """Chamber 53's questionnaire pre-filled with its answers of the year before, saved
    as `enquete preparer` saves it, edited by `edit(book)` as the chamber would."""
    last_year = {d: rows for d, rows in mini_records("53").items() if d != "finances"}
    book = workbook.build(YEAR, "53", "CRES Bretagne", "Bretagne", last_year, YEAR - 1)
    if edit is not None:
        edit(book)
    return workbook.save(book, tmp_path / "reponses" / "enquete-53.xlsx", STAMP)


def test_a_workbook_returned_as_prepared_answers_nothing(tmp_path):
    def reorder(book):  # rows in another order are the same answers
        sheet = book["Équipe"]
        first = [c.value for c in sheet[4]]
        second = [c.value for c in sheet[5]]
        assert first[0] and second[0]
        for column, (a, b) in enumerate(zip(first, second, strict=True), start=1):
            sheet.cell(4, column).value, sheet.cell(5, column).value = b, a

    path = _prepared(tmp_path, reorder)
    collection = responses.collect(path.parent, YEAR, {"53": "CRES Bretagne"})
    (response,) = collection.responses
    assert response.unchanged == PREFILLED
    assert response.status == responses.STATUS_UNCHANGED
    for sheet in questionnaire.load().sheets:
        assert responses.table(collection, sheet.dataset).frame.empty, sheet.dataset
    statuses = responses.tracking(collection, {"53": "CRES Bretagne"})
    assert quality.tracking_table(statuses).iloc[0]["Réponse"] == "renvoyée sans modification"
    assert quality.tracking_summary(statuses) == (
        "0 réponse reçue sur 1 chambre ; 1 renvoyée sans modification ; 0 non reçue"
    )


def test_a_confirmed_sheet_and_an_updated_one_are_this_years_answers(tmp_path):
    def answer(book):
        book["Équipe"]["B2"] = "Oui"  # checked: still true this year
        book["Observatoire"]["B2"] = "oui "  # as typed, case and spaces forgiven
        book["Gouvernance"]["B4"] = "Une autre organisation"  # updated, not confirmed
        book["Comptes"]["B3"] = 100_000

    path = _prepared(tmp_path, answer)
    (response,) = responses.collect(path.parent, YEAR, {"53": "CRES Bretagne"}).responses
    sent = mini_records("53")
    assert len(response.records["rh"]) == len(sent["rh"])
    assert len(response.records["gouvernance"]) == len(sent["gouvernance"])
    assert response.records["observatoire"]
    assert response.unchanged == [
        t for t in PREFILLED if t not in ("Équipe", "Gouvernance", "Observatoire")
    ]
    assert response.status == responses.STATUS_INCOMPLETE
    (status,) = responses.tracking(
        responses.collect(path.parent, YEAR, {"53": "CRES Bretagne"}), {"53": "CRES Bretagne"}
    )
    empty = quality.tracking_table([status]).iloc[0]["Détail"]
    assert "Vie statutaire (renvoyée telle que pré-remplie, non vérifiée)" in empty
    assert "Activités" in empty and "Activités (" not in empty  # blank, not pre-filled


def test_every_prefilled_sheet_asks_for_the_mandatory_confirmation(tmp_path):
    from openpyxl import load_workbook

    book = load_workbook(_prepared(tmp_path))
    form = questionnaire.for_year(YEAR)
    for sheet in form.sheets:
        target = book[sheet.title]
        label = target["A2"].value
        if sheet.title not in PREFILLED:
            assert label is None, sheet.title
            continue
        assert label == f"Informations vérifiées pour {YEAR} :", sheet.title
        assert not target["B2"].protection.locked
        (check,) = [v for v in target.data_validations.dataValidation if "B2" in str(v.sqref)]
        assert check.type == "list" and check.prompt.startswith("Oui une fois la feuille relue")
    readme = " ".join(str(c.value) for c in book["Lisez-moi"]["A"] if c.value)
    assert "Obligatoire : en haut de chaque feuille pré-remplie, répondre Oui" in readme

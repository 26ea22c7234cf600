"""The annual survey end to end: questionnaires out, responses in, read as raw data, tracked.

Real workbooks throughout: written by the package, filled with openpyxl as a chamber would,
some saved as .ods, opened by LibreOffice when it is installed, read back by the collector.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from support.data import ROOT
from support.pipeline import pipeline, tree

from cres_reports import config
from cres_reports.ingest import questionnaire, responses
from cres_reports.ingest.readers import read_dataset
from cres_reports.store.processed import clean_frame, load_table
from cres_reports.survey import prepare as preparing
from cres_reports.survey import workbook
from tools import demo

# xdist: one worker runs the module (the prepared and returned 2011 questionnaires: built once).
# Slow as a whole: its fixture writes the 26 questionnaires (13 s); the fast tier checks one
# questionnaire at a time (test_questionnaire, test_workbook_checks, test_sent_as_is).
pytestmark = [pytest.mark.xdist_group("survey"), pytest.mark.slow]

YEAR = 2011  # no folder yet in the shipped data: the network is 2010's list
NOT_ANSWERING = "43"  # in the round trip, this chamber sends nothing back
AS_ODS = ("24", "53", "91")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """A copy of the shipped raw data (2007-2010)."""
    base = tmp_path_factory.mktemp("survey") / "data"
    shutil.copytree(ROOT / "data" / "raw", base / "raw")
    return base


@pytest.fixture(scope="module")
def prepared(data_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("enquetes")
    done = preparing.prepare(data_dir, YEAR, out)
    assert done.notes == [
        f"pas de liste des chambres pour {YEAR} ({data_dir}/raw/{YEAR}/cres.csv) : "
        "liste de 2010 utilisée"
    ]
    return out


@pytest.mark.slow
def test_the_command_writes_them_and_says_where(data_dir, prepared, tmp_path):
    result = pipeline(
        "enquete", "preparer", "--year", YEAR, "--data-dir", data_dir, "--out", tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "note : pas de liste des chambres pour 2011" in result.stdout
    assert f"{YEAR} : 26 questionnaire(s) écrit(s) dans {tmp_path}" in result.stdout
    assert tree(tmp_path) == tree(prepared)


def _book(prepared: Path, code: str) -> openpyxl.Workbook:
    (path,) = prepared.glob(f"enquete-{YEAR}-{code}-*.xlsx")
    return openpyxl.load_workbook(path)


# --------------------------------------------------------------------------- questionnaires


@pytest.mark.slow  # the 26 questionnaires written take 10 s (the fast tier: test_questionnaire)
def test_one_workbook_per_chamber_named_by_code_and_region(prepared, data_dir):
    cres = read_dataset(data_dir / "raw" / "2010", "cres").frame
    names = sorted(p.name for p in prepared.iterdir())
    assert len(names) == 26
    assert "enquete-2011-93-provence-alpes-cote-d-azur.xlsx" in names
    assert {n.split("-")[2] for n in names} == set(cres["code_region"])


@pytest.mark.slow
def test_workbooks_are_byte_identical_for_the_same_inputs(prepared, data_dir, tmp_path):
    again = preparing.prepare(data_dir, YEAR, tmp_path)
    assert len(again.files) == 26
    assert tree(tmp_path) == tree(prepared)


def test_sheets_labels_and_the_hidden_enquete_sheet(prepared):
    book = _book(prepared, "53")
    form = questionnaire.load()
    visible = [s.title for s in book.worksheets if s.sheet_state == "visible"]
    assert visible == ["Lisez-moi", *(s.title for s in form.sheets)]
    enquete = book["_enquete"]
    assert enquete.sheet_state == "hidden"
    rows = [[c.value for c in row] for row in enquete.iter_rows()]
    assert rows[:4] == [
        ["version", "2"],
        ["annee", 2011],
        ["code_region", "53"],
        ["chambre", "CRESS Bretagne"],
    ]
    assert rows[4][0] == "empreintes"  # what each pre-filled sheet was sent with
    assert sorted(json.loads(rows[4][1])) == sorted(s.dataset for s in form.sheets if s.prefill)
    readme = " ".join(str(c.value) for c in book["Lisez-moi"]["A"] if c.value)
    assert "CRESS Bretagne" in readme and "exercice 2011" in readme
    assert "au plus tard le 31 mars 2012" in readme
    comptes = book["Comptes"]
    labels = [comptes.cell(r, 1).value for r in range(3, 3 + 16)]
    assert labels == [q.label for q in form.sheet("finances").questions]


def test_structure_is_protected_answers_are_open(prepared):
    book = _book(prepared, "53")
    assert book.security.lockStructure
    for sheet in book.worksheets:
        assert sheet.protection.sheet, sheet.title
    comptes = book["Comptes"]
    assert comptes["A3"].protection.locked
    assert not comptes["B3"].protection.locked
    assert comptes["B3"].number_format == "#,##0.00"
    equipe = book["Équipe"]
    assert equipe["A3"].protection.locked and not equipe["A4"].protection.locked
    assert not equipe.protection.insertRows  # rows may be added to a list
    missions = book["Missions"]
    assert missions["A4"].protection.locked and not missions["B4"].protection.locked


def test_every_enumerated_answer_has_a_drop_down_of_french_labels(prepared):
    book = _book(prepared, "53")
    form = questionnaire.load()
    lists = book["_listes"]
    for sheet in form.sheets:
        validations = [  # B2: the pre-filled sheet's confirmation (test_sent_as_is)
            v
            for v in book[sheet.title].data_validations.dataValidation
            if str(v.sqref) != "B2" and v.type == "list"
        ]
        expected = [
            q for q in sheet.questions if q.choices and not (sheet.rows and q is sheet.questions[0])
        ]
        assert len(validations) == len(expected), sheet.title
        for question, validation in zip(expected, validations, strict=True):
            assert validation.type == "list"
            column = re.search(r"\$([A-Z]+)\$2", validation.formula1).group(1)
            shown = [c.value for c in lists[column][1:] if c.value]
            assert shown == list(form.labels(question.choices).values())


def test_prefilled_with_last_years_answers_never_the_accounts(prepared, data_dir):
    book = _book(prepared, "53")
    assert all(book["Comptes"].cell(r, 2).value is None for r in range(3, 19))
    from cres_reports.ingest.year import read_year

    before = read_year(data_dir / "raw" / "2010", 2010).tables
    rh = before["rh"].frame
    posts = rh[rh["code_region"] == "53"]["poste"].tolist()
    equipe = book["Équipe"]
    assert [equipe.cell(r, 1).value for r in range(4, 4 + len(posts))] == posts
    assert equipe.cell(4 + len(posts), 1).value is None
    seats = before["gouvernance"].frame
    assert book["Gouvernance"].cell(4 + (seats["code_region"] == "53").sum(), 1).value is None
    assert book["Gouvernance"]["F4"].value is None  # representatives never written back
    printed = [book["Missions"].cell(r, 1).value for r in range(4, 11)]
    assert printed == list(questionnaire.load().labels("missions").values())
    assert book["Vie statutaire"]["B3"].value is None  # meetings: never last year's
    assert book["Vie statutaire"]["B7"].value is not None  # members: pre-filled


def test_workbooks_returned_as_prepared_answer_nothing_for_the_year(prepared, data_dir):
    """Last year's answers sent back untouched are not this year's: no row is read."""
    network = {
        code: f"chambre {code}" for code in (p.name.split("-")[2] for p in prepared.iterdir())
    }
    collection = responses.collect(prepared, YEAR, network)
    assert not collection.errors
    statuses = responses.tracking(collection, network)
    assert len(statuses) == 26
    prefilled = {r.code for r in collection.responses if r.sent}  # the 21 that answered 2010
    assert len(prefilled) == 21
    by_status = {s.code: s for s in statuses}
    assert {by_status[c].status for c in prefilled} == {responses.STATUS_UNCHANGED}
    for code in set(network) - prefilled:  # nothing to pre-fill: returned blank
        assert by_status[code].status == responses.STATUS_INCOMPLETE
        assert len(by_status[code].empty_sheets) == 8
    for dataset in config.CHAMBER_DATASETS:
        assert responses.table(collection, dataset).frame.empty, dataset


@pytest.mark.slow
def test_libreoffice_opens_a_questionnaire(prepared, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("notice: LibreOffice (soffice) not installed: workbook not opened")
    (source,) = prepared.glob(f"enquete-{YEAR}-53-*.xlsx")
    shutil.copy(source, tmp_path / "q.xlsx")
    for target in ("pdf", "ods"):
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
             "--convert-to", target, "--outdir", str(tmp_path), str(tmp_path / "q.xlsx")],
            capture_output=True, timeout=180, check=True,
        )  # fmt: skip
    assert (tmp_path / "q.pdf").read_bytes().startswith(b"%PDF")
    # LibreOffice kept what the collector needs: sheets, labels, _enquete, pre-filled rows.
    response = responses.read_response(tmp_path / "q.ods", YEAR)
    assert response.code == "53"
    # Saved untouched, it is still known for what it was sent with: no answer for 2011.
    prefilled = [s.title for s in questionnaire.load().sheets if s.prefill]
    assert response.unchanged == prefilled
    assert response.status == responses.STATUS_UNCHANGED


# --------------------------------------------------------------------------- round trip


@pytest.fixture(scope="module")
def known(data_dir) -> dict[str, pd.DataFrame]:
    """The values every chamber types in (the demo's figures for 2011, the 26 chambers)."""
    frames = {**demo.build_year(YEAR), **demo.build_survey_year(YEAR)}
    codes = set(read_dataset(data_dir / "raw" / "2010", "cres").frame["code_region"])
    return {d: f[f["code_region"].isin(codes)].reset_index(drop=True) for d, f in frames.items()}


@pytest.fixture(scope="module")
def round_trip(data_dir, prepared, known, tmp_path_factory) -> Path:
    """Prepared 2011 questionnaires filled from `known`, some saved as .ods, then `run`."""
    base = data_dir.parent
    year_dir = data_dir / "raw" / str(YEAR)
    (year_dir / config.RESPONSES_DIR).mkdir(parents=True)
    shutil.copy(data_dir / "raw" / "2010" / "cres.csv", year_dir / "cres.csv")
    for path in sorted(prepared.iterdir()):
        code = path.name.split("-")[2]
        if code == NOT_ANSWERING:
            continue
        book = openpyxl.load_workbook(path)
        demo.fill_workbook(book, demo._records(known, code))
        stamp = demo.dt.datetime(2012, 3, 1 + int(code) % 28, 15, 30)
        if code in AS_ODS:
            demo.save_ods(book, year_dir / "reponses" / f"Réponse {code}.ods", stamp)
        else:  # saved on its day, as the chamber's spreadsheet does: none is late
            workbook.save(book, year_dir / "reponses" / path.name, stamp)
    result = pipeline(
        "run", "--year", YEAR, "--data-dir", data_dir,
        "--reports-dir", base / "reports", "--build-dir", base / "build",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return base


@pytest.mark.parametrize("dataset", config.CHAMBER_DATASETS)
@pytest.mark.slow
@pytest.mark.build
@pytest.mark.kernel
def test_every_processed_table_equals_the_values_typed_in(round_trip, known, dataset, tmp_path):
    expected_frame = known[dataset][known[dataset]["code_region"] != NOT_ANSWERING]
    demo.write_csv(expected_frame, dataset, tmp_path / f"{dataset}.csv", demo.PLAIN, demo._rng(1))
    expected = clean_frame(dataset, read_dataset(tmp_path, dataset).frame)
    processed = load_table(round_trip / "data", YEAR, dataset)
    assert len(processed) > 0
    pd.testing.assert_frame_equal(processed, expected, check_dtype=False)


@pytest.mark.slow
@pytest.mark.build
@pytest.mark.kernel
def test_a_chamber_that_did_not_answer_is_said_so_never_zero(round_trip):
    page = (round_trip / "reports" / str(YEAR) / "fiches" / f"{NOT_ANSWERING}.html").read_text()
    assert f"n'a pas répondu à l'enquête {YEAR}" in page
    tracking = pd.read_csv(
        round_trip / "data" / "processed" / str(YEAR) / "suivi_enquete.csv", dtype=str
    )
    assert tracking.set_index("code_region").loc[NOT_ANSWERING, "reponse"] == "non_recue"
    quality = (round_trip / "reports" / str(YEAR) / "qualite.html").read_text()
    assert "25 réponses reçues sur 26 chambres ; 1 non reçue" in quality
    assert "Réponse 53.ods" in quality


@pytest.mark.slow
@pytest.mark.build
@pytest.mark.kernel
def test_no_representative_name_reaches_tables_notebooks_or_pages(round_trip, known):
    names = set(known["gouvernance"]["representant"].dropna())
    assert len(names) > 100
    folders = [
        round_trip / "data" / "processed" / str(YEAR),
        round_trip / "build" / str(YEAR),
        round_trip / "reports" / str(YEAR),
    ]
    files = [p for f in folders for p in f.rglob("*") if p.is_file()]
    assert any(p.suffix == ".ipynb" for p in files) and any(p.suffix == ".html" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        leaked = [n for n in names if n in text]
        assert not leaked, (path, leaked[:3])


@pytest.mark.slow
@pytest.mark.build
@pytest.mark.kernel
def test_validation_names_the_responses_as_source(round_trip):
    document = json.loads(
        (round_trip / "data" / "processed" / "validation" / f"{YEAR}.json").read_text()
    )
    sources = {d["dataset"]: d["file"] for d in document["datasets"]}
    assert sources["cres"] == "cres.csv"
    assert {sources[d] for d in config.CHAMBER_DATASETS} == {"reponses/"}


# --------------------------------------------------------------------------- tracking


@pytest.mark.slow
def test_tracking_2010_lists_21_received_2_incomplete_5_missing():
    result = pipeline("enquete", "suivi", "--year", 2010)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert (
        "2010 : 21 réponses reçues sur 26 chambres (dont 2 incomplètes, 10 en retard) ; "
        "5 non reçues" in out
    )
    lines = [line for line in out.splitlines() if re.match(r"^\d\d  ", line)]
    assert len(lines) == 26
    assert sum("non reçue" in line for line in lines) == 5
    incomplete = [line for line in lines if "incomplète" in line]
    assert len(incomplete) == 2 and any("Comptes" in line for line in incomplete)
    assert re.search(r"\d\d/\d\d/2011", out)  # the date of the last save


@pytest.mark.slow
def test_tracking_lists_workbooks_returned_as_prepared(data_dir, prepared, tmp_path):
    year_dir = tmp_path / "data" / "raw" / str(YEAR)
    shutil.copytree(prepared, year_dir / config.RESPONSES_DIR)
    shutil.copy(data_dir / "raw" / "2010" / "cres.csv", year_dir / "cres.csv")
    result = pipeline("enquete", "suivi", "--year", YEAR, "--data-dir", tmp_path / "data")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if re.match(r"^\d\d  ", line)]
    assert sum("renvoyée sans modification" in line for line in lines) == 21
    assert (
        f"{YEAR} : 5 réponses reçues sur 26 chambres (dont 5 incomplètes) ; "
        "21 renvoyées sans modification ; 0 non reçue"
    ) in result.stdout


@pytest.mark.slow
def test_a_year_without_any_network_is_refused_in_french(data_dir, tmp_path):
    result = pipeline(
        "enquete", "preparer", "--year", 2030, "--data-dir", data_dir, "--out", tmp_path
    )
    assert result.returncode == 1
    assert (
        f"pas de liste des chambres (cres.csv) dans {data_dir}/raw/2030 ni {data_dir}/raw/2029"
        in result.stderr
    )
    assert "Traceback" not in result.stderr and not list(tmp_path.iterdir())


@pytest.mark.slow
def test_prepared_workbooks_never_go_into_the_raw_data(data_dir):
    """Blank, pre-filled workbooks in reponses/ would be read as this year's answers."""
    raw = data_dir / "raw"
    before = tree(raw)
    target = raw / str(YEAR) / "reponses"
    result = pipeline(
        "enquete", "preparer", "--year", YEAR, "--data-dir", data_dir, "--out", target
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "est dans les données brutes" in result.stderr and "--out" in result.stderr
    assert tree(raw) == before


@pytest.mark.slow
def test_prepared_workbooks_are_replaced_only_when_asked(data_dir, prepared, tmp_path):
    out = tmp_path / "envoi"
    shutil.copytree(prepared, out)
    kept = tree(out)
    args = ("enquete", "preparer", "--year", YEAR, "--data-dir", data_dir, "--out", out)
    refused = pipeline(*args)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "26 questionnaire(s) existent déjà" in refused.stderr
    assert "--remplacer" in refused.stderr
    assert tree(out) == kept
    assert pipeline(*args, "--remplacer").returncode == 0


@pytest.mark.slow
def test_tracking_a_year_given_as_flat_files_says_it_is_no_survey_year():
    result = pipeline("enquete", "suivi", "--year", 2008)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "2008 n'est pas une année d'enquête" in result.stderr
    assert "non reçue" not in result.stdout

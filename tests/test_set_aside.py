"""Setting a response aside, explicitly (issue 21, item 1): `enquete ecarter` records the
decision and its reason in the year's manifest; the year publishes without that chamber,
which every page names « réponse écartée », never zeros; without a decision, a broken
response still blocks the year and the message says how to set it aside."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import openpyxl
import pytest
from support.data import ROOT, mini_records, response_book, save_response, write_mini_survey
from support.pipeline import pipeline, run_args

from cres_reports import config
from cres_reports.analysis import quality
from cres_reports.ingest import decisions, responses
from cres_reports.ingest.table import InputError
from cres_reports.publishing.site.layout import set_aside_note
from cres_reports.validate.messages import set_aside_hint
from cres_reports.validate.results import SurveyResult, YearResults

YEAR = 2011
NETWORK = {"52": "CRES Pays de la Loire", "53": "CRES Bretagne"}


def _broken_year(root):
    """The tiny survey year with chamber 53's FTE typed as a percentage (80 for 0,8)."""
    year_dir = write_mini_survey(root / "data", YEAR)
    records = mini_records("53")
    records["rh"][0]["etp"] = 80
    save_response(response_book("53", YEAR, records), year_dir / "reponses" / "enquete-53.xlsx")
    return year_dir


def test_decisions_are_kept_in_the_manifest_beside_what_it_says(tmp_path):
    (tmp_path / "manifest.json").write_text('{"arrete_au": "2012-04-30"}', encoding="utf-8")
    day = dt.date(2012, 5, 2)
    decisions.set_aside(tmp_path, "53", "  ETP saisis\\n en pourcentage ", day)
    decisions.set_aside(tmp_path, "24", "Classeur d'une autre année", day)
    document = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert document["arrete_au"] == "2012-04-30"
    assert document[decisions.KEY]["53"] == {
        "motif": "ETP saisis\\n en pourcentage",
        "le": "2012-05-02",
    }
    assert set(decisions.read(tmp_path)) == {"24", "53"}
    assert decisions.take_back(tmp_path, "53") and not decisions.take_back(tmp_path, "53")
    assert set(decisions.read(tmp_path)) == {"24"}
    with pytest.raises(ValueError, match="motif est obligatoire"):
        decisions.set_aside(tmp_path, "53", "   ", day)


def test_an_unreadable_decision_is_refused_naming_the_manifest(tmp_path):
    (tmp_path / "manifest.json").write_text(
        '{"reponses_ecartees": {"53": {"motif": ""}}}', encoding="utf-8"
    )
    with pytest.raises(InputError) as refused:
        decisions.read(tmp_path)
    assert str(refused.value) == (
        "manifest.json : reponses_ecartees, chambre 53 : « motif » (texte) et « le » "
        "(date AAAA-MM-JJ) attendus"
    )


def test_a_response_set_aside_is_not_read_and_blocks_nothing(tmp_path):
    folder = _broken_year(tmp_path) / "reponses"
    (folder / "enquete-52.xlsx").write_bytes(b"not a workbook")  # unreadable: no chamber known
    aside = {"53": decisions.SetAside("53", "ETP en pourcentage", "2012-05-02")}
    collection = responses.collect(folder, YEAR, NETWORK, aside)
    assert [r.code for r in collection.responses] == []
    assert len(collection.errors) == 1 and "enquete-52.xlsx" in collection.errors[0]
    statuses = {s.code: s for s in responses.tracking(collection, NETWORK)}
    assert statuses["53"].status == responses.STATUS_SET_ASIDE
    assert statuses["53"].file == "enquete-53.xlsx"
    table = quality.tracking_table(list(statuses.values())).set_index("Code")
    assert table.loc["53", "Réponse"] == "écartée"
    assert table.loc["53", "Détail"] == "ETP en pourcentage (écartée le 02/05/2012)"
    # 52's file cannot be read: which chamber sent it is unknown, its error names the file
    assert quality.tracking_summary(list(statuses.values())) == (
        "0 réponse reçue sur 2 chambres ; 1 réponse écartée ; 1 non reçue"
    )
    digest = collection.digest  # the tables depend on the decisions: so does their digest
    assert digest != responses.collect(folder, YEAR, NETWORK).digest


def test_every_page_of_the_year_names_the_responses_set_aside():
    chambers = [
        responses.ChamberStatus("53", "CRES Bretagne", responses.STATUS_SET_ASIDE,
                                reason="ETP en pourcentage", decided="2012-05-02"),
        responses.ChamberStatus("52", "CRES Pays de la Loire", responses.STATUS_COMPLETE),
    ]  # fmt: skip
    results = YearResults(YEAR, "data/raw/2011", [], survey=SurveyResult([], chambers))
    assert set_aside_note(YEAR, results) == (
        "Réponse écartée de l'enquête 2011 : CRES Bretagne (le 02/05/2012 : ETP en "
        "pourcentage). Aucun de ses chiffres n'est publié ni compté dans les totaux de l'année."
    )
    assert set_aside_note(YEAR, YearResults(YEAR, "data/raw/2011", [])) is None
    assert set_aside_hint(results) == []  # nothing blocks the year


DEMO = 2010  # a demo survey year: 21 responses of 26 chambers


def _demo_with_two_broken(root):
    """The demo 2010 with two broken responses: Bretagne (53) types an FTE as a percentage;
    Aquitaine (72) renamed its « Comptes » sheet (refused before any cell is read)."""
    year_dir = root / "data" / "raw" / str(DEMO)
    shutil.copytree(ROOT / "data" / "raw" / str(DEMO), year_dir)
    folder = year_dir / "reponses"
    bretagne = openpyxl.load_workbook(folder / "reponse_53_2010.xlsx")
    bretagne["Équipe"]["D4"] = 80
    save_response(bretagne, folder / "reponse_53_2010.xlsx")
    aquitaine = openpyxl.load_workbook(folder / "reponse_72_2010.xlsx")
    aquitaine["Comptes"].title = "Compte"
    save_response(aquitaine, folder / "reponse_72_2010.xlsx")
    return root / "data"


@pytest.mark.slow
@pytest.mark.build
@pytest.mark.kernel
def test_two_broken_responses_block_the_year_until_they_are_set_aside(tmp_path):
    data = _demo_with_two_broken(tmp_path)
    blocked = pipeline(*run_args(tmp_path, year=DEMO))
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "reponse_53_2010.xlsx, feuille Équipe, cellule D4 : l'ETP doit être" in blocked.stdout
    assert "reponse_72_2010.xlsx : feuille « Comptes » absente" in blocked.stdout
    assert "code_region" not in blocked.stdout
    assert "réponse(s) en cause : chambre(s) 53, 72" in blocked.stdout
    assert (
        f'« pipeline.py enquete ecarter --year {DEMO} --chambre 53 --motif "…" --data-dir {data} »'
    ) in blocked.stdout
    reports = tmp_path / "reports" / str(DEMO)
    assert not (reports / "financement.html").exists()

    for code, reason in (("53", "ETP saisis en pourcentage"), ("72", "Feuille Comptes renommée")):
        said = pipeline(
            "enquete", "ecarter", "--year", DEMO, "--chambre", code, "--motif", reason,
            "--data-dir", data,
        )  # fmt: skip
        assert said.returncode == 0, said.stdout + said.stderr
        assert re.search(rf"\({code}\) écartée le \d\d/\d\d/\d{{4}} : {reason}", said.stdout)
    published = pipeline(*run_args(tmp_path, year=DEMO))
    assert published.returncode == 0, published.stdout + published.stderr
    processed = config.processed_dir(data, DEMO)
    for dataset in ("finances", "rh", "gouvernance", "observatoire", "missions"):
        codes = (processed / f"{dataset}.csv").read_text(encoding="utf-8")
        assert "\n53," not in codes and "\n72," not in codes, dataset  # out of every total
    pages = sorted(reports.rglob("*.html"))
    assert len(pages) == 26 + 10  # every page of the year: 8 inventories, quality, index; profiles
    for page in pages:  # each says which responses are out of its figures, and why
        shown = page.read_text(encoding="utf-8")
        assert not re.search(r"\d+ chambres? sur \d+ chambres", shown), page  # « 18 sur 26 »
        assert "Réponses écartées de l&#x27;enquête 2010 : CRESS Bretagne (le " in shown or (
            "Réponses écartées de l'enquête 2010 : CRESS Bretagne (le " in shown
        ), page
    profile = (reports / "fiches" / "53.html").read_text(encoding="utf-8")
    assert "la réponse de la chambre à l&#x27;enquête 2010 a été écartée le" in profile or (
        "la réponse de la chambre à l'enquête 2010 a été écartée le" in profile
    )
    for name in ("ressources-humaines.html", "gouvernance.html"):
        shown = (reports / name).read_text(encoding="utf-8")  # tables: never « non transmis »
        assert shown.count(">réponse écartée<") >= 2, name
    funding = (reports / "financement.html").read_text(encoding="utf-8")
    assert "CRESS Bretagne (réponse écartée), CRES Aquitaine (réponse écartée)" in funding
    observatories = (reports / "observatoires.html").read_text(encoding="utf-8")
    assert "dont 2 réponses écartées" in observatories
    assert observatories.count("réponse écartée<") >= 2  # a cell each, never zeros
    quality_page = (reports / "qualite.html").read_text(encoding="utf-8")
    assert "2 réponses écartées ; 5 non reçues" in quality_page

    back = pipeline("enquete", "reprendre", "--year", DEMO, "--chambre", "53", "--data-dir", data)
    assert back.returncode == 0, back.stdout + back.stderr
    again = pipeline("validate", "--year", DEMO, "--data-dir", data)
    assert again.returncode == 1 and "cellule D4" in again.stdout

"""The council's own activity (docs/council-contract.md): read from `conseil/`, its figures,
and the 2008 report's reference figures in the demo data."""

from __future__ import annotations

import datetime as dt
import math
import shutil

import openpyxl
import pandas as pd
import pytest
from support.data import MINI_COUNCIL, ROOT, YEAR, write_council, write_mini

from cres_reports import config
from cres_reports.analysis import council
from cres_reports.cli import main
from cres_reports.ingest import contract
from cres_reports.ingest.year import read_year
from cres_reports.store.refresh import refresh
from cres_reports.store.yeardata import load_year

# --------------------------------------------------------------------------- configuration


def test_the_council_datasets_are_no_chamber_dataset():
    """Kept by the analyst: never a sheet of the survey, never required of a year."""
    assert set(config.COUNCIL_DATASETS) <= set(config.DATASETS)
    for group in (config.CHAMBER_DATASETS, config.REQUIRED_DATASETS, config.OPTIONAL_DATASETS):
        assert not set(config.COUNCIL_DATASETS) & set(group)
    from cres_reports.ingest import questionnaire

    assert not set(config.COUNCIL_DATASETS) & set(questionnaire.load().datasets)


@pytest.mark.parametrize("dataset", config.COUNCIL_DATASETS)
def test_the_contract_document_lists_the_schema_columns(dataset):
    """docs/council-contract.md's table of each dataset names the columns of SCHEMAS."""
    text = (ROOT / "docs" / "council-contract.md").read_text(encoding="utf-8")
    section = text.split(f"## `{dataset}`", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    assert [r.split("|")[1].strip() for r in rows] == contract.column_names(dataset)


# --------------------------------------------------------------------------- reading


def test_a_year_without_the_council_folder_covers_none_of_its_datasets(tmp_path):
    found = read_year(write_mini(tmp_path), YEAR)
    assert not found.errors
    assert not set(found.tables) & set(config.COUNCIL_DATASETS)


def test_a_council_folder_may_hold_any_of_its_files(tmp_path):
    year_dir = write_mini(tmp_path)
    write_council(year_dir, ("reunions",))
    found = read_year(year_dir, YEAR)
    assert not found.errors
    assert set(found.tables) & set(config.COUNCIL_DATASETS) == {"reunions"}
    assert found.source("reunions") == "conseil/reunions.csv"


def test_dates_iso_or_french_and_chamber_lists(tmp_path):
    year_dir = write_mini(tmp_path)
    write_council(year_dir)
    frame = read_year(year_dir, YEAR).tables["reunions"].frame
    assert list(frame["date"]) == [
        pd.Timestamp(2008, 6, 19),
        pd.Timestamp(2008, 3, 4),
        pd.Timestamp(2008, 10, 2),
        pd.Timestamp(2008, 11, 20),
    ]
    assert [contract.chamber_codes(t) for t in frame["chambres"]] == [
        ["53", "52"],
        ["53"],
        ["52", "53"],
        [],
    ]
    assert list(frame["jours"]) == [1.0, 0.5, 2.0, 1.0]


def _workbook(path, datasets=tuple(MINI_COUNCIL), title=str.upper):
    """conseil.xlsx with a sheet per dataset (titles in another case), dates as date cells."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for dataset in datasets:
        sheet = book.create_sheet(title(dataset))
        header, *lines = MINI_COUNCIL[dataset]
        names = header.split(",")
        sheet.append(names)
        for line in lines:
            cells: list[object] = line.split(",")
            if dataset == "reunions":
                when = str(cells[2])
                if "-" in when:
                    cells[2] = dt.datetime.fromisoformat(when)
            sheet.append(cells)
    book.save(path)


def test_the_council_workbook_reads_as_its_files(tmp_path):
    as_files = write_mini(tmp_path / "files")
    write_council(as_files)
    as_sheets = write_mini(tmp_path / "sheets")
    (as_sheets / "conseil").mkdir()
    _workbook(as_sheets / "conseil" / "conseil.xlsx")
    files, sheets = read_year(as_files, YEAR), read_year(as_sheets, YEAR)
    assert not sheets.errors
    for dataset in config.COUNCIL_DATASETS:
        typed = [c for c in files.tables[dataset].frame if not c.endswith("__raw")]
        pd.testing.assert_frame_equal(
            files.tables[dataset].frame[typed], sheets.tables[dataset].frame[typed]
        )
        assert sheets.source(dataset) == "conseil/conseil.xlsx"


def test_a_council_workbook_without_a_dataset_sheet_is_refused(tmp_path):
    year_dir = write_mini(tmp_path)
    (year_dir / "conseil").mkdir()
    _workbook(year_dir / "conseil" / "conseil.xlsx", ("reunions",), title=lambda d: "Feuil1")
    found = read_year(year_dir, YEAR)
    assert "aucune feuille ne porte le nom d'un jeu de données du conseil" in str(
        found.errors["representation"]
    )
    assert "Feuil1" in str(found.errors["representation"])


def test_a_council_year_is_written_and_served(tmp_path):
    data_dir = tmp_path / "data"
    write_council(write_mini(data_dir), ("reunions", "comptes_conseil"))
    done = refresh(data_dir, YEAR, write_tables=True)
    assert done.results is not None and done.results.success and done.tables_written
    names = {p.name for p in config.processed_dir(data_dir, YEAR).glob("*.csv")}
    assert {"reunions.csv", "comptes_conseil.csv"} <= names
    assert not {"representation.csv", "mois_ess.csv"} & names
    data = load_year(data_dir, YEAR)
    assert data.representation is None and data.mois_ess is None
    assert list(data.reunions["chambres"].fillna("")) == ["53;52", "53", "52;53", ""]
    assert data.reunions["date"].dt.year.eq(YEAR).all()
    assert council.accounts(data.comptes_conseil).resultat == 35_000


def test_only_the_changed_council_file_is_checked_again(tmp_path, capsys):
    data_dir = tmp_path / "data"
    folder = write_council(write_mini(data_dir))
    assert main(["validate", "--year", str(YEAR), "--data-dir", str(data_dir)]) == 0
    text = (folder / "mois_ess.csv").read_text(encoding="utf-8").replace("64,", "65,")
    (folder / "mois_ess.csv").write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--year", str(YEAR), "--data-dir", str(data_dir)]) == 0
    reused = next(line for line in capsys.readouterr().out.splitlines() if "repris" in line)
    assert "conseil/reunions.csv" in reused
    assert "conseil/mois_ess.csv" not in reused


# --------------------------------------------------------------------------- figures

REPRESENTATION = pd.DataFrame(
    {
        "organisme": ["A", "A", "B", "C"],
        "instance": ["plénières", "groupes", "ca", "commission"],
        "sieges": [2, 1, 1, 1],
        "reunions": [3, 17, 0, 3],
        "presences": [3, 13, 0, 1],
    }
).astype({"sieges": "Int64", "reunions": "Int64", "presences": "Int64"})


def test_attendance_by_body_and_organisation():
    bodies = council.attendance_by_body(REPRESENTATION)
    assert list(bodies["taux_presence"][:2]) == [1.0, 13 / 17]
    assert math.isnan(bodies["taux_presence"][2])  # no meeting: « sans objet »
    organisations = council.attendance_by_organisation(REPRESENTATION).set_index("organisme")
    assert list(organisations.index) == ["A", "B", "C"]
    assert organisations.loc["A", "reunions"] == 20
    assert organisations.loc["A", "taux_presence"] == 0.8
    assert math.isnan(organisations.loc["B", "taux_presence"])
    assert council.overall_attendance(REPRESENTATION) == 17 / 23
    assert math.isnan(council.attendance_rate(0, 0))


MEETINGS = pd.DataFrame(
    {
        "type": ["bureau", "assemblee_generale", "bureau", "dircres"],
        "intitule": ["Bureau", "AG", "Bureau", "DIRCRES"],
        "date": pd.to_datetime(["2008-01-10", "2008-06-19", "2008-09-01", "2008-10-02"]),
        "jours": [0.5, 1.0, 0.5, 2.0],
        "participants": pd.array([6, 44, 7, 17], dtype="Int64"),
        "chambres": ["53;52", "53;52;11", None, "11"],
    }
)


def test_meetings_by_type_in_the_contract_order():
    by_type = council.meetings_by_type(MEETINGS).set_index("type")
    assert list(by_type.index) == ["assemblee_generale", "bureau", "dircres"]
    assert by_type.loc["bureau", "libelle"] == "Bureau"
    assert by_type.loc["dircres", "libelle"] == "Réunions des directeurs (DIRCRES)"
    assert by_type.loc["bureau", "reunions"] == 2
    assert by_type.loc["bureau", "jours"] == 1.0
    assert by_type.loc["bureau", "participants_moyens"] == 6.5
    assert by_type.loc["bureau", "chambres"] == 2
    assert by_type.loc["assemblee_generale", "chambres"] == 3
    assert council.MEETING_LABELS["assemblee_generale"] == "Assemblée générale"
    assert list(council.MEETING_LABELS) == list(contract.MEETING_TYPES)


def test_a_chamber_s_participation():
    assert list(council.chamber_meetings(MEETINGS, "11")["intitule"]) == ["AG", "DIRCRES"]
    mine = council.chamber_participation(MEETINGS, "52").set_index("type")
    assert mine.loc["bureau", "reunions"] == 2
    assert mine.loc["bureau", "participations"] == 1
    assert mine.loc["dircres", "participations"] == 0
    assert council.chamber_participation(MEETINGS, "94")["participations"].sum() == 0


def test_mois_ess_by_region_with_totals():
    mois = pd.DataFrame(
        {
            "code_region": ["53", "11"],
            "manifestations": [120, 64],
            "organisateurs": [85, 40],
            "retombees_presse": [40, 12],
        }
    )
    cres = pd.DataFrame({"code_region": ["11", "53"], "nom_cres": ["CRES IdF", "CRES Bretagne"]})
    table = council.mois_ess_by_region(mois, cres)
    assert list(table["code_region"]) == ["11", "53", ""]
    assert list(table["nom_cres"]) == ["CRES IdF", "CRES Bretagne", council.TOTAL_LABEL]
    assert table.iloc[-1]["manifestations"] == 184
    assert council.mois_ess_by_region(mois).iloc[-1]["code_region"] == council.TOTAL_LABEL


def test_the_council_s_accounts_add_up_as_shown():
    comptes = pd.DataFrame(
        {
            "sens": ["produit", "charge", "produit", "charge"],
            "poste": ["État", "Salaires", "Cotisations", "Loyer"],
            "montant": [1000.5, 800.49, 200.0, 100.0],
        }
    )
    found = council.accounts(comptes)
    assert list(found.produits["poste"]) == ["État", "Cotisations"]
    assert list(found.produits["montant"]) == [1001.0, 200.0]
    assert found.total_produits == 1201.0
    assert found.total_charges == 900.0
    assert found.resultat == 301.0


# --------------------------------------------------------------------------- the 2008 report


@pytest.fixture(scope="module")
def demo_2008(tmp_path_factory):
    """The shipped 2008 council files, read as the pipeline reads them (a copy: nothing is
    written into the checkout)."""
    shipped = ROOT / "data" / "raw" / "2008"
    if not (shipped / "conseil").is_dir():
        pytest.skip("demonstration data not generated in data/raw")
    year_dir = tmp_path_factory.mktemp("raw") / "2008"
    shutil.copytree(shipped, year_dir)
    found = read_year(year_dir, 2008)
    assert not found.errors
    return {d: found.tables[d].frame for d in config.COUNCIL_DATASETS}, found.tables["cres"].frame


def test_2008_attendance_is_the_report_s(demo_2008):
    tables, _ = demo_2008
    bodies = council.attendance_by_body(tables["representation"]).set_index(
        ["organisme", "instance"]
    )
    organisations = council.attendance_by_organisation(tables["representation"]).set_index(
        "organisme"
    )
    cses = organisations.loc["CSES"]
    assert bodies.loc[("CSES", "plénières et bureaux"), "reunions"] == 3
    assert bodies.loc[("CSES", "groupes de travail"), "reunions"] == 17
    assert round(cses["taux_presence"] * 100) == 80
    assert bodies.loc[("CEGES", "conseil d'administration"), "reunions"] == 5
    assert bodies.loc[("CEGES", "bureau"), "reunions"] == 9
    assert round(organisations.loc["CEGES", "taux_presence"] * 100) == 100
    strategy = "Comité stratégique du CEGES"
    assert organisations.loc[strategy, "reunions"] == 13
    assert round(bodies.loc[(strategy, "séances plénières"), "taux_presence"] * 100) == 90
    europe = organisations.loc["Commission Europe du CEGES"]
    assert europe["reunions"] == 3
    assert round(europe["taux_presence"] * 100) == 33


def test_2008_meetings_are_the_report_s(demo_2008):
    tables, cres = demo_2008
    by_type = council.meetings_by_type(tables["reunions"]).set_index("type")
    assert by_type.loc["conseil_administration", "reunions"] == 5
    assert by_type.loc["conseil_administration", "participants_moyens"] == 17
    assert by_type.loc["dircres", "reunions"] == 4
    assert by_type.loc["dircres", "jours"] == 6
    assert by_type.loc["dircres", "participants_moyens"] == 17
    assert by_type.loc["groupe_travail", "reunions"] == 12
    assert by_type.loc["assemblee_generale", "reunions"] == 2
    assert by_type.loc["assemblee_generale", "participants_moyens"] == 44
    assert by_type.loc["assemblee_generale", "chambres"] == 20
    assert by_type.loc["bureau", "reunions"] == 6
    assert by_type.loc["bureau", "participants_moyens"] == 6
    titles = set(
        tables["reunions"].loc[tables["reunions"]["type"] == "assemblee_generale", "intitule"]
    )
    assert titles == {"Assemblée générale extraordinaire", "Assemblée générale ordinaire"}
    codes = {c for t in tables["reunions"]["chambres"] for c in contract.chamber_codes(t)}
    assert codes <= set(cres["code_region"])
    assert set(tables["mois_ess"]["code_region"]) <= set(cres["code_region"])


def test_the_council_s_texts_are_escaped_on_its_page_and_in_the_points():
    """Bodies, meeting titles and account lines are typed by hand: shown as text, never run."""
    from cres_reports.present.council import CouncilPage
    from cres_reports.publishing.site.indexes import render_template
    from cres_reports.store.yeardata import YearData

    hostile = '<script>alert("x")</script>CSES'
    cres = pd.DataFrame({"code_region": ["53"], "nom_cres": ["CRES Bretagne"]})
    data = YearData(
        year=YEAR,
        cres=cres,
        representation=pd.DataFrame(
            {
                "organisme": [hostile],
                "instance": ["<b>plénières</b>"],
                "sieges": [1],
                "reunions": [3],
                "presences": [1],
            }
        ),
        comptes_conseil=pd.DataFrame(
            {"sens": ["produit"], "poste": ["<img src=x onerror=alert(1)>"], "montant": [10.0]}
        ),
    )
    page = CouncilPage(data)
    shown = page.representation().html + page.accounts().html
    assert "<script>" not in shown and "<img" not in shown and "<b>" not in shown
    assert "&lt;script&gt;" in shown
    index = render_template(
        "year.html.j2",
        year=YEAR,
        validated=True,
        pdf_marks="",
        figures="",
        points=[{"text": f"Présence faible : {hostile}.", "href": "conseil.html", "title": "x"}],
        reports=[],
        quality={"title": "Qualité", "href": "qualite.html"},
        profiles=[],
    )
    assert "<script>" not in index and "&lt;script&gt;" in index

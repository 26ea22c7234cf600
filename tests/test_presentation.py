"""What the board reads, piece by piece on small inputs (fast tier): number formats, tables of
chambers and comparisons, downloads, navigation, dates, the year's PDF page numbers."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pandas as pd
import pytest
from test_analysis import _year

from cres_reports.analysis import compare, funding
from cres_reports.ingest.responses import (
    STATUS_COMPLETE,
    STATUS_INCOMPLETE,
    STATUS_MISSING,
    ChamberStatus,
)
from cres_reports.present import display, formatting, tables
from cres_reports.present.display import TABLE_MIME, table_fragment
from cres_reports.publishing.book import book
from cres_reports.publishing.site import downloads, navigation, provenance
from cres_reports.publishing.site.pages import Job
from cres_reports.validate.results import SurveyResult, YearResults, write_results

# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    "shown, expected",
    [
        (formatting.euros(-52351), "\u221252\u202f351\u00a0€"),
        (formatting.euros(58000, signed=True), "+58\u202f000\u00a0€"),
        (formatting.euros(0.4, signed=True), "0\u00a0€"),
        (formatting.euros(-0.4), "0\u00a0€"),
        (formatting.percent(0.0004, signed=True), "0,0\u00a0%"),
        (formatting.percent(-0.031, signed=True), "\u22123,1\u00a0%"),
        (formatting.fte(-1, signed=True), "\u22121,0"),
        (formatting.count(7.0), "7"),
        (formatting.euros(float("nan"), empty=formatting.NOT_SENT), "non transmis"),
        (formatting.names(["A", "B", "C"]), "A, B et C"),
        (formatting.plural(1, "chambre"), "1 chambre"),
    ],
)
def test_numbers_as_the_board_reads_them(shown, expected):
    assert shown == expected


# --------------------------------------------------------------------------- comparisons


def _comparison() -> compare.Comparison:
    now = pd.Series({"01": 100.4, "02": 50.0, "03": 30.0})
    before = pd.Series({"01": 90.6, "02": 50.0, "04": 10.0})
    names = pd.Series({"01": "CRES Un", "02": "CRES Deux", "03": "CRES Trois", "04": "CRES Quatre"})
    return compare.compare(
        now, before, names, 2009, network_now={"01", "02", "03"}, network_before={"01", "02", "04"}
    )


def test_a_comparison_adds_up_the_figures_it_shows_on_the_chambers_of_both_years():
    c = _comparison()
    assert c.basis == ("01", "02") and c.only_now == ("03",) and c.only_before == ("04",)
    assert (c.before, c.now, c.change) == (141, 150, 9)  # 91 + 50, 100 + 50: rounded first
    facts = tables.comparison_facts(c)
    assert facts["basis"] == "pour les 2 chambres présentes les deux années"
    assert facts["change"] == "+9\u00a0€" and facts["prev"] == "2008"


def test_a_comparison_table_names_years_links_chambers_and_says_who_is_left_out():
    fragment = tables.comparison_table([tables.Compared(_comparison())], "Test, 2008 et 2009")
    shown = fragment.html
    assert '<th scope="col" class="num">2008</th><th scope="col" class="num">2009</th>' in shown
    assert '<a href="fiches/01.html">CRES Un</a>' in shown
    assert '<a href="../2008/fiches/04.html">CRES Quatre</a>' in shown  # gone in 2009
    assert "hors réseau" in shown and "Total des 2 chambres présentes les deux années" in shown
    assert "Hors total : CRES Trois (comptes 2009 seulement) et CRES Quatre (comptes 2008" in shown
    [payload] = fragment.tables
    assert payload["columns"][:2] == ["Code région", "Chambre"] and payload["rows"][-1][2:5] == [
        141,
        150,
        9,
    ]


def test_chamber_tables_link_names_and_keep_codes_for_the_downloads_only(tmp_path):
    data = _year(tmp_path)
    ranking = funding.grant_ranking(data.finances, data.cres, "subv_conseil_regional")
    fragment = tables.chamber_table(
        ranking, {"Montant": "euros", "Part": "percent"}, data.cres["code_region"]
    )
    assert '<a href="fiches/53.html">CRES Bretagne</a>' in fragment.html
    assert ">Code<" not in fragment.html
    assert fragment.tables[0]["columns"][0] == "Code région"


# --------------------------------------------------------------------------- downloads


def _executed(tmp_path, fragments) -> object:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    cells = []
    for fragment in fragments:
        cell = new_code_cell("")
        cell.outputs = [new_output("display_data", data=fragment._repr_mimebundle_())]
        cells.append(cell)
    path = tmp_path / "executed.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    return path


def test_every_table_is_written_as_csv_and_in_one_workbook_the_same_bytes_each_time(tmp_path):
    frame = pd.DataFrame(
        {"Chambre": ["CRES Un", "CRES « Deux »"], "Montant": [1234.0, None], "Part": [0.125, 1.0]}
    )
    display.reset()  # a page names its tables afresh
    fragments = [
        table_fragment(frame, {"Montant": "euros", "Part": "percent"}, caption="Première, 2009"),
        table_fragment(frame.iloc[:1], {"Montant": "euros"}, caption="Seconde"),
    ]
    executed = _executed(tmp_path, fragments)
    assert TABLE_MIME in json.loads(executed.read_text())["cells"][0]["outputs"][0]["data"]
    first = downloads.write(executed, tmp_path / "a", "page-2009.xlsx")
    again = downloads.write(executed, tmp_path / "b", "page-2009.xlsx")
    assert [p.name for p in first] == ["premiere-2009.csv", "seconde.csv", "page-2009.xlsx"]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    text = first[0].read_bytes().decode("utf-8")
    assert text.startswith("\ufeffChambre;Montant (€);Part (%)\r\n")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1:] == [["CRES Un", "1234", "12,5"], ["CRES « Deux »", "", "100"]]
    from openpyxl import load_workbook

    workbook = load_workbook(first[2])
    assert workbook.sheetnames == ["Première, 2009", "Seconde"]
    sheet = workbook["Première, 2009"]
    assert [c.value for c in sheet[2]] == ["CRES Un", 1234, 0.125]
    assert sheet["C2"].number_format == "0.0%"
    with zipfile.ZipFile(first[2]) as zipped:
        assert {i.date_time for i in zipped.infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_download_links_lead_to_the_pages_folder():
    assert downloads.links("fiches/73.html", 2009) == {
        "folder": "../telechargements/fiche-73/",
        "workbook": "fiche-73-2009.xlsx",
    }
    page = '<a href="cres-download:01-x.csv">CSV</a> <a href="cres-download:@classeur">Excel</a>'
    resolved = downloads.resolve(page, downloads.links("financement.html", 2009))
    assert resolved == (
        '<a href="telechargements/financement/01-x.csv">CSV</a> '
        '<a href="telechargements/financement/financement-2009.xlsx">Excel</a>'
    )


# --------------------------------------------------------------------------- navigation and dates


def test_a_profile_links_its_year_the_root_and_its_neighbours():
    job = Job("fiche_cres", "fiches/53.html", "CRES Bretagne — fiche 2009", {"code_region": "53"})
    crumbs = navigation.breadcrumb(job, 2009)
    assert '<a href="../../index.html">' in crumbs and '<a href="../index.html">' in crumbs
    assert 'data-cres-page="fiches/53.html"' in crumbs
    chambers = [("52", "CRES Pays de la Loire"), ("53", "CRES Bretagne"), ("54", "CRES Trois")]
    pager = navigation.pager(job, 2009, chambers)
    assert '<a href="52.html" rel="prev">← CRES Pays de la Loire</a>' in pager
    assert '<a href="54.html" rel="next">CRES Trois →</a>' in pager
    assert "← Retour à l&#x27;exercice 2009" in pager


def test_the_cutoff_date_is_the_manifests_or_the_last_response_saved(tmp_path):
    raw = tmp_path / "raw" / "2010"
    raw.mkdir(parents=True)
    assert provenance.cutoff_date(tmp_path, 2010) is None
    survey = SurveyResult(
        chambers=[
            ChamberStatus("01", "CRES Un", STATUS_COMPLETE, "a.xlsx", "2011-02-03"),
            ChamberStatus("02", "CRES Deux", STATUS_INCOMPLETE, "b.ods", "2011-04-30"),
            ChamberStatus("03", "CRES Trois", STATUS_MISSING),
        ]
    )
    write_results(tmp_path, YearResults(2010, str(raw), [], survey=survey))
    assert str(provenance.cutoff_date(tmp_path, 2010)) == "2011-04-30"
    (raw / "manifest.json").write_text('{"arrete_au": "2011-03-31"}', encoding="utf-8")
    cutoff = provenance.cutoff_date(tmp_path, 2010)
    assert provenance.colophon_html(2010, cutoff) == (
        '<p class="cres-colophon">États des lieux des CRES, exercice 2010 · données arrêtées '
        "au 31 mars 2011 · CNCRES.</p>"
    )


def test_the_publication_date_is_set_only_by_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert provenance.edition_date() is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1272672000")  # 1 May 2010
    assert provenance.edition_date() == "1er mai 2010"


def test_the_pdfs_parts_are_found_on_their_pages(tmp_path):
    """A page tree two levels deep, and named destinations, as Chromium writes them."""
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(
        b"%PDF-1.4\n1 0 obj\n<</Type /Catalog\n/Pages 2 0 R\n/Dests 9 0 R>>\nendobj\n"
        b"2 0 obj\n<</Type /Pages\n/Count 3\n/Kids [3 0 R 4 0 R]>>\nendobj\n"
        b"3 0 obj\n<</Type /Page>>\nendobj\n"
        b"4 0 obj\n<</Type /Pages\n/Kids [5 0 R 6 0 R]>>\nendobj\n"
        b"5 0 obj\n<</Type /Page>>\nendobj\n6 0 obj\n<</Type /Page>>\nendobj\n"
        b"9 0 obj\n<</part-1 [5 0 R /XYZ 6 826 0]\n/part-2 [6 0 R /XYZ 6 826 0]>>\nendobj\n"
    )
    assert book.page_count(pdf) == 3
    assert book.start_pages(pdf, ["part-1", "part-2", "part-3"]) == {"part-1": 2, "part-2": 3}


def test_download_names_stay_when_a_table_is_added_before_them():
    """Issue 19: an analyst adding a table renames no other download (names from captions;
    the same caption twice on a page gets « -2 »)."""
    display.reset()
    before = [display.table_name("Missions, 2009"), display.table_name("ETP, 2009")]
    display.reset()
    after = [display.table_name(c) for c in ("Nouveau", "Missions, 2009", "ETP, 2009", "ETP, 2009")]
    assert after[1:3] == before == ["missions-2009", "etp-2009"]
    assert after[3] == "etp-2009-2"
    display.reset()

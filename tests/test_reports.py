"""Published reports: layout, figures recomputed from the raw files, the gate, escaping, browser.

One real build of the demo year 2008 (validation, papermill kernels, nbconvert) into a
temporary folder is shared by the tests of this module.
"""

from __future__ import annotations

import csv
import html
import re
import shutil
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from support import browser
from support.data import ROOT, YEAR
from support.pipeline import pipeline, run_args, tree

from cres_reports.publishing.engine import render
from cres_reports.publishing.site import downloads

pytestmark = [pytest.mark.build, pytest.mark.kernel]

INVENTORY_PAGES = [
    "financement.html",
    "sante-financiere.html",
    "ressources-humaines.html",
    "gouvernance.html",
]
# no chart in 2008 (the council's page has none)
SURVEY_PAGES = ["observatoires.html", "missions.html", "relations-cpca.html", "conseil.html"]


def _text(page: Path) -> str:
    """The page's visible text, entities decoded, spaces normalised."""
    body = re.sub(r"<script.*?</script>|<style.*?</style>", "", page.read_text(), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def _euros(value: float) -> str:
    return (
        format_decimal(round(value), format="#,##0", locale="fr_FR").replace("\u202f", " ") + " €"
    )


def _raw_finances() -> list[dict]:
    """The 2008 accounts read straight from the shipped file (cp1252, ';', decimal comma)."""
    text = (ROOT / "data" / "raw" / str(YEAR) / "finances.csv").read_bytes().decode("cp1252")

    def amount(cell: str) -> float:
        return float(re.sub(r"[\s\u00a0€]", "", cell).replace(",", "."))

    return [
        {
            "code_region": row["code_region"],
            "subv_conseil_regional": amount(row["subv_conseil_regional"]),
            "total_produits": amount(row["total_produits"]),
        }
        for row in csv.DictReader(text.splitlines(), delimiter=";")
    ]


def _raw_council(name: str) -> list[dict]:
    """A 2008 council file read straight from the shipped CSV (cp1252, ';')."""
    path = ROOT / "data" / "raw" / str(YEAR) / "conseil" / f"{name}.csv"
    return list(csv.DictReader(path.read_bytes().decode("cp1252").splitlines(), delimiter=";"))


def test_the_council_page_shows_the_2008_reference_figures_recomputed_from_its_files(site):
    """CSES 80 %, CEGES 100 %, strategy committee 90 % (its plenary sittings), CEGES Europe
    commission 33 %; the meetings by type, as the contract's reference figures say."""
    text = _text(site / "reports" / str(YEAR) / "conseil.html")
    seats = _raw_council("representation")
    by_org: dict[str, list[int]] = {}
    for row in seats:
        held, present = by_org.setdefault(row["organisme"], [0, 0]), int(row["presences"])
        held[0] += int(row["reunions"])
        held[1] += present
        rate = f"{100 * present / int(row['reunions']):.1f}".replace(".", ",")
        assert (
            f"{row['organisme']} {row['instance']} {row['sieges']} {row['reunions']} "
            f"{row['presences']} {rate} %" in text
        ), row
    rates = {org: round(100 * p / h) for org, (h, p) in by_org.items()}
    assert rates["CSES"] == 80 and rates["CEGES"] == 100
    assert rates["Commission Europe du CEGES"] == 33
    assert "séances plénières 1 10 9 90,0 %" in text  # the strategy committee's 90 %
    meetings = _raw_council("reunions")
    counts = {
        kind: sum(1 for m in meetings if m["type"] == kind)
        for kind in (
            "assemblee_generale",
            "conseil_administration",
            "bureau",
            "dircres",
            "groupe_travail",
        )
    }
    assert counts == {
        "assemblee_generale": 2,
        "conseil_administration": 5,
        "bureau": 6,
        "dircres": 4,
        "groupe_travail": 12,
    }
    ca = [int(m["participants"]) for m in meetings if m["type"] == "conseil_administration"]
    assert (
        f"Conseil d'administration {counts['conseil_administration']} 5,0 "
        f"{sum(ca) / len(ca):.1f}".replace(".", ",")
        in text
    )
    assert f"Réunions des directeurs (DIRCRES) {counts['dircres']} 6,0 17,0" in text
    assert f"Groupes de travail {counts['groupe_travail']} " in text
    assert "Assemblée générale 2 1,0 44,0 20" in text


def test_the_layout_is_exactly_the_published_one(site):
    codes = sorted(
        line.split(";")[0]
        for line in (ROOT / "data/raw/2008/cres.csv").read_bytes().decode("cp1252").splitlines()[1:]
    )
    pages = {
        f"{YEAR}/index.html",
        f"{YEAR}/qualite.html",
        *(f"{YEAR}/{page}" for page in [*INVENTORY_PAGES, *SURVEY_PAGES]),
        *(f"{YEAR}/fiches/{code}.html" for code in codes),
    }
    found = {
        str(p.relative_to(site / "reports")) for p in (site / "reports").rglob("*") if p.is_file()
    }
    top = {"index.html", "tableau-de-bord.html"}  # the root index and the dashboard
    assert {f for f in found if f.endswith(".html")} == {*top, *pages}
    assert {"assets/plotly.min.js", "assets/site.js"} <= found
    # every page's tables, downloadable: one folder a page, a workbook and its CSV files
    slugs = {downloads.page_slug(page.split("/", 1)[1]) for page in pages}
    workbooks = {f"{YEAR}/telechargements/{slug}/{slug}-{YEAR}.xlsx" for slug in slugs}
    assert workbooks <= found
    others = found - pages - workbooks - top - {"assets/plotly.min.js", "assets/site.js"}
    assert all(
        # named after their caption (stable when a table is added to the page)
        re.fullmatch(rf"{YEAR}/telechargements/[a-z0-9-]+/[a-z][a-z0-9-]+\.csv", f)
        or re.fullmatch(r"telechargements/tableau-de-bord/[a-z][a-z0-9-]+\.(csv|xlsx)", f)
        for f in others
    ), others
    assert len(codes) == 26
    executed = {p.name for p in (site / "build" / str(YEAR)).glob("*.ipynb")}
    assert {"financement.ipynb", "qualite.ipynb", "gouvernance.ipynb"} <= executed


def test_total_regional_grants_match_the_raw_file(site):
    total = sum(r["subv_conseil_regional"] for r in _raw_finances())
    text = _text(site / "reports" / str(YEAR) / "financement.html")
    assert f"Les conseils régionaux ont apporté {_euros(total)}" in text


def test_each_profile_shows_its_total_income_from_the_raw_file(site):
    accounts = {r["code_region"]: r["total_produits"] for r in _raw_finances()}
    for page in sorted((site / "reports" / str(YEAR) / "fiches").glob("*.html")):
        text = _text(page)
        if page.stem in accounts:
            assert f"Ressources : {_euros(accounts[page.stem])}" in text, page.name
        else:
            assert "Données manquantes pour 2008" in text, page.name


def test_pages_hold_no_code_prompt_or_external_resource(site):
    for page in (site / "reports").rglob("*.html"):
        source = page.read_text()
        assert render.external_urls(source) == [], page
        assert "jp-CodeMirrorEditor" not in source and "highlight hl-ipython" not in source, page
        assert not re.search(r'class="[^"]*jp-(InputPrompt|OutputPrompt)', source), page
        assert "In&nbsp;[" not in source, page
        assert "Out[" not in source and "Traceback" not in source, page
        assert '<html lang="fr"' in source, page
    demo = (site / "reports" / str(YEAR) / "financement.html").read_text()
    assert "Données de démonstration" in demo
    technical = demo[demo.index('<details class="cres-technical">') :]
    assert "finances.csv" in technical and "pandas" in technical  # provenance, folded


def test_no_person_name_is_published(site):
    names = set()
    from openpyxl import load_workbook

    sheet = load_workbook(ROOT / "data/raw/2008/gouvernance.xlsx", read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("representant")
    names = {r[column] for r in rows[1:] if r[column]}
    assert names
    published = "".join(p.read_text() for p in (site / "reports").rglob("*.html"))
    published += "".join(p.read_text() for p in (site / "build").rglob("*.ipynb"))
    leaked = [n for n in names if n in published]
    assert not leaked


@pytest.mark.browser
@pytest.mark.parametrize(
    "page", [*INVENTORY_PAGES, *SURVEY_PAGES, "qualite.html", "index.html", "fiches/53.html"]
)
def test_every_chart_draws_offline_in_chromium(site, page):
    browser.require_browser()
    path = site / "reports" / str(YEAR) / page
    charts = path.read_text().count('class="plotly-graph-div"')
    dom = browser.dump_dom(path)
    drawn = len(re.findall(r'<div[^>]*class="[^"]*js-plotly-plot', dom))
    assert drawn == charts
    assert dom.count('class="main-svg"') >= charts
    if page in INVENTORY_PAGES:
        assert charts >= 1


def test_a_failing_year_publishes_only_its_quality_report(site_copy):
    year_dir = site_copy / "reports" / str(YEAR)
    before = {p: p.read_bytes() for p in year_dir.rglob("*.html") if p.name != "qualite.html"}
    old_quality = (year_dir / "qualite.html").read_bytes()
    rh = site_copy / "data" / "raw" / str(YEAR) / "rh.csv"
    lines = rh.read_bytes().split(b"\r\n")
    lines[2] = re.sub(rb";[0-9],?[0-9]*;", b";3;", lines[2], count=1)  # an FTE above 1
    rh.write_bytes(b"\r\n".join(lines))

    result = pipeline(*run_args(site_copy))
    assert result.returncode == 1, result.stdout + result.stderr
    assert {p: p.read_bytes() for p in before} == before
    quality = (year_dir / "qualite.html").read_bytes()
    assert quality != old_quality
    assert f"Des données {YEAR} sont à corriger" in _text(year_dir / "qualite.html")
    assert "rh.csv" in _text(year_dir / "qualite.html")


def test_a_failing_cell_stops_the_build_and_names_notebook_and_cell(site_copy):
    published = tree(site_copy / "reports")
    notebooks = site_copy / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    source = (notebooks / "financement.ipynb").read_text()
    (notebooks / "financement.ipynb").write_text(
        source.replace("f = page.facts()", 'raise ValueError(\\"boom\\")', 1)
    )
    result = pipeline(*run_args(site_copy), env={"CRES_NOTEBOOKS_DIR": str(notebooks)})
    assert result.returncode == 4, result.stdout + result.stderr
    assert "financement" in result.stderr and "boom" in result.stderr
    assert "cellule" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(site_copy / "reports") == published


@pytest.mark.browser
def test_profiles_print_on_two_a4_pages(site, tmp_path):
    """The fullest profiles (most rows) and one with missing data, printed by Chromium."""
    browser.require_browser()
    fiches = sorted(
        (site / "reports" / str(YEAR) / "fiches").glob("*.html"),
        key=lambda p: p.read_text().count("<tr"),
    )
    with browser.Session() as session:
        for page in [*fiches[-2:], fiches[0]]:
            session.open(page)
            pdf = session.print_pdf(tmp_path / f"{page.stem}.pdf")
            assert 1 <= browser.pdf_page_count(pdf) <= 2, page.name

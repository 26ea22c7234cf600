"""The dashboard and the series across the 2016 reform, on a real build of 2008, 2015, 2016.

2009–2014 are absent (« pas de données »); 2015 is drawn on the 2016 map, and its figures are
recomputed here from the raw returned workbooks; Limousin sent no staff figures in 2015, so
Nouvelle-Aquitaine's 2015 staff is « incomplet ». The charts are measured in headless
Chromium at 1280, 768 and 390 px and in print; one year's change rebuilds only what read it.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from support import browser, layout
from support.data import ROOT
from support.health import check_health_page, euros, page_text
from support.pipeline import pipeline, run_args

from cres_reports.analysis.funding import whole_euros
from cres_reports.ingest import contract
from cres_reports.ingest.year import read_year

# xdist: one worker runs the module (the three-year build of `built`: built once)
pytestmark = [
    pytest.mark.build,
    pytest.mark.kernel,
    pytest.mark.slow,
    pytest.mark.xdist_group("dashboard"),
]
YEARS = (2008, 2015, 2016)
DOWNLOADS = Path("telechargements/tableau-de-bord")
# Each chart's category axis spans its categories (years), not a range read from a label.
SPANS = """JSON.stringify([...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const axis = gd._fullLayout.yaxis.type === 'category' ? gd._fullLayout.yaxis
    : gd._fullLayout.xaxis;
  return [gd.id, axis._categories.length, Math.max(...axis.range) - Math.min(...axis.range),
    gd.querySelectorAll('.point path').length];
}))"""


def _run(base: Path, *extra: str):
    return pipeline(*run_args(base, *extra, year=None))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("reform") / "site"
    for year in YEARS:
        shutil.copytree(ROOT / "data" / "raw" / str(year), base / "data" / "raw" / str(year))
    result = _run(base)
    assert result.returncode == 0, result.stdout + result.stderr
    return base


def _download(base: Path, stem: str) -> list[dict]:
    folder = base / "reports" / DOWNLOADS
    path = folder / f"{stem}.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def _number(text: str) -> float | None:
    return float(text.replace(",", ".")) if text else None


def _text(page: Path) -> str:
    body = re.sub(r"<script.*?</script>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_2015_on_the_2016_map_is_the_sum_of_the_predecessors_raw_figures(built):
    raw = read_year(ROOT / "data" / "raw" / "2015", 2015)
    fin = whole_euros(raw.tables["finances"].frame)
    rh = raw.tables["rh"].frame
    new_code = {old: new for old, (new, _) in contract.reform_map().items()}
    checked = 0
    for stem, column in (
        ("ressources-totales", "total_produits"),
        ("subventions-des-conseils-regionaux", "subv_conseil_regional"),
        ("subventions-de-la-caisse-des-depots", "subv_cdc"),
    ):
        shown = {row["Code"]: _number(row["2015 (€)"]) for row in _download(built, stem)}
        expected = fin.groupby(fin["code_region"].map(new_code))[column].sum()
        assert set(shown) == set(expected.index)
        for code, value in expected.items():
            assert shown[code] == pytest.approx(value, abs=0.001), (stem, code)
            checked += 1
    fte = {row["Code"]: _number(row["2015"]) for row in _download(built, "equivalents-temps-plein")}
    expected_fte = rh.groupby(rh["code_region"].map(new_code))["etp"].sum()
    for code, value in expected_fte.items():
        if code == "75":  # Limousin (74) sent no staff sheet: Nouvelle-Aquitaine incomplete
            continue
        assert fte[code] == pytest.approx(value, abs=0.001), code
    assert checked == 3 * 17
    # Grand Est really is three chambers summed
    assert {"21", "41", "42"} <= set(fin["code_region"])


def test_a_region_missing_a_predecessor_reads_incomplete_never_a_partial_sum(built):
    fte = {row["Code"]: row["2015"] for row in _download(built, "equivalents-temps-plein")}
    assert fte["75"] == ""  # no partial sum
    page = _text(built / "reports" / "tableau-de-bord.html")
    assert "Nouvelle-Aquitaine, 2015 : incomplet (non transmis par CRESS Limousin)" in page
    staff = _text(built / "reports" / "2016" / "ressources-humaines.html")
    assert "2015 ramené à la carte des régions de 2016" in staff
    assert "CRESS Nouvelle-Aquitaine (2015 incomplet : non transmis par CRESS Limousin)" in staff
    funding = _text(built / "reports" / "2016" / "financement.html")
    assert "2015 ramené à la carte des régions de 2016" in funding


def _page_download(base: Path, page: str, stem: str) -> dict[str, dict]:
    """A 2016 page's table download, by chamber code (the stem without its number)."""
    folder = base / "reports" / "2016" / "telechargements" / page
    path = next(p for p in folder.glob("*.csv") if p.stem.startswith(stem))
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {row["Code région"]: row for row in csv.DictReader(fh, delimiter=";")}


def test_2016_governance_and_observatories_compare_every_merged_chamber(built):
    """Issue 19: the comparisons with 2015 are on the 2016 map, a merged chamber is never
    « hors réseau »; its 2015 seats are its predecessors' seats recounted from the raw
    workbooks, and its 2015 observatory is each predecessor's answer."""
    raw = read_year(ROOT / "data" / "raw" / "2015", 2015)
    gov = raw.tables["gouvernance"].frame
    new_code = {old: new for old, (new, _) in contract.reform_map().items()}
    board = gov[gov["instance"].isin(["ca", "bureau"])]
    expected = board.groupby(board["code_region"].map(lambda c: new_code.get(c, c))).size()
    seats = _page_download(built, "gouvernance", "sieges-a-l-ag")
    assert set(seats) - {""} == set(expected.index) and len(expected) == 17
    for code, n in expected.items():
        assert _number(seats[code]["CA 2015"]) == n, code
    assert seats[""]["CA 2015"] == str(sum(expected))  # the total row: every chamber
    observatories = _page_download(built, "observatoires", "observatoires-des-chambres-qui")
    grand_est = observatories["44"]["Observatoire 2015"]
    assert all(name in grand_est for name in ("Champagne-Ardenne", "Lorraine", "Alsace"))
    for page in ("gouvernance", "observatoires"):
        text = _text(built / "reports" / "2016" / f"{page}.html")
        assert "hors réseau" not in text, page
        assert "2015 ramené à la carte des régions de 2016" in text, page


@pytest.mark.browser
def test_no_chart_or_table_of_2016_or_the_dashboard_is_cut_or_hides_half_a_cell(built):
    """Issue 19: at 1280, 768, 390 and 320 px (and on A4), on every page of 2016 (compared
    with 2015 on the 2016 map: the widest tables) and the dashboard; every chart of its
    inventories, two profiles and the dashboard drawn whole."""
    browser.require_browser()
    reports = built / "reports"
    dashboard = reports / "tableau-de-bord.html"
    pages = [*sorted((reports / "2016").rglob("*.html")), dashboard]
    charts = [*sorted(reports.glob("2016/*.html")), *sorted(reports.glob("2016/fiches/4*"))]
    measured = layout.measure(pages, reports, charts=[*charts, dashboard])
    assert not measured.problems, "\n".join(measured.problems[:40])
    expected = dashboard.read_text(encoding="utf-8").count('class="plotly-graph-div"')
    assert measured.charts[dashboard] == len(layout.WIDTHS) * expected >= len(layout.WIDTHS) * 9


def test_a_gap_year_says_no_data_and_is_never_filled(built):
    rows = {row["Année"]: row for row in _download(built, "ressources-totales-du-reseau")}
    assert list(rows) == [str(y) for y in range(2008, 2017)]
    for year in range(2009, 2015):
        assert rows[str(year)]["Ressources totales (€)"] == ""
        assert rows[str(year)]["Base"] == "pas de données"
    assert rows["2015"]["Base"] == "26 chambres sur 26"
    assert rows["2016"]["Base"] == "17 chambres sur 17"
    page = _text(built / "reports" / "tableau-de-bord.html")
    assert "Pas de données pour 2009 à 2014." in page
    index = (built / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'href="tableau-de-bord.html"' in index


def test_financial_health_pages_and_series_recomputed_from_the_raw_files(built):
    """Each year's network result, chambers in deficit and each chamber's result, as
    recomputed from the raw files; the dashboard's series say the same, on their basis;
    2016 compares with 2015 on the 2016 map."""
    reports = built / "reports"
    for year in YEARS:
        check_health_page(reports, ROOT / "data" / "raw", year)
    rows = {r["Année"]: r for r in _download(built, "resultat-de-l-ensemble-des-chambres")}
    for year in YEARS:
        shown = page_text(reports / str(year) / "sante-financiere.html")
        value = int(rows[str(year)]["Résultat de l'ensemble des chambres (€)"])
        assert f"soit un résultat de {euros(value)}" in shown
    assert rows["2012"]["Base"] == "pas de données"
    deficits = {r["Année"]: r for r in _download(built, "chambres-en-deficit")}
    assert deficits["2016"]["Base"] == "17 chambres sur 17"
    reform = _text(reports / "2016" / "sante-financiere.html")
    assert "2015 ramené à la carte des régions de 2016" in reform
    assert "hors réseau" not in reform


def test_a_merged_chamber_profile_tells_its_history_naming_its_predecessors(built):
    page = _text(built / "reports" / "2016" / "fiches" / "44.html")
    assert "Chiffres clés au fil des années" in page and "Écart : 2016 moins 2015" in page
    assert "Pas de données pour 2009 à 2014." in page
    assert re.search(r"somme des chambres fusionnées en 2016 : CRESS? Champagne-Ardenne", page)
    own = _text(built / "reports" / "2015" / "fiches" / "21.html")
    assert "fusionnées" not in own and "Chiffres clés au fil des années" in own


# Where the history table's box, its caption, its first and last column sit in the viewport.
HISTORY_BOX = """JSON.stringify((() => {
  const table = document.querySelector('.cres-table > table.series');
  const box = table.parentElement;
  const at = e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; };
  const first = [...table.querySelectorAll('tr > :first-child')].map(at);
  const last = [...table.querySelectorAll('tr > :last-child')].map(at);
  return {box: at(box), overflows: box.scrollWidth > box.clientWidth + 1,
    caption: at(table.caption.firstElementChild), first, last,
    head: [...table.tHead.rows[0].cells].map(c => c.textContent),
    rows: [...table.rows].map(r => [...r.cells].map(at)),
    hint: getComputedStyle(box, '::before').content};
})())"""


@pytest.mark.browser
def test_on_a_phone_the_history_opens_on_the_latest_years_with_its_labels_in_sight(built):
    """The key figures over the years are wider than a phone: their box opens on the last
    year and the change, the row labels and the caption staying on the left, no column half
    hidden under the labels (« incomplet » read « complet »), and it says that it scrolls;
    from a tablet up, the whole table shows."""
    browser.require_browser()
    page = built / "reports" / "2016" / "fiches" / "44.html"
    with browser.Session(width=390) as session:
        session.open(page)
        phone = json.loads(session.evaluate(HISTORY_BOX))
        session.size(768)
        session.settle()
        tablet = json.loads(session.evaluate(HISTORY_BOX))
    assert phone["head"][-2:] == ["2016", "Écart"]
    left, right = phone["box"]
    assert phone["overflows"], "the history fits a phone: this test checks nothing"
    assert all(r <= right + 1 for _, r in phone["last"]), phone  # the change is in sight
    assert all(abs(x - left) <= 1 for x, _ in phone["first"]), phone  # labels on the left
    assert abs(phone["caption"][0] - left) <= 1, phone
    for labels, *cells in phone["rows"]:
        for x, r in cells:  # wholly under the labels, or wholly right of them
            assert r <= labels[1] + 1 or x >= labels[1] - 1, (labels, x, r)
    assert "plus large que l’écran" in phone["hint"]
    assert not tablet["overflows"]
    assert tablet["hint"] == "none"
    assert all(abs(x - tablet["box"][0]) <= 1 for x, _ in tablet["first"]), tablet


@pytest.mark.browser
def test_each_dashboard_chart_spans_its_categories_and_draws_bars(built):
    """(Drawn whole at every width: measured with the pages above.)"""
    browser.require_browser()
    with browser.Session() as session:
        session.size(1280)
        session.open(built / "reports" / "tableau-de-bord.html")
        spans = json.loads(session.evaluate(SPANS))
    assert spans
    for chart, categories, span, bars in spans:
        assert categories >= 2 and span <= categories + 0.5, (chart, categories, span)
        assert bars > 0, chart


def _statuses(output: str) -> dict[str, str]:
    found = {}
    for line in output.splitlines():
        match = re.match(r"\s+(\S+\.html)\s+(\S+(?: en page)?)", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_one_year_changed_rebuilds_its_pages_the_dashboard_and_the_histories_reading_it(
    built, tmp_path
):
    base = tmp_path / "site"
    shutil.copytree(built, base, symlinks=True)
    accounts = base / "data" / "raw" / "2008" / "finances.csv"
    text = accounts.read_bytes().decode("cp1252")
    lines = text.split("\r\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("53;"))
    fields = lines[at].split(";")
    fields[-3] = fields[-3].replace("1", "2", 1)  # treasury: read by the profile only
    lines[at] = ";".join(fields)
    accounts.write_bytes("\r\n".join(lines).encode("cp1252"))
    result = _run(base)
    assert result.returncode == 0, result.stdout + result.stderr
    statuses = _statuses(result.stdout)
    rebuilt = {page for page, status in statuses.items() if status != "réutilisé"}
    assert "tableau-de-bord.html" in rebuilt
    assert "2008/fiches/53.html" in rebuilt
    # The other years: only the histories that read Bretagne's 2008 rows.
    later = {p for p in rebuilt if p.startswith(("2015/", "2016/"))}
    assert later == {"2015/fiches/53.html", "2016/fiches/53.html"}, sorted(later)
    assert all(
        statuses[p] == "réutilisé" for p in statuses if p.startswith("2015/") and p not in later
    )

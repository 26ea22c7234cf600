"""What the board reads, checked on a real build of 2008: charts drawn whole at every width and
on paper, figures that add up, links everywhere, no developer output in the pages' bodies.

The charts and tables are measured in headless Chromium (one live page per test, through the
DevTools protocol; `support.layout`): at 1280, 768, 390 and 320 px wide, and laid out for A4.
"""

from __future__ import annotations

import html
import json
import math
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from support import browser, layout
from support.data import YEAR
from support.pipeline import pipeline, run_args

from cres_reports.analysis.funding import whole_euros

# xdist: one worker runs the module (the 2009 build of `years`: built once)
pytestmark = [pytest.mark.build, pytest.mark.kernel, pytest.mark.xdist_group("site")]  # with `site`
NEXT = YEAR + 1  # 2009: two chambers join, its comparisons leave them out of the totals

# Every table box as it would be without tables.js's alignment (a copy has no listeners) and
# without the stylesheet's snapping.
UNSNAPPED = """document.querySelectorAll('.cres-table').forEach(box => {
  const bare = box.cloneNode(true);
  bare.style.scrollSnapType = 'none';
  box.replaceWith(bare);
})"""
BACKED = """JSON.stringify([...document.querySelectorAll('figure.cres-chart')].map(figure => {
  const title = figure.querySelector('.cres-chart-title').textContent;
  if (figure.querySelector('table')) return [title, true];
  const later = [...document.querySelectorAll('table, figure.cres-chart, h2')]
    .filter(e => figure.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING);
  return [title, later.length > 0 && later[0].tagName === 'TABLE'];
}))"""


@pytest.fixture(scope="module")
def years(site, tmp_path_factory) -> Path:
    """The shared build of 2008, and 2009 built after it (compared with 2008)."""
    base = tmp_path_factory.mktemp("years") / "site"
    shutil.copytree(site, base, symlinks=True)
    args = [str(a) for a in run_args(base)]
    args[args.index(str(YEAR))] = str(NEXT)
    result = pipeline(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    return base


def _pages(base: Path, year: int = NEXT) -> list[Path]:
    return sorted((base / "reports" / str(year)).rglob("*.html"))


@pytest.mark.browser
def test_every_chart_and_table_fits_at_every_width_and_in_print(years):
    """Each chart's plot, tick labels and legend lie inside its svg, the svg fills its box; on
    a phone a wide table scrolls in its box, no cell ever half hidden under its row labels;
    from a tablet up, and on A4, no table overflows (2008 has chambers that sent nothing: their
    cells read « non transmis »). 2009 is the survey year compared with 2008: answer grids
    and comparisons, the widest tables."""
    browser.require_browser()
    reports = years / "reports"
    charts = [*_pages(years), reports / "index.html"]
    charts_in_pages = sum(p.read_text().count('class="plotly-graph-div"') for p in charts)
    measured = layout.measure([*_pages(years, YEAR), *charts], reports, charts=charts)
    assert not measured.problems, "\n".join(measured.problems[:40])
    # every profile, twelve in the inventories
    assert sum(measured.charts.values()) == len(layout.WIDTHS) * charts_in_pages
    assert charts_in_pages >= 38
    for survey in ("observatoires.html", "missions.html", "relations-cpca.html"):  # one each
        assert (reports / str(NEXT) / survey).read_text().count("plotly-graph-div")


def _seen(session: browser.Session, width: int) -> list[str]:
    """The problems of the open page's charts, measured now at `width`."""
    return layout.chart_problems(
        "73", str(width), json.loads(session.evaluate(layout.MEASURE)), width
    )


@pytest.mark.browser
def test_the_measure_sees_a_chart_cut_by_its_box(years):
    """The control: a chart drawn wider than its box (the bug of a chart laid out before the
    table beside it), or a box narrower than its chart, is reported."""
    browser.require_browser()
    page = years / "reports" / str(NEXT) / "fiches" / "73.html"
    with browser.Session() as session:
        session.open(page)
        assert _seen(session, 1280) == []
        # drawn once at a width that is not its box's, as before the table beside it was read
        session.evaluate("Plotly.relayout(document.querySelector('.js-plotly-plot'), {width: 900})")
        wide = _seen(session, 1280)
        session.size(1000)  # its box changes: charts.js draws it again at the box's width
        session.settle()
        redrawn = _seen(session, 1000)
        # its svg squeezed into the box, the drawing running past it (the stack notes' case)
        session.evaluate("Plotly.relayout(document.querySelector('.js-plotly-plot'), {width: 900})")
        session.evaluate("document.querySelector('svg.main-svg').style.width = '300px'")
        cut = _seen(session, 1000)
    assert any("dessiné sur 900 px" in p for p in wide)
    assert any("plot coupé" in p for p in cut)
    assert redrawn == []


@pytest.mark.browser
def test_the_measure_sees_a_cell_half_hidden_under_the_row_labels(years):
    """The control: without the snapping to column starts (cres.css, tables.js), the answer
    grids scrolled by a third leave cells half under their labels, and the measure says so."""
    browser.require_browser()
    with browser.Session() as session:
        session.size(320)
        session.open(years / "reports" / str(NEXT) / "missions.html")
        assert json.loads(session.evaluate(layout.HALF_HIDDEN, wait=True)) == []
        session.evaluate(UNSNAPPED)
        found = json.loads(session.evaluate(layout.HALF_HIDDEN, wait=True))
    assert any("défilé à" in where for _, _, where in found), found


@pytest.mark.browser
def test_every_chart_is_backed_by_a_table(years):
    browser.require_browser()
    unbacked = []
    with browser.Session() as session:
        for page in _pages(years):
            session.open(page)
            for title, backed in json.loads(session.evaluate(BACKED)):
                if not backed:
                    unbacked.append(f"{page.name} : {title}")
    assert not unbacked


@pytest.mark.browser
def test_pages_print_on_a4_with_title_page_numbers_and_no_page_for_the_footer(years, tmp_path):
    """Profiles on one or two pages; every printed page numbered and titled; the footer never
    alone on a page (the same page printed without it has as many pages)."""
    browser.require_browser()
    year = years / "reports" / str(NEXT)
    fiches = sorted((year / "fiches").glob("*.html"), key=lambda p: p.read_text().count("<tr"))
    chosen = [*(year / p for p in ("financement.html", "ressources-humaines.html")), fiches[0]]
    chosen += [year / "gouvernance.html", year / "qualite.html", year / "index.html", fiches[-1]]
    # the survey's pages: answer grids with headings written upwards, free text
    chosen += [year / p for p in ("observatoires.html", "missions.html", "relations-cpca.html")]
    with browser.Session() as session:  # one browser for the prints
        for page in chosen:
            session.open(page)
            pdf = session.print_pdf(tmp_path / f"{page.stem}.pdf")
            pages = browser.pdf_page_count(pdf)
            if page.parent.name == "fiches":
                assert 1 <= pages <= 2, page.name
            text = browser.pdf_text(pdf).split("\f")
            title = html.unescape(re.search(r"<title>(.*?)</title>", page.read_text()).group(1))
            for number in range(1, pages + 1):
                assert f"page {number} sur {pages}" in text[number - 1], (page.name, number)
                assert title in text[number - 1], (page.name, number)
            bare = page.with_name(f".sans-pied-{page.name}")  # beside it: same scripts, assets
            hide = "<style>.cres-footer{display:none}</style></head>"
            bare.write_text(page.read_text().replace("</head>", hide))
            try:
                session.open(bare)
                without = browser.pdf_page_count(session.print_pdf(tmp_path / "bare.pdf"))
            finally:
                bare.unlink()
            assert without == pages, page.name


# --------------------------------------------------------------------------- figures that add up


class _Blocks(HTMLParser):
    """A page's paragraphs and tables in order: ("p", text) and ("table", table)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, object]] = []
        self._text: list[str] | None = None
        self._table: dict | None = None
        self._row: list | None = None
        self._in: str | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            self._table = {"caption": "", "head": [], "rows": [], "links": []}
        elif tag == "tr" and self._table is not None:
            self._row = {"cells": [], "total": "total" in (attrs.get("class") or ""), "link": None}
        elif tag in ("td", "th", "caption", "p"):
            self._text, self._in = [], tag
        elif tag == "a" and self._row is not None and self._in in ("td", "th"):
            self._row["link"] = self._row["link"] or attrs.get("href")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag == self._in and self._text is not None:
            text = re.sub(r"[\s\u00a0\u202f]+", " ", "".join(self._text)).strip()
            if tag == "p" and self._table is None:
                self.blocks.append(("p", text))
            elif tag == "caption" and self._table is not None:
                self._table["caption"] = text
            elif tag in ("td", "th") and self._row is not None:
                self._row["cells"].append(text)
            self._text, self._in = None, None
        elif tag == "tr" and self._table is not None and self._row is not None:
            if self._row["cells"] and not self._table["head"]:
                self._table["head"] = self._row["cells"]
            else:
                self._table["rows"].append(self._row)
            self._row = None
        elif tag == "table" and self._table is not None:
            self.blocks.append(("table", self._table))
            self._table = None

    def handle_data(self, data):
        if self._text is not None and not self._skip:
            self._text.append(data)


def _blocks(page: Path) -> list[tuple[str, object]]:
    parser = _Blocks()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.blocks


def _number(text: str) -> float | None:
    """A figure as shown (`1 234 €`, `−5,9`, `+12,5 %`), or None for a word."""
    plain = text.replace("\u2212", "-").replace("€", "").replace("%", "").replace(" ", "")
    plain = plain.replace(",", ".")
    try:
        return float(plain)
    except ValueError:
        return None


def _processed(base: Path, year: int, dataset: str) -> pd.DataFrame:
    path = base / "data" / "processed" / str(year) / f"{dataset}.csv"
    return pd.read_csv(path, dtype={"code_region": str})


def _comparisons(page: Path) -> list[tuple[str, dict]]:
    """(the sentence before it, the table) for each comparison table of a page."""
    found, sentence = [], ""
    for kind, block in _blocks(page):
        if kind == "p":
            sentence = block
        elif "et" in block["caption"] and block["rows"] and block["rows"][-1]["total"]:
            if re.search(r"\b\d{4} et \d{4}", block["caption"]):
                found.append((sentence, block))
    return found


def _check_table(table: dict, columns: list[int], change: int | None, digits: int) -> tuple:
    """Rows with both years add up to the total row; each change is its row's difference."""
    rows, total = table["rows"][:-1], table["rows"][-1]["cells"]
    both = [r for r in rows if all(_number(r["cells"][c]) is not None for c in columns)]
    for row in rows:
        cells = row["cells"]
        if row in both:
            if change is not None:
                shown = _number(cells[change])
                assert shown == round(
                    _number(cells[columns[1]]) - _number(cells[columns[0]]), digits
                ), cells
        else:
            assert {cells[c] for c in columns} & {"non transmis", "hors réseau"}, cells
    for c in columns:
        assert round(sum(_number(r["cells"][c]) for r in both), digits) == _number(total[c]), (
            table["caption"],
            c,
        )
    assert total[0] == f"Total des {len(both)} chambres présentes les deux années", total[0]
    return both, total


def test_funding_comparisons_add_up_and_say_their_basis(years):
    page = years / "reports" / str(NEXT) / "financement.html"
    comparisons = _comparisons(page)
    assert [t["caption"] for _, t in comparisons] == [
        f"Total des produits, {YEAR} et {NEXT}",
        f"Subvention du conseil régional, {YEAR} et {NEXT}",
        f"Subvention de la Caisse des Dépôts, {YEAR} et {NEXT}",
    ]
    now = whole_euros(_processed(years, NEXT, "finances")).set_index("code_region")
    before = whole_euros(_processed(years, YEAR, "finances")).set_index("code_region")
    names = _processed(years, NEXT, "cres").set_index("code_region")["nom_cres"]
    basis = sorted(set(now.index) & set(before.index))
    for (sentence, table), column in zip(
        comparisons, ["total_produits", "subv_conseil_regional", "subv_cdc"], strict=True
    ):
        assert table["head"][1:3] == [str(YEAR), str(NEXT)]
        both, total = _check_table(table, [1, 2], 3, 0)
        # recomputed from the processed tables: the same chambers, the same totals
        assert (
            sorted(r["link"].removeprefix("fiches/").removesuffix(".html") for r in both) == basis
        )
        assert _number(total[1]) == before.loc[basis, column].sum()
        assert _number(total[2]) == now.loc[basis, column].sum()
        # the sentence says the total row's figures and its basis
        for cell in total[1:5]:
            assert cell in sentence, (cell, sentence)
        assert f"pour les {len(basis)} chambres présentes les deux années" in sentence
        newcomers = sorted(set(now.index) - set(before.index))
        assert newcomers  # 2009: Guyane and Corse joined
        note = next(
            b for k, b in _blocks(page) if k == "p" and b.startswith("Hors total") and column
        )
        for code in newcomers:
            assert f"{names[code]} (comptes {NEXT} seulement)" in note


def test_staff_comparison_adds_up_and_says_its_basis(years):
    page = years / "reports" / str(NEXT) / "ressources-humaines.html"
    [(sentence, table)] = _comparisons(page)
    assert table["head"][1:] == [
        f"Postes {YEAR}",
        f"Postes {NEXT}",
        f"ETP {YEAR}",
        f"ETP {NEXT}",
        "Écart (ETP)",
    ]
    _check_table(table, [1, 2], None, 0)
    both, total = _check_table(table, [3, 4], 5, 1)
    now = _processed(years, NEXT, "rh").groupby("code_region")["etp"].sum().round(1)
    before = _processed(years, YEAR, "rh").groupby("code_region")["etp"].sum().round(1)
    basis = sorted(set(now.index) & set(before.index))
    assert len(both) == len(basis) < len(now)
    assert _number(total[3]) == round(before[basis].sum(), 1)
    assert _number(total[4]) == round(now[basis].sum(), 1)
    expected = f"passent de {total[3]} à {total[4]} ({total[5]}), pour les {len(basis)} chambres"
    assert expected in sentence
    # the headline of the page counts every chamber, and says so
    everyone = next(b for k, b in _blocks(page) if k == "p" and b.startswith("Au 31 décembre"))
    assert f"{round(now.sum(), 1):.1f}".replace(".", ",") in everyone


def test_the_year_opens_with_its_brief_and_points_that_link_to_their_pages(years):
    """Key figures recomputed from the processed tables with plain pandas (each chamber's
    amounts rounded half up, as shown); every point for attention links to a published page."""
    page = years / "reports" / str(NEXT) / "index.html"
    text = page.read_text("utf-8")
    assert text.index(f"L'année {NEXT} en bref") < text.index("Points d'attention")
    assert text.index("Points d'attention") < text.index("Les rapports")
    [table] = [
        b for k, b in _blocks(page) if k == "table" and b["caption"] == f"Chiffres clés {NEXT}"
    ]
    rows = {r["cells"][0]: r["cells"] for r in table["rows"]}

    def amounts(year: int, column: str) -> pd.Series:
        frame = _processed(years, year, "finances").set_index("code_region")[column]
        return (frame + 0.5).map(math.floor)

    for label, column in (
        ("Ressources des chambres", "total_produits"),
        ("Subventions des conseils régionaux", "subv_conseil_regional"),
    ):
        now, before = amounts(NEXT, column), amounts(YEAR, column)
        basis = sorted(set(now.index) & set(before.index))
        cells = rows[label]
        assert _number(cells[1]) == now.sum()
        assert cells[2] == f"{len(now)} sur {len(_processed(years, NEXT, 'cres'))}"
        change = now[basis].sum() - before[basis].sum()
        said = re.search(r"\(([^)]*)\) sur (\d+) chambres des deux années", cells[3])
        assert said is not None, cells
        assert _number(said.group(1)) == change and int(said.group(2)) == len(basis)
    points = re.search(r'<ul class="cres-attention">(.*?)</ul>', text, re.S)
    assert points is not None  # the demo 2009 calls for some
    links = re.findall(r'href="([^"]+)"', points.group(1))
    assert links and all((page.parent / link).is_file() for link in links)


def test_a_profile_change_is_the_difference_of_the_figures_shown(years):
    """The key figures over the years end with the change from the year before, computed on
    the figures shown beside it."""
    change = "Écart"
    checked = 0
    for page in sorted((years / "reports" / str(NEXT) / "fiches").glob("*.html")):
        tables = [
            b for k, b in _blocks(page) if k == "table" and b["caption"].startswith("Chiffres clés")
        ]
        for table in tables:
            if change not in table["head"]:
                assert f"Pas de données {YEAR} pour cette chambre" in page.read_text("utf-8")
                continue
            assert f"Écart : {NEXT} moins {YEAR}, sur les chiffres affichés." in page.read_text(
                "utf-8"
            )
            assert table["head"][0] == "Indicateur" and table["head"][-1] == change
            assert table["head"][-3:-1] == [str(YEAR), str(NEXT)]
            for row in table["rows"]:
                label, before, now, difference = row["cells"][0], *row["cells"][-3:]
                if _number(before) is None or _number(now) is None:
                    assert "non transmis" in (before, now) and difference == "–", row
                else:
                    digits = 1 if label == "ETP" else 0
                    assert _number(difference) == round(_number(now) - _number(before), digits)
                    assert not difference.startswith(("+0 ", "+0,0", "-")), row  # true minus
                    checked += 1
    assert checked > 20


def test_a_chamber_that_sent_nothing_reads_not_sent_never_zero(years):
    """2008: two chambers sent neither accounts nor staff figures."""
    page = years / "reports" / str(YEAR) / "ressources-humaines.html"
    rh = _processed(years, YEAR, "rh")
    cres = _processed(years, YEAR, "cres")
    silent = set(cres["nom_cres"][~cres["code_region"].isin(rh["code_region"])])
    assert len(silent) == 2
    [table] = [
        b
        for k, b in _blocks(page)
        if k == "table" and b["caption"].startswith("Postes et équivalents")
    ]
    for row in table["rows"]:
        if row["cells"][0] in silent:
            assert row["cells"][1:] == ["non transmis", "non transmis"], row


# --------------------------------------------------------------------------- moving between pages


class _Links(HTMLParser):
    """Every href of a page, and those of its breadcrumb."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.breadcrumb: list[str] = []
        self._nav = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "cres-nav" in (attrs.get("class") or ""):
            self._nav += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if self._nav:
                self.breadcrumb.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav:
            self._nav -= 1


def _links(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_page_links_back_to_its_year_and_the_root_and_no_link_is_dead(years):
    reports = (years / "reports").resolve()
    for year in (YEAR, NEXT):
        for page in _pages(years, year):
            found = _links(page)
            targets = {(page.parent / href.split("#")[0]).resolve() for href in found.breadcrumb}
            assert reports / "index.html" in targets, page
            if page.name != "index.html" or page.parent.name == "fiches":
                assert reports / str(year) / "index.html" in targets, page
            for href in found.links:
                if href.startswith(("#", "mailto:")):
                    continue
                assert (page.parent / href.split("#")[0]).exists(), (page, href)


def test_profiles_link_to_the_previous_and_next_and_years_to_each_other(years):
    fiches = sorted((years / "reports" / str(NEXT) / "fiches").glob("*.html"))
    middle = _links(fiches[1]).links
    assert f"{fiches[0].name}" in middle and f"{fiches[2].name}" in middle
    site = (years / "reports" / "assets" / "site.js").read_text()
    published = json.loads(site.removeprefix("window.cresSite = ").rstrip(";\n"))["years"]
    assert set(published) == {str(YEAR), str(NEXT)}
    assert "financement.html" in published[str(YEAR)] and "fiches/53.html" in published[str(NEXT)]


@pytest.mark.browser
def test_the_same_page_in_the_other_year_is_linked_in_the_browser(years):
    browser.require_browser()
    page = years / "reports" / str(NEXT) / "financement.html"
    with browser.Session() as session:
        session.open(page)
        shown = session.evaluate(
            "[...document.querySelectorAll('.cres-years a')].map(a => a.getAttribute('href'))"
        )
    assert shown == [f"../{YEAR}/financement.html"]


def test_every_chamber_name_in_a_table_links_to_its_profile(years):
    checked = 0
    for page in _pages(years):
        for kind, table in _blocks(page):
            if kind != "table" or not table["head"] or table["head"][0] != "Chambre":
                continue
            for row in table["rows"]:
                if row["total"]:
                    continue
                name, href = row["cells"][0], row["link"]
                assert href, (page.name, table["caption"], name)
                profile = (page.parent / href).resolve()
                title = re.search(r"<title>(.*?)</title>", profile.read_text()).group(1)
                assert html.unescape(title).startswith(f"{name} — fiche"), (page.name, name)
                checked += 1
    assert checked > 200


# --------------------------------------------------------------------------- plain French


class _Body(HTMLParser):
    """The text a reader sees in a page's body, but the folded technical blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.technical: list[str] = []
        self._skip = 0
        self._technical = 0

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag in ("script", "style", "title"):
            self._skip += 1
        if self._technical:
            self._technical += tag == "details"
        elif tag == "details" and "cres-technical" in classes:
            self._technical = 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._skip -= 1
        if self._technical and tag == "details":
            self._technical -= 1

    def handle_data(self, data):
        if not self._skip:
            (self.technical if self._technical else self.text).append(data)


CODES = (
    "structuree",
    "en_structuration",
    "cooperative",
    "president",
    "tresorier",
    "secretaire",
    "comptabilite",
    "cdi",
    "cdd",
    "fse",
    "ag",
    "ca",
    "cp1252",
    "utf-8",
)
DEVELOPER = {
    "a SHA-256 digest": re.compile(r"\b[0-9a-f]{12,}\b"),
    "a version number": re.compile(r"\b\d+\.\d+\.\d+\b"),
    "a snake_case name": re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"),
    "an internal code": re.compile(r"\b(?:" + "|".join(re.escape(c) for c in CODES) + r")\b"),
    "a dataset name": re.compile(r"\((?:finances|rh|gouvernance|cres)\)"),
    "a region code": re.compile(r"\b(?:lignes|code) \d{2}\b"),
    "a count in the plural by default": re.compile(r"\(s\)"),
}


def test_no_page_body_holds_developer_output_the_technical_block_does(years):
    offenders, technical = [], ""
    for page in [*_pages(years), years / "reports" / "index.html"]:
        parser = _Body()
        parser.feed(page.read_text(encoding="utf-8"))
        body = " ".join(parser.text)
        technical += " ".join(parser.technical)
        for what, pattern in DEVELOPER.items():
            found = pattern.search(body)
            if found:
                offenders.append(f"{page.name} : {what} « {found.group(0)} »")
    assert not offenders, "\n".join(offenders[:30])
    for what in ("a SHA-256 digest", "a version number", "a snake_case name"):
        assert DEVELOPER[what].search(technical), what


# --------------------------------------------------------------------------- the year's PDF


@pytest.mark.browser
def test_the_year_prints_as_one_pdf_with_its_contents_and_page_numbers(years, tmp_path):
    """Printed where the indexes link it, with its contents and numbered pages; linked from
    the year's index and the root index (pages, size) while the pages are those printed."""
    browser.require_browser()
    base = tmp_path / "site"
    shutil.copytree(years, base, symlinks=True)
    reports = base / "reports"
    result = pipeline("pdf", "--year", NEXT, "--reports-dir", reports)
    assert result.returncode == 0, result.stdout + result.stderr
    output = reports / f"etats-des-lieux-{NEXT}.pdf"
    pages = browser.pdf_page_count(output)
    assert f"({pages} pages)" in result.stdout
    text = browser.pdf_text(output).split("\f")
    contents = re.findall(r"^(\S.*?)\s{2,}(\d+)$", text[0], re.MULTILINE)
    titles = [t for t, _ in contents]
    profiles = sorted((years / "reports" / str(NEXT) / "fiches").glob("*.html"))
    assert titles[:9] == [
        "L'année en bref",
        "Le financement des CRES",
        "Santé financière des chambres",
        "Les ressources humaines des CRES",
        "La représentation dans les instances des CRES",
        "Les observatoires régionaux de l'ESS",
        "Les missions de type consulaire des CRES",
        "Les relations des CRES avec les CPCA",
        "Activité du conseil national",
    ]
    assert len(titles) == 9 + len(profiles)
    for title, number in contents:
        start = text[int(number) - 1]
        assert start.lstrip().startswith(title), (title, number)  # its running title
        assert f"page {number} sur {pages}" in start
    assert not list((reports / str(NEXT)).glob(".livre*"))  # nothing left behind
    _check_pdf_links(base, pages, tmp_path)


def _check_pdf_links(base: Path, pages: int, tmp_path: Path) -> None:
    reports = base / "reports"
    name = f"etats-des-lieux-{NEXT}.pdf"
    weight = rf"\({pages}\u00a0pages, \d+(,\d)?\u202f[kM]o\)"
    index = (reports / str(NEXT) / "index.html").read_text(encoding="utf-8")
    assert re.search(
        rf'href="\.\./{name}" type="application/pdf">États des lieux {NEXT} en PDF</a> {weight}',
        index,
    )
    root = (reports / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'href="{name}" type="application/pdf">[^<]+</a> {weight}', root)
    assert f"etats-des-lieux-{YEAR}.pdf" not in root  # 2008 not printed: not linked
    # `pdf --all` prints only the years without one (here 2008: no Chromium, it says so)
    missing = pipeline(
        "pdf", "--all", "--reports-dir", reports, env={"CRES_CHROMIUM": str(tmp_path / "non")}
    )
    assert missing.returncode == 7 and f"PDF non produits ({YEAR})" in missing.stderr
    # a rebuild that changes nothing keeps the PDF and its links, byte for byte
    before = {
        p: p.read_bytes() for p in (reports / "index.html", reports / str(NEXT) / "index.html")
    }
    same = pipeline(*run_args(base, year=NEXT))
    assert same.returncode == 0, same.stdout + same.stderr
    assert (reports / name).is_file()
    assert {p: p.read_bytes() for p in before} == before
    # pages that no longer match the PDF: it is removed, and so are its links
    page = reports / str(NEXT) / "missions.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- autre -->", encoding="utf-8")
    changed = pipeline(*run_args(base, year=NEXT))
    assert changed.returncode == 0, changed.stdout + changed.stderr
    assert f"{name} retiré, il ne correspond plus aux pages" in changed.stdout
    assert not (reports / name).exists()
    for linked in before:
        assert name not in linked.read_text(encoding="utf-8")


def test_the_pdf_says_how_to_install_chromium_when_it_is_missing(years, tmp_path):
    output = tmp_path / "livre.pdf"
    args = ("pdf", "--year", NEXT, "--reports-dir", years / "reports", "--output", output)
    result = pipeline(*args, env={"CRES_CHROMIUM": str(tmp_path / "pas-de-chromium")})
    assert result.returncode == 7, result.stdout + result.stderr
    assert "Chromium est nécessaire pour produire le PDF" in result.stderr
    assert "apt-get install chromium" in result.stderr and "Traceback" not in result.stderr
    assert not output.exists()
    unpublished = pipeline("pdf", "--year", 2010, "--reports-dir", years / "reports")
    assert unpublished.returncode == 2 and "rien n'est publié pour 2010" in unpublished.stderr

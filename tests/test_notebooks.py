"""Report notebooks: committed clean, parameterised, thin, safe for a first year and for markup."""

from __future__ import annotations

import ast
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from support import browser
from support.data import ROOT
from support.health import check_health_page

from cres_reports.config import NOTEBOOKS_DIR, PROJECT_ROOT
from cres_reports.publishing import plan
from cres_reports.publishing.engine import render
from cres_reports.publishing.engine.kernels import WarmKernel
from cres_reports.publishing.site import assets, indexes, layout, pages
from cres_reports.store import processed
from cres_reports.validate import gate as validation
from cres_reports.validate.results import write_results

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_the_report_notebooks_exist():
    """Five pages of a year, and the dashboard across the years."""
    assert {p.stem for p in NOTEBOOKS} == {
        "financement",
        "sante_financiere",
        "ressources_humaines",
        "gouvernance",
        "observatoires",
        "missions",
        "relations_cpca",
        "conseil",
        "fiche_cres",
        "qualite",
        "tableau_de_bord",
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_committed_without_outputs_and_with_parameters(path):
    book = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in book["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    parameters = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(parameters) == 1
    source = "".join(parameters[0]["source"])
    assert "data_dir =" in source
    assert ("year =" in source) == (path.stem != pages.DASHBOARD[0])  # it reads every year
    if path.stem == "fiche_cres":
        assert "code_region =" in source
    # Thin: no function or class defined in a notebook, logic lives in the package.
    assert [name for c in code for name in defined("".join(c["source"]))] == []


def defined(source: str) -> list[str]:
    """What a code cell defines that belongs in the package: functions, classes, and lambdas
    bound to a name at the cell's top level (`f = lambda x: …`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.append(f"{type(node).__name__} {node.name}")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Lambda):
            found.append(f"lambda line {node.lineno}")
    return found


@pytest.mark.parametrize(
    "source, found",
    [
        ("d.say('{total}', **f)\nd.show(page.sources())", []),
        ("rows = sorted(t, key=lambda r: r[0])", []),  # a lambda as an argument stays
        ("def share(x):\n    return x / 2", ["FunctionDef share"]),
        ("if True:\n    async def fetch():\n        pass", ["AsyncFunctionDef fetch"]),
        ("class Page:\n    pass", ["ClassDef Page"]),
        ("share = lambda x: x / 2", ["lambda line 1"]),
        ("share: object = lambda x: x", ["lambda line 1"]),
    ],
)
def test_the_thinness_check_finds_definitions(source, found):
    assert defined(source) == found


def _render(jobs, year, out, build, results=None):
    """Execute and render some of a year's pages, outside the cache (one warm kernel).

    With the year's validation `results`, each page gets what the pipeline puts around it
    (its class, navigation, footer: `layout.page_layout`), as it is printed.
    """
    kernel = WarmKernel(PROJECT_ROOT)
    try:
        for job in jobs:
            executed = build / str(year) / job.page.replace(".html", ".ipynb")
            kernel.execute(NOTEBOOKS_DIR / f"{job.notebook}.ipynb", executed, job.parameters)
            if results is None:
                around = layout.PageLayout(job.title, pages.plotly_src(job.page, False))
            else:
                data_dir = Path(job.parameters["data_dir"])
                code = plan.components(job, data_dir, year)["code"]
                around = layout.page_layout(job, data_dir, year, results, False, code)
            render.to_html(executed, out / job.page, around)
    finally:
        kernel.shutdown()


def _prepare(data_dir, year):
    results, tables = validation.validate_year(data_dir, year)
    assert results.success
    write_results(data_dir, results)
    processed.write_year(data_dir, year, tables, results)
    return results


@pytest.mark.kernel
@pytest.mark.slow
def test_a_first_year_without_previous_one_builds(tmp_path):
    """2007 has no year before it: every comparison says so instead of failing."""
    shutil.copytree(ROOT / "data" / "raw" / "2007", tmp_path / "data" / "raw" / "2007")
    results = _prepare(tmp_path / "data", 2007)
    out = tmp_path / "out"
    _render(
        pages.jobs_for_year(tmp_path / "data", 2007, validated=True)[:5],
        2007,
        out,
        tmp_path / "build",
    )
    assert results.year == 2007
    text = (out / "financement.html").read_text()
    assert "ne sont pas disponibles : pas de comparaison" in text
    health = (out / "sante-financiere.html").read_text()
    assert "ne sont pas disponibles : pas de comparaison" in health


@pytest.mark.kernel
@pytest.mark.slow
def test_financial_health_of_the_first_and_last_demo_years_and_a_year_without_council(
    tmp_path,
):
    """2007 (no year before) and 2017 (after the reform): the financial-health page against
    the raw files. 2007 without its `conseil/` folder: the council's page says « non couvert »
    part by part, and the profiles leave the line out."""
    data = tmp_path / "data"
    for year in (2007, 2016, 2017):
        shutil.copytree(ROOT / "data" / "raw" / str(year), data / "raw" / str(year))
    shutil.rmtree(data / "raw" / "2007" / "conseil")
    for year in (2007, 2016, 2017):
        _prepare(data, year)
    reports = tmp_path / "reports"
    for year in (2007, 2017):
        jobs = pages.jobs_for_year(data, year, validated=True)
        chosen = [j for j in jobs if j.notebook in ("sante_financiere", "conseil")]
        if year == 2007:
            chosen.append(next(j for j in jobs if j.chamber == "53"))
        _render(chosen, year, reports / str(year), tmp_path / "build")
        check_health_page(reports, ROOT / "data" / "raw", year)
    council = (reports / "2007" / "conseil.html").read_text(encoding="utf-8")
    assert council.count("non couvert pour 2007") == 4
    assert "Réunions du réseau" not in (reports / "2007" / "fiches" / "53.html").read_text()
    assert "non couvert" not in (reports / "2017" / "conseil.html").read_text(encoding="utf-8")


HOSTILE = {
    "nom_cres": '<script>alert("nom")</script>CRES <b>Bretagne</b>',
    "poste": "<img src=x onerror=alert(1)>Chargé",
    "lender": "<iframe src=javascript:alert(2)>",
    "organisation": "<svg onload=alert(3)>Macif",
}


def _inject(raw_year):
    cres = raw_year / "cres.csv"
    text = cres.read_bytes().decode("cp1252")
    text = re.sub(r"(\n53;Bretagne;)[^;]*;", lambda m: m.group(1) + HOSTILE["nom_cres"] + ";", text)
    cres.write_bytes(text.encode("cp1252"))
    rh = raw_year / "rh.csv"
    lines = rh.read_bytes().decode("cp1252").split("\r\n")
    for i, line in enumerate(lines):
        cells = line.split(";")
        if cells[0] == "53":
            cells[1] = HOSTILE["poste"]
            if cells[3] == "mise_a_disposition":
                cells[5] = HOSTILE["lender"]
            lines[i] = ";".join(cells)
    rh.write_bytes("\r\n".join(lines).encode("cp1252"))
    from openpyxl import load_workbook

    book = load_workbook(raw_year / "gouvernance.xlsx")
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "53":
            row[header.index("organisation")].value = HOSTILE["organisation"]
    book.save(raw_year / "gouvernance.xlsx")


@pytest.mark.kernel
@pytest.mark.browser
def test_markup_in_text_fields_stays_text(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw" / "2008", data / "raw" / "2008")
    _inject(data / "raw" / "2008")
    _prepare(data, 2008)
    out = tmp_path / "reports" / "2008"
    assets.copy_plotly_js(tmp_path / "reports" / "assets")
    jobs = [
        j
        for j in pages.jobs_for_year(data, 2008, validated=True)
        if j.notebook != "fiche_cres" or j.parameters.get("code_region") == "53"
    ]
    _render(jobs, 2008, out, tmp_path / "build")
    written = sorted(out.rglob("*.html"))
    for page in written:
        source = page.read_text()
        for tag in ("<script>alert", "<img src=x", "<iframe", "<svg onload", "<b>Bretagne"):
            assert tag not in source, (page.name, tag)
    shown = (out / "fiches" / "53.html").read_text()
    assert "&lt;script&gt;alert" in shown and "&lt;img src=x" in shown
    assert "<title>&lt;script&gt;" in shown  # the page title too
    index = "".join(
        getattr(f, "html", f)
        for f in indexes.year_index_fragments(data, 2008, True, [(j.page, j.title) for j in jobs])
    )
    assert "<script>alert" not in index and "&lt;script&gt;alert" in index
    browser.require_browser()
    for page in written:
        dom = browser.dump_dom(page)
        assert '<img src="x"' not in dom and "<iframe" not in dom, page.name
        assert "<svg onload" not in dom and 'alert("nom")</script>' not in dom, page.name


# Free text typed by a chamber in its returned workbook (survey years).
SURVEY_HOSTILE = {
    ("activites", "action", "intitule"): "<script>alert('action')</script>Forum",
    ("activites", "projet", "intitule"): "<img src=x onerror=alert(4)>Projet",
    ("activites", "production", "intitule"): "<iframe src=javascript:alert(5)>Guide",
    ("observatoire", None, "partenaires"): "<svg onload=alert(6)>INSEE",
    ("missions", None, "financeurs"): "<b>Région</b>, <img src=x onerror=alert(7)>",
    ("relations_cpca", None, "actions_communes"): "<script>alert('cpca')</script>Mois",
}


def _inject_response(year_dir, code: str) -> None:
    """Type SURVEY_HOSTILE into chamber `code`'s workbook, at the cells the reader found."""
    from openpyxl import load_workbook

    from cres_reports.ingest import responses

    path = next(
        p
        for p in (year_dir / "reponses").iterdir()
        if p.suffix == ".xlsx" and responses.read_response(p, int(year_dir.name)).code == code
    )
    read = responses.read_response(path, int(year_dir.name))
    book = load_workbook(path)
    for (dataset, kind, column), value in SURVEY_HOSTILE.items():
        record = next(r for r in read.records[dataset] if kind is None or r["type"].text == kind)
        answer = record[column]
        book[answer.sheet][answer.cell].value = value
    book.save(path)
    cres = year_dir / "cres.csv"
    text = cres.read_text(encoding="utf-8-sig")
    text = re.sub(
        rf"(\n{code};[^;]*;)[^;]*;", lambda m: m.group(1) + HOSTILE["nom_cres"] + ";", text
    )
    cres.write_text(text, encoding="utf-8-sig")


@pytest.mark.kernel
@pytest.mark.browser
def test_markup_in_survey_answers_stays_text(tmp_path):
    """Actions, projects, productions, partners, funders and joint actions are shown as typed."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw" / "2009", data / "raw" / "2009")
    _inject_response(data / "raw" / "2009", "53")
    _prepare(data, 2009)
    out = tmp_path / "reports" / "2009"
    assets.copy_plotly_js(tmp_path / "reports" / "assets")
    wanted = {"gouvernance", "observatoires", "missions", "relations_cpca"}
    jobs = [
        j
        for j in pages.jobs_for_year(data, 2009, validated=True)
        if j.notebook in wanted or j.parameters.get("code_region") == "53"
    ]
    _render(jobs, 2009, out, tmp_path / "build")
    written = sorted(out.rglob("*.html"))
    assert len(written) == 5
    for page in written:
        source = page.read_text()
        for tag in ("<script>alert", "<img src=x", "<iframe", "<svg onload", "<b>"):
            assert tag not in source, (page.name, tag)
    expect = {
        "fiches/53.html": ["action", "projet", "production", "partenaires"],
        "observatoires.html": ["partenaires"],
        "missions.html": ["financeurs"],
        "relations-cpca.html": ["actions_communes"],
    }
    for name, fields in expect.items():
        source = (out / name).read_text()
        for wanted_field in fields:
            typed = next(v for k, v in SURVEY_HOSTILE.items() if wanted_field in k)
            if wanted_field == "financeurs":  # a list of names: each one as typed
                typed = typed.split(",")[0]
            assert html.escape(typed, quote=False) in source, (name, wanted_field)
    browser.require_browser()
    for page in written:
        dom = browser.dump_dom(page)
        assert '<img src="x"' not in dom and "<iframe" not in dom, page.name
        assert "<svg onload" not in dom and "alert('action')</script>" not in dom, page.name
        assert "<b>Région" not in dom, page.name


def _lengthen_activities(year_dir, code: str, per_kind: int) -> None:
    """Add `per_kind` long actions, projects and productions to chamber `code`'s workbook."""
    from openpyxl import load_workbook

    from cres_reports.ingest import questionnaire, responses

    path = next(
        p
        for p in (year_dir / "reponses").iterdir()
        if p.suffix == ".xlsx" and responses.read_response(p, int(year_dir.name)).code == code
    )
    read = responses.read_response(path, int(year_dir.name))
    cells = [a.cell for r in read.records["activites"] for a in r.values()]
    last = max(int("".join(c for c in cell if c.isdigit())) for cell in cells)
    labels = questionnaire.load().labels("type_activite")
    book = load_workbook(path)
    sheet = book[read.records["activites"][0]["type"].sheet]
    row = last + 1
    for kind in ("action", "projet", "production"):
        for n in range(per_kind):
            title = f"{labels[kind]} n° {n + 1} : " + "rencontres régionales de l'ESS " * 3
            sheet.cell(row, 1, labels[kind])
            sheet.cell(row, 2, title.strip())
            sheet.cell(row, 3, "Promotion de l'ESS")
            sheet.cell(row, 4, 2006 + n % 4 if kind == "production" else None)
            row += 1
    book.save(path)


@pytest.mark.kernel
@pytest.mark.browser
def test_a_profile_with_long_lists_still_prints_on_two_a4_pages(tmp_path):
    """Lists cut with "et N autres": the fullest profile of 2009 with 15 more of each."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw" / "2009", data / "raw" / "2009")
    _lengthen_activities(data / "raw" / "2009", "52", 15)
    results = _prepare(data, 2009)
    out = tmp_path / "reports" / "2009"
    assets.copy_plotly_js(tmp_path / "reports" / "assets")
    jobs = [
        j for j in pages.jobs_for_year(data, 2009, True) if j.parameters.get("code_region") == "52"
    ]
    _render(jobs, 2009, out, tmp_path / "build", results)  # as published: printed as a profile
    source = (out / "fiches" / "52.html").read_text()
    assert source.count('class="cres-more"') == 3  # actions, projects, productions
    assert re.search(r"et (1[6-9]|2[0-9]) autres", source)
    browser.require_browser()
    pdf = browser.print_pdf(out / "fiches" / "52.html", tmp_path / "52.pdf")
    assert 1 <= browser.pdf_page_count(pdf) <= 2

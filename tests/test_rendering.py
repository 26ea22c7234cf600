"""Rendering layer: real papermill kernels, real nbconvert, real headless Chromium (no mocks)."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import nbformat
import plotly.graph_objects as go
import pytest
from support import browser

from cres_reports.present import charts
from cres_reports.publishing.engine import execute, kernelspec, render
from cres_reports.publishing.engine.execute import NotebookError
from cres_reports.publishing.engine.render import ExternalResourceError
from cres_reports.publishing.site import assets

# xdist: one worker runs the module (the executed notebook and its rendered site: built once)
pytestmark = pytest.mark.xdist_group("rendering")

NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"
REPORT = NOTEBOOKS / "report.ipynb"
FAILING = NOTEBOOKS / "failing.ipynb"
INTERPRETER = NOTEBOOKS / "interpreter.ipynb"
PARAMETERS = {"title": "Rapport de contrôle", "n": 2, "region": "Occitanie"}
BANNER = "Données de démonstration"
FOOTER = '<p class="colophon">CRES — document généré automatiquement</p>'
SHARED_JS = "../assets/plotly.min.js"

# a URL the browser would fetch from the network, in an attribute
EXTERNAL_ATTR = re.compile(r"""\b(?:src|href|srcset|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
MAIN_SVG = re.compile(r"<svg[^>]*\bclass=\"main-svg\"")


def _strip_scripts(page: str) -> str:
    return re.sub(r"<script\b[^>]*>.*?</script>", "<script></script>", page, flags=re.S | re.I)


def _render(executed: Path, html: Path, plotly_js: str = SHARED_JS) -> str:
    render.to_html(
        executed,
        html,
        title="Rapport de contrôle — Occitanie",
        plotly_js=plotly_js,
        banner=BANNER,
        footer_html=FOOTER,
    )
    return html.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("executed") / "report.ipynb"
    start = time.perf_counter()
    execute.execute(REPORT, output, PARAMETERS)
    elapsed = time.perf_counter() - start
    print(f"\n[mesure] exécution de report.ipynb : {elapsed:.2f} s")
    return output


@pytest.fixture(scope="module")
def site(tmp_path_factory, executed) -> Path:
    """reports/html/report.html + reports/assets/plotly.min.js, as the pipeline lays them out."""
    root = tmp_path_factory.mktemp("site")
    assets.copy_plotly_js(root / "assets")
    _render(executed, root / "html" / "report.html")
    return root


@pytest.fixture
def needs_browser() -> None:
    browser.require_browser()


# --------------------------------------------------------------------------- execution


def test_parameters_are_injected(executed):
    nb = nbformat.read(executed, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert "title = " in injected[0].source  # papermill writes "contr\\xf4le": same str
    assert "n = 2" in injected[0].source and 'region = "Occitanie"' in injected[0].source
    outputs = json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False)
    assert "Rapport de contrôle — Occitanie" in outputs
    assert "Nombre de familles retenues : **2**" in outputs
    assert "Coopératives" in outputs and "Mutuelles" not in outputs  # n = 2 rows
    assert nb.metadata.papermill.parameters == PARAMETERS


def test_chart_is_an_html_fragment_without_plotlyjs(executed):
    nb = nbformat.read(executed, as_version=4)
    html_outputs = [
        o.data["text/html"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    ]
    charts_html = [h for h in html_outputs if "Plotly.newPlot" in h]
    assert len(charts_html) == 1
    fragment = charts_html[0]
    assert 'id="cres-fig-1-' in fragment
    assert len(fragment) < 50_000  # no plotly.js bundled in the output
    assert "application/vnd.plotly.v1+json" not in json.dumps(nb.cells[-1].outputs)
    assert '"separators":", "' in fragment
    assert '"displaylogo": false' in fragment
    assert not EXTERNAL_ATTR.search(fragment)


@pytest.mark.kernel
def test_kernel_is_this_interpreter_whatever_kernelspecs_exist(tmp_path, monkeypatch):
    # Stale kernelspecs that would break the run if they were used, on every search path.
    bogus = tmp_path / "jupyter"
    for name in ("python3", kernelspec.KERNEL_NAME):
        spec_dir = bogus / "kernels" / name
        spec_dir.mkdir(parents=True)
        spec = {"argv": ["/bin/false", "{connection_file}"], "language": "python"}
        (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(bogus))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(bogus))
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    workdir = tmp_path / "work"
    workdir.mkdir()

    output = tmp_path / "interpreter.ipynb"
    execute.execute(INTERPRETER, output, {}, cwd=workdir)

    printed = nbformat.read(output, as_version=4).cells[0].outputs[0].text.splitlines()
    assert printed[0] == sys.executable
    assert Path(printed[1]).resolve() == workdir.resolve()


@pytest.mark.kernel
def test_default_working_folder_is_the_notebooks(tmp_path):
    output = tmp_path / "interpreter.ipynb"
    execute.execute(INTERPRETER, output, {})
    printed = nbformat.read(output, as_version=4).cells[0].outputs[0].text.splitlines()
    assert Path(printed[1]).resolve() == NOTEBOOKS.resolve()


@pytest.mark.kernel
def test_parallel_threads_keep_their_own_working_folder(tmp_path):
    """The pipeline runs notebooks in threads: no process-wide chdir may leak between them."""
    from concurrent.futures import ThreadPoolExecutor

    before = Path.cwd()
    folders = [tmp_path / f"w{i}" for i in range(3)]
    for folder in folders:
        folder.mkdir()

    def run(folder: Path) -> str:
        output = folder / "interpreter.ipynb"
        execute.execute(INTERPRETER, output, {}, cwd=folder)
        return nbformat.read(output, as_version=4).cells[0].outputs[0].text.splitlines()[1]

    with ThreadPoolExecutor(max_workers=3) as pool:
        printed = list(pool.map(run, folders))
    assert [Path(p).resolve() for p in printed] == [f.resolve() for f in folders]
    assert Path.cwd() == before


def test_kernelspec_records_the_absolute_interpreter(tmp_path):
    path = kernelspec.write_kernelspec(tmp_path)
    spec = json.loads(path.read_text(encoding="utf-8"))
    assert path.parent.name == kernelspec.kernel_name() == "cres-reports-python"
    assert spec["argv"][0] == sys.executable and Path(spec["argv"][0]).is_absolute()
    assert spec["argv"][1:] == ["-m", "ipykernel_launcher", "-f", "{connection_file}"]


@pytest.mark.kernel
@pytest.mark.parametrize("parameters", [{}, {"valeur": 42}], ids=["sans-parametres", "injectes"])
def test_failing_cell_raises_notebook_error(tmp_path, parameters):
    output = tmp_path / "failing.ipynb"
    with pytest.raises(NotebookError) as caught:
        execute.execute(FAILING, output, parameters)
    error = caught.value
    # index in the SOURCE notebook, whether or not papermill injected a cell before it
    assert error.cell_index == 1
    assert error.error_name == "ValueError"
    assert error.error_value == f"valeur invalide : {parameters.get('valeur', 1)}"
    message = str(error)
    assert "failing.ipynb" in message
    assert "cellule n° 2" in message
    assert "ValueError" in message and "valeur invalide" in message
    # the executed notebook is kept, with the traceback, for the analyst
    assert output.is_file()
    assert "ValueError" in output.read_text(encoding="utf-8")
    third = nbformat.read(output, as_version=4).cells[-1]
    assert not third.get("outputs")  # execution stopped at the failing cell


# --------------------------------------------------------------------------- HTML


def test_html_has_no_code_prompts_or_network(site):
    page = (site / "html" / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="fr">' in page
    assert "<title>Rapport de contrôle — Occitanie</title>" in page
    # no code, no prompts
    assert "<pre" not in page
    assert "In [" not in page and "In&nbsp;[" not in page and "Out[" not in page
    for code in ("import pandas", "charts.show", "df.to_html", "title = ", "jp-InputArea-editor"):
        assert code not in page
    # no network: no external src/href at all, no CDN loader left behind
    assert not EXTERNAL_ATTR.search(page)
    assert render.external_urls(page, links=True) == []
    for loader in ("require.js", "requirejs", "mathjax", "mermaid", "cdnjs", "unpkg", "jsdelivr"):
        assert loader not in page.lower()
    assert "@font-face" not in page and "url(" not in _strip_scripts(page)
    # content
    assert f'<div class="cres-banner" role="note">{BANNER}</div>' in page
    assert page.index("cres-banner") < page.index("État des lieux de démonstration")
    assert FOOTER in page
    assert page.index(FOOTER) > page.index("plotly-graph-div")
    assert '<script charset="utf-8" src="../assets/plotly.min.js"></script>' in page
    assert "<table" in page and "12\u202f034" in page
    assert 'class="plotly-graph-div"' in page
    assert "@media print" in page and "size: A4" in page


def test_same_input_same_bytes(site, executed, tmp_path):
    first = (site / "html" / "report.html").read_bytes()
    assert _render(executed, tmp_path / "again.html").encode("utf-8") == first
    # a second EXECUTION too: random ids (papermill's injected cell, plotly divs) are gone
    executed_again = tmp_path / "report-again.ipynb"
    execute.execute(REPORT, executed_again, PARAMETERS)
    assert _render(executed_again, tmp_path / "rerun.html").encode("utf-8") == first


def test_inline_plotly_is_self_contained(executed, tmp_path):
    page = _render(executed, tmp_path / "seul.html", plotly_js="inline")
    shared = _render(executed, tmp_path / "partage.html")
    inline_size = (tmp_path / "seul.html").stat().st_size
    shared_size = (tmp_path / "partage.html").stat().st_size
    print(f"\n[mesure] HTML avec plotly.js partagé : {shared_size / 1024:.1f} Kio")
    print(f"[mesure] HTML avec plotly.js en ligne : {inline_size / 1024 / 1024:.2f} Mio")
    assert inline_size > 4_000_000 > 100_000 > shared_size
    assert "plotly.min.js" not in page
    outside_scripts = _strip_scripts(page)
    assert not EXTERNAL_ATTR.search(outside_scripts)
    assert render.external_urls(page, links=True) == []
    assert page.count("<script") == shared.count("<script")


def test_copy_plotly_js_once(tmp_path):
    target = assets.copy_plotly_js(tmp_path / "assets")
    source = Path(assets.plotly_js_source())
    assert target.read_bytes() == source.read_bytes()
    stamp = target.stat().st_mtime_ns
    time.sleep(0.01)
    assert assets.copy_plotly_js(tmp_path / "assets") == target
    assert target.stat().st_mtime_ns == stamp  # identical: not copied again
    target.write_text("ancienne version", encoding="utf-8")
    assets.copy_plotly_js(tmp_path / "assets")
    assert target.read_bytes() == source.read_bytes()


def test_external_resources_are_refused(tmp_path, executed):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("![logo](https://example.org/logo.png)"),
            nbformat.v4.new_markdown_cell("[source](https://www.insee.fr)"),
        ]
    )
    path = tmp_path / "distant.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(ExternalResourceError, match="example.org"):
        render.to_html(path, tmp_path / "x.html", title="x", plotly_js="inline")
    assert not (tmp_path / "x.html").exists()
    with pytest.raises(ExternalResourceError):
        render.to_html(
            executed, tmp_path / "y.html", title="y", plotly_js="https://cdn.plot.ly/p.js"
        )


def test_tag_remove_cell_and_output(tmp_path):
    hidden = nbformat.v4.new_code_cell(
        "x = 1", outputs=[nbformat.v4.new_output("stream", text="secret")]
    )
    hidden.metadata["tags"] = ["remove-cell"]
    nb = nbformat.v4.new_notebook(cells=[hidden, nbformat.v4.new_markdown_cell("Visible")])
    path = tmp_path / "tags.ipynb"
    nbformat.write(nb, path)
    page = render.render_html(path, title="t", plotly_js=SHARED_JS)
    assert "Visible" in page and "secret" not in page


def test_chart_helpers():
    fig = charts.style(go.Figure(go.Bar(x=["a", "b"], y=[1234.5, 20000])))
    assert fig.layout.separators == ", "
    assert fig.layout.title.text is None  # the title is HTML above the chart, never cut
    assert fig.layout.legend.traceorder == "normal"
    assert fig.layout.template.layout.paper_bgcolor == "white"
    assert "sans-serif" in fig.layout.font.family
    first, second = charts.to_fragment(fig), charts.to_fragment(fig)
    ids = [re.search(r'id="(cres-fig-\d+-[0-9a-f]{10})"', f).group(1) for f in (first, second)]
    assert ids[0] != ids[1]  # same figure shown twice: two distinct divs
    assert ids[0].rsplit("-", 1)[1] == ids[1].rsplit("-", 1)[1]  # same content hash
    assert charts.to_fragment(fig, div_id="fixe") == charts.to_fragment(fig, div_id="fixe")
    assert "<script src" not in first and "cdn.plot.ly" not in first
    assert '"displayModeBar": false' in first  # no toolbar over the chart
    shown = charts.figure(fig, "Titre <b>")
    assert '<figcaption class="cres-chart-title">Titre &lt;b&gt;</figcaption>' in shown.html


# --------------------------------------------------------------------------- browser


def test_browser_draws_chart_from_shared_plotly_offline(needs_browser, site, tmp_path):
    net_log = tmp_path / "net.json"
    dom = browser.dump_dom(site / "html" / "report.html", net_log=net_log)
    assert len(MAIN_SVG.findall(dom)) >= 1
    assert "Effectifs par famille (Occitanie)" in dom
    assert "123 456" in dom or "123 457" in dom  # French number format in the chart
    assert 'class="cres-text">Associations' in dom  # the table script ran
    assert browser.page_requests(net_log) == []


def test_browser_draws_chart_from_inline_plotly(needs_browser, executed, tmp_path):
    alone = tmp_path / "envoi" / "rapport.html"  # no assets folder anywhere near
    _render(executed, alone, plotly_js="inline")
    dom = browser.dump_dom(alone)
    assert len(MAIN_SVG.findall(dom)) >= 1


def test_browser_controls(needs_browser, executed, tmp_path):
    # without plotly.js the chart is NOT drawn: the svg check above means something
    broken = tmp_path / "html" / "report.html"
    _render(executed, broken)
    assert not MAIN_SVG.search(browser.dump_dom(broken))
    # a page that does reach for the network is seen, and gets nothing
    leaky = tmp_path / "leaky.html"
    leaky.write_text(
        '<!DOCTYPE html><html><body><img src="https://example.org/x.png"></body></html>',
        encoding="utf-8",
    )
    net_log = tmp_path / "leaky.json"
    browser.dump_dom(leaky, net_log=net_log)
    assert browser.page_requests(net_log) == ["https://example.org/x.png"]
    log = net_log.read_text(encoding="utf-8")
    errors = json.loads(log)["constants"]["netError"]
    assert str(errors["ERR_PROXY_CONNECTION_FAILED"]) in re.findall(r'"net_error":(-?\d+)', log)


def test_browser_screenshot(needs_browser, site, tmp_path):
    png = browser.screenshot(site / "html" / "report.html", tmp_path / "page.png", 1000, 1400)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 1400)

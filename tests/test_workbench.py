"""The analyst's workbench: notebooks run as they are, from notebooks/, in nbclient and JupyterLab.

The parameters' defaults must work from the kernel's folder (notebooks/), chamber codes are
understood however they are typed, and a parameter that cannot work stops the notebook at its
first cell with one French sentence. The data folder of these tests is a temporary build
(`CRES_DATA_DIR`), never the checkout's.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest

from cres_reports import config
from cres_reports.present.dashboard import DashboardPage
from cres_reports.publishing.engine.kernelspec import KERNEL_NAME, write_kernelspec
from cres_reports.store import parameters
from cres_reports.store.parameters import ParameterError
from cres_reports.store.yeardata import load_year

# xdist: one worker runs the module (`bench`, a copy of the site with 2009 processed: built once)
pytestmark = pytest.mark.xdist_group("workbench")

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))
# the year pages (the dashboard has no year: it reads every processed year)
YEAR_NOTEBOOKS = [p for p in NOTEBOOKS if "year = 2008" in p.read_text(encoding="utf-8")]


# --------------------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    "given, code", [("53", "53"), (53, "53"), ("1", "01"), (1, "01"), (" 01 ", "01")]
)
def test_a_chamber_code_is_understood_however_typed(given, code):
    assert parameters.chamber_code(given, ["01", "53"]) == code


@pytest.mark.parametrize("given", ["Bretagne", "530", -1, "5.3", ""])
def test_a_value_that_is_not_a_code_is_refused_in_french(given):
    with pytest.raises(ParameterError, match="n'est pas un code de région"):
        parameters.chamber_code(given)


def test_an_unknown_chamber_lists_the_year_codes():
    with pytest.raises(ParameterError) as refused:
        parameters.chamber_code(99, ["01", "53"])
    assert (
        str(refused.value) == "pas de chambre de code 99 cette année-là ; codes possibles : 01, 53"
    )


def test_a_data_folder_without_a_processed_year_stops_the_dashboard_in_one_sentence(mini_dir):
    with pytest.raises(ParameterError) as refused:
        DashboardPage.load(mini_dir)  # a raw year, none processed
    assert str(refused.value) == (
        "aucune année n'a encore été traitée : lancez d'abord "
        f"« pipeline.py run --all --data-dir {mini_dir} »"
    )


def test_a_year_not_processed_says_which_command_to_run(mini_dir):
    with pytest.raises(ParameterError) as refused:
        load_year(mini_dir, 2008)
    assert str(refused.value).startswith(
        "2008 n'a pas encore été traité : lancez d'abord "
        f"« pipeline.py run --year 2008 --data-dir {mini_dir} »"
    )
    with pytest.raises(ParameterError, match="pas de données dans"):
        load_year(mini_dir, 2010)


def test_the_parameter_error_shows_one_sentence_in_jupyter():
    error = ParameterError("2010 n'a pas encore été traité")
    assert error._render_traceback_() == ["ParameterError: 2010 n'a pas encore été traité"]


def test_the_default_data_folder_is_the_project_one_not_the_kernel_cwd(monkeypatch):
    assert parameters.data_folder(None) == config.DATA_DIR
    assert config.DATA_DIR.is_absolute()
    assert parameters.data_folder("/x/data") == Path("/x/data")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_name_the_project_kernel_and_default_to_the_project_data(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    # The kernel `make lab` installs, as JupyterLab writes it into a notebook it saves: equal,
    # a plain save changes nothing.
    installed = json.loads(write_kernelspec(tmp_path).read_text(encoding="utf-8"))
    assert dict(nb.metadata.kernelspec) == {
        "name": KERNEL_NAME,
        "display_name": installed["display_name"],
        "language": installed["language"],
    }
    first = nb.cells[0]
    assert "parameters" in first.metadata.get("tags", [])
    assert "data_dir = None" in first.source


# --------------------------------------------------------------------------- real kernels


@pytest.fixture(scope="module")
def bench(tmp_path_factory, request):
    """A built 2008 and a processed 2009 (the site build), and a kernelspec folder.

    Kernels see this data through CRES_DATA_DIR, and find the project's kernel by the name in
    the notebooks' metadata through JUPYTER_PATH, as JupyterLab does in `.venv`.
    """
    site = request.getfixturevalue("site")
    base = tmp_path_factory.mktemp("bench")
    shutil.copytree(site / "data", base / "data")
    from cres_reports import run

    assert run.check(base / "data", 2009, write_tables=True).success
    write_kernelspec(base / "jupyter" / "kernels")
    return base


@pytest.fixture
def analyst_env(bench, monkeypatch):
    monkeypatch.setenv("CRES_DATA_DIR", str(bench / "data"))
    monkeypatch.setenv("JUPYTER_PATH", str(bench / "jupyter"))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    return bench


def _run_as_is(path: Path, edit: dict[str, str] | None = None):
    """Execute a notebook as an analyst does: its own kernelspec, from notebooks/."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    for old, new in (edit or {}).items():
        assert old in nb.cells[0].source
        nb.cells[0].source = nb.cells[0].source.replace(old, new)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name=nb.metadata.kernelspec.name,
        resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}},
        shutdown_kernel="immediate",
    )
    client.execute()
    return nb


def _text(nb) -> str:
    return "\n".join(
        str(out.get("data", {}).get("text/html", "")) + str(out.get("text", ""))
        for cell in nb.cells
        for out in cell.get("outputs", [])
    )


@pytest.mark.kernel
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_runs_as_it_is_from_its_folder(analyst_env, path):
    nb = _run_as_is(path)
    assert "2008" in _text(nb)


@pytest.mark.kernel
@pytest.mark.parametrize("path", YEAR_NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_runs_with_only_the_year_changed(analyst_env, path):
    nb = _run_as_is(path, {"year = 2008": "year = 2009"})
    assert "2009" in _text(nb)


@pytest.mark.kernel
@pytest.mark.parametrize("code, name", [("53", "Bretagne"), ("1", "Guadeloupe")])
def test_the_profile_takes_a_code_as_an_int(analyst_env, code, name):
    nb = _run_as_is(
        config.NOTEBOOKS_DIR / "fiche_cres.ipynb", {'code_region = "53"': code_region(code)}
    )
    assert name in _text(nb)


def code_region(code: str) -> str:
    return f"code_region = {int(code)}"


@pytest.mark.kernel
def test_a_year_not_processed_stops_at_the_first_cell_in_one_sentence(analyst_env):
    from nbclient.exceptions import CellExecutionError

    with pytest.raises(CellExecutionError) as stopped:
        _run_as_is(config.NOTEBOOKS_DIR / "financement.ipynb", {"year = 2008": "year = 2007"})
    said = str(stopped.value)
    assert "2007 n'a pas encore été traité : lancez d'abord « pipeline.py run --year 2007" in said
    assert "Traceback" not in said.split("ParameterError")[-1]


@pytest.mark.kernel
def test_the_dashboard_without_a_processed_year_stops_at_its_first_cell(
    mini_dir, tmp_path, monkeypatch
):
    """Not an empty dashboard (« Années disponibles : . »): one sentence, what to do."""
    from nbclient.exceptions import CellExecutionError

    write_kernelspec(tmp_path / "jupyter" / "kernels")
    monkeypatch.setenv("CRES_DATA_DIR", str(mini_dir))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    with pytest.raises(CellExecutionError) as stopped:
        _run_as_is(config.NOTEBOOKS_DIR / "tableau_de_bord.ipynb")
    said = str(stopped.value)
    assert "aucune année n'a encore été traitée : lancez d'abord « pipeline.py run --all »" in said
    assert "Traceback" not in said.split("ParameterError")[-1]
    assert "DashboardPage.load(data_dir)" in said  # the cell after the parameters


# --------------------------------------------------------------------------- a Jupyter server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(url: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST" if body else "GET")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


async def _execute_cells(ws_url: str, cells: list[str]) -> tuple[list[dict], str]:
    """Send each cell's code over the kernel's websocket; every execute_reply, and stdout."""
    from tornado.websocket import websocket_connect

    connection = await websocket_connect(ws_url)
    session, replies, printed = uuid.uuid4().hex, [], []
    try:
        for code in cells:
            msg_id = uuid.uuid4().hex
            message = {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "session": session,
                    "username": "analyste",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": {"code": code, "silent": False, "store_history": True},
                "channel": "shell",
                "buffers": [],
            }
            await connection.write_message(json.dumps(message))
            # The reply (shell) may come before the output (iopub): the cell is done when
            # both its reply and its "idle" status are in.
            replied = idle = False
            while not (replied and idle):
                raw = await asyncio.wait_for(connection.read_message(), timeout=120)
                reply = json.loads(raw)
                mine = reply["parent_header"].get("msg_id") == msg_id
                if reply.get("msg_type") == "stream" and reply["content"]["name"] == "stdout":
                    printed.append(reply["content"]["text"])
                if reply.get("channel") == "shell" and mine:
                    replies.append(reply["content"])
                    replied = True
                if (
                    reply.get("channel") == "iopub"
                    and mine
                    and reply.get("msg_type") == "status"
                    and reply["content"].get("execution_state") == "idle"
                ):
                    idle = True
    finally:
        connection.close()
    return replies, "".join(printed)


@pytest.mark.kernel
@pytest.mark.slow
def test_jupyterlab_runs_a_notebook_through_a_real_server(analyst_env, tmp_path):
    """`make lab`'s server on 127.0.0.1: a session on a notebook, every cell run through it."""
    lab = Path(sys.executable).parent / "jupyter-lab"
    if not lab.exists():
        pytest.fail("JupyterLab is not installed in the venv (it is pinned in the lock)")
    port, token, log = _free_port(), uuid.uuid4().hex, tmp_path / "server.log"
    # The analyst's own JupyterLab may have left notebooks/.ipynb_checkpoints/ (ignored by
    # git): the server of this test must leave the folder as it found it, whatever it holds.
    before = _folder(config.NOTEBOOKS_DIR)
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
    }
    server = subprocess.Popen(
        [
            str(lab),
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={config.NOTEBOOKS_DIR}",
            *(["--allow-root"] if os.geteuid() == 0 else []),  # CI runs as root
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _request(f"{base}/api/status?token={token}")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the Jupyter server did not start: {log.read_text()}")
                time.sleep(0.5)
        specs = _request(f"{base}/api/kernelspecs?token={token}")
        assert KERNEL_NAME in specs["kernelspecs"]
        session = _request(
            f"{base}/api/sessions?token={token}",
            {
                "path": "ressources_humaines.ipynb",
                "type": "notebook",
                "kernel": {"name": KERNEL_NAME},
            },
        )
        kernel = session["kernel"]["id"]
        nb = nbformat.read(config.NOTEBOOKS_DIR / "ressources_humaines.ipynb", as_version=4)
        cells = [c.source for c in nb.cells if c.cell_type == "code"]
        cells.append("import os, sys; print(os.getcwd(), sys.executable)")
        ws = f"ws://127.0.0.1:{port}/api/kernels/{kernel}/channels?token={token}"
        replies, printed = asyncio.run(_execute_cells(ws, cells))
        failed = [r for r in replies if r["status"] != "ok"]
        assert not failed, failed
        assert len(replies) == len(cells)
        cwd, executable = printed.strip().splitlines()[-1].split()
        assert Path(cwd) == config.NOTEBOOKS_DIR  # where JupyterLab starts the kernel
        assert executable == sys.executable  # the project's interpreter, never another
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    assert _folder(config.NOTEBOOKS_DIR) == before  # no checkpoint or notebook written


def _folder(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder`, hidden ones included, with its size and mtime."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_the_guard_sees_what_a_test_writes_into_the_analyst_folders(tmp_path):
    from support.guard import changes, snapshot

    (tmp_path / "reports" / "2008").mkdir(parents=True)
    (tmp_path / "reports" / "2008" / "index.html").write_text("avant")
    before = snapshot(tmp_path)
    assert changes(before, snapshot(tmp_path)) == []
    (tmp_path / "reports" / "2008" / "index.html").write_text("après, plus long")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "cache.html").write_text("x")
    assert changes(before, snapshot(tmp_path)) == [
        "created: build",
        "created: build/cache.html",
        "modified: reports/2008/index.html",
    ]

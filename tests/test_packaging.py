"""Packaged like a tool: the `cres` command, a project folder apart from the code, the locks."""

from __future__ import annotations

import json
import os
import re
import runpy
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from support.data import ROOT, YEAR, write_mini

from cres_reports import cli, config

LOCKS = {
    "runtime": ROOT / "requirements.lock",
    "dev": ROOT / "requirements-dev.lock",
    "lab": ROOT / "requirements-lab.lock",
}
# What a project folder holds besides data/raw/ (README, "Packaging").
PROJECT_PARTS = ("notebooks", "expectations", "questionnaire", "data/reference")


def _cres(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python pipeline.py ARGS` from `cwd`, as an analyst runs it from another folder."""
    return subprocess.run(
        [sys.executable, str(ROOT / "pipeline.py"), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
        env={**{k: v for k, v in os.environ.items() if k != config.PROJECT_ENV}, **(env or {})},
    )


def _project(folder: Path) -> Path:
    """A project folder: a copy of the checkout's notebooks, suites, questionnaire, reference."""
    for part in PROJECT_PARTS:
        shutil.copytree(ROOT / part, folder / part)
    return folder


# ---- the `cres` command ------------------------------------------------------------------


def test_cres_is_installed_and_is_the_entry_of_pipeline_py():
    (script,) = metadata.entry_points(group="console_scripts", name="cres")
    assert script.load() is cli.console
    assert runpy.run_path(str(ROOT / "pipeline.py"))["console"] is cli.console


def test_cres_help_runs_in_the_venv(tmp_path):
    cres = Path(sys.executable).parent / "cres"
    assert cres.exists(), "run `make` to install the `cres` command"
    done = subprocess.run([cres, "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: cres ")
    assert "--project-dir DOSSIER" in done.stdout


# ---- the project folder -------------------------------------------------------------------


@pytest.fixture
def rooted(monkeypatch):
    """`config.use_project_dir`, undone afterwards (the environment variable too: it sets
    $CRES_PROJECT_DIR itself, which monkeypatch does not know about, and a variable left
    behind would root every later test's runs in this test's folder)."""
    saved = os.environ.get(config.PROJECT_ENV)
    monkeypatch.delenv(config.PROJECT_ENV, raising=False)
    monkeypatch.delenv("CRES_DATA_DIR", raising=False)
    monkeypatch.delenv("CRES_NOTEBOOKS_DIR", raising=False)
    yield config.use_project_dir
    monkeypatch.undo()
    os.environ.pop(config.PROJECT_ENV, None)
    if saved is not None:
        os.environ[config.PROJECT_ENV] = saved
    config.use_project_dir()


def test_every_folder_is_rooted_at_the_project_dir(rooted, tmp_path):
    assert rooted() == config.SOURCE_ROOT == ROOT  # by default, the source tree, as before
    assert rooted(tmp_path) == tmp_path.resolve()
    assert os.environ[config.PROJECT_ENV] == str(tmp_path.resolve())  # for kernels too
    for folder, name in (
        (config.DATA_DIR, "data"),
        (config.REPORTS_DIR, "reports"),
        (config.BUILD_DIR, "build"),
        (config.NOTEBOOKS_DIR, "notebooks"),
        (config.EXPECTATIONS_DIR, "expectations"),
        (config.QUESTIONNAIRE_DIR, "questionnaire"),
        (config.SURVEY_OUT_DIR, "build/enquetes"),
        (config.REFERENCE_REGIONS, "data/reference/regions.csv"),
    ):
        assert folder == tmp_path.resolve() / name
    assert config.LOCK_FILE == ROOT / "requirements.lock"  # the code's, not the project's
    assert len(config.missing_project_folders()) == 4
    _project(tmp_path)
    assert config.missing_project_folders() == []


def test_a_folder_without_the_project_is_refused_in_french(tmp_path):
    done = _cres("--project-dir", tmp_path, "validate", "--year", YEAR, cwd=tmp_path)
    assert done.returncode == 2
    assert "il manque" in done.stderr and str(tmp_path / "expectations") in done.stderr
    assert "--project-dir" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_project_dir_that_is_not_a_folder_is_a_usage_error(tmp_path):
    done = _cres("--project-dir", tmp_path / "nowhere", "validate", "--all", cwd=tmp_path)
    assert done.returncode == 2
    assert "n'est pas un dossier" in done.stderr


def test_the_data_folder_follows_the_project_dir(tmp_path):
    project = _project(tmp_path / "projet")
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    done = _cres("--project-dir", project, "validate", "--year", 2009, cwd=elsewhere)
    assert done.returncode == 2
    assert str(project / "data" / "raw" / "2009") in done.stderr
    # the environment variable does the same
    done = _cres("validate", "--year", 2009, cwd=elsewhere, env={config.PROJECT_ENV: str(project)})
    assert str(project / "data" / "raw" / "2009") in done.stderr


@pytest.mark.slow
def test_validate_reads_the_project_dir_from_another_folder(tmp_path):
    project = _project(tmp_path / "projet")
    write_mini(project / "data")
    suite = project / "expectations" / "finances.json"
    rules = json.loads(suite.read_text(encoding="utf-8"))
    rules["expectations"].pop()
    suite.write_text(json.dumps(rules, ensure_ascii=False, indent=2), encoding="utf-8")
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    done = _cres("--project-dir", project, "validate", "--year", YEAR, cwd=elsewhere)
    assert done.returncode == 0, done.stdout + done.stderr
    kept = json.loads((project / "data/processed/validation" / f"{YEAR}.json").read_text())
    assert kept["success"] is True
    reference = _cres("--project-dir", project, "validate", "--year", YEAR, "--force", cwd=ROOT)
    counted = [re.search(r"\((\d+) règles", out.stdout) for out in (done, reference)]
    assert all(counted) and counted[0][1] == counted[1][1]  # type: ignore[index]
    shutil.copy(ROOT / "expectations" / "finances.json", suite)  # the checkout's suite: one more
    full = _cres("--project-dir", project, "validate", "--year", YEAR, cwd=elsewhere)
    assert int(re.search(r"\((\d+) règles", full.stdout)[1]) == int(counted[0][1]) + 1  # type: ignore[index]


# ---- the locks ----------------------------------------------------------------------------


def _pins(lock: Path) -> dict[str, str]:
    """name → version of every pin of a lock, each of which must carry its hashes."""
    text = lock.read_text(encoding="utf-8")
    pins = {}
    for entry in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1] if text[0] == "#" else text):
        line = entry.split("\n", 1)[0]
        if not line.strip() or line.startswith("#"):
            continue
        found = re.match(r"([A-Za-z0-9._-]+)==([^ ;\\]+)", line)
        assert found, f"{lock.name}: not a pin: {line}"
        assert "--hash=sha256:" in entry, f"{lock.name}: {line} has no hash"
        pins[re.sub(r"[-_.]+", "-", found[1]).lower()] = found[2]
    return pins


def _name(requirement: str) -> tuple[str, str]:
    name, version = requirement.split("==")
    return re.sub(r"[-_.]+", "-", name).lower(), version


def test_the_locks_pin_with_hashes_and_agree():
    pins = {layer: _pins(lock) for layer, lock in LOCKS.items()}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        name, version = _name(requirement)
        assert pins["runtime"][name] == version
    for layer in ("dev", "lab"):
        for requirement in project["optional-dependencies"][layer]:
            name, version = _name(requirement)
            assert pins[layer][name] == version
            assert name not in pins["runtime"], f"{name} ({layer}) in the runtime lock"
        for name, version in pins[layer].items():  # one version of each package, everywhere
            assert pins["runtime"].get(name, version) == version
    for tool in ("pytest", "jupyterlab", "ruff", "mypy", "pre-commit", "uv"):
        assert tool not in pins["runtime"]


# ---- pre-commit ---------------------------------------------------------------------------


def test_the_hook_strips_outputs_and_leaves_clean_notebooks_as_they_are(tmp_path):
    from tools import strip_outputs

    shipped = sorted((ROOT / "notebooks").glob("*.ipynb"))
    copies = []
    for path in shipped:
        shutil.copy(path, tmp_path / path.name)
        copies.append(str(tmp_path / path.name))
    assert strip_outputs.main(copies) == 0  # committed without outputs: untouched
    assert all((tmp_path / p.name).read_bytes() == p.read_bytes() for p in shipped)
    run = tmp_path / shipped[0].name
    book = json.loads(run.read_text(encoding="utf-8"))
    code = next(c for c in book["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["2008\n"]}]
    code["execution_count"] = 3
    run.write_text(json.dumps(book, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert strip_outputs.main([str(run)]) == 1
    assert run.read_bytes() == shipped[0].read_bytes()


def test_pre_commit_runs_the_venvs_pinned_tools_and_fetches_nothing():
    config_text = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert re.findall(r"^\s*- repo: (\S+)", config_text, re.M) == ["local"]
    hooks = re.findall(r"^\s*- id: (\S+)", config_text, re.M)
    assert hooks == ["ruff-check", "ruff-format", "strip-outputs", "mypy"]
    for tool in re.findall(r"entry: (\S+)", config_text):
        assert tool.startswith(".venv/bin/")

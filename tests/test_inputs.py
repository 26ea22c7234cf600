"""A page's declared inputs are all its notebook can read when the pipeline runs it, so that
its cache key is never incomplete; in JupyterLab the same notebook reads every table."""

from __future__ import annotations

import json
import shutil

import pytest
from support.data import YEAR
from support.pipeline import pipeline, run_args, tree

from cres_reports import config
from cres_reports.store import yeardata
from cres_reports.store.processed import write_year
from cres_reports.validate import gate


@pytest.fixture
def processed(mini_dir):
    results, tables = gate.validate_year(mini_dir, YEAR)
    write_year(mini_dir, YEAR, tables, results)
    yield mini_dir
    yeardata.declare(None, None)


def test_without_a_declaration_every_table_is_read(processed):
    yeardata.declare(None, None)
    data = yeardata.load_year(processed, YEAR)
    assert all(len(getattr(data, d)) > 0 for d in config.REQUIRED_DATASETS)
    assert data.missions is None  # a year the survey did not cover
    assert sorted(data.cres["code_region"]) == ["52", "53"]
    assert yeardata.load_previous(processed, YEAR) is None


def test_an_undeclared_table_is_refused_naming_notebook_and_table(processed):
    yeardata.declare("gouvernance", [("cres", YEAR, None), ("gouvernance", YEAR, None)])
    data = yeardata.load_year(processed, YEAR)
    assert len(data.gouvernance) == 9
    with pytest.raises(yeardata.UndeclaredInput, match="« gouvernance » lit la table rh"):
        data.rh  # noqa: B018
    with pytest.raises(yeardata.UndeclaredInput, match=f"l'année {YEAR - 1}"):
        yeardata.load_previous(processed, YEAR)


def test_a_page_declared_for_one_chamber_sees_only_its_rows(processed):
    yeardata.declare("fiche_cres", [(d, YEAR, "53") for d in config.DATASETS])
    data = yeardata.load_year(processed, YEAR)
    assert set(data.rh["code_region"]) == {"53"} and len(data.rh) == 2
    assert data.chamber(53) == "53"


def test_a_history_declared_for_several_chambers_sees_only_theirs(processed):
    """A merged chamber's history reads its predecessors' rows, and nobody else's."""
    yeardata.declare("fiche_cres", [("rh", YEAR, "53"), ("rh", YEAR, "99"), ("cres", YEAR, "99")])
    data = yeardata.load_year(processed, YEAR)
    assert set(data.rh["code_region"]) == {"53"}
    assert data.cres.empty
    with pytest.raises(yeardata.UndeclaredInput, match="lit la table finances"):
        data.finances  # noqa: B018


def _with_notebook_line(base, notebook: str, line: str) -> dict:
    """A copy of the notebooks where `notebook` gets one more code cell; the env to use it."""
    folder = base / "notebooks"
    shutil.copytree(config.NOTEBOOKS_DIR, folder)
    path = folder / f"{notebook}.ipynb"
    book = json.loads(path.read_text(encoding="utf-8"))
    cell = {"cell_type": "code", "execution_count": None, "id": "extra", "metadata": {}}
    book["cells"].append({**cell, "outputs": [], "source": line})
    path.write_text(json.dumps(book), encoding="utf-8")
    return {"CRES_NOTEBOOKS_DIR": str(folder)}


@pytest.mark.build
@pytest.mark.kernel
def test_a_notebook_reading_an_undeclared_table_fails_the_build_clearly(site_copy):
    """gouvernance edited to read rh: the build stops (exit 4) naming both, nothing published.

    Were it published, a later change of rh would not rebuild it: a stale page.
    """
    env = _with_notebook_line(site_copy, "gouvernance", "d.say(str(len(page.data.rh)))")
    published = tree(site_copy / "reports")
    result = pipeline(*run_args(site_copy), env=env)
    assert result.returncode == 4, result.stdout + result.stderr
    assert "gouvernance" in result.stderr and "lit la table rh de 2008" in result.stderr
    assert "métadonnées « cres » : « reads »" in result.stderr
    assert tree(site_copy / "reports") == published


@pytest.mark.build
@pytest.mark.kernel
def test_force_executes_every_notebook_and_validates_again(site_copy):
    result = pipeline(*run_args(site_copy, "--force"), env={"PYTHONUNBUFFERED": "1"})
    assert result.returncode == 0, result.stderr
    pages = [line for line in result.stdout.splitlines() if line.startswith(f"  {YEAR}/")]
    assert len(pages) == 36 and all(" construit " in line for line in pages), pages
    assert "fichiers inchangés" not in result.stdout
    assert "résultats repris" not in result.stdout
    again = pipeline(*run_args(site_copy))  # the cache was refreshed: nothing left to do
    pages = [line for line in again.stdout.splitlines() if line.startswith(f"  {YEAR}/")]
    assert len(pages) == 36 and all("réutilisé" in line for line in pages)

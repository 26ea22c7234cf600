"""Per-page code keys: a page is keyed on the package code its notebook imports, transitively.

The package is copied aside and edited there (never the checkout's), and the keys are
computed on the copy, as the planner does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cres_reports import config
from cres_reports.publishing import codekeys, plan
from cres_reports.publishing.site.pages import Job

NOTEBOOKS = sorted(p.stem for p in config.NOTEBOOKS_DIR.glob("*.ipynb"))


def _clear() -> None:
    for cached in (
        codekeys.page_modules,
        codekeys.notebook_imports,
        codekeys._module_imports,
        codekeys.rendering_digest,
    ):
        cached.cache_clear()


@pytest.fixture
def package(tmp_path, monkeypatch) -> Path:
    """A copy of the package that config points at, and the caches emptied before and after."""
    copy = tmp_path / "cres_reports"
    shutil.copytree(config.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(config, "PACKAGE_DIR", copy)
    _clear()
    yield copy
    _clear()


def _keys() -> dict[str, dict[str, str]]:
    return {
        name: codekeys.page_modules(config.NOTEBOOKS_DIR / f"{name}.ipynb") for name in NOTEBOOKS
    }


def _edit(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    _clear()


def test_editing_missions_rekeys_only_the_pages_that_import_it(package):
    before = _keys()
    _edit(package / "analysis" / "missions.py")
    after = _keys()
    changed = {name for name in NOTEBOOKS if before[name] != after[name]}
    assert changed == {"missions", "fiche_cres"}
    assert codekeys.changed_modules(after["missions"], before["missions"]) == [
        "analysis/missions.py"
    ]


def test_editing_what_every_page_runs_rekeys_every_page(package):
    before = _keys()
    _edit(package / "publishing" / "engine" / "kernels.py")  # the reset cell before notebooks
    after = _keys()
    assert all(before[name] != after[name] for name in NOTEBOOKS)


def test_a_template_keys_the_rendering_not_the_execution(package):
    before, rendering = _keys(), codekeys.rendering_digest()
    _edit(package / "publishing" / "site" / "layout.py")
    assert _keys() == before
    assert codekeys.rendering_digest() != rendering


def test_imports_inside_functions_and_relative_imports_are_followed(package):
    funding = codekeys.page_modules(config.NOTEBOOKS_DIR / "financement.ipynb")
    # present/funding.py imports analysis.funding relatively; store reads through ingest lazily
    assert {"present/funding.py", "analysis/funding.py", "store/yeardata.py"} <= set(funding)
    assert "analysis/missions.py" not in funding
    assert "run.py" not in funding and "cli.py" not in funding


def test_explain_names_the_module_that_changed(package):
    job = Job("missions", "missions.html", "Missions", {"year": 2009})
    previous = {**plan.components(job, Path("/nowhere"), 2009), "modules": plan.modules(job)}
    _edit(package / "analysis" / "missions.py")
    now = plan.components(job, Path("/nowhere"), 2009)
    assert plan.why(now, previous, force=False, job=job) == [
        "code du paquet modifié (analysis/missions.py)"
    ]


def test_every_notebook_declares_what_it_reads_in_its_metadata():
    """ploomber-style: the declaration lives in the notebook, read by the planner."""
    from cres_reports.publishing.site import pages

    for name in NOTEBOOKS:
        declaration = pages.declared(name)
        assert set(declaration) <= {"reads", "reads_since", "reads_every_year"}, name
        for dataset, _ in declaration.get("reads", []):
            assert dataset in {*config.DATASETS, "suivi_enquete", "validation"}, (name, dataset)
    assert ("finances", 2008) in pages.reads("financement", 2009)
    assert ("activites", 2006) in pages.reads("fiche_cres", 2009)

"""Fixtures and hooks only; the helpers are in tests/support/ (data, pipeline, browser, guard).

Under pytest-xdist (`make test`), the session guard runs in the controller, around every
worker; the session fixtures (`site`, `survey_site`) are built once per worker that needs them.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from support.data import ROOT, SURVEY_YEARS, write_mini
from support.guard import GUARDED, changes, snapshot
from support.pipeline import pipeline, run_args


def _worker(config) -> bool:
    """An xdist worker: the controller guards the checkout around all of them."""
    return hasattr(config, "workerinput")


def pytest_sessionstart(session):
    if not _worker(session.config):
        session.config.stash[_GUARD] = snapshot()


def pytest_sessionfinish(session, exitstatus):
    """Fail the run if any test wrote into the checkout's reports/, build/ or data/."""
    before = session.config.stash.get(_GUARD, None)
    if before is None:
        return
    changed = changes(before, snapshot())
    if changed:
        shown = "\n  ".join(changed[:20])
        more = f"\n  … and {len(changed) - 20} more" if len(changed) > 20 else ""
        print(
            "\n\nGUARD: tests changed the checkout's analyst folders "
            f"({', '.join(GUARDED)}); pass temporary folders instead:\n  {shown}{more}",
            file=sys.stderr,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_GUARD = pytest.StashKey[dict]()

# Fixtures that imply a tier: a test using one of them is marked as such (see `make test-fast`).
FIXTURE_MARKS = {
    "site": ("build", "kernel"),
    "site_copy": ("build", "kernel"),
    "survey_site": ("build", "kernel"),
    "bench": ("build", "kernel"),
    "executed": ("kernel",),
    "needs_browser": ("browser",),
}


# The tests reading the shared build of 2008 run on one worker, which builds it once
# (`--dist loadgroup`; a module with a group of its own keeps it).
SHARED_BUILD = ("site", "site_copy")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        names = getattr(item, "fixturenames", ())
        for fixture, marks in FIXTURE_MARKS.items():
            if fixture in names:
                for mark in marks:
                    item.add_marker(getattr(pytest.mark, mark))
        shared = any(f in names for f in SHARED_BUILD)
        if shared and item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group("site"))


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    """A data dir holding one small valid year (2008) in raw/."""
    write_mini(tmp_path)
    return tmp_path


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A copy of the shipped demo raw data, safe to break."""
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "raw")
    return tmp_path


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """One real build of the demo year 2008 (data, reports, build folders), shared by tests.

    Tests that change anything work on a copy (`site_copy`).
    """
    base = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "data" / "raw", base / "data" / "raw")
    result = pipeline(*run_args(base))
    assert result.returncode == 0, result.stdout + result.stderr
    return base


@pytest.fixture(scope="session")
def survey_site(tmp_path_factory):
    """One real build of the survey demo years 2009 and 2010, shared by tests (read only)."""
    base = tmp_path_factory.mktemp("survey-site")
    for year in SURVEY_YEARS:
        shutil.copytree(ROOT / "data" / "raw" / str(year), base / "data" / "raw" / str(year))
    result = pipeline(*run_args(base, year=None))
    assert result.returncode == 0, result.stdout + result.stderr
    return base


@pytest.fixture
def site_copy(site, tmp_path):
    base = tmp_path / "copy"
    shutil.copytree(site, base, symlinks=True)
    return base

"""The warm process kept after a run: the next run forked from it publishes what a fresh
process publishes, passes on its exit code and messages, and serves no caller it does not
match (code, environment)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT, pipeline, run_args, tree, write_mini

from cres_reports import warm
from cres_reports.publishing.kernels import _running


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch) -> Path:
    """The warm processes' socket and lock files in the test's folder, not in /tmp.

    CI sets `CI`, which turns the warm process off: these runs are told they are not in CI.
    """
    monkeypatch.delenv("CI", raising=False)
    folder = tmp_path / "t"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))  # for the runs
    monkeypatch.setattr(tempfile, "tempdir", str(folder))  # for this process
    return folder


@pytest.fixture
def base(tmp_path: Path, own_tmp: Path):
    """A small valid year whose runs leave a warm process behind (stopped at the end)."""
    base = tmp_path / "w"
    write_mini(base / "data")
    yield base
    warm.stop(base / "build")
    assert warm.alive(base / "build") is None
    assert not warm.address(base / "build").exists()


def run(base: Path, *extra, env=None):
    """One `pipeline.py run`; its result and whether it was forked from the warm process."""
    timings = base / "timings.json"
    timings.unlink(missing_ok=True)
    result = pipeline(
        *run_args(base, *extra),
        env={"CRES_WARM": "120", "CRES_TIMINGS": str(timings), **(env or {})},
    )
    marks = json.loads(timings.read_text())["marks"] if timings.is_file() else {}
    return result, "warm" in marks


def edit_accounts(base: Path, cash: str) -> None:
    """Chamber 53's cash at year end (no total depends on it)."""
    path = base / "data" / "raw" / "2008" / "finances.csv"
    text = re.sub(r"^(53,(?:[^,]*,){13})[^,]*,", rf"\g<1>{cash},", path.read_text(), flags=re.M)
    path.write_text(text, encoding="utf-8")


def built(test):
    return pytest.mark.build(pytest.mark.kernel(test))


@built
def test_a_run_forked_from_the_warm_process_publishes_what_a_fresh_one_does(base):
    first, forked = run(base)
    assert first.returncode == 0, first.stdout + first.stderr
    assert not forked
    assert warm.wait_ready(base / "build"), "no warm process after the first run"
    edit_accounts(base, "61000")
    second, forked = run(base)
    assert second.returncode == 0, second.stdout + second.stderr
    assert forked, "the second run was not forked from the warm process"
    assert "2008/fiches/53.html" in second.stdout and "durée totale" in second.stdout
    assert "trésorerie au 31 décembre : 61\u202f000\xa0€" in (
        base / "reports" / "2008" / "fiches" / "53.html"
    ).read_text(encoding="utf-8")
    published = tree(base / "reports")
    processed = tree(base / "data" / "processed")
    # every notebook again, in a fresh process: the same bytes
    fresh, forked = run(base, "--force", env={"CRES_WARM": "0"})
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert not forked
    assert tree(base / "reports") == published
    assert tree(base / "data" / "processed") == processed


@built
def test_the_warm_process_passes_on_exit_codes_and_messages(base):
    assert run(base)[0].returncode == 0
    assert warm.wait_ready(base / "build")
    edit_accounts(base, "soixante")
    broken, forked = run(base)
    assert forked
    assert broken.returncode == 1
    assert "finances.csv" in broken.stdout + broken.stderr
    assert "tresorerie" in broken.stdout + broken.stderr
    # and it is ready for the next try, which passes
    edit_accounts(base, "62000")
    assert warm.wait_ready(base / "build")
    fixed, forked = run(base)
    assert forked and fixed.returncode == 0, fixed.stdout + fixed.stderr


@built
def test_a_caller_it_does_not_match_runs_itself_and_the_warm_process_stops(base):
    assert run(base)[0].returncode == 0
    assert warm.wait_ready(base / "build")
    old = warm.alive(base / "build")
    kernels = _children(old)
    assert kernels, "the warm process has no warm kernel"
    edit_accounts(base, "61000")
    other, forked = run(base, env={"CRES_SOMETHING_NEW": "1"})  # another environment
    assert other.returncode == 0, other.stdout + other.stderr
    assert not forked
    assert warm.wait_ready(base / "build")
    assert warm.alive(base / "build") != old  # a new one, for this environment
    assert not any(_exists(pid) for pid in [old, *kernels])  # its kernels went with it


def _children(pid: int | None) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _exists(pid: int | None) -> bool:
    return pid is not None and _running(pid)


def test_no_warm_process_in_ci_in_a_forked_run_or_when_asked(monkeypatch):
    for name in ("CI", warm.CHILD_ENV, warm.ENV):
        monkeypatch.delenv(name, raising=False)
    assert warm.idle_seconds() == warm.DEFAULT_IDLE
    for name, value, idle in (
        (warm.ENV, "0", 0),
        (warm.ENV, "30", 30),
        (warm.ENV, "dix", 0),
        ("CI", "true", 0),
        (warm.CHILD_ENV, "1", 0),
    ):
        with monkeypatch.context() as m:
            m.setenv(name, value)
            assert warm.idle_seconds() == idle, (name, value)


def test_the_signature_follows_the_environment_but_not_the_shell():
    environ = {"PATH": "/usr/bin", "LANG": "fr_FR.UTF-8", "PWD": "/a", "SHLVL": "1"}
    same = warm.signature(environ)
    assert warm.signature({**environ, "PWD": "/b", "SHLVL": "2", "_": "x"}) == same
    assert warm.signature({**environ, "CRES_DATA_DIR": "/elsewhere"}) != same
    assert warm.signature({**environ, "LANG": "C"}) != same


def test_each_build_folder_has_its_own_short_socket(tmp_path, own_tmp):
    deep = tmp_path / ("x" * 150) / "build"
    assert warm.address(deep).parent == own_tmp and len(warm.address(deep).name) < 40
    assert warm.address(tmp_path / "a") != warm.address(tmp_path / "b")
    assert warm.alive(tmp_path / "a") is None and not warm.ready(tmp_path / "a")


# Caches the warm process may fill before it forks, each with what keys it in the signature.
FILLED_BEFORE_FORK = {
    "cres_reports.ingest.questionnaire.load": "questionnaire/*.csv",
    "cres_reports.publishing.render._exporter": "the package's templates (its code)",
    "cres_reports.validate.gate._context": "nothing read: Great Expectations' context",
    "cres_reports.validate.gate._batch_definition": "nothing read: one per dataset name",
}


def test_the_warm_process_keeps_nothing_read_from_files_that_its_signature_does_not_cover():
    """What it loads ahead is in every run it serves: a cache filled then from a file would
    go stale when the file changes, unless the signature covers that file."""
    code = """
import importlib, pkgutil, cres_reports
from cres_reports import warmserver
warmserver._prepare()
for info in pkgutil.walk_packages(cres_reports.__path__, "cres_reports."):
    module = importlib.import_module(info.name)
    for name, value in vars(module).items():
        if hasattr(value, "cache_info") and getattr(value, "__module__", "") == info.name:
            if value.cache_info().currsize:
                print(f"{info.name}.{name}")
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert set(done.stdout.split()) <= set(FILLED_BEFORE_FORK), done.stdout

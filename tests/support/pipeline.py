"""The pipeline as the analyst and CI run it, in real processes, on the tests' own folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support.data import ROOT, YEAR

# Kernels per build of the tests' runs (`run --jobs`). A build's default, one kernel per core,
# is right for one build alone; under pytest-xdist every worker may run a build at once, and
# 2 workers x 2 kernels on 2 cores spend their time starting kernels and switching. One kernel
# per build while xdist runs the tests (CRES_TEST_JOBS overrides; 0: the build's default).
TEST_JOBS = int(
    os.environ.get("CRES_TEST_JOBS", "1" if os.environ.get("PYTEST_XDIST_WORKER") else "0")
)


def with_jobs(words: list[str]) -> list[str]:
    """A `run`'s words with `--jobs TEST_JOBS` if they name no jobs (TEST_JOBS 0: unchanged)."""
    if TEST_JOBS and words and words[0] == "run" and "--jobs" not in words:
        return [*words, "--jobs", str(TEST_JOBS)]
    return words


def pipeline(*args, env=None):
    """`python pipeline.py ARGS` in a real process, as analysts and CI run it.

    A `run` must name its own folders: the defaults are the analyst's published ones.
    """
    words = [str(a) for a in args]
    if words and words[0] == "run":
        for option in ("--data-dir", "--reports-dir", "--build-dir"):
            assert option in words, f"tests must pass {option} to `run`"
    return subprocess.run(
        [sys.executable, str(ROOT / "pipeline.py"), *with_jobs(words)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1200,
        env={**os.environ, **(env or {})},
    )


def main_fresh(*args) -> tuple[subprocess.CompletedProcess, bool]:
    """`cli.main(ARGS)` in a fresh process; and whether it imported Great Expectations."""
    code = (
        "import sys; from cres_reports.cli import main; "
        f"status = main({with_jobs([str(a) for a in args])!r}); "
        "print('GE', 'great_expectations' in sys.modules); sys.exit(status)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    return done, "GE True" in done.stdout


def run_args(base: Path, *extra, year: int | None = YEAR) -> list:
    """`run` on `base`'s own folders, for `year` (None: every year of its raw data)."""
    return [
        "run",
        *(["--year", year] if year else ["--all"]),
        "--data-dir",
        base / "data",
        "--reports-dir",
        base / "reports",
        "--build-dir",
        base / "build",
        *extra,
    ]


def tree(folder: Path, skip: tuple[str, ...] = ()) -> dict:
    """Every file under `folder` with its bytes, but those named in `skip`."""
    return {
        p.relative_to(folder): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in skip
    }

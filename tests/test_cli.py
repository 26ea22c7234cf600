"""The command line, as analysts and CI run it: real processes on real files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support.data import ROOT
from support.pipeline import pipeline, tree

pytestmark = [pytest.mark.slow]


def test_validate_all_passes_on_the_shipped_data(demo_copy):
    result = pipeline("validate", "--all", "--data-dir", demo_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    for year in (2007, 2008, 2009):
        assert f"{year} : données valides" in result.stdout
        kept = json.loads((demo_copy / "processed" / "validation" / f"{year}.json").read_text())
        assert kept["success"] is True
    assert "Traceback" not in result.stderr


def _run_2008(data_dir):
    """`run --year 2008` on a copy, publishing and caching inside the test's own folder."""
    return pipeline(
        "run",
        "--year",
        2008,
        "--data-dir",
        data_dir,
        "--reports-dir",
        data_dir / "reports",
        "--build-dir",
        data_dir / "build",
    )


def test_run_writes_processed_tables_keeps_raw_files_and_a_failing_run_replaces_nothing(
    demo_copy,
):
    """One build of 2008 (a kernel run per page), then the same year broken and run again."""
    before = tree(demo_copy / "raw")
    result = _run_2008(demo_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    processed = demo_copy / "processed" / "2008"
    assert sorted(p.name for p in processed.iterdir()) == [
        "comptes_conseil.csv",
        "cres.csv",
        "finances.csv",
        "gouvernance.csv",
        "mois_ess.csv",
        "representation.csv",
        "reunions.csv",
        "rh.csv",
        "sources.json",
    ]
    assert tree(demo_copy / "raw") == before
    cres = (processed / "cres.csv").read_text(encoding="utf-8")
    assert "\n01,Guadeloupe," in cres  # codes stay two-character text
    assert "representant" not in (processed / "gouvernance.csv").read_text(encoding="utf-8")
    sources = json.loads((processed / "sources.json").read_text())
    assert sources["manifest"]["demonstration"] is True
    assert len(sources["files"]["finances"]["sha256"]) == 64
    _a_failing_year_writes_and_replaces_nothing(demo_copy)


def _a_failing_year_writes_and_replaces_nothing(demo_copy):
    """`demo_copy` holds a published 2008: broken, its run replaces nothing."""
    published = tree(demo_copy / "processed" / "2008")
    rh = demo_copy / "raw" / "2008" / "rh.csv"
    lines = rh.read_bytes().split(b"\r\n")
    lines[1] = lines[1].replace(b";cdi;", b";interim;").replace(b";cdd;", b";interim;")
    rh.write_bytes(b"\r\n".join(lines))
    broken = rh.read_bytes()

    result = _run_2008(demo_copy)
    assert result.returncode == 1
    assert "2008/rh.csv, colonne contrat" in result.stdout
    assert "ligne 2 (code_region " in result.stdout
    assert "rien n'a été écrit" in result.stdout
    assert tree(demo_copy / "processed" / "2008") == published
    assert rh.read_bytes() == broken
    kept = json.loads((demo_copy / "processed" / "validation" / "2008.json").read_text())
    assert kept["success"] is False


@pytest.mark.parametrize("year", ["../x", "2008; rm", "08", "20080", ""])
def test_a_year_that_is_not_a_year_is_refused(demo_copy, year):
    result = pipeline("validate", "--year", year, "--data-dir", demo_copy)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_a_year_without_folder_is_refused(demo_copy):
    result = pipeline("validate", "--year", 1999, "--data-dir", demo_copy)
    assert result.returncode == 2
    assert "raw/1999" in result.stderr


def test_great_expectations_stays_out_of_non_validating_paths():
    code = (
        "import sys, cres_reports.cli, cres_reports.run, cres_reports.store.processed, "
        "cres_reports.ingest.readers, cres_reports.validate.derive, "
        "cres_reports.validate.messages, cres_reports.validate.results, "
        "cres_reports.publishing.plan; "
        "print('great_expectations' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr

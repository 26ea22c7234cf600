"""Incremental validation: only the datasets whose inputs changed are checked again, and the
verdict (results and exit code) is exactly what a full validation gives."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import YEAR, main_fresh, write_mini, write_mini_survey
from test_catalogue import CASES

from cres_reports import config
from cres_reports.cli import main
from cres_reports.ingest import contract
from cres_reports.validate.results import read_results, results_path

REUSED = "résultats repris"


def _validate(data_dir, *extra) -> int:
    return main(["validate", "--year", str(YEAR), "--data-dir", str(data_dir), *map(str, extra)])


def _verdict(data_dir) -> dict:
    """The kept results as the quality report reads them: no folder, no fingerprint."""
    document = read_results(data_dir, YEAR).to_json()
    document.pop("raw_dir")
    document.pop("fingerprint")
    return document


@pytest.mark.slow
def test_every_catalogue_case_gives_the_full_verdict_incrementally(tmp_path, capsys):
    """Each broken input applied to a year already checked: same results and exit code as a
    check from scratch, while the datasets it did not touch are taken from the kept results."""
    reused_somewhere = 0
    for case in CASES:
        data_dir = tmp_path / case.name
        year_dir = (write_mini_survey if case.survey else write_mini)(data_dir)
        assert _validate(data_dir) == 0
        case.breaks(year_dir)
        capsys.readouterr()
        incremental = _validate(data_dir), _verdict(data_dir)
        said = capsys.readouterr().out
        reused_somewhere += REUSED in said
        results_path(data_dir, YEAR).unlink()  # nothing kept: a check from scratch
        full = _validate(data_dir), _verdict(data_dir)
        assert REUSED not in capsys.readouterr().out
        assert incremental == full, case.name
    assert reused_somewhere >= len(CASES) // 2


def test_only_the_changed_dataset_is_checked_again(mini_dir, capsys):
    assert _validate(mini_dir) == 0
    first = read_results(mini_dir, YEAR).fingerprint["datasets"]
    path = mini_dir / "raw" / str(YEAR) / "finances.csv"
    path.write_text(path.read_text().replace(",50000,", ",50 000 F,"), encoding="utf-8")
    capsys.readouterr()
    assert _validate(mini_dir) == 1
    out = capsys.readouterr().out
    assert f"{REUSED} : cres.csv, rh.csv, gouvernance.csv" in out
    assert "finances.csv, colonne subv_cdc" in out
    again = read_results(mini_dir, YEAR).fingerprint["datasets"]
    assert {d for d in first if first[d] != again[d]} == {"finances"}


def test_a_new_chamber_in_cres_checks_the_datasets_that_refer_to_it(mini_dir, capsys):
    assert _validate(mini_dir) == 0
    path = mini_dir / "raw" / str(YEAR) / "cres.csv"
    path.write_text(path.read_text().replace("52,Pays", "24,Pays"), encoding="utf-8")
    capsys.readouterr()
    assert _validate(mini_dir) == 1  # 52 in the other files is now an unknown chamber
    out = capsys.readouterr().out
    assert REUSED not in out
    assert "finances.csv, colonne code_region" in out


def test_force_checks_everything_again(mini_dir, capsys):
    assert _validate(mini_dir) == 0
    capsys.readouterr()
    assert _validate(mini_dir) == 0
    assert REUSED in capsys.readouterr().out
    assert _validate(mini_dir, "--force") == 0
    assert REUSED not in capsys.readouterr().out


def test_an_edited_reference_file_checks_the_year_again(mini_dir, tmp_path, monkeypatch, capsys):
    """data/reference/regions.csv is read by the gate: a change re-checks, with its new names."""
    reference = tmp_path / "regions.csv"
    shutil.copyfile(config.REFERENCE_REGIONS, reference)
    monkeypatch.setattr(config, "REFERENCE_REGIONS", reference)
    contract._reference_rows.cache_clear()
    try:
        assert _validate(mini_dir) == 0
        reference.write_text(
            reference.read_text(encoding="utf-8").replace(",Bretagne,", ",Armorique,"),
            encoding="utf-8",
        )
        contract._reference_rows.cache_clear()  # what a new process would read
        capsys.readouterr()
        assert _validate(mini_dir) == 1
        out = capsys.readouterr().out
        assert REUSED not in out
        assert "cres.csv, colonne region" in out and "« Bretagne »" in out
    finally:
        contract._reference_rows.cache_clear()


def test_nothing_changed_imports_no_great_expectations(mini_dir):
    assert _validate(mini_dir) == 0
    manifest = mini_dir / "raw" / str(YEAR) / "manifest.json"
    manifest.write_text(json.dumps({"demonstration": True}))  # the folder changed, no dataset
    done, imported_ge = main_fresh("validate", "--year", YEAR, "--data-dir", mini_dir)
    assert done.returncode == 0, done.stderr
    assert not imported_ge
    assert f"{REUSED} : cres.csv, finances.csv, rh.csv, gouvernance.csv" in done.stdout
    assert results_path(mini_dir, YEAR).is_file()

"""Incremental validation: only the datasets whose inputs changed are checked again, and the
verdict (results and exit code) is exactly what a full validation gives."""

from __future__ import annotations

import json
import shutil

import pytest
from support.checked import REUSED, checked_years, processed, unread, validate
from support.data import YEAR
from support.pipeline import main_fresh
from test_catalogue import CASES

from cres_reports import config
from cres_reports.ingest import contract
from cres_reports.run import check
from cres_reports.validate.results import read_results, results_path


# Every catalogue case is also checked incrementally, against its check from scratch, where
# test_catalogue checks it (`_incrementally`): here, that the incremental path is the usual one.
@pytest.mark.slow
def test_most_catalogue_cases_leave_datasets_unread(tmp_path):
    """Applied to a year already checked and written, most broken inputs leave some dataset
    to be taken from the kept results (and, unchanged, from its processed tables), unread."""
    years = checked_years(tmp_path / "checked")
    untouched = 0
    for case in CASES:
        data_dir = tmp_path / case.name
        shutil.copytree(years[case.survey], data_dir)
        case.breaks(data_dir / "raw" / str(YEAR))
        untouched += bool(unread(data_dir))
    assert untouched >= len(CASES) // 2


def test_unchanged_files_are_not_read_again_when_their_tables_stand_for_them(mini_dir):
    year_dir = mini_dir / "raw" / str(YEAR)
    assert unread(mini_dir) == []  # nothing written yet
    assert check(mini_dir, YEAR, write_tables=True).success
    path = year_dir / "finances.csv"
    path.write_text(path.read_text().replace(",50000,", ",50001,"), encoding="utf-8")
    assert unread(mini_dir) == ["cres", "rh", "gouvernance"]
    before = processed(mini_dir)
    assert check(mini_dir, YEAR, write_tables=True).success
    after = processed(mini_dir)
    assert {n for n in before if before[n] != after[n]} == {"finances.csv"}
    assert "50001" in after["finances.csv"].decode()


def test_a_processed_table_edited_by_hand_is_not_trusted(mini_dir):
    assert check(mini_dir, YEAR, write_tables=True).success
    table = config.processed_dir(mini_dir, YEAR) / "rh.csv"
    table.write_text(table.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "rh" not in unread(mini_dir)
    assert check(mini_dir, YEAR, write_tables=True).success
    assert not table.read_text(encoding="utf-8").endswith("\n\n")


def test_a_new_file_in_the_year_folder_has_every_dataset_read(mini_dir, capsys):
    """rh.xlsx beside rh.csv is refused by a full check: it is by an incremental one too."""
    assert check(mini_dir, YEAR, write_tables=True).success
    year_dir = mini_dir / "raw" / str(YEAR)
    (year_dir / "rh.xlsx").write_bytes((year_dir / "rh.csv").read_bytes())
    assert unread(mini_dir) == []
    assert validate(mini_dir) == 1


def test_only_the_changed_dataset_is_checked_again(mini_dir, capsys):
    assert validate(mini_dir) == 0
    first = read_results(mini_dir, YEAR).fingerprint["datasets"]
    path = mini_dir / "raw" / str(YEAR) / "finances.csv"
    path.write_text(path.read_text().replace(",50000,", ",50 000 F,"), encoding="utf-8")
    capsys.readouterr()
    assert validate(mini_dir) == 1
    out = capsys.readouterr().out
    assert f"{REUSED} : cres.csv, rh.csv, gouvernance.csv" in out
    assert "finances.csv, colonne subv_cdc" in out
    again = read_results(mini_dir, YEAR).fingerprint["datasets"]
    assert {d for d in first if first[d] != again[d]} == {"finances"}


def test_a_new_chamber_in_cres_checks_the_datasets_that_refer_to_it(mini_dir, capsys):
    assert validate(mini_dir) == 0
    path = mini_dir / "raw" / str(YEAR) / "cres.csv"
    path.write_text(path.read_text().replace("52,Pays", "24,Pays"), encoding="utf-8")
    capsys.readouterr()
    assert validate(mini_dir) == 1  # 52 in the other files is now an unknown chamber
    out = capsys.readouterr().out
    assert REUSED not in out
    assert "finances.csv, colonne code_region" in out


def test_force_checks_everything_again(mini_dir, capsys):
    assert validate(mini_dir) == 0
    capsys.readouterr()
    assert validate(mini_dir) == 0
    assert REUSED in capsys.readouterr().out
    assert validate(mini_dir, "--force") == 0
    assert REUSED not in capsys.readouterr().out


def test_an_edited_reference_file_checks_the_year_again(mini_dir, tmp_path, monkeypatch, capsys):
    """data/reference/regions.csv is read by the gate: a change re-checks, with its new names."""
    reference = tmp_path / "regions.csv"
    shutil.copyfile(config.REFERENCE_REGIONS, reference)
    monkeypatch.setattr(config, "REFERENCE_REGIONS", reference)
    contract._reference_rows.cache_clear()
    try:
        assert validate(mini_dir) == 0
        reference.write_text(
            reference.read_text(encoding="utf-8").replace(",Bretagne,", ",Armorique,"),
            encoding="utf-8",
        )
        contract._reference_rows.cache_clear()  # what a new process would read
        capsys.readouterr()
        assert validate(mini_dir) == 1
        out = capsys.readouterr().out
        assert REUSED not in out
        assert "cres.csv, colonne region" in out and "« Bretagne »" in out
    finally:
        contract._reference_rows.cache_clear()


def test_nothing_changed_imports_no_great_expectations(mini_dir):
    assert validate(mini_dir) == 0
    manifest = mini_dir / "raw" / str(YEAR) / "manifest.json"
    manifest.write_text(json.dumps({"demonstration": True}))  # the folder changed, no dataset
    done, imported_ge = main_fresh("validate", "--year", YEAR, "--data-dir", mini_dir)
    assert done.returncode == 0, done.stderr
    assert not imported_ge
    assert f"{REUSED} : cres.csv, finances.csv, rh.csv, gouvernance.csv" in done.stdout
    assert results_path(mini_dir, YEAR).is_file()

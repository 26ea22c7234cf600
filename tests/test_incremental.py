"""Incremental validation: only the datasets whose inputs changed are checked again, and the
verdict (results and exit code) is exactly what a full validation gives."""

from __future__ import annotations

import json
import shutil

import pytest
from support.data import YEAR, write_mini, write_mini_survey
from support.pipeline import main_fresh
from test_catalogue import CASES

from cres_reports import config
from cres_reports.cli import main
from cres_reports.ingest import contract
from cres_reports.run import check
from cres_reports.store.refresh import kept_results
from cres_reports.validate import gate
from cres_reports.validate.fingerprint import validation_fingerprint
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


def _processed(data_dir) -> dict[str, bytes]:
    folder = config.processed_dir(data_dir, YEAR)
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))} if folder.is_dir() else {}


def _unread(data_dir) -> list[str]:
    """The datasets a check of the year now would take from the kept results, unread."""
    kept = kept_results(data_dir, YEAR, validation_fingerprint(data_dir, YEAR), force=False)
    return gate.read_for_check(data_dir, YEAR, kept).unread


SHARDS = 4  # the catalogue in interleaved quarters: xdist's workers share its ~300 checks


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_catalogue_case_gives_the_full_verdict_incrementally(tmp_path, capsys, shard):
    """Each broken input applied to a year already checked and written: same results, exit
    code and processed tables as a check from scratch, while the datasets it did not touch
    are taken from the kept results (and, unchanged, from their processed tables, unread)."""
    cases = CASES[shard::SHARDS]
    reused_somewhere = unread_somewhere = 0
    checked = {}  # the year checked and written once, copied for each case
    for survey, write in ((False, write_mini), (True, write_mini_survey)):
        checked[survey] = tmp_path / f"checked-{survey}"
        write(checked[survey])
        assert check(checked[survey], YEAR, write_tables=True).success
    for case in cases:
        data_dir = tmp_path / case.name
        shutil.copytree(checked[case.survey], data_dir)  # as written: times and all
        year_dir = data_dir / "raw" / str(YEAR)
        before = _processed(data_dir)
        case.breaks(year_dir)
        capsys.readouterr()
        unread_somewhere += bool(_unread(data_dir))
        incremental = _validate(data_dir), _verdict(data_dir)
        said = capsys.readouterr().out
        reused_somewhere += REUSED in said
        passed = check(data_dir, YEAR, write_tables=True).success
        written = _processed(data_dir)
        capsys.readouterr()
        results_path(data_dir, YEAR).unlink()  # nothing kept: a check from scratch
        shutil.rmtree(config.processed_dir(data_dir, YEAR))
        scratch = check(data_dir, YEAR, write_tables=True)  # what `validate` says, and writes
        assert scratch is not None
        full = (0 if scratch.success else 1), _verdict(data_dir)
        assert REUSED not in capsys.readouterr().out
        assert incremental == full, case.name
        if passed:  # the tables written are those of a check from scratch
            assert written == _processed(data_dir), case.name
        else:
            assert written == before, case.name
    assert reused_somewhere >= len(cases) // 2
    assert unread_somewhere >= len(cases) // 2


def test_unchanged_files_are_not_read_again_when_their_tables_stand_for_them(mini_dir):
    year_dir = mini_dir / "raw" / str(YEAR)
    assert _unread(mini_dir) == []  # nothing written yet
    assert check(mini_dir, YEAR, write_tables=True).success
    path = year_dir / "finances.csv"
    path.write_text(path.read_text().replace(",50000,", ",50001,"), encoding="utf-8")
    assert _unread(mini_dir) == ["cres", "rh", "gouvernance"]
    before = _processed(mini_dir)
    assert check(mini_dir, YEAR, write_tables=True).success
    after = _processed(mini_dir)
    assert {n for n in before if before[n] != after[n]} == {"finances.csv"}
    assert "50001" in after["finances.csv"].decode()


def test_a_processed_table_edited_by_hand_is_not_trusted(mini_dir):
    assert check(mini_dir, YEAR, write_tables=True).success
    table = config.processed_dir(mini_dir, YEAR) / "rh.csv"
    table.write_text(table.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "rh" not in _unread(mini_dir)
    assert check(mini_dir, YEAR, write_tables=True).success
    assert not table.read_text(encoding="utf-8").endswith("\n\n")


def test_a_new_file_in_the_year_folder_has_every_dataset_read(mini_dir, capsys):
    """rh.xlsx beside rh.csv is refused by a full check: it is by an incremental one too."""
    assert check(mini_dir, YEAR, write_tables=True).success
    year_dir = mini_dir / "raw" / str(YEAR)
    (year_dir / "rh.xlsx").write_bytes((year_dir / "rh.csv").read_bytes())
    assert _unread(mini_dir) == []
    assert _validate(mini_dir) == 1


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

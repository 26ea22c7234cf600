"""A year checked and written once, then broken: what an incremental check keeps and says."""

from __future__ import annotations

from pathlib import Path

from cres_reports import config
from cres_reports.cli import main
from cres_reports.run import check
from cres_reports.store.refresh import kept_results
from cres_reports.validate import gate
from cres_reports.validate.fingerprint import validation_fingerprint
from cres_reports.validate.results import read_results
from support.data import YEAR, write_mini, write_mini_survey

REUSED = "résultats repris"  # what `validate` says of the datasets it took from kept results


def checked_years(base: Path) -> dict[bool, Path]:
    """The tiny year as flat files (False) and as returned workbooks (True), each checked and
    its tables written, under `base`: copied, as written, for each broken case."""
    years = {}
    for survey, write in ((False, write_mini), (True, write_mini_survey)):
        years[survey] = base / ("survey" if survey else "flat")
        write(years[survey])
        assert check(years[survey], YEAR, write_tables=True).success
    return years


def validate(data_dir: Path, *extra) -> int:
    """`validate --year YEAR` in this process (its output goes to the test's capsys)."""
    return main(["validate", "--year", str(YEAR), "--data-dir", str(data_dir), *map(str, extra)])


def verdict(data_dir: Path) -> dict:
    """The kept results as the quality report reads them: no folder, no fingerprint."""
    document = read_results(data_dir, YEAR).to_json()
    document.pop("raw_dir")
    document.pop("fingerprint")
    return document


def processed(data_dir: Path) -> dict[str, bytes]:
    """The year's processed tables, by name (none written: empty)."""
    folder = config.processed_dir(data_dir, YEAR)
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))} if folder.is_dir() else {}


def unread(data_dir: Path) -> list[str]:
    """The datasets a check of the year now would take from the kept results, unread."""
    kept = kept_results(data_dir, YEAR, validation_fingerprint(data_dir, YEAR), force=False)
    return gate.read_for_check(data_dir, YEAR, kept).unread

"""A year's re-check in one place: what to check again, the kept results, the tables written.

Each dataset's kept rule results are reused while its file, suite and parameters are
unchanged (`validate/kept.py`); Great Expectations is imported only when a suite must run;
a year whose raw files, suites and code are all as when last checked is not even read
(`unchanged`). Nothing here prints: `run.py` says what happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import interrupts, timings
from ..validate.results import YearResults
from .processed import load_sources, tables_at_hand, write_year


@dataclass
class Refreshed:
    """The outcome of a year's check."""

    results: YearResults | None  # None: the suites themselves are broken (`error`)
    reused: list[str] = field(default_factory=list)  # files whose kept results stand
    tables_written: bool = False
    error: str | None = None


def kept_results(data_dir: Path, year: int, fingerprint: dict, force: bool):
    """The year's last check, offered dataset by dataset (`validate/kept.py`); none with force."""
    from ..validate.kept import Kept
    from ..validate.results import read_results

    if force:
        return Kept(None, fingerprint["raw"], None)
    return Kept(
        read_results(data_dir, year),
        fingerprint["raw"],
        None,
        folders=fingerprint["folders"],
        processed=tables_at_hand(data_dir, year),
    )


def refresh(data_dir: Path, year: int, *, write_tables: bool, force: bool = False) -> Refreshed:
    """Validate a year, only the datasets whose inputs changed, and keep the results; with
    `write_tables`, a valid year's tables are written to processed/. `force` checks all."""
    from ..validate import gate
    from ..validate.fingerprint import validation_fingerprint
    from ..validate.results import write_results

    timings.mark("validation")
    fingerprint = validation_fingerprint(data_dir, year)  # before reading: edits during count
    kept = kept_results(data_dir, year, fingerprint, force)
    try:
        read = gate.read_for_check(data_dir, year, kept)
        results = gate.check_read(read, kept)
    except gate.SuiteError as exc:
        return Refreshed(None, error=str(exc))
    results.fingerprint = {"year": fingerprint, "datasets": kept.keys}
    written = write_tables and results.success
    with interrupts.deferred():  # the results and the tables they vouch for, or neither
        write_results(data_dir, results)
        if written:
            with timings.phase("tables.write"):
                write_year(data_dir, year, read.tables, results, read.unread)
    reused = [results.dataset(d).file or d for d in kept.reused]
    return Refreshed(results, reused, written)


def unchanged(data_dir: Path, year: int) -> YearResults | None:
    """The kept results of a year whose raw files, suites and code are as when last checked.

    A year that passed also needs its processed tables written from those very files:
    `validate` keeps its verdict but writes no table.
    """
    from ..validate.fingerprint import validation_fingerprint
    from ..validate.results import read_results

    results = read_results(data_dir, year)
    fingerprint = validation_fingerprint(data_dir, year)
    if results is None or (results.fingerprint or {}).get("year") != fingerprint:
        return None
    if results.success:
        if load_sources(data_dir, year).get("files", {}) != results.files():
            return None
    return results

"""The processed layer: validated tables written per year, and read back for the reports.

Plain UTF-8 CSV (point decimals, `true`/`false`) so that analysts can open
them; `load_table` restores the types. A year is replaced as a whole, through a
rename, so a failed or interrupted run never leaves half a year behind.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config, digests, files
from ..ingest import contract

if TYPE_CHECKING:  # pandas is imported where tables are handled, not to find paths
    import pandas as pd

    from ..ingest.readers import Table
    from ..validate.results import YearResults

SOURCES_NAME = "sources.json"
TRACKING = "suivi_enquete"  # per chamber: did it answer the survey (years with responses)
# a response set aside: the analyst's reason and the day of the decision (else empty)
TRACKING_COLUMNS = ["code_region", "reponse", "feuilles_vides", "motif_ecart", "ecartee_le"]


def output_columns(dataset: str) -> list[str]:
    return [c for c in contract.column_names(dataset) if c not in contract.PERSONAL_COLUMNS]


def clean_frame(dataset: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Contract columns only, typed as the reports expect them."""
    clean = frame[output_columns(dataset)].copy()
    for column in contract.SCHEMAS[dataset]:
        if column.name not in clean:
            continue
        if column.kind == contract.BOOL:
            clean[column.name] = clean[column.name].astype(bool)
        elif column.kind == contract.INTEGER:
            clean[column.name] = clean[column.name].astype("Int64")
        elif column.kind == contract.DATE:  # written `2008-06-19`
            clean[column.name] = clean[column.name].dt.strftime("%Y-%m-%d")
    if "chambres" in clean:  # a list of codes, written `53;52` however it was typed
        clean["chambres"] = [
            contract.CHAMBER_SEPARATOR.join(contract.chamber_codes(t)) or None
            for t in clean["chambres"]
        ]
    if "code_region" not in clean:  # the council's own tables: in the order of their file
        return clean.reset_index(drop=True)
    return clean.sort_values(["code_region"], kind="stable").reset_index(drop=True)


@cache
def reader_digest() -> str:
    """What a processed table is made with, besides its raw file: the code reading and
    writing it, the questionnaire, the reference regions and the locked dependencies."""
    from ..validate import fingerprint

    return digests.digest_json(
        {
            "code": fingerprint.code_digest(),
            "writer": digests.digest_file(Path(__file__)),
            "questionnaire": fingerprint.questionnaire_digest(),
            "reference": digests.digest_file(config.REFERENCE_REGIONS),
            "dependencies": digests.deps_digest(),
        }
    )


def tables_at_hand(data_dir: Path, year: int) -> dict[str, dict]:
    """Dataset -> {file, sha256} of the processed tables that the current code wrote from
    those files, each still as written (its digest in sources.json): a dataset unchanged
    since can take its table from here, unread."""
    sources = load_sources(data_dir, year)
    if sources.get("reader") != reader_digest():
        return {}
    folder = config.processed_dir(data_dir, year)
    written = sources.get("tables") or {}
    return {
        dataset: entry
        for dataset, entry in (sources.get("files") or {}).items()
        if written.get(dataset) == digests.digest_file(folder / f"{dataset}.csv")
    }


def write_year(
    data_dir: Path,
    year: int,
    tables: dict[str, Table],
    results: YearResults,
    unread: Iterable[str] = (),
) -> Path:
    """Publish a validated year in data/processed/<year>/, replacing it atomically.

    The datasets of `unread` were not read again (unchanged since their table was written,
    `tables_at_hand`): their tables are copied from the year's processed folder.
    """
    staging = stage_year(data_dir, year, tables, results, unread)
    try:
        files.swap_in(staging, config.processed_dir(data_dir, year))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return config.processed_dir(data_dir, year)


def stage_year(
    data_dir: Path,
    year: int,
    tables: dict[str, Table],
    results: YearResults,
    unread: Iterable[str] = (),
) -> Path:
    """A year's processed folder written aside (`processed/.<year>-…/`), ready to swap in."""
    target = config.processed_dir(data_dir, year)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{year}-", dir=target.parent))
    staging.chmod(0o755)
    try:
        for dataset in unread:
            shutil.copyfile(target / f"{dataset}.csv", staging / f"{dataset}.csv")
        for dataset, table in tables.items():
            clean_frame(dataset, table.frame).to_csv(
                staging / f"{dataset}.csv", index=False, encoding="utf-8", lineterminator="\n"
            )
        if results.survey is not None:
            tracking_frame(results.survey.chambers).to_csv(
                staging / f"{TRACKING}.csv", index=False, encoding="utf-8", lineterminator="\n"
            )
        manifest = config.raw_dir(data_dir, year) / config.MANIFEST_NAME
        sources = {
            "year": year,
            "manifest": json.loads(manifest.read_text(encoding="utf-8"))
            if manifest.is_file()
            else {},
            "files": results.files(),
            "reader": reader_digest(),
            "tables": {
                dataset: digests.digest_file(staging / f"{dataset}.csv")
                for dataset in [*unread, *tables]
            },
        }
        files.write_json(staging / SOURCES_NAME, sources)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def tracking_frame(chambers: list) -> pd.DataFrame:
    """The survey's tracking as a table: no file names, no dates, only who answered what."""
    import pandas as pd

    return pd.DataFrame(
        [
            (
                c.code,
                c.status,
                ", ".join(c.empty_sheets),
                (c.reason or "") if c.set_aside else "",
                (c.decided or "") if c.set_aside else "",
            )
            for c in chambers
        ],
        columns=TRACKING_COLUMNS,
    )


def load_tracking(data_dir: Path, year: int) -> pd.DataFrame | None:
    """The year's survey tracking; None when the year was not collected by the survey."""
    import pandas as pd

    path = config.processed_dir(data_dir, year) / f"{TRACKING}.csv"
    if not path.is_file():
        return None
    return pd.read_csv(path, dtype="str", keep_default_na=False)


def has_table(data_dir: Path, year: int, dataset: str) -> bool:
    return (config.processed_dir(data_dir, year) / f"{dataset}.csv").is_file()


def load_table(data_dir: Path, year: int, dataset: str) -> pd.DataFrame:
    import pandas as pd

    path = config.processed_dir(data_dir, year) / f"{dataset}.csv"
    kinds = {c.name: c.kind for c in contract.SCHEMAS[dataset]}
    dtypes = {
        name: {contract.NUMBER: "float64", contract.INTEGER: "Int64", contract.BOOL: "bool"}.get(
            kind, "str"
        )
        for name, kind in kinds.items()
        if name in output_columns(dataset)
    }
    frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    for name, kind in kinds.items():
        if kind == contract.DATE and name in frame:
            frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d").astype("datetime64[us]")
    return frame


def load_sources(data_dir: Path, year: int) -> dict:
    """The year's `sources.json` (input files, digests, manifest); {} when not processed."""
    path = config.processed_dir(data_dir, year) / SOURCES_NAME
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def is_processed(data_dir: Path, year: int) -> bool:
    return (config.processed_dir(data_dir, year) / SOURCES_NAME).is_file()


def processed_years(data_dir: Path) -> list[int]:
    """The years whose tables the pipeline wrote (their sources.json last, atomically)."""
    root = Path(data_dir) / "processed"
    return sorted(
        int(p.name)
        for p in root.glob("[0-9][0-9][0-9][0-9]")
        if p.is_dir() and (p / SOURCES_NAME).is_file()
    )


@cache
def _table_lines(path: Path, stamp: tuple) -> tuple[str, list[str]]:
    text = path.read_text(encoding="utf-8")
    header, _, body = text.partition("\n")
    return header, body.splitlines()


def table_digest(data_dir: Path, year: int, dataset: str, code: str | None = None) -> str:
    """A processed table of a year, or only the rows of one chamber (code_region first)."""
    path = config.processed_dir(data_dir, year) / f"{dataset}.csv"
    if not path.is_file():
        return digests.ABSENT
    if code is None:
        return digests.digest_file(path)
    stat = path.stat()
    header, lines = _table_lines(path, (stat.st_mtime_ns, stat.st_size))
    prefix = f"{code},"
    rows = [line for line in lines if line.startswith(prefix)]
    return digests.digest_bytes("\n".join([header, *rows]).encode())

"""The processed layer: validated tables written per year, and read back for the reports.

Plain UTF-8 CSV (point decimals, `true`/`false`) so that analysts can open
them; `load_table` restores the types. A year is replaced as a whole, through a
rename, so a failed or interrupted run never leaves half a year behind.
"""

from __future__ import annotations

import json
import shutil
import tempfile
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
TRACKING_COLUMNS = ["code_region", "reponse", "feuilles_vides"]


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
    return clean.sort_values(["code_region"], kind="stable").reset_index(drop=True)


def write_year(data_dir: Path, year: int, tables: dict[str, Table], results: YearResults) -> Path:
    """Publish a validated year in data/processed/<year>/, replacing it atomically."""
    target = config.processed_dir(data_dir, year)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{year}-", dir=target.parent))
    staging.chmod(0o755)
    try:
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
        }
        files.write_json(staging / SOURCES_NAME, sources)
        files.swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def tracking_frame(chambers: list) -> pd.DataFrame:
    """The survey's tracking as a table: no file names, no dates, only who answered what."""
    import pandas as pd

    return pd.DataFrame(
        [(c.code, c.status, ", ".join(c.empty_sheets)) for c in chambers],
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
    return pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])


def load_sources(data_dir: Path, year: int) -> dict:
    """The year's `sources.json` (input files, digests, manifest); {} when not processed."""
    path = config.processed_dir(data_dir, year) / SOURCES_NAME
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def is_processed(data_dir: Path, year: int) -> bool:
    return (config.processed_dir(data_dir, year) / SOURCES_NAME).is_file()


def processed_years(data_dir: Path) -> list[int]:
    root = Path(data_dir) / "processed"
    return sorted(int(p.name) for p in root.glob("[0-9][0-9][0-9][0-9]") if p.is_dir())


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

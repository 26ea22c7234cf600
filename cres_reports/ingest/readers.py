"""Read one raw dataset file, whatever variant of the contract it uses, into a typed frame.

Cell values that do not parse are left missing in the typed column; the text
as read is kept beside it (`<column>__raw`) so the expectation suites can say
which cell broke which rule. Only files that cannot be read as a table at all
raise `InputError`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import config
from . import bounds, contract, csvfile, xlsxfile
from .table import (
    HEADER_SEARCH_ROWS,
    RAW_SUFFIX,
    ROW,
    InputError,
    Rows,
    Table,
    header_at,
    no_header,
)
from .values import (
    close_name,
    header_name,
    parse_bool,
    parse_date,
    parse_integer,
    parse_number,
)

__all__ = [
    "RAW_SUFFIX",
    "ROW",
    "InputError",
    "Table",
    "find_file",
    "flat_files",
    "read_dataset",
    "read_sheet",
    "typed_frame",
]


def flat_files(year_dir: Path, dataset: str) -> list[Path]:
    """The dataset's flat files; names match in any case (`RH.CSV`), as on the analysts' Windows."""
    candidates = [f"{dataset}{suffix}" for suffix in config.FILE_SUFFIXES]
    files = sorted(p for p in year_dir.iterdir() if _entry(p)) if year_dir.is_dir() else []
    return [p for p in files if p.name.lower() in candidates]


def _entry(path: Path) -> bool:
    """A file, or a link (even broken): reading it says where it leads when it is refused."""
    return path.is_file() or path.is_symlink()


def find_file(year_dir: Path, dataset: str) -> Path:
    """The dataset's one flat file, or `InputError` saying it is missing or given twice."""
    candidates = [f"{dataset}{suffix}" for suffix in config.FILE_SUFFIXES]
    found = flat_files(year_dir, dataset)
    if not found:
        files = sorted(p for p in year_dir.iterdir() if p.is_file()) if year_dir.is_dir() else []
        names = " ou ".join(candidates)
        others = [p.name for p in files if p.stem.lower() == dataset]
        hint = (
            f" ; trouvé : {', '.join(others)}, format non lu : l'enregistrer en .csv ou .xlsx"
            if others
            else ""
        )
        raise InputError(
            year_dir / f"{dataset}.csv", f"fichier absent de {year_dir} ({names}){hint}"
        )
    if len(found) > 1:
        raise InputError(
            found[0],
            "deux fichiers pour le même jeu de données : "
            + ", ".join(p.name for p in found)
            + " ; n'en garder qu'un",
        )
    return found[0]


def read_dataset(year_dir: Path, dataset: str) -> Table:
    path = find_file(Path(year_dir), dataset)
    bounds.check_file(path)
    key = contract.header_key(dataset)
    if path.suffix.lower() == ".xlsx":
        rows, encoding, separator = xlsxfile.read_rows(path, key), "xlsx", None
    else:
        rows, encoding, separator = csvfile.read_rows(path, key)
    return _build_table(dataset, path, rows, encoding, separator)


def read_sheet(path: Path, dataset: str, title: str) -> Table:
    """The dataset from the sheet `title` of a workbook holding several datasets (the
    council's `conseil.xlsx`); what cannot be read is refused naming the sheet."""
    try:
        bounds.check_file(path)
        rows = xlsxfile.read_rows(path, contract.header_key(dataset), title)
        return _build_table(dataset, path, rows, "xlsx", sheet=title)
    except InputError as exc:
        if exc.sheet is not None:
            raise
        raise InputError(exc.path, exc.problem, exc.row, sheet=title) from None


def _build_table(
    dataset: str, path: Path, rows: Rows, encoding: str, separator=None, sheet=None
) -> Table:
    key = contract.header_key(dataset)
    rows = [(n, [str(c).strip() for c in cells]) for n, cells in rows]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        what = "la feuille ne contient" if sheet else "le fichier ne contient"
        raise InputError(path, f"{what} aucune ligne")
    header_index = header_at(rows, key)
    if header_index is None:
        raise no_header(path, [c for _, cells in rows[:HEADER_SEARCH_ROWS] for c in cells], key)
    header_line, header = rows[header_index]
    names = [header_name(c) for c in header]
    while names and not names[-1]:
        names.pop()
    _check_header(path, dataset, names, header_line)

    records, lines, short = [], [], []
    for line, cells in rows[header_index + 1 :]:
        extra = cells[len(names) :]
        if any(extra):
            raise InputError(
                path,
                f"{len(cells)} cellules pour {len(names)} colonnes d'en-tête "
                "(séparateur mélangé ou cellule en trop ?)",
                line,
            )
        if len(cells) < len(names):
            short.append((line, cells))
        cells = cells[: len(names)] + [""] * (len(names) - len(cells))
        if [header_name(c) for c in cells] == names:
            continue  # header repeated, as when files are pasted together
        records.append(cells)
        lines.append(line)
    if separator:  # after the loop: a row with cells in excess is the plainer message
        for line, cells in short:
            csvfile.refuse_other_separator(path, separator, cells, len(names), line)
    raw = pd.DataFrame(records, columns=names, dtype="str")
    expected = contract.column_names(dataset)
    ignored = [n for n in names if n and n not in expected]
    return Table(dataset, path, typed_frame(dataset, raw, lines), encoding, ignored)


def typed_frame(dataset: str, raw: pd.DataFrame, lines: list[int]) -> pd.DataFrame:
    """Text cells (one column per header name, "" when empty) -> the contract's typed columns.

    Personal columns are dropped here, the moment they have been read.
    """
    raw = raw.astype("str").replace("", pd.NA) if len(raw.columns) else raw
    frame = pd.DataFrame({ROW: pd.array(lines, dtype="int64")})
    for column in contract.SCHEMAS[dataset]:
        if column.name in contract.PERSONAL_COLUMNS:
            continue  # personal data: never kept past reading
        _add_typed(frame, column, raw[column.name] if column.name in raw else None, len(lines))
    return frame


def _check_header(path: Path, dataset: str, names: list[str], line: int) -> None:
    if "" in names:
        raise InputError(path, "une colonne de l'en-tête n'a pas de nom", line)
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise InputError(path, f"colonne en double dans l'en-tête : {', '.join(duplicated)}", line)
    missing = [c.name for c in contract.SCHEMAS[dataset] if c.required and c.name not in names]
    if missing:
        unknown = [n for n in names if n not in contract.column_names(dataset)]
        hints = [
            f"« {close} » est-elle {name} ? la renommer"
            for name in missing
            if (close := close_name(name, unknown))
        ]
        raise InputError(
            path,
            "colonne obligatoire absente de l'en-tête : "
            + ", ".join(missing)
            + "".join(f" ; {h}" for h in hints)
            + f" (colonnes attendues : {', '.join(contract.column_names(dataset))})",
            line,
        )


def _add_typed(frame: pd.DataFrame, column: contract.Column, raw: pd.Series | None, n: int):
    if raw is None:
        raw = pd.Series([pd.NA] * n, dtype="str")
    raw = raw.reset_index(drop=True)
    if column.kind in (contract.TEXT, contract.CODE):
        frame[column.name] = raw
        return
    if column.kind == contract.DATE:
        days = [None if pd.isna(v) else parse_date(v) for v in raw]
        frame[column.name] = pd.to_datetime(pd.Series(days, dtype=object)).astype("datetime64[us]")
        frame[column.name + RAW_SUFFIX] = raw
        return
    parse = {
        contract.NUMBER: parse_number,
        contract.INTEGER: parse_integer,
        contract.BOOL: parse_bool,
    }[column.kind]
    values = [None if pd.isna(v) else parse(v) for v in raw]
    # Plain float and object columns: Great Expectations trips on pandas' nullable dtypes.
    dtype = object if column.kind == contract.BOOL else "float64"
    frame[column.name] = pd.Series(values, dtype=dtype)
    frame[column.name + RAW_SUFFIX] = raw

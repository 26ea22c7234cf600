"""Read one raw dataset file, whatever variant of the contract it uses, into a typed frame.

Cell values that do not parse are left missing in the typed column; the text
as read is kept beside it (`<column>__raw`) so the expectation suites can say
which cell broke which rule. Only files that cannot be read as a table at all
raise `InputError`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import config, contract

ROW = "_row"  # line (CSV) or sheet row (xlsx) of each record in its file
RAW_SUFFIX = "__raw"

# The number formats the contract allows: decimal comma or point, thousands
# grouped by a space, U+00A0 or U+202F (or not at all), an optional euro sign.
# expectations/*.json carry the same pattern; a test keeps them equal.
NUMBER_PATTERN = (
    "^-?(?:[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)(?:[.,][0-9]+)?(?:[ \u00a0\u202f]?€)?$"
)
INTEGER_PATTERN = "^-?[0-9]+$"
BOOL_PATTERN = "^(?i:oui|non)$"
_NUMBER_RE = re.compile(NUMBER_PATTERN)
_BLANKS = str.maketrans("", "", " \u00a0\u202f€")
_HEADER_SEARCH_ROWS = 20
_ENCODINGS = ("utf-8", "cp1252")


class InputError(Exception):
    """A file that cannot be read as a table; the message is for the analyst."""

    def __init__(self, path: Path, problem: str, row: int | None = None):
        self.path, self.problem, self.row = Path(path), problem, row
        where = f", ligne {row}" if row else ""
        super().__init__(f"{self.path.name}{where} : {problem}")


@dataclass
class Table:
    dataset: str
    path: Path
    frame: pd.DataFrame  # contract columns typed, `__raw` text, `_row`
    encoding: str = ""
    ignored_columns: list[str] = field(default_factory=list)


def parse_number(text: str | None) -> float | None:
    if text is None or not _NUMBER_RE.match(text):
        return None
    return float(text.translate(_BLANKS).replace(",", "."))


def parse_integer(text: str | None) -> int | None:
    if text is None or not re.match(INTEGER_PATTERN, text):
        return None
    return int(text)


def parse_bool(text: str | None) -> bool | None:
    return {"oui": True, "non": False}.get((text or "").lower())


def find_file(year_dir: Path, dataset: str) -> Path:
    candidates = [year_dir / f"{dataset}{suffix}" for suffix in config.FILE_SUFFIXES]
    found = [p for p in candidates if p.is_file()]
    if not found:
        names = " ou ".join(p.name for p in candidates)
        raise InputError(year_dir / f"{dataset}.csv", f"fichier absent de {year_dir} ({names})")
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
    if path.suffix == ".xlsx":
        rows, encoding = _xlsx_rows(path), "xlsx"
    else:
        text, encoding = _decode(path)
        rows = _csv_rows(path, text)
    return _build_table(dataset, path, rows, encoding)


def _decode(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "le fichier est vide")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise InputError(
            path,
            "ce n'est pas un fichier texte CSV en UTF-8 ou Windows-1252 "
            "(UTF-16 ou fichier binaire ?) : l'enregistrer en CSV UTF-8",
        )
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.removeprefix("\ufeff"), encoding
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    hint = f" (l'outil de détection y voit du {guess.encoding})" if guess else ""
    raise InputError(path, f"encodage inconnu{hint} : l'enregistrer en UTF-8 ou Windows-1252")


def _sniff_separator(path: Path, text: str) -> str:
    for line in text.splitlines()[:_HEADER_SEARCH_ROWS]:
        if "code_region" in line.lower():
            counts = {sep: line.count(sep) for sep in ";,"}
            return max(counts, key=counts.get)
    raise InputError(path, "aucune ligne d'en-tête trouvée (la colonne code_region manque)")


def _csv_rows(path: Path, text: str) -> list[tuple[int, list]]:
    separator = _sniff_separator(path, text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows = []
    try:
        for record in reader:
            rows.append((reader.line_num, record))
    except csv.Error as exc:
        raise InputError(path, f"CSV illisible : {exc}", reader.line_num) from None
    return rows


def _xlsx_rows(path: Path) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputError(path, f"classeur Excel illisible ({type(exc).__name__})") from None
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, [_cell_text(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _build_table(dataset: str, path: Path, rows: list[tuple[int, list]], encoding: str) -> Table:
    rows = [(n, [str(c).strip() for c in cells]) for n, cells in rows]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        raise InputError(path, "le fichier ne contient aucune ligne")
    header_at = next(
        (
            i
            for i, (_, cells) in enumerate(rows[:_HEADER_SEARCH_ROWS])
            if "code_region" in (c.lower() for c in cells)
        ),
        None,
    )
    if header_at is None:
        raise InputError(path, "aucune ligne d'en-tête trouvée (la colonne code_region manque)")
    header_line, header = rows[header_at]
    names = [c.lower() for c in header]
    while names and not names[-1]:
        names.pop()
    _check_header(path, dataset, names, header_line)

    records, lines = [], []
    for line, cells in rows[header_at + 1 :]:
        extra = cells[len(names) :]
        if any(extra):
            raise InputError(
                path,
                f"{len(cells)} cellules pour {len(names)} colonnes d'en-tête "
                "(séparateur mélangé ou cellule en trop ?)",
                line,
            )
        cells = cells[: len(names)] + [""] * (len(names) - len(cells))
        if [c.lower() for c in cells] == names:
            continue  # header repeated, as when files are pasted together
        records.append(cells)
        lines.append(line)
    raw = pd.DataFrame(records, columns=names, dtype="str").replace("", pd.NA)
    expected = contract.column_names(dataset)
    frame = pd.DataFrame({ROW: pd.array(lines, dtype="int64")})
    for column in contract.SCHEMAS[dataset]:
        if column.name in contract.PERSONAL_COLUMNS:
            continue  # personal data: never kept past reading
        _add_typed(frame, column, raw[column.name] if column.name in raw else None, len(lines))
    ignored = [n for n in names if n and n not in expected]
    return Table(dataset, path, frame, encoding, ignored)


def _check_header(path: Path, dataset: str, names: list[str], line: int) -> None:
    if "" in names:
        raise InputError(path, "une colonne de l'en-tête n'a pas de nom", line)
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise InputError(path, f"colonne en double dans l'en-tête : {', '.join(duplicated)}", line)
    missing = [c.name for c in contract.SCHEMAS[dataset] if c.required and c.name not in names]
    if missing:
        raise InputError(
            path,
            "colonne obligatoire absente de l'en-tête : "
            + ", ".join(missing)
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

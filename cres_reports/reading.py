"""Read one raw dataset file, whatever variant of the contract it uses, into a typed frame.

Cell values that do not parse are left missing in the typed column; the text
as read is kept beside it (`<column>__raw`) so the expectation suites can say
which cell broke which rule. Only files that cannot be read as a table at all
raise `InputError`.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
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
_KEY = "code_region"  # the column that marks the header row
# Letters that French text in Windows-1252 never holds, but that Mac Roman (é è à ô â û)
# or ISO-8859-15 (€) bytes become when read as Windows-1252: the file is not in the contract.
_MISREAD = re.compile("[¤]|(?<=[A-Za-z])[Žž™‰ˆƒ]|[Žž™‰ˆƒ](?=[a-z])")


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
    """The dataset's file; names match in any case (`RH.CSV`), as on the analysts' Windows."""
    candidates = [f"{dataset}{suffix}" for suffix in config.FILE_SUFFIXES]
    files = sorted(p for p in year_dir.iterdir() if p.is_file()) if year_dir.is_dir() else []
    found = [p for p in files if p.name.lower() in candidates]
    if not found:
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
    if path.suffix.lower() == ".xlsx":
        rows, encoding, separator = _xlsx_rows(path), "xlsx", None
    else:
        text, encoding = _decode(path)
        separator = _sniff_separator(path, text)
        rows = _csv_rows(path, text, separator)
    return _build_table(dataset, path, rows, encoding, separator)


def header_name(cell: str) -> str:
    """A header cell as the contract spells it: `Code Region ` and `CODE_REGION` are code_region.

    Case and spaces are forgiven (spreadsheets capitalise and pad); accents are not: a
    renamed column gets a hint instead (see `_close_name`).
    """
    return re.sub(r"[\s-]+", "_", cell.strip().lower())


def _fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _close_name(expected: str, names: list[str], cutoff: float = 0.6) -> str | None:
    """The header cell that was most likely meant as `expected` (accents dropped, typos)."""
    folded = {_fold(n): n for n in names if n}
    match = difflib.get_close_matches(expected, list(folded), n=1, cutoff=cutoff)
    return folded[match[0]] if match else None


def _no_header(path: Path, candidates: list[str]) -> InputError:
    # Stricter than for a header already found: here any data cell is a candidate.
    close = _close_name(_KEY, [header_name(c) for c in candidates], cutoff=0.8)
    hint = f" ; « {close} » est-elle la colonne {_KEY} ? la renommer" if close else ""
    return InputError(
        path,
        f"aucune ligne d'en-tête trouvée (la colonne {_KEY} manque){hint} ; "
        "la ligne d'en-tête porte les noms de colonnes du contrat",
    )


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
        if encoding != "utf-8":
            _refuse_mixed_encodings(path, data)
            _refuse_misread_letters(path, text)
        return text.removeprefix("\ufeff"), encoding
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    hint = f" (l'outil de détection y voit du {guess.encoding})" if guess else ""
    raise InputError(path, f"encodage inconnu{hint} : l'enregistrer en UTF-8 ou Windows-1252")


def _refuse_mixed_encodings(path: Path, data: bytes) -> None:
    """Lines pasted from a UTF-8 file into a Windows-1252 one would be read as `Ã©`: refuse."""
    first: dict[bool, int] = {}
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.isascii():
            try:
                line.decode("utf-8")
                first.setdefault(True, number)
            except UnicodeDecodeError:
                first.setdefault(False, number)
    if len(first) == 2:
        utf8, cp1252 = first[True], first[False]
        raise InputError(
            path,
            f"encodages mélangés : la ligne {utf8} est en UTF-8, la ligne {cp1252} en "
            "Windows-1252 ; enregistrer tout le fichier en UTF-8",
            max(utf8, cp1252),
        )


def _refuse_misread_letters(path: Path, text: str) -> None:
    """Mac Roman or ISO-8859-15 bytes decode as Windows-1252 without error, into wrong letters."""
    for number, line in enumerate(text.split("\n"), start=1):
        found = _MISREAD.search(line)
        if found:
            raise InputError(
                path,
                f"caractère « {found.group()} » inattendu (« {line.strip()[:60]} ») : "
                "encodage Mac Roman ou ISO-8859-15 ? l'enregistrer en UTF-8",
                number,
            )


def _sniff_separator(path: Path, text: str) -> str:
    lines = text.splitlines()[:_HEADER_SEARCH_ROWS]
    for line in lines:
        if _KEY in header_name(line):
            counts = {sep: line.count(sep) for sep in ";,"}
            return max(counts, key=counts.get)
    raise _no_header(path, [cell for line in lines for cell in re.split("[;,]", line)])


def _csv_rows(path: Path, text: str, separator: str) -> list[tuple[int, list]]:
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
        rows = [
            (number, [_cell_text(v) for v in values])
            for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1)
        ]
        if _header_at(rows) is None:
            _refuse_data_on_other_sheet(path, workbook)
    finally:
        workbook.close()
    _refuse_formulas_without_values(path, rows)
    return rows


def _refuse_data_on_other_sheet(path: Path, workbook) -> None:
    """The contract reads the first sheet; say so when the table sits on another one."""
    for sheet in workbook.worksheets[1:]:
        rows = [
            (n, [_cell_text(v) for v in values])
            for n, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        if _header_at(rows) is not None:
            raise InputError(
                path,
                f"la première feuille « {workbook.worksheets[0].title} » n'a pas d'en-tête ; "
                f"le tableau est sur la feuille « {sheet.title} » : le placer sur la "
                "première feuille",
            )


def _refuse_formulas_without_values(path: Path, rows: list[tuple[int, list]]) -> None:
    """A formula whose result was never saved (file written by a script) reads as empty."""
    if not any(c == "" for _, cells in rows for c in cells):
        return
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        formulas = enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
        for (number, cells), (_, values) in zip(rows, formulas, strict=False):
            for index, (text, value) in enumerate(zip(cells, values, strict=False)):
                if text == "" and isinstance(value, str) and value.startswith("="):
                    at = _header_at(rows)
                    header = [header_name(c) for c in rows[at][1]] if at is not None else []
                    column = f"colonne {header[index]}, " if index < len(header) else ""
                    raise InputError(
                        path,
                        f"{column}cellule {get_column_letter(index + 1)}{number} : formule sans "
                        f"valeur enregistrée (« {value[:40]} ») ; ouvrir le classeur dans le "
                        "tableur et l'enregistrer",
                        number,
                    )
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


def _header_at(rows: list[tuple[int, list]]) -> int | None:
    return next(
        (
            i
            for i, (_, cells) in enumerate(rows[:_HEADER_SEARCH_ROWS])
            if _KEY in (header_name(str(c)) for c in cells)
        ),
        None,
    )


def _build_table(
    dataset: str, path: Path, rows: list[tuple[int, list]], encoding: str, separator=None
) -> Table:
    rows = [(n, [str(c).strip() for c in cells]) for n, cells in rows]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        raise InputError(path, "le fichier ne contient aucune ligne")
    header_at = _header_at(rows)
    if header_at is None:
        raise _no_header(path, [c for _, cells in rows[:_HEADER_SEARCH_ROWS] for c in cells])
    header_line, header = rows[header_at]
    names = [header_name(c) for c in header]
    while names and not names[-1]:
        names.pop()
    _check_header(path, dataset, names, header_line)

    records, lines, short = [], [], []
    for line, cells in rows[header_at + 1 :]:
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
            _refuse_other_separator(path, separator, cells, len(names), line)
    raw = pd.DataFrame(records, columns=names, dtype="str").replace("", pd.NA)
    expected = contract.column_names(dataset)
    frame = pd.DataFrame({ROW: pd.array(lines, dtype="int64")})
    for column in contract.SCHEMAS[dataset]:
        if column.name in contract.PERSONAL_COLUMNS:
            continue  # personal data: never kept past reading
        _add_typed(frame, column, raw[column.name] if column.name in raw else None, len(lines))
    ignored = [n for n in names if n and n not in expected]
    return Table(dataset, path, frame, encoding, ignored)


def _refuse_other_separator(path: Path, separator: str, cells: list, width: int, line: int):
    """A short row holding the other separator: a line pasted from a file written differently."""
    other = ";" if separator == "," else ","
    if sum(c.count(other) for c in cells) >= width - 1:
        raise InputError(
            path,
            f"cette ligne est séparée par « {other} » alors que l'en-tête l'est par "
            f"« {separator} » : un seul séparateur par fichier",
            line,
        )


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
            if (close := _close_name(name, unknown))
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

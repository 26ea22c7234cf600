"""A raw dataset as rows of text cells, and the error that says a file cannot be read as one.

Both file kinds (CSV, xlsx) give their rows as (line number, cells); the header
row is the first row, among the first 20, holding `code_region` (or the column that
marks the header of a dataset without it: `contract.header_key`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import COUNCIL_DIR, RESPONSES_DIR
from .values import close_name, header_name

if TYPE_CHECKING:  # pandas is imported where tables are built, not to name an error
    import pandas as pd

ROW = "_row"  # line (CSV) or sheet row (xlsx) of each record in its file
# Survey rows come from many workbooks: where each one was read, beside `_row`.
FILE = "_fichier"  # the response's file name
CELLS = "_cellules"  # JSON {column: "Feuille!B7"}: the cell each value was read from
ORIGIN_COLUMNS = (FILE, CELLS)
RAW_SUFFIX = "__raw"
HEADER_SEARCH_ROWS = 20
KEY = "code_region"  # the column that marks the header row

Rows = list[tuple[int, list]]


class InputError(Exception):
    """A file that cannot be read as a table; the message is for the analyst.

    A survey response is named with its folder (`reponses/enquete-53.xlsx`), and with
    the sheet and the cell when the problem has one.
    """

    def __init__(
        self,
        path: Path,
        problem: str,
        row: int | None = None,
        *,
        sheet: str | None = None,
        cell: str | None = None,
    ):
        self.path, self.problem, self.row = Path(path), problem, row
        self.sheet, self.cell = sheet, cell
        where = f", ligne {row}" if row else ""
        where += f", feuille {sheet}" if sheet else ""
        where += f", cellule {cell}" if cell else ""
        super().__init__(f"{shown_name(self.path)}{where} : {problem}")


def shown_name(path: Path) -> str:
    """A raw file as the analyst finds it in the year folder, control characters escaped."""
    path = Path(path)
    name = printable(path.name)
    folder = path.parent.name
    return f"{folder}/{name}" if folder in (RESPONSES_DIR, COUNCIL_DIR) else name


def source_name(path: Path) -> str:
    """A dataset's file as its year folder holds it: `rh.csv`, `conseil/reunions.csv`."""
    path = Path(path)
    name = printable(path.name)
    return f"{COUNCIL_DIR}/{name}" if path.parent.name == COUNCIL_DIR else name


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(name: str) -> str:
    """A file name as it may be shown, on a terminal or in a page: control and format
    characters (a newline, ESC, a right-to-left override) and undecodable bytes escaped
    (`\\n`, `\\x1b`, `\\u202e`), everything else as it is. Escaping twice changes nothing."""
    return "".join(_escaped(c) if unicodedata.category(c) in _HIDDEN else c for c in name)


_HIDDEN = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _escaped(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte the file system name held that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass
class Table:
    dataset: str
    path: Path
    frame: pd.DataFrame  # contract columns typed, `__raw` text, `_row`
    encoding: str = ""
    ignored_columns: list[str] = field(default_factory=list)


def header_at(rows: Rows, key: str = KEY) -> int | None:
    return next(
        (
            i
            for i, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS])
            if key in (header_name(str(c)) for c in cells)
        ),
        None,
    )


def no_header(path: Path, candidates: list[str], key: str = KEY) -> InputError:
    # Stricter than for a header already found: here any data cell is a candidate.
    close = close_name(key, [header_name(c) for c in candidates], cutoff=0.8)
    hint = f" ; « {close} » est-elle la colonne {key} ? la renommer" if close else ""
    return InputError(
        path,
        f"aucune ligne d'en-tête trouvée (la colonne {key} manque){hint} ; "
        "la ligne d'en-tête porte les noms de colonnes du contrat",
    )


def cell_name(row: int, column: int) -> str:
    """A cell as spreadsheets name it: (7, 2) → `B7`."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"

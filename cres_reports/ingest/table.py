"""A raw dataset as rows of text cells, and the error that says a file cannot be read as one.

Both file kinds (CSV, xlsx) give their rows as (line number, cells); the header
row is the first row, among the first 20, holding `code_region`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .values import close_name, header_name

ROW = "_row"  # line (CSV) or sheet row (xlsx) of each record in its file
RAW_SUFFIX = "__raw"
HEADER_SEARCH_ROWS = 20
KEY = "code_region"  # the column that marks the header row

Rows = list[tuple[int, list]]


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


def header_at(rows: Rows) -> int | None:
    return next(
        (
            i
            for i, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS])
            if KEY in (header_name(str(c)) for c in cells)
        ),
        None,
    )


def no_header(path: Path, candidates: list[str]) -> InputError:
    # Stricter than for a header already found: here any data cell is a candidate.
    close = close_name(KEY, [header_name(c) for c in candidates], cutoff=0.8)
    hint = f" ; « {close} » est-elle la colonne {KEY} ? la renommer" if close else ""
    return InputError(
        path,
        f"aucune ligne d'en-tête trouvée (la colonne {KEY} manque){hint} ; "
        "la ligne d'en-tête porte les noms de colonnes du contrat",
    )

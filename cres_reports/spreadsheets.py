"""Text written for spreadsheets that no spreadsheet runs as a formula (OWASP CSV injection).

A chamber's free text (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`, `+33 …`, `@SUM(…)`)
reaches the CSV and Excel downloads and the questionnaires sent back to the chambers,
all opened in Excel. In a CSV file, Excel reads a cell starting with `=`, `+`, `-`, `@`,
a tab or a carriage return as a formula: such text gets a leading `'`, which Excel and
LibreOffice show as the text itself. In a workbook, openpyxl stores any string starting
with `=` as a formula: such cells are turned back into string cells. Numbers are never
touched (a negative amount stays a number).
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """`text` as a CSV cell that Excel shows as text, never evaluates."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def keep_as_text(cell) -> None:
    """An openpyxl cell holding a string stays a string cell, whatever it starts with."""
    if isinstance(cell.value, str):
        cell.data_type = "s"

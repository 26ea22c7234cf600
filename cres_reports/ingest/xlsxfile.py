"""Excel workbooks (.xlsx): a sheet's rows (the first, or one named), saved values, no formulas."""

from __future__ import annotations

from pathlib import Path

from .table import KEY, InputError, Rows, header_at
from .values import cell_text, header_name


def _open(path: Path, data_only: bool = True):
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputError(path, f"classeur Excel illisible ({type(exc).__name__})") from None


def sheet_titles(path: Path) -> list[str]:
    """The titles of the workbook's sheets, in order."""
    workbook = _open(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def read_rows(path: Path, key: str = KEY, sheet: str | None = None) -> Rows:
    """The rows of the first sheet, or of the sheet titled `sheet` (`key`: the column that
    marks the header row)."""
    workbook = _open(path)
    try:
        worksheet = workbook.worksheets[0] if sheet is None else workbook[sheet]
        title = worksheet.title
        rows = [
            (number, [cell_text(v) for v in values])
            for number, values in enumerate(worksheet.iter_rows(values_only=True), 1)
        ]
        if sheet is None and header_at(rows, key) is None:
            _refuse_data_on_other_sheet(path, workbook, key)
    finally:
        workbook.close()
    _refuse_formulas_without_values(path, rows, key, title)
    return rows


def _refuse_data_on_other_sheet(path: Path, workbook, key: str) -> None:
    """The contract reads the first sheet; say so when the table sits on another one."""
    for sheet in workbook.worksheets[1:]:
        rows = [
            (n, [cell_text(v) for v in values])
            for n, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        if header_at(rows, key) is not None:
            raise InputError(
                path,
                f"la première feuille « {workbook.worksheets[0].title} » n'a pas d'en-tête ; "
                f"le tableau est sur la feuille « {sheet.title} » : le placer sur la "
                "première feuille",
            )


def _refuse_formulas_without_values(path: Path, rows: Rows, key: str, title: str) -> None:
    """A formula whose result was never saved (file written by a script) reads as empty."""
    if not any(c == "" for _, cells in rows for c in cells):
        return
    from openpyxl.utils import get_column_letter

    workbook = _open(path, data_only=False)
    try:
        formulas = enumerate(workbook[title].iter_rows(values_only=True), start=1)
        for (number, cells), (_, values) in zip(rows, formulas, strict=False):
            for index, (text, value) in enumerate(zip(cells, values, strict=False)):
                if text == "" and isinstance(value, str) and value.startswith("="):
                    at = header_at(rows, key)
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

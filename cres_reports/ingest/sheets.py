"""A workbook (.xlsx or .ods) as named grids of saved cell values, with its formulas and last save.

The survey's responses are read through this one shape, whatever program saved
them. Cells are addressed as spreadsheets show them (`B7`); only non-empty cells
are kept. A formula whose result was never saved is kept apart so the reader can
refuse it by its cell instead of reading it as empty.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import bounds
from .table import InputError

Value = str | float | int | bool | dt.datetime


@dataclass
class Grid:
    name: str
    cells: dict[tuple[int, int], Value] = field(default_factory=dict)  # (row, column) from 1
    unsaved_formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: bool = False

    def value(self, row: int, column: int) -> Value | None:
        return self.cells.get((row, column))

    @property
    def last_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)


@dataclass
class Workbook:
    path: Path
    grids: list[Grid]
    saved: dt.datetime | None  # the last save, from the document's properties

    def grid(self, name: str) -> Grid | None:
        return next((g for g in self.grids if g.name == name), None)


def read_workbook(path: Path) -> Workbook:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".ods"):
        bounds.check_file(path)
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".ods":
        return _read_ods(path)
    raise InputError(path, "format non lu : une réponse est un classeur .xlsx ou .ods")


# --------------------------------------------------------------------------- xlsx


def _read_xlsx(path: Path) -> Workbook:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            has_formulas = any(
                b"<f" in archive.read(n)
                for n in archive.namelist()
                if n.startswith("xl/worksheets/") and n.endswith(".xml")
            )
        values = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False) if has_formulas else None
    except Exception as exc:  # openpyxl and zipfile raise many kinds for a broken file
        raise InputError(path, f"classeur Excel illisible ({type(exc).__name__})") from None
    grids = []
    for sheet in values.worksheets:
        grid = Grid(sheet.title, hidden=sheet.sheet_state != "visible")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None and cell.value != "":
                    grid.cells[(cell.row, cell.column)] = cell.value
        if formulas is not None:
            for row in formulas[sheet.title].iter_rows():
                for cell in row:
                    text = getattr(cell.value, "text", cell.value)  # ArrayFormula keeps .text
                    where = (cell.row, cell.column)
                    if isinstance(text, str) and text.startswith("=") and where not in grid.cells:
                        grid.unsaved_formulas[where] = text
        grids.append(grid)
    modified = values.properties.modified
    return Workbook(path, grids, modified if isinstance(modified, dt.datetime) else None)


# --------------------------------------------------------------------------- ods


def _read_ods(path: Path) -> Workbook:
    from odf import dc, teletype
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.table import Table, TableRow

    try:
        document = load(str(path))
    except Exception as exc:  # odfpy raises zip, XML and key errors for a broken file
        raise InputError(path, f"classeur OpenDocument illisible ({type(exc).__name__})") from None
    hidden_styles = _hidden_table_styles(document)
    grids = []
    for table in document.spreadsheet.getElementsByType(Table):
        grid = Grid(str(table.getAttribute("name")))
        grid.hidden = table.getAttribute("stylename") in hidden_styles
        row_number = 0
        for row in table.getElementsByType(TableRow):
            repeat = int(row.getAttribute("numberrowsrepeated") or 1)
            column = 0
            for cell in row.childNodes:
                if cell.qname[0] != TABLENS or cell.qname[1] not in (
                    "table-cell",
                    "covered-table-cell",
                ):
                    continue
                span = int(cell.getAttribute("numbercolumnsrepeated") or 1)
                plain = cell.qname[1] == "table-cell"
                value = _ods_value(cell, teletype) if plain else None
                formula = cell.getAttribute("formula") if plain else None
                # Empty repeats (LibreOffice ends rows and sheets with them) are skipped; filled
                # ones were counted against the cell limit before the file was opened (bounds).
                if value is not None or formula:
                    for r in range(row_number + 1, row_number + 1 + repeat):
                        for c in range(column + 1, column + 1 + span):
                            if value is not None:
                                grid.cells[(r, c)] = value
                            else:
                                grid.unsaved_formulas[(r, c)] = str(formula).removeprefix("of:")
                column += span
            row_number += repeat
        grids.append(grid)
    saved = None
    for element in document.meta.getElementsByType(dc.Date):
        saved = _iso_datetime(teletype.extractText(element))
    return Workbook(path, grids, saved)


def _hidden_table_styles(document) -> set[str]:
    from odf.style import Style, TableProperties

    hidden = set()
    for style in document.automaticstyles.getElementsByType(Style):
        for properties in style.getElementsByType(TableProperties):
            if str(properties.getAttribute("display")).lower() == "false":
                hidden.add(style.getAttribute("name"))
    return hidden


def _ods_value(cell, teletype) -> Value | None:
    kind = cell.getAttribute("valuetype")
    if kind in ("float", "percentage", "currency"):
        number = float(cell.getAttribute("value"))
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        return str(cell.getAttribute("booleanvalue")).lower() == "true"
    if kind == "date":
        return _iso_datetime(str(cell.getAttribute("datevalue"))) or str(
            cell.getAttribute("datevalue")
        )
    if kind in ("string", None, ""):
        from odf.namespaces import TEXTNS

        # Direct paragraphs only: a comment (office:annotation) holds paragraphs too.
        paragraphs = [n for n in cell.childNodes if n.qname == (TEXTNS, "p")]
        text = "\n".join(teletype.extractText(p) for p in paragraphs)
        if kind == "string" or text:
            return text or None
        return None
    value = cell.getAttribute("value") or cell.getAttribute("stringvalue")
    return str(value) if value else None


def _iso_datetime(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None

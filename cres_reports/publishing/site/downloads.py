"""Every table of a page as CSV files and one Excel workbook, written from the executed notebook.

The notebooks' tables carry their values in a second output type (`present.display`
`TABLE_MIME`); after a page is rendered, its downloads are written once per executed
notebook into the build cache, then published beside the year's pages:

    reports/<year>/telechargements/<page>/<nn>-<caption>.csv   one per table
    reports/<year>/telechargements/<page>/<page>-<year>.xlsx   one sheet per table

CSV files are what French spreadsheets open directly: UTF-8 with a BOM, `;` between
cells, decimal comma, CRLF. Same tables, same bytes (fixed dates inside the workbook).
Text never becomes a formula in either (`spreadsheets.py`): the tables carry chambers'
free text, and the quality report the values read from refused files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from ... import files
from ...present import DOWNLOAD_SCHEME, TABLE_MIME, WORKBOOK_LINK
from ...spreadsheets import csv_text, keep_as_text

FOLDER = "telechargements"
STAMP = dt.datetime(2000, 1, 1)  # the date written inside workbooks: fixed, for identical bytes
UNITS = {"euros": " (€)", "signed_euros": " (€)", "percent": " (%)", "signed_percent": " (%)"}
EXCEL_FORMATS = {
    "euros": '#,##0\\ "€";\\-#,##0\\ "€"',
    "signed_euros": '+#,##0\\ "€";\\-#,##0\\ "€";0\\ "€"',
    "percent": "0.0%",
    "signed_percent": "+0.0%;-0.0%;0.0%",
    "fte": "0.0",
    "signed_fte": "+0.0;-0.0;0.0",
    "count": "0",
    "signed_count": "+0;-0;0",
}


def page_slug(page: str) -> str:
    """`financement.html` → `financement`; `fiches/73.html` → `fiche-73`."""
    stem = page.removesuffix(".html")
    return f"fiche-{stem.split('/', 1)[1]}" if stem.startswith("fiches/") else stem


def folder_of(page: str) -> str:
    """The page's downloads folder, inside its year."""
    return f"{FOLDER}/{page_slug(page)}/"


def workbook_name(page: str, year: int) -> str:
    return f"{page_slug(page)}-{year}.xlsx"


def links(page: str, year: int) -> dict[str, str]:
    """What the page's placeholder links become: its folder (relative to it), its workbook."""
    up = "../" * page.count("/")
    return {"folder": up + folder_of(page), "workbook": workbook_name(page, year)}


def resolve(page_html: str, downloads: dict[str, str] | None) -> str:
    """The page with its placeholder links pointing at its downloads (or unlinked when none)."""
    if not downloads:
        return re.sub(r'<p class="cres-download">.*?</p>', "", page_html, flags=re.DOTALL)
    page_html = page_html.replace(WORKBOOK_LINK, downloads["folder"] + downloads["workbook"])
    return page_html.replace(DOWNLOAD_SCHEME, downloads["folder"])


def tables(executed: Path) -> list[dict]:
    """The tables of an executed notebook, in page order."""
    import nbformat  # not for a build with nothing to render

    nb = nbformat.read(Path(executed), as_version=4)
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            bundle = output.get("data", {}).get(TABLE_MIME)
            if bundle:
                found.extend(bundle["tables"])
    return found


def _csv_value(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (int, float)):
        if kind in ("percent", "signed_percent"):
            value = round(value * 100, 4)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).replace(".", ",")
    return csv_text(str(value))


def _headers(table: dict) -> list[str]:
    return [
        csv_text(f"{c}{UNITS.get(k, '')}")
        for c, k in zip(table["columns"], table["kinds"], strict=True)
    ]


def csv_bytes(table: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers(table))
    for row in table["rows"]:
        writer.writerow([_csv_value(v, k) for v, k in zip(row, table["kinds"], strict=True)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet_title(table: dict, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", table["caption"]).strip()
    title = title[:31] if table["caption"] else table["name"][:31]
    base, n = title, 2
    while title in taken:
        title = f"{base[:28]} {n}"
        n += 1
    taken.add(title)
    return title


def workbook_bytes(found: list[dict]) -> bytes:
    """One sheet per table: header row, values as numbers with the page's formats."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from ...survey.workbook import fixed_zip

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in found:
        sheet = book.create_sheet(_sheet_title(table, taken))
        sheet.append(table["columns"])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table["rows"]:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                keep_as_text(cell)
        for index, (column, kind) in enumerate(zip(table["columns"], table["kinds"], strict=True)):
            letter = get_column_letter(index + 1)
            widest = max([len(str(column))] + [len(str(r[index] or "")) for r in table["rows"]])
            sheet.column_dimensions[letter].width = min(60, max(10, widest + 2))
            if kind in EXCEL_FORMATS:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
                    cell.number_format = EXCEL_FORMATS[kind]
        sheet.freeze_panes = "A2"
    if not found:
        book.create_sheet("Aucun tableau")
    book.properties.creator = "CNCRES"
    book.properties.created = STAMP
    book.properties.modified = STAMP
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue(), STAMP)


def write(executed: Path, folder: Path, workbook: str) -> list[Path]:
    """Write the page's CSV files and workbook into `folder` (replacing what was there)."""
    found = tables(executed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = [files.write_bytes(folder / f"{t['name']}.csv", csv_bytes(t)) for t in found]
    written.append(files.write_bytes(folder / workbook, workbook_bytes(found)))
    return written


def cached(cache_root: Path, exec_key: str, page: str, year: int, executed: Path) -> dict:
    """The page's downloads from the cache, written there first if needed.

    Returns {path inside the year folder: cached file}.
    """
    folder = Path(cache_root) / "downloads" / exec_key
    done = folder / ".complete"
    if not done.is_file():
        write(executed, folder, workbook_name(page, year))
        done.write_text("", encoding="utf-8")
    return {
        folder_of(page) + p.name: p
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != done.name
    }

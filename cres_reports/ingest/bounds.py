"""Untrusted raw files held to the reading limits (link, size, unpacked size, cells) before parsing.

Every file of `data/raw/<year>/` and of its `reponses/` comes from outside: a
chamber's workbook may be a zip bomb, an .ods may repeat one cell millions of
times, a link may lead anywhere on the disk. `check_file` refuses those with
one French sentence naming the file, before openpyxl, odfpy or the CSV reader
sees a byte of it: sizes are read from the zip's central directory, and each
XML part is streamed through expat, counting, with nothing kept. The limits
are settings (`config.MAX_*`, each changed by its environment variable).
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from pathlib import Path
from xml.parsers import expat

from .. import config, digests
from .table import InputError, cell_name

ZIP_SUFFIXES = (".xlsx", ".ods")
RATIO_FLOOR = 2**20  # a part unpacking to less than this is never refused for its ratio
# XML elements a part may hold, per allowed cell: what a parser builds from a part is about
# 1 KB an element for odfpy, less for openpyxl; a worksheet holds 2 to 4 elements a cell.
ELEMENTS_PER_CELL = 1
SHEET_ELEMENTS_PER_CELL = 4
_CHUNK = 2**16
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})$")
_REPEAT = re.compile(r"[0-9]{1,9}$")
_HINT = "classeur anormal : l'ouvrir dans le tableur et l'enregistrer à nouveau"


def check_file(path: Path) -> None:
    """Refuse a raw file leading outside the data folder, not a plain file, or too large."""
    path = Path(path)
    check_link(path)
    try:
        info = path.stat()
    except OSError:
        raise InputError(path, "fichier illisible (lien cassé ?)") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, "ce n'est pas un fichier ordinaire : y placer le fichier lui-même")
    if info.st_size > config.MAX_FILE_BYTES:
        raise InputError(
            path,
            f"fichier de {_size(info.st_size)}, au-delà de la limite de "
            f"{_size(config.MAX_FILE_BYTES)} (CRES_MAX_FILE_MB) : vérifier que c'est le bon "
            "fichier, ou relever la limite",
        )
    if path.suffix.lower() in ZIP_SUFFIXES:
        check_archive(path)


def data_folder(path: Path) -> Path:
    """The data folder a raw file belongs to (`<data>/raw/<year>/…`), else its own folder."""
    path = Path(os.path.abspath(path))
    return next((p.parent for p in path.parents if p.name == "raw"), path.parent)


def inside_data(path: Path) -> bool:
    """Whether the file, links followed, is inside its data folder."""
    root = data_folder(path).resolve()
    return Path(path).resolve().is_relative_to(root)


def check_link(path: Path) -> None:
    """A symbolic link is followed only into the data folder."""
    if not inside_data(path):
        raise InputError(
            path,
            f"lien symbolique vers {Path(path).resolve()}, hors du dossier de données "
            f"{data_folder(path)} : y placer le fichier lui-même",
        )


def digest(path: Path) -> str:
    """The raw file's SHA-256; for a file `check_file` refuses without reading it, what is
    known of it without reading it (a link's target, a size and a date)."""
    try:
        check_link(path)
        info = Path(path).stat()
    except (InputError, OSError) as exc:
        return f"refused:{exc}"
    if not stat.S_ISREG(info.st_mode) or info.st_size > config.MAX_FILE_BYTES:
        return f"refused:{stat.S_IFMT(info.st_mode)}:{info.st_size}:{info.st_mtime_ns}"
    return digests.digest_file(path)


# --------------------------------------------------------------------------- workbooks


def check_archive(path: Path) -> None:
    """A workbook's parts, from the zip's central directory, then streamed: sizes and cells."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the workbook's reader says it cannot be read
    with archive:
        entries = archive.infolist()
        total = sum(e.file_size for e in entries)
        if total > config.MAX_UNZIPPED_BYTES:
            raise InputError(
                path,
                f"classeur de {_size(Path(path).stat().st_size)} qui se décompresse en "
                f"{_size(total)}, au-delà de la limite de {_size(config.MAX_UNZIPPED_BYTES)} "
                f"(CRES_MAX_UNZIPPED_MB) : {_HINT}",
            )
        for entry in entries:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > RATIO_FLOOR and ratio > config.MAX_ZIP_RATIO:
                raise InputError(
                    path,
                    f"la partie {entry.filename} se décompresse {ratio:.0f} fois (de "
                    f"{_size(entry.compress_size)} à {_size(entry.file_size)}), au-delà de "
                    f"{config.MAX_ZIP_RATIO} fois (CRES_MAX_ZIP_RATIO) : {_HINT}",
                )
        sheets = _xlsx_sheet_names(archive)
        budget = _Budget(path, config.MAX_UNZIPPED_BYTES)
        for entry in entries:
            if not entry.filename.endswith((".xml", ".rels")):
                continue
            if entry.filename.startswith("xl/worksheets/"):
                name = sheets.get(entry.filename, entry.filename)
                counter: _Counter = _XlsxSheet(path, name, SHEET_ELEMENTS_PER_CELL)
            elif entry.filename == "content.xml":
                counter = _OdsContent(path)
            else:
                counter = _Counter(path)
            _stream(archive, entry, counter, budget)


class _Budget:
    """Bytes unpacked from the whole archive: an entry lying about its size stops here."""

    def __init__(self, path: Path, limit: int):
        self.path, self.left = path, limit

    def take(self, data: bytes) -> None:
        self.left -= len(data)
        if self.left < 0:
            raise InputError(
                self.path,
                f"classeur qui se décompresse au-delà de la taille qu'il annonce : {_HINT}",
            )


def _stream(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, counter: _Counter, budget) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = counter.start
    parser.EndElementHandler = counter.end
    parser.StartDoctypeDeclHandler = counter.doctype
    try:
        with archive.open(entry) as part:
            while data := part.read(_CHUNK):
                budget.take(data)
                parser.Parse(data, False)
            parser.Parse(b"", True)
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        # What this parser cannot read, another one must not be trusted to read.
        raise InputError(
            counter.path, f"classeur illisible (partie {entry.filename} : {type(exc).__name__})"
        ) from None
    except NotImplementedError:
        return  # a compression zipfile cannot unpack: the workbook's reader says so


class _Counter:
    """Elements of any part: a bound on what a parser would build in memory from it."""

    def __init__(self, path: Path, per_cell: int = ELEMENTS_PER_CELL):
        self.path, self.elements = path, 0
        self.limit = config.MAX_CELLS * per_cell

    def start(self, name: str, attributes: dict) -> None:
        self.elements += 1
        if self.elements > self.limit:
            raise InputError(
                self.path,
                f"une partie du classeur compte plus de {self.limit:,} éléments".replace(",", " ")
                + f" : {_HINT}",
            )

    def end(self, name: str) -> None:
        pass

    def doctype(self, *args) -> None:
        raise InputError(self.path, f"déclaration DOCTYPE dans le classeur : {_HINT}")

    def too_many(self, sheet: str, what: str, cell: str | None = None) -> InputError:
        return InputError(
            self.path,
            f"{what} la limite de {_number(config.MAX_CELLS)} cellules (CRES_MAX_CELLS) : {_HINT}",
            sheet=sheet,
            cell=cell,
        )


class _XlsxSheet(_Counter):
    """A worksheet's declared range, its cells and how far they reach."""

    def __init__(self, path: Path, sheet: str, per_cell: int):
        super().__init__(path, per_cell)
        self.sheet, self.cells = sheet, 0
        self.row = self.column = 0  # of the cell read last
        self.rows = self.columns = 0  # how far the cells reach

    def start(self, name: str, attributes: dict) -> None:
        super().start(name, attributes)
        if name == f"{_MAIN} dimension":
            ref = str(attributes.get("ref", ""))
            rows, columns = _position(ref.rpartition(":")[2])
            if rows * columns > config.MAX_CELLS:
                raise self.too_many(
                    self.sheet, f"la feuille déclare la plage {ref[:30]}, au-delà de"
                )
        elif name == f"{_MAIN} row":
            row, _ = _position(f"A{attributes.get('r', '')}")
            self.row, self.column = row or self.row + 1, 0
        elif name == f"{_MAIN} c":
            self.cells += 1
            if self.cells > config.MAX_CELLS:
                raise self.too_many(self.sheet, "la feuille dépasse")
            row, column = _position(str(attributes.get("r", "")))
            self.row, self.column = (row, column) if row else (self.row, self.column + 1)
            self.rows, self.columns = max(self.rows, self.row), max(self.columns, self.column)
            if self.rows * self.columns > config.MAX_CELLS:
                where = cell_name(self.rows, self.columns)
                raise self.too_many(
                    self.sheet, f"les cellules s'étendent jusqu'en {where}, au-delà de"
                )


class _OdsContent(_Counter):
    """An .ods's tables: filled cells with their repeats expanded (empty repeats are free)."""

    def __init__(self, path: Path):
        super().__init__(path)
        self.sheet, self.filled = "", 0
        self.row, self.row_repeat, self.column = 0, 1, 0
        self.last_row = self.last_column = 0
        self.cell: list | None = None  # [columns repeated, filled]

    def start(self, name: str, attributes: dict) -> None:
        super().start(name, attributes)
        if name == f"{_TABLE} table":
            self.sheet = str(attributes.get(f"{_TABLE} name", ""))
            self.row = self.last_row = self.last_column = 0
        elif name == f"{_TABLE} table-row":
            self.row_repeat, self.column = self._repeat(attributes, "number-rows-repeated"), 0
        elif name in (f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell"):
            filled = f"{_OFFICE} value-type" in attributes or f"{_TABLE} formula" in attributes
            self.cell = [self._repeat(attributes, "number-columns-repeated"), filled]
        elif name == f"{_TEXT} p" and self.cell is not None:
            self.cell[1] = True

    def end(self, name: str) -> None:
        if name in (f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell") and self.cell:
            span, filled = self.cell
            if filled:
                self.filled += self.row_repeat * span
                if self.filled > config.MAX_CELLS:
                    raise self.too_many(
                        self.sheet,
                        "les cellules remplies, répétitions comprises, dépassent",
                        cell_name(self.row + 1, self.column + 1),
                    )
                self.last_row = max(self.last_row, self.row + self.row_repeat)
                self.last_column = max(self.last_column, self.column + span)
                if self.last_row * self.last_column > config.MAX_CELLS:
                    where = cell_name(self.last_row, self.last_column)
                    raise self.too_many(
                        self.sheet, f"les cellules remplies s'étendent jusqu'en {where}, au-delà de"
                    )
            self.column += span
            self.cell = None
        elif name == f"{_TABLE} table-row":
            self.row += self.row_repeat

    def _repeat(self, attributes: dict, name: str) -> int:
        text = str(attributes.get(f"{_TABLE} {name}", "1"))
        if not _REPEAT.match(text):
            raise InputError(self.path, f"répétition illisible ({name}=« {text[:20]} ») : {_HINT}")
        return max(int(text), 1)


def _xlsx_sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> its sheet's title (best effort: the part's name when unknown)."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    limit = 2**20
    if (
        max(archive.getinfo(n).file_size for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"))
        > limit
    ):
        return {}
    workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    relations = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = dict(
        (m.group(1), m.group(2))
        for m in re.finditer(
            r'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"', relations
        )
    )
    titles = {}
    for match in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)>", workbook):
        name = re.search(r'\bname="([^"]*)"', match.group(1))
        rid = re.search(r'\br:id="([^"]*)"', match.group(1))
        if name and rid and rid.group(1) in targets:
            target = targets[rid.group(1)].lstrip("/").removeprefix("xl/")
            titles[f"xl/{target}"] = _unescape(name.group(1))
    return titles


def _unescape(text: str) -> str:
    from html import unescape

    return unescape(text)


def _position(reference: str) -> tuple[int, int]:
    """(row, column) of an A1 reference; (0, 0) when it is none."""
    found = _REF.match(reference.replace("$", ""))
    if not found:
        return 0, 0
    column = 0
    for letter in found.group(1):
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(found.group(2)), column


def _number(count: int) -> str:
    return f"{count:,}".replace(",", " ")


def _size(count: int) -> str:
    if count >= 2**20:
        return f"{count / 2**20:.0f} Mo"
    return f"{max(count / 2**10, 1):.0f} Ko"

"""Hostile raw files, built small and fast in a test's folder: a zip bomb, an .ods of repeats.

None of them is ever written at its unpacked size: the zip bomb's sheet is one deflate block
repeated, the .ods repeats one cell by its attributes, the large file is sparse.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

from support.data import response_book, save_response


def zip_bomb(path: Path, sheet_bytes: int = 2 * 2**30) -> Path:
    """A chamber's workbook whose first sheet unpacks to `sheet_bytes` of XML from a few MB.

    The sheet's deflate stream is one block repeated (each ends in a full flush, so that
    it stands alone): no 2 GiB is ever written nor compressed here. Its CRC is not computed
    (2 GiB to hash): the sizes in the central directory refuse it before any byte is read.
    """
    save_response(response_book("53"), path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    head = parts["xl/worksheets/sheet1.xml"].split(b"<sheetData>")[0] + b"<sheetData>"
    row = b'<row><c t="n"><v>1</v></c><c t="n"><v>2</v></c></row>'
    block = row * (2**20 // len(row))
    tail = b"</sheetData></worksheet>"
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed_head = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    packed_block = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    repeats = (sheet_bytes - len(head) - len(tail)) // len(block)
    packed_tail = packer.compress(tail) + packer.flush()
    sheet = (
        packed_head + packed_block * repeats + packed_tail,
        len(head) + len(block) * repeats + len(tail),
        0,
    )
    entries = {}
    for name, data in parts.items():
        if name == "xl/worksheets/sheet1.xml":
            entries[name] = sheet
        else:
            raw = zlib.compressobj(9, zlib.DEFLATED, -15)
            entries[name] = (raw.compress(data) + raw.flush(), len(data), zlib.crc32(data))
    _write_zip(path, entries)
    return path


def _write_zip(path: Path, entries: dict[str, tuple[bytes, int, int]]) -> None:
    """A deflated zip from (packed bytes, size, CRC) per name, written without zipfile."""
    out, central = bytearray(), bytearray()
    for name, (packed, size, crc) in entries.items():
        encoded, offset = name.encode(), len(out)
        fields = (20, 0, 8, 0, 0x21, crc, len(packed), size, len(encoded))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded + packed
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset)
        central += encoded
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0
    )
    path.write_bytes(bytes(out + central + end))


def repeated_ods(path: Path, rows: int = 1_000_000, columns: int = 1000) -> Path:
    """A chamber's .ods with one more sheet: one filled cell repeated `rows` × `columns` times."""
    save_response(response_book("53"), path)
    bomb = (
        '<table:table table:name="Bombe"><table:table-row table:number-rows-repeated="'
        f'{rows}"><table:table-cell office:value-type="float" office:value="1" '
        f'table:number-columns-repeated="{columns}"/></table:table-row></table:table>'
    ).encode()
    edit_content(
        path, lambda xml: xml.replace(b"</office:spreadsheet>", bomb + b"</office:spreadsheet>")
    )
    return path


def libreoffice_trailing_repeats(path: Path) -> Path:
    """Each sheet of an .ods ended as LibreOffice ends them: rows padded with empty cells to
    column AMJ, then one empty row repeated to the last row of the sheet."""

    def pad(xml: bytes) -> bytes:
        xml = xml.replace(
            b"</table:table-row>",
            b'<table:table-cell table:number-columns-repeated="1016"/></table:table-row>',
        )
        return re.sub(
            rb"</table:table>",
            b'<table:table-row table:style-name="ro1" table:number-rows-repeated="1048000">'
            b'<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
            b"</table:table>",
            xml,
        )

    edit_content(path, pad)
    return path


def edit_content(path: Path, edit) -> None:
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in parts:
            target.writestr(info, edit(data) if info.filename == "content.xml" else data)


def sparse_file(path: Path, size: int = 200 * 2**20) -> Path:
    with path.open("wb") as file:
        file.truncate(size)
    return path

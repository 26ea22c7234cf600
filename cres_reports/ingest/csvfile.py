"""CSV files as French spreadsheets write them: encoding, separator, lines."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .. import config
from .table import HEADER_SEARCH_ROWS, KEY, InputError, Rows, no_header
from .values import header_name

_ENCODINGS = ("utf-8", "cp1252")
# Letters that French text in Windows-1252 never holds, but that Mac Roman (é è à ô â û)
# or ISO-8859-15 (€) bytes become when read as Windows-1252: the file is not in the contract.
_MISREAD = re.compile("[¤]|(?<=[A-Za-z])[Žž™‰ˆƒ]|[Žž™‰ˆƒ](?=[a-z])")


def read_rows(path: Path, key: str = KEY) -> tuple[Rows, str, str]:
    """The file's rows, its encoding and its separator (`key`: the column marking the header)."""
    text, encoding = decode(path)
    separator = sniff_separator(path, text, key)
    return csv_rows(path, text, separator), encoding, separator


def decode(path: Path) -> tuple[str, str]:
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


def sniff_separator(path: Path, text: str, key: str = KEY) -> str:
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    for line in lines:
        if key in header_name(line):
            counts = {sep: line.count(sep) for sep in ";,"}
            return max(counts, key=lambda sep: counts[sep])
    raise no_header(path, [cell for line in lines for cell in re.split("[;,]", line)], key)


def csv_rows(path: Path, text: str, separator: str) -> Rows:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows = []
    cells = 0
    try:
        for record in reader:
            cells += max(len(record), 1)
            if cells > config.MAX_CELLS:
                raise InputError(
                    path,
                    f"plus de {config.MAX_CELLS:,} cellules".replace(",", " ")
                    + " (CRES_MAX_CELLS) : vérifier que c'est le bon fichier, ou relever la limite",
                    reader.line_num,
                )
            rows.append((reader.line_num, record))
    except csv.Error as exc:
        raise InputError(path, f"CSV illisible : {exc}", reader.line_num) from None
    return rows


def refuse_other_separator(path: Path, separator: str, cells: list, width: int, line: int):
    """A short row holding the other separator: a line pasted from a file written differently."""
    other = ";" if separator == "," else ","
    if sum(c.count(other) for c in cells) >= width - 1:
        raise InputError(
            path,
            f"cette ligne est séparée par « {other} » alors que l'en-tête l'est par "
            f"« {separator} » : un seul séparateur par fichier",
            line,
        )

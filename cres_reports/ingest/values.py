"""Cell values as the contract writes them: numbers, integers, booleans, dates, header names.

The number formats the contract allows: decimal comma or point, thousands
grouped by a space, U+00A0 or U+202F (or not at all), an optional euro sign.
expectations/*.json carry the same patterns; a test keeps them equal.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata

NUMBER_PATTERN = (
    "^-?(?:[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)(?:[.,][0-9]+)?(?:[ \u00a0\u202f]?€)?$"
)
INTEGER_PATTERN = "^-?[0-9]+$"
BOOL_PATTERN = "^(?i:oui|non)$"
# Dates (the council's contract): ISO `2008-06-19` or French `19/06/2008`.
DATE_PATTERN = "^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})$"
_DATE_RE = re.compile(DATE_PATTERN)
_NUMBER_RE = re.compile(NUMBER_PATTERN)
_BLANKS = str.maketrans("", "", " \u00a0\u202f€")


def parse_number(text: str | None) -> float | None:
    if text is None or not _NUMBER_RE.match(text):
        return None
    return float(text.translate(_BLANKS).replace(",", "."))


def parse_integer(text: str | None) -> int | None:
    if text is None or not re.match(INTEGER_PATTERN, text):
        return None
    return int(text)


def parse_date(text: str | None) -> dt.date | None:
    """`2008-06-19` or `19/06/2008` -> the date; None when not written so, or no such day."""
    if text is None or not _DATE_RE.match(text):
        return None
    if "/" in text:
        day, month, year = (int(part) for part in text.split("/"))
    else:
        year, month, day = (int(part) for part in text.split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_bool(text: str | None) -> bool | None:
    return {"oui": True, "non": False}.get((text or "").lower())


def header_name(cell: str) -> str:
    """A header cell as the contract spells it: `Code Region ` and `CODE_REGION` are code_region.

    Case and spaces are forgiven (spreadsheets capitalise and pad); accents are not: a
    renamed column gets a hint instead (see `_close_name`).
    """
    return re.sub(r"[\s-]+", "_", cell.strip().lower())


def fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def close_name(expected: str, names: list[str], cutoff: float = 0.6) -> str | None:
    """The header cell that was most likely meant as `expected` (accents dropped, typos)."""
    folded = {fold(n): n for n in names if n}
    match = difflib.get_close_matches(expected, list(folded), n=1, cutoff=cutoff)
    return folded[match[0]] if match else None


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()  # a date cell: `2008-06-19`, as the contract writes it
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

"""What each chamber answered to a survey topic: covered that year or not, no response, not sent.

The five datasets of contract version 2 exist only for the years the survey (or a flat
file) covered them: `covered` says so. Within a covered year, a chamber that did not
return its workbook "n'a pas répondu", one that returned it without that sheet sent
nothing for the topic ("non transmis"): neither is ever shown as zeros. Free text typed
by the chambers is kept as typed, trimmed; an empty answer reads "non renseigné".
"""

from __future__ import annotations

import re

import pandas as pd

from .. import absence
from ..store.yeardata import YearData

NO_RESPONSE = absence.NO_RESPONSE
NOT_SENT = absence.NOT_SENT
NOT_FILLED = absence.NOT_FILLED
ANSWERED = "a répondu"
SET_ASIDE = absence.SET_ASIDE  # by the analyst, with a reason (ingest/decisions.py)
NO_ANSWER = (NO_RESPONSE, SET_ASIDE)  # no answer of the chamber is in the year's figures
# Free text listing several names (partners, funders): one name between these separators.
_SEPARATORS = re.compile(r"[,;\n]")


def covered(data: YearData, dataset: str) -> bool:
    """Whether the year holds the dataset at all (from the survey's responses or a flat file)."""
    return getattr(data, dataset) is not None


def table(data: YearData, dataset: str) -> pd.DataFrame:
    """The year's table of a survey topic; a year that did not cover it raises ValueError
    (call `covered` first)."""
    found = getattr(data, dataset)
    if found is None:
        raise ValueError(f"{data.year} ne couvre pas {dataset}")
    return found


def states(data: YearData, dataset: str) -> pd.Series:
    """Each chamber of the network (code, in code order) → ANSWERED, NO_RESPONSE, SET_ASIDE
    or NOT_SENT."""
    sent = set(table(data, dataset)["code_region"])
    aside = data.set_aside()
    codes = sorted(data.cres["code_region"])
    return pd.Series(
        [
            ANSWERED
            if code in sent
            else SET_ASIDE
            if code in aside
            else NO_RESPONSE
            if data.answered(code) is False
            else NOT_SENT
            for code in codes
        ],
        index=pd.Index(codes, name="code_region"),
        dtype="str",
    )


def answered_codes(data: YearData, dataset: str) -> list[str]:
    """The chambers that answered the topic, in code order."""
    found = states(data, dataset)
    return found[found == ANSWERED].index.tolist()


def text(value) -> str:
    """A free-text answer as typed, trimmed; NOT_FILLED when empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return NOT_FILLED
    trimmed = str(value).strip()
    return trimmed or NOT_FILLED


def names(value) -> list[str]:
    """The names listed in a free-text answer (`INSEE, conseil régional`), each trimmed."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [part.strip() for part in _SEPARATORS.split(str(value)) if part.strip()]


def mentions(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """How many chambers name each name in a free-text column (Nom, Chambres).

    Names are compared without case or surrounding spaces, and shown as the first chamber
    (in code order) typed them; most cited first, then alphabetically.
    """
    shown: dict[str, str] = {}
    chambers: dict[str, set[str]] = {}
    for code, value in sorted(zip(frame["code_region"], frame[column], strict=True)):
        for name in names(value):
            key = name.casefold()
            shown.setdefault(key, name)
            chambers.setdefault(key, set()).add(code)
    rows = [(shown[k], len(v)) for k, v in chambers.items()]
    rows.sort(key=lambda r: (-r[1], r[0].casefold()))
    return pd.DataFrame(rows, columns=["Nom", "Chambres"]).astype({"Chambres": "int64"})

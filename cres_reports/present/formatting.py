"""French number formats for the reports (`1 234 567 €`, `12,5 %`, `−3`), from Babel's fr_FR data.

Negative numbers carry a true minus sign (U+2212); a signed figure that rounds to zero is
shown without a sign (`0 €`, not `+0 €`); a missing figure is shown as a word, never as 0.
"""

from __future__ import annotations

import math

from babel.numbers import format_decimal, format_percent

from .. import absence

LOCALE = "fr_FR"
MINUS = "\u2212"
MISSING = absence.MISSING  # a figure that cannot be computed (a share of nothing)
NOT_SENT = absence.NOT_SENT  # a chamber that did not send the figures


def missing(value) -> bool:
    """None, NaN or pandas' NA."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and NA are not equal to themselves
    except TypeError:  # pandas.NA refuses to be a bool
        return True


def _minus(text: str) -> str:
    return text.replace("-", MINUS, 1) if text.startswith(("-", "+-")) else text


def _pattern(digits: int, signed: bool, suffix: str = "") -> str:
    """A Babel pattern: grouped thousands, `digits` decimals, an explicit + when signed."""
    decimals = "." + "0" * digits if digits else ""
    pattern = f"#,##0{decimals}{suffix}"
    return f"+{pattern};-{pattern}" if signed else pattern


def _rounds_to_zero(value: float, digits: int) -> bool:
    return round(abs(value), digits) == 0


def number(value, digits: int = 0, signed: bool = False, empty: str = MISSING) -> str:
    """`1 234,5`; `digits` decimals; `signed`: `+3` and `−3` (but `0`)."""
    if missing(value):
        return empty
    signed = signed and not _rounds_to_zero(value, digits)
    if _rounds_to_zero(value, digits):
        value = 0  # no "-0"
    return _minus(format_decimal(value, format=_pattern(digits, signed), locale=LOCALE))


def count(value, signed: bool = False, empty: str = MISSING) -> str:
    """A whole number of things (posts, seats, chambers): `7`, never `7,0`."""
    return number(value, 0, signed=signed, empty=empty)


def euros(value, signed: bool = False, empty: str = MISSING) -> str:
    """Whole euros, as the board reads them: `1 234 567 €`, `−52 351 €`, `+58 000 €`."""
    if missing(value):
        return empty
    return number(value, 0, signed=signed) + "\u00a0€"


def euros_exact(value, empty: str = MISSING) -> str:
    """Euros and cents, for the analyst's detail: `1 234 567,89 €`."""
    if missing(value):
        return empty
    return number(value, 2) + "\u00a0€"


def percent(ratio, digits: int = 1, signed: bool = False, empty: str = MISSING) -> str:
    """A ratio (0.125) as `12,5 %`; signed: `+1,2 %`, `−1,2 %`, `0,0 %`."""
    if missing(ratio) or math.isinf(ratio):
        return empty
    signed = signed and not _rounds_to_zero(ratio * 100, digits)
    if _rounds_to_zero(ratio * 100, digits):
        ratio = 0
    pattern = _pattern(digits, signed, "\u00a0%")
    return _minus(format_percent(ratio, format=pattern, locale=LOCALE))


def fte(value, signed: bool = False, empty: str = MISSING) -> str:
    """Full-time equivalents, one decimal: `5,9`."""
    return number(value, 1, signed=signed, empty=empty)


def months(value, signed: bool = False, empty: str = MISSING) -> str:
    """An amount in months of charges, one decimal: `3,2` (the heading says « mois »)."""
    return number(value, 1, signed=signed, empty=empty)


def year(value) -> str:
    """A year as written, `2004` (no thousands separator)."""
    if missing(value):
        return MISSING
    return str(int(value))


def plural(amount: int, singular: str, plural_form: str | None = None) -> str:
    """`1 chambre`, `3 chambres`: the count and the word agreeing with it."""
    word = singular if amount in (0, 1) else (plural_form or singular + "s")
    return f"{count(amount)} {word}"


def names(items) -> str:
    """`A`, `A et B`, `A, B et C`: a list in a French sentence."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def share(part, whole):
    """part / whole, or NaN when the whole is zero or missing."""
    if missing(part) or missing(whole) or whole == 0:
        return float("nan")
    return part / whole


def year_runs(years: list[int]) -> str:
    """`2007, 2008, 2010 à 2014 et 2017`: years in runs of consecutive ones (three or more
    read `first à last`)."""
    runs: list[list[int]] = []
    for each in years:
        if runs and each == runs[-1][-1] + 1:
            runs[-1].append(each)
        else:
            runs.append([each])
    parts: list[str] = []
    for run in runs:
        parts += [str(y) for y in run] if len(run) <= 2 else [f"{run[0]} à {run[-1]}"]
    return names(parts)

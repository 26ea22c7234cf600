"""French number formats for the reports (`1 234 567 €`, `12,5 %`), from Babel's fr_FR data."""

from __future__ import annotations

import math

from babel.numbers import format_decimal, format_percent

LOCALE = "fr_FR"
MISSING = "–"


def _missing(value) -> bool:
    """None, NaN or pandas' NA."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and NA are not equal to themselves
    except TypeError:  # pandas.NA refuses to be a bool
        return True


def euros(value, signed: bool = False) -> str:
    """Whole euros, as the board reads them: `1 234 567 €`."""
    if _missing(value):
        return MISSING
    pattern = "+#,##0;-#,##0" if signed else "#,##0"
    return format_decimal(round(value), format=pattern, locale=LOCALE) + "\u00a0€"


def euros_exact(value) -> str:
    """Euros and cents, for the full tables: `1 234 567,89 €`."""
    if _missing(value):
        return MISSING
    return format_decimal(value, format="#,##0.00", locale=LOCALE) + "\u00a0€"


def percent(ratio, digits: int = 1, signed: bool = False) -> str:
    """A ratio (0.125) as `12,5 %`."""
    if _missing(ratio) or math.isinf(ratio):
        return MISSING
    return format_percent(ratio, format=_pattern(digits, signed, "\u00a0%"), locale=LOCALE)


def number(value, digits: int = 0, signed: bool = False, empty: str = MISSING) -> str:
    if _missing(value):
        return empty
    return format_decimal(value, format=_pattern(digits, signed), locale=LOCALE)


def _pattern(digits: int, signed: bool, suffix: str = "") -> str:
    """A Babel pattern: grouped thousands, `digits` decimals, an explicit + when signed."""
    decimals = "." + "0" * digits if digits else ""
    pattern = f"#,##0{decimals}{suffix}"
    return f"+{pattern};-{pattern}" if signed else pattern


def year(value) -> str:
    """A year as written, `2004` (no thousands separator)."""
    if _missing(value):
        return MISSING
    return str(int(value))


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count in (0, 1) else (plural_form or singular + "s")
    return f"{number(count)} {word}"


def share(part, whole):
    """part / whole, or NaN when the whole is zero or missing."""
    if _missing(part) or _missing(whole) or whole == 0:
        return float("nan")
    return part / whole


def key_changes_table(change, year: int):
    """A profile's key figures of two years as the board reads them: euros, FTE, seats."""
    import pandas as pd

    def formatter(label: str, signed: bool = False):
        if label == "ETP":
            return lambda v: number(v, 1, signed=signed)
        if label.startswith("Sièges"):
            return lambda v: number(v, signed=signed)
        return lambda v: euros(v, signed=signed)

    labels = change["Indicateur"]
    return pd.DataFrame(
        {
            "Indicateur": labels,
            str(year - 1): [
                formatter(k)(v) for k, v in zip(labels, change["Année précédente"], strict=True)
            ],
            str(year): [formatter(k)(v) for k, v in zip(labels, change["Année"], strict=True)],
            "Écart": [formatter(k, True)(v) for k, v in zip(labels, change["Écart"], strict=True)],
        }
    )

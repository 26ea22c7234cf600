"""Where a report comes from: its input files, the code version, package versions (the footer).

Everything here is content, not circumstance (no git state, no clock unless
SOURCE_DATE_EPOCH is set), so a rebuild of the same inputs gives the same bytes.
"""

from __future__ import annotations

import html
import os
from datetime import UTC, datetime
from functools import cache
from importlib import metadata

from .. import __version__, digests

MAIN_PACKAGES = ("pandas", "great-expectations", "papermill", "nbconvert", "plotly", "babel")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def code_version() -> str:
    """The package version and a digest of its code: same code, same version string."""
    return f"{__version__} (code {digests.code_digest()[:12]})"


@cache
def package_versions() -> dict[str, str]:
    versions = {}
    for name in MAIN_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def edition_date() -> str | None:
    """The date shown in reports: SOURCE_DATE_EPOCH's, for reproducible builds; else none."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch or not epoch.isdigit():
        return None
    day = datetime.fromtimestamp(int(epoch), tz=UTC)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def footer_html(year: int, sources: list[tuple[str, str]]) -> str:
    """`sources`: (label, SHA-256) of the input files the page was made from."""
    inputs = "".join(
        f"<li>{html.escape(label)} — <code>{html.escape(digest[:16])}</code></li>"
        for label, digest in sources
    )
    packages = ", ".join(
        f"{html.escape(k)} {html.escape(v)}" for k, v in package_versions().items()
    )
    date = edition_date()
    edition = f" · édité le {date}" if date else ""
    return (
        f"<p>Exercice {year}{edition} · produit par le pipeline des états des lieux du CNCRES, "
        f"version {html.escape(code_version())}.</p>"
        f"<p>Données lues (empreinte SHA-256) :</p><ul>{inputs}</ul>"
        f"<p>Logiciels : {packages}.</p>"
    )

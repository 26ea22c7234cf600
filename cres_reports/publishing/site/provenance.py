"""Where a page comes from: dates for the board; files, digests and versions for the analyst.

The board reads one line (`colophon_html`): the year, the data cut-off date, the
publication date. The analyst unfolds "Informations techniques" (`technical_html`): input
files and their SHA-256, the code version, package versions. Everything here is content,
not circumstance (no git state, no clock unless SOURCE_DATE_EPOCH is set), so a rebuild of
the same inputs gives the same bytes.
"""

from __future__ import annotations

import html
import json
import os
from datetime import UTC, date, datetime
from functools import cache
from importlib import metadata
from pathlib import Path

from ... import __version__, config
from ...validate.results import YearResults, read_results

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
CUTOFF_KEY = "arrete_au"  # the manifest's data cut-off date, ISO (2009-03-31)
TECHNICAL_CLASS = "cres-technical"


def code_version(code: str) -> str:
    """The package version and the digest of the code a page runs (`codekeys.py`)."""
    return f"{__version__} (code {code[:12]})"


@cache
def package_versions() -> dict[str, str]:
    versions = {}
    for name in MAIN_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def french_date(day: date) -> str:
    """`1er mars 2009`, `31 mars 2009`."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def edition_date() -> str | None:
    """The publication date: SOURCE_DATE_EPOCH's, for reproducible builds; else none."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch or not epoch.isdigit():
        return None
    return french_date(datetime.fromtimestamp(int(epoch), tz=UTC).date())


def cutoff_date(data_dir: Path, year: int, results: YearResults | None = None) -> date | None:
    """The date the year's data were taken as they stand: the manifest's `arrete_au`, or for a
    survey year the last save among the responses received; None when neither says.

    `results`: the year's check, when at hand (else its kept results are read)."""
    manifest = config.raw_dir(data_dir, year) / config.MANIFEST_NAME
    if manifest.is_file():
        stated = json.loads(manifest.read_text(encoding="utf-8")).get(CUTOFF_KEY)
        if stated:
            try:
                return date.fromisoformat(str(stated))
            except ValueError:
                pass
    if results is None:
        results = read_results(data_dir, year)
    if results is None or results.survey is None:
        return None
    saved = [s.saved[:10] for s in results.survey.chambers if s.received and s.saved]
    return date.fromisoformat(max(saved)) if saved else None


def colophon_html(year: int, cutoff: date | None) -> str:
    """The line the board reads under each page: year, data cut-off, publication date."""
    parts = [f"États des lieux des CRES, exercice {year}"]
    if cutoff is not None:
        parts.append(f"données arrêtées au {french_date(cutoff)}")
    edition = edition_date()
    if edition:
        parts.append(f"publié le {edition}")
    parts.append("CNCRES")
    return f'<p class="cres-colophon">{html.escape(" · ".join(parts))}.</p>'


def technical_html(sources: list[tuple[str, str]], code: str, details: tuple[str, ...] = ()) -> str:
    """The folded block of what a page was made from, for the analyst.

    `sources`: (label, SHA-256) of the input files; `code`: the digest of the code the page
    runs; `details`: more lines (e.g. the page's parameters).
    """
    inputs = "".join(
        f"<li>{html.escape(label)} — <code>{html.escape(digest[:16])}</code></li>"
        for label, digest in sources
    )
    packages = ", ".join(
        f"{html.escape(k)} {html.escape(v)}" for k, v in package_versions().items()
    )
    more = "".join(f"<p>{html.escape(line)}</p>" for line in details)
    return (
        f'<details class="{TECHNICAL_CLASS}"><summary>Informations techniques</summary>'
        f"{more}<p>Données lues (empreinte SHA-256) :</p><ul>{inputs}</ul>"
        f"<p>Produit par le pipeline des états des lieux du CNCRES, version "
        f"{html.escape(code_version(code))}. Logiciels : {packages}.</p></details>"
    )

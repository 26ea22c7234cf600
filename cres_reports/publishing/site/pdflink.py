"""The year's PDF linked from its index and the root index, while it matches the pages.

`pipeline.py pdf` prints the published year into `reports/etats-des-lieux-<year>.pdf`
and then links it (`link`). The indexes hold a pair of marks per year,
`<!-- cres:pdf 2008 -->…<!-- /cres:pdf 2008 -->`, empty as built: the link is written
between them when the PDF exists, so a page built before the PDF still gets it. A
republished year whose pages changed makes its PDF out of date: `run` removes it
(publish.py) rather than link a PDF that says something else than the pages.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.numbers import format_decimal
from markupsafe import escape

from ... import files
from . import pages

NAME = "etats-des-lieux-{year}.pdf"


def book_path(reports_dir: Path, year: int) -> Path:
    """Where `pipeline.py pdf` writes the year's PDF by default (the one the indexes link)."""
    return Path(reports_dir) / NAME.format(year=year)


def published(reports_dir: Path, year: int) -> bool:
    """Whether the year's inventories are published (a refused year has only its quality
    page: nothing to print)."""
    year_dir = Path(reports_dir) / str(year)
    return any((year_dir / page).is_file() for _, page, _ in pages.INVENTORIES)


def marks(year: int) -> str:
    """The empty pair of marks a template writes where the link goes."""
    return f"<!-- cres:pdf {year} --><!-- /cres:pdf {year} -->"


def _size(pdf: Path) -> str:
    mb = pdf.stat().st_size / 1_000_000
    if mb < 1:
        return f"{max(1, round(mb * 1000))}\u202fko"
    return f"{format_decimal(round(mb, 1), format='#,##0.0', locale='fr_FR')}\u202fMo"


def link_html(pdf: Path, href: str, year: int, root: bool = False) -> str:
    """The link and how heavy the PDF is, before a board member downloads it: a sentence on
    the year's index, a few words after the year's pages on the root index (`root`)."""
    from ..book.book import page_count

    a = f'<a href="{escape(href)}" type="application/pdf">États des lieux {year} en PDF</a>'
    weight = f"({page_count(pdf)}\u00a0pages, {_size(pdf)})"
    if root:
        return f'<span class="cres-pdf"> · {a} {weight}</span>'
    return (
        f'<p class="cres-pdf">Tout l\'exercice en un seul document, pour le lire ou '
        f"l'imprimer : {a} {weight}.</p>"
    )


def with_link(page_html: str, year: int, link: str) -> str:
    """The page with `link` between the year's marks (every pair; none: unchanged)."""
    pattern = re.compile(rf"(<!-- cres:pdf {year} -->).*?(<!-- /cres:pdf {year} -->)", re.S)
    return pattern.sub(lambda m: m.group(1) + link + m.group(2), page_html)


def linked(page_html: str, reports_dir: Path, year: int, root: bool = False) -> str:
    """The page (the year's index, or the root index with `root`) with the year's PDF linked
    when it exists; its marks left empty otherwise."""
    pdf = book_path(reports_dir, year)
    href = NAME.format(year=year) if root else f"../{NAME.format(year=year)}"
    return with_link(page_html, year, link_html(pdf, href, year, root) if pdf.is_file() else "")


def link(reports_dir: Path, year: int) -> list[Path]:
    """Link the year's PDF (or unlink it, when there is none) from the published year index
    and the root index, rewritten atomically; the pages changed."""
    reports_dir = Path(reports_dir)
    changed = []
    for page, root in (
        (reports_dir / str(year) / pages.YEAR_INDEX, False),
        (reports_dir / "index.html", True),
    ):
        if not page.is_file():
            continue
        before = page.read_text(encoding="utf-8")
        after = linked(before, reports_dir, year, root)
        if after != before:
            files.write_text(page, after)
            changed.append(page)
    return changed

"""The year's inventories and profiles in one PDF for board meetings, printed by headless Chromium.

A book page, `reports/<year>/.livre-<year>.html` (removed afterwards), gathers what the
published pages hold between their `cres:content` marks: a cover with the table of
contents, then the year in brief (as the year's index opens), each inventory and each
profile, each starting on a new page under its own running title, numbered through.
Chromium prints it twice: the first print tells on which page each part starts (the PDF's
named destinations), the second writes those numbers in the table of contents.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..engine.render import page_css
from ..site import pages
from . import chromium

BRIEF = re.compile(r"<!-- cres:brief -->(.*?)<!-- /cres:brief -->", re.DOTALL)
LINK = re.compile(r'<a href="([^"#:]+)"[^>]*>(.*?)</a>', re.DOTALL)
CONTENT = re.compile(r"<!-- cres:content -->(.*?)<!-- /cres:content -->", re.DOTALL)
TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
COLOPHON = re.compile(r'<p class="cres-colophon">.*?</p>', re.DOTALL)
BANNER = re.compile(r'<div class="cres-banner".*?</div>', re.DOTALL)
UNKNOWN = "…"  # the table of contents before its page numbers are known
BOOK_CSS = """
.cres-book .cres-part { break-before: page; }
.cres-book .cres-download { display: none; }
.cres-toc { list-style: none; padding: 0; }
.cres-toc li { display: flex; gap: 0.5em; break-inside: avoid; }
.cres-toc li .cres-toc-title { flex: 1 1 auto; }
.cres-toc li .cres-toc-title::after { content: ""; }
.cres-toc li .cres-toc-page { flex: 0 0 auto; font-variant-numeric: tabular-nums; }
.cres-toc li.cres-toc-group { font-weight: 600; margin-top: 0.6em; }
@page cover { @top-left { content: none; } }
.cres-cover { page: cover; }
"""


class NotPublished(Exception):
    """The year has no published inventories to print; the message is for the analyst."""


@dataclass(frozen=True)
class Part:
    anchor: str
    title: str
    kind: str  # the page's class: cres-inventory or cres-profile
    body: str


def _title(page_html: str) -> str:
    found = TITLE.search(page_html)
    return html.unescape(found.group(1)) if found else ""


def parts(year_dir: Path) -> list[Part]:
    """The year in brief, the inventories, then the profiles, as published in `year_dir`."""
    chosen = [year_dir / page for _, page, _ in pages.INVENTORIES]
    chosen += sorted((year_dir / "fiches").glob("*.html"))
    found = []
    linked: dict[str, str] = {}  # page → its part's anchor
    for number, path in enumerate(p for p in chosen if p.is_file()):
        text = path.read_text(encoding="utf-8")
        body = CONTENT.search(text)
        if body is None:
            continue
        anchor = f"part-{number + 1}"
        # chart ids are unique in a page, not across pages
        content = body.group(1).replace("cres-fig-", f"{anchor}-cres-fig-")
        kind = "cres-profile" if path.parent.name == "fiches" else "cres-inventory"
        found.append(Part(anchor, _title(text), kind, content))
        linked[str(path.relative_to(year_dir))] = anchor
    opening = _brief(year_dir, linked)
    return [opening, *found] if opening else found


def _brief(year_dir: Path, linked: dict[str, str]) -> Part | None:
    """The year in brief, as the year's index opens: its links go to the book's parts (a page
    left out of the book, such as the quality report, keeps its words, not its link)."""
    index = year_dir / pages.YEAR_INDEX
    found = BRIEF.search(index.read_text(encoding="utf-8")) if index.is_file() else None
    if found is None:
        return None

    def relink(match: re.Match) -> str:
        anchor = linked.get(html.unescape(match.group(1)))
        return f'<a href="#{anchor}">{match.group(2)}</a>' if anchor else match.group(2)

    body = LINK.sub(relink, found.group(1))
    year = year_dir.name
    return Part("part-0", f"L'année en bref — {year}", "cres-brief", body)


def _contents(year: int, found: list[Part], numbers: dict[str, int]) -> str:
    lines = []
    for index, part in enumerate(found):
        if part.kind == "cres-profile" and (index == 0 or found[index - 1].kind != part.kind):
            lines.append('<li class="cres-toc-group">Fiches des chambres</li>')
        page = numbers.get(part.anchor, UNKNOWN)
        label = part.title.replace(f" — fiche {year}", "").replace(f" — {year}", "")
        lines.append(
            f'<li><a class="cres-toc-title" href="#{part.anchor}">{html.escape(label)}</a>'
            f'<span class="cres-toc-page">{page}</span></li>'
        )
    return f'<ul class="cres-toc">{"".join(lines)}</ul>'


def book_html(year: int, template: str, found: list[Part], numbers: dict[str, int]) -> str:
    """The book page, from the head and scripts of a published page of the year (`template`)."""
    head = template[: template.index("<body")]
    head = TITLE.sub(f"<title>États des lieux des CRES — {year}</title>", head, count=1)
    named = "".join(
        page_css(part.title).replace("@page {", f"@page {part.anchor} {{", 1) for part in found
    )
    head = head.replace("</head>", f"<style>{BOOK_CSS}{named}</style>\n</head>")
    scripts = template[template.index("</main>") + len("</main>") :]
    banner = BANNER.search(template)
    colophon = COLOPHON.search(template)
    cover = (
        '<section class="cres-cover">'
        f"{banner.group(0) if banner else ''}"
        f"<h1>États des lieux des CRES — exercice {year}</h1>"
        f"{colophon.group(0) if colophon else ''}"
        f"<h2>Sommaire</h2>{_contents(year, found, numbers)}</section>"
    )
    sections = "".join(
        f'<section id="{part.anchor}" class="cres-part {part.kind}" '
        f'style="page: {part.anchor}">{part.body}</section>'
        for part in found
    )
    return (
        f'{head}<body class="cres-report cres-book"><main class="cres-main">'
        f"{cover}{sections}</main>{scripts}"
    )


def _objects(data: bytes) -> dict[int, bytes]:
    return {
        int(m.group(1)): m.group(2)
        for m in re.finditer(rb"(?<![0-9])(\d+) 0 obj\s*(.*?)endobj", data, re.DOTALL)
    }


def _page_order(objects: dict[int, bytes]) -> list[int]:
    """Object numbers of the pages, in order, from the catalog's page tree."""
    catalog = next(body for body in objects.values() if b"/Type /Catalog" in body)
    root = re.search(rb"/Pages (\d+) 0 R", catalog)
    order: list[int] = []

    def walk(number: int) -> None:
        body = objects.get(number, b"")
        if re.search(rb"/Type\s*/Pages\b", body):
            kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.DOTALL)
            for kid in re.findall(rb"(\d+) 0 R", kids.group(1) if kids else b""):
                walk(int(kid))
        else:
            order.append(number)

    if root:
        walk(int(root.group(1)))
    return order


def start_pages(pdf: Path, anchors: list[str]) -> dict[str, int]:
    """On which page each anchor (named destination) lands: {anchor: page number from 1}."""
    data = Path(pdf).read_bytes()
    objects = _objects(data)
    order = {number: index + 1 for index, number in enumerate(_page_order(objects))}
    found = {}
    for anchor in anchors:
        name = re.escape(anchor.encode())
        target = re.search(rb"(?:/" + name + rb"|\(" + name + rb"\))\s*\[\s*(\d+) 0 R", data)
        if target and int(target.group(1)) in order:
            found[anchor] = order[int(target.group(1))]
    return found


def page_count(pdf: Path) -> int:
    return len(_page_order(_objects(Path(pdf).read_bytes())))


def make_book(reports_dir: Path, year: int, output: Path) -> tuple[Path, int, bool]:
    """Print the year's book to `output`; (the PDF, its page count, contents numbered?)."""
    year_dir = Path(reports_dir) / str(year)
    found = parts(year_dir)
    if not found or not any(p.kind == "cres-inventory" for p in found):
        raise NotPublished(
            f"les états des lieux {year} ne sont pas publiés dans {year_dir} : lancez d'abord "
            f"« pipeline.py run --year {year} »"
        )
    template = next(
        (year_dir / page).read_text(encoding="utf-8")
        for _, page, _ in pages.INVENTORIES
        if (year_dir / page).is_file()
    )
    book = year_dir / f".livre-{year}.html"
    output = Path(output)
    draft = output.with_name(f".{output.name}.brouillon.pdf")
    try:
        book.write_text(book_html(year, template, found, {}), encoding="utf-8")
        chromium.print_pdf(book, draft)
        numbers = start_pages(draft, [p.anchor for p in found])
        book.write_text(book_html(year, template, found, numbers), encoding="utf-8")
        chromium.print_pdf(book, draft, outline=True)
        draft.replace(output)
    finally:
        book.unlink(missing_ok=True)
        draft.unlink(missing_ok=True)
    return output, page_count(output), len(numbers) == len(found)

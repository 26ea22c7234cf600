"""How the board moves between pages: breadcrumb, back link, previous/next profile, other years.

Links within a year are written into each page. Links to the same page in the other
years are filled in by the browser (`static/navigation.js`) from `reports/assets/site.js`,
the list of what is published, rewritten with the root index at every publication: a page
never links to a year that is not there, and publishing a year rebuilds no other year.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from . import pages
from .pages import Job

ROOT_TITLE = "États des lieux des CRES"
SITE_JS = "site.js"


def _to_year(page: str) -> str:
    """From a page to its year's folder: "" or "../" for a profile."""
    return "../" * page.count("/")


def _link(href: str, text: str, rel: str | None = None) -> str:
    rel_attr = f' rel="{rel}"' if rel else ""
    return f'<a href="{html.escape(href)}"{rel_attr}>{html.escape(text)}</a>'


def _label(job: Job) -> str:
    """The page's name in the breadcrumb: its title without the year."""
    return job.title.rsplit(" — ", 1)[0] if " — " in job.title else job.title


def breadcrumb(job: Job, year: int) -> str:
    up = _to_year(job.page)
    crumbs = [_link(f"{up}../index.html", ROOT_TITLE)]
    if job.page == pages.YEAR_INDEX:
        crumbs.append(f'<span aria-current="page">Exercice {year}</span>')
    else:
        crumbs.append(_link(f"{up}index.html", f"Exercice {year}"))
        if job.chamber:
            crumbs.append(_link(f"{up}index.html#fiches", "Fiches des chambres"))
        crumbs.append(f'<span aria-current="page">{html.escape(_label(job))}</span>')
    items = "".join(f"<li>{c}</li>" for c in crumbs)
    other_years = (
        f'<p class="cres-years" data-cres-page="{html.escape(job.page)}" '
        f'data-cres-year="{year}" data-cres-up="{up}" hidden>Autres exercices : </p>'
    )
    return f'<nav class="cres-nav" aria-label="Fil d\'Ariane"><ol>{items}</ol>{other_years}</nav>'


def pager(job: Job, year: int, chambers: list[tuple[str, str]]) -> str:
    """The links at the bottom: back to the year (and the root), previous and next profile."""
    up = _to_year(job.page)
    if job.page == pages.YEAR_INDEX:
        links = [_link("../index.html", "← Toutes les années")]
    else:
        links = [_link(f"{up}index.html", f"← Retour à l'exercice {year}")]
    if job.chamber:
        codes = [code for code, _ in chambers]
        if job.chamber in codes:
            at = codes.index(job.chamber)
            if at > 0:
                code, name = chambers[at - 1]
                links.append(_link(f"{code}.html", f"← {name}", "prev"))
            if at + 1 < len(chambers):
                code, name = chambers[at + 1]
                links.append(_link(f"{code}.html", f"{name} →", "next"))
    return f'<nav class="cres-pager" aria-label="Pages voisines">{" · ".join(links)}</nav>'


def site_script(reports_dir: Path) -> str:
    """`window.cresSite`: every published year and its pages, for the links between years."""
    years = {}
    for folder in sorted(p for p in Path(reports_dir).iterdir() if p.is_dir()):
        if folder.name.isdigit():
            years[folder.name] = sorted(
                str(p.relative_to(folder)) for p in folder.rglob("*.html") if p.is_file()
            )
    return "window.cresSite = " + json.dumps({"years": years}, sort_keys=True) + ";\n"


def root_breadcrumb(title: str) -> str:
    """The breadcrumb of a page at the root of reports/ (the dashboard)."""
    crumbs = [
        _link("index.html", ROOT_TITLE),
        f'<span aria-current="page">{html.escape(title)}</span>',
    ]
    items = "".join(f"<li>{c}</li>" for c in crumbs)
    return f'<nav class="cres-nav" aria-label="Fil d\'Ariane"><ol>{items}</ol></nav>'


def root_pager() -> str:
    """The link at the bottom of a page at the root of reports/."""
    back = _link("index.html", "← Toutes les années")
    return f'<nav class="cres-pager" aria-label="Pages voisines">{back}</nav>'

"""What a page shows around its notebook: title, banner, navigation, dates, technical block.

`page_layout` gives a page's `PageLayout`: what only its HTML depends on (the page's
render key): changing it re-renders the page from its cached executed notebook, without
running it again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from ... import config
from ...validate.results import YearResults
from . import downloads, inputs, navigation, pages, provenance
from .pages import Job


@dataclass(frozen=True)
class PageLayout:
    """What surrounds a page's notebook (`engine.render.to_html`; made by
    `page_layout`): what only its HTML depends on, part of its render key."""

    title: str
    plotly_js: str
    banner: str | None = None
    nav_html: str = ""
    pager_html: str = ""
    footer_html: str = ""
    technical_html: str = ""
    site_js: str = ""
    page_class: str = ""
    downloads: dict | None = None

    def fields(self) -> dict:
        """As keyword arguments of `render.render_html`, and as keyed (`plan.render_key`)."""
        return dataclasses.asdict(self)


PAGE_CLASSES = {pages.YEAR_INDEX: "cres-index", pages.QUALITY[0]: "cres-quality"}


def page_class(job: Job) -> str:
    if job.chamber:
        return "cres-profile"
    return PAGE_CLASSES.get(job.notebook, "cres-inventory")


def assets_src(page: str, name: str, self_contained: bool) -> str:
    """A shared file of reports/assets/ from the page; "" when pages are self-contained."""
    if self_contained:
        return ""
    return "../" * (page.count("/") + 1) + f"{pages.ASSETS}/{name}"


def _stamp(path: Path) -> int:
    return path.stat().st_mtime_ns if path.exists() else 0


@lru_cache(maxsize=16)
def _year(data_dir: Path, year: int, stamp: int, cutoff: date | None) -> tuple[str | None, str]:
    """What every page of a year shares: banner and colophon (read once a plan)."""
    return pages.banner_for(data_dir, year), provenance.colophon_html(year, cutoff)


@lru_cache(maxsize=16)
def _chambers(data_dir: Path, year: int, stamp: int) -> tuple[tuple[str, str], ...]:
    return tuple(pages.chambers(data_dir, year))


def _year_facts(data_dir: Path, year: int, results: YearResults) -> tuple[str | None, str]:
    manifest = config.raw_dir(data_dir, year) / config.MANIFEST_NAME
    cutoff = provenance.cutoff_date(data_dir, year, results)
    return _year(Path(data_dir), year, _stamp(manifest), cutoff)


def _profiles(data_dir: Path, year: int) -> list[tuple[str, str]]:
    """The year's chambers, in the order of their profiles (for the previous/next links)."""
    cres = config.processed_dir(data_dir, year) / "cres.csv"
    return list(_chambers(Path(data_dir), year, _stamp(cres)))


def set_aside_note(year: int, results: YearResults) -> str | None:
    """What every page of a year says of the responses the analyst set aside."""
    aside = [c for c in results.survey.chambers if c.set_aside] if results.survey else []
    if not aside:
        return None
    listed = " ; ".join(f"{c.name} ({_day(c.decided)}{c.reason})" for c in aside)
    if len(aside) == 1:
        return (
            f"Réponse écartée de l'enquête {year} : {listed}. Aucun de ses chiffres n'est "
            "publié ni compté dans les totaux de l'année."
        )
    return (
        f"Réponses écartées de l'enquête {year} : {listed}. Aucun de leurs chiffres n'est "
        "publié ni compté dans les totaux de l'année."
    )


def _day(iso: str | None) -> str:
    return f"le {date.fromisoformat(iso):%d/%m/%Y} : " if iso else ""


def page_layout(
    job: Job, data_dir: Path, year: int, results: YearResults, self_contained: bool, code: str
) -> PageLayout:
    """The page's title, banner, navigation, colophon, technical block, scripts, downloads."""
    banner, colophon = _year_facts(data_dir, year, results)
    banner = " ".join(b for b in (banner, set_aside_note(year, results)) if b) or None
    chambers = _profiles(data_dir, year) if job.chamber else []
    details = (f"Code de la région : {job.chamber}.",) if job.chamber else ()
    sources = inputs.footer_sources(job, data_dir, year, results)
    return PageLayout(
        title=job.title,
        banner=banner,
        nav_html=navigation.breadcrumb(job, year),
        pager_html=navigation.pager(job, year, chambers),
        footer_html=colophon,
        technical_html=provenance.technical_html(sources, code, details),
        plotly_js=pages.plotly_src(job.page, self_contained),
        site_js=assets_src(job.page, navigation.SITE_JS, self_contained),
        page_class=page_class(job),
        downloads=downloads.links(job.page, year),
    )

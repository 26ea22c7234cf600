"""What a page shows around its notebook: title, banner, navigation, dates, technical block.

`page_layout` gives the keyword arguments of `render.to_html` for a page. They are what
only the HTML depends on (the page's render key): changing one re-renders the page from
its cached executed notebook, without running it again.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ... import config
from ...validate.results import YearResults, results_path
from . import downloads, inputs, navigation, pages, provenance
from .pages import Job

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
def _year(data_dir: Path, year: int, stamps: tuple) -> tuple[str | None, str]:
    """What every page of a year shares: banner and colophon (read once a plan)."""
    colophon = provenance.colophon_html(year, provenance.cutoff_date(data_dir, year))
    return pages.banner_for(data_dir, year), colophon


@lru_cache(maxsize=16)
def _chambers(data_dir: Path, year: int, stamp: int) -> tuple[tuple[str, str], ...]:
    return tuple(pages.chambers(data_dir, year))


def _year_facts(data_dir: Path, year: int) -> tuple[str | None, str]:
    raw = config.raw_dir(data_dir, year)
    stamps = (_stamp(raw / config.MANIFEST_NAME), _stamp(results_path(Path(data_dir), year)))
    return _year(Path(data_dir), year, stamps)


def _profiles(data_dir: Path, year: int) -> list[tuple[str, str]]:
    """The year's chambers, in the order of their profiles (for the previous/next links)."""
    cres = config.processed_dir(data_dir, year) / "cres.csv"
    return list(_chambers(Path(data_dir), year, _stamp(cres)))


def page_layout(
    job: Job, data_dir: Path, year: int, results: YearResults, self_contained: bool, code: str
) -> dict:
    """The page's title, banner, navigation, colophon, technical block, scripts, downloads."""
    banner, colophon = _year_facts(data_dir, year)
    chambers = _profiles(data_dir, year) if job.chamber else []
    details = (f"Code de la région : {job.chamber}.",) if job.chamber else ()
    sources = inputs.footer_sources(job, data_dir, year, results)
    return {
        "title": job.title,
        "banner": banner,
        "nav_html": navigation.breadcrumb(job, year),
        "pager_html": navigation.pager(job, year, chambers),
        "footer_html": colophon,
        "technical_html": provenance.technical_html(sources, code, details),
        "plotly_js": pages.plotly_src(job.page, self_contained),
        "site_js": assets_src(job.page, navigation.SITE_JS, self_contained),
        "page_class": page_class(job),
        "downloads": downloads.links(job.page, year),
    }

"""Executed notebooks as offline, printable French HTML pages (nbconvert and the cres template).

:func:`to_html` uses nbconvert's ``HTMLExporter`` with the ``cres`` template
(``templates/cres``, extends ``lab``), which removes every network resource
(require.js, MathJax, mermaid, widget loaders, lab CSS) and code inputs/prompts, and loads
plotly.js either from a shared local file (``plotly_js="../assets/plotly.min.js"``) or inlined
(``plotly_js="inline"``). Output is deterministic: cell ids are renumbered (papermill gives
the injected-parameters cell a random id) and the outputs the lab template labels with random
uuids (JavaScript, widgets) are dropped. After rendering, the page is checked: any external
``src``/``href`` (http://, https://, //host) that the browser would LOAD raises
:class:`ExternalResourceError` (hyperlinks written by report authors are left alone).
"""

from __future__ import annotations

import functools
import html.parser
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

from ... import files
from ..site import downloads as page_downloads
from ..site.assets import plotly_js_source
from .execute import ERROR_MARKER_TAG

if TYPE_CHECKING:
    from ..site.layout import PageLayout

TEMPLATES_DIR = Path(__file__).parent.parent / "templates"
TEMPLATE_NAME = "cres"
INLINE = "inline"
_RENDER_LOCK = threading.Lock()
_NBCONVERT_ALT = "No description has been provided for this image"


class ExternalResourceError(ValueError):
    """The rendered page would load something from the network."""


_EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(https?:)?//", re.IGNORECASE)
_URL_ATTRS = {"src", "href", "srcset", "data", "poster", "action", "formaction", "xlink:href"}


class _UrlCollector(html.parser.HTMLParser):
    """Collects (tag, attribute, value) of URL attributes, and CSS url() in <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in _URL_ATTRS and value:
                self.urls.append((tag, name, value))
            if name == "style" and value and _CSS_URL.search(value):
                self.urls.append((tag, "style", value))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        found = _CSS_URL.search(data) if self._in_style else None
        if found:
            self.urls.append(("style", "url()", found.group(0)))


def external_urls(page: str, *, links: bool = False) -> list[tuple[str, str, str]]:
    """(tag, attribute, value) for every resource ``page`` would fetch from the network.

    Script bodies are not scanned (strings inside plotly.js are not requests). Hyperlinks
    (``<a href>``) are navigation, not loads: they are listed only with ``links=True``.
    """
    collector = _UrlCollector()
    collector.feed(page)
    collector.close()
    return [
        (tag, attr, value)
        for tag, attr, value in collector.urls
        if attr in ("style", "url()")
        or (_EXTERNAL.match(value) and (links or tag not in ("a", "area")))
    ]


@functools.cache
def _plotly_js_text() -> str:
    return plotly_js_source().read_text(encoding="utf-8")


@functools.cache  # built once: a new exporter compiles its ten templates again (0.1 s)
def _exporter():
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        embed_images=False,
        sanitize_html=False,
        # belt and braces: even if a stock block leaked through, it would have no URL to load
        require_js_url="",
        mathjax_url="",
        mermaid_js_url="",
        mermaid_layout_elk_js_url="",
        jquery_url="",
        jupyter_widgets_base_url="",
        widget_renderer_url="",
    )
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter.register_preprocessor(
        TagRemovePreprocessor(
            remove_cell_tags={"remove-cell", ERROR_MARKER_TAG},
            remove_all_outputs_tags={"remove-output"},
            enabled=True,
        ),
        enabled=True,
    )
    return exporter


def page_css(title: str) -> str:
    """The page's printed running title (a CSS string, safe inside <style>)."""
    escaped = "".join(c if c.isalnum() or c in " -—,'.:()" else f"\\{ord(c):x} " for c in title)
    return f'@page {{ @top-left {{ content: "{escaped}"; }} }}'


def render_html(
    executed: Path,
    *,
    title: str,
    plotly_js: str,
    banner: str | None = None,
    footer_html: str = "",
    lang: str = "fr",
    nav_html: str = "",
    pager_html: str = "",
    technical_html: str = "",
    site_js: str = "",
    page_class: str = "",
    downloads: dict | None = None,
) -> str:
    """The page as a string (see :func:`to_html`)."""
    nb = nbformat.read(Path(executed), as_version=4)
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"c{index}"  # papermill's injected cell has a random id
    if plotly_js == INLINE:
        plotly = {"plotly_js_inline": _plotly_js_text(), "plotly_js_src": ""}
    else:
        if not plotly_js or _EXTERNAL.match(plotly_js):
            raise ExternalResourceError(
                f"plotly_js doit être 'inline' ou un chemin local relatif, pas {plotly_js!r}"
            )
        plotly = {"plotly_js_inline": "", "plotly_js_src": plotly_js}
    resources = {
        "metadata": {"name": title},
        "cres": {
            "title": title,
            "lang": lang,
            "banner": banner or "",
            "footer_html": footer_html or "",
            "nav_html": nav_html,
            "pager_html": pager_html,
            "technical_html": technical_html,
            "site_js": site_js,
            "page_class": page_class,
            "page_css": page_css(title),
            **plotly,
        },
    }
    with _RENDER_LOCK:  # one exporter is shared by the build's worker threads
        page, _ = _exporter().from_notebook_node(nb, resources=resources)
    # HTMLExporter gives images without alt text an English one
    page = page.replace(f'alt="{_NBCONVERT_ALT}"', 'alt="Image sans description"')
    page = page_downloads.resolve(page, downloads)
    found = external_urls(page)
    if found:
        listed = "; ".join(f"<{tag} {attr}={value[:80]!r}>" for tag, attr, value in found[:5])
        raise ExternalResourceError(
            f"{executed} : la page chargerait {len(found)} ressource(s) du réseau : {listed}"
        )
    return page


def to_html(executed: Path, html: Path, layout: PageLayout | None = None, **kwargs) -> None:
    """Render an executed notebook as an offline HTML page at ``html``.

    ``layout``, a ``site.layout.PageLayout``, or its fields as keyword arguments: ``title``,
    also the printed running title; ``plotly_js``, a relative URL to a shared ``plotly.min.js`` (see
    ``assets.copy_plotly_js``), or ``"inline"`` to embed plotly.js (~4.8 MB) in the page;
    ``banner``, shown (and printed) at the top in a coloured box; ``nav_html`` and
    ``pager_html``, the links at the top and bottom (not printed); ``footer_html`` (trusted
    HTML) at the bottom; ``technical_html``, the folded block for the analyst (not printed);
    ``site_js``, the list of published pages for the links between years; ``page_class``,
    the kind of page (print rules); ``downloads``, where its tables' download links lead
    (None: no download links). Same input, same bytes: no timestamps,
    no random ids. Raises :class:`ExternalResourceError` if the page would load anything from
    the network (e.g. a markdown image from a URL).
    """
    if layout is not None:
        kwargs = {**layout.fields(), **kwargs}
    files.write_text(html, render_html(executed, **kwargs))

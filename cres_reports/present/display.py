"""What notebooks show: prose with computed figures, and tables, always as escaped HTML.

Every value that comes from the data files is escaped here, so markup typed in
a spreadsheet cell is shown as text and never becomes HTML or script.

Each table is shown with links to download it (CSV, and the page's Excel workbook) and
carries its values, unformatted, in a second output type (`TABLE_MIME`): the build writes
the download files from it (`publishing/site/downloads.py`) and the page links to them. Links
are written with the `DOWNLOAD_SCHEME` placeholder, which the page renderer resolves.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
from IPython.display import HTML, display

from . import DOWNLOAD_SCHEME, TABLE_MIME, WORKBOOK_LINK, formatting

_BOLD = re.compile(r"\*\*(.+?)\*\*")
# Column formats by name (the downloads give each its spreadsheet number format).
FORMATS: dict[str, Callable] = {
    "euros": formatting.euros,
    "signed_euros": lambda v: formatting.euros(v, signed=True),
    "percent": formatting.percent,
    "signed_percent": lambda v: formatting.percent(v, signed=True),
    "fte": formatting.fte,
    "signed_fte": lambda v: formatting.fte(v, signed=True),
    "count": formatting.count,
    "signed_count": lambda v: formatting.count(v, signed=True),
    "months": formatting.months,
}

SHORT_TABLE = 15  # rows: a table this short is not split across printed pages
_names: set[str] = set()  # the download names given on the page so far


def reset() -> None:
    """Forget the page's download names: a warm kernel must give the names a fresh one gives."""
    _names.clear()


def say(template: str, **values) -> None:
    """Show a paragraph of the notebook's prose with `{name}` filled from escaped values.

    `**bold**` in the template is the only markup understood.
    """
    display(HTML(prose(template, **values)))


def prose(template: str, **values) -> str:
    escaped = {k: html.escape(str(v), quote=False) for k, v in values.items()}
    text = _BOLD.sub(r"<strong>\1</strong>", html.escape(template, quote=False))
    return f"<p>{text.format(**escaped)}</p>"


def heading(text: str, level: int = 1) -> None:
    display(HTML(f"<h{level}>{html.escape(text)}</h{level}>"))


def slug(text: str) -> str:
    """`Ressources par source` → `ressources-par-source`: a file name from a caption."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "tableau"


def _formatter(spec) -> Callable:
    return FORMATS[spec] if isinstance(spec, str) else spec


Empty = str | Callable[[int, str], str]  # what a missing cell shows; by (row, column)


def _cell(value, spec, empty: Empty, position: int, column: str) -> str:
    if formatting.missing(value):
        return empty if isinstance(empty, str) else empty(position, column)
    return _formatter(spec)(value) if spec is not None else str(value)


def _json_value(value):
    if formatting.missing(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, (int, float, str, bool)) else str(value)


def table_payload(
    frame: pd.DataFrame, formats: Mapping[str, object], caption: str | None, name: str
) -> dict:
    """The table's values for the downloads: columns, their kinds, rows (null when missing)."""
    return {
        "name": name,
        "caption": caption or "",
        "columns": [str(c) for c in frame.columns],
        "kinds": [
            formats[c] if isinstance(formats.get(c), str) else ("text" if c not in formats else "")
            for c in frame.columns
        ],
        "rows": [[_json_value(v) for v in row] for row in frame.itertuples(index=False)],
    }


def table_html(
    frame: pd.DataFrame,
    formats: Mapping[str, object] | None = None,
    caption: str | None = None,
    total_row: bool = False,
    css_class: str | None = None,
    links: Mapping[str, Sequence[str | None]] | None = None,
    empty: Empty = formatting.MISSING,
    download: str | None = None,
    marks: Mapping[str, str] | None = None,
    series: bool = False,
) -> str:
    """An HTML table; `formats` maps column → format name (`FORMATS`) or function.

    Formatted columns align right. With `total_row`, the last row of `frame` is set apart
    as the total. `links` maps a column to one href per row (None: no link). A missing
    value shows `empty`, a text or a function of (row position, column). `download`: the
    file name (without extension) of the table's CSV; when given, links to the CSV and the
    page's workbook follow the table. `marks`: a cell showing one of these texts gets the
    class given (e.g. "warn", "missing"), to stand out. `series`: the columns are years,
    oldest first; a narrow screen opens the table's scroll box on the latest (tables.js).
    """
    formats = dict(formats or {})
    links = dict(links or {})
    marks = dict(marks or {})
    head = "".join(
        f'<th scope="col" class="{"num" if c in formats else "txt"}">{html.escape(str(c))}</th>'
        for c in frame.columns
    )
    body = []
    last = len(frame) - 1
    # A first column of text (chambers, families, years…) labels its row: a row header.
    labels = (
        frame.columns[0] if len(frame.columns) > 1 and frame.columns[0] not in formats else None
    )
    for position, row in enumerate(frame.itertuples(index=False)):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            text = html.escape(_cell(value, formats.get(column), empty, position, column))
            href = links[column][position] if column in links else None
            if href:
                text = f'<a href="{html.escape(href)}">{text}</a>'
            klass = "num" if column in formats else "txt"
            if formatting.missing(value):
                klass += " missing"
            elif str(value) in marks:
                klass += f" {marks[str(value)]}"
            if column == labels:
                cells.append(f'<th scope="row" class="{klass}">{text}</th>')
            else:
                cells.append(f'<td class="{klass}">{text}</td>')
        row_class = ' class="total"' if total_row and position == last else ""
        body.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    cap = caption_html(caption) if caption else ""
    css_class = css_class or ("data wide" if len(frame.columns) > 5 else "data")
    if len(frame) <= SHORT_TABLE:
        css_class += " short"  # printed on one page, never split
    if series:
        css_class += " series"
    table = (
        f'<table class="{css_class}">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )
    return boxed(table, download)


def caption_html(caption: str) -> str:
    """A table's caption; its text in a span, which stays in sight while a wide table is
    swiped sideways on a phone (cres.css)."""
    return f"<caption><span>{html.escape(caption)}</span></caption>"


def boxed(table: str, download: str | None) -> str:
    """A table's HTML in its box, followed by its download links when it has a file name."""
    if download is None:
        return f'<div class="cres-table">{table}</div>'
    links_html = (
        f'<p class="cres-download">Télécharger ce tableau : '
        f'<a href="{DOWNLOAD_SCHEME}{html.escape(download)}.csv">CSV</a> · '
        f'<a href="{WORKBOOK_LINK}">Excel (tous les tableaux de la page)</a></p>'
    )
    return f'<div class="cres-table">{table}{links_html}</div>'


def table_name(caption: str | None) -> str:
    """The table's download name, from its caption: `missions-exercees-par-chambre-2009`.

    Stable: a table added to the page renames no other (a second table with the same
    caption gets `-2`, a third `-3`).
    """
    base = slug(caption or "tableau")
    name, n = base, 1
    while name in _names:
        n += 1
        name = f"{base}-{n}"
    _names.add(name)
    return name


@dataclass
class Fragment:
    """Trusted HTML to show, with the values of the tables it holds (for the downloads)."""

    html: str
    tables: list[dict] = field(default_factory=list)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        data: dict = {"text/html": self.html}
        if self.tables:
            data[TABLE_MIME] = {"tables": self.tables}
        return data


def _parts(parts) -> tuple[list[str], list[dict]]:
    shown = [p.html if isinstance(p, Fragment) else p for p in parts]
    tables = [t for p in parts if isinstance(p, Fragment) for t in p.tables]
    return shown, tables


def table_fragment(
    frame: pd.DataFrame,
    formats: Mapping[str, object] | None = None,
    caption: str | None = None,
    total_row: bool = False,
    links: Mapping[str, Sequence[str | None]] | None = None,
    empty: Empty = formatting.MISSING,
    data: pd.DataFrame | None = None,
    css_class: str | None = None,
    marks: Mapping[str, str] | None = None,
    series: bool = False,
) -> Fragment:
    """The table's HTML (see `table_html`) and its values for the downloads.

    `data`: the values to download when they differ from what is shown (e.g. a column of
    codes dropped from the page); the shown frame by default.
    """
    formats = dict(formats or {})
    name = table_name(caption)
    shown = table_html(
        frame, formats, caption, total_row, css_class, links, empty, name, marks, series
    )
    values = frame if data is None else data
    return Fragment(shown, [table_payload(values, formats, caption, name)])


def table(frame: pd.DataFrame, *args, **kwargs) -> None:
    """Show a table (arguments of `table_fragment`), downloadable as CSV and Excel."""
    show(table_fragment(frame, *args, **kwargs))


def side_by_side(*parts: Fragment | str) -> Fragment:
    """Fragments (a chart, a table) in equal columns, stacked on narrow screens.

    The columns are a CSS grid of fixed fractions (class `cres-columns` in the template's
    stylesheet): a chart in the first column is drawn at its final width even before the
    second column's content is read.
    """
    shown, tables = _parts(parts)
    cells = "".join(f'<div class="cres-column">{f}</div>' for f in shown)
    return Fragment(f'<div class="cres-columns">{cells}</div>', tables)


def details(summary: str, *parts: Fragment | str, css_class: str = "cres-details") -> Fragment:
    """A folded block: `summary` (text) shown, the parts unfolded on request."""
    shown, tables = _parts(parts)
    return Fragment(
        f'<details class="{css_class}"><summary>{html.escape(summary)}</summary>'
        f"{''.join(shown)}</details>",
        tables,
    )


def join(*parts: Fragment | str) -> Fragment:
    shown, tables = _parts(parts)
    return Fragment("".join(shown), tables)


def show(*parts: Fragment | str) -> None:
    """Show fragments built by the `present` helpers as one output (none when all are empty)."""
    joined = join(*parts)
    if joined.html or joined.tables:
        display(joined)

"""What notebooks show: prose with computed figures, and tables, always as escaped HTML.

Every value that comes from the data files is escaped here, so markup typed in
a spreadsheet cell is shown as text and never becomes HTML or script.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

import pandas as pd
from IPython.display import HTML, display

_BOLD = re.compile(r"\*\*(.+?)\*\*")


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


def side_by_side(*fragments: str) -> None:
    """Trusted HTML fragments (a chart, a table) next to each other, stacked on narrow screens."""
    cells = "".join(f'<div style="flex: 1 1 0; min-width: 240px">{f}</div>' for f in fragments)
    display(
        HTML(
            f'<div style="display: flex; flex-wrap: wrap; gap: 1em; align-items: center">'
            f"{cells}</div>"
        )
    )


# Smaller type when printed, for the two-page profiles.
COMPACT_PRINT = (
    "<style>@media print { html { font-size: 8.5pt; } h1 { font-size: 1.6rem; margin: 0.2em 0; }"
    " h2 { font-size: 1.2rem; margin: 0.6em 0 0.3em; } p { margin: 0.3em 0; }"
    " table { margin: 0.2em 0; } th, td { padding: 0.15em 0.4em; }"
    " .cres-footer { margin-top: 1em; font-size: 0.75rem; } }</style>"
)


def compact_print() -> None:
    display(HTML(COMPACT_PRINT))


def bullet_list(items) -> None:
    display(HTML(bullets(items)))


def bullets(items) -> str:
    rows = "".join(f"<li>{html.escape(str(i))}</li>" for i in items)
    return f"<ul>{rows}</ul>"


def table_html(
    frame: pd.DataFrame,
    formats: Mapping[str, Callable] | None = None,
    caption: str | None = None,
    total_row: bool = False,
    css_class: str | None = None,
) -> str:
    """An HTML table; `formats` maps column → formatter, formatted columns align right.

    With `total_row`, the last row of `frame` is set apart as the total.
    """
    formats = dict(formats or {})
    head = "".join(
        f'<th class="{"num" if c in formats else "txt"}">{html.escape(str(c))}</th>'
        for c in frame.columns
    )
    body = []
    last = len(frame) - 1
    for position, (_, row) in enumerate(frame.iterrows()):
        cells = []
        for column in frame.columns:
            value = row[column]
            if column in formats:
                text, klass = formats[column](value), "num"
            else:
                text, klass = ("" if pd.isna(value) else str(value)), "txt"
            cells.append(f'<td class="{klass}">{html.escape(text)}</td>')
        row_class = ' class="total"' if total_row and position == last else ""
        body.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    css_class = css_class or ("data wide" if len(frame.columns) > 7 else "data")
    return (
        f'<table class="{css_class}">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def table(frame: pd.DataFrame, formats=None, caption=None, total_row=False) -> None:
    display(HTML(table_html(frame, formats, caption, total_row)))


def show_html(fragment: str) -> None:
    """Show a trusted HTML fragment made by `present` (its values already escaped)."""
    display(HTML(fragment))

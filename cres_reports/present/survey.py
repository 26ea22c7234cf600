"""What the survey's pages show beside tables: answer grids, cut lists, names cited by chambers.

Every value typed by a chamber is escaped here, as in `display`: markup in a workbook cell
is shown as text.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from ..analysis import answers
from .formatting import number, year

LIST_LIMIT = 5  # lines of a profile's list, "et N autres" included
PRODUCTION_LIMIT = 6  # a productions list's lines
# Cell classes of an answer grid: the text says it, the class only tints it on screen.
GRID_CLASSES = {"oui": "grid-yes", "non": "grid-no"}


def cut(items: Sequence[str], limit: int = LIST_LIMIT) -> tuple[list[str], int]:
    """The items a list shows in at most `limit` lines, and how many it leaves out (0, or 2
    and more: one more line is shown rather than "et 1 autre")."""
    if len(items) <= limit:
        return list(items), 0
    return list(items[: limit - 1]), len(items) - (limit - 1)


def cut_list_html(items: Sequence[str], limit: int = LIST_LIMIT) -> str:
    """An escaped `<ul>` of at most `limit` lines, the last one "et N autres" when cut."""
    shown, left = cut(items, limit)
    lines = [html.escape(str(item)) for item in shown]
    if left:
        lines.append(f'<span class="cres-more">et {number(left)} autres</span>')
    return '<ul class="cres-list">' + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


def list_block(title: str, items: Sequence[str], empty: str, limit: int = LIST_LIMIT) -> str:
    """A titled list (`<h3>`) cut at `limit` lines, or the `empty` sentence; all escaped."""
    body = cut_list_html(items, limit) if len(items) else f"<p>{html.escape(empty)}</p>"
    return f'<div class="cres-block"><h3>{html.escape(title)}</h3>{body}</div>'


def productions_html(made: pd.DataFrame, limit: int = PRODUCTION_LIMIT) -> str:
    """A chamber's productions (`activities.productions`) as `Titre (2009)` lines, cut."""
    lines = [f"{t} ({year(y)})" for t, y in zip(made["Intitulé"], made["Année"], strict=True)]
    return cut_list_html(lines, limit)


def columns(*fragments: str) -> str:
    """Escaped blocks side by side, aligned at the top, stacked on narrow screens."""
    cells = "".join(f'<div class="cres-column">{f}</div>' for f in fragments)
    return f'<div class="cres-columns">{cells}</div>'


def mentions_text(cited: pd.DataFrame) -> str:
    """`INSEE (9), conseil régional (8)` from `answers.mentions`; "non renseigné" when empty."""
    if cited.empty:
        return answers.NOT_FILLED
    return ", ".join(
        f"{name} ({number(n)})" for name, n in zip(cited["Nom"], cited["Chambres"], strict=True)
    )


def grid_html(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    counts: Mapping[str, Callable[[object], str]] | None = None,
    texts: Sequence[str] = (),
    caption: str | None = None,
    total_row: bool = True,
) -> str:
    """Chambers × items: one row per chamber (`Chambre` first), one column per item of
    `columns` (code → heading), cells "oui"/"non"/"non transmis"; a chamber with the same
    missing-answer state in every column gets it once, across them. After the items: `counts`
    (heading → formatter), then `texts`, columns of free text. With `total_row`, the last row
    of `frame` is the total (numbers under the items)."""
    counts = dict(counts or {})
    items = list(columns)
    head = '<th class="txt">Chambre</th>' + "".join(
        f'<th class="grid-head"><span>{html.escape(label)}</span></th>'
        for label in columns.values()
    )
    head += "".join(f'<th class="num">{html.escape(c)}</th>' for c in counts)
    head += "".join(f'<th class="txt">{html.escape(c)}</th>' for c in texts)
    body = []
    last = len(frame) - 1 if total_row else -1
    for position, (_, row) in enumerate(frame.iterrows()):
        cells = [f'<td class="txt">{html.escape(str(row["Chambre"]))}</td>']
        values = [row[c] for c in items]
        total = position == last
        if not total and len(set(values)) == 1 and values[0] not in GRID_CLASSES:
            cells.append(
                f'<td class="grid-none" colspan="{len(items)}">{html.escape(str(values[0]))}</td>'
            )
        else:
            for value in values:
                text = number(value) if total else str(value)
                klass = "num" if total else GRID_CLASSES.get(str(value), "grid-none")
                cells.append(f'<td class="{klass}">{html.escape(text)}</td>')
        for column, formatter in counts.items():
            cells.append(f'<td class="num">{html.escape(formatter(row[column]))}</td>')
        for column in texts:
            value = "" if pd.isna(row[column]) else str(row[column])
            cells.append(f'<td class="txt">{html.escape(value)}</td>')
        row_class = ' class="total"' if total else ""
        body.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<table class="data grid">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )

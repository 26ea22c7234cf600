"""What the survey's pages show beside tables: answer grids, cut lists, names cited by chambers.

Every value typed by a chamber is escaped here, as in `display`: markup in a workbook cell
is shown as text.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from ..analysis import answers
from .formatting import number

LIST_LIMIT = 5  # lines of a profile's list, "et N autres" included
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
    caption: str | None = None,
) -> str:
    """Chambers × items: one row per chamber (`Chambre` first), one column per item of
    `columns` (code → heading), cells "oui"/"non"/"non transmis"; a chamber with the same
    missing-answer state in every column gets it once, across them. `counts`: extra columns
    (heading → formatter) after the items. The last row of `frame` is the total."""
    counts = dict(counts or {})
    items = list(columns)
    head = '<th class="txt">Chambre</th>' + "".join(
        f'<th class="grid-head">{html.escape(label)}</th>' for label in columns.values()
    )
    head += "".join(f'<th class="num">{html.escape(c)}</th>' for c in counts)
    body = []
    last = len(frame) - 1
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
        row_class = ' class="total"' if total else ""
        body.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<table class="data grid">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )

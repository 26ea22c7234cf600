"""What the survey's pages share: a topic covered or not that year, cut lists, cited names.

A year the survey did not cover a topic (2007, 2008) has no table for it: `SurveyPage.covered`
says so and the page says it in one sentence. Every value typed by a chamber is escaped here,
as in `display`: markup in a workbook cell is shown as text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import ClassVar

import pandas as pd

from ..analysis import answers
from .formatting import count, plural, year
from .page import YearPage

LIST_LIMIT = 5  # lines of a profile's list, "et N autres" included
PRODUCTION_LIMIT = 6  # a productions list's lines


class SurveyPage(YearPage):
    """A report on one topic of the survey (`topic`: its dataset)."""

    topic: ClassVar[str] = ""
    compares = False

    @property
    def covered(self) -> bool:
        """Whether the year's survey covered the topic."""
        return answers.covered(self.data, self.topic)

    def answered(self) -> dict[str, str]:
        """Who answered the topic: `reseau`, `repondu`, `sans_reponse`, `non_transmis`."""
        states = answers.states(self.data, self.topic)
        return {
            "year": str(self.year),
            "prev": str(self.year - 1),
            "reseau": plural(len(states), "chambre"),
            "repondu": count(int((states == answers.ANSWERED).sum())),
            "sans_reponse": no_answer(
                int(states.isin(answers.NO_ANSWER).sum()), int((states == answers.SET_ASIDE).sum())
            ),
            "non_transmis": count(int((states == answers.NOT_SENT).sum())),
        }


def no_answer(total: int, aside: int) -> str:
    """The chambers without an answer in the figures: `3`, or `3, dont 1 réponse écartée`."""
    if not aside:
        return count(total)
    return f"{count(total)}, dont {plural(aside, 'réponse écartée', 'réponses écartées')}"


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
        lines.append(f'<span class="cres-more">et {count(left)} autres</span>')
    return '<ul class="cres-list">' + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


def list_block(title: str, items: Sequence[str], empty: str, limit: int = LIST_LIMIT) -> str:
    """A titled list (`<h3>`) cut at `limit` lines, or the `empty` sentence; all escaped."""
    body = cut_list_html(items, limit) if len(items) else f"<p>{html.escape(empty)}</p>"
    return f'<div class="cres-block"><h3>{html.escape(title)}</h3>{body}</div>'


def production_lines(made: pd.DataFrame) -> list[str]:
    """A chamber's productions (`activities.productions`) as `2009 : Titre` lines (the year
    first: a long title is cut on paper)."""
    return [f"{year(y)} : {t}" for t, y in zip(made["Intitulé"], made["Année"], strict=True)]


def mentions_text(cited: pd.DataFrame) -> str:
    """`INSEE (9), conseil régional (8)` from `answers.mentions`; "non renseigné" when empty."""
    if cited.empty:
        return answers.NOT_FILLED
    return ", ".join(
        f"{name} ({count(n)})" for name, n in zip(cited["Nom"], cited["Chambres"], strict=True)
    )

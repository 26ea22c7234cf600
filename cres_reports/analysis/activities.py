"""A chamber's actions of the year, projects for next year, and productions accumulated since 2006.

From the survey's `activites` dataset: one row per action, project or production, as the
chamber typed it. Productions accumulate over the survey years: the list of a year holds
those of that year's response and of every earlier response, each dated by the year it
carries (or, without one, by the year of the response that listed it), from
`config.PRODUCTIONS_SINCE` on; one typed again in a later response is listed once.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .. import config
from ..ingest import questionnaire
from ..store.yeardata import YearData
from . import answers

TYPE_LABELS = questionnaire.load().labels("type_activite")
THEME_LABELS = questionnaire.load().labels("theme")
ACTION, PROJECT, PRODUCTION = "action", "projet", "production"
COLUMNS = ["Intitulé", "Thème", "Année"]


def items(data: YearData, code: str, kind: str) -> pd.DataFrame:
    """The chamber's actions, projects or productions of the year, in the order typed
    (COLUMNS; titles as typed, trimmed)."""
    frame = answers.table(data, "activites")
    rows = frame[(frame["code_region"] == code) & (frame["type"] == kind)]
    frame = pd.DataFrame(
        {
            "Intitulé": [answers.text(t) for t in rows["intitule"]],
            "Thème": rows["theme"].map(THEME_LABELS).to_numpy(),
            "Année": rows["annee"].to_numpy(),
        },
        columns=COLUMNS,
    )
    return frame.astype({"Année": "Int64"})


def productions(
    years: Iterable[YearData], code: str, until: int, since: int = config.PRODUCTIONS_SINCE
) -> pd.DataFrame:
    """The chamber's productions from `since` to `until`, from the responses of `years` (any
    order; years without the dataset are skipped), most recent first (COLUMNS)."""
    found: dict[tuple[str, int], dict] = {}
    covered = sorted(
        (y for y in years if answers.covered(y, "activites") and y.year <= until),
        key=lambda y: -y.year,
    )
    for data in covered:  # the latest response's spelling wins
        listed = items(data, code, PRODUCTION)
        for title, theme, year in listed.itertuples(index=False):
            dated = int(year) if not pd.isna(year) else data.year
            if since <= dated <= until:
                found.setdefault(
                    (title.casefold(), dated), {"Intitulé": title, "Thème": theme, "Année": dated}
                )
    frame = pd.DataFrame(list(found.values()), columns=COLUMNS)
    frame["Année"] = frame["Année"].astype("Int64")
    order = frame.assign(_key=frame["Intitulé"].str.casefold())
    order = order.sort_values(["Année", "_key"], ascending=[False, True], kind="stable")
    return order.drop(columns="_key").reset_index(drop=True)

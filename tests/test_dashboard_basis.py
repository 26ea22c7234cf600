"""Every dashboard chart says its base (issue 19, item 2): a year built on fewer chambers
than the network is hatched in the chart itself, its tooltip says « 20 chambres sur 26 »,
and the legend says what hatching means; complete years and gaps are left as they are."""

from __future__ import annotations

import math

import pandas as pd

from cres_reports.present import dashboard, figures


def _page(rows: list[dict]) -> dashboard.DashboardPage:
    page = object.__new__(dashboard.DashboardPage)  # the series alone, no processed year
    page.series = pd.DataFrame(rows)
    page.available = [r["annee"] for r in rows if r["donnees"]]
    page.gaps = [r["annee"] for r in rows if not r["donnees"]]
    page.years = {}
    return page


ROWS = [
    {"annee": 2009, "donnees": True, "chambres": 26, "comptes": 26, "ressources": 14e6},
    {"annee": 2010, "donnees": True, "chambres": 26, "comptes": 20, "ressources": 12e6},
    {"annee": 2011, "donnees": False},
]


def test_a_year_on_fewer_chambers_is_hatched_with_its_basis_and_a_legend_key():
    page = _page(ROWS)
    assert page.partial_years("ressources") == {2010: "20 chambres sur 26"}
    fig = figures.years_figure(
        [2009, 2010, 2011], {"Ressources": [14e6, 12e6, math.nan]}, "euros",
        partial=page.partial_years("ressources"),
    )  # fmt: skip
    bars, key = fig.data
    assert list(bars.marker.pattern.shape) == ["", "/", ""]
    assert list(bars.customdata) == ["", " (base : 20 chambres sur 26)", ""]
    assert "%{customdata}" in bars.hovertemplate
    assert key.name == figures.PARTIAL_KEY and key.marker.pattern.shape == "/"
    assert key.offsetgroup == bars.offsetgroup  # the key takes no place in the groups
    assert fig.layout.showlegend


def test_complete_years_draw_as_before():
    page = _page([ROWS[0], ROWS[2]])
    assert page.partial_years("ressources") == {}
    fig = figures.years_figure([2009, 2011], {"Ressources": [14e6, math.nan]}, "euros")
    assert len(fig.data) == 1 and set(fig.data[0].marker.pattern.shape) == {""}
    assert not fig.layout.showlegend

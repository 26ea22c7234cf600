"""The reports' plotly figures, one function per chart, from the frames of `analysis`.

Bars are horizontal wherever labels are words (chamber names, sources, functions), so that
the labels stay readable, never rotated nor cut, on a phone as on paper. Titles are not
drawn here: `charts.figure` puts them above the chart.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from .. import absence
from ..analysis import funding, governance
from . import charts, formatting
from .display import FORMATS

ROW = 24  # pixels per bar of a horizontal bar chart
PERCENT = "\u202f%"  # « 12,5 % » as Babel writes it: plotly's ".1%" gives « 12,5% »
BLUE, GREEN, PURPLE, ORANGE = "#2b6cb0", "#2f855a", "#6b46c1", "#c05621"
# Five groups of sources, as the board reads them (colour-blind safe, Okabe-Ito).
GROUP_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"]
FAMILY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999"]


def _height(rows: int, extra: int = 40) -> int:
    return max(160, ROW * rows + extra)


def _euro_bars(values, labels, color: str, hover: str, customdata=None):
    """Horizontal bars of amounts in euros, on an axis in whole euros, each amount in its bar."""
    values = list(values)
    fig = charts.hbars(
        values,
        labels,
        color=color,
        hover=hover,
        customdata=customdata,
        texts=[formatting.euros(v) for v in values],
    )
    fig.update_xaxes(ticksuffix=" €", tickformat=",.0f", rangemode="tozero")
    return charts.style(fig, height=_height(len(labels)))


def sources_figure(totals: pd.DataFrame):
    """All chambers' resources by source (`funding.national_totals`)."""
    return _euro_bars(
        totals["Montant"],
        totals["Source"],
        BLUE,
        "%{y} : %{x:,.0f} €<extra></extra>",
    )


def ranking_figure(ranking: pd.DataFrame):
    """One grant per chamber, largest first (`funding.grant_ranking`)."""
    return _euro_bars(
        ranking["Montant"],
        ranking["Chambre"],
        GREEN,
        "%{y} : %{x:,.0f} € (%{customdata:,.1f}" + PERCENT + " des ressources)<extra></extra>",
        customdata=ranking["Part"] * 100,
    )


DEFICIT, SURPLUS = "#D55E00", "#009E73"  # vermillion and green: told apart without colour too


def results_figure(frame: pd.DataFrame):
    """Each chamber's result (`health.by_chamber`): deficits to the left of zero, in
    vermillion, surpluses to the right; the hover says the result's share of income."""
    fig = charts.hbars(
        frame["Résultat"],
        frame["Chambre"],
        color=[DEFICIT if v < 0 else SURPLUS for v in frame["Résultat"]],
        hover="%{y} : %{x:,.0f} € (%{customdata:,.1f}" + PERCENT + " des produits)<extra></extra>",
        customdata=frame["Résultat / produits"] * 100,
        texts=[formatting.euros(v, signed=True) for v in frame["Résultat"]],
    )
    fig.update_xaxes(ticksuffix=" €", tickformat=",.0f", zeroline=True, zerolinecolor="#333")
    return charts.style(fig, height=_height(len(frame)))


def sources_mix_figure(mix: pd.DataFrame):
    """Share of each group of sources in each chamber's resources, stacked to 100 %."""
    groups = funding.group_names()
    fig = go.Figure(
        [
            go.Bar(
                name=group,
                y=mix["Chambre"].map(charts.label),
                x=mix[group] * 100,
                orientation="h",
                marker_color=colour,
                hovertemplate="%{y} : %{x:,.1f}"
                + PERCENT
                + "<extra>"
                + charts.label(group)
                + "</extra>",
            )
            for group, colour in zip(groups, GROUP_COLOURS, strict=True)
        ]
    )
    for i, (group, colour) in enumerate(zip(groups, GROUP_COLOURS, strict=True)):
        charts.value_labels(fig, [formatting.percent(v) for v in mix[group]], colour, trace=i)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickformat=",.0f", ticksuffix=PERCENT, range=[0, 100])
    fig = charts.style(fig, height=_height(len(mix), 110))
    fig.update_layout(barmode="stack")
    return fig


def fte_figure(per: pd.DataFrame):
    """FTE per chamber that sent its staff figures, largest first."""
    frame = per.dropna(subset=["ETP"]).sort_values(["ETP", "Code"], ascending=[False, True])
    fig = charts.hbars(
        frame["ETP"],
        frame["Chambre"],
        color=PURPLE,
        customdata=frame["Postes"],
        hover="%{y} : %{x:.1f} ETP, %{customdata:.0f} postes<extra></extra>",
        texts=[formatting.fte(v) for v in frame["ETP"]],
    )
    fig.update_xaxes(rangemode="tozero")
    return charts.style(fig, height=_height(len(frame)))


def breakdown_figure(frame: pd.DataFrame):
    """FTE by function or by contract (`staff.breakdown`)."""
    label = frame.columns[0]
    fig = charts.hbars(
        frame["ETP"],
        frame[label],
        color=ORANGE,
        hover="%{y} : %{x:.1f} ETP<extra></extra>",
        texts=[formatting.fte(v) for v in frame["ETP"]],
    )
    fig.update_xaxes(rangemode="tozero")
    return charts.style(fig, height=_height(len(frame)))


def cost_per_fte_figure(per: pd.DataFrame):
    """Expenses per FTE of each chamber with both figures, largest first."""
    frame = per.dropna(subset=["Charges par ETP"]).sort_values(
        ["Charges par ETP", "Code"], ascending=[False, True]
    )
    return _euro_bars(
        frame["Charges par ETP"],
        frame["Chambre"],
        BLUE,
        "%{y} : %{x:,.0f} € de charges par ETP<extra></extra>",
    )


def board_figure(matrix: pd.DataFrame):
    """Board seats by family, stacked, per chamber that described its bodies."""
    frame = matrix[(matrix["Code"] != "") & matrix["Total"].notna()]
    fig = go.Figure(
        [
            go.Bar(
                name=label,
                y=frame["Chambre"].map(charts.label),
                x=frame[governance.FAMILY_SHORT[family]],
                orientation="h",
                marker_color=colour,
                hovertemplate="%{y} : %{x} sièges<extra>" + charts.label(label) + "</extra>",
            )
            for (family, label), colour in zip(
                governance.FAMILY_LABELS.items(), FAMILY_COLOURS, strict=True
            )
        ]
    )
    for i, (family, colour) in enumerate(
        zip(governance.FAMILY_LABELS, FAMILY_COLOURS, strict=True)
    ):
        seats = frame[governance.FAMILY_SHORT[family]]
        charts.value_labels(fig, [formatting.count(v) for v in seats], colour, trace=i)
    fig.update_yaxes(autorange="reversed")
    fig = charts.style(fig, height=_height(len(frame), 150))
    fig.update_layout(barmode="stack")
    return fig


def profile_mix_figure(mix: pd.DataFrame):
    """Share of each source in one chamber's resources, as bars (no legend to read)."""
    lines = mix[mix["Source"] != "Total des produits"]
    fig = charts.hbars(
        lines["Part"] * 100,
        lines["Source"],
        color=BLUE,
        customdata=lines["Montant"],
        hover="%{y} : %{x:,.1f}" + PERCENT + " (%{customdata:,.0f} €)<extra></extra>",
        texts=[formatting.percent(v) for v in lines["Part"]],
    )
    top = float(lines["Part"].max()) * 100 if len(lines) else 100.0
    fig.update_xaxes(
        tickformat=",.0f", ticksuffix=PERCENT, range=[0, min(100.0, top * 1.1) or 100.0]
    )
    return charts.style(fig, height=_height(len(lines)))


def years_figure(
    years: list[int],
    series: dict[str, list[float]],
    unit: str,
    stacked=False,
    partial: Mapping[int, str] | None = None,
):
    """Bars over the years (one group per year, one colour per series); a year without data
    keeps its place on the axis, marked « pas de données », never filled in. A year built on
    fewer chambers than the network (`partial`: year -> its basis, « 20 chambres sur 26 »)
    is hatched, says its basis in its tooltip, and the legend says what hatching means."""
    labels = [str(y) for y in years]
    partial = dict(partial or {})
    scale = UNIT_SCALE.get(unit)
    if scale:
        series = {name: [v * scale for v in values] for name, values in series.items()}
    hatch = ["/" if y in partial else "" for y in years]
    bases = [f" (base : {partial[y]})" if y in partial else "" for y in years]
    traces = [
        go.Bar(
            x=labels,
            y=values,
            name=charts.label(name),
            marker_color=FAMILY_COLOURS[i % len(FAMILY_COLOURS)],
            marker_pattern={"shape": hatch, **HATCHING},
            offsetgroup=None if stacked else str(i),
            customdata=bases,
            hovertemplate=f"{charts.label(name)}, %{{x}} : %{{y:{UNIT_FORMATS[unit]}}}"
            f"{UNIT_SUFFIX[unit]}%{{customdata}}<extra></extra>",
        )
        for i, (name, values) in enumerate(series.items())
    ]
    if partial:  # the legend's key to the hatching
        traces.append(
            go.Bar(
                x=[labels[0]],
                y=[None],
                name=PARTIAL_KEY,
                marker_color="#8a8a8a",
                marker_pattern={"shape": "/", **HATCHING},
                offsetgroup=None if stacked else "0",  # the first series' place: no gap
                hoverinfo="skip",
            )
        )
    fig = go.Figure(traces)
    for i, values in enumerate(series.values()):
        colour = FAMILY_COLOURS[i % len(FAMILY_COLOURS)]
        texts = [_unit_text(v, unit) for v in values]
        charts.value_labels(fig, texts, colour, trace=i, outside=not stacked)
    empty = [  # positions on the axis: a label such as "2011" would be read as an index
        position
        for position in range(len(labels))
        if all(pd.isna(values[position]) for values in series.values())
    ]
    for position in empty:
        fig.add_annotation(
            x=position,
            y=0,
            # the foot of the plot: an annotation at y=0 of the data made plotly's autorange
            # drop the positive values of a series that has negative ones (a result)
            yref="paper",
            text=absence.NO_DATA,
            textangle=-90,
            showarrow=False,
            yanchor="bottom",
            font={"size": 11, "color": "#555"},
        )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=labels)
    fig.update_yaxes(
        rangemode="tozero", ticksuffix=UNIT_SUFFIX[unit], tickformat=UNIT_FORMATS[unit]
    )
    if stacked:
        fig.update_layout(barmode="stack")
    fig = charts.style(fig, height=360)
    fig.update_layout(showlegend=len(series) > 1 or bool(partial))
    return fig


PARTIAL_KEY = "Hachuré : année incomplète"  # its basis: tooltip, table below
HATCHING = {"fillmode": "overlay", "fgcolor": "#ffffff"}  # white stripes over the colour
UNIT_FORMATS = {"nombre": ",.0f", "euros": ",.0f", "part": ",.1f", "etp": ",.1f", "mois": ",.1f"}
UNIT_SUFFIX = {"nombre": "", "euros": " €", "part": PERCENT, "etp": "", "mois": " mois"}
UNIT_SCALE = {"part": 100}  # shares drawn in percent: plotly's "%" format has no space
# how a unit's figure is written in a table (`display.FORMATS`), and so on its bar
UNIT_CELLS = {
    "nombre": "count",
    "euros": "euros",
    "part": "percent",
    "etp": "fte",
    "mois": "months",
}


def _unit_text(value, unit: str) -> str:
    """A bar's figure as the dashboard's table writes it ("" where there is none)."""
    if formatting.missing(value):
        return ""
    return FORMATS[UNIT_CELLS[unit]](value / UNIT_SCALE.get(unit, 1))


def wrap(text: str, width: int = 24) -> str:
    """A long label on several lines (plotly's `<br>`), so that it is never cut on a phone."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "<br>".join(charts.label(line) for line in lines)


def categories_by_year_figure(labels: list[str], by_year: dict[int, list[float]]):
    """Horizontal bars, one group per category (wrapped labels), one colour per year."""
    fig = go.Figure(
        [
            go.Bar(
                y=[wrap(label) for label in labels],
                x=values,
                name=str(year),
                orientation="h",
                marker_color=FAMILY_COLOURS[i % len(FAMILY_COLOURS)],
                customdata=[charts.label(label) for label in labels],
                hovertemplate=f"%{{customdata}}, {year} : %{{x:,.0f}}<extra></extra>",
            )
            for i, (year, values) in enumerate(by_year.items())
        ]
    )
    for i, values in enumerate(by_year.values()):
        colour = FAMILY_COLOURS[i % len(FAMILY_COLOURS)]
        charts.value_labels(fig, [formatting.count(v) for v in values], colour, trace=i)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(rangemode="tozero", tickformat=",.0f")
    fig = charts.style(fig, height=_height(len(labels) * max(len(by_year), 1), 80))
    return fig


WRAP = 24  # characters of a bar's label per line: the bars keep room on a phone


def chambers_figure(counts: pd.DataFrame, label: str, color: str = BLUE):
    """Horizontal bars: how many chambers per answer or item (`label` column, `Chambres`)."""
    fig = charts.hbars(
        counts["Chambres"],
        counts[label],
        color=color,
        hover="%{y} : %{x} chambre(s)<extra></extra>",
        wrap=WRAP,
        texts=[formatting.count(v) for v in counts["Chambres"]],
    )
    fig.update_xaxes(
        tickformat=",d", rangemode="tozero", dtick=max(1, int(counts["Chambres"].max()) // 6)
    )
    extra = sum(charts.wrapped(text, WRAP).count("<br>") for text in counts[label])
    return charts.style(fig, height=_height(len(counts), 60 + 14 * extra))

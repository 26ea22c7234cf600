"""The reports' plotly figures, one function per chart, from the frames of `analysis`."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..analysis import funding, governance
from . import charts


def _euro_bars(values, labels, title: str, height: int, **bars):
    """Horizontal bars of amounts in euros, on an axis in whole euros."""
    fig = charts.hbars(values, labels, **bars)
    fig.update_xaxes(ticksuffix=" €", tickformat=",.0f")
    return charts.style(fig, title, height=height)


def sources_figure(fin: pd.DataFrame):
    totals = funding.national_totals(fin)
    return _euro_bars(
        totals["Montant"],
        totals["Source"],
        "Ressources de l'ensemble des chambres, par source",
        380,
        color="#2b6cb0",
        hover="%{y} : %{x:,.0f} €<extra></extra>",
    )


def ranking_figure(ranking: pd.DataFrame, title: str):
    return _euro_bars(
        ranking["Montant"],
        ranking["Chambre"],
        title,
        max(300, 22 * len(ranking) + 80),
        color="#2f855a",
        customdata=ranking["Part"],
        hover="%{y} : %{x:,.0f} € (%{customdata:.1%} des ressources)<extra></extra>",
    )


def sources_mix_figure(mix: pd.DataFrame):
    fig = go.Figure(
        [
            go.Bar(
                name=group,
                y=mix.index.map(charts.label),
                x=mix[group],
                orientation="h",
                hovertemplate="%{y} : %{x:.1%}<extra>" + group + "</extra>",
            )
            for group in mix.columns
        ]
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    fig = charts.style(
        fig,
        "Part de chaque source dans les ressources de chaque chambre",
        height=max(320, 22 * len(mix) + 140),
    )
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.06, "yanchor": "top"})
    return fig


def fte_figure(per: pd.DataFrame):
    frame = per.sort_values("ETP", ascending=False)
    fig = charts.hbars(
        frame["ETP"],
        frame["Chambre"],
        color="#6b46c1",
        customdata=frame["Postes"],
        hover="%{y} : %{x:.1f} ETP, %{customdata} poste(s)<extra></extra>",
    )
    return charts.style(fig, "Équivalents temps plein par chambre", height=22 * len(frame) + 100)


def breakdown_figure(frame: pd.DataFrame, title: str):
    label = frame.columns[0]
    fig = go.Figure(
        go.Bar(
            x=frame[label],
            y=frame["ETP"],
            marker_color="#dd6b20",
            hovertemplate="%{x} : %{y:.1f} ETP<extra></extra>",
        )
    )
    return charts.style(fig, title, height=340)


def budget_figure(per: pd.DataFrame):
    frame = per.dropna(subset=["Charges"])
    fig = go.Figure(
        go.Scatter(
            x=frame["Charges"],
            y=frame["ETP"],
            mode="markers+text",
            text=frame["Code"],
            textposition="top center",
            customdata=frame["Chambre"].map(charts.label),
            hovertemplate="%{customdata} : %{y:.1f} ETP pour %{x:,.0f} € de charges<extra></extra>",
            marker={"size": 10, "color": "#2b6cb0"},
        )
    )
    fig.update_xaxes(title="Charges de l'exercice", ticksuffix=" €", tickformat=",.0f")
    fig.update_yaxes(title="ETP")
    return charts.style(fig, "ETP et budget des chambres", height=420)


def board_figure(matrix: pd.DataFrame, title: str):
    frame = matrix[matrix["Chambre"] != "Total"]
    fig = go.Figure(
        [
            go.Bar(
                name=label,
                y=frame["Chambre"].map(charts.label),
                x=frame[governance.FAMILY_SHORT[family]],
                orientation="h",
                hovertemplate="%{y} : %{x} siège(s)<extra>" + label + "</extra>",
            )
            for family, label in governance.FAMILY_LABELS.items()
        ]
    )
    fig.update_yaxes(autorange="reversed")
    fig = charts.style(fig, title, height=22 * len(frame) + 160)
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.04, "yanchor": "top"})
    return fig


def profile_mix_figure(mix: pd.DataFrame):
    """Share of each source in the chamber's resources, as bars (no legend to read)."""
    lines = mix[mix["Source"] != "Total des produits"]
    fig = charts.hbars(
        lines["Part"],
        lines["Source"],
        color="#2b6cb0",
        customdata=lines["Montant"],
        hover="%{y} : %{x:.1%} (%{customdata:,.0f} €)<extra></extra>",
    )
    fig.update_xaxes(tickformat=".0%")
    fig = charts.style(fig, "Origine des ressources", height=60 + 28 * len(lines))
    fig.update_layout(margin={"t": 40, "b": 30, "l": 10, "r": 10})
    fig.update_yaxes(automargin=True)
    return fig


WRAP = 24  # characters of a bar's label per line: the bars keep room on a phone


def chambers_figure(counts: pd.DataFrame, label: str, title: str, color: str = "#1a5f7a"):
    """Horizontal bars: how many chambers per answer or item (`label` column, `Chambres`)."""
    fig = charts.hbars(
        counts["Chambres"],
        counts[label],
        color=color,
        hover="%{y} : %{x} chambre(s)<extra></extra>",
        wrap=WRAP,
    )
    fig.update_xaxes(
        tickformat=",d", rangemode="tozero", dtick=max(1, counts["Chambres"].max() // 6)
    )
    lines = max(charts.wrapped(text, WRAP).count("<br>") + 1 for text in counts[label])
    fig = charts.style(fig, title, height=90 + (22 + 12 * lines) * len(counts))
    fig.update_yaxes(automargin=True)
    return fig

"""Plotly figures in report notebooks, rendered offline and deterministically, at any width.

`show(fig)` emits a figure as a plain ``text/html`` fragment WITHOUT plotly.js: the HTML
template (`publishing.engine.render.to_html`) loads plotly.js once per page, from a shared local
file or inlined. This avoids the two traps of plotly's own notebook renderers: the default
``plotly_mimetype`` output is dropped by nbconvert, and the other renderers either fetch
plotly.js from a CDN (blank offline) or embed 4.7 MB of it in every output.

Charts have no toolbar and no title inside the plot: the title is an HTML caption above it,
which wraps on a phone where a title drawn by plotly would be cut. Charts follow the width of
their container (the template's `charts.js` redraws them when it changes and before printing).

Div ids are deterministic (``cres-fig-<n>-<hash>``: a per-kernel counter plus a hash of the
figure JSON), so two executions of the same notebook give byte-identical HTML.
"""

from __future__ import annotations

import hashlib
import html
import itertools

from IPython.display import HTML, display

from .display import Fragment, join

FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
DEFAULT_HEIGHT = 450

CONFIG = {
    "displaylogo": False,
    "displayModeBar": False,  # board pages: nothing drawn over the chart
    "responsive": False,  # the template's charts.js redraws charts (screen and print)
    "locale": "fr",  # only affects plotly's own UI strings when a French locale is registered
    "showSendToCloud": False,
}

_counter = itertools.count(1)


def reset() -> None:
    """Number figures from 1 again: a warm kernel must give the ids a fresh one gives."""
    global _counter
    _counter = itertools.count(1)


def style(fig, height: int = DEFAULT_HEIGHT):
    """Apply the reports' layout: white template, system sans-serif, French number format.

    ``separators=", "`` makes plotly write 1 234,5 (decimal comma, space for thousands).
    Axis labels and legends make room for themselves (automargin), the legend sits under the
    plot, in the order of the traces. Returns the figure, so it can be chained.
    """
    fig.update_layout(
        template="plotly_white",
        font={"family": FONT_FAMILY, "size": 13, "color": "#222"},
        separators=", ",
        margin={"l": 10, "r": 20, "t": 10, "b": 10, "autoexpand": True},
        height=height,
        hoverlabel={"font_family": FONT_FAMILY},
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.08,
            "x": 0,
            "traceorder": "normal",
        },
    )
    # 20 000 rather than 20k: full numbers with French thousands separators on value axes
    fig.update_xaxes(exponentformat="none", separatethousands=True, automargin=True)
    fig.update_yaxes(exponentformat="none", separatethousands=True, automargin=True)
    return fig


def label(value) -> str:
    """A data value as a chart label or hover text: plotly reads a few tags, so escape them."""
    return html.escape(str(value), quote=False)


def wrapped(value, width: int = 24) -> str:
    """A long label on several lines (plotly's `<br>`), for narrow screens; escaped."""
    import textwrap

    return "<br>".join(label(line) for line in textwrap.wrap(str(value), width)) or label(value)


def hbars(
    values, labels, *, color: str | list[str], hover: str, customdata=None, wrap: int | None = None
):
    """Horizontal bars, first label on top; labels escaped (see `label`), and cut into lines
    of `wrap` characters when given."""
    import plotly.graph_objects as go

    fig = go.Figure(
        go.Bar(
            x=list(values),
            y=[label(text) if wrap is None else wrapped(text, wrap) for text in labels],
            orientation="h",
            marker_color=color,
            customdata=None if customdata is None else list(customdata),
            hovertemplate=hover,
        )
    )
    fig.update_yaxes(autorange="reversed")
    return fig


def to_fragment(fig, div_id: str | None = None) -> str:
    """The figure as an HTML fragment (a div and a ``Plotly.newPlot`` script), no plotly.js."""
    if div_id is None:
        digest = hashlib.sha256(fig.to_json().encode("utf-8")).hexdigest()[:10]
        div_id = f"cres-fig-{next(_counter)}-{digest}"
    height = fig.layout.height or DEFAULT_HEIGHT
    return fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        config=CONFIG,
        div_id=div_id,
        default_width="100%",
        default_height=f"{height}px",
    )


def figure(fig, title: str, *notes: Fragment | str) -> Fragment:
    """The chart under its title, then `notes` (a definition, the table behind it, folded)."""
    caption = f'<figcaption class="cres-chart-title">{html.escape(title)}</figcaption>'
    # the drawing is named by its title (screen readers); its figures are in the table
    named = to_fragment(fig).replace(
        'class="plotly-graph-div"',
        f'class="plotly-graph-div" role="img" aria-label="{html.escape(title)}"',
        1,
    )
    return join(
        f'<figure class="cres-chart">{caption}{named}',
        *notes,
        "</figure>",
    )


def show(fig, div_id: str | None = None) -> None:
    """Display the figure in the notebook as a ``text/html`` output (see module docstring)."""
    display(HTML(to_fragment(fig, div_id)))

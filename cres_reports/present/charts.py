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


def ink(colour: str) -> str:
    """Black or white, whichever reads better on `colour` (#rrggbb): the higher contrast."""

    def channel(c: int) -> float:
        c_ = c / 255
        return c_ / 12.92 if c_ <= 0.04045 else ((c_ + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


def value_labels(fig, texts, colours: str | list[str], trace: int = 0, outside: bool = False):
    """Write each bar's figure (`texts`, formatted as the tables do) inside the end of its bar,
    in black or white for contrast, or just past its end (`outside`: a hatched bar); where it
    does not fit, it is not drawn (never cut, never over another bar): the hover and the
    table beside the chart give it."""
    texts = list(texts)
    fills = [colours] * len(texts) if isinstance(colours, str) else list(colours)
    fig.data[trace].update(
        text=[label(t) for t in texts],
        textposition="outside" if outside else "inside",
        insidetextanchor="end",
        textangle=0,
        cliponaxis=False,
        insidetextfont={"color": [ink(c) for c in fills]},
        outsidetextfont={"color": "#222222"},
    )
    fig.update_layout(uniformtext={"mode": "hide", "minsize": 11})
    return fig


def hbars(
    values,
    labels,
    *,
    color: str | list[str],
    hover: str,
    customdata=None,
    wrap: int | None = None,
    texts=None,
):
    """Horizontal bars, first label on top; labels escaped (see `label`), and cut into lines
    of `wrap` characters when given; each bar's figure written in it (`texts`, see
    `value_labels`) where it fits."""
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
    if texts is not None:
        value_labels(fig, texts, color)
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
    # Stacked bars on a phone: too narrow for their small segments and their axis; the chart
    # gives way to its table there (cres.css), and says so.
    stacked = fig.layout.barmode == "stack"
    klass = "cres-chart cres-stacked" if stacked else "cres-chart"
    phone = (
        '<p class="cres-phone-note">Sur un écran étroit, ce graphique laisse la place à ses '
        "chiffres : voir le tableau.</p>"
        if stacked
        else ""
    )
    return join(
        f'<figure class="{klass}">{caption}{phone}{named}',
        *notes,
        "</figure>",
    )


def show(fig, div_id: str | None = None) -> None:
    """Display the figure in the notebook as a ``text/html`` output (see module docstring)."""
    display(HTML(to_fragment(fig, div_id)))

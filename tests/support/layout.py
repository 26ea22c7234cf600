"""Pages measured in headless Chromium: charts drawn whole, no table wider than the page, no
cell half hidden; each page opened once and measured at every width and on A4.

Charts: each chart's plot, tick labels and legend lie inside its svg, and the svg fills its box,
at 1280, 768, 390 and 320 px and laid out for print. Tables: on a phone a wide table scrolls in
its box under its row labels, which stay (cres.css, tables.js): a cell partly under them would
show part of a word (« incomplet » read « complet »). From a tablet up, and on A4, no table runs
past the page's column.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from support import browser

# (name, viewport width, CSS media): the print width is A4's 210 mm less 2 × 20 mm of margins.
WIDTHS = (
    ("1280", 1280, ""),
    ("768", 768, ""),
    ("390", 390, ""),
    ("320", 320, ""),
    ("A4", 643, "print"),
)
PHONES = (390, 320)  # a wide table scrolls in its box; from a tablet up none may overflow

MEASURE = """JSON.stringify([...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const box = r => { const b = r.getBoundingClientRect();
    return [b.left, b.top, b.right, b.bottom]; };
  const all = s => [...gd.querySelectorAll(s)].map(box).filter(b => b[2] > b[0]);
  const note = gd.closest('figure.cres-stacked')?.querySelector('.cres-phone-note');
  return {
    id: gd.id,
    // stacked bars on a phone give way to their table, and say so (charts.py, cres.css)
    givesWay: !!note && gd.getBoundingClientRect().width === 0
      && note.getBoundingClientRect().height > 0,
    container: box(gd.parentElement),
    svg: box(gd.querySelector('svg.main-svg')),
    plot: all('.cartesianlayer .overplot path, .cartesianlayer .gridlayer path, '
      + '.cartesianlayer .zerolinelayer path'),
    labels: all('.xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .legend text, '
      + '.bartext'),
    values: gd.querySelectorAll('.bartext').length,
  };
}))"""


TABLES = """JSON.stringify((() => {
  const main = document.querySelector('.cres-main').getBoundingClientRect();
  return [...document.querySelectorAll('table')]
    .filter(t => t.getBoundingClientRect().width > 0)
    .map(t => [t.caption ? t.caption.textContent : '', t.getBoundingClientRect().right
      - main.right])
    .filter(([, over]) => over > 1);
})())"""


# Cells partly hidden under a table's sticky first column on a phone (« incomplet » read
# « complet »): as the boxes open, then each scrolled by a third and to its end (it snaps back
# to whole columns). Every box scrolls at once, and they go back to their start afterwards.
HALF_HIDDEN = """(async () => {
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const still = async boxes => {  // the scrolls and the alignments after them are over
    let last = null, same = 0;
    for (let i = 0; i < 60 && same < 5; i++) {
      await frame();
      const now = boxes.map(box => box.scrollLeft).join();
      same = now === last ? same + 1 : 0;
      last = now;
    }
  };
  const boxes = [...document.querySelectorAll('.cres-table')].filter(box =>
    box.querySelector('table') && box.scrollWidth > box.clientWidth + 1);
  const found = [];
  for (const share of [null, 1 / 3, 1]) {
    if (share !== null) {
      for (const box of boxes) {
        box.scrollLeft = Math.round((box.scrollWidth - box.clientWidth) * share);
      }
      await still(boxes);
    }
    for (const box of boxes) {
      const table = box.querySelector('table');
      const where = share === null ? 'ouvert' : `défilé à ${box.scrollLeft} px`;
      for (const row of table.rows) {
        const labels = row.cells[0].getBoundingClientRect();
        for (const cell of [...row.cells].slice(1)) {
          // a cell over several columns is wider than the box: its words must be whole
          const words = document.createRange();
          words.selectNodeContents(cell);
          const r = cell.colSpan > 1 ? words.getBoundingClientRect() : cell.getBoundingClientRect();
          if (r.left < labels.right - 1 && r.right > labels.right + 1) {
            found.push([table.caption ? table.caption.textContent : '', cell.textContent, where]);
          }
        }
      }
    }
  }
  for (const box of boxes) box.scrollLeft = 0;
  if (boxes.length) await still(boxes);
  return JSON.stringify(found);
})()"""


def outside(inner, outer, slack: float = 1.0) -> bool:
    return (
        inner[0] < outer[0] - slack
        or inner[2] > outer[2] + slack
        or inner[1] < outer[1] - slack
        or inner[3] > outer[3] + slack
    )


def chart_problems(page: str, mode: str, charts: list[dict], viewport: int) -> list[str]:
    found = []
    for chart in charts:
        where = f"{page} à {mode} ({chart['id']})"
        if chart["givesWay"]:
            if viewport > 600:
                found.append(f"{where} : remplacé par son tableau sur un écran large")
            continue
        container, svg = chart["container"], chart["svg"]
        width = container[2] - container[0]
        if container[2] > viewport + 1:
            found.append(f"{where} : le graphique dépasse l'écran ({container[2]:.0f} px)")
        drawn = svg[2] - svg[0]
        if abs(drawn - width) > 2 or svg[0] < container[0] - 1 or svg[2] > container[2] + 1:
            found.append(f"{where} : dessiné sur {drawn:.0f} px dans un cadre de {width:.0f} px")
        if not chart["plot"]:
            found.append(f"{where} : rien n'est tracé")
        if viewport >= 1280 and not chart["values"]:  # issue 19: figures on the bars
            found.append(f"{where} : aucun chiffre écrit sur les barres")
        for kind in ("plot", "labels"):
            for part in chart[kind]:
                if outside(part, svg):
                    found.append(f"{where} : {kind} coupé ({part} hors de {svg})")
                    break
    return found


@dataclass
class Measured:
    """What is wrong with the pages (one French line each), and the charts measured per page
    (each chart once per width of WIDTHS)."""

    problems: list[str] = field(default_factory=list)
    charts: dict[Path, int] = field(default_factory=dict)


def measure(pages: Iterable[Path], reports: Path, charts: Iterable[Path] = ()) -> Measured:
    """Every table of `pages`, and every chart of those also in `charts`, at each width of
    WIDTHS; pages are named from `reports`. One browser, each page opened once."""
    with_charts = set(charts)
    measured = Measured()
    with browser.Session() as session:
        for page in pages:
            name = str(page.relative_to(reports))
            session.media("")
            session.size(1280)
            session.open(page)
            for mode, width, media in WIDTHS:
                session.media(media)
                session.size(width)
                if media == "print":  # as the browser does before it prints
                    session.evaluate("window.dispatchEvent(new Event('beforeprint'))")
                session.settle()
                if page in with_charts:
                    found = json.loads(session.evaluate(MEASURE))
                    measured.charts[page] = measured.charts.get(page, 0) + len(found)
                    measured.problems += chart_problems(name, mode, found, width)
                if width in PHONES:
                    for caption, cell, where in json.loads(
                        session.evaluate(HALF_HIDDEN, wait=True)
                    ):
                        measured.problems.append(
                            f"{name} à {mode} : « {caption} », « {cell} » à moitié caché ({where})"
                        )
                else:
                    for caption, over in json.loads(session.evaluate(TABLES)):
                        measured.problems.append(
                            f"{name} à {mode} : « {caption} » dépasse de {over:.0f} px"
                        )
                if media == "print":
                    session.evaluate("window.dispatchEvent(new Event('afterprint'))")
    return measured

"""Tables measured in headless Chromium: none wider than the page, no cell half hidden.

On a phone a wide table scrolls in its box under its row labels, which stay (cres.css,
tables.js): a cell partly under them would show part of a word (« incomplet » read
« complet »). From a tablet up, and on A4, no table runs past the page's column.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from support import browser

# (name, viewport width, CSS media) where no table may overflow; phones where none may hide
# half a cell. The print width is A4's 210 mm less 2 × 20 mm of margins.
FITS = (("1280", 1280, ""), ("768", 768, ""), ("A4", 643, "print"))
PHONES = (390, 320)

TABLES = """JSON.stringify((() => {
  const main = document.querySelector('.cres-main').getBoundingClientRect();
  return [...document.querySelectorAll('table')]
    .filter(t => t.getBoundingClientRect().width > 0)
    .map(t => [t.caption ? t.caption.textContent : '', t.getBoundingClientRect().right
      - main.right])
    .filter(([, over]) => over > 1);
})())"""


# Cells partly hidden under a table's sticky first column on a phone (« incomplet » read
# « complet »): as the box opens, then scrolled by a third and to the end (it snaps back
# to whole columns).
HALF_HIDDEN = """(async () => {
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const still = async box => {  // the scroll and the alignment after it are over
    let last = -1, same = 0;
    for (let i = 0; i < 60 && same < 5; i++) {
      await frame();
      same = box.scrollLeft === last ? same + 1 : 0;
      last = box.scrollLeft;
    }
  };
  const found = [];
  for (const box of document.querySelectorAll('.cres-table')) {
    const table = box.querySelector('table');
    if (!table || box.scrollWidth <= box.clientWidth + 1) continue;
    const end = box.scrollWidth - box.clientWidth;
    for (const at of [null, Math.round(end / 3), end]) {
      if (at !== null) { box.scrollLeft = at; await still(box); }
      for (const row of table.rows) {
        const labels = row.cells[0].getBoundingClientRect();
        for (const cell of [...row.cells].slice(1)) {
          // a cell over several columns is wider than the box: its words must be whole
          const words = document.createRange();
          words.selectNodeContents(cell);
          const r = cell.colSpan > 1 ? words.getBoundingClientRect() : cell.getBoundingClientRect();
          if (r.left < labels.right - 1 && r.right > labels.right + 1) {
            found.push([table.caption ? table.caption.textContent : '', cell.textContent,
              at === null ? 'ouvert' : `défilé à ${at} px`]);
          }
        }
      }
    }
  }
  return JSON.stringify(found);
})()"""


def table_problems(pages: Iterable[Path]) -> list[str]:
    """What is wrong with the pages' tables, one French line each (none: all is well)."""
    found = []
    with browser.Session() as session:
        for page in pages:
            session.media("")
            session.size(1280)
            session.open(page)
            for mode, width, media in FITS:
                session.media(media)
                session.size(width)
                session.settle()
                for caption, over in json.loads(session.evaluate(TABLES)):
                    found.append(f"{page.name} à {mode} : « {caption} » dépasse de {over:.0f} px")
            session.media("")
            for width in PHONES:
                session.size(width)
                session.settle()
                for caption, cell, where in json.loads(session.evaluate(HALF_HIDDEN, wait=True)):
                    found.append(
                        f"{page.name} à {width} : « {caption} », « {cell} » à moitié caché "
                        f"({where})"
                    )
    return found

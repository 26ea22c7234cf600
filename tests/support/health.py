"""The financial-health page checked against its year's raw files, recomputed by hand.

A chamber's result is its declared income rounded to the euro minus its declared charges
rounded to the euro (half up, as the pages round); the network's result is their sum. The
raw files are read as the pipeline reads them (flat files or returned workbooks); nothing
else of the package computes the expected figures.
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

from babel.numbers import format_decimal

from cres_reports.ingest.year import read_year

PAGE = "sante-financiere.html"


def _half_up(value: float) -> int:
    return int(math.floor(value + 0.5))


def expected_results(raw_year: Path, year: int) -> dict[str, int]:
    """code → the chamber's result, from the year's raw files."""
    found = read_year(raw_year, year)
    frame = found.tables["finances"].frame
    return {
        str(row.code_region): _half_up(row.total_produits) - _half_up(row.total_charges)
        for row in frame.itertuples()
    }


def _spaces(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def euros(value: int) -> str:
    """As the pages write an amount (Babel, fr_FR, a real minus sign)."""
    said = format_decimal(value, format="#,##0", locale="fr_FR").replace("-", "\u2212")
    return _spaces(said) + " €"


def page_text(path: Path) -> str:
    body = re.sub(r"<script.*?</script>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return _spaces(html.unescape(re.sub(r"<[^>]+>", " ", body)))


def check_health_page(reports: Path, raw: Path, year: int) -> None:
    """The year's page states the network's result, the count of chambers in deficit and
    each chamber's result (its download) as recomputed from `raw/<year>`."""
    results = expected_results(raw / str(year), year)
    page = reports / str(year) / PAGE
    words = page_text(page)
    total = sum(results.values())
    deficits = sum(1 for v in results.values() if v < 0)
    assert f"soit un résultat de {euros(total)}" in words, (year, total)
    counted = (
        f"{deficits} chambres en déficit" if deficits > 1 else f"{deficits} chambre en déficit"
    )
    assert counted in words, (year, counted)
    shown = results_table(page, year)
    assert {c: v for c, v in shown if c} == results, year
    assert [v for c, v in shown if not c] == [total]  # the total row
    order = [v for c, v in shown if c]
    assert order == sorted(order), year  # deficits first, the largest on top


def _amount(cell: str) -> int:
    return int(re.sub(r"[^0-9−-]", "", cell).replace("−", "-"))


def results_table(page: Path, year: int) -> list[tuple[str, int]]:
    """(chamber code or "" for the total row, result) of the page's table of results."""
    text = page.read_text(encoding="utf-8")
    caption = html.escape(f"Résultat de l'exercice, par chambre, {year}", quote=False)
    start = text.index(caption)
    body = text[start : text.index("</table>", start)]
    found = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)[1:]:  # after the header
        link = re.search(r'href="fiches/([^"]+)\.html"', row)
        cells = re.findall(r'<td class="num"[^>]*>(.*?)</td>', row, flags=re.S)
        found.append((link.group(1) if link else "", _amount(html.unescape(cells[2]))))
    return found

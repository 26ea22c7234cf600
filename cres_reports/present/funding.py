"""The funding report's content: the figures its sentences state, its charts and tables.

`financement.ipynb` holds the wording; this module gives it formatted figures (`facts`) and
ready fragments (charts with the tables behind them), all from `analysis.funding`.
"""

from __future__ import annotations

import html

import pandas as pd

from ..analysis import funding
from . import charts, figures, tables
from .display import Fragment, details, join, prose, table_fragment
from .formatting import count, euros, names, percent, plural
from .page import YearPage

COMPARED = {
    "total_produits": "Total des produits",
    "subv_conseil_regional": "Subvention du conseil régional",
    "subv_cdc": "Subvention de la Caisse des Dépôts",
}
GRANT_TITLES = {
    "subv_conseil_regional": "Subvention du conseil régional, par chambre",
    "subv_cdc": "Subvention de la Caisse des Dépôts, par chambre",
}


def _with(agreeing: list[str], singular: str, plural_form: str) -> str:
    if not agreeing:
        return "Aucune chambre n'a"
    return plural(len(agreeing), singular, plural_form)


class FundingPage(YearPage):
    """The funding report of a year (`FundingPage.load(data_dir, year)`)."""

    def facts(self) -> dict[str, str]:
        """The figures of the report's sentences, formatted."""
        fin, cres = self.data.finances, self.data.cres
        h = funding.headline(fin)
        cpo_cr = funding.agreements(fin, cres, "subv_conseil_regional")
        cpo_cdc = funding.agreements(fin, cres, "subv_cdc")
        return {
            "year": str(self.year),
            "prev": str(self.year - 1),
            "comptes": plural(h.chambres, "chambre"),
            "reseau": plural(len(cres), "chambre"),
            "total": count(len(cres)),  # « 18 chambres sur 26 »
            "ressources": euros(h.ressources),
            "charges": euros(h.charges),
            "cr": euros(h.conseil_regional),
            "part_cr": percent(h.part_conseil_regional),
            "cdc": euros(h.cdc),
            "part_cdc": percent(h.part_cdc),
            "avec_cdc": plural(h.avec_cdc, "chambre"),
            "sans_comptes": names(self.absent(funding.without_accounts(fin, cres))),
            "sans_cr": names(funding.without_grant(fin, cres, "subv_conseil_regional")),
            "sans_cdc": names(funding.without_grant(fin, cres, "subv_cdc")),
            "cpo_cr": _with(cpo_cr, "chambre a", "chambres ont"),
            "noms_cpo_cr": names(cpo_cr),
            "cpo_cdc": _with(cpo_cdc, "chambre a", "chambres ont"),
            "noms_cpo_cdc": names(cpo_cdc),
        }

    def sources(self) -> Fragment:
        """All chambers' resources by source: the chart, and its table with a total row."""
        totals = funding.national_totals(self.data.finances)
        shown = totals[["Source", "Montant", "Part"]]
        total = {"Source": "Total des ressources", "Montant": shown["Montant"].sum(), "Part": 1.0}
        shown = pd.concat([shown, pd.DataFrame([total])], ignore_index=True)
        title = f"Ressources de l'ensemble des chambres, par source, {self.year}"
        return join(
            charts.figure(figures.sources_figure(totals), title),
            table_fragment(
                shown, {"Montant": "euros", "Part": "percent"}, caption=title, total_row=True
            ),
        )

    def ranking(self, grant: str) -> Fragment:
        """The chambers that received a grant, largest first: chart and table."""
        ranking = funding.grant_ranking(self.data.finances, self.data.cres, grant)
        if ranking.empty:
            return Fragment(prose("Aucune chambre n'a reçu cette subvention en {y}.", y=self.year))
        title = f"{GRANT_TITLES[grant]}, {self.year}"
        shown = ranking[["Code", "Chambre", "Rang", "Montant", "Part", "Convention"]]
        formats = {"Rang": "count", "Montant": "euros", "Part": "percent"}
        return tables.chart_and_table(
            figures.ranking_figure(ranking),
            title,
            shown,
            formats,
            self.network,
            aside=self.aside,
        )

    def mix(self) -> Fragment:
        """Each chamber's resources by group of sources: chart, the groups defined, the data."""
        mix = funding.mix_by_chamber(self.data.finances, self.data.cres)
        groups = funding.group_names()
        definitions = "".join(
            f"<dt>{html.escape(group)}</dt><dd>{html.escape(', '.join(lines))}</dd>"
            for group, lines in funding.group_definitions().items()
            if len(lines) > 1  # a group of one source is its own definition
        )
        title = f"Part de chaque groupe de sources dans les ressources, par chambre, {self.year}"
        table = tables.chamber_table(
            mix, dict.fromkeys(groups, "percent"), self.network, caption=title, aside=self.aside
        )
        return charts.figure(
            figures.sources_mix_figure(mix),
            title,
            f'<dl class="cres-definitions">{definitions}</dl>',
            details("Les données du graphique", table),
        )

    def change_facts(self, column: str) -> dict[str, str]:
        """The figures of a comparison's sentence: totals on the basis, and the basis."""
        comparison = self._comparison(column)
        return {"titre": COMPARED[column], **tables.comparison_facts(comparison)}

    def change_table(self, column: str) -> Fragment:
        comparison = self._comparison(column)
        caption = f"{COMPARED[column]}, {self.year - 1} et {self.year}"
        return tables.comparison_table([tables.Compared(comparison)], caption, "comptes")

    def _comparison(self, column: str):
        before = self.before()
        comparison = funding.column_changes(
            self.data.finances, before.finances, self.data.cres, column, self.year, before.cres
        )
        assert comparison is not None
        return comparison

    def full_tables(self) -> Fragment:
        """Every income line per chamber, in two tables that each fit a page's width."""
        parts = []
        for lines, caption in (
            (funding.PUBLIC_LINES, "Subventions publiques"),
            (funding.OWN_LINES, "Ressources propres et total des produits"),
        ):
            frame = funding.full_table(self.data.finances, self.data.cres, lines)
            amounts = dict.fromkeys(frame.columns[2:], "euros")
            parts.append(
                tables.chamber_table(
                    frame,
                    amounts,
                    self.network,
                    f"{caption}, {self.year}",
                    total_row=True,
                    aside=self.aside,
                )
            )
        return join(*parts)

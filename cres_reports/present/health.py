"""The financial-health report's content: the network's result, each chamber's, equity and cash.

`sante_financiere.ipynb` holds the wording; this module gives it formatted figures (`facts`)
and ready fragments (the chart of results with its table, equity and cash, the year before on
the same basis), all from `analysis.health`.
"""

from __future__ import annotations

import pandas as pd

from ..analysis import funding, health
from ..analysis.tables import TOTAL_LABEL
from . import charts, figures, tables
from .display import Fragment, join
from .formatting import count, euros, months, names, percent, plural
from .page import YearPage

RESULTS = {
    "code_region": "Code",
    "nom_cres": "Chambre",
    "total_produits": "Produits",
    "total_charges": "Charges",
    "resultat": "Résultat",
    "marge": "Résultat / produits",
}
RESERVES = {
    "code_region": "Code",
    "nom_cres": "Chambre",
    "fonds_propres": "Fonds propres",
    "mois_fonds_propres": "Fonds propres, en mois de charges",
    "tresorerie": "Trésorerie",
    "mois_tresorerie": "Trésorerie, en mois de charges",
}
COMPARED = {
    "resultat": "Résultat",
    "fonds_propres": "Fonds propres",
}


class HealthPage(YearPage):
    """The financial-health report of a year (`HealthPage.load(data_dir, year)`)."""

    def facts(self) -> dict[str, str]:
        """The figures of the report's sentences, formatted."""
        fin, cres = self.data.finances, self.data.cres
        h = health.headline(fin, cres)
        deficits = health.in_deficit(fin, cres)
        return {
            "year": str(self.year),
            "prev": str(self.year - 1),
            "comptes": plural(h.chambres, "chambre"),
            "total": count(len(cres)),  # « 18 chambres sur 26 »
            "sans_comptes": names(self.absent(funding.without_accounts(fin, cres))),
            "produits": euros(h.produits),
            "charges": euros(h.charges),
            "resultat": euros(h.resultat),
            "marge": percent(h.marge),
            "deficitaires": plural(h.deficitaires, "chambre"),
            "noms_deficitaires": names(deficits),
            "excedentaires": plural(h.excedentaires, "chambre"),
            "equilibre": plural(h.equilibre, "chambre"),
            "mois_fonds_propres": months(h.mois_fonds_propres),
            "mois_tresorerie": months(h.mois_tresorerie),
            "fonds_propres_negatifs": names(health.negative_equity(fin, cres)),
        }

    def headline(self) -> health.HealthHeadline:
        return health.headline(self.data.finances, self.data.cres)

    def results(self) -> Fragment:
        """Each chamber's result, deficits first: the chart (deficits below zero) and its
        table, with the network's total row."""
        frame = health.by_chamber(self.data.finances, self.data.cres)
        title = f"Résultat de l'exercice, par chambre, {self.year}"
        shown = frame[list(RESULTS)].rename(columns=RESULTS)
        h = health.headline(self.data.finances, self.data.cres)
        total = {
            "Code": "",
            "Chambre": TOTAL_LABEL,
            "Produits": h.produits,
            "Charges": h.charges,
            "Résultat": h.resultat,
            "Résultat / produits": h.marge,
        }
        with_total = pd.concat([shown, pd.DataFrame([total])], ignore_index=True)
        formats = {
            "Produits": "euros",
            "Charges": "euros",
            "Résultat": "signed_euros",
            "Résultat / produits": "signed_percent",
        }
        table = tables.chamber_table(
            with_total, formats, self.network, caption=title, total_row=True, aside=self.aside
        )
        return join(charts.figure(figures.results_figure(shown), title), table)

    def reserves(self) -> Fragment:
        """Each chamber's equity and cash at 31 December, in euros and months of charges."""
        frame = health.by_chamber(self.data.finances, self.data.cres)
        frame = frame.sort_values(["mois_fonds_propres", "code_region"], na_position="last")
        shown = frame[list(RESERVES)].rename(columns=RESERVES)
        formats = {
            "Fonds propres": "euros",
            "Fonds propres, en mois de charges": "months",
            "Trésorerie": "euros",
            "Trésorerie, en mois de charges": "months",
        }
        title = f"Fonds propres et trésorerie au 31 décembre {self.year}, par chambre"
        return tables.chamber_table(
            shown.reset_index(drop=True), formats, self.network, caption=title, aside=self.aside
        )

    def _comparison(self, column: str):
        before = self.before()
        return health.results_compared(
            self.data.finances, before.finances, self.data.cres, before.cres, self.year, column
        )

    def change_facts(self, column: str) -> dict[str, str]:
        """The figures of a comparison's sentence: totals on the basis, and the basis."""
        comparison = self._comparison(column)
        facts = {"titre": COMPARED[column], **tables.comparison_facts(comparison)}
        if column == "resultat":
            d = health.deficits_compared(comparison)
            facts.update(
                {
                    "deficits_avant": plural(d.before, "chambre"),
                    "deficits_maintenant": plural(d.now, "chambre"),
                    "deux_ans": plural(len(d.both), "chambre"),
                    "noms_deux_ans": names(d.both),
                }
            )
        return facts

    def change_table(self, column: str) -> Fragment:
        comparison = self._comparison(column)
        caption = f"{COMPARED[column]}, {self.year - 1} et {self.year}"
        return tables.comparison_table(
            [tables.Compared(comparison, ratio=False)], caption, "comptes"
        )

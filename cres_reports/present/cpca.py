"""The CPCA relations report's content: the figures its sentences state, its chart and grid.

`relations_cpca.ipynb` holds the wording; this module gives it formatted figures (`facts`)
and ready fragments, from `analysis.cpca`. Joint actions are shown as the chambers typed them.
"""

from __future__ import annotations

from ..analysis import cpca
from . import charts, figures, tables
from .display import Fragment, join, table_fragment
from .formatting import count, plural
from .survey import SurveyPage


class RelationsPage(SurveyPage):
    """The CPCA relations report of a year (`RelationsPage.load(data_dir, year)`)."""

    topic = "relations_cpca"

    def facts(self) -> dict[str, str]:
        h = cpca.headline(self.data)
        return {
            **self.answered(),
            "cpca_membre": plural(h.cpca_membre, "chambre"),
            "membre_de_cpca": plural(h.membre_de_cpca, "chambre"),
            "reciproque": plural(h.reciproque, "chambre"),
            "convention": count(h.convention),
            "locaux": count(h.locaux_partages),
            "actions": count(h.actions_communes),
            "aucune": plural(h.aucune, "chambre"),
        }

    def overview(self) -> Fragment:
        """Chambers having each relation (chart), out of those that answered (its table)."""
        counts = cpca.counts(self.data)
        return join(
            charts.figure(
                figures.chambers_figure(counts, "Relation"),
                f"Relations des chambres avec la CPCA, {self.year}",
            ),
            table_fragment(
                counts,
                {"Chambres": "count", "Réponses": "count"},
                caption=(
                    f"Chambres qui ont chaque relation, sur celles qui ont répondu, {self.year}"
                ),
            ),
        )

    def grid(self) -> Fragment:
        """Chamber × relation: "oui" / "non", then the joint actions as typed."""
        labels = [*cpca.RELATIONS.values(), cpca.MUTUAL]
        return tables.answer_grid(
            cpca.by_chamber(self.data),
            {label: label for label in labels},
            self.network,
            caption=f"Relations avec la CPCA régionale, {self.year}",
            texts=[cpca.JOINT],
            total_row=False,
        )

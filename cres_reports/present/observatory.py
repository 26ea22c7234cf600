"""The observatories report's content: the figures its sentences state, its chart and tables.

`observatoires.ipynb` holds the wording; this module gives it formatted figures (`facts`)
and ready fragments, from `analysis.observatory`. A chamber that did not answer reads
"n'a pas répondu" or "non transmis" once, in its answer; a figure an observatory in place
left empty reads "non renseigné", one without an observatory "sans objet", never 0.
"""

from __future__ import annotations

from .. import absence
from ..analysis import answers, observatory
from . import charts, figures, tables
from .display import Fragment, join, table_fragment
from .formatting import count, fte, names, plural, year
from .survey import SurveyPage

COUNTS = {"Chambres": "count", "ETP": "fte", "Publications": "count"}


def _empty_cells(frame):
    """What a missing cell reads: nothing beside a missing answer; "non renseigné" for an
    observatory in place that left it empty; "sans objet" where it does not apply (none in
    place)."""
    situation = frame["Observatoire"].tolist()

    def empty(position: int, column: str) -> str:
        if situation[position] not in observatory.STATUS_LABELS.values():
            return ""
        if situation[position] == observatory.STATUS_LABELS["oui"]:
            return answers.NOT_FILLED
        return absence.NOT_APPLICABLE

    return empty


class ObservatoryPage(SurveyPage):
    """The observatories report of a year (`ObservatoryPage.load(data_dir, year)`)."""

    topic = "observatoire"
    compares = True

    def facts(self) -> dict[str, str]:
        h = observatory.headline(self.data)
        return {
            **self.answered(),
            "avec": count(h.avec),
            "en_projet": count(h.en_projet),
            "sans": count(h.sans),
            "premiere": year(h.premiere),
            "derniere": year(h.derniere),
            "etp": fte(h.etp),
            "etp_chambres": count(h.etp_chambres),
            "avec_chambres": plural(h.avec, "chambre"),
            "publications": plural(h.publications, "publication"),
            "pub_chambres": count(h.publications_chambres),
        }

    @property
    def has_open(self) -> bool:
        """Whether an observatory is in place in at least one chamber."""
        return observatory.headline(self.data).avec > 0

    def overview(self) -> Fragment:
        """Chambers by answer (chart), and their FTE and publications (the table behind it)."""
        counts = observatory.counts(self.data)
        title = f"Observatoires des chambres, {self.year}"
        return join(
            charts.figure(figures.chambers_figure(counts.iloc[:-1], "Situation"), title),
            table_fragment(
                counts,
                COUNTS,
                caption=f"{title} : chambres, ETP et publications",
                total_row=True,
            ),
        )

    def by_chamber(self) -> Fragment:
        table = observatory.by_chamber(self.data)
        return tables.chamber_table(
            table,
            {"Créé en": year, "ETP": "fte", "Publications": "count"},
            self.network,
            caption=f"Les observatoires chambre par chambre, {self.year}",
            empty=_empty_cells(table),
        )

    def partners(self) -> Fragment | None:
        cited = observatory.partners(self.data)
        if cited.empty:
            return None
        return table_fragment(
            cited,
            {"Chambres": "count"},
            caption=f"Partenaires des observatoires, et chambres qui les nomment, {self.year}",
        )

    def _changes(self) -> observatory.ObservatoryChange | None:
        return observatory.changes(self.data, self.previous)

    @property
    def comparable(self) -> bool:
        return self._changes() is not None

    def change_facts(self) -> dict[str, str]:
        """The comparison's sentences: observatories on the chambers that answered both
        years; FTE on those that gave them both years."""
        change = self._changes()
        assert change is not None
        return {
            **tables.comparison_facts(change.fte, "fte"),
            "repondu": plural(change.basis, "chambre"),
            "carte": (
                f" ({change.previous_year} ramené à la carte des régions de {change.year} : "
                "chaque chambre issue d'une fusion comparée à l'ensemble de ses devancières, "
                "quand toutes ont répondu)"
                if change.harmonised
                else ""
            ),
            "avant": count(change.avant),
            "apres": count(change.apres),
            "ouverts": names(change.ouverts) or "aucun",
            "fermes": names(change.fermes) or "aucun",
        }

    def change_tables(self) -> Fragment:
        """Each chamber's answer both years, then the FTE compared (total on its basis)."""
        change = self._changes()
        assert change is not None
        prev, now = change.previous_year, change.year
        return join(
            tables.chamber_table(
                change.table,
                {},
                self.network,
                caption=f"Observatoires des chambres qui ont répondu en {prev} et en {now}",
            ),
            tables.comparison_table(
                [tables.Compared(change.fte, "ETP", "fte", ratio=False)],
                f"ETP des observatoires, {prev} et {now}",
                what="ETP",
                not_applicable=change.without,
            ),
        )

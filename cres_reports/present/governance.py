"""The governance report's content: the figures its sentences state, its chart and tables.

`gouvernance.ipynb` holds the wording; this module gives it formatted figures (`facts`)
and ready fragments, from `analysis.governance`. A chamber that did not describe its
bodies reads "non transmis", never 0 seats.
"""

from __future__ import annotations

import html

from ..analysis import governance
from . import charts, figures, tables
from .display import Fragment, join
from .formatting import NOT_SENT, count, names, plural
from .page import YearPage

SEATS = {"AG": "count", "CA": "count", "Bureau": "count"}


class GovernancePage(YearPage):
    """The governance report of a year (`GovernancePage.load(data_dir, year)`)."""

    compares = False

    def facts(self) -> dict[str, str]:
        h = governance.headline(self.data.gouvernance)
        return {
            "year": str(self.year),
            "chambres": plural(h.chambres, "chambre"),
            "reseau": plural(len(self.data.cres), "chambre"),
            "ag": plural(h.ag, "siège"),
            "ca": plural(h.ca, "siège"),
            "bureau": count(h.bureau),
            "orgs": plural(h.organisations, "organisation"),
            "sans_instances": names(
                governance.without_bodies(self.data.gouvernance, self.data.cres)
            ),
        }

    def _matrix(self, body: str) -> Fragment:
        matrix = governance.family_matrix(self.data.gouvernance, self.data.cres, body)
        label = governance.BODY_LABELS[body]
        return tables.chamber_table(
            matrix,
            dict.fromkeys(matrix.columns[2:], "count"),
            self.network,
            caption=f"{label} : sièges par famille, {self.year}",
            total_row=True,
            # a chamber that did not describe its bodies: said once, in its total
            empty=lambda _, column: NOT_SENT if column == "Total" else "",
        )

    def bodies(self) -> Fragment:
        """Board seats by family (chart), then the seats of each body by family (tables)."""
        board = governance.family_matrix(self.data.gouvernance, self.data.cres, "ca")
        legend = "".join(
            f"<dt>{html.escape(short)}</dt><dd>{html.escape(governance.FAMILY_LABELS[family])}</dd>"
            for family, short in governance.FAMILY_SHORT.items()
            if short != governance.FAMILY_LABELS[family]
        )
        return join(
            charts.figure(
                figures.board_figure(board),
                f"Sièges au conseil d'administration, par famille, {self.year}",
            ),
            *(self._matrix(body) for body in ("ca", "ag", "bureau")),  # the chart's table first
            f'<p class="cres-note">Abréviations des familles :</p><dl class="cres-definitions">'
            f"{legend}</dl>",
        )

    def presence_facts(self, selection: str) -> dict[str, str]:
        frame = governance.presence(self.data.gouvernance, self.data.cres, selection)
        present = frame[frame["Présence"] == "oui"]
        return {
            "label": governance.SELECTIONS[selection][0],
            "n": plural(len(present), "chambre"),
            "total": plural(len(frame), "chambre"),
            "absents": names(governance.absent(frame)),
        }

    def presence(self, selection: str) -> Fragment:
        frame = governance.presence(self.data.gouvernance, self.data.cres, selection)
        present = frame[frame["Présence"] == "oui"].drop(columns=["Présence"])
        return tables.chamber_table(
            present,
            SEATS,
            self.network,
            caption=f"{governance.SELECTIONS[selection][0]} : sièges par chambre, {self.year}",
        )

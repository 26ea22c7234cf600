"""The governance report's content: the figures its sentences state, its chart and tables.

`gouvernance.ipynb` holds the wording; this module gives it formatted figures (`facts`)
and ready fragments, from `analysis.governance` and `analysis.statutory` (the statutory life
the survey asks about). A chamber that did not describe its bodies reads "non transmis",
never 0 seats; the change from the year before is made on the chambers of both years.
"""

from __future__ import annotations

import html

from ..analysis import answers, governance, statutory
from . import charts, figures, tables
from .display import Fragment, join, table_fragment
from .formatting import MISSING, NOT_SENT, count, names, plural
from .page import YearPage
from .survey import no_answer

SEATS = {"AG": "count", "CA": "count", "Bureau": "count"}


class GovernancePage(YearPage):
    """The governance report of a year (`GovernancePage.load(data_dir, year)`)."""

    def facts(self) -> dict[str, str]:
        h = governance.headline(self.data.gouvernance)
        return {
            "year": str(self.year),
            "chambres": plural(h.chambres, "chambre"),
            "reseau": plural(len(self.data.cres), "chambre"),
            "total": count(len(self.data.cres)),  # « 18 chambres sur 26 »
            "ag": plural(h.ag, "siège"),
            "ca": plural(h.ca, "siège"),
            "bureau": count(h.bureau),
            "orgs": plural(h.organisations, "organisation"),
            "sans_instances": names(
                self.absent(governance.without_bodies(self.data.gouvernance, self.data.cres))
            ),
            "hors_gema": names(
                governance.organisations(self.data.gouvernance, governance.other_insurers)
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
            aside=self.aside,
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
            "total": count(len(frame)),  # « 12 chambres sur 18 »
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
            aside=self.aside,
        )

    # ----------------------------------------------------------------------- statutory life

    @property
    def covers_life(self) -> bool:
        """Whether the year's survey asked about statutory life."""
        return answers.covered(self.data, "vie_statutaire")

    def life_facts(self) -> dict[str, str]:
        life = statutory.headline(self.data)
        return {
            "year": str(self.year),
            "repondu": count(life.repondu),
            "reseau": plural(life.reseau, "chambre"),
            "total": count(life.reseau),
            "sans_reponse": no_answer(life.sans_reponse, life.ecartees),
            "non_transmis": count(life.non_transmis),
            "ag": plural(life.ag, "réunion"),
            "ca": plural(life.ca, "réunion"),
            "bureau": plural(life.bureau, "réunion"),
            "adherents": plural(
                life.adherents, "organisation adhérente", "organisations adhérentes"
            ),
            "participants": count(life.participants),
            "participants_chambres": plural(life.participants_chambres, "chambre"),
            "sans_ag": count(life.sans_ag),
        }

    def life(self) -> Fragment:
        """Meetings, attendance and members of each chamber, with the total of those that
        answered (an average attendance is not added up: its total reads "–"). A chamber
        without figures says why once, under AG, so that a phone shows it without scrolling."""
        frame = statutory.by_chamber(self.data)
        gaps = frame.pop(statutory.ANSWER).tolist()  # said once, in the first figure's cell
        last = len(frame) - 1
        first = statutory.COUNTS["nombre_ag"]

        def empty(position: int, column: str) -> str:
            if position == last:
                return MISSING
            if gaps[position]:
                return gaps[position] if column == first else ""
            return answers.NOT_FILLED

        return tables.chamber_table(
            frame,
            dict.fromkeys([*list(statutory.COUNTS.values()), statutory.ATTENDANCE], "count"),
            self.network,
            caption=f"Vie statutaire par chambre, {self.year}",
            total_row=True,
            empty=empty,
        )

    # ----------------------------------------------------------------------- the year before

    def _changes(self) -> governance.GovernanceChange | None:
        if not hasattr(self, "_change"):
            self._change = governance.changes(self.data, self.previous)
        return self._change

    @property
    def comparable(self) -> bool:
        change = self._changes()
        return change is not None and len(change.basis) > 0

    def change_facts(self) -> dict[str, str]:
        """Board seats on the chambers that described their bodies both years."""
        change = self._changes()
        assert change is not None
        return tables.comparison_facts(change.ca, "count")

    def change_tables(self) -> Fragment:
        """Seats per chamber both years (totals on the basis), by family, and where the
        organisations the board asks about sit."""
        change = self._changes()
        assert change is not None
        prev, year = change.previous_year, change.year
        signed = {str(prev): "count", str(year): "count", "Écart": "signed_count"}
        return join(
            tables.comparison_table(
                [
                    tables.Compared(change.ag, "AG", "count", change=False, ratio=False),
                    tables.Compared(change.ca, "CA", "count", ratio=False),
                ],
                f"Sièges à l'AG et au conseil d'administration, {prev} et {year}",
                what="instances décrites en",
            ),
            table_fragment(
                change.families,
                signed,
                caption=f"Sièges au CA par famille, {prev} et {year}, mêmes chambres",
                total_row=True,
            ),
            table_fragment(
                change.presence,
                signed,
                caption=(
                    f"Chambres où siègent ces organisations, {prev} et {year}, mêmes chambres"
                    + (
                        f" ({prev} sur la carte de {year} : une chambre issue d'une fusion "
                        f"comptée quand l'organisation siégeait chez l'une de ses devancières)"
                        if change.ca.harmonised
                        else ""
                    )
                ),
            ),
        )

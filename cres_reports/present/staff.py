"""The human resources report's content: the figures its sentences state, its charts and tables.

`ressources_humaines.ipynb` holds the wording; this module gives it formatted figures
(`facts`) and ready fragments, all from `analysis.staff`. A chamber that sent no staff
figures reads "non transmis", never 0.
"""

from __future__ import annotations

import pandas as pd

from ..analysis import staff
from ..analysis.tables import TOTAL_LABEL
from . import charts, figures, tables
from .display import Fragment, join, prose, table_fragment
from .formatting import count, fte, names, plural
from .page import YearPage


class StaffPage(YearPage):
    """The human resources report of a year (`StaffPage.load(data_dir, year)`)."""

    def facts(self) -> dict[str, str]:
        """The figures of the report's sentences, formatted."""
        h = staff.headline(self.data.rh)
        return {
            "year": str(self.year),
            "prev": str(self.year - 1),
            "postes": plural(h.postes, "poste"),
            "etp": fte(h.etp),
            "chambres": plural(h.chambres, "chambre"),
            "reseau": plural(len(self.data.cres), "chambre"),
            "total": count(len(self.data.cres)),  # « 18 chambres sur 26 »
            "cdi": plural(h.cdi, "poste"),
            "mad": plural(h.mis_a_disposition, "poste"),
            "etp_mad": fte(h.etp_mis_a_disposition),
            "sans_effectifs": names(
                self.absent(staff.without_staff_figures(self.data.rh, self.data.cres))
            ),
        }

    def _per_chamber(self) -> pd.DataFrame:
        return staff.per_chamber(self.data.rh, self.data.cres, self.data.finances)

    def per_chamber(self) -> Fragment:
        """FTE per chamber: chart, and the table of posts and FTE with a total row."""
        per = self._per_chamber()
        frame = per[["Code", "Chambre", "Postes", "ETP"]]
        total = {"Code": "", "Chambre": TOTAL_LABEL, "Postes": per["Postes"].sum(), "ETP": 0.0}
        total["ETP"] = round(float(per["ETP"].sum()), 1)
        frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
        title = f"Postes et équivalents temps plein par chambre, {self.year}"
        return join(
            charts.figure(figures.fte_figure(per), f"ETP par chambre, {self.year}"),
            tables.chamber_table(
                frame,
                {"Postes": "count", "ETP": "fte"},
                self.network,
                title,
                total_row=True,
                aside=self.aside,
            ),
        )

    def breakdown(self, column: str) -> Fragment:
        """FTE by function (`fonction`) or by contract (`contrat`): chart and table."""
        frame = staff.breakdown(self.data.rh, column)
        label = frame.columns[0]
        total = {label: "Total", "Postes": frame["Postes"].sum(), "ETP": 0.0, "Part des ETP": 1.0}
        total["ETP"] = round(float(frame["ETP"].sum()), 1)
        shown = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
        what = "fonction" if column == "fonction" else "type de contrat"
        title = f"ETP par {what}, {self.year}"
        formats = {"Postes": "count", "ETP": "fte", "Part des ETP": "percent"}
        return join(
            charts.figure(figures.breakdown_figure(frame), title),
            table_fragment(shown, formats, caption=title, total_row=True),
        )

    def lent(self) -> Fragment:
        """Lent staff: the lending organisations, and the posts they lend."""
        lent = staff.lent_staff(self.data.rh, self.data.cres)
        if lent.empty:
            return Fragment(prose("Aucune mise à disposition n'est déclarée en {y}.", y=self.year))
        return join(
            table_fragment(
                staff.lenders(self.data.rh),
                {"Postes": "count", "ETP": "fte", "Chambres": "count"},
                caption=f"Organismes qui mettent du personnel à disposition, {self.year}",
            ),
            tables.chamber_table(
                lent,
                {"ETP": "fte"},
                self.network,
                caption=f"Postes mis à disposition, {self.year}",
            ),
        )

    def costs(self) -> Fragment:
        """Expenses per FTE of each chamber: chart and table."""
        per = self._per_chamber()
        frame = per[["Code", "Chambre", "ETP", "Charges", "Charges par ETP"]]
        title = f"Charges de l'exercice par ETP, {self.year}"
        formats = {"ETP": "fte", "Charges": "euros", "Charges par ETP": "euros"}
        return tables.chart_and_table(
            figures.cost_per_fte_figure(per), title, frame, formats, self.network, self.aside
        )

    def _changes(self) -> staff.TeamChanges:
        before = self.before()
        changes = staff.team_changes(
            self.data.rh, before.rh, self.data.cres, self.year, before.cres
        )
        assert changes is not None
        return changes

    def change_facts(self) -> dict[str, str]:
        """The FTE comparison's sentence: totals on the basis, and the basis."""
        return tables.comparison_facts(self._changes().fte, "fte")

    def change_table(self) -> Fragment:
        changes = self._changes()
        return tables.comparison_table(
            [
                tables.Compared(changes.posts, "Postes", "count", change=False, ratio=False),
                tables.Compared(changes.fte, "ETP", "fte", ratio=False),
            ],
            f"Postes et ETP par chambre, {self.year - 1} et {self.year}",
            what="effectifs",
        )

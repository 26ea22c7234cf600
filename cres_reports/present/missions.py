"""The missions report's content: the figures its sentences state, its chart, tables and grid.

`missions.ipynb` holds the wording; this module gives it formatted figures (`facts`) and
ready fragments, from `analysis.missions`. Funders are shown as the chambers typed them.
"""

from __future__ import annotations

from ..analysis import missions
from . import charts, figures, tables
from .display import Fragment, join, table_fragment
from .formatting import count, fte, plural
from .survey import SurveyPage, mentions_text


class MissionsPage(SurveyPage):
    """The consular-type missions report of a year (`MissionsPage.load(data_dir, year)`)."""

    topic = "missions"

    def facts(self) -> dict[str, str]:
        h = missions.headline(self.data)
        return {
            **self.answered(),
            "exercees": plural(h.missions_exercees, "mission"),
            "etp": fte(h.etp),
            "etp_chambres": plural(h.etp_chambres, "chambre"),
            "toutes": (
                "aucune chambre n'exerce"
                if h.toutes == 0
                else plural(h.toutes, "chambre exerce", "chambres exercent")
            ),  # never « 0 chambre exerce les 7 »
            "sept": count(len(missions.MISSION_LABELS)),
        }

    def per_mission(self) -> Fragment:
        """Chambers exercising each mission (chart), with their FTE (the table behind it)."""
        per = missions.by_mission(self.data)
        title = f"Chambres qui exercent chaque mission, {self.year}"
        return join(
            charts.figure(figures.chambers_figure(per, "Mission"), title),
            table_fragment(
                per.drop(columns=["mission"]),
                {
                    "Chambres": "count",
                    "Réponses": "count",
                    "ETP": "fte",
                    "Chambres avec ETP": "count",
                },
                caption=f"Missions de type consulaire, {self.year}",
            ),
        )

    def funders(self) -> Fragment:
        per = missions.by_mission(self.data)
        per["Financeurs cités"] = [
            mentions_text(missions.funders(self.data, m)) for m in per["mission"]
        ]
        return table_fragment(
            per[["Mission", "Financeurs cités"]],
            caption=f"Financeurs des missions, et nombre de chambres qui les citent, {self.year}",
        )

    def grid(self) -> Fragment:
        """Chamber × mission: "oui" / "non", then the missions exercised and their FTE."""
        return tables.answer_grid(
            missions.grid(self.data),
            missions.MISSION_LABELS,
            self.network,
            caption=f"Missions exercées par chambre, {self.year}",
            counts={"Missions exercées": "count", "ETP": "fte"},
        )

"""The dashboard's content: the network's series across the years, on the 2016 map.

`tableau_de_bord.ipynb` holds the wording; this module loads every processed year and
gives it formatted figures (`facts`) and, for each series, a chart with its table under it,
all from `analysis.dashboard`. A year without data reads « pas de données », never a value
drawn between its neighbours; a region of the 2016 map whose predecessors did not all give
a figure reads « incomplet », naming who is missing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .. import absence, config
from ..analysis import dashboard, governance, harmonise
from ..ingest import questionnaire
from ..store import parameters
from ..store.yeardata import YearData, load_year
from . import charts, figures, formatting
from .display import Fragment, details, join, prose, table_fragment

NO_DATA = absence.NO_DATA
NO_CHAMBER = "pas de chambre"  # a region of the 2016 map without a chamber that year
LABELS = {column: label for column, label, _ in dashboard.SERIES}
UNITS = {column: unit for column, _, unit in dashboard.SERIES}


def load_years(data_dir: str | Path | None) -> dict[int, YearData | None]:
    """Every processed year of the data folder; the years between them without data: None.

    A folder without any processed year stops here, in French (`parameters.ParameterError`):
    not an empty dashboard.
    """
    found, folder = parameters.processed_years(data_dir)
    return {
        year: load_year(folder, year) if year in found else None
        for year in range(found[0], found[-1] + 1)
    }


class DashboardPage:
    """The network's dashboard (`DashboardPage.load(data_dir)`)."""

    def __init__(self, years: Mapping[int, YearData | None]):
        self.years = dict(years)
        self.series = dashboard.network_series(self.years)
        self.available = dashboard.available(self.years)
        self.gaps = dashboard.gaps(self.years)

    @classmethod
    def load(cls, data_dir) -> DashboardPage:
        return cls(load_years(data_dir))

    # ------------------------------------------------------------------ sentences

    def facts(self) -> dict[str, str]:
        return {
            "premiere": str(self.available[0]) if self.available else "",
            "derniere": str(self.available[-1]) if self.available else "",
            "annees": formatting.year_runs(self.available),
            "lacunes": formatting.year_runs(self.gaps),
            "reforme": str(config.REFORM_YEAR),
            "avant": str(config.REFORM_YEAR - 1),
            "enquete": formatting.year_runs(self._survey_years()),
        }

    def _survey_years(self) -> list[int]:
        return [y for y in self.available if self.years[y].vie_statutaire is not None]  # type: ignore[union-attr]

    def _stated(self, years: list[int]) -> str:
        said = f"Années : {formatting.year_runs(years)}."
        missing = dashboard.missing_between(years)
        if missing:
            said += f" Pas de données pour {formatting.year_runs(missing)}."
        return said

    # ------------------------------------------------------------------ series

    def _rows(self) -> pd.DataFrame:
        return self.series.set_index("annee")

    def network(self, columns: tuple[str, ...], title: str, stacked: bool = False) -> Fragment:
        """One or more network series: chart over the years, table (one row a year) under it."""
        rows = self._rows()
        years = list(rows.index)
        unit = UNITS[columns[0]]
        plotted = {
            LABELS[c]: [
                float(rows.loc[y, c]) if rows.loc[y, "donnees"] else math.nan for y in years
            ]
            for c in columns
            if UNITS[c] == unit
        }
        basis_column = columns[-1] if columns[-1] in dashboard.BASIS else columns[0]
        partial = self.partial_years(basis_column)
        fig = figures.years_figure(years, plotted, unit, stacked, partial)
        frame = pd.DataFrame({"Année": [str(y) for y in years]})
        formats: dict[str, str] = {}
        for column in columns:
            frame[LABELS[column]] = [
                rows.loc[y, column] if rows.loc[y, "donnees"] else math.nan for y in years
            ]
            formats[LABELS[column]] = figures.UNIT_CELLS[UNITS[column]]
        frame["Base"] = [dashboard.basis(rows.loc[y], basis_column) for y in years]
        empty = self._empty(frame)
        table = table_fragment(frame, formats, title, empty=empty)
        return join(charts.figure(fig, title), table, prose(self._stated(self.available)))

    def partial_years(self, column: str) -> dict[int, str]:
        """The years whose figure of `column` counts fewer chambers than the network, with
        their basis (« 20 chambres sur 26 »)."""
        counted = dashboard.BASIS.get(column)
        if counted is None:
            return {}
        rows = self._rows()
        return {
            int(year): dashboard.basis(row, column)
            for year, row in rows.iterrows()
            if row["donnees"] and int(row[counted]) < int(row["chambres"])
        }

    def _empty(self, frame: pd.DataFrame):
        no_data = {str(y) for y in self.gaps}

        def empty(position: int, column: str) -> str:
            return NO_DATA if frame["Année"].iloc[position] in no_data else formatting.NOT_SENT

        return empty

    def chambers(self) -> Fragment:
        """Chambers, members of the national council, and regions of the 2016 map covered."""
        fragment = self.network(("chambres", "adherentes"), "Chambres et adhérentes du CNCRES")
        covered = [
            (str(y), dashboard.map_2016_regions(self.years[y]))  # type: ignore[arg-type]
            for y in self.available
        ]
        frame = pd.DataFrame(covered, columns=["Année", "Régions de la carte de 2016"])
        return join(
            fragment,
            details(
                "Régions de la carte de 2016 où siège une chambre",
                table_fragment(
                    frame,
                    {"Régions de la carte de 2016": "count"},
                    "Régions de la carte de 2016 où siège une chambre",
                ),
            ),
        )

    def by_region(self, dataset: str, column: str, title: str, unit: str = "euros") -> Fragment:
        """Regions of the 2016 map × years (folded): predecessors summed when all answered."""
        table = dashboard.regions_series(self.years, dataset, column)
        if table.empty:
            return join()
        table = table.reset_index()
        frame = pd.DataFrame({"Région (carte de 2016)": table["region"]})
        formats = {}
        for year in self.available:
            frame[str(year)] = table[year] if year in table.columns else math.nan
            formats[str(year)] = figures.UNIT_CELLS[unit]
        notes = dashboard.incomplete_notes(self.years, dataset, column)
        incomplete = dashboard.incomplete_cells(self.years, dataset, column)
        present = self._present()

        def empty(position: int, heading: str) -> str:
            code = str(table["code"].iloc[position])
            if (code, int(heading)) in incomplete:
                return harmonise.INCOMPLETE
            if (code, int(heading)) not in present:
                return NO_CHAMBER
            return formatting.NOT_SENT

        data = frame.copy()
        data.insert(0, "Code", table["code"])
        shown = table_fragment(frame, formats, title, empty=empty, data=data)
        said: Fragment | str = prose(
            "Avant {reforme}, chaque région de la carte de {reforme} reçoit la somme des "
            "chiffres des chambres de ses anciennes régions, seulement quand toutes l'ont "
            "transmis ; sinon « incomplet ».",
            reforme=str(config.REFORM_YEAR),
        )
        if notes:
            said = join(said, prose("Incomplets : {notes}.", notes="; ".join(notes)))
        return details(f"{title} : détail par région", shown, said)

    def _present(self) -> set[tuple[str, int]]:
        """(code on the 2016 map, year) where the region held a chamber."""
        found = set()
        for year in self.available:
            data = self.years[year]
            assert data is not None
            for code in data.cres["code_region"]:
                found.add((harmonise.region_2016(code, year)[0], year))
        return found

    def resources(self) -> Fragment:
        title = "Ressources totales du réseau"
        return join(
            self.network(("ressources",), title),
            self.by_region("finances", "total_produits", "Ressources totales"),
        )

    def grants(self) -> Fragment:
        """Each funder on its own chart: the Caisse des Dépôts gives about a hundredth of what
        the regional councils give: drawn on their scale, its bars were 1 to 3 px high."""
        return join(
            self.network(("conseil_regional",), "Subventions des conseils régionaux, réseau"),
            self.network(("cdc",), "Subventions de la Caisse des Dépôts, réseau"),
            self.network(
                ("part_conseil_regional",), "Part des conseils régionaux dans les ressources"
            ),
            self.network(("part_cdc",), "Part de la Caisse des Dépôts dans les ressources"),
            self.by_region(
                "finances", "subv_conseil_regional", "Subventions des conseils régionaux"
            ),
            self.by_region("finances", "subv_cdc", "Subventions de la Caisse des Dépôts"),
        )

    def health(self) -> Fragment:
        """The network's result, its chambers in deficit, their median equity in months."""
        return join(
            self.network(("resultat",), "Résultat de l'ensemble des chambres"),
            self.network(("deficitaires",), "Chambres en déficit"),
            self.network(
                ("mois_fonds_propres",), "Fonds propres médians des chambres, en mois de charges"
            ),
        )

    def staff(self) -> Fragment:
        return join(
            self.network(("postes",), "Postes au 31 décembre"),
            self.network(("etp",), "Équivalents temps plein au 31 décembre"),
            self.by_region("rh", "etp", "Équivalents temps plein", unit="etp"),
        )

    def seats(self) -> Fragment:
        """Board seats (bureau included) by family, one bar a year, stacked."""
        frame = dashboard.seats_by_family(self.years)
        years = list(self._rows().index)
        labels = list(governance.FAMILY_LABELS.values())
        by_year = frame.set_index("annee") if not frame.empty else pd.DataFrame()
        plotted = {
            label: [float(by_year.loc[y, label]) if y in by_year.index else math.nan for y in years]
            for label in labels
        }
        title = "Sièges au conseil d'administration par famille"
        fig = figures.years_figure(years, plotted, "nombre", stacked=True)
        shown = pd.DataFrame({"Année": [str(y) for y in years]})
        for label in labels:
            shown[label] = plotted[label]
        shown["Total"] = [
            sum(plotted[label][i] for label in labels) if years[i] in by_year.index else math.nan
            for i in range(len(years))
        ]
        formats = {c: "count" for c in shown.columns if c != "Année"}
        table = table_fragment(shown, formats, title, empty=self._empty(shown))
        return join(charts.figure(fig, title), table, prose(self._stated(self.available)))

    def statutory(self) -> Fragment:
        """Survey years: meetings of the bodies and member organisations."""
        life = dashboard.statutory_life(self.years)
        if life.empty:
            return join(prose("Aucune année d'enquête : pas de données sur la vie statutaire."))
        survey = list(life["annee"])
        years = list(range(survey[0], survey[-1] + 1))
        by_year = life.set_index("annee")
        labels = {
            "nombre_ag": "Assemblées générales",
            "nombre_ca": "Conseils d'administration",
            "nombre_bureau": "Réunions du bureau",
            "adherents": "Organisations adhérentes",
        }
        plotted = {
            labels[c]: [float(by_year.loc[y, c]) if y in by_year.index else math.nan for y in years]
            for c in ("nombre_ag", "nombre_ca", "nombre_bureau")
        }
        title = "Réunions des instances des chambres"
        fig = figures.years_figure(years, plotted, "nombre")
        frame = pd.DataFrame({"Année": [str(y) for y in years]})
        for column, label in labels.items():
            frame[label] = [
                by_year.loc[y, column] if y in by_year.index else math.nan for y in years
            ]
        frame["Base"] = [
            f"{by_year.loc[y, 'repondantes']} chambres sur {by_year.loc[y, 'chambres']}"
            if y in by_year.index
            else NO_DATA
            for y in years
        ]
        formats = {label: "count" for label in labels.values()}
        no_survey = {str(y) for y in years if y not in by_year.index}
        table = table_fragment(
            frame,
            formats,
            title,
            empty=lambda p, c: (
                NO_DATA if frame["Année"].iloc[p] in no_survey else formatting.NOT_SENT
            ),
        )
        return join(charts.figure(fig, title), table, prose(self._stated(survey)))

    def missions(self) -> Fragment:
        """Survey years: how many chambers exercise each mission."""
        counts, answered = dashboard.missions(self.years)
        if counts.empty:
            return join(prose("Aucune année d'enquête : pas de données sur les missions."))
        names = questionnaire.load().labels("missions")
        survey = sorted(answered)
        labels = [names.get(code, code) for code in counts.index]
        frame = pd.DataFrame({"Mission": labels})
        for year in survey:  # a column per survey year; the years without are said under it
            frame[str(year)] = list(counts[year])
        title = "Chambres qui exercent chaque mission"
        fig = figures.categories_by_year_figure(
            labels, {y: [float(v) for v in counts[y]] for y in survey}
        )
        base = "; ".join(f"{y} : {answered[y]} chambres ont répondu" for y in survey)
        formats = {str(y): "count" for y in survey}
        table = table_fragment(frame, formats, title)
        return join(
            charts.figure(fig, title), table, prose(self._stated(survey) + f" Base : {base}.")
        )

"""The data-quality report's content: a plain-French summary, the chamber grid, the detail.

The board reads the summary and the grid (who sent what, what must be corrected), with
labels, not codes; files, columns, rules and digests are for the analyst, in folded
technical blocks (class `cres-technical`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..analysis import plausibility, quality
from ..store.parameters import ParameterError
from ..store.yeardata import load_previous, load_year
from ..validate.results import YearResults
from .display import Fragment, details, join, prose, table_fragment
from .formatting import count, euros, fte, names, percent, plural
from .tables import FICHES, profile_links

TECHNICAL = "cres-technical"


# How each check's figures are written in its sentence: value, reference, threshold.
_WRITTEN: dict[str, tuple[Callable[[float], str], ...]] = {
    plausibility.MISSIONS_ABOVE_TEAM: (fte, fte, count),
    plausibility.CHARGES_PER_FTE: (euros, euros, count),
    plausibility.GRANT_CHANGE: (euros, euros, lambda v: percent(v, digits=0)),
    plausibility.RESULT_SHARE: (
        lambda v: euros(v, signed=True),
        euros,
        lambda v: percent(v, digits=0),
    ),
}


def said(check: plausibility.Check, year: int | None = None) -> str:
    """A figure to check, in its rule's French sentence (after the chamber's name)."""
    value, reference, threshold = _WRITTEN[check.kind]
    rule = check.rule
    return rule.sentence.format(
        valeur=value(check.value),
        reference=reference(check.reference),
        seuil="" if rule.threshold is None else threshold(rule.threshold),
        variation=percent(check.ratio, signed=check.kind == plausibility.GRANT_CHANGE),
        precedente="" if year is None else str(year - 1),
    )


@dataclass
class QualityPage:
    results: YearResults
    grid: pd.DataFrame | None
    checks: list[plausibility.Check] = field(default_factory=list)

    @classmethod
    def load(cls, data_dir: str | Path | None, year) -> QualityPage:
        """The year's last validation results; stops in French if it was never checked.

        A valid year's tables are read too, for the figures to check with the chambers.
        """
        results = quality.load_results(data_dir, year)
        checks = []
        if results.success:
            try:
                data = load_year(data_dir, results.year)
                checks = plausibility.checks(data, load_previous(data_dir, results.year))
            except ParameterError:  # checked (`validate`) but its tables not written yet
                pass
        return cls(results, quality.chamber_grid(results), checks)

    def to_check(self) -> Fragment:
        """« À vérifier avec la chambre »: what passes every rule but is hard to believe."""
        if not self.checks:
            return join(
                prose(
                    "Rien à signaler : aucun chiffre de {year} ne s'écarte des repères suivis.",
                    year=str(self.year),
                )
            )
        # each chamber named links to its profile, where the figure is (and marked)
        return join(
            *(
                f'<p><a href="{html.escape(FICHES + c.code)}.html">{html.escape(c.chamber)}</a> '
                f"{html.escape(said(c, self.year), quote=False)}.</p>"
                for c in self.checks
            )
        )

    @property
    def year(self) -> int:
        return self.results.year

    @property
    def valid(self) -> bool:
        return self.results.success

    def facts(self) -> dict[str, str]:
        summary = quality.summary(self.results)
        found = {
            "year": str(self.year),
            "regles": count(int(summary["Règles vérifiées"].sum())),
            "en_defaut": plural(int(summary["Non respectées"].sum()), "règle"),
            "fichiers": count(len(summary)),
            "a_corriger": names(self._to_fix()),
            "a_verifier": plural(len(self.checks), "point", "points"),
        }
        if self.grid is not None:
            for dataset, label in quality.DATASET_LABELS.items():
                if label in self.grid:
                    sent = int(self.grid[label].isin([quality.SENT, quality.TO_FIX]).sum())
                    found[dataset] = plural(sent, "chambre")
            found["reseau"] = plural(len(self.grid), "chambre")
        found["enquete"] = quality.survey_summary(self.results)
        return found

    def _to_fix(self) -> list[str]:
        """What stops the year: datasets breaking a rule or unreadable, refused workbooks."""
        found = [
            f"{label} ({plural(rows, 'ligne')}, {plural(chambers, 'chambre')})"
            if rows
            else f"{label} (fichier illisible)"
            for label, rows, chambers in quality.datasets_to_fix(self.results)
        ]
        refused = len(self.results.survey.errors) if self.results.survey else 0
        if refused:
            found.append(
                plural(refused, "questionnaire refusé", "questionnaires refusés")
                + " (le motif de chacun est dans les informations techniques)"
            )
        return found

    @property
    def survey(self) -> bool:
        """Was the year collected by the survey (returned workbooks)?"""
        return self.results.survey is not None

    def grid_table(self) -> Fragment:
        """Chamber × dataset: transmis, non transmis, à corriger."""
        assert self.grid is not None
        codes = self.grid["Code"].tolist()
        links = profile_links(codes, codes) if self.valid else [None] * len(codes)
        shown = self.grid.drop(columns=["Code"])
        data = self.grid.rename(columns={"Code": "Code région"})
        return table_fragment(
            shown,
            caption=f"Ce que chaque chambre a transmis pour {self.year}",
            links={"Chambre": links},
            data=data,
            marks={
                quality.TO_FIX: "warn",
                quality.UNREADABLE: "warn",
                quality.NOT_SENT: "missing",
                quality.SET_ASIDE: "missing",
            },
        )

    def technical(self) -> Fragment:
        """The analyst's detail: files and rules checked, failing rows, digests, encodings."""
        summary = quality.summary(self.results)
        counts = dict.fromkeys(["Lignes", "Règles vérifiées", "Respectées", "Non respectées"])
        parts: list[Fragment | str] = [
            table_fragment(
                summary,
                dict.fromkeys(counts, "count"),
                caption=f"Contrôles par fichier, {self.year}",
            )
        ]
        refused = self.results.survey.errors if self.results.survey else []
        parts += [prose("Questionnaire refusé : {e}", e=e) for e in refused]
        unread = [e for e in quality.read_errors(self.results) if e not in refused]
        parts += [prose("Fichier illisible : {e}", e=e) for e in unread]
        rows = quality.failing_rows(self.results)
        if rows.empty:
            parts.append(prose("Aucune ligne en défaut."))
        else:
            parts.append(
                prose(
                    "Lignes en défaut : numéro de ligne dans le fichier transmis, code de la "
                    "région et valeur en cause."
                )
            )
            parts.append(
                table_fragment(rows, {"Ligne": "count"}, caption=f"Lignes en défaut, {self.year}")
            )
        for dataset in summary["Jeu de données"]:
            parts.append(
                table_fragment(
                    quality.rules_table(self.results, dataset),
                    caption=f"Règles vérifiées : {dataset}",
                )
            )
        parts.append(
            table_fragment(quality.files_table(self.results), caption="Fichiers contrôlés")
        )
        tracking = quality.survey_tracking(self.results)
        if tracking is not None:
            parts.append(
                table_fragment(tracking, caption=f"Réponses à l'enquête {self.year}, par fichier")
            )
        return details(
            "Informations techniques : fichiers, règles et lignes en défaut",
            join(*parts),
            css_class=TECHNICAL,
        )

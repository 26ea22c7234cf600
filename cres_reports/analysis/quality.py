"""The data-quality report of a year, from the validation results kept as JSON."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..ingest import responses
from ..store.parameters import ParameterError, data_folder, year_number
from ..validate.results import YearResults, read_results


def load_results(data_dir: str | Path | None, year: int | str) -> YearResults:
    """The year's last validation results; `data_dir` None is the project's data folder."""
    number = year_number(year)
    results = read_results(data_folder(data_dir), number)
    if results is None:
        raise ParameterError(
            f"{number} n'a pas encore été contrôlé : lancez d'abord "
            f"« pipeline.py validate --year {number} »"
        )
    return results


def summary(results: YearResults) -> pd.DataFrame:
    """Per dataset: its file, rows read, rules checked, passed and failed."""
    rows = []
    for entry in results.datasets:
        failed = len(entry.failed_rules)
        rows.append(
            {
                "Jeu de données": entry.dataset,
                "Fichier": entry.file or "",
                "Lignes": entry.row_count,
                "Règles vérifiées": len(entry.rules),
                "Respectées": len(entry.rules) - failed,
                "Non respectées": failed,
                "État": "illisible" if entry.error else ("à corriger" if failed else "valide"),
            }
        )
    return pd.DataFrame(rows)


def read_errors(results: YearResults) -> list[str]:
    """Files that could not be read, and survey responses refused (one line each)."""
    survey = results.survey.errors if results.survey else []
    return [*survey, *(e.error for e in results.datasets if e.error)]


def failing_rows(results: YearResults) -> pd.DataFrame:
    """One line per failing row of each broken rule (the first rows kept in the results).

    Rows of survey responses also give the sheet and the cell.
    """
    rows = [
        {
            "Fichier": f"{entry.file}{row.file}" if row.file else entry.file,
            "Feuille": row.sheet or "",
            "Cellule": row.cell or "",
            "Colonne": rule.column or "",
            "Règle": rule.description,
            "Ligne": row.row,
            "Code région": row.code_region or "",
            "Valeur": row.value if row.value is not None else "(vide)",
        }
        for entry in results.datasets
        for rule in entry.failed_rules
        for row in rule.rows
    ]
    columns = ["Fichier", "Feuille", "Cellule", "Colonne", "Règle", "Ligne", "Code région"]
    frame = pd.DataFrame(rows, columns=[*columns, "Valeur"])
    if not any(row["Cellule"] or row["Feuille"] for row in rows):  # flat files only
        frame = frame.drop(columns=["Feuille", "Cellule"])
    return frame


def rules_table(results: YearResults, dataset: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Colonne": r.column or "",
                "Règle": r.description,
                "Résultat": "respectée" if r.success else f"{r.failed_count} ligne(s) en défaut",
            }
            for r in results.dataset(dataset).rules
        ],
        columns=["Colonne", "Règle", "Résultat"],
    )


def files_table(results: YearResults) -> pd.DataFrame:
    """One row per file read (the survey's datasets share one: its responses folder)."""
    return pd.DataFrame(
        [
            {
                "Fichier": e.file or "",
                "Encodage": e.encoding or "",
                "Empreinte SHA-256": (e.sha256 or "")[:16],
                "Colonnes ignorées": ", ".join(e.ignored_columns),
            }
            for e in results.datasets
        ]
    ).drop_duplicates(ignore_index=True)


# --------------------------------------------------------------------------- survey tracking

STATUS_LABELS = {
    responses.STATUS_COMPLETE: "reçue, complète",
    responses.STATUS_INCOMPLETE: "reçue, incomplète",
    responses.STATUS_REFUSED: "reçue, refusée (voir les erreurs)",
    responses.STATUS_MISSING: "non reçue",
}
TRACKING_COLUMNS = ["Code", "Chambre", "Réponse", "Fichier", "Enregistrée le", "Feuilles vides"]


def tracking_table(statuses: list[responses.ChamberStatus]) -> pd.DataFrame:
    """One row per chamber of the network: its response, the last save, the empty sheets."""
    return pd.DataFrame(
        [
            {
                "Code": s.code,
                "Chambre": s.name,
                "Réponse": STATUS_LABELS[s.status],
                "Fichier": s.file or "",
                "Enregistrée le": _french_date(s.saved),
                "Feuilles vides": ", ".join(s.empty_sheets),
            }
            for s in statuses
        ],
        columns=TRACKING_COLUMNS,
    )


def tracking_summary(statuses: list[responses.ChamberStatus]) -> str:
    """`21 réponses reçues sur 26 chambres (dont 2 incomplètes) ; 5 non reçues`."""
    received = sum(1 for s in statuses if s.received)
    incomplete = sum(1 for s in statuses if s.status == responses.STATUS_INCOMPLETE)
    refused = sum(1 for s in statuses if s.status == responses.STATUS_REFUSED)
    text = f"{received} réponse(s) reçue(s) sur {len(statuses)} chambres"
    details = [
        f"{n} {what}" for n, what in ((incomplete, "incomplète(s)"), (refused, "refusée(s)")) if n
    ]
    if details:
        text += f" (dont {', '.join(details)})"
    return f"{text} ; {len(statuses) - received} non reçue(s)"


def survey_summary(results: YearResults) -> str:
    return tracking_summary(results.survey.chambers) if results.survey else ""


def survey_tracking(results: YearResults) -> pd.DataFrame | None:
    """The year's tracking table, or None when the year was not collected by the survey."""
    return None if results.survey is None else tracking_table(results.survey.chambers)


def _french_date(iso: str | None) -> str:
    if not iso:
        return ""
    year, month, day = iso[:10].split("-")
    return f"{day}/{month}/{year}"

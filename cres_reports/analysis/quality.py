"""The data-quality report of a year, from the validation results kept as JSON."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import config
from ..ingest.readers import InputError, read_dataset
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
    return [e.error for e in results.datasets if e.error]


def failing_rows(results: YearResults) -> pd.DataFrame:
    """One line per failing row of each broken rule (the first rows kept in the results)."""
    rows = [
        {
            "Fichier": entry.file,
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
    return pd.DataFrame(
        rows, columns=["Fichier", "Colonne", "Règle", "Ligne", "Code région", "Valeur"]
    )


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
    )


# --------------------------------------------------------------------------- the board's view

DATASET_LABELS = {
    "cres": "Identité",
    "finances": "Comptes",
    "rh": "Équipe salariée",
    "gouvernance": "Instances",
}
SENT, NOT_SENT, TO_FIX, UNREADABLE = "transmis", "non transmis", "à corriger", "fichier illisible"


def chamber_grid(data_dir: str | Path | None, results: YearResults) -> pd.DataFrame | None:
    """Chamber × dataset: sent, not sent, to fix (rows breaking a rule), unreadable file.

    Rows: the chambers of the year's list (`cres`), read from the raw files; None when that
    list itself cannot be read. Columns: Code, Chambre, then one per dataset label.
    """
    year_dir = config.raw_dir(data_folder(data_dir), results.year)
    try:
        cres = read_dataset(year_dir, "cres").frame
    except InputError:
        return None
    frame = cres[["code_region", "nom_cres"]].dropna(subset=["code_region"])
    frame = frame.drop_duplicates("code_region").sort_values("code_region")
    grid = pd.DataFrame({"Code": frame["code_region"], "Chambre": frame["nom_cres"].fillna("")})
    for dataset, label in DATASET_LABELS.items():
        entry = next((e for e in results.datasets if e.dataset == dataset), None)
        if entry is None or entry.error:
            grid[label] = UNREADABLE
            continue
        try:
            sent = set(read_dataset(year_dir, dataset).frame["code_region"].dropna())
        except InputError:
            grid[label] = UNREADABLE
            continue
        to_fix = {row.code_region for rule in entry.failed_rules for row in rule.rows}
        grid[label] = [
            TO_FIX if code in to_fix else (SENT if code in sent else NOT_SENT)
            for code in grid["Code"]
        ]
    return grid.reset_index(drop=True)


def datasets_to_fix(results: YearResults) -> list[tuple[str, int, int]]:
    """(dataset label, failing rows, chambers concerned) for each dataset breaking a rule."""
    found = []
    for entry in results.datasets:
        label = DATASET_LABELS.get(entry.dataset, entry.dataset)
        if entry.error:
            found.append((label, 0, 0))
        elif entry.failed_rules:
            rows = {r.row for rule in entry.failed_rules for r in rule.rows}
            chambers = {r.code_region for rule in entry.failed_rules for r in rule.rows} - {None}
            found.append((label, len(rows), len(chambers)))
    return found

"""The data-quality report of a year, from the validation results kept as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from . import processed


def load_results(data_dir: Path, year: int) -> dict:
    return json.loads(processed.validation_path(data_dir, year).read_text(encoding="utf-8"))


def summary(results: dict) -> pd.DataFrame:
    """Per dataset: its file, rows read, rules checked, passed and failed."""
    rows = []
    for entry in results["datasets"]:
        rules = entry["rules"]
        failed = sum(not r["success"] for r in rules)
        rows.append(
            {
                "Jeu de données": entry["dataset"],
                "Fichier": entry["file"] or "",
                "Lignes": entry["row_count"],
                "Règles vérifiées": len(rules),
                "Respectées": len(rules) - failed,
                "Non respectées": failed,
                "État": "illisible" if entry["error"] else ("à corriger" if failed else "valide"),
            }
        )
    return pd.DataFrame(rows)


def read_errors(results: dict) -> list[str]:
    return [e["error"] for e in results["datasets"] if e["error"]]


def failing_rows(results: dict) -> pd.DataFrame:
    """One line per failing row of each broken rule (the first rows kept in the results)."""
    rows = [
        {
            "Fichier": entry["file"],
            "Colonne": rule["column"] or "",
            "Règle": rule["description"],
            "Ligne": row["row"],
            "Code région": row.get("code_region") or "",
            "Valeur": row.get("value") if row.get("value") is not None else "(vide)",
        }
        for entry in results["datasets"]
        for rule in entry["rules"]
        if not rule["success"]
        for row in rule["rows"]
    ]
    return pd.DataFrame(
        rows, columns=["Fichier", "Colonne", "Règle", "Ligne", "Code région", "Valeur"]
    )


def rules_table(results: dict, dataset: str) -> pd.DataFrame:
    entry = next(e for e in results["datasets"] if e["dataset"] == dataset)
    return pd.DataFrame(
        [
            {
                "Colonne": r["column"] or "",
                "Règle": r["description"],
                "Résultat": "respectée"
                if r["success"]
                else f"{r['failed_count']} ligne(s) en défaut",
            }
            for r in entry["rules"]
        ],
        columns=["Colonne", "Règle", "Résultat"],
    )


def files_table(results: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Fichier": e["file"] or "",
                "Encodage": e["encoding"] or "",
                "Empreinte SHA-256": (e["sha256"] or "")[:16],
                "Colonnes ignorées": ", ".join(e["ignored_columns"]),
            }
            for e in results["datasets"]
        ]
    )

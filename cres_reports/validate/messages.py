"""Validation results in the analyst's words, for the terminal."""

from __future__ import annotations

import re

from .results import FailingRow, YearResults

MAX_ROWS_SHOWN = 10

# Number formats outside the contract that analysts meet, and what to write instead.
# Only hints: the rule itself (expectations/*.json) is what refuses the cell.
FORMAT_HINTS = (
    (
        r"^-?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?(?: ?€)?$",
        "le point ne sépare pas les milliers : écrire 1234,56 ou 1 234,56",
    ),
    (
        r"^-?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?: ?€)?$",
        "la virgule ne sépare pas les milliers (ambigu) : écrire 1234.56 ou 1 234,56",
    ),
    (r"[$£¥]|\b(?:USD|EUR|FF?|francs?)$", "montant en euros attendu : € ou aucun symbole"),
    (r"%", "pas de pourcentage : écrire la valeur elle-même"),
    (
        r"^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}$|^[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "une date, pas un nombre (colonne décalée ?)",
    ),
)


def format_hint(value: str | None) -> str | None:
    """What to write instead of a value in a common format the contract refuses."""
    for pattern, hint in FORMAT_HINTS:
        if value and re.search(pattern, value, re.IGNORECASE):
            return hint
    return None


def row_text(row: FailingRow, hint: bool = False) -> str:
    text = f"ligne {row.row}"
    if row.code_region:
        text += f" (code_region {row.code_region})"
    if row.value is not None:
        text += f" : « {row.value} »"
        if hint and format_hint(row.value):
            text += f" — {format_hint(row.value)}"
    return text


def describe_year(results: YearResults) -> list[str]:
    """Lines saying what is wrong in a year's files, or that all is well."""
    year = results.year
    failures = []
    for entry in results.datasets:
        name = entry.file or f"{entry.dataset}.csv"
        if entry.error:
            failures.append(f"  {year}/{entry.error}")
            continue
        for rule in entry.failed_rules:
            where = f"colonne {rule.column}" if rule.column else "fichier"
            failures.append(f"  {year}/{name}, {where} : {rule.description}")
            if rule.error:
                failures.append(f"      règle non vérifiable : {rule.error}")
            hint = rule.rule == "expect_column_values_to_match_regex"
            for row in rule.rows[:MAX_ROWS_SHOWN]:
                failures.append(f"      {row_text(row, hint)}")
            hidden = rule.failed_count - min(len(rule.rows), MAX_ROWS_SHOWN)
            if hidden > 0:
                failures.append(f"      … et {hidden} autre(s) ligne(s)")
    notes = [
        f"  {year}/{e.file} : colonne(s) hors contrat ignorée(s) : " + ", ".join(e.ignored_columns)
        for e in results.datasets
        if e.ignored_columns
    ]
    if not failures:
        checked = sum(len(e.rules) for e in results.datasets)
        return [f"{year} : données valides ({checked} règles vérifiées sur 4 fichiers)", *notes]
    count = sum(1 for line in failures if not line.startswith("      "))
    return [f"{year} : {count} problème(s) dans {results.raw_dir} :", *failures, *notes]

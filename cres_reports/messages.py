"""Validation results in the analyst's words, for the terminal."""

from __future__ import annotations

MAX_ROWS_SHOWN = 10


def _row_text(row: dict) -> str:
    text = f"ligne {row['row']}"
    if row.get("code_region"):
        text += f" (code_region {row['code_region']})"
    if row.get("value") is not None:
        text += f" : « {row['value']} »"
    return text


def describe_year(results: dict) -> list[str]:
    """Lines saying what is wrong in a year's files, or that all is well."""
    year = results["year"]
    failures = []
    for entry in results["datasets"]:
        name = entry["file"] or f"{entry['dataset']}.csv"
        if entry["error"]:
            failures.append(f"  {year}/{entry['error']}")
            continue
        for rule in entry["rules"]:
            if rule["success"]:
                continue
            where = f"colonne {rule['column']}" if rule["column"] else "fichier"
            failures.append(f"  {year}/{name}, {where} : {rule['description']}")
            if rule["error"]:
                failures.append(f"      règle non vérifiable : {rule['error']}")
            for row in rule["rows"][:MAX_ROWS_SHOWN]:
                failures.append(f"      {_row_text(row)}")
            hidden = rule["failed_count"] - min(len(rule["rows"]), MAX_ROWS_SHOWN)
            if hidden > 0:
                failures.append(f"      … et {hidden} autre(s) ligne(s)")
    notes = [
        f"  {year}/{e['file']} : colonne(s) hors contrat ignorée(s) : "
        + ", ".join(e["ignored_columns"])
        for e in results["datasets"]
        if e["ignored_columns"]
    ]
    if not failures:
        checked = sum(len(e["rules"]) for e in results["datasets"])
        return [f"{year} : données valides ({checked} règles vérifiées sur 4 fichiers)", *notes]
    count = sum(1 for line in failures if not line.startswith("      "))
    return [f"{year} : {count} problème(s) dans {results['raw_dir']} :", *failures, *notes]

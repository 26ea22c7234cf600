"""Validation results in the analyst's words, for the terminal."""

from __future__ import annotations

import re
from pathlib import Path

from .. import config
from ..config import RESPONSES_DIR
from ..ingest import questionnaire
from ..ingest.responses import CONFIRM_CELL, STATUS_REFUSED, confirm_label
from .results import DatasetResult, FailingRow, RuleResult, YearResults

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


def cell_line(year: int, row: FailingRow, description: str) -> str:
    """A failing answer of a survey response: file, sheet, cell, rule, what was read."""
    where = f"{year}/{RESPONSES_DIR}/{row.file}"
    if row.sheet:
        where += f", feuille {row.sheet}"
    if row.cell:
        where += f", cellule {row.cell}"
    read = f"lu « {row.value} »" if row.value is not None else "cellule vide"
    return f"  {where} : {description}, {read}"  # the workbook is the chamber's: no code


def survey_description(dataset: str, rule: RuleResult, year: int | None = None) -> str:
    """A rule as the person filling the workbook reads it: questions by their labels, lists
    by their French labels, never a column name or a code of the processed tables."""
    form = questionnaire.for_year(year) if year else questionnaire.load()
    if dataset not in form.datasets:
        return rule.description
    sheet = form.sheet(dataset)
    question = next((q for q in sheet.questions if q.name == rule.column), None)
    if (
        rule.rule == "expect_column_values_to_be_in_set"
        and question is not None
        and question.choices
    ):
        labels = form.labels(question.choices).values()
        return f"« {question.label} » doit être l'une des valeurs de la liste : {', '.join(labels)}"
    return _in_words(rule.description, sheet, form)


def _in_words(text: str, sheet, form) -> str:
    """Column names (`total_produits`) as their questions' labels, codes with an underscore
    (`mise_a_disposition`) as their French labels."""
    names = {q.name: f"« {q.label} »" for q in sheet.questions}
    codes = {
        c.code: c.label.lower()
        for choices in form.choices.values()
        for c in choices
        if "_" in c.code
    }

    def word(match: re.Match) -> str:
        found = match.group(0)
        if found in names and ("_" in found or found in TECHNICAL_NAMES):
            return names[found]
        return codes.get(found, found)

    return re.sub(r"\b[a-z][a-z_]*[a-z]\b", word, text)


# Column names without an underscore that a rule's description may use as such (no
# accent: never the French word itself, « résultat », « trésorerie »).
TECHNICAL_NAMES = frozenset({"resultat", "tresorerie", "fse"})


def shown_file(entry: DatasetResult) -> str:
    """Where a dataset was read: its file, and its sheet when it shares a workbook with
    others (`conseil/conseil.xlsx, feuille reunions`)."""
    name = entry.file or f"{entry.dataset}.csv"
    if entry.dataset in config.COUNCIL_DATASETS and name.lower().endswith(".xlsx"):
        if name.lower() == f"{config.COUNCIL_DIR}/{config.COUNCIL_WORKBOOK}":
            name += f", feuille {entry.dataset}"
    return name


def describe_year(results: YearResults) -> list[str]:
    """Lines saying what is wrong in a year's files, or that all is well."""
    year = results.year
    failures = [f"  {year}/{line}" for line in (results.survey.errors if results.survey else [])]
    for entry in results.datasets:
        name = shown_file(entry)
        if entry.error:
            failures.append(f"  {year}/{entry.error}")
            continue
        for rule in entry.failed_rules:
            if rule.rows and all(r.file for r in rule.rows):  # survey: one line per cell
                said = survey_description(entry.dataset, rule, year)
                failures += [cell_line(year, r, said) for r in rule.rows[:MAX_ROWS_SHOWN]]
                hidden = rule.failed_count - min(len(rule.rows), MAX_ROWS_SHOWN)
                if hidden > 0:
                    failures.append(f"      … et {hidden} autre(s) cellule(s)")
                continue
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
    notes += [
        f"  {year}/{RESPONSES_DIR}/{c.file}, feuille {title}, cellule {CONFIRM_CELL} : "
        f"{unchanged_sheet(year)}"
        for c in (results.survey.chambers if results.survey else [])
        for title in c.unchanged
    ]
    if not failures:
        checked = sum(len(e.rules) for e in results.datasets)
        sources = sorted({e.file for e in results.datasets if e.file})
        where = f"{len(sources)} fichiers" if results.survey is None else "les fichiers et réponses"
        received = ""
        if results.survey is not None:
            got = sum(1 for c in results.survey.chambers if c.received)
            received = f", {got} réponse(s) à l'enquête sur {len(results.survey.chambers)}"
        return [
            f"{year} : données valides ({checked} règles vérifiées sur {where}{received})",
            *notes,
        ]
    count = sum(1 for line in failures if not line.startswith("      "))
    return [
        f"{year} : {count} problème(s) dans {results.raw_dir} :",
        *failures,
        *notes,
        *set_aside_hint(results),
    ]


def unchanged_sheet(year: int) -> str:
    """What is said of a pre-filled sheet returned as it was sent, and not confirmed."""
    return (
        f"feuille renvoyée telle que pré-remplie, sans « Oui » à « {confirm_label(year)} » : "
        f"ses réponses de {year - 1} ne sont pas reprises ; la mettre à jour, ou répondre Oui "
        f"si elles valent pour {year}"
    )


def set_aside_hint(results: YearResults) -> list[str]:
    """In a survey year, how to publish without the responses that block it."""
    if results.survey is None:
        return []
    codes = {c.code for c in results.survey.chambers if c.status == STATUS_REFUSED}
    for entry in results.datasets:
        for rule in entry.failed_rules:
            codes |= {r.code_region for r in rule.rows if r.file and r.code_region}
    if not codes:
        return []
    data_dir = Path(results.raw_dir).parent.parent
    example = config.command(
        f'enquete ecarter --year {results.year} --chambre {min(codes)} --motif "…"', data_dir
    )
    return [
        f"  réponse(s) en cause : chambre(s) {', '.join(sorted(codes))} ; faire corriger et "
        f"renvoyer, ou publier {results.year} sans elle(s) en l'écartant, motif à l'appui : "
        f"« {example} »"
    ]

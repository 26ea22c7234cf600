"""The annual survey's questionnaire as data: sheets, questions, labels, types, choice lists.

The definition lives in `questionnaire/` at the project root, in the XLSForm
convention of ODK and KoboToolbox (a `questions.csv` of typed questions grouped
by `begin`/`end` rows, a `choices.csv` of value lists, a `settings.csv`). The
workbook writer, the response reader, the contract's schemas of the survey's
datasets and the value sets of their suites all derive from it: a new question
is one row there, plus its rule in `expectations/`.

Labels naming an organisation may depend on the exercise year (the regional CPCA
became « Le Mouvement associatif » in 2014): `labels.csv` gives a question's label,
or a sheet's instruction, from a year on. `for_year(year)` is the questionnaire of
that exercise: its workbooks are written and read with those labels; the datasets'
columns never change.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from .. import config

DECIMAL, INTEGER, TEXT, BOOLEAN, SELECT_ONE = "decimal", "integer", "text", "boolean", "select_one"
QUESTIONS, LIST = "questions", "list"  # a question sheet (label, answer) or a list sheet (rows)
BOOLEAN_CHOICES = "oui_non"  # the list a boolean is picked from


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


@dataclass(frozen=True)
class Question:
    name: str  # the dataset column
    label: str  # French, exactly as in the workbook
    type: str  # DECIMAL, INTEGER, TEXT, BOOLEAN or SELECT_ONE
    required: bool
    choices: str | None = None  # the choice list of a SELECT_ONE (BOOLEAN_CHOICES for a BOOLEAN)
    hint: str = ""  # shown when the answer cell is selected
    prefill: bool = True  # "non": never pre-filled (what changes every year: meetings)


@dataclass(frozen=True)
class Sheet:
    dataset: str
    title: str  # the sheet's name in the workbook
    kind: str  # QUESTIONS or LIST
    instruction: str  # shown at the top of the sheet
    prefill: bool  # filled with the chamber's answers of the year before
    questions: tuple[Question, ...]
    rows: str | None = None  # LIST: one pre-printed row per choice of this list, in column 1

    def question(self, name: str) -> Question:
        return next(q for q in self.questions if q.name == name)

    @property
    def printed(self) -> str | None:
        """The column whose rows are pre-printed (Missions), not an answer by itself."""
        return self.questions[0].name if self.rows else None


@dataclass(frozen=True)
class Questionnaire:
    version: str
    title: str
    sheets: tuple[Sheet, ...]
    choices: dict[str, tuple[Choice, ...]]

    def sheet(self, dataset: str) -> Sheet:
        return next(s for s in self.sheets if s.dataset == dataset)

    @property
    def datasets(self) -> tuple[str, ...]:
        return tuple(s.dataset for s in self.sheets)

    def codes(self, list_name: str) -> tuple[str, ...]:
        return tuple(c.code for c in self.choices[list_name])

    def labels(self, list_name: str) -> dict[str, str]:
        """Code -> French label."""
        return {c.code: c.label for c in self.choices[list_name]}

    def code_of(self, list_name: str, text: str) -> str | None:
        """The code of a French label as typed (case, spaces and apostrophes forgiven)."""
        wanted = normalise(text)
        return next((c.code for c in self.choices[list_name] if normalise(c.label) == wanted), None)

    def value_sets(self) -> dict[str, list[str]]:
        """Suite parameters: `values_<dataset>_<column>` -> allowed codes of each SELECT_ONE."""
        return {
            f"values_{sheet.dataset}_{q.name}": list(self.codes(q.choices))
            for sheet in self.sheets
            for q in sheet.questions
            if q.type == SELECT_ONE and q.choices
        }


@cache
def for_year(year: int) -> Questionnaire:
    """The questionnaire of exercise `year`: each label as it reads that year (`labels.csv`)."""
    form = load()
    changes: dict[str, dict[str, str]] = {}
    path = config.QUESTIONNAIRE_DIR / "labels.csv"
    rows = _rows(path) if path.is_file() else []
    for row in sorted(rows, key=lambda r: int(r["from_year"])):
        if int(row["from_year"]) <= year:
            changes.setdefault(row["name"], {}).update(
                {k: row[k] for k in ("label", "hint") if row.get(k)}
            )
    sheets = []
    for sheet in form.sheets:
        questions = tuple(
            replace(q, label=changes[q.name]["label"]) if "label" in changes.get(q.name, {}) else q
            for q in sheet.questions
        )
        instruction = changes.get(sheet.dataset, {}).get("hint", sheet.instruction)
        sheets.append(replace(sheet, questions=questions, instruction=instruction))
    return replace(form, sheets=tuple(sheets))


def normalise(text: str) -> str:
    """A label as compared: `Total des produits (€) `, `TOTAL DES PRODUITS (€)` are one label."""
    text = unicodedata.normalize("NFC", str(text)).replace("\u2019", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _yes(text: str) -> bool:
    return text.casefold() in ("oui", "yes")


def _question(row: dict[str, str]) -> Question:
    kind, _, list_name = row["type"].partition(" ")
    if kind not in (DECIMAL, INTEGER, TEXT, BOOLEAN, SELECT_ONE):
        raise ValueError(f"questionnaire: type inconnu « {row['type']} » ({row['name']})")
    if kind == BOOLEAN:
        list_name = BOOLEAN_CHOICES
    return Question(
        row["name"],
        row["label"],
        kind,
        _yes(row["required"]),
        list_name or None,
        hint=row.get("hint", ""),
        prefill=row.get("prefill", "").casefold() not in ("non", "no"),
    )


@cache
def load(folder: Path | None = None) -> Questionnaire:
    folder = Path(folder or config.QUESTIONNAIRE_DIR)
    settings = {r["key"]: r["value"] for r in _rows(folder / "settings.csv")}
    choices: dict[str, list[Choice]] = {}
    for row in _rows(folder / "choices.csv"):
        choices.setdefault(row["list_name"], []).append(Choice(row["name"], row["label"]))
    sheets: list[Sheet] = []
    opened: dict[str, str] | None = None
    questions: list[Question] = []
    for row in _rows(folder / "questions.csv"):
        words = row["type"].split()
        if words[:1] == ["begin"]:
            opened, questions = row, []
        elif words[:1] == ["end"]:
            if opened is None:
                raise ValueError("questionnaire: « end » sans « begin »")
            kind = opened["type"].split()
            sheets.append(
                Sheet(
                    dataset=opened["name"],
                    title=opened["label"],
                    kind=QUESTIONS if kind[1] == QUESTIONS else LIST,
                    instruction=opened["hint"],
                    prefill=_yes(opened["prefill"]),
                    questions=tuple(questions),
                    rows=kind[2] if len(kind) > 2 else None,
                )
            )
            opened = None
        else:
            questions.append(_question(row))
    for sheet in sheets:
        for q in sheet.questions:
            if q.choices and q.choices not in choices:
                raise ValueError(f"questionnaire: liste de choix inconnue « {q.choices} »")
    return Questionnaire(
        version=settings["version"],
        title=settings["title"],
        sheets=tuple(sheets),
        choices={name: tuple(items) for name, items in choices.items()},
    )

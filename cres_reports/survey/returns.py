"""What goes back to each chamber whose response is refused or breaks a rule.

For each such response: a copy of the chamber's own workbook with every faulty cell
highlighted and commented in French, opening on a sheet « Corrections demandées » that lists
them (sheet, cell, question, what was read, what is expected); and a short text to paste in
an e-mail. The cells are exactly those `validate` names. Same inputs, same bytes.

A workbook that cannot be opened again (an .ods, a file refused before its cells were read)
goes back as the corrections sheet alone: the chamber corrects its own file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest import bounds, questionnaire
from ..ingest.responses import CONFIRM_CELL, STATUS_REFUSED, confirm_label
from ..spreadsheets import keep_as_text
from ..validate.messages import survey_description, unchanged_sheet
from ..validate.results import YearResults
from . import workbook
from .prepare import slug

SHEET = "Corrections demandées"
FAULT_FILL = "FFC7CE"  # the light red of spreadsheets' "bad" style
AUTHOR = "CNCRES"
COLUMNS = ("Feuille", "Cellule", "Question", "Valeur lue", "Attendu")
TO_CONFIRM = "À confirmer"  # a figure that passes every rule but is hard to believe


@dataclass(frozen=True)
class Fault:
    sheet: str
    cell: str
    question: str
    read: str
    expected: str


@dataclass
class Return:
    """One response to send back: its file, its chamber, what to correct."""

    file: str
    code: str | None
    name: str
    faults: list[Fault] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return f"{self.code}-{slug(self.name)}" if self.code else slug(Path(self.file).stem)


def returns(
    results: YearResults, to_confirm: Mapping[str, list[str]] | None = None
) -> list[Return]:
    """The responses to send back, from a year's validation results, in file order; with
    `to_confirm` (chamber code -> figures that pass every rule but are hard to believe,
    `analysis/plausibility.py`), the responses with such figures too."""
    network = results.network or {}
    found: dict[str, Return] = {}

    def entry(file: str, code: str | None) -> Return:
        if file not in found:
            name = network.get(code or "", "") or (f"chambre {code}" if code else file)
            found[file] = Return(file, code, name)
        return found[file]

    for chamber in results.survey.chambers if results.survey else []:
        if not chamber.file:  # not received, or set aside before it came
            continue
        faults = entry(chamber.file, chamber.code).faults
        if chamber.status == STATUS_REFUSED:
            faults.append(
                Fault(chamber.sheet or "", chamber.cell or "", "", "", chamber.reason or "")
            )
        for title in chamber.unchanged:  # sent back as pre-filled
            label = confirm_label(results.year)
            faults.append(Fault(title, CONFIRM_CELL, label, "", unchanged_sheet(results.year)))
        for sentence in (to_confirm or {}).get(chamber.code, []):
            faults.append(Fault("", "", TO_CONFIRM, "", f"la chambre {sentence}"))
    for dataset in results.datasets:
        labels = _labels(dataset.dataset, results.year)
        for rule in dataset.failed_rules:
            for row in rule.rows:
                if not row.file:  # a flat file's row: not a response
                    continue
                question = labels.get((rule.column or "").removesuffix("__raw"), "")
                read = "cellule vide" if row.value is None else row.value
                expected = survey_description(dataset.dataset, rule, results.year)
                fault = Fault(row.sheet or "", row.cell or "", question, read, expected)
                entry(row.file, row.code_region).faults.append(fault)
    for each in found.values():
        each.faults = sorted(set(each.faults), key=_place)
    return [found[f] for f in sorted(found) if found[f].faults]


def _labels(dataset: str, year: int) -> dict[str, str]:
    form = questionnaire.for_year(year)
    if dataset not in form.datasets:
        return {}
    return {q.name: q.label for q in form.sheet(dataset).questions}


def _place(fault: Fault) -> tuple:
    letters = "".join(c for c in fault.cell if c.isalpha())
    digits = "".join(c for c in fault.cell if c.isdigit())
    return (fault.sheet, int(digits or 0), len(letters), letters, fault.expected)


def write(answer: Return, source: Path, out_dir: Path, year: int) -> tuple[Path, Path]:
    """The return workbook and the e-mail text of one response, in `out_dir`."""
    book, copied = _copy(source)
    if copied:
        _mark(book, answer.faults)
    _corrections(book, answer, year, copied)
    stamp = dt.datetime(year + 1, 1, 1)  # fixed: the same inputs give the same bytes
    target = out_dir / f"retour-{year}-{answer.stem}.xlsx"
    workbook.save(book, target, stamp)
    text = out_dir / f"retour-{year}-{answer.stem}.txt"
    text.write_text(email(answer, year, target.name, copied), encoding="utf-8")
    return target, text


def _copy(source: Path):
    """The chamber's own workbook to annotate, or a new one when it cannot be reopened."""
    from openpyxl import Workbook, load_workbook

    if source.suffix.lower() == ".xlsx":
        try:
            bounds.check_file(source)
            book = load_workbook(source)
        except Exception:  # refused or unreadable: the corrections sheet alone  # noqa: BLE001
            pass
        else:
            book.security = None  # the corrections sheet goes first
            return book, True
    book = Workbook()
    book.remove(book.active)
    return book, False


def _mark(book, faults: list[Fault]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    fill = PatternFill("solid", fgColor=FAULT_FILL)
    titles = {questionnaire.normalise(s.title): s for s in book.worksheets}
    for fault in faults:
        sheet = titles.get(questionnaire.normalise(fault.sheet))
        if sheet is None or not fault.cell:
            continue
        cell = sheet[fault.cell]
        cell.fill = fill
        said = [c.text for c in (cell.comment,) if c is not None and c.author == AUTHOR]
        said.append(_comment(fault))
        cell.comment = Comment("\n".join(said), AUTHOR, width=320, height=120)


def _comment(fault: Fault) -> str:
    read = f" (lu : « {fault.read} »)" if fault.read else ""
    return f"À corriger : {fault.expected}{read}."


def _corrections(book, answer: Return, year: int, copied: bool) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(SHEET, 0)
    if all(f.question == TO_CONFIRM for f in answer.faults):
        intro = [
            f"Enquête {year} — {answer.name} : chiffres à confirmer",
            "Ces chiffres respectent les règles de l'enquête mais surprennent : les confirmer "
            "au CNCRES, ou corriger le classeur et le renvoyer.",
        ]
    else:
        intro = [
            f"Enquête {year} — {answer.name} : corrections demandées avant publication",
            (
                "Les cellules en cause sont surlignées dans les feuilles du classeur et "
                "commentées. Corriger, enregistrer et renvoyer ce classeur au CNCRES."
                if copied
                else f"Corriger ces points dans votre fichier « {answer.file} », puis le "
                "renvoyer au CNCRES."
            ),
        ]
    for row, text in enumerate(intro, start=1):
        cell = sheet.cell(row, 1, text)
        cell.font = Font(bold=row == 1, size=13 if row == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
        sheet.row_dimensions[row].height = 36
    header = len(intro) + 2
    for column, title in enumerate(COLUMNS, start=1):
        sheet.cell(header, column, title).font = Font(bold=True)
    for row, fault in enumerate(answer.faults, start=header + 1):
        values = (fault.sheet, fault.cell, fault.question, fault.read, fault.expected)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value or None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            keep_as_text(cell)  # what the chamber typed is shown, never run
    for letter, width in zip("ABCDE", (18, 10, 40, 24, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    _fit_to_width(sheet)
    book.active = 0
    for each in book.worksheets:
        each.sheet_view.tabSelected = each is sheet


def _fit_to_width(sheet) -> None:
    """Printed, the list fits the width of a landscape page."""
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.page_setup.orientation = "landscape"


def email(answer: Return, year: int, attachment: str, copied: bool) -> str:
    """The message to paste in an e-mail to the chamber, in French."""
    confirm_only = all(f.question == TO_CONFIRM for f in answer.faults)
    lines = [
        "Bonjour,",
        "",
        f"Merci pour votre réponse à l'enquête {year} du CNCRES. "
        + (
            "Quelques chiffres respectent les règles de l'enquête mais nous semblent "
            "surprenants ; merci de nous les confirmer, ou de les corriger :"
            if confirm_only
            else "Avant de pouvoir la publier, nous avons besoin que vous corrigiez les "
            "points suivants :"
        ),
        "",
    ]
    for fault in answer.faults:
        parts = (f"feuille {fault.sheet}" if fault.sheet else "", f"cellule {fault.cell}")
        where = ", ".join(p for p in parts if p and p != "cellule ")
        if fault.question == TO_CONFIRM:
            lines.append(f"- à confirmer ou corriger : {fault.expected}.")
            continue
        about = f" (« {fault.question} »)" if fault.question else ""
        read = f" ; lu : « {fault.read} »" if fault.read else ""
        lines.append(f"- {where or answer.file}{about} : {fault.expected}{read}.")
    if confirm_only:
        closing = (
            f"La liste est aussi dans le classeur joint ({attachment}). Une réponse par "
            "courriel suffit ; si un chiffre est à corriger, merci de nous renvoyer le "
            "classeur corrigé."
        )
    elif copied:
        closing = (
            f"Les cellules en cause sont surlignées et commentées dans le classeur joint "
            f"({attachment}), qui s'ouvre sur la liste des corrections. Merci de nous le "
            "renvoyer corrigé."
        )
    else:
        closing = (
            f"La liste est aussi dans le classeur joint ({attachment}). Merci de nous "
            f"renvoyer votre fichier « {answer.file} » corrigé."
        )
    return "\n".join([*lines, "", closing, "", "Bien cordialement,", ""])

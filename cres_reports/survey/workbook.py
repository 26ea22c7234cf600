"""One chamber's questionnaire workbook (.xlsx), laid out from the questionnaire definition.

Sheets in the contract's order after a `Lisez-moi` sheet; question sheets hold
the label in column A and the answer in column B; list sheets a header row and
one row per item. Enumerated answers are picked from drop-down lists of French
labels (kept on a hidden `_listes` sheet); the hidden `_enquete` sheet names the
questionnaire version, the year and the chamber. Labels and hidden sheets are
locked, answer cells open. The same inputs give the same bytes (`fixed_zip`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

from ..ingest import questionnaire, responses
from ..ingest.questionnaire import LIST, Question, Sheet
from ..ingest.responses import CODE_LABEL, ENQUETE, NAME_LABEL, VERSION_LABEL, YEAR_LABEL
from ..spreadsheets import keep_as_text

README = "Lisez-moi"
LISTS = "_listes"
GENERATOR = "cres_reports"
# the sheet's instruction; on a pre-filled sheet, its confirmation; the first label or the header
INSTRUCTION_ROW, CONFIRM_ROW, FIRST_ROW = 1, 2, 3
LIST_ROOM = 100  # empty rows open for new items under a list's pre-filled rows
ANSWER_FILL = "FFF8DC"
NUMBER_FORMATS = {questionnaire.DECIMAL: "#,##0.00", questionnaire.INTEGER: "0"}
WIDTHS = {
    questionnaire.TEXT: 40,
    questionnaire.SELECT_ONE: 30,
    questionnaire.BOOLEAN: 12,
    questionnaire.DECIMAL: 16,
    questionnaire.INTEGER: 12,
}

Records = dict[str, list[dict[str, Any]]]  # dataset -> rows -> column -> value (codes)


def build(year: int, code: str, name: str, region: str, prefill: Records, previous: int):
    """The workbook of one chamber, pre-filled with `prefill` (its answers of `previous`)."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    form = questionnaire.for_year(year)
    workbook = Workbook()
    readme = workbook.active
    readme.title = README
    _readme(readme, form, year, code, name, region, previous, prefill)
    lists = _list_ranges(form)
    sent: dict[str, str] = {}
    for sheet in form.sheets:
        target = workbook.create_sheet(sheet.title)
        rows = prefill.get(sheet.dataset, []) if sheet.prefill else []
        rules = number_rules(sheet.dataset, year)  # the bounds its answers are checked against
        kept = {q.name for q in sheet.questions if q.prefill}  # never last year's meetings
        rows = [{k: v for k, v in r.items() if k in kept} for r in rows]
        if sheet.kind == LIST:
            _list_sheet(target, sheet, rows, lists, rules)
        else:
            rows = rows[:1]
            _question_sheet(target, sheet, rows[0] if rows else {}, lists, rules)
        answers = sent_answers(sheet, rows)
        if answers:  # pre-filled: to be confirmed or updated, or it is not this year's
            sent[sheet.dataset] = responses.fingerprint(answers)
            _confirmation(target, year, lists)
    _lists_sheet(workbook, form)
    _enquete_sheet(workbook, form.version, year, code, name, sent)
    for each in workbook.worksheets:  # a chamber's text of last year is never a formula
        for cells in each.iter_rows():
            for cell in cells:
                keep_as_text(cell)
    workbook.security = WorkbookProtection(lockStructure=True)  # no renamed or deleted sheet
    workbook.active = 0
    return workbook


def save(workbook, path: Path, stamp: dt.datetime, generator: str = GENERATOR) -> Path:
    """Write with fixed dates (document properties and zip entries): identical bytes."""
    workbook.properties.creator = generator
    workbook.properties.lastModifiedBy = generator
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(fixed_zip(buffer.getvalue(), stamp))
    return path


def fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrites an xlsx with fixed entry dates and document dates, for identical bytes."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + iso, content
                )
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


# --------------------------------------------------------------------------- sheets


def _styles():
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    return {
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "bold": Font(bold=True),
        "title": Font(bold=True, size=14),
        "fill": PatternFill("solid", fgColor=ANSWER_FILL),
        "open": Protection(locked=False),
    }


def _protect(sheet, rows: bool = False) -> None:
    """Locked cells cannot change; widths can, and a list's rows can be inserted or deleted.

    Printed, a sheet fits the page's width (landscape for lists).
    """
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    if rows:
        sheet.page_setup.orientation = "landscape"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    if rows:
        sheet.protection.insertRows = False
        sheet.protection.deleteRows = False


def _instruction(sheet, text: str, width: int) -> None:
    style = _styles()
    sheet.cell(INSTRUCTION_ROW, 1, text).alignment = style["wrap"]
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.row_dimensions[INSTRUCTION_ROW].height = 48


def _question_sheet(
    sheet, spec: Sheet, answers: dict[str, Any], lists: dict[str, str], rules: Rules
) -> None:
    style = _styles()
    _instruction(sheet, spec.instruction, 2)
    sheet.column_dimensions["A"].width = 62
    sheet.column_dimensions["B"].width = 24
    for offset, question in enumerate(spec.questions):
        row = FIRST_ROW + offset
        label = sheet.cell(row, 1, question.label)
        label.alignment = style["wrap"]
        answer = sheet.cell(row, 2, _shown(question, answers.get(question.name)))
        _answer_cell(answer, question)
        if question.required:
            label.font = style["bold"]
        _validation(sheet, question, f"B{row}", lists, rules)
    _protect(sheet)


def _list_sheet(
    sheet, spec: Sheet, rows: list[dict[str, Any]], lists: dict[str, str], rules: Rules
) -> None:
    from openpyxl.utils import get_column_letter

    style = _styles()
    _instruction(sheet, spec.instruction, len(spec.questions))
    for column, question in enumerate(spec.questions, start=1):
        header = sheet.cell(FIRST_ROW, column, question.label)
        header.alignment = style["wrap"]
        if question.required:  # mandatory answers in bold, as Lisez-moi says
            header.font = style["bold"]
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[question.type]
    form = questionnaire.load()
    if spec.rows:  # one pre-printed, locked row per item of the list (Missions)
        key = spec.questions[0].name
        by_code = {r.get(key): r for r in rows}
        rows = [{key: code, **by_code.get(code, {})} for code in form.codes(spec.rows)]
        room = 0
    else:
        room = LIST_ROOM
    last = FIRST_ROW + len(rows) + room
    for offset, record in enumerate(rows, start=1):
        for column, question in enumerate(spec.questions, start=1):
            sheet.cell(FIRST_ROW + offset, column, _shown(question, record.get(question.name)))
    for column, question in enumerate(spec.questions, start=1):
        printed = bool(spec.rows) and column == 1
        for row in range(FIRST_ROW + 1, last + 1):
            cell = sheet.cell(row, column)
            if printed:
                cell.alignment = style["wrap"]
            else:
                _answer_cell(cell, question)
        if not printed:
            letter = get_column_letter(column)
            cells = f"{letter}{FIRST_ROW + 1}:{letter}{last}"
            _validation(sheet, question, cells, lists, rules)
    sheet.freeze_panes = sheet.cell(FIRST_ROW + 1, 1)
    _protect(sheet, rows=not spec.rows)


def sent_answers(sheet: Sheet, rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The pre-filled answers of a sheet, as the collector will read them back untouched."""
    found = []
    for record in rows:
        texts = {
            q.name: responses.answer_text(q, _shown(q, record.get(q.name))) for q in sheet.questions
        }
        texts = {name: text for name, text in texts.items() if text}
        if any(name != sheet.printed for name in texts):  # a printed row answers nothing
            found.append(texts)
    return found


def _confirmation(sheet, year: int, lists: dict[str, str]) -> None:
    """Row 2 of a pre-filled sheet: « Informations vérifiées pour <year> », Oui to pick."""
    from openpyxl.worksheet.datavalidation import DataValidation

    style = _styles()
    label = sheet.cell(CONFIRM_ROW, 1, responses.confirm_label(year) + " :")
    label.font, label.alignment = style["bold"], style["wrap"]
    answer = sheet[responses.CONFIRM_CELL]
    answer.protection, answer.fill = style["open"], style["fill"]
    check = DataValidation(
        type="list",
        formula1=lists[questionnaire.BOOLEAN_CHOICES],
        allow_blank=True,
        showInputMessage=True,
        promptTitle="Obligatoire",
        prompt=(
            f"Oui une fois la feuille relue et mise à jour pour {year}. Une feuille pré-remplie "
            "renvoyée sans changement ni Oui ici n'est pas prise en compte."
        ),
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Valeur hors liste",
        error="Choisir Oui ou Non dans la liste déroulante.",
    )
    check.add(responses.CONFIRM_CELL)
    sheet.add_data_validation(check)


def _answer_cell(cell, question: Question) -> None:
    style = _styles()
    cell.protection, cell.fill = style["open"], style["fill"]
    cell.alignment = style["wrap"]
    if question.type in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[question.type]


def _shown(question: Question, value: Any) -> Any:
    """A stored value as the chamber reads and types it: labels for codes, numbers as numbers."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if question.type == questionnaire.BOOLEAN:
        return "Oui" if value is True or str(value).lower() == "oui" else "Non"
    if question.choices:
        return questionnaire.load().labels(question.choices).get(str(value), str(value))
    if question.type == questionnaire.INTEGER:
        return int(value)
    if question.type == questionnaire.DECIMAL:
        number = float(value)
        return int(number) if number.is_integer() else number
    return str(value)


def _validation(sheet, question: Question, cells: str, lists: dict[str, str], rules: Rules) -> None:
    """Every answer cell's check and input message: a drop-down list of French labels, a
    number within the bounds of the dataset's rule (`expectations/`), or any text; the
    message says whether the answer is mandatory, its unit or hint, and the rule.
    A value outside is only warned about: the rules decide, and say where."""
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = rules.get(question.name, NO_RULE)
    said = [
        "Obligatoire." if question.required else "Facultatif.",
        question.hint,
        "En euros, sans formule." if "(€)" in question.label else "",
        _sentence(rule.said) if rule.said else "",
    ]
    options: dict[str, Any] = {
        "allow_blank": True,
        "showInputMessage": True,
        "promptTitle": question.label[:32],
        "prompt": " ".join(p for p in said if p)[:255],
        "showErrorMessage": True,
        "errorStyle": "warning",
    }
    if question.choices:
        options.update(
            type="list",
            formula1=lists[question.choices],
            errorTitle="Valeur hors liste",
            error="Choisir une valeur de la liste déroulante.",
        )
    elif question.type in NUMBER_FORMATS:
        options.update(
            type="whole" if question.type == questionnaire.INTEGER else "decimal",
            operator="between",
            formula1=_number(NO_BOUND[0] if rule.low is None else rule.low),
            formula2=_number(NO_BOUND[1] if rule.high is None else rule.high),
            errorTitle="Nombre attendu",
            error=_sentence(rule.said or "un nombre est attendu"),
        )
    check = DataValidation(**options)
    check.add(cells)
    sheet.add_data_validation(check)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


NO_BOUND = (-1e12, 1e12)  # "a number": Excel's number checks need two bounds


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class Bounds(NamedTuple):
    """A number's range in its dataset's rule, and the rule in French."""

    low: float | None
    high: float | None
    said: str


NO_RULE = Bounds(None, None, "")
Rules = dict[str, Bounds]  # column -> its range


def number_rules(dataset: str, year: int) -> Rules:
    """The ranges the dataset's suite sets on its numbers (`expect_column_values_to_be_between`
    without a row condition), the exercise year put in for the `year` parameter."""
    from ..validate.gate import load_suite_document

    found: Rules = {}
    for expectation in load_suite_document(dataset).get("expectations", []):
        kwargs = expectation.get("kwargs", {})
        if expectation.get("type") != "expect_column_values_to_be_between" or kwargs.get(
            "row_condition"
        ):
            continue
        low, high = (_bound(kwargs.get(k), year) for k in ("min_value", "max_value"))
        said = str(expectation.get("meta", {}).get("description", ""))
        found.setdefault(kwargs.get("column"), Bounds(low, high, said))
    return found


def _bound(value: Any, year: int) -> float | None:
    if isinstance(value, dict) and value.get("$PARAMETER") == "year":
        return float(year)
    return float(value) if isinstance(value, (int, float)) else None


def _list_ranges(form: questionnaire.Questionnaire) -> dict[str, str]:
    """List name -> the cells of its French labels on the hidden `_listes` sheet."""
    from openpyxl.utils import get_column_letter

    ranges = {}
    for column, (name, choices) in enumerate(sorted(form.choices.items()), start=1):
        letter = get_column_letter(column)
        ranges[name] = f"'{LISTS}'!${letter}$2:${letter}${len(choices) + 1}"
    return ranges


def _lists_sheet(workbook, form: questionnaire.Questionnaire) -> None:
    """The choice lists' French labels, one column each, for the drop-down lists."""
    sheet = workbook.create_sheet(LISTS)
    for column, (name, choices) in enumerate(sorted(form.choices.items()), start=1):
        sheet.cell(1, column, name)
        for row, choice in enumerate(choices, start=2):
            sheet.cell(row, column, choice.label)
    sheet.sheet_state = "hidden"
    _protect(sheet)


def _enquete_sheet(
    workbook, version: str, year: int, code: str, name: str, sent: dict[str, str]
) -> None:
    import json

    sheet = workbook.create_sheet(ENQUETE)
    rows: list[tuple[str, Any]] = [
        (VERSION_LABEL, version),
        (YEAR_LABEL, year),
        (CODE_LABEL, code),
        (NAME_LABEL, name),
    ]
    if sent:
        rows.append((responses.FINGERPRINTS_LABEL, json.dumps(sent, sort_keys=True)))
    for row, (label, value) in enumerate(rows, start=1):
        sheet.cell(row, 1, label)
        cell = sheet.cell(row, 2, value)
        if label == CODE_LABEL:
            cell.number_format = "@"  # "01", not 1
    sheet.sheet_state = "hidden"
    _protect(sheet)


def _required(sheet: Sheet) -> str:
    """The mandatory answers of a sheet, as its Lisez-moi line lists them."""
    asked = [q for q in sheet.questions if q.name != sheet.printed]
    required = [q.label for q in asked if q.required]
    if required and len(required) == len(asked):
        return "toutes les réponses"
    return ", ".join(f"« {label} »" for label in required)


def _long_date(day: dt.date) -> str:
    from babel.dates import format_date

    return format_date(day, "d MMMM y", locale="fr_FR")  # 31 mars 2012


def _readme(sheet, form, year, code, name, region, previous, prefill: Records) -> None:
    style = _styles()
    prefilled = [s.title for s in form.sheets if s.prefill and prefill.get(s.dataset)]
    lines: list[tuple[str, str | None]] = [
        (f"{form.title} — exercice {year}", "title"),
        (f"{name} (région {region}, code {code})", "bold"),
        ("", None),
        ("Comment remplir ce classeur", "bold"),
        ("Répondre dans les cellules colorées ; les autres sont protégées.", None),
        (
            "Les réponses à choix (fonctions, contrats, instances, familles, Oui/Non…) se "
            "choisissent dans la liste déroulante de la cellule.",
            None,
        ),
        (
            "Les montants s'écrivent en euros, comme des nombres (12500,50), sans formule.",
            None,
        ),
        (
            "Ne pas renommer ni supprimer les feuilles, ni modifier les libellés des questions "
            "et des en-têtes : le CNCRES lit les réponses par ces libellés.",
            None,
        ),
        (
            "Une feuille laissée vide signifie « non transmis » ; dans une liste, ne pas "
            "laisser de ligne vide entre deux lignes remplies.",
            None,
        ),
    ]
    if prefilled:
        lines += [
            (
                f"Pré-rempli avec vos réponses de l'enquête {previous} : {', '.join(prefilled)}. "
                "Vérifier et mettre à jour. Les comptes ne sont jamais pré-remplis.",
                None,
            ),
            (
                f"Obligatoire : en haut de chaque feuille pré-remplie, répondre Oui à "
                f"« {responses.confirm_label(year)} » une fois la feuille relue et mise à jour. "
                "Une feuille pré-remplie renvoyée sans changement et sans ce Oui n'est pas "
                f"prise en compte : les réponses de {previous} ne valent pas pour {year}.",
                None,
            ),
        ]
    lines += [
        ("", None),
        ("Réponses obligatoires", "bold"),
        (
            "Dans une feuille remplie, ces réponses sont obligatoires (libellés en gras ; la "
            "cellule le rappelle quand on la sélectionne) :",
            None,
        ),
        *((f"{s.title} : {_required(s)}", None) for s in form.sheets if _required(s)),
        ("", None),
        ("Comment le renvoyer", "bold"),
        (
            "Enregistrer le classeur (format .xlsx ou .ods, nom de fichier libre) et le renvoyer "
            f"par courriel au CNCRES au plus tard le {_long_date(responses.deadline(year))}.",
            None,
        ),
        ("", None),
        ("Les feuilles", "bold"),
        *((f"{s.title} : {s.instruction}", None) for s in form.sheets),
    ]
    sheet.column_dimensions["A"].width = 110
    for row, (text, kind) in enumerate(lines, start=1):
        cell = sheet.cell(row, 1, text or None)
        cell.alignment = style["wrap"]
        if kind:
            cell.font = style[kind]
    _protect(sheet)

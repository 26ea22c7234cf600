"""The survey's returned workbooks (data/raw/<year>/reponses/) read as the chamber datasets.

A response is identified by its hidden `_enquete` sheet (questionnaire version,
year, code_region), never by its file name. Questions are found by their label
in column A of a question sheet, answers in column B; a list sheet is read from
its header row (anywhere in the first 10 rows) down to the first empty row.
What people do to spreadsheets is forgiven (moved rows, blank rows, trailing
spaces, another case, numbers as French text, an empty sheet); what cannot be
read is refused, naming the file, the sheet and the cell. A refused workbook
gives no row at all: the year is refused, nothing of it is half read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import config, digests
from . import bounds, questionnaire
from .decisions import SetAside
from .questionnaire import LIST, Sheet, normalise
from .sheets import Grid, Value, Workbook, read_workbook
from .table import CELLS, FILE, InputError, Table, cell_name, printable, shown_name
from .values import cell_text, fold

ENQUETE = "_enquete"  # the hidden sheet that identifies a response
# Its rows: label in column A, value in column B.
VERSION_LABEL, YEAR_LABEL, CODE_LABEL, NAME_LABEL = "version", "annee", "code_region", "chambre"
# What each pre-filled sheet was sent with: {dataset: fingerprint of its answers} (JSON).
FINGERPRINTS_LABEL = "empreintes"
# On each pre-filled sheet, column A: the chamber confirms last year's answers still hold.
CONFIRM_LABEL = "Informations vérifiées pour {year}"
CONFIRM_CELL = "B2"  # where the questionnaire asks it (survey/workbook.py)
HEADER_SEARCH_ROWS = 10
STATUS_COMPLETE, STATUS_INCOMPLETE, STATUS_MISSING, STATUS_REFUSED = (
    "complete",
    "incomplete",
    "non_recue",
    "refusee",
)
STATUS_UNCHANGED = "sans_modification"  # returned as sent: nothing answered for this year
STATUS_SET_ASIDE = "ecartee"  # set aside by the analyst (ingest/decisions.py)
# A chamber with one of these gives no answer of its own to the year's figures.
NO_ANSWER = frozenset({STATUS_MISSING, STATUS_UNCHANGED, STATUS_SET_ASIDE})


@dataclass(frozen=True)
class Answer:
    text: str  # as typed; an enumerated label is replaced by its code
    sheet: str
    cell: str


Record = dict[str, Answer]  # column -> answer ("" when empty, with the cell to fill)


@dataclass
class Response:
    path: Path
    code: str
    year: int
    version: str
    saved: dt.datetime | None
    code_at: tuple[str, str]  # (sheet, cell) where code_region was read
    workbook: Workbook
    records: dict[str, list[Record]] = field(default_factory=dict)  # dataset -> rows
    sent: dict[str, str] = field(default_factory=dict)  # dataset -> fingerprint when sent
    unchanged: list[str] = field(default_factory=list)  # pre-filled sheets returned as sent

    @property
    def empty_sheets(self) -> list[str]:
        """Titles of the sheets left entirely unanswered, in questionnaire order (those
        returned as pre-filled and not confirmed included)."""
        form = questionnaire.for_year(self.year)
        return [s.title for s in form.sheets if not self.records.get(s.dataset)]

    @property
    def status(self) -> str:
        if self.unchanged and len(self.empty_sheets) == len(
            questionnaire.for_year(self.year).sheets
        ):
            return STATUS_UNCHANGED  # nothing but last year's answers, sent back as they were
        return STATUS_INCOMPLETE if self.empty_sheets else STATUS_COMPLETE


@dataclass(frozen=True)
class Refusal:
    """A refused workbook: the chamber it says it answers for, why, and where."""

    code: str | None
    reason: str  # in one line, without the file's name
    sheet: str | None = None
    cell: str | None = None


@dataclass
class Collection:
    """The responses of a year: those read, and one French line per refused workbook."""

    folder: Path
    year: int
    responses: list[Response]
    errors: list[str]
    refused: dict[str, Refusal]  # file name -> why it was refused
    set_aside: dict[str, SetAside] = field(default_factory=dict)  # code -> the decision
    aside_files: dict[str, str] = field(default_factory=dict)  # code -> its file, not read

    @property
    def digest(self) -> str:
        files = sorted(p for p in self.folder.iterdir() if p.is_file() or p.is_symlink())
        found: dict = {p.name: bounds.digest(p) for p in files}
        if self.set_aside:  # what the tables hold depends on the decisions too
            found[" set aside"] = {c: [d.reason, d.day] for c, d in self.set_aside.items()}
        return digests.digest_json(found)


@dataclass
class ChamberStatus:
    """One line of the tracking table: did the chamber answer, with what, is it complete."""

    code: str
    name: str
    status: str  # one of the STATUS_* above
    file: str | None = None
    saved: str | None = None  # ISO date of the last save
    empty_sheets: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # of the empty sheets: sent back as is
    reason: str | None = None  # why the response was refused or set aside, in one line
    late: bool = False  # last saved after the deadline
    decided: str | None = None  # ISO date the response was set aside
    sheet: str | None = None  # where a refused response's problem is, when it has a place
    cell: str | None = None

    @property
    def set_aside(self) -> bool:
        return self.status == STATUS_SET_ASIDE

    @property
    def received(self) -> bool:
        """A response came back that answers for this year (complete or not, or refused)."""
        return self.status not in NO_ANSWER


# --------------------------------------------------------------------------- collecting


def deadline(year: int) -> dt.date:
    """The day the survey of exercise `year` must be returned by (the workbook says it)."""
    return dt.date(year + 1, 3, 31)


def is_response_file(path: Path) -> bool:
    """Office lock files (`~$x.xlsx`, `.~lock.x.ods#`) and hidden files are not responses;
    a link is one, to be refused when it leads out of the data folder."""
    return (path.is_file() or path.is_symlink()) and not path.name.startswith(("~$", "."))


def collect(
    folder: Path,
    year: int,
    network: dict[str, str] | None,
    set_aside: dict[str, SetAside] | None = None,
) -> Collection:
    """Read every workbook of `folder`; refuse those of another year or chamber, or twice given.

    `network` maps the year's chamber codes to their names (None when cres could not be read).
    The workbooks of the chambers in `set_aside` are not read: they give no row and no error.
    """
    set_aside = dict(set_aside or {})
    responses: list[Response] = []
    errors: list[str] = []
    refused: dict[str, Refusal] = {}
    aside_files: dict[str, str] = {}
    for path in sorted(p for p in Path(folder).iterdir() if is_response_file(p)):
        book: Workbook | None = None
        try:
            book = read_workbook(path)
            response = identify(book, year)
            if response.code in set_aside:
                aside_files.setdefault(response.code, printable(path.name))
                continue
            read_sheets(response)
            if network is not None and response.code not in network:
                sheet, cell = response.code_at
                raise InputError(
                    path,
                    f"classeur de la chambre {response.code}, absente de la liste des "
                    f"chambres {year} (cres) : un classeur d'une autre chambre ?",
                    sheet=sheet,
                    cell=cell,
                )
        except InputError as exc:
            # a workbook of another year is still this chamber's: refused, not "not received"
            code = _declared_code(book)
            if code in set_aside:
                aside_files.setdefault(code, printable(path.name))
                continue
            errors.append(str(exc))
            refused[printable(path.name)] = Refusal(code, _reason(exc), exc.sheet, exc.cell)
            continue
        responses.append(response)
    by_code: dict[str, list[Response]] = {}
    for response in responses:
        by_code.setdefault(response.code, []).append(response)
    kept = []
    for code, found in sorted(by_code.items()):
        if len(found) == 1:
            kept.append(found[0])
            continue
        name = f" ({network[code]})" if network and code in network else ""
        problem = f"{len(found)} réponses pour la chambre {code}{name} ; n'en garder qu'une"
        errors.append(
            " et ".join(shown_name(r.path) for r in found) + f" : {problem} dans le dossier"
        )
        refused.update({printable(r.path.name): Refusal(code, problem) for r in found})
    return Collection(Path(folder), year, kept, errors, refused, set_aside, aside_files)


def _declared_code(book: Workbook | None) -> str | None:
    """The chamber a refused workbook says it answers for, when its `_enquete` says it."""
    if book is None:
        return None
    grid = next((g for g in book.grids if normalise(g.name) == ENQUETE), None)
    try:
        row = _labelled_rows(book.path, grid).get(CODE_LABEL) if grid else None
        return (_answer_text(book.path, grid, row, 2) or None) if grid and row else None
    except InputError:
        return None


def _reason(exc: InputError) -> str:
    """A refusal in one line, without the file's name (shown beside it)."""
    where = ", ".join(
        part
        for part in (
            f"feuille {exc.sheet}" if exc.sheet else "",
            f"cellule {exc.cell}" if exc.cell else "",
        )
        if part
    )
    return f"{where} : {exc.problem}" if where else exc.problem


def read_response(path: Path, year: int) -> Response:
    return read_sheets(identify(read_workbook(path), year))


def read_sheets(response: Response) -> Response:
    """The answers of every sheet of the questionnaire, by dataset."""
    workbook, path = response.workbook, response.path
    titles = {normalise(g.name): g for g in workbook.grids}
    for sheet in questionnaire.for_year(response.year).sheets:  # the labels of its year
        grid = titles.get(normalise(sheet.title))
        if grid is None:
            names = [g.name for g in workbook.grids if not g.hidden]
            close = _closest(sheet.title, names)
            hint = (
                f" ; « {close} » est-elle « {sheet.title} » ? lui rendre son nom" if close else ""
            )
            raise InputError(
                path,
                f"feuille « {sheet.title} » absente (feuilles : {', '.join(names)}){hint}",
            )
        read = _read_list if sheet.kind == LIST else _read_questions
        records = read(path, grid, sheet)
        sent = response.sent.get(sheet.dataset)
        if (
            sent is not None
            and fingerprint(answered(records)) == sent
            and not _confirmed(grid, response.year)
        ):
            # Last year's answers, neither updated nor confirmed: not this year's data.
            records = []
            response.unchanged.append(sheet.title)
        response.records[sheet.dataset] = records
    return response


# --------------------------------------------------------------------------- sent as is


def answer_text(question: questionnaire.Question, value: Value | None) -> str:
    """A cell's value as the collector reads it (an enumerated label as its code)."""
    return _answer(question, _text(value), "", "").text


def answered(records: list[Record]) -> list[dict[str, str]]:
    """The answers of a sheet's records as texts, empty answers left out."""
    return [{name: a.text for name, a in record.items() if a.text} for record in records]


def fingerprint(rows: list[dict[str, str]]) -> str:
    """A digest of a sheet's answers, whatever the order of its rows."""
    kept = sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows if r)
    return digests.digest_json(kept)[:16]


def confirm_label(year: int) -> str:
    return CONFIRM_LABEL.format(year=year)


def _confirmed(grid: Grid, year: int) -> bool:
    """Whether the sheet's « Informations vérifiées pour <year> » is answered Oui."""
    wanted = normalise(confirm_label(year))
    for (row, column), value in grid.cells.items():
        if column == 1 and isinstance(value, str) and normalise(value).startswith(wanted):
            return fold(_text(grid.value(row, 2))).lower() == "oui"
    return False


def identify(workbook: Workbook, year: int) -> Response:
    """Which chamber and year a workbook answers for, from its `_enquete` sheet."""
    path = workbook.path
    grid = next((g for g in workbook.grids if normalise(g.name) == ENQUETE), None)
    if grid is None:
        raise InputError(
            path,
            f"feuille cachée {ENQUETE} absente : ce n'est pas un questionnaire de l'enquête, "
            "ou la feuille a été supprimée ; repartir du classeur envoyé à la chambre",
        )
    found = _labelled_rows(path, grid)
    values: dict[str, tuple[str, str]] = {}
    for label in (VERSION_LABEL, YEAR_LABEL, CODE_LABEL):
        row = found.get(label)
        value = _answer_text(path, grid, row, 2) if row else ""
        if not value:
            raise InputError(path, f"{label} manquant dans la feuille {ENQUETE}", sheet=ENQUETE)
        values[label] = (value, cell_name(row or 0, 2))
    text, cell = values[YEAR_LABEL]
    if text != str(year):
        raise InputError(
            path,
            f"classeur de l'enquête {text}, pas de {year} : le ranger dans "
            f"{text}/{config.RESPONSES_DIR}/ des données brutes",
            sheet=ENQUETE,
            cell=cell,
        )
    code, code_cell = values[CODE_LABEL]
    sent_row = found.get(FINGERPRINTS_LABEL)
    return Response(
        sent=_fingerprints(grid.value(sent_row, 2) if sent_row else None),
        path=path,
        code=code,
        year=year,
        version=values[VERSION_LABEL][0],
        saved=workbook.saved,
        code_at=(grid.name, code_cell),
        workbook=workbook,
    )


def _fingerprints(value: Value | None) -> dict[str, str]:
    """What the pre-filled sheets were sent with; none known when unreadable (an older
    questionnaire, or the hidden sheet edited): then every sheet counts as answered."""
    try:
        found = json.loads(str(value)) if value else {}
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): str(v) for k, v in found.items()}


# --------------------------------------------------------------------------- sheets


def _closest(wanted: str, names: list[str]) -> str | None:
    """The name most likely meant as `wanted` (case, spaces and accents forgiven)."""
    folded = {fold(normalise(n)): n for n in names}
    match = difflib.get_close_matches(fold(normalise(wanted)), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


def _labelled_rows(path: Path, grid: Grid) -> dict[str, int]:
    """Normalised label in column A -> its row; a label given twice is refused."""
    rows: dict[str, int] = {}
    for (row, column), value in sorted(grid.cells.items()):
        if column != 1 or not isinstance(value, str):
            continue
        label = normalise(value)
        if label in rows:
            raise InputError(
                path,
                f"la question « {value.strip()} » figure deux fois "
                f"(cellules {cell_name(rows[label], 1)} et {cell_name(row, 1)}) : "
                "supprimer l'une des deux lignes",
                sheet=grid.name,
                cell=cell_name(row, 1),
            )
        rows[label] = row
    return rows


def _read_questions(path: Path, grid: Grid, sheet: Sheet) -> list[Record]:
    """One record when anything is answered; none for a sheet left empty."""
    rows = _labelled_rows(path, grid)
    record: Record = {}
    for question in sheet.questions:
        row = rows.get(normalise(question.label))
        if row is None:
            if question.required:
                known = {normalise(q.label) for q in sheet.questions}
                texts = {  # labels in column A that are no question: one was retyped?
                    str(v): r
                    for (r, c), v in grid.cells.items()
                    if c == 1 and isinstance(v, str) and normalise(v) not in known
                }
                close = _closest(question.label, list(texts))
                at = cell_name(texts[close], 1) if close else None
                hint = f" ; est-ce « {close} » ? lui rendre son libellé exact" if close else ""
                raise InputError(
                    path,
                    f"question « {question.label} » introuvable en colonne A "
                    f"(ligne supprimée ou libellé modifié){hint}",
                    sheet=grid.name,
                    cell=at,
                )
            continue
        text = _answer_text(path, grid, row, 2)
        record[question.name] = _answer(question, text, grid.name, cell_name(row, 2))
    return [record] if any(a.text for a in record.values()) else []


def _read_list(path: Path, grid: Grid, sheet: Sheet) -> list[Record]:
    """One record per row under the header, down to the first empty row."""
    if not grid.cells and not grid.unsaved_formulas:
        return []  # a list sheet emptied whole: nothing answered
    header, columns = _header(path, grid, sheet)
    records: list[Record] = []
    row = header + 1
    last = max(grid.last_row, max((r for r, _ in grid.unsaved_formulas), default=0))
    while row <= last:
        texts = {name: _answer_text(path, grid, row, column) for name, column in columns.items()}
        if not any(texts.values()):
            break
        answered = {n: t for n, t in texts.items() if t and n != sheet.printed}
        if answered:  # a pre-printed row with nothing answered is no record
            records.append(
                {
                    name: _answer(
                        sheet.question(name), texts[name], grid.name, cell_name(row, column)
                    )
                    for name, column in columns.items()
                }
            )
        row += 1
    for below in range(row + 1, last + 1):
        for column in columns.values():
            if _answer_text(path, grid, below, column):
                raise InputError(
                    path,
                    f"ligne {below} remplie sous la ligne vide {row} : la liste s'arrête à la "
                    "première ligne vide ; supprimer la ligne vide",
                    sheet=grid.name,
                    cell=cell_name(below, column),
                )
    return records


def _header(path: Path, grid: Grid, sheet: Sheet) -> tuple[int, dict[str, int]]:
    labels = {normalise(q.label): q.name for q in sheet.questions}
    key = normalise(sheet.questions[0].label)
    for row in range(1, HEADER_SEARCH_ROWS + 1):
        cells = {
            column: normalise(value)
            for (r, column), value in grid.cells.items()
            if r == row and isinstance(value, str)
        }
        if key not in cells.values():
            continue
        columns: dict[str, int] = {}
        for column, label in sorted(cells.items()):
            name = labels.get(label)
            if name is None:
                continue  # a column outside the questionnaire: ignored
            if name in columns:
                raise InputError(
                    path,
                    f"colonne « {sheet.question(name).label} » en double dans l'en-tête",
                    sheet=grid.name,
                    cell=cell_name(row, column),
                )
            columns[name] = column
        missing = [q.label for q in sheet.questions if q.required and q.name not in columns]
        if missing:
            raise InputError(
                path,
                "colonne absente de l'en-tête : " + ", ".join(f"« {m} »" for m in missing),
                sheet=grid.name,
                cell=cell_name(row, 1),
            )
        return row, columns
    raise InputError(
        path,
        f"ligne d'en-tête introuvable dans les {HEADER_SEARCH_ROWS} premières lignes "
        f"(elle commence par « {sheet.questions[0].label} »)",
        sheet=grid.name,
    )


def _answer_text(path: Path, grid: Grid, row: int, column: int) -> str:
    if (row, column) in grid.unsaved_formulas:
        raise InputError(
            path,
            f"formule sans valeur enregistrée (« {grid.unsaved_formulas[(row, column)][:40]} ») ; "
            "ouvrir le classeur dans le tableur et l'enregistrer",
            sheet=grid.name,
            cell=cell_name(row, column),
        )
    return _text(grid.value(row, column))


def _text(value: Value | None) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, str):
        return " ".join(value.split())
    return cell_text(value)


def _answer(question: questionnaire.Question, text: str, sheet: str, cell: str) -> Answer:
    """Enumerated answers are read by their French label (`Contrat aidé` -> contrat_aide)."""
    if question.choices and text:
        text = questionnaire.load().code_of(question.choices, text) or text
    return Answer(text, sheet, cell)


# --------------------------------------------------------------------------- tables


def table(collection: Collection, dataset: str) -> Table:
    """A dataset's rows from every response read, with the file and cell of each value."""
    import pandas as pd

    from .readers import typed_frame

    sheet = questionnaire.load().sheet(dataset)
    names = [q.name for q in sheet.questions]
    records, lines, files, cells = [], [], [], []
    for response in sorted(collection.responses, key=lambda r: r.code):
        for record in response.records.get(dataset, []):
            records.append([response.code] + [_at(record, n).text for n in names])
            origin = {n: f"{a.sheet}!{a.cell}" for n, a in record.items() if a.cell}
            origin["code_region"] = "!".join(response.code_at)
            cells.append(json.dumps(origin, ensure_ascii=False, sort_keys=True))
            lines.append(_row_of(record))
            files.append(printable(response.path.name))
    raw = pd.DataFrame(records, columns=["code_region", *names], dtype="str")
    frame = typed_frame(dataset, raw, lines)
    frame[FILE] = pd.Series(files, dtype="str")
    frame[CELLS] = pd.Series(cells, dtype="str")
    return Table(dataset, collection.folder, frame, encoding="")


def _at(record: Record, name: str) -> Answer:
    return record.get(name) or Answer("", "", "")


def _row_of(record: Record) -> int:
    """The sheet row of a list record; for a question sheet, the row of its first answer."""
    rows = [int("".join(c for c in a.cell if c.isdigit())) for a in record.values()]
    return min(rows) if rows else 0


# --------------------------------------------------------------------------- tracking


def tracking(collection: Collection | None, network: dict[str, str]) -> list[ChamberStatus]:
    """Every chamber of the network: response received (complete or not), refused, or missing."""
    by_code = {r.code: r for r in collection.responses} if collection else {}
    refused = {  # chamber code -> its refused file, when the workbook says which chamber
        r.code: (name, r)
        for name, r in (collection.refused if collection else {}).items()
        if r.code
    }
    statuses = []
    decisions = collection.set_aside if collection else {}
    for code, name in sorted(network.items()):
        response = by_code.get(code)
        if code in decisions:
            statuses.append(
                ChamberStatus(
                    code,
                    name,
                    STATUS_SET_ASIDE,
                    file=collection.aside_files.get(code) if collection else None,
                    reason=decisions[code].reason,
                    decided=decisions[code].day,
                )
            )
        elif response is not None:
            statuses.append(
                ChamberStatus(
                    code,
                    name,
                    response.status,
                    file=printable(response.path.name),
                    saved=response.saved.date().isoformat() if response.saved else None,
                    empty_sheets=response.empty_sheets,
                    unchanged=list(response.unchanged),
                    late=bool(response.saved and response.saved.date() > deadline(response.year)),
                )
            )
        elif code in refused:
            file, refusal = refused[code]
            statuses.append(
                ChamberStatus(
                    code,
                    name,
                    STATUS_REFUSED,
                    file=file,
                    reason=refusal.reason,
                    sheet=refusal.sheet,
                    cell=refusal.cell,
                )
            )
        else:
            statuses.append(ChamberStatus(code, name, STATUS_MISSING))
    return statuses

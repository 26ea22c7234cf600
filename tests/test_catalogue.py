"""Broken and hostile inputs: each one accepted and normalised, or refused clearly, nothing lost.

One case per way an analyst's files go wrong (docs/broken-inputs.md lists them). Each case
breaks the tiny valid year of tests/support/data.py, then runs the command line in-process:

- accepted cases: `validate` exits 0 and the typed table reads as the clean file does;
- refused cases: `run` exits 1 against a year already published and processed, names the
  file, the line and the column in French, and leaves the published reports (but the
  quality page) and the processed tables byte-identical.

In every case the raw files are unchanged and no traceback is shown. Two subprocess tests
check the same end to end, outside pytest.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl import Workbook
from support import hostile
from support.checked import REUSED, checked_years, processed, unread, validate, verdict
from support.data import (
    MINI,
    MINI_COUNCIL,
    YEAR,
    response_book,
    save_response,
    write_council,
    write_mini,
    write_mini_survey,
)
from support.pipeline import pipeline, tree, with_jobs

from cres_reports.cli import main
from cres_reports.ingest import readers as reading
from cres_reports.ingest.table import ORIGIN_COLUMNS
from cres_reports.ingest.year import read_year
from cres_reports.present.quality import QualityPage
from cres_reports.run import check

Breaker = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    name: str
    dataset: str  # cres, finances, rh, gouvernance, or "fichier" for the year folder
    what: str
    breaks: Breaker
    says: tuple[str, ...]  # fragments of the output, in the analyst's words
    accepted: bool = False
    same_table: bool = True  # accepted: the typed table equals the clean file's
    survey: bool = False  # the tiny year given as returned workbooks (reponses/)


# --------------------------------------------------------------------------- helpers


def _lines(dataset: str) -> list[str]:
    return list(MINI[dataset])


def _write(year_dir: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> None:
    if isinstance(data, str):
        data = data.encode(encoding)
    (year_dir / name).write_bytes(data)


def _text(lines: list[str], end: str = "\n") -> str:
    return end.join(lines) + end


def _edit(dataset: str, line: int, old: str, new: str) -> Breaker:
    """Replace `old` by `new` in one line (1 = header) of the clean file."""

    def breaks(year_dir: Path) -> None:
        lines = _lines(dataset)
        assert old in lines[line - 1], (old, lines[line - 1])
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        _write(year_dir, f"{dataset}.csv", _text(lines))

    return breaks


def _edits(*breakers: Breaker) -> Breaker:
    """Several edits of the same file, applied one after the other on the written file."""

    def breaks(year_dir: Path) -> None:
        for breaker in breakers:
            breaker(year_dir)

    return breaks


def _edit_written(dataset: str, line: int, old: str, new: str) -> Breaker:
    def breaks(year_dir: Path) -> None:
        path = year_dir / f"{dataset}.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        assert old in lines[line - 1], (old, lines[line - 1])
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        path.write_text(_text(lines), encoding="utf-8")

    return breaks


def _rewrite(dataset: str, change: Callable[[list[str]], list[str]], **kw) -> Breaker:
    def breaks(year_dir: Path) -> None:
        _write(year_dir, f"{dataset}.csv", _text(change(_lines(dataset)), kw.get("end", "\n")))

    return breaks


def _cell(text: str):
    """A cell as a spreadsheet stores it: numbers as numbers, codes and words as text."""
    if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text) and not re.fullmatch(r"0[0-9]", text):
        return float(text)
    return text or None


def _workbook(dataset: str, titles: int = 0) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Feuil1"
    for _ in range(titles):
        sheet.append([f"État des lieux {YEAR} — {dataset}"])
    if titles:
        sheet.merge_cells(start_row=1, start_column=1, end_row=titles, end_column=4)
        sheet.append([])
    for number, line in enumerate(_lines(dataset)):
        sheet.append([_cell(c) if number else c for c in line.split(",")])
    return workbook


def _xlsx(dataset: str, **kw) -> Breaker:
    def breaks(year_dir: Path) -> None:
        (year_dir / f"{dataset}.csv").unlink()
        _workbook(dataset, **kw).save(year_dir / f"{dataset}.xlsx")

    return breaks


def _xlsx_on_second_sheet(year_dir: Path) -> None:
    (year_dir / "rh.csv").unlink()
    workbook = _workbook("rh")
    workbook.active.title = "Données"
    notes = workbook.create_sheet("Notes", 0)
    notes.append(["Saisie du 15 janvier"])
    workbook.save(year_dir / "rh.xlsx")


def _xlsx_with_formulas(cached: bool) -> Breaker:
    """total_produits as `=SUM(B:J)`; with its result saved (a spreadsheet) or not (a script)."""

    def breaks(year_dir: Path) -> None:
        (year_dir / "finances.csv").unlink()
        workbook = _workbook("finances")
        for row in (2, 3):
            workbook.active[f"K{row}"] = f"=SUM(B{row}:J{row})"
        buffer = io.BytesIO()
        workbook.save(buffer)
        totals = [line.split(",")[10] for line in _lines("finances")[1:]]
        with (
            zipfile.ZipFile(buffer) as source,
            zipfile.ZipFile(year_dir / "finances.xlsx", "w") as target,
        ):
            for item in source.infolist():
                data = source.read(item)
                if cached and item.filename == "xl/worksheets/sheet1.xml":
                    for row, total in zip((2, 3), totals, strict=True):
                        data = data.replace(
                            f"<f>SUM(B{row}:J{row})</f><v />".encode(),
                            f"<f>SUM(B{row}:J{row})</f><v>{total}</v>".encode(),
                        )
                target.writestr(item, data)

    return breaks


def _truncated_xlsx(year_dir: Path) -> None:
    (year_dir / "finances.csv").unlink()
    buffer = io.BytesIO()
    _workbook("finances").save(buffer)
    _write(year_dir, "finances.xlsx", buffer.getvalue()[:1500])


def _also_xlsx(year_dir: Path) -> None:
    _workbook("rh").save(year_dir / "rh.xlsx")


def _set_title(old: str, new: str) -> Callable[[openpyxl.Workbook], None]:
    def change(book: openpyxl.Workbook) -> None:
        book[old].title = new

    return change


def _rename(old: str, new: str) -> Breaker:
    return lambda year_dir: (year_dir / old).rename(year_dir / new)


def _remove(name: str) -> Breaker:
    return lambda year_dir: (year_dir / name).unlink()


def _encoded(dataset: str, encoding: str, change=lambda lines: lines) -> Breaker:
    def breaks(year_dir: Path) -> None:
        _write(year_dir, f"{dataset}.csv", _text(change(_lines(dataset))), encoding)

    return breaks


def _mixed_encodings(year_dir: Path) -> None:
    lines = [line.encode("utf-8") for line in _lines("rh")]
    lines[3] = _lines("rh")[3].encode("cp1252")  # line 4 pasted from a Windows-1252 file
    _write(year_dir, "rh.csv", b"\n".join(lines) + b"\n")


def _utf16_tabs(year_dir: Path) -> None:
    """What a spreadsheet's « Texte Unicode » export gives: UTF-16 with tabs."""
    text = _text([line.replace(",", "\t") for line in _lines("cres")], "\r\n")
    _write(year_dir, "cres.csv", text, "utf-16")


def _semicolons(lines: list[str]) -> list[str]:
    return [line.replace(",", ";") for line in lines]


def _quote_numbers(lines: list[str]) -> list[str]:
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        cells = [f'"{c}"' if c.lstrip("-").isdigit() and i else c for i, c in enumerate(cells)]
        out.append(",".join(cells))
    out[1] = out[1].replace('"200000"', '"200 000,00"').replace('"50000"', '"50\u00a0000 €"')
    return out


def _without_chamber_52(lines: list[str]) -> list[str]:
    return [line for line in lines if not line.startswith("52,")]


# --------------------------------------------------------------------------- the catalogue

FILE = "fichier"

CASES = [
    # ---- the year folder and the files
    Case(
        "missing_file",
        FILE,
        "a year folder holding only three of the four datasets",
        _remove("gouvernance.csv"),
        ("2008/gouvernance.csv : fichier absent", "gouvernance.csv ou gouvernance.xlsx"),
    ),
    Case(
        "two_files_for_one_dataset",
        FILE,
        "`rh.csv` and `rh.xlsx` side by side",
        _also_xlsx,
        ("2008/rh.csv : deux fichiers pour le même jeu de données : rh.csv, rh.xlsx",),
    ),
    Case(
        "old_excel_format",
        FILE,
        "`rh.xls` (Excel 97) instead of `.csv`/`.xlsx`",
        _rename("rh.csv", "rh.xls"),
        ("2008/rh.csv : fichier absent", "trouvé : rh.xls", "l'enregistrer en .csv ou .xlsx"),
    ),
    Case(
        "upper_case_file_name",
        FILE,
        "`CRES.CSV` in upper case, as Windows may save it",
        _rename("cres.csv", "CRES.CSV"),
        ("2008 : données valides",),
        accepted=True,
    ),
    Case(
        "empty_file",
        "finances",
        "a file of 0 bytes",
        lambda d: _write(d, "finances.csv", b""),
        ("2008/finances.csv : le fichier est vide",),
    ),
    Case(
        "file_too_large",
        "finances",
        "a 25 MB `finances.csv` (an export of something else), over the 20 MB limit",
        lambda d: hostile.sparse_file(d / "finances.csv", 25 * 2**20),
        (
            "2008/finances.csv : fichier de 25 Mo, au-delà de la limite de 20 Mo "
            "(CRES_MAX_FILE_MB) : vérifier que c'est le bon fichier, ou relever la limite",
        ),
    ),
    Case(
        "header_only_cres",
        "cres",
        "cres.csv with its header and no row",
        _rewrite("cres", lambda lines: lines[:1]),
        (
            "2008/cres.csv, fichier : le fichier doit compter au moins une chambre",
            "2008/finances.csv, colonne code_region : la région doit figurer dans cres.csv",
        ),
    ),
    Case(
        "header_only_rh",
        "rh",
        "rh.csv with its header and no row (no staff reported)",
        _rewrite("rh", lambda lines: lines[:1]),
        ("2008 : données valides",),
        accepted=True,
        same_table=False,
    ),
    # ---- encodings and line endings
    Case(
        "utf16",
        "cres",
        "UTF-16 with tabs (« Texte Unicode » export)",
        _utf16_tabs,
        ("2008/cres.csv : ce n'est pas un fichier texte CSV", "UTF-16"),
    ),
    Case(
        "mac_roman",
        "rh",
        "Mac Roman bytes (`Chargé` → `ChargŽ` when read as Windows-1252)",
        _encoded("rh", "mac_roman"),
        ("2008/rh.csv, ligne 3 : caractère « Ž » inattendu", "Mac Roman", "UTF-8"),
    ),
    Case(
        "latin9_euro",
        "finances",
        "ISO-8859-15 (Latin-9) with `€` amounts (byte 0xA4, `¤` in Windows-1252)",
        _encoded(
            "finances",
            "iso8859_15",
            lambda lines: [lines[0], lines[1].replace(",200000,", ",200 000 €,"), lines[2]],
        ),
        ("2008/finances.csv, ligne 2 : caractère « ¤ » inattendu", "ISO-8859-15"),
    ),
    Case(
        "mixed_utf8_and_cp1252",
        "rh",
        "one line in Windows-1252 pasted into a UTF-8 file",
        _mixed_encodings,
        (
            "2008/rh.csv, ligne 4 : encodages mélangés : la ligne 3 est en UTF-8, "
            "la ligne 4 en Windows-1252",
        ),
    ),
    Case(
        "bom_semicolon_crlf",
        "cres",
        "UTF-8 with BOM, `;` and CRLF (French Excel « CSV UTF-8 »)",
        lambda d: _write(d, "cres.csv", "\ufeff" + _text(_semicolons(_lines("cres")), "\r\n")),
        ("2008 : données valides",),
        accepted=True,
    ),
    Case(
        "old_mac_line_endings",
        "gouvernance",
        "lines ended by CR alone (old Mac)",
        _rewrite("gouvernance", lambda lines: lines, end="\r"),
        ("2008 : données valides",),
        accepted=True,
    ),
    # ---- header and layout
    Case(
        "header_missing",
        "rh",
        "data rows without the header row",
        _rewrite("rh", lambda lines: lines[1:]),
        ("2008/rh.csv : aucune ligne d'en-tête trouvée (la colonne code_region manque)",),
    ),
    Case(
        "header_repeated",
        "gouvernance",
        "the header row repeated in the middle (files pasted together)",
        _rewrite("gouvernance", lambda lines: lines[:3] + lines[:1] + lines[3:]),
        ("2008 : données valides",),
        accepted=True,
    ),
    Case(
        "xlsx_merged_title_rows",
        "cres",
        "xlsx with two merged title rows and a blank row above the header",
        _xlsx("cres", titles=2),
        ("2008 : données valides",),
        accepted=True,
    ),
    Case(
        "extra_columns",
        "finances",
        "a column outside the contract (`commentaire`)",
        _rewrite(
            "finances",
            lambda lines: [lines[0] + ",commentaire"] + [x + ",à revoir" for x in lines[1:]],
        ),
        (
            "2008 : données valides",
            "2008/finances.csv : colonne(s) hors contrat ignorée(s) : commentaire",
        ),
        accepted=True,
    ),
    Case(
        "columns_in_another_order",
        "cres",
        "the columns in reverse order",
        _rewrite("cres", lambda lines: [",".join(x.split(",")[::-1]) for x in lines]),
        ("2008 : données valides",),
        accepted=True,
    ),
    Case(
        "header_case_and_spaces",
        "rh",
        "header names in upper case, padded, with spaces for underscores",
        _edit(
            "rh",
            1,
            "code_region,poste,fonction,contrat,etp,mis_a_disposition_par",
            "CODE_REGION, Poste ,Fonction,CONTRAT,ETP,Mis a disposition par",
        ),
        ("2008 : données valides",),
        accepted=True,
    ),
    Case(
        "renamed_code_region",
        "cres",
        "`code_region` written `Code région`",
        _edit("cres", 1, "code_region", "Code région"),
        (
            "2008/cres.csv : aucune ligne d'en-tête trouvée (la colonne code_region manque)",
            "« code_région » est-elle la colonne code_region ? la renommer",
        ),
    ),
    Case(
        "renamed_amount_column",
        "finances",
        "`subv_conseil_regional` written `subv_region`",
        _edit("finances", 1, "subv_conseil_regional", "subv_region"),
        (
            "2008/finances.csv, ligne 1 : colonne obligatoire absente de l'en-tête : "
            "subv_conseil_regional",
            "« subv_region » est-elle subv_conseil_regional ? la renommer",
        ),
    ),
    Case(
        "unnamed_column",
        "gouvernance",
        "a header cell left empty in the middle",
        _edit("gouvernance", 1, ",groupement,", ",,"),
        ("2008/gouvernance.csv, ligne 1 : une colonne de l'en-tête n'a pas de nom",),
    ),
    Case(
        "empty_lines",
        "finances",
        "blank lines and lines of bare separators between and after the rows",
        _rewrite("finances", lambda x: ["", x[0], "", x[1], ",,,,", x[2], "", "   "]),
        ("2008 : données valides",),
        accepted=True,
    ),
    Case(
        "trailing_empty_columns",
        "rh",
        "empty columns after the last one (spreadsheet selection too wide)",
        _rewrite("rh", lambda lines: [x + ",,," for x in lines]),
        ("2008 : données valides",),
        accepted=True,
    ),
    Case(
        "separator_mixed",
        "gouvernance",
        "one line separated by `;` in a `,` file",
        _edit(
            "gouvernance",
            3,
            "53,ca,USGERES,syndicat_employeur,,membre,",
            "53;ca;USGERES;syndicat_employeur;;membre;",
        ),
        ("2008/gouvernance.csv, ligne 3 : cette ligne est séparée par « ; »", "« , »"),
    ),
    # ---- xlsx
    Case(
        "xlsx_broken",
        "finances",
        "an xlsx cut short (interrupted copy)",
        _truncated_xlsx,
        ("2008/finances.xlsx : classeur Excel illisible",),
    ),
    Case(
        "xlsx_data_on_second_sheet",
        "rh",
        "xlsx whose first sheet holds notes, the table being on the second",
        _xlsx_on_second_sheet,
        (
            "2008/rh.xlsx : la première feuille « Notes » n'a pas d'en-tête",
            "feuille « Données »",
        ),
    ),
    Case(
        "xlsx_formulas_with_values",
        "finances",
        "xlsx with `=SUM()` totals whose results were saved (a spreadsheet)",
        _xlsx_with_formulas(cached=True),
        ("2008 : données valides",),
        accepted=True,
    ),
    Case(
        "xlsx_formulas_without_values",
        "finances",
        "xlsx with `=SUM()` totals never computed (written by a script)",
        _xlsx_with_formulas(cached=False),
        (
            "2008/finances.xlsx, ligne 2 : colonne total_produits, cellule K2 : "
            "formule sans valeur enregistrée (« =SUM(B2:J2) »)",
        ),
    ),
    # ---- values
    Case(
        "numbers_as_quoted_text",
        "finances",
        'numbers quoted as text (`"200000"`, `"200 000,00"`, `"50 000 €"`)',
        _rewrite("finances", _quote_numbers),
        ("2008 : données valides",),
        accepted=True,
    ),
    Case(
        "thousands_dot_and_comma",
        "finances",
        "`100.000,00` and `60,000.00` in one file (ambiguous)",
        _edits(
            _edit("finances", 2, ",100000,", ',"100.000,00",'),
            _edit_written("finances", 3, ",60000,", ',"60,000.00",'),
        ),
        (
            "2008/finances.csv, colonne subv_etat : doit être un nombre",
            "ligne 2 (code_region 53) : « 100.000,00 » — le point ne sépare pas les milliers",
            "ligne 3 (code_region 52) : « 60,000.00 » — la virgule ne sépare pas les milliers",
        ),
    ),
    Case(
        "negative_amount",
        "finances",
        "a negative grant where amounts must be ≥ 0",
        _edit("finances", 3, "52,100000,0,60000,", "52,100000,-50,60000,"),
        (
            "2008/finances.csv, colonne subv_cdc : le montant doit être positif ou nul",
            "ligne 3 (code_region 52) : « -50 »",
        ),
    ),
    Case(
        "foreign_currency",
        "finances",
        "an amount in dollars (`10 000 $`)",
        _edit("finances", 2, ",10000,5000,", ",10 000 $,5000,"),
        (
            "2008/finances.csv, colonne autres_collectivites : doit être un nombre",
            "ligne 2 (code_region 53) : « 10 000 $ » — montant en euros attendu",
        ),
    ),
    Case(
        "percentage",
        "rh",
        "an etp written as a percentage (`80 %`)",
        _edit("rh", 4, ",cdd,0.8,", ",cdd,80 %,"),
        (
            "2008/rh.csv, colonne etp : doit être un nombre",
            "ligne 4 (code_region 52) : « 80 % » — pas de pourcentage",
        ),
    ),
    Case(
        "date_in_number",
        "finances",
        "a date in an amount column (shifted cells)",
        _edit("finances", 2, ",60000,oui,", ",31/12/2008,oui,"),
        (
            "2008/finances.csv, colonne tresorerie : doit être un nombre",
            "ligne 2 (code_region 53) : « 31/12/2008 » — une date, pas un nombre",
        ),
    ),
    Case(
        "booleans_not_oui_non",
        "cres",
        "`adherent` as `1` and `yes`",
        _edits(
            _edit("cres", 2, ",oui,", ",1,"),
            _edit_written("cres", 3, ",non,", ",yes,"),
        ),
        (
            "2008/cres.csv, colonne adherent : doit valoir oui ou non",
            "ligne 2 (code_region 53) : « 1 »",
            "ligne 3 (code_region 52) : « yes »",
        ),
    ),
    Case(
        "code_one_character",
        "cres",
        "Guadeloupe written `1` instead of `01`",
        _rewrite("cres", lambda x: [*x, "1,Guadeloupe,CRESS Guadeloupe,non,en_structuration,"]),
        (
            "2008/cres.csv, colonne code_region : le code région s'écrit avec deux caractères",
            "ligne 4 (code_region 1) : « 1 »",
        ),
    ),
    Case(
        "code_not_valid_for_the_year",
        "cres",
        "a post-2016 code (`84`) in 2008",
        _rewrite("cres", lambda x: [*x, "84,Auvergne-Rhône-Alpes,CRESS AURA,oui,structuree,"]),
        (
            "2008/cres.csv, colonne code_region : le code région doit être un code INSEE "
            "en vigueur cette année-là",
            "ligne 4 (code_region 84) : « 84 »",
        ),
    ),
    Case(
        "chamber_absent_from_cres",
        "cres",
        "chamber 52 in finances, rh and gouvernance but not in cres.csv",
        _rewrite("cres", _without_chamber_52),
        (
            "2008/finances.csv, colonne code_region : la région doit figurer dans cres.csv",
            "2008/rh.csv, colonne code_region",
            "2008/gouvernance.csv, colonne code_region",
            "ligne 5 (code_region 52) : « 52 »",
        ),
    ),
    Case(
        "duplicated_chamber_in_finances",
        "finances",
        "the accounts of chamber 53 twice",
        _rewrite("finances", lambda x: [*x, x[1]]),
        (
            "2008/finances.csv, colonne code_region : une seule ligne de comptes par région",
            "ligne 2 (code_region 53)",
            "ligne 4 (code_region 53)",
        ),
    ),
    Case(
        "total_not_adding_up",
        "finances",
        "total_produits 5 € above the sum of the nine lines",
        _edits(
            _edit("finances", 3, ",175000,180000,-5000,", ",175005,180000,-4995,"),
        ),
        (
            "2008/finances.csv, colonne total_produits : total_produits doit être égal à la "
            "somme des neuf lignes",
            "ligne 3 (code_region 52) : « écart de 5 € »",
        ),
    ),
    Case(
        "result_not_income_minus_expenses",
        "finances",
        "resultat with the wrong sign",
        _edit("finances", 3, ",-5000,", ",5000,"),
        (
            "2008/finances.csv, colonne resultat : resultat doit être égal à total_produits "
            "− total_charges",
            "ligne 3 (code_region 52) : « écart de 10\u202f000 € »",  # Babel: a narrow space
        ),
    ),
    Case(
        "two_presidents",
        "gouvernance",
        "a second president in chamber 53's bureau",
        _rewrite("gouvernance", lambda x: [*x, "53,bureau,Chorum,mutuelle_sante,,president,"]),
        (
            "2008/gouvernance.csv, colonne fonction : chaque chambre doit avoir exactement "
            "un président",
            "ligne 11 (code_region 53) : « 2 président(s) dans la chambre »",
        ),
    ),
    Case(
        "no_president",
        "gouvernance",
        "chamber 52's president recorded as vice-president",
        _edit("gouvernance", 5, ",president,", ",vice_president,"),
        (
            "2008/gouvernance.csv, colonne fonction : chaque chambre doit avoir exactement "
            "un président",
            "ligne 5 (code_region 52) : « 0 président(s) dans la chambre »",
        ),
    ),
    Case(
        "president_not_in_bureau",
        "gouvernance",
        "chamber 52's president seated in the general assembly",
        _edit("gouvernance", 5, "52,bureau,", "52,ag,"),
        (
            "2008/gouvernance.csv, colonne instance : le président siège au bureau",
            "ligne 5 (code_region 52) : « ag »",
        ),
    ),
    Case(
        "board_without_assembly",
        "gouvernance",
        "chamber 52's board and bureau without any seat in its general assembly",
        _rewrite("gouvernance", lambda x: [line for line in x if not line.startswith("52,ag,")]),
        (
            "2008/gouvernance.csv, colonne instance : une chambre qui a des sièges au conseil "
            "d'administration ou au bureau a aussi des sièges à l'assemblée générale",
            "ligne 5 (code_region 52) : « 0 siège à l'assemblée générale de la chambre »",
        ),
    ),
    Case(
        "bureau_without_board",
        "gouvernance",
        "chamber 52's bureau declared, the rest of its board not",
        _rewrite("gouvernance", lambda x: [line for line in x if not line.startswith("52,ca,")]),
        (
            "2008/gouvernance.csv, colonne instance : le bureau fait partie du conseil "
            "d'administration",
            "ligne 5 (code_region 52) : « 0 siège au conseil d'administration hors bureau »",
        ),
    ),
    Case(
        "more_board_than_assembly_seats",
        "gouvernance",
        "chamber 53's cooperatives with two board seats and one assembly seat",
        _rewrite(
            "gouvernance",
            lambda x: [
                *x,
                "53,ca,URSCOP,cooperative,,membre,",
                "53,ca,Scop Ti,cooperative,,membre,",
            ],
        ),
        (
            "2008/gouvernance.csv, colonne famille : pour chaque famille, une chambre n'a pas "
            "plus de sièges au conseil d'administration (bureau compris) qu'à l'assemblée générale",
            "ligne 11 (code_region 53) : « 1 siège(s) de plus au conseil d'administration qu'à "
            "l'assemblée générale pour cette famille »",
        ),
    ),
    Case(
        "lent_staff_and_lender_mismatch",
        "rh",
        "a lent post without its lender, and a lender on a fixed-term post",
        _edits(
            _edit("rh", 3, ",Macif", ","),
            _edit_written("rh", 4, ",cdd,0.8,", ",cdd,0.8,Chorum"),
        ),
        (
            "2008/rh.csv, colonne mis_a_disposition_par : l'organisme qui met la personne à "
            "disposition est obligatoire",
            "ligne 3 (code_region 53)",
            "2008/rh.csv, colonne mis_a_disposition_par : mis_a_disposition_par doit rester vide",
            "ligne 4 (code_region 52) : « Chorum »",
        ),
    ),
    Case(
        "etp_zero_and_above_one",
        "rh",
        "etp `0` and `1,2`",
        _edits(
            _edit("rh", 2, ",cdi,1,", ",cdi,0,"),
            _edit_written("rh", 4, ",cdd,0.8,", ',cdd,"1,2",'),
        ),
        (
            "2008/rh.csv, colonne etp : l'ETP doit être supérieur à 0 et au plus égal à 1",
            "ligne 2 (code_region 53) : « 0 »",
            "ligne 4 (code_region 52) : « 1.2 »",
        ),
    ),
]

# --------------------------------------------------------------------------- survey responses
# Cells of the tiny year's workbooks (survey/workbook.py): Comptes answers in B3..B18
# (B5 subv_etat, B12 total_produits, B13 total_charges); Équipe and Gouvernance headers
# on row 3, chamber 53's rows from row 4.


def _response(code: str = "53") -> str:
    return f"reponses/enquete-{code}.xlsx"


def _book(change: Callable[[openpyxl.Workbook], None], code: str = "53") -> Breaker:
    """Open a returned workbook, change it as a person would, save it again."""

    def breaks(year_dir: Path) -> None:
        path = year_dir / _response(code)
        book = openpyxl.load_workbook(path)
        change(book)
        book.save(path)

    return breaks


def _set(sheet: str, cell: str, value) -> Callable[[openpyxl.Workbook], None]:
    def change(book: openpyxl.Workbook) -> None:
        book[sheet][cell] = value

    return change


def _changes(*changes: Callable[[openpyxl.Workbook], None]) -> Callable[[openpyxl.Workbook], None]:
    def change(book: openpyxl.Workbook) -> None:
        for each in changes:
            each(book)

    return change


def _move_row(sheet: str, source: int, target: int, width: int):
    def change(book: openpyxl.Workbook) -> None:
        ws = book[sheet]
        for column in range(1, width + 1):
            ws.cell(target, column).value = ws.cell(source, column).value
            ws.cell(source, column).value = None

    return change


def _comptes_shuffled(book: openpyxl.Workbook) -> None:
    """Rows moved, two blank rows, labels padded and in capitals, an amount as French text."""
    ws = book["Comptes"]
    rows = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(3, 19)]
    for r in range(3, 25):
        ws.cell(r, 1).value = ws.cell(r, 2).value = None
    rows.reverse()
    for offset, (label, value) in enumerate(rows):
        row = 3 + offset + (2 if offset > 5 else 0)
        if offset % 3 == 0:
            label = f"{label.upper()}   "
        ws.cell(row, 1).value = label
        ws.cell(row, 2).value = value
    labels = {ws.cell(r, 1).value: r for r in range(3, 25)}
    ws.cell(labels["SUBVENTION DU CONSEIL RÉGIONAL (€)   "], 2).value = "200 000,00 €"


def _choices_typed(book: openpyxl.Workbook) -> None:
    """Picked labels typed instead: another case, trailing spaces."""
    ws = book["Équipe"]
    ws["B4"] = "DIRECTION "
    ws["C4"] = "cdi"
    ws["C5"] = "  mise à disposition"


def _header_lower(book: openpyxl.Workbook) -> None:
    book["Gouvernance"].insert_rows(2, 5)  # the header on row 8, notes above it
    book["Gouvernance"]["A2"] = "Liste arrêtée au conseil du 3 mars"


def _empty_activities(book: openpyxl.Workbook) -> None:
    ws = book["Activités"]
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.value = None


def _as_ods(year_dir: Path) -> None:
    (year_dir / _response("52")).unlink()
    save_response(response_book("52"), year_dir / "reponses" / "Réponse CRES PdL.ods")


def _lock_file(year_dir: Path) -> None:
    _write(year_dir, "reponses/~$enquete-53.xlsx", b"owner file of an open workbook")


def _second_copy(year_dir: Path) -> None:
    data = (year_dir / _response("53")).read_bytes()
    _write(year_dir, "reponses/CRES Bretagne.xlsx", data)


def _without_enquete(book: openpyxl.Workbook) -> None:
    del book["_enquete"]


def _formula(book: openpyxl.Workbook) -> None:
    book["Comptes"]["B12"] = "=SUM(B3:B11)"  # openpyxl saves no value: a script's workbook


def _truncated_response(year_dir: Path) -> None:
    path = year_dir / _response("52")
    path.write_bytes(path.read_bytes()[:1500])


def _repeated_ods(year_dir: Path) -> None:
    (year_dir / _response("53")).unlink()
    hostile.repeated_ods(year_dir / "reponses" / "enquete-53.ods")


def _link_out(year_dir: Path) -> None:
    (year_dir / _response("52")).unlink()
    (year_dir / _response("52")).symlink_to("/etc/passwd")


def _new_flat_files(year_dir: Path) -> None:
    _write(
        year_dir,
        "vie_statutaire.csv",
        "code_region,nombre_ag,nombre_ca,nombre_bureau,participants_ag,adherents\n"
        "53,1,5,8,40,60\n52,1,3,4,,25\n",
    )
    _write(
        year_dir,
        "missions.csv",
        "code_region,mission,exercee,financeurs,etp\n53,representation,oui,Conseil régional,0.5\n",
    )


SURVEY_CASES = [
    Case(
        "survey_moved_rows_blank_rows_spaces_case",
        "finances",
        "Comptes: rows in reverse order, two blank rows, labels padded and in capitals, "
        "`200 000,00 €` typed as text",
        _book(_comptes_shuffled),
        ("2008 : données valides",),
        accepted=True,
        survey=True,
    ),
    Case(
        "survey_choices_typed",
        "rh",
        "Équipe: `DIRECTION `, `cdi`, `  mise à disposition` typed instead of picked",
        _book(_choices_typed),
        ("2008 : données valides",),
        accepted=True,
        survey=True,
    ),
    Case(
        "survey_header_lower",
        "gouvernance",
        "Gouvernance: five rows inserted above the header, a note in one of them",
        _book(_header_lower),
        ("2008 : données valides",),
        accepted=True,
        survey=True,
    ),
    Case(
        "survey_empty_list_sheet",
        "activites",
        "Activités: every row deleted (nothing to report)",
        _book(_empty_activities),
        ("2008 : données valides",),
        accepted=True,
        same_table=False,
        survey=True,
    ),
    Case(
        "survey_saved_as_ods",
        "missions",
        "chamber 52's response saved by LibreOffice as `.ods`, under another name",
        _as_ods,
        ("2008 : données valides",),
        accepted=True,
        survey=True,
    ),
    Case(
        "survey_lock_file",
        "finances",
        "an office lock file (`~$enquete-53.xlsx`) beside the responses",
        _lock_file,
        ("2008 : données valides",),
        accepted=True,
        survey=True,
    ),
    Case(
        "flat_files_for_new_datasets",
        "vie_statutaire",
        "a flat-file year (version 1) with `vie_statutaire.csv` and `missions.csv` (version 2)",
        _new_flat_files,
        ("2008 : données valides",),
        accepted=True,
        same_table=False,
    ),
    Case(
        "survey_not_a_number",
        "finances",
        "Comptes: `environ 12 000` as the State grant",
        _book(_set("Comptes", "B5", "environ 12 000")),
        (
            "2008/reponses/enquete-53.xlsx, feuille Comptes, cellule B5 : "
            "doit être un nombre (ex. 1234,50 ou 1 234,50 €), lu « environ 12 000 »",
        ),
        survey=True,
    ),
    Case(
        "survey_answer_not_in_list",
        "rh",
        "Équipe: `Intérim`, a contract outside the drop-down list",
        _book(_set("Équipe", "C4", "Intérim")),
        ("2008/reponses/enquete-53.xlsx, feuille Équipe, cellule C4", "lu « Intérim »"),
        survey=True,
    ),
    Case(
        "survey_required_answer_empty",
        "finances",
        "Comptes: total_charges left empty",
        _book(_set("Comptes", "B13", None)),
        (
            "2008/reponses/enquete-53.xlsx, feuille Comptes, cellule B13 : "
            "le montant est obligatoire, cellule vide",
        ),
        survey=True,
    ),
    Case(
        "survey_total_not_adding_up",
        "finances",
        "Comptes: total_produits 5 € above the sum of the nine lines",
        _book(_changes(_set("Comptes", "B12", 400005), _set("Comptes", "B14", 10005))),
        (
            "2008/reponses/enquete-53.xlsx, feuille Comptes, cellule B12 : "
            "« Total des produits (€) » doit être égal à la somme des neuf lignes",
            "lu « écart de 5 € »",
        ),
        survey=True,
    ),
    Case(
        "survey_two_presidents",
        "gouvernance",
        "Gouvernance: a second president in chamber 53's bureau",
        _book(
            _changes(
                _set("Gouvernance", "A7", "Bureau"),
                _set("Gouvernance", "B7", "Chorum"),
                _set("Gouvernance", "C7", "Mutuelle de santé"),
                _set("Gouvernance", "E7", "Président·e"),
            )
        ),
        (
            "2008/reponses/enquete-53.xlsx, feuille Gouvernance, cellule E7 : "
            "chaque chambre doit avoir exactement un président",
            "lu « 2 président(s) dans la chambre »",
        ),
        survey=True,
    ),
    Case(
        "survey_formula_without_value",
        "finances",
        "Comptes: `=SUM(B3:B11)` never computed (written by a script)",
        _book(_formula),
        (
            "2008/reponses/enquete-53.xlsx, feuille Comptes, cellule B12 : formule sans "
            "valeur enregistrée (« =SUM(B3:B11) »)",
        ),
        survey=True,
    ),
    Case(
        "survey_other_year",
        "finances",
        "a workbook of the 2007 survey in the 2008 folder",
        _book(_set("_enquete", "B2", 2007)),
        (
            "2008/reponses/enquete-53.xlsx, feuille _enquete, cellule B2 : classeur de "
            "l'enquête 2007, pas de 2008 : le ranger dans 2007/reponses/ des données brutes",
        ),
        survey=True,
    ),
    Case(
        "survey_other_chamber",
        "finances",
        "a workbook of chamber 84, absent from the year's network",
        _book(_set("_enquete", "B3", "84")),
        (
            "2008/reponses/enquete-53.xlsx, feuille _enquete, cellule B3 : classeur de la "
            "chambre 84, absente de la liste des chambres 2008",
        ),
        survey=True,
    ),
    Case(
        "survey_two_responses_for_one_chamber",
        "finances",
        "the same chamber's workbook twice, under two names",
        _second_copy,
        (
            "2008/reponses/CRES Bretagne.xlsx et reponses/enquete-53.xlsx : 2 réponses pour "
            "la chambre 53 (CRES Bretagne) ; n'en garder qu'une",
        ),
        survey=True,
    ),
    Case(
        "survey_enquete_sheet_deleted",
        "finances",
        "the hidden `_enquete` sheet deleted",
        _book(_without_enquete),
        ("2008/reponses/enquete-53.xlsx : feuille cachée _enquete absente",),
        survey=True,
    ),
    Case(
        "survey_renamed_sheet",
        "finances",
        "the sheet `Comptes` renamed `Comptes 2008`",
        _book(_set_title("Comptes", "Comptes 2008")),
        (
            "2008/reponses/enquete-53.xlsx : feuille « Comptes » absente",
            "« Comptes 2008 » est-elle « Comptes » ? lui rendre son nom",
        ),
        survey=True,
    ),
    Case(
        "survey_question_label_changed",
        "finances",
        "Comptes: the label of total_produits retyped `Total produits`",
        _book(_set("Comptes", "A12", "Total produits")),
        (
            "2008/reponses/enquete-53.xlsx, feuille Comptes, cellule A12 : question « Total "
            "des produits (€) » introuvable en colonne A",
        ),
        survey=True,
    ),
    Case(
        "survey_header_renamed",
        "rh",
        "Équipe: the header `Contrat` retyped `Type de contrat`",
        _book(_set("Équipe", "C3", "Type de contrat")),
        (
            "2008/reponses/enquete-53.xlsx, feuille Équipe, cellule A3 : colonne absente de "
            "l'en-tête : « Contrat »",
        ),
        survey=True,
    ),
    Case(
        "survey_row_after_blank_row",
        "rh",
        "Équipe: a post moved two rows down, leaving blank rows inside the list",
        _book(_move_row("Équipe", 5, 7, 5)),
        (
            "2008/reponses/enquete-53.xlsx, feuille Équipe, cellule A7 : ligne 7 remplie sous "
            "la ligne vide 5",
        ),
        survey=True,
    ),
    Case(
        "survey_and_flat_file",
        "finances",
        "`finances.csv` beside the responses",
        lambda d: _write(d, "finances.csv", _text(_lines("finances"))),
        ("2008/finances.csv : deux sources pour finances : finances.csv et les réponses",),
        survey=True,
    ),
    Case(
        "survey_not_a_workbook",
        "finances",
        "a scanned letter (`courrier.pdf`) among the responses",
        lambda d: _write(d, "reponses/courrier.pdf", b"%PDF-1.4"),
        ("2008/reponses/courrier.pdf : format non lu : une réponse est un classeur",),
        survey=True,
    ),
    Case(
        "survey_broken_workbook",
        "finances",
        "a response cut short (interrupted download)",
        _truncated_response,
        ("2008/reponses/enquete-52.xlsx : classeur Excel illisible",),
        survey=True,
    ),
    Case(
        "survey_zip_bomb",
        "finances",
        "a zip bomb: a 6 MB response whose first sheet unpacks to 2 GiB",
        lambda d: hostile.zip_bomb(d / _response("53")),
        (
            "2008/reponses/enquete-53.xlsx : classeur de",
            "qui se décompresse en 2048 Mo, au-delà de la limite de 50 Mo (CRES_MAX_UNZIPPED_MB)",
        ),
        survey=True,
    ),
    Case(
        "survey_repeated_cells",
        "finances",
        "an .ods whose extra sheet repeats one filled cell 1 000 000 × 1 000 times",
        _repeated_ods,
        (
            "2008/reponses/enquete-53.ods, feuille Bombe, cellule A1 : les cellules remplies, "
            "répétitions comprises, dépassent la limite de 200 000 cellules (CRES_MAX_CELLS)",
        ),
        survey=True,
    ),
    Case(
        "survey_link_out_of_the_data",
        "finances",
        "a response that is a symbolic link to `/etc/passwd`",
        _link_out,
        ("2008/reponses/enquete-52.xlsx : lien symbolique vers /etc/passwd, hors du dossier",),
        survey=True,
    ),
]
CASES += SURVEY_CASES

# --------------------------------------------------------------------------- the council's files


def _council(dataset: str, line: int, old: str, new: str) -> Breaker:
    """The tiny year with its council files (`conseil/`), one line of `dataset` edited."""

    def breaks(year_dir: Path) -> None:
        folder = write_council(year_dir)
        lines = list(MINI_COUNCIL[dataset])
        assert old in lines[line - 1], (old, lines[line - 1])
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        (folder / f"{dataset}.csv").write_text(_text(lines), encoding="utf-8")

    return breaks


def _council_cell(dataset: str, column: str, text: str):
    """A council cell as a spreadsheet stores it: dates as dates, numbers as numbers."""
    if dataset == "reunions" and column == "date":
        return dt.datetime.fromisoformat(text) if "-" in text else text
    return _cell(text)


def _council_book(datasets=tuple(MINI_COUNCIL), change=lambda lines: lines) -> Workbook:
    """`conseil.xlsx`: a sheet per dataset, named as it, the tiny year's rows."""
    book = Workbook()
    book.remove(book.active)
    for dataset in datasets:
        sheet = book.create_sheet(dataset)
        lines = (
            change(list(MINI_COUNCIL[dataset])) if dataset == "reunions" else MINI_COUNCIL[dataset]
        )
        header = lines[0].split(",")
        sheet.append(header)
        for line in lines[1:]:
            cells = line.split(",")
            sheet.append([_council_cell(dataset, c, t) for c, t in zip(header, cells, strict=True)])
    return book


def _council_workbook(change=lambda lines: lines) -> Breaker:
    def breaks(year_dir: Path) -> None:
        folder = year_dir / "conseil"
        folder.mkdir()
        _council_book(change=change).save(folder / "conseil.xlsx")

    return breaks


def _council_file_and_sheet(year_dir: Path) -> None:
    folder = write_council(year_dir)
    _council_book(("reunions",)).save(folder / "conseil.xlsx")


def _edit_line(line: int, old: str, new: str):
    def change(lines: list[str]) -> list[str]:
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        return lines

    return change


COUNCIL_CASES = [
    Case(
        "council_presences_above_meetings",
        "representation",
        "the council present at more meetings of a body than the body held",
        _council("representation", 3, "1,17,14", "1,17,18"),
        (
            "2008/conseil/representation.csv, colonne presences : le conseil ne peut pas avoir "
            "été présent à plus de réunions que l'instance n'en a tenu",
            "ligne 3 : « 1 présence(s) de plus que de réunions »",
        ),
    ),
    Case(
        "council_unknown_chamber_in_a_meeting",
        "reunions",
        "a meeting's `chambres` naming a code that is not a chamber of `cres`",
        _council("reunions", 2, "53;52", "53;99"),
        (
            "2008/conseil/reunions.csv, colonne chambres : chaque code de chambres doit être le "
            "code_region d'une chambre de cres.csv de la même année",
            "ligne 2 : « absente(s) de cres.csv : 99 »",
        ),
    ),
    Case(
        "council_date_outside_the_year",
        "reunions",
        "a meeting dated the year before",
        _council("reunions", 3, "2008-03-04", "2007-03-04"),
        (
            "2008/conseil/reunions.csv, colonne date : la date doit exister et tomber dans "
            "l'année de l'exercice",
            "ligne 3 : « 2007-03-04 »",
        ),
    ),
    Case(
        "council_day_that_does_not_exist",
        "reunions",
        "a meeting on 31/02/2008",
        _council("reunions", 2, "19/06/2008", "31/02/2008"),
        ("2008/conseil/reunions.csv, colonne date", "ligne 2 : « 31/02/2008 »"),
    ),
    Case(
        "council_unknown_meeting_type",
        "reunions",
        "a meeting type outside the contract's list (`commission`)",
        _council("reunions", 5, "groupe_travail", "commission"),
        (
            "2008/conseil/reunions.csv, colonne type : doit être l'une des valeurs : "
            "assemblee_generale, conseil_administration, bureau",
            "ligne 5 : « commission »",
        ),
    ),
    Case(
        "council_meeting_of_no_length",
        "reunions",
        "a meeting lasting 0 days",
        _council("reunions", 3, ",0.5,", ",0,"),
        (
            "2008/conseil/reunions.csv, colonne jours : la durée en jours doit être "
            "strictement positive",
            "ligne 3 : « 0 »",
        ),
    ),
    Case(
        "council_unknown_region_in_mois_ess",
        "mois_ess",
        "the Mois de l'ESS in a region without a chamber in `cres`",
        _council("mois_ess", 3, "52,", "11,"),
        (
            "2008/conseil/mois_ess.csv, colonne code_region : la région doit figurer dans "
            "cres.csv de la même année",
            "ligne 3 (code_region 11) : « 11 »",
        ),
    ),
    Case(
        "council_negative_amount",
        "comptes_conseil",
        "an expense written as a negative amount",
        _council("comptes_conseil", 5, ",60000", ",-60000"),
        (
            "2008/conseil/comptes_conseil.csv, colonne montant : le montant doit être positif "
            "ou nul",
            "ligne 5 : « -60000 »",
        ),
    ),
    Case(
        "council_file_and_sheet",
        "reunions",
        "`conseil/reunions.csv` and a sheet `reunions` in `conseil/conseil.xlsx`",
        _council_file_and_sheet,
        (
            "2008/conseil/reunions.csv : deux sources pour reunions : conseil/reunions.csv et "
            "la feuille « reunions » de conseil/conseil.xlsx ; n'en garder qu'une",
        ),
    ),
    Case(
        "council_sheet_date_outside_the_year",
        "reunions",
        "in `conseil.xlsx`, a meeting dated the year after (a date cell)",
        _council_workbook(_edit_line(4, "2008-10-02", "2009-10-02")),
        (
            "2008/conseil/conseil.xlsx, feuille reunions, colonne date : la date doit exister",
            "ligne 4 : « 2009-10-02 »",
        ),
    ),
    Case(
        "council_some_files",
        "mois_ess",
        "a `conseil/` folder holding only `mois_ess.csv`: the other three are not covered",
        lambda d: write_council(d, ("mois_ess",)) and None,
        ("2008 : données valides",),
        accepted=True,
        same_table=False,
    ),
    Case(
        "council_workbook",
        "reunions",
        "the four datasets as sheets of `conseil/conseil.xlsx`, dates as date cells",
        _council_workbook(),
        ("2008 : données valides",),
        accepted=True,
        same_table=False,
    ),
]
CASES += COUNCIL_CASES


# The fast tier (make test-fast) keeps the first two cases of each kind (a flat file's dataset
# or the survey's responses, accepted or refused); each case runs the suites (about 2 s), so
# the rest of the catalogue runs with the full suite only.
def _fast_cases() -> set[str]:
    seen: dict[tuple, int] = {}
    fast = set()
    for case in CASES:
        kind = ("survey" if case.survey else case.dataset, case.accepted)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= 1:  # the fast tier: one case of each kind
            fast.add(case.name)
    return fast


FAST = _fast_cases()


def _param(case: Case):
    marks = [] if case.name in FAST else [pytest.mark.slow]
    return pytest.param(case, id=case.name, marks=marks)


ACCEPTED = [_param(c) for c in CASES if c.accepted]
REFUSED = [_param(c) for c in CASES if not c.accepted]

# --------------------------------------------------------------------------- the tests

SENTINELS = {
    f"reports/{YEAR}/financement.html": "<p>financement publié avant</p>",
    f"reports/{YEAR}/fiches/53.html": "<p>fiche publiée avant</p>",
    f"reports/{YEAR}/index.html": "<p>index publié avant</p>",
    f"data/processed/{YEAR}/cres.csv": "code_region\n53\n",
    f"data/processed/{YEAR}/finances.csv": "code_region\n53\n",
}


def _year(tmp_path: Path, case: Case, checked: dict[bool, Path] | None = None) -> Path:
    """The tiny year, broken by `case`; its raw files copied from `checked` if given (the
    files the incremental check starts from)."""
    data_dir = tmp_path / "data"
    if checked is None:
        year_dir = write_mini_survey(data_dir) if case.survey else write_mini(data_dir)
    else:
        shutil.copytree(checked[case.survey] / "raw", data_dir / "raw")
        year_dir = data_dir / "raw" / str(YEAR)
    case.breaks(year_dir)
    return data_dir


def _but_the_quality_report(reports: Path) -> dict:
    """The published year but its quality report and that report's downloads."""
    quality = Path("telechargements") / "qualite"
    return {
        path: data
        for path, data in tree(reports, skip=("qualite.html",)).items()
        if quality not in path.parents
    }


def _typed(year_dir: Path, dataset: str) -> pd.DataFrame:
    """The typed table, without where its cells were read (lines, files, cells)."""
    frame = read_year(year_dir, YEAR).tables[dataset].frame
    where = (reading.ROW, *ORIGIN_COLUMNS)
    return frame[[c for c in frame if not c.endswith(reading.RAW_SUFFIX) and c not in where]]


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict[bool, Path]:
    """The tiny years checked and written once per worker (support.checked)."""
    return checked_years(tmp_path_factory.mktemp("checked"))


def _incrementally(checked: dict[bool, Path], case: Case, scratch: Path, capsys) -> None:
    """The case applied to a year already checked and written gives the verdict (results and
    exit code) of the check from scratch that `scratch` had, and the tables it would write;
    the datasets it did not touch are taken from the kept results."""
    aside = scratch.with_name(f"{scratch.name}-from-scratch")
    scratch.rename(aside)  # the incremental check runs in its place: messages name the folder
    data_dir = scratch
    shutil.copytree(checked[case.survey], data_dir)  # as written: times and all
    before = processed(data_dir)
    # broken as the check from scratch saw it, to the byte (a workbook saved again differs)
    shutil.rmtree(data_dir / "raw")
    shutil.copytree(aside / "raw", data_dir / "raw", symlinks=True)
    untouched = unread(data_dir)
    capsys.readouterr()
    status = validate(data_dir)
    said = capsys.readouterr().out
    expected = 0 if case.accepted else 1, verdict(aside)
    assert (status, verdict(data_dir)) == expected, case.name
    if untouched:
        assert REUSED in said, said
    if check(data_dir, YEAR, write_tables=True).success:
        assert check(aside, YEAR, write_tables=True).success
        assert processed(data_dir) == processed(aside)
    else:
        assert processed(data_dir) == before
    capsys.readouterr()


def _checked_unless_fast(case: Case, request) -> dict[bool, Path] | None:
    """The checked years for the incremental arm of a case, but for the fast tier's cases
    (their incremental arm is in `test_the_fast_cases_checked_incrementally`)."""
    return None if case.name in FAST else request.getfixturevalue("checked")


@pytest.mark.slow
def test_the_fast_cases_checked_incrementally(tmp_path, capsys, checked):
    """The fast tier's cases, checked from scratch and incrementally, in the full suite."""
    for case in CASES:
        if case.name in FAST:
            data_dir = _year(tmp_path / case.name, case, checked)
            validate(data_dir)
            _incrementally(checked, case, data_dir, capsys)


def test_the_catalogue_is_large_and_names_are_unique():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)
    assert {FILE, "cres", "finances", "rh", "gouvernance"} <= {c.dataset for c in CASES}
    assert sum(c.survey for c in CASES) >= 20


def test_refused_responses_name_file_sheet_and_cell():
    """Every refused response case that points into a workbook names its sheet and cell."""
    for case in SURVEY_CASES:
        if case.accepted:
            continue
        said = " ".join(case.says)
        assert "reponses/" in said or "deux sources" in said, case.name
        if "feuille" in said:
            assert "cellule" in said or "absente" in said, case.name


@pytest.mark.parametrize("case", ACCEPTED)
def test_accepted_case(tmp_path, capsys, case, request):
    """Validation from scratch, then the same case on a year already checked: incrementally."""
    checked = _checked_unless_fast(case, request)
    data_dir = _year(tmp_path, case, checked)
    year_dir = data_dir / "raw" / str(YEAR)
    raw = tree(year_dir)

    status = main(["validate", "--year", str(YEAR), "--data-dir", str(data_dir)])

    out = "".join(capsys.readouterr())
    assert status == 0, out
    for words in case.says:
        assert words in out, out
    assert "Traceback" not in out
    assert tree(year_dir) == raw
    if case.same_table and case.dataset != FILE:
        clean = (write_mini_survey if case.survey else write_mini)(tmp_path / "clean")
        pd.testing.assert_frame_equal(_typed(year_dir, case.dataset), _typed(clean, case.dataset))
    if checked is not None:
        _incrementally(checked, case, data_dir, capsys)


@pytest.mark.parametrize("case", REFUSED)
def test_refused_case(tmp_path, capsys, case, request):
    """Validation alone: exit 1, the message, no traceback, the raw files untouched; the
    quality page's content computed from what was kept (its notebook's calls, no kernel); and
    the same case on a year already checked: incrementally."""
    checked = _checked_unless_fast(case, request)
    data_dir = _year(tmp_path, case, checked)
    year_dir = data_dir / "raw" / str(YEAR)
    raw = tree(year_dir)

    status = main(["validate", "--year", str(YEAR), "--data-dir", str(data_dir)])

    out = "".join(capsys.readouterr())
    assert status == 1, out
    for words in case.says:
        assert words in out, out
    assert "Traceback" not in out
    assert tree(year_dir) == raw
    page = QualityPage.load(data_dir, YEAR)
    assert not page.valid
    assert page.facts()["a_corriger"]
    if page.grid is not None:
        page.grid_table()
    page.technical()
    if checked is not None:
        _incrementally(checked, case, data_dir, capsys)


# One refused case of each kind (flat files or workbooks, and the dataset hit) is built end to
# end: the publishing of a refused year does not depend on what broke; every case's quality
# page content is computed above.
BUILT = [
    _param(c)
    for c in {(c.survey, c.dataset): c for c in reversed(CASES) if not c.accepted}.values()
]


@pytest.mark.build
@pytest.mark.kernel
@pytest.mark.parametrize("case", BUILT)
def test_refused_case_publishes_nothing_but_its_quality_report(tmp_path, capsys, case):
    data_dir = _year(tmp_path, case)
    year_dir = data_dir / "raw" / str(YEAR)
    for name, text in SENTINELS.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    raw = tree(year_dir)
    reports = tmp_path / "reports" / str(YEAR)
    published = _but_the_quality_report(reports)
    processed = tree(data_dir / "processed" / str(YEAR))

    status = main(
        with_jobs(
            [
                "run",
                "--year",
                str(YEAR),
                "--data-dir",
                str(data_dir),
                "--reports-dir",
                str(tmp_path / "reports"),
                "--build-dir",
                str(tmp_path / "build"),
            ]
        )
    )

    out = "".join(capsys.readouterr())
    assert status == 1, out
    for words in case.says:
        assert words in out, out
    assert "Traceback" not in out
    assert f"rien n'a été écrit ni remplacé dans processed/{YEAR}/" in out
    assert tree(year_dir) == raw
    assert _but_the_quality_report(reports) == published
    assert (reports / "qualite.html").is_file()  # a refused year still shows what is wrong
    assert (reports / "telechargements" / "qualite" / f"qualite-{YEAR}.xlsx").is_file()
    assert tree(data_dir / "processed" / str(YEAR)) == processed


# --------------------------------------------------------------------------- end to end


E2E = ("utf16", "mac_roman", "xlsx_broken", "xlsx_formulas_without_values", "separator_mixed")


@pytest.mark.slow
def test_hostile_years_end_to_end_without_traceback(tmp_path):
    """One real process validating several broken years at once: each named, none crashes."""
    data_dir = tmp_path / "data"
    cases = {c.name: c for c in CASES}
    for year, name in enumerate(E2E, start=2001):
        cases[name].breaks(write_mini(data_dir, year))
    raw = tree(data_dir / "raw")

    result = pipeline("validate", "--all", "--data-dir", data_dir)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for year, name in enumerate(E2E, start=2001):
        said = cases[name].says[0].replace(f"{YEAR}/", f"{year}/")
        assert said in result.stdout, result.stdout
    assert tree(data_dir / "raw") == raw


@pytest.mark.slow
@pytest.mark.build
@pytest.mark.kernel
def test_refused_run_end_to_end_without_traceback(tmp_path):
    data_dir = _year(tmp_path, next(c for c in CASES if c.name == "thousands_dot_and_comma"))
    result = pipeline(
        "run",
        "--year",
        YEAR,
        "--data-dir",
        data_dir,
        "--reports-dir",
        tmp_path / "reports",
        "--build-dir",
        tmp_path / "build",
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "2008/finances.csv, colonne subv_etat" in result.stdout
    assert not (data_dir / "processed" / str(YEAR)).exists()

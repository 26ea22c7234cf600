"""The year's outgoing questionnaires: one workbook per chamber, pre-filled from the year before.

The network is the year's `cres` list, or the year before's when the year has
none yet. Each chamber's workbook carries its own answers of the year before
(read from that year's raw files, flat or responses, as `validate` reads them)
for the sheets the questionnaire marks `prefill`; accounts never are.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..ingest import questionnaire
from ..ingest.readers import read_dataset
from ..ingest.table import InputError, Table
from ..ingest.values import fold
from ..ingest.year import network, read_year
from . import workbook

SENT_MONTH_DAY = (1, 15)  # the survey of year Y goes out on 15 January of Y + 1


class PrepareError(Exception):
    """The year's questionnaires cannot be written; the message is for the analyst."""


@dataclass
class Prepared:
    files: list[Path]
    notes: list[str] = field(default_factory=list)  # what the analyst should know (French)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def file_name(year: int, code: str, region: str) -> str:
    return f"enquete-{year}-{code}-{slug(region)}.xlsx"


def file_names(data_dir: Path, year: int) -> list[str]:
    """The names of the workbooks `prepare` writes for the year's network."""
    table, _ = _network(data_dir, year)
    frame = table.frame.dropna(subset=["code_region"])
    return [
        file_name(year, code, region)
        for code, region in zip(frame["code_region"], frame["region"].fillna(""), strict=True)
    ]


def _network(data_dir: Path, year: int) -> tuple[Table, list[str]]:
    for source in (year, year - 1):
        folder = config.raw_dir(data_dir, source)
        try:
            table = read_dataset(folder, "cres")
        except InputError as exc:
            if folder.is_dir() and any(p.stem.lower() == "cres" for p in folder.iterdir()):
                raise PrepareError(f"{source}/{exc}") from None
            continue
        notes = (
            []
            if source == year
            else [
                f"pas de liste des chambres pour {year} "
                f"({config.shown_path(config.raw_dir(data_dir, year))}/cres.csv) : "
                f"liste de {source} utilisée"
            ]
        )
        return table, notes
    raise PrepareError(
        "pas de liste des chambres (cres.csv) dans "
        f"{config.shown_path(config.raw_dir(data_dir, year))} "
        f"ni {config.shown_path(config.raw_dir(data_dir, year - 1))}"
    )


def _previous_answers(data_dir: Path, year: int) -> tuple[dict[str, workbook.Records], list[str]]:
    """code -> dataset -> the chamber's rows of `year`, for the sheets that are pre-filled."""
    folder = config.raw_dir(data_dir, year)
    if not folder.is_dir():
        return {}, [f"pas de données {year} : questionnaires non pré-remplis"]
    found = read_year(folder, year, frozenset(config.COUNCIL_DATASETS))  # no sheet of theirs
    notes = [
        f"{year}/{found.errors[s.dataset]} : feuille {s.title} non pré-remplie"
        for s in questionnaire.load().sheets
        if s.prefill and s.dataset in found.errors
    ]
    notes += [
        f"{year}/{line} : réponse non reprise"
        for line in (found.survey.errors if found.survey else [])
    ]
    answers: dict[str, workbook.Records] = {}
    for sheet in questionnaire.load().sheets:
        table = found.tables.get(sheet.dataset)
        if not sheet.prefill or table is None:
            continue
        names = [q.name for q in sheet.questions if q.name in table.frame]
        for record in table.frame[["code_region", *names]].to_dict("records"):
            code = record.pop("code_region")
            clean = {k: (None if _missing(v) else v) for k, v in record.items()}
            answers.setdefault(code, {}).setdefault(sheet.dataset, []).append(clean)
    return answers, notes


def _missing(value) -> bool:
    try:
        return bool(value != value) or value is None or str(value) == "<NA>"
    except (TypeError, ValueError):
        return False


def prepare(data_dir: Path, year: int, out_dir: Path) -> Prepared:
    """Write `out_dir/enquete-<year>-<code>-<region>.xlsx` for every chamber of the network."""
    table, notes = _network(data_dir, year)
    answers, more = _previous_answers(data_dir, year - 1)
    frame = table.frame.dropna(subset=["code_region"])
    names = network(table)
    stamp = dt.datetime(year + 1, *SENT_MONTH_DAY, 9, 0, 0)
    out_dir = Path(out_dir)
    files = []
    for code, region in zip(frame["code_region"], frame["region"].fillna(""), strict=True):
        book = workbook.build(year, code, names[code], region, answers.get(code, {}), year - 1)
        files.append(workbook.save(book, out_dir / file_name(year, code, region), stamp))
    return Prepared(files, notes + more)

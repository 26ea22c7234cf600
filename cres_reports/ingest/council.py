"""The council's own datasets of a year folder: each from `conseil/<name>.csv` or a sheet of
`conseil/conseil.xlsx` (docs/council-contract.md).

The folder is optional, and so is each of its datasets: a year without `conseil/`, or a
`conseil/` without a dataset's file or sheet, does not cover it (None). A dataset given both
as a file and as a sheet is refused, naming the two.
"""

from __future__ import annotations

from pathlib import Path

from .. import config
from . import bounds, xlsxfile
from .readers import flat_files, read_dataset, read_sheet
from .table import InputError, Table


def folder(year_dir: Path) -> Path:
    return Path(year_dir) / config.COUNCIL_DIR


def workbook(year_dir: Path) -> Path | None:
    """The council's workbook (`conseil.xlsx`, any case), when the folder holds one."""
    found = [p for p in flat_files(folder(year_dir), "conseil") if p.suffix.lower() == ".xlsx"]
    return found[0] if found else None


def sheet_title(book: Path, dataset: str) -> str | None:
    """The title of the workbook's sheet named as the dataset (case and spaces forgiven)."""
    bounds.check_file(book)  # the reading limits, before openpyxl opens it
    titles = xlsxfile.sheet_titles(book)
    return next((t for t in titles if t.strip().lower() == dataset), None)


def read(year_dir: Path, dataset: str) -> Table | None:
    """The dataset from its one source in `conseil/`; None when the year does not cover it."""
    where = folder(year_dir)
    if not where.is_dir():
        return None
    flat = flat_files(where, dataset)
    book = workbook(year_dir)
    title = sheet_title(book, dataset) if book is not None else None
    if flat and title is not None:
        assert book is not None
        raise InputError(
            flat[0],
            f"deux sources pour {dataset} : {config.COUNCIL_DIR}/{flat[0].name} et la feuille "
            f"« {title} » de {config.COUNCIL_DIR}/{book.name} ; n'en garder qu'une",
        )
    if flat:
        return read_dataset(where, dataset)
    if book is not None and title is not None:
        return read_sheet(book, dataset, title)
    if book is not None and dataset == config.COUNCIL_DATASETS[0]:
        _refuse_workbook_without_sheets(book)
    return None


def _refuse_workbook_without_sheets(book: Path) -> None:
    """A council workbook none of whose sheets bears a dataset's name is a mistake: say so
    once (under the first dataset) rather than leave the whole year uncovered."""
    titles = xlsxfile.sheet_titles(book)
    if any(t.strip().lower() in config.COUNCIL_DATASETS for t in titles):
        return
    raise InputError(
        book,
        "aucune feuille ne porte le nom d'un jeu de données du conseil ("
        + ", ".join(config.COUNCIL_DATASETS)
        + f") ; feuilles trouvées : {', '.join(titles)} ; renommer chaque feuille",
    )

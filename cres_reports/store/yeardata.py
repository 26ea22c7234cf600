"""A year's processed tables as the notebooks read them, limited to a page's declared inputs.

In JupyterLab a notebook reads every table. Run by the pipeline, the kernel is
first told which tables the page may read (`declare`, from the page's inputs in
`publishing/site/pages.py`, which key its cache): reading any other table raises
`UndeclaredInput`, naming the notebook and the table, instead of publishing a
page that would not be rebuilt when that table changes. A page declared to read
one chamber's rows (a profile) is served only those rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .. import config
from ..ingest.decisions import SetAside
from ..ingest.responses import NO_ANSWER, STATUS_MISSING, STATUS_SET_ASIDE
from . import parameters, processed

Read = tuple[str, int, str | None]  # (dataset, year, chamber code or None for every row)

_declared: tuple[str, frozenset[Read]] | None = None


class UndeclaredInput(Exception):
    """A notebook run by the pipeline read a table its page does not declare."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


def declare(notebook: str | None, reads: Iterable[Read] | None) -> None:
    """Limit the tables served to `reads` (what `notebook`'s page declares); None: all."""
    global _declared
    _declared = None if notebook is None or reads is None else (notebook, frozenset(reads))


def _undeclared(notebook: str, what: str) -> UndeclaredInput:
    return UndeclaredInput(
        f"le notebook « {notebook} » lit {what}, absent des entrées qu'il déclare (ses "
        f"métadonnées « cres » : « reads », dans notebooks/{notebook}.ipynb) : l'y ajouter, "
        "pour que la page soit refaite quand ces données changent"
    )


def _chamber_allowed(dataset: str, year: int) -> frozenset[str] | None:
    """The chambers whose rows may be read (None: every row); raise if the table may not.

    A profile reads its chamber's rows; its history, the rows of the chambers merged into it.
    """
    if _declared is None:
        return None
    notebook, reads = _declared
    if (dataset, year, None) in reads:
        return None
    chambers = frozenset(code for d, y, code in reads if d == dataset and y == year and code)
    if chambers:
        return chambers
    raise _undeclared(notebook, f"la table {dataset} de {year}")


_read_tables: dict[tuple, pd.DataFrame] = {}


def _read(folder: Path, year: int, dataset: str) -> pd.DataFrame:
    """A processed table, read once per version of its file in this process, copied for each
    reader: a warm kernel serves the same tables to the 26 profiles of a year."""
    path = config.processed_dir(folder, year) / f"{dataset}.csv"
    stat = path.stat()
    key = (str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if key not in _read_tables:
        _read_tables[key] = processed.load_table(folder, year, dataset)
    return _read_tables[key].copy()


def _required(dataset: str) -> property:
    def get(self: YearData) -> pd.DataFrame:
        return self.required(dataset)

    def set(self: YearData, frame: pd.DataFrame) -> None:
        self._tables[dataset] = frame

    return property(get, set, doc=f"The year's {dataset} table.")


class YearData:
    """The tables of one processed year, each read when first used (`data.finances`…).

    A dataset of contract version 2 that the year did not cover (no survey, no flat file) is
    None; `suivi` is the survey's tracking, None for a year without responses.
    """

    def __init__(
        self,
        year: int,
        sources: dict | None = None,
        folder: Path | None = None,
        **tables: pd.DataFrame | None,
    ):
        self.year = year
        self.sources = sources or {}
        self.folder = folder  # where tables not given are read from
        self._tables: dict[str, pd.DataFrame | None] = dict(tables)

    def __getattr__(self, name: str) -> pd.DataFrame | None:
        """The datasets of contract version 2 (`data.missions`…): None when not covered."""
        if name.startswith("_") or name not in config.DATASETS:
            raise AttributeError(name)
        return self.table(name)

    # The datasets every year has (contract version 1), never None; a test or an analyst may
    # replace one (`data.rh = data.rh[...]`) to see a report without some rows.
    cres = _required("cres")
    finances = _required("finances")
    rh = _required("rh")
    gouvernance = _required("gouvernance")

    @property
    def suivi(self) -> pd.DataFrame | None:
        """Who answered the survey; None for a year without responses."""
        return self.table(processed.TRACKING)

    def required(self, dataset: str) -> pd.DataFrame:
        frame = self.table(dataset)
        if frame is None:
            raise AttributeError(f"pas de table {dataset} pour {self.year}")
        return frame

    def table(self, dataset: str) -> pd.DataFrame | None:
        chamber = _chamber_allowed(dataset, self.year)
        if dataset not in self._tables:
            self._tables[dataset] = self._load(dataset)
        frame = self._tables[dataset]
        if frame is None or chamber is None:
            return frame
        return frame[frame["code_region"].isin(chamber)]

    def _load(self, dataset: str) -> pd.DataFrame | None:
        if self.folder is None:
            if dataset in config.REQUIRED_DATASETS:
                raise AttributeError(f"pas de table {dataset} pour {self.year}")
            return None
        if dataset == processed.TRACKING:
            return processed.load_tracking(self.folder, self.year)
        if dataset not in config.REQUIRED_DATASETS and not processed.has_table(
            self.folder, self.year, dataset
        ):
            return None
        return _read(self.folder, self.year, dataset)

    @property
    def demonstration(self) -> bool:
        return bool(self.sources.get("manifest", {}).get("demonstration"))

    def chamber_names(self) -> pd.Series:
        return self.cres.set_index("code_region")["nom_cres"]

    def response(self, code: str) -> str | None:
        """The chamber's survey response (a STATUS_* code); None when the year had no survey."""
        if self.suivi is None:
            return None
        rows = self.suivi[self.suivi["code_region"] == code]
        return str(rows.iloc[0]["reponse"]) if len(rows) else STATUS_MISSING

    def answered(self, code: str) -> bool | None:
        """Whether the chamber's answers are this year's data (a workbook returned as it was
        sent, or set aside, is no answer); None when the year had no survey."""
        status = self.response(code)
        return None if status is None else status not in NO_ANSWER

    def set_aside(self) -> dict[str, SetAside]:
        """The chambers whose response the analyst set aside this year, by code."""
        if self.suivi is None or "motif_ecart" not in self.suivi:
            return {}
        rows = self.suivi[self.suivi["reponse"] == STATUS_SET_ASIDE]
        return {
            str(r.code_region): SetAside(str(r.code_region), str(r.motif_ecart), str(r.ecartee_le))
            for r in rows.itertuples()
        }

    def chamber(self, code_region: int | str) -> str:
        """A notebook's `code_region` parameter as one of this year's two-character codes."""
        return parameters.chamber_code(code_region, self.cres["code_region"].tolist())


def load_year(data_dir: str | Path | None, year: int | str) -> YearData:
    """The year's tables; `data_dir` None is the project's data folder.

    A year the pipeline has not processed raises `parameters.ParameterError`, in French.
    """
    number, folder = parameters.processed_year(year, data_dir)
    return YearData(number, processed.load_sources(folder, number), folder)


def load_previous(data_dir: str | Path | None, year: int | str) -> YearData | None:
    """The year before, when it has been processed too.

    Whether it was processed shapes the page: run by the pipeline, the page must declare
    an input of that year.
    """
    number, folder = parameters.year_number(year), parameters.data_folder(data_dir)
    if _declared is not None and not any(y == number - 1 for _, y, _ in _declared[1]):
        raise _undeclared(_declared[0], f"l'année {number - 1}")
    if processed.is_processed(folder, number - 1):
        return load_year(folder, number - 1)
    return None


def load_since(data_dir: str | Path | None, year: int | str, first: int) -> list[YearData]:
    """The processed years from `first` to the year before `year`, oldest first."""
    number, folder = parameters.year_number(year), parameters.data_folder(data_dir)
    return [load_year(folder, y) for y in range(first, number) if processed.is_processed(folder, y)]

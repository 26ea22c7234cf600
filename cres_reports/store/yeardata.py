"""A year's processed tables as the notebooks read them, and the year before when present."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import config
from ..ingest.responses import STATUS_MISSING
from . import parameters, processed


@dataclass
class YearData:
    year: int
    cres: pd.DataFrame
    finances: pd.DataFrame
    rh: pd.DataFrame
    gouvernance: pd.DataFrame
    sources: dict
    # Contract version 2: None when the year did not cover the topic (no survey, no flat file).
    vie_statutaire: pd.DataFrame | None = None
    activites: pd.DataFrame | None = None
    observatoire: pd.DataFrame | None = None
    missions: pd.DataFrame | None = None
    relations_cpca: pd.DataFrame | None = None
    suivi: pd.DataFrame | None = None  # who answered the survey; None for flat-file years

    @property
    def demonstration(self) -> bool:
        return bool(self.sources.get("manifest", {}).get("demonstration"))

    def chamber_names(self) -> pd.Series:
        return self.cres.set_index("code_region")["nom_cres"]

    def answered(self, code: str) -> bool | None:
        """Whether the chamber returned the survey; None when the year had no survey."""
        if self.suivi is None:
            return None
        rows = self.suivi[self.suivi["code_region"] == code]
        return bool(len(rows)) and rows.iloc[0]["reponse"] != STATUS_MISSING

    def chamber(self, code_region: int | str) -> str:
        """A notebook's `code_region` parameter as one of this year's two-character codes."""
        return parameters.chamber_code(code_region, self.cres["code_region"].tolist())


def load_year(data_dir: str | Path | None, year: int | str) -> YearData:
    """The year's tables; `data_dir` None is the project's data folder.

    A year the pipeline has not processed raises `parameters.ParameterError`, in French.
    """
    number, folder = parameters.processed_year(year, data_dir)
    tables = {
        d: processed.load_table(folder, number, d)
        for d in config.DATASETS
        if d in config.REQUIRED_DATASETS or processed.has_table(folder, number, d)
    }
    return YearData(
        year=number,
        sources=processed.load_sources(folder, number),
        suivi=processed.load_tracking(folder, number),
        **tables,
    )


def load_previous(data_dir: str | Path | None, year: int | str) -> YearData | None:
    """The year before, when it has been processed too."""
    number, folder = parameters.year_number(year), parameters.data_folder(data_dir)
    if processed.is_processed(folder, number - 1):
        return load_year(folder, number - 1)
    return None


def load_since(data_dir: str | Path | None, year: int | str, first: int) -> list[YearData]:
    """The processed years from `first` to the year before `year`, oldest first."""
    number, folder = parameters.year_number(year), parameters.data_folder(data_dir)
    return [load_year(folder, y) for y in range(first, number) if processed.is_processed(folder, y)]

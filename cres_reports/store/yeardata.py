"""A year's processed tables as the notebooks read them, and the year before when present."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import config
from . import processed


@dataclass
class YearData:
    year: int
    cres: pd.DataFrame
    finances: pd.DataFrame
    rh: pd.DataFrame
    gouvernance: pd.DataFrame
    sources: dict

    @property
    def demonstration(self) -> bool:
        return bool(self.sources.get("manifest", {}).get("demonstration"))

    def chamber_names(self) -> pd.Series:
        return self.cres.set_index("code_region")["nom_cres"]


def load_year(data_dir: Path, year: int) -> YearData:
    tables = {d: processed.load_table(data_dir, year, d) for d in config.DATASETS}
    return YearData(year=year, sources=processed.load_sources(data_dir, year), **tables)


def load_previous(data_dir: Path, year: int) -> YearData | None:
    """The year before, when it has been processed too."""
    if processed.is_processed(data_dir, year - 1):
        return load_year(data_dir, year - 1)
    return None

"""What every report's content starts from: the year's tables, the year before's, its network."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..analysis.answers import SET_ASIDE
from ..store.yeardata import YearData, load_previous, load_year


@dataclass
class YearPage:
    data: YearData
    previous: YearData | None = None
    compares: ClassVar[bool] = True  # does the report read the year before?

    @classmethod
    def load(cls, data_dir, year):
        """The year's tables (and the year before's); stops in French if not processed."""
        data = load_year(data_dir, year)
        return cls(data, load_previous(data_dir, data.year) if cls.compares else None)

    @property
    def year(self) -> int:
        return self.data.year

    @property
    def network(self) -> set[str]:
        """The codes of the year's chambers (those with a profile)."""
        return set(self.data.cres["code_region"])

    @property
    def aside(self) -> frozenset[str]:
        """The codes of the chambers whose response the analyst set aside this year."""
        return frozenset(self.data.set_aside())

    def absent(self, chambers: list[str]) -> list[str]:
        """Names of chambers without figures, those whose response was set aside said so."""
        names = self.data.chamber_names()
        aside = {str(names.get(code, code)) for code in self.aside}
        return [f"{n} ({SET_ASIDE})" if n in aside else n for n in chambers]

    def before(self) -> YearData:
        """The year before, for a comparison (the notebook checks `previous` first)."""
        if self.previous is None:
            raise ValueError(f"pas de données {self.year - 1} à comparer")
        return self.previous

"""A notebook's parameters made safe: the data folder, a chamber code, a year that was processed.

Analysts run the notebooks in JupyterLab (the kernel starts in `notebooks/`) or
with papermill's `-p code_region 01` (which arrives as the integer 1). Whatever
the way, a parameter that cannot work stops the notebook at its first cell with
one French sentence saying what to do, not a pandas traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import config
from . import processed


class ParameterError(Exception):
    """A notebook parameter that cannot work; shown in Jupyter as its sentence alone."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback: the analyst reads one sentence.
        return [f"{type(self).__name__}: {self}"]


def data_folder(data_dir: str | Path | None) -> Path:
    """`data_dir` as given, or the project's data folder (data/, or $CRES_DATA_DIR) for None."""
    return Path(config.DATA_DIR if data_dir in (None, "") else str(data_dir))


def year_number(year: int | str) -> int:
    text = str(year).strip()
    if not re.fullmatch(r"[0-9]{4}", text):
        raise ParameterError(f"« {year} » n'est pas une année : écrire par exemple year = 2008")
    return int(text)


def processed_year(year: int | str, data_dir: str | Path | None) -> tuple[int, Path]:
    """The year and data folder, once sure the year's tables were written by the pipeline."""
    number, folder = year_number(year), data_folder(data_dir)
    if not processed.is_processed(folder, number):
        raw = config.raw_dir(folder, number)
        if not raw.is_dir():
            raise ParameterError(
                f"{number} : pas de données dans {raw} ; années traitées : {_years(folder)}"
            )
        raise ParameterError(
            f"{number} n'a pas encore été traité : lancez d'abord "
            f"« {config.command(f'run --year {number}', folder)} »"
        )
    return number, folder


def processed_years(data_dir: str | Path | None) -> tuple[list[int], Path]:
    """The years the pipeline processed in the data folder, and the folder; none: stop."""
    folder = data_folder(data_dir)
    years = processed.processed_years(folder)
    if not years:
        raise ParameterError(
            "aucune année n'a encore été traitée : lancez d'abord "
            f"« {config.command('run --all', folder)} »"
        )
    return years, folder


def _years(folder: Path) -> str:
    years = processed.processed_years(folder)
    return ", ".join(map(str, years)) if years else "aucune (lancez « make reports »)"


def chamber_code(value: int | str, codes: list[str] | None = None) -> str:
    """`53`, `"53"`, `1`, `"1"`, `" 01 "` → the two-character code (`"53"`, `"01"`).

    With `codes` (the year's chambers), an unknown code is refused with the list.
    """
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,2}", text):
        raise ParameterError(
            f"« {value} » n'est pas un code de région : deux chiffres, par exemple "
            'code_region = "53"'
        )
    code = text.zfill(2)
    if codes is not None and code not in codes:
        raise ParameterError(
            f"pas de chambre de code {code} cette année-là ; codes possibles : "
            + ", ".join(sorted(codes))
        )
    return code

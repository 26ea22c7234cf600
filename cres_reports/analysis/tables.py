"""Small frame helpers shared by the reports: chamber names beside codes, a total row."""

from __future__ import annotations

import pandas as pd

TOTAL_LABEL = "Ensemble des chambres"  # the total row of a table of chambers


def with_names(frame: pd.DataFrame, cres: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each chamber's name (`nom_cres`) joined on `code_region`."""
    names = cres[["code_region", "nom_cres"]]
    return frame.merge(names, on="code_region", how="left", validate="many_to_one")


def with_total(
    frame: pd.DataFrame, sums: list[str], label_column: str, label: str = "Total"
) -> pd.DataFrame:
    """`frame` and a last row: the sums of `sums`, `label` in `label_column`, "" elsewhere."""
    total: dict[str, object] = {c: "" for c in frame.columns}
    total.update({c: frame[c].sum() for c in sums})
    total[label_column] = label
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)

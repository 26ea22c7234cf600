"""The gate: each rule of the contract, broken once, is refused naming file, row and column."""

from __future__ import annotations

import pytest
from support.data import MINI, YEAR

from cres_reports.validate import gate as validation
from cres_reports.validate.messages import describe_year


def _break(data_dir, dataset, line_number, old, new):
    path = data_dir / "raw" / str(YEAR) / f"{dataset}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert old in lines[line_number - 1], (old, lines[line_number - 1])
    lines[line_number - 1] = lines[line_number - 1].replace(old, new, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _failures(results):
    return [
        (entry.file, rule.column, [r.row for r in rule.rows])
        for entry in results.datasets
        for rule in entry.failed_rules
    ]


def test_the_mini_year_passes(mini_dir):
    results, tables = validation.validate_year(mini_dir, YEAR)
    assert results.success, describe_year(results)
    assert set(tables) == set(MINI)


# (dataset, line in the file, text replaced, replacement, column named, rows named)
BROKEN = [
    ("cres", 2, "53,", ",", "code_region", [2]),
    ("cres", 2, "53,", "5,", "code_region", [2]),
    ("cres", 2, "53,", "99,", "code_region", [2]),
    ("cres", 3, "52,", "53,", "code_region", [2, 3]),
    ("cres", 2, "Bretagne,CRES", "Bretagne nord,CRES", "region", [2]),
    ("cres", 2, "CRES Bretagne", "", "nom_cres", [2]),
    ("cres", 2, ",oui,", ",peut-être,", "adherent", [2]),
    ("cres", 2, ",oui,", ",,", "adherent", [2]),
    ("cres", 2, "structuree", "dissoute", "statut", [2]),
    ("cres", 2, "1995", "1965", "annee_creation", [2]),
    ("cres", 2, "1995", "2012", "annee_creation", [2]),
    ("cres", 2, "1995", "mil neuf cent", "annee_creation", [2]),
    ("finances", 2, "53,", "24,", "code_region", [2]),
    ("finances", 3, "52,", "53,", "code_region", [2, 3]),
    ("finances", 2, ",50000,", ",50 000 F,", "subv_cdc", [2]),
    ("finances", 2, ",50000,", ",,", "subv_cdc", [2]),
    ("finances", 2, "53,200000,", "53,-200000,", "subv_conseil_regional", [2]),
    ("finances", 2, ",400000,", ",400002,", "total_produits", [2]),
    ("finances", 2, ",10000,80000", ",12000,80000", "resultat", [2]),
    ("finances", 2, ",oui,non", ",vrai,non", "convention_conseil_regional", [2]),
    ("finances", 2, ",oui,non", ",oui,", "convention_cdc", [2]),
    ("rh", 2, "53,", "11,", "code_region", [2]),
    ("rh", 2, "Directrice", "", "poste", [2]),
    ("rh", 2, "direction", "directeur", "fonction", [2]),
    ("rh", 2, ",cdi,", ",interim,", "contrat", [2]),
    ("rh", 2, ",cdi,1,", ",cdi,0,", "etp", [2]),
    ("rh", 2, ",cdi,1,", ",cdi,1.5,", "etp", [2]),
    ("rh", 2, ",cdi,1,", ",cdi,un,", "etp", [2]),
    ("rh", 3, ",Macif", ",", "mis_a_disposition_par", [3]),
    ("rh", 2, ",cdi,1,", ",cdi,1,Macif", "mis_a_disposition_par", [2]),
    ("gouvernance", 2, "53,", "01,", "code_region", [2]),
    ("gouvernance", 3, ",ca,", ",conseil,", "instance", [3]),
    ("gouvernance", 3, ",USGERES,", ",,", "organisation", [3]),
    ("gouvernance", 3, "syndicat_employeur", "syndicat", "famille", [3]),
    ("gouvernance", 3, ",membre,", ",doyen,", "fonction", [3]),
    ("gouvernance", 3, ",membre,", ",president,", "fonction", [2, 3, 4, 6, 7]),
    ("gouvernance", 5, ",president,", ",membre,", "fonction", [5, 8, 9, 10]),
    ("gouvernance", 2, "53,bureau,", "53,ca,", "instance", [2]),
]


def _tiered(cases: list[tuple]) -> list:
    """The fast tier checks two columns of each dataset (their first case); the others are
    `slow` (the full suite)."""
    seen: set[tuple[str, str]] = set()
    params = []
    for case in cases:
        dataset, column = case[0], case[4]
        first = (dataset, column) not in seen and sum(d == dataset for d, _ in seen) < 2
        seen.add((dataset, column))
        params.append(pytest.param(*case, marks=[] if first else [pytest.mark.slow]))
    return params


@pytest.mark.parametrize("dataset, line, old, new, column, rows", _tiered(BROKEN))
def test_each_broken_rule_is_refused_with_file_column_and_rows(
    mini_dir, dataset, line, old, new, column, rows
):
    _break(mini_dir, dataset, line, old, new)
    results, _ = validation.validate_year(mini_dir, YEAR)
    assert not results.success
    failures = _failures(results)
    assert (f"{dataset}.csv", column, rows) in failures, failures
    text = "\n".join(describe_year(results))
    assert f"{dataset}.csv, colonne {column}" in text
    assert f"ligne {rows[0]}" in text


def test_an_unreadable_file_is_reported_and_the_others_still_checked(mini_dir):
    (mini_dir / "raw" / str(YEAR) / "rh.csv").write_bytes(b"")
    _break(mini_dir, "finances", 2, ",50000,", ",cinquante,")
    results, tables = validation.validate_year(mini_dir, YEAR)
    assert "rh" not in tables
    text = "\n".join(describe_year(results))
    assert "rh.csv : le fichier est vide" in text
    assert "finances.csv, colonne subv_cdc" in text

"""Series on the 2016 map: predecessors summed only when all answered; gaps never filled."""

from __future__ import annotations

import math

import pandas as pd

from cres_reports.analysis import dashboard, harmonise
from cres_reports.store.yeardata import YearData

CRES_2015 = pd.DataFrame(
    {
        "code_region": ["21", "41", "42", "53"],
        "nom_cres": ["CRESS Champagne-Ardenne", "CRESS Lorraine", "CRESS Alsace", "CRES Bretagne"],
        "adherent": [True, True, False, True],
    }
)
CRES_2016 = pd.DataFrame(
    {
        "code_region": ["44", "53"],
        "nom_cres": ["CRESS Grand Est", "CRESS Bretagne"],
        "adherent": [True, True],
    }
)


def _finances(rows: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code_region": list(rows),
            "total_produits": list(rows.values()),
            "subv_conseil_regional": [v / 2 for v in rows.values()],
            "subv_cdc": [10.0 for _ in rows],
        }
    )


def _year(year: int, cres: pd.DataFrame, finances: pd.DataFrame) -> YearData:
    empty_rh = pd.DataFrame({"code_region": [], "etp": []})
    empty_gov = pd.DataFrame({"code_region": [], "instance": [], "famille": []})
    return YearData(year, cres=cres, finances=finances, rh=empty_rh, gouvernance=empty_gov)


def test_old_regions_are_summed_into_their_new_one():
    values = _finances({"21": 100.0, "41": 200.0, "42": 300.0, "53": 50.0})
    frame = harmonise.harmonise(values, "total_produits", 2015, CRES_2015).set_index("code")
    assert frame.loc["44", "region"] == "Grand Est"
    assert frame.loc["44", "valeur"] == 600.0 and frame.loc["44", "complet"]
    assert sorted(frame.loc["44", "chambres"]) == [
        "CRESS Alsace",
        "CRESS Champagne-Ardenne",
        "CRESS Lorraine",
    ]
    assert frame.loc["53", "valeur"] == 50.0
    assert harmonise.network_total(frame.reset_index()) == 650.0


def test_a_missing_predecessor_makes_the_region_incomplete_not_a_partial_sum():
    values = _finances({"21": 100.0, "42": 300.0, "53": 50.0})  # Lorraine did not answer
    frame = harmonise.harmonise(values, "total_produits", 2015, CRES_2015).set_index("code")
    assert not frame.loc["44", "complet"]
    assert math.isnan(frame.loc["44", "valeur"])
    assert frame.loc["44", "manquants"] == ["CRESS Lorraine"]
    assert math.isnan(harmonise.network_total(frame.reset_index()))


def test_years_from_2016_are_already_on_the_map():
    values = _finances({"44": 700.0})
    frame = harmonise.harmonise(values, "total_produits", 2016, CRES_2016).set_index("code")
    assert frame.loc["44", "valeur"] == 700.0
    assert not frame.loc["53", "complet"] and frame.loc["53", "manquants"] == ["CRESS Bretagne"]


def test_predecessors_are_named():
    assert harmonise.predecessors("44") == ["Champagne-Ardenne", "Lorraine", "Alsace"]
    assert harmonise.predecessors("53") == ["Bretagne"]


def test_network_series_keeps_the_gap_years_empty():
    years = {
        2015: _year(2015, CRES_2015, _finances({"21": 100.0, "41": 200.0, "42": 300.0})),
        2016: _year(2016, CRES_2016, _finances({"44": 700.0, "53": 60.0})),
        2013: None,
    }
    series = dashboard.network_series(years).set_index("annee")
    assert list(series.index) == [2013, 2014, 2015, 2016]
    assert not series.loc[2013, "donnees"] and not series.loc[2014, "donnees"]
    assert math.isnan(series.loc[2014, "ressources"])
    assert series.loc[2015, "ressources"] == 600.0 and series.loc[2016, "ressources"] == 760.0
    assert dashboard.basis(series.loc[2015], "ressources") == "3 chambres sur 4"
    assert dashboard.basis(series.loc[2014], "ressources") == "pas de données"


def test_regions_series_and_incomplete_notes():
    years = {
        2015: _year(2015, CRES_2015, _finances({"21": 100.0, "42": 300.0, "53": 50.0})),
        2016: _year(2016, CRES_2016, _finances({"44": 700.0, "53": 60.0})),
    }
    table = dashboard.regions_series(years, "finances", "total_produits")
    assert math.isnan(table.loc[("44", "Grand Est"), 2015])
    assert table.loc[("44", "Grand Est"), 2016] == 700.0
    assert table.loc[("53", "Bretagne"), 2015] == 50.0
    assert dashboard.incomplete_notes(years, "finances", "total_produits") == [
        "Grand Est, 2015 : incomplet (non transmis par CRESS Lorraine)"
    ]

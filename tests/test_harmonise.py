"""Series on the 2016 map: predecessors summed only when all answered; gaps never filled."""

from __future__ import annotations

import math

import pandas as pd

from cres_reports.analysis import compare, dashboard, harmonise
from cres_reports.ingest import contract
from cres_reports.present import tables
from cres_reports.publishing.site import pages
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
    """Accounts as the processed table holds them: every income line, totals that add up."""
    frame = pd.DataFrame({"code_region": list(rows), "total_produits": list(rows.values())})
    for line in contract.INCOME_LINES:
        frame[line] = 0.0
    frame["subv_conseil_regional"] = frame["total_produits"] / 2
    frame["subv_cdc"] = 10.0
    frame["autres_produits"] = frame["total_produits"] / 2 - 10.0
    for column in ("total_charges", "fonds_propres", "tresorerie"):
        frame[column] = frame["total_produits"]
    return frame


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


def test_2016_is_compared_with_2015_summed_onto_the_2016_map():
    before = pd.Series({"21": 100.0, "41": 200.0, "42": 300.0, "53": 50.0})
    now = pd.Series({"44": 650.0, "53": 55.0})
    c = compare.compare_years(now, before, CRES_2016, CRES_2015, 2016)
    frame = c.frame.set_index("code_region")
    assert c.harmonised and not c.incomplete
    assert frame.loc["44", "before"] == 600.0 and frame.loc["44", "change"] == 50.0
    assert frame.loc["44", "nom_cres"] == "CRESS Grand Est"
    assert c.basis == ("44", "53") and c.before == 650.0 and c.now == 705.0
    said = tables.basis(c)
    assert "2015 ramené à la carte des régions de 2016" in said


def test_a_merged_chamber_with_a_predecessor_missing_is_incomplete_and_left_out():
    before = pd.Series({"21": 100.0, "42": 300.0, "53": 50.0})  # Lorraine sent nothing
    now = pd.Series({"44": 650.0, "53": 55.0})
    c = compare.compare_years(now, before, CRES_2016, CRES_2015, 2016)
    assert c.incomplete == {"44": ("CRESS Lorraine",)}
    assert c.basis == ("53",) and c.before == 50.0 and c.now == 55.0
    assert "CRESS Grand Est (2015 incomplet : non transmis par CRESS Lorraine)" in tables.left_out(
        c, "comptes"
    )
    fragment = tables.comparison_table([tables.Compared(c)], "Ressources", "comptes")
    assert "incomplet" in fragment.html
    assert ">600" not in fragment.html.replace("\u202f", "")  # no partial sum shown


def test_other_years_are_compared_chamber_by_chamber():
    before = pd.Series({"53": 50.0})
    now = pd.Series({"53": 55.0})
    cres = CRES_2015[CRES_2015["code_region"] == "53"]
    c = compare.compare_years(now, before, cres, cres, 2009)
    assert not c.harmonised and c.basis == ("53",)


def _full_year(year, cres, finances, posts):
    rh = pd.DataFrame({"code_region": [c for c, n in posts.items() for _ in range(n)], "etp": 1.0})
    gov = pd.DataFrame({"code_region": [], "instance": [], "famille": []})
    return YearData(year, cres=cres, finances=finances, rh=rh, gouvernance=gov)


def test_a_merged_chamber_history_sums_its_predecessors_and_names_them():
    years = {
        2014: None,
        2015: _full_year(
            2015,
            CRES_2015,
            _finances({"21": 100.0, "41": 200.0, "42": 300.0, "53": 50.0}),
            {"21": 1, "41": 2, "53": 1},  # Alsace sent no staff figures
        ),
        2016: _full_year(2016, CRES_2016, _finances({"44": 700.0, "53": 60.0}), {"44": 4}),
    }
    frame, merged = dashboard.region_history(years, "44", 2016)
    rows = frame.set_index("annee")
    assert sorted(merged) == [
        "CRESS Alsace",
        "CRESS Champagne-Ardenne",
        "CRESS Lorraine",
    ]
    assert rows.loc[2015, "ressources"] == 600.0 and rows.loc[2016, "ressources"] == 700.0
    assert math.isnan(rows.loc[2015, "postes"])
    assert rows.loc[2015, "manquants"] == {"postes": ["CRESS Alsace"], "etp": ["CRESS Alsace"]}
    assert rows.loc[2016, "postes"] == 4.0
    assert list(rows.index) == [2015, 2016]  # 2014 has no data: no row, never a guess


def test_a_profile_before_the_reform_reads_only_its_own_chamber():
    years = {
        2015: _full_year(2015, CRES_2015, _finances({"21": 100.0, "53": 50.0}), {"53": 1}),
    }
    frame, merged = dashboard.region_history(years, "21", 2015)
    assert merged == [] and frame.loc[0, "ressources"] == 100.0


def test_a_profile_history_reads_its_rows_and_from_2016_its_predecessors(tmp_path):
    for year in (2008, 2015, 2016, 2017):
        folder = tmp_path / "processed" / str(year)
        folder.mkdir(parents=True)
        (folder / "sources.json").write_text("{}", encoding="utf-8")
    (tmp_path / "processed" / "2009").mkdir()  # never written: not a processed year
    reads = set(pages.history_reads(tmp_path, 2017, "44"))
    assert ("finances", 2016, "44") in reads and ("rh", 2008, "41") in reads
    assert not any(y in (2009, 2017) for _, y, _ in reads)
    assert {c for _, y, c in reads if y == 2015} == {"21", "41", "42"}
    before = set(pages.history_reads(tmp_path, 2015, "53"))
    assert before == {(d, 2008, "53") for d in pages.HISTORY_DATASETS}
    assert pages.history_reads(tmp_path, 2008, "53") == ()

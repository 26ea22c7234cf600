"""The year in brief on small frames: key figures and their change, points for attention from
the rules kept as data (fast tier: no kernel, no build)."""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest
from support.data import mini_year

from cres_reports import config
from cres_reports.analysis import brief
from cres_reports.present import brief as said
from cres_reports.store.yeardata import YearData


def _year(tmp_path, year=2008, edit=None) -> YearData:
    return mini_year(tmp_path, year, edit)


def _grant_cut(folder):
    """Bretagne's regional grant down by a quarter (200 000 → 150 000 €), its income too."""
    path = folder / "finances.csv"
    text = path.read_text().replace("53,200000,", "53,150000,").replace(",400000,", ",350000,")
    path.write_text(text)


def _rules() -> list[brief.Rule]:
    with open(config.ATTENTION_RULES, encoding="utf-8", newline="") as fh:
        return brief.parse_rules(list(csv.DictReader(fh)), config.ATTENTION_RULES.name)


@pytest.fixture
def years(tmp_path) -> tuple[YearData, YearData]:
    return _year(tmp_path / "a", 2009, _grant_cut), _year(tmp_path / "b", 2008)


def test_key_figures_change_on_the_chambers_of_both_years(years):
    now, before = years
    figures = {f.key: f for f in brief.key_figures(now, before)}
    assert list(figures) == [
        "chambres",
        "ressources",
        "conseil_regional",
        "cdc",
        "resultat",
        "deficitaires",
        "etp",
    ]
    money = figures["conseil_regional"]
    assert (money.value, money.before, money.now, money.basis) == (250000, 300000, 250000, 2)
    assert money.ratio == pytest.approx(-50000 / 300000)
    result = figures["resultat"]  # Bretagne: 350 000 − 390 000; Pays de la Loire: −5 000
    assert (result.value, result.change) == (-45000, -50000)
    assert math.isnan(result.ratio)  # no percentage of a result
    deficits = figures["deficitaires"]
    assert (deficits.value, deficits.before, deficits.now) == (2, 1, 2)
    assert figures["etp"].value == pytest.approx(2.3)


def test_a_first_year_has_figures_without_change(years):
    now, _ = years
    figures = brief.key_figures(now, None)
    assert all(f.change is None for f in figures)
    table = said.key_figures_table(figures, 2009, 2)
    assert "pas de données 2008" in table.html


def test_points_for_attention_follow_the_rules_kept_as_data(years):
    now, before = years
    points = brief.attention(now, before, _rules())
    by_rule = {(p.rule.rule, p.rule.parameter): p.chambers for p in points}
    assert by_rule[("deficit_deux_ans", "")] == ("CRES Pays de la Loire",)
    assert by_rule[("baisse_subvention", "subv_conseil_regional")] == ("CRES Bretagne",)
    assert ("baisse_subvention", "subv_cdc") not in by_rule  # unchanged: nothing said
    sentences = [p["text"] for p in said.points(points, 2009)]
    assert (
        "Subvention du conseil régional en baisse de plus de 20\u00a0% depuis 2008 pour "
        "1 chambre : CRES Bretagne." in sentences
    )
    assert all(p["href"].endswith(".html") for p in said.points(points, 2009))


def test_a_long_list_of_chambers_is_cut_in_a_point():
    rule = brief.Rule("a_verifier", "", None, "qualite.html", "{chambres} : {noms}.")
    point = brief.Point(rule, tuple(f"CRES {n}" for n in range(10)))
    assert said.point_sentence(point, 2009) == (
        "10 chambres : CRES 0, CRES 1, CRES 2, CRES 3, CRES 4 et 5 autres."
    )


@pytest.mark.parametrize(
    "row, message",
    [
        ({"regle": "inconnue", "seuil": "", "page": "a.html", "phrase": "x"}, "ligne 2 : règle"),
        (
            {"regle": "baisse_subvention", "seuil": "un cinquième", "page": "a", "phrase": "x"},
            "ligne 2, colonne seuil",
        ),
    ],
)
def test_a_broken_rule_is_refused_naming_its_line(row, message):
    with pytest.raises(ValueError, match=message):
        brief.parse_rules([row], "points_attention.csv")


def test_a_body_the_council_seldom_attends_is_a_point(years):
    now, before = years
    now._tables["representation"] = pd.DataFrame(
        {
            "organisme": ["CSES", "CEGES"],
            "instance": ["plénières", "commission Europe"],
            "sieges": [2, 1],
            "reunions": [3, 3],
            "presences": [3, 1],
        }
    )
    points = brief.attention(now, before, _rules())
    [low] = [p for p in points if p.rule.rule == "presence_faible"]
    assert low.chambers == ("CEGES (commission Europe, 1 sur 3)",)
    assert "dans 1 instance où il siège" in said.point_sentence(low, 2009)


def test_a_region_without_a_chamber_is_named_beside_the_network():
    from cres_reports.ingest import contract

    regions = contract.map_2016()
    mayotte = next(code for code, name in regions.items() if name == "Mayotte")
    codes = [code for code in regions if code != mayotte]
    cres = pd.DataFrame({"code_region": codes, "nom_cres": [f"CRESS {c}" for c in codes]})
    data = YearData(year=2016, sources={}, cres=cres)
    assert brief.regions_without_chamber(data) == ("Mayotte",)
    network = brief.KeyFigure(
        "chambres", "Chambres du réseau", "count", 17.0, None, None, without_chamber=("Mayotte",)
    )
    assert said._given(network, 17) == "sans chambre : Mayotte"

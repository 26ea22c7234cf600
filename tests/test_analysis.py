"""The figure modules on small frames: funding, staff, governance, profile, quality (fast tier).

The frames are the tests' mini year (support.data.MINI: two chambers) read by the real
reader and typed as the processed layer types them; no kernel, no Great Expectations.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from support.data import mini_year

from cres_reports.analysis import funding, governance, health, profile, quality, staff
from cres_reports.analysis.tables import with_total
from cres_reports.store.yeardata import YearData
from cres_reports.validate.results import DatasetResult, FailingRow, RuleResult, YearResults


def _year(tmp_path, year=2008, edit=None) -> YearData:
    return mini_year(tmp_path, year, edit)


@pytest.fixture
def data(tmp_path) -> YearData:
    return _year(tmp_path)


@pytest.fixture
def before(tmp_path) -> YearData:
    """2007: Bretagne had a smaller grant and one post less; Pays de la Loire was absent."""

    def edit(folder):
        for name, keep in (("finances", "53,"), ("rh", "53,Directrice"), ("cres", "53,")):
            path = folder / f"{name}.csv"
            lines = path.read_text().splitlines()
            kept = [lines[0], *(line for line in lines[1:] if line.startswith(keep))]
            path.write_text("\n".join(kept).replace("200000,50000", "150000,50000") + "\n")
        fin = folder / "finances.csv"
        fin.write_text(fin.read_text().replace(",400000,390000,10000,", ",350000,340000,10000,"))

    return _year(tmp_path, 2007, edit)


# --------------------------------------------------------------------------- funding


def test_national_totals_add_up_by_source(data):
    totals = funding.national_totals(data.finances).set_index("source")
    assert totals.loc["subv_conseil_regional", "Montant"] == 300_000
    assert totals.loc["fse", "Montant"] == 10_000
    assert totals["Montant"].sum() == data.finances["total_produits"].sum() == 575_000
    assert math.isclose(totals["Part"].sum(), 1.0)


def test_funding_headline(data):
    h = funding.headline(data.finances)
    assert (h.chambres, h.ressources, h.charges, h.resultat) == (2, 575_000, 570_000, 5_000)
    assert h.conseil_regional == 300_000 and h.cdc == 50_000 and h.avec_cdc == 1
    assert math.isclose(h.part_conseil_regional, 300_000 / 575_000)


def test_funding_headline_without_accounts_is_not_a_zero_share(data):
    h = funding.headline(data.finances.iloc[0:0])
    assert h.chambres == 0 and math.isnan(h.part_cdc)


def test_grant_ranking_orders_and_shares(data):
    ranking = funding.grant_ranking(data.finances, data.cres, "subv_conseil_regional")
    assert list(ranking["Chambre"]) == ["CRES Bretagne", "CRES Pays de la Loire"]
    assert list(ranking["Rang"]) == [1, 2]
    assert math.isclose(ranking.iloc[0]["Part"], 0.5)
    assert list(ranking["Convention"]) == ["oui", "non"]
    assert funding.agreements(data.finances, data.cres, "subv_conseil_regional") == [
        "CRES Bretagne"
    ]


def test_a_ranking_leaves_out_the_chambers_without_the_grant(data):
    ranking = funding.grant_ranking(data.finances, data.cres, "subv_cdc")
    assert list(ranking["Chambre"]) == ["CRES Bretagne"] and list(ranking["Rang"]) == [1]
    assert funding.without_grant(data.finances, data.cres, "subv_cdc") == ["CRES Pays de la Loire"]


def test_chambers_without_accounts_are_named(data):
    data.finances = data.finances[data.finances["code_region"] != "52"]
    assert funding.without_accounts(data.finances, data.cres) == ["CRES Pays de la Loire"]


def test_whole_euros_add_up_as_shown():
    row = {line: 0.0 for line in funding.SOURCE_LABELS}
    row.update(
        code_region="01",
        subv_conseil_regional=282100.0,
        autres_collectivites=46252.49,
        cotisations=70813.95,
        prestations=141123.64,
        partenariats_prives=100816.55,
        autres_produits=36298.74,
        subv_etat=311500.0,
        total_produits=988905.37,
        total_charges=993756.76,
        resultat=-4851.39,
        fonds_propres=73939.15,
        tresorerie=289936.35,
    )
    shown = funding.whole_euros(pd.DataFrame([row])).iloc[0]
    lines = [shown[line] for line in funding.SOURCE_LABELS]
    assert all(float(v).is_integer() for v in lines)
    # each line rounded alone would add up to 988 906 €: the lines add up to the total shown
    assert sum(lines) == shown["total_produits"] == 988_905
    assert shown["resultat"] == 988_905 - 993_757
    assert all(abs(shown[k] - row[k]) < 1 for k in funding.SOURCE_LABELS)
    again = funding.whole_euros(pd.DataFrame([shown]))
    assert again.iloc[0].equals(shown)


def test_column_changes_total_only_the_chambers_of_both_years(data, before):
    change = funding.column_changes(
        data.finances, before.finances, data.cres, "subv_conseil_regional", 2008, before.cres
    )
    assert change is not None
    rows = change.frame.set_index("code_region")
    assert (rows.loc["53", "now"], rows.loc["53", "before"], rows.loc["53", "change"]) == (
        200_000,
        150_000,
        50_000,
    )
    assert math.isnan(rows.loc["52", "before"])
    assert change.basis == ("53",) and change.only_now == ("52",) and change.only_before == ()
    assert (change.now, change.before, change.change) == (200_000, 150_000, 50_000)
    assert math.isclose(change.ratio, 1 / 3)
    assert "52" not in change.network_before and "52" in change.network_now
    assert funding.column_changes(data.finances, None, data.cres, "subv_cdc", 2008) is None


def test_full_table_total_row(data):
    full = funding.full_table(data.finances, data.cres, funding.OWN_LINES)
    assert full.iloc[-1]["Chambre"] == "Ensemble des chambres"
    assert full.iloc[-1]["Total des produits"] == 575_000
    public = funding.full_table(data.finances, data.cres, funding.PUBLIC_LINES)
    assert "Total des produits" not in public and public.iloc[-1]["Conseil régional"] == 300_000


def test_mix_by_chamber_shares_sum_to_one(data):
    mix = funding.mix_by_chamber(data.finances, data.cres)
    assert list(mix.columns) == ["Code", "Chambre", *funding.group_names()]
    for share in mix[funding.group_names()].sum(axis=1):
        assert math.isclose(share, 1.0)
    assert funding.group_definitions()["État et Europe"] == ["État", "Fonds social européen"]


# --------------------------------------------------------------------------- staff


def test_health_by_chamber_lists_deficits_first_with_months_of_charges(data):
    frame = health.by_chamber(data.finances, data.cres)
    assert frame["code_region"].tolist() == ["52", "53"]  # the deficit first
    pays, bretagne = frame.iloc[0], frame.iloc[1]
    assert pays["resultat"] == -5000 and bretagne["resultat"] == 10000
    assert pays["marge"] == pytest.approx(-5000 / 175000)
    assert bretagne["mois_fonds_propres"] == pytest.approx(80000 / 390000 * 12)
    assert pays["mois_tresorerie"] == pytest.approx(15000 / 180000 * 12)


def test_health_headline_sums_the_results_and_counts_the_deficits(data):
    h = health.headline(data.finances, data.cres)
    assert (h.chambres, h.produits, h.charges, h.resultat) == (2, 575000, 570000, 5000)
    assert (h.deficitaires, h.excedentaires, h.equilibre) == (1, 1, 0)
    assert h.fonds_propres_negatifs == 1
    assert h.mois_fonds_propres == pytest.approx((80000 / 390000 * 12 - 2000 / 180000 * 12) / 2)
    assert health.in_deficit(data.finances, data.cres) == ["CRES Pays de la Loire"]
    assert health.negative_equity(data.finances, data.cres) == ["CRES Pays de la Loire"]


def test_health_without_accounts_has_no_median_not_zero(data):
    h = health.headline(data.finances.iloc[0:0], data.cres)
    assert h.chambres == 0 and math.isnan(h.mois_fonds_propres) and math.isnan(h.marge)


def test_deficits_compared_on_the_chambers_of_both_years(data, before):
    comparison = health.results_compared(
        data.finances, before.finances, data.cres, before.cres, data.year
    )
    assert comparison.basis == ("53",)  # Pays de la Loire was absent in 2007
    d = health.deficits_compared(comparison)
    assert (d.basis, d.before, d.now, d.both) == (1, 0, 0, ())


def test_staff_headline(data):
    h = staff.headline(data.rh)
    assert (h.postes, h.chambres, h.mis_a_disposition, h.cdi) == (3, 2, 1, 1)
    assert math.isclose(h.etp, 2.3) and math.isclose(h.etp_mis_a_disposition, 0.5)


def test_per_chamber_and_charges_per_fte(data):
    per = staff.per_chamber(data.rh, data.cres, data.finances).set_index("Code")
    assert per.loc["53", "Postes"] == 2 and math.isclose(per.loc["53", "ETP"], 1.5)
    assert math.isclose(per.loc["53", "Charges par ETP"], 390_000 / 1.5)


def test_a_chamber_without_staff_figures_has_none_not_zero(data):
    data.rh = data.rh[data.rh["code_region"] != "52"]
    per = staff.per_chamber(data.rh, data.cres).set_index("Code")
    assert math.isnan(per.loc["52", "Postes"]) and math.isnan(per.loc["52", "ETP"])
    assert staff.without_staff_figures(data.rh, data.cres) == ["CRES Pays de la Loire"]


def test_breakdown_by_function_in_contract_order(data):
    frame = staff.breakdown(data.rh, "fonction")
    assert list(frame["Fonction"])[:2] == ["Direction", "Chargé·e de mission"]
    assert math.isclose(frame["Part des ETP"].sum(), 1.0)
    assert frame.set_index("Fonction").loc["Direction", "Postes"] == 2


def test_lent_staff_and_lenders(data):
    assert list(staff.lent_staff(data.rh, data.cres)["Mis à disposition par"]) == ["Macif"]
    lenders = staff.lenders(data.rh)
    assert lenders.iloc[0]["Organisme"] == "Macif" and lenders.iloc[0]["Chambres"] == 1


def test_team_changes_on_the_chambers_of_both_years(data, before):
    change = staff.team_changes(data.rh, before.rh, data.cres, 2008, before.cres)
    assert change is not None
    posts = change.posts.frame.set_index("code_region")
    assert (posts.loc["53", "before"], posts.loc["53", "now"]) == (1, 2)
    fte = change.fte.frame.set_index("code_region")
    assert math.isclose(fte.loc["53", "change"], 0.5)
    # Pays de la Loire (2008 only) is listed, and left out of the totals
    assert change.fte.basis == ("53",) and change.fte.only_now == ("52",)
    assert (change.fte.before, change.fte.now, change.fte.change) == (1.0, 1.5, 0.5)
    assert staff.team_changes(data.rh, None, data.cres, 2008) is None


# --------------------------------------------------------------------------- governance


def test_family_matrix_counts_bureau_seats_at_the_board(data):
    board = governance.family_matrix(data.gouvernance, data.cres, "ca").set_index("Chambre")
    assert board.loc["CRES Bretagne", "Mut. assur."] == 1  # the bureau seat
    assert board.loc["CRES Bretagne", "Synd. empl."] == 1
    assert board.loc["CRES Bretagne", "Total"] == 2
    assert board.loc["Ensemble des chambres", "Total"] == 4


def test_a_chamber_without_bodies_has_no_seats_not_zero(data):
    data.gouvernance = data.gouvernance[data.gouvernance["code_region"] != "52"]
    board = governance.family_matrix(data.gouvernance, data.cres, "ca").set_index("Chambre")
    assert math.isnan(board.loc["CRES Pays de la Loire", "Total"])
    assert board.loc["Ensemble des chambres", "Total"] == 2
    assert governance.without_bodies(data.gouvernance, data.cres) == ["CRES Pays de la Loire"]
    assert list(governance.presence(data.gouvernance, data.cres, "gema")["Code"]) == ["53"]


def test_governance_headline(data):
    h = governance.headline(data.gouvernance)
    assert (h.sieges, h.ag, h.ca, h.bureau, h.chambres) == (9, 5, 4, 2, 2)


def test_presence_of_gema_and_employers(data):
    gema = governance.presence(data.gouvernance, data.cres, "gema").set_index("Chambre")
    assert gema.loc["CRES Bretagne", "Présence"] == "oui"
    assert gema.loc["CRES Bretagne", "Fonctions"] == "président (Macif)"
    assert governance.absent(gema.reset_index()) == ["CRES Pays de la Loire"]
    macif = governance.presence(data.gouvernance, data.cres, "macif")
    assert list(macif["Présence"]) == ["non", "oui"]


# --------------------------------------------------------------------------- profile


def test_profile_of_a_full_chamber(data):
    who = profile.identity(data, "53")
    assert who["nom"] == "CRES Bretagne" and who["creation"] == "1995"
    assert profile.missing(data, "53") == []
    row = profile.accounts(data, "53")
    assert row is not None
    mix = profile.income_mix(row)
    assert mix.iloc[-1]["Montant"] == 400_000
    assert math.isclose(mix.iloc[:-1]["Montant"].sum(), 400_000)
    assert math.isclose(profile.reserves_months(row), 80_000 / 390_000 * 12)
    assert profile.president(data, "53") == "Macif"
    seats = profile.seats_by_family(data, "53")
    assert seats.iloc[-1]["Famille"] == "Total"
    assert seats.iloc[-1]["Conseil d'administration"] == 2


def test_profile_of_a_chamber_without_accounts_says_so(data):
    data = YearData(
        data.year,
        cres=data.cres,
        finances=data.finances[data.finances["code_region"] != "52"],
        rh=data.rh,
        gouvernance=data.gouvernance,
    )
    assert profile.accounts(data, "52") is None
    assert profile.missing(data, "52") == ["ses comptes de l'exercice"]
    assert profile.identity(data, "52")["creation"] == "non renseignée"


# --------------------------------------------------------------------------- quality


def _results(success: bool) -> YearResults:
    rule = RuleResult(
        rule="expect_column_values_to_be_between",
        column="etp",
        description="ETP entre 0 et 1",
        success=success,
        failed_count=0 if success else 1,
        rows=[] if success else [FailingRow(3, "53", "1,5")],
    )
    return YearResults(
        2008,
        "/x",
        [
            DatasetResult("rh", file="rh.csv", sha256="a" * 64, encoding="utf-8", rules=[rule]),
            DatasetResult("cres", file="cres.xlsx", error="cres.xlsx : le fichier est vide"),
        ],
    )


def test_quality_summary_and_failing_rows():
    results = _results(success=False)
    summary = quality.summary(results).set_index("Jeu de données")
    assert summary.loc["rh", "Non respectées"] == 1 and summary.loc["rh", "État"] == "à corriger"
    assert summary.loc["cres", "État"] == "illisible"
    assert quality.read_errors(results) == ["cres.xlsx : le fichier est vide"]
    rows = quality.failing_rows(results)
    assert rows.iloc[0].to_dict() == {
        "Fichier": "rh.csv",
        "Colonne": "etp",
        "Règle": "ETP entre 0 et 1",
        "Ligne": 3,
        "Code région": "53",
        "Valeur": "1,5",
    }
    assert quality.rules_table(results, "rh").iloc[0]["Résultat"] == "1 ligne(s) en défaut"


def test_results_round_trip_through_json():
    results = _results(success=False)
    again = YearResults.from_json(results.to_json())
    assert again == results and again.success is False
    assert YearResults.from_json(_results(success=True).to_json()).dataset("rh").success


# --------------------------------------------------------------------------- tables


def test_with_total_sums_only_the_named_columns():
    frame = pd.DataFrame({"Chambre": ["a", "b"], "Code": ["1", "2"], "N": [1, 2]})
    total = with_total(frame, ["N"], "Chambre").iloc[-1]
    assert (total["Chambre"], total["Code"], total["N"]) == ("Total", "", 3)

"""Figures to check with a chamber (issue 19): the checks are data, each says its figures.

On the tiny year (two chambers): a grant that changes by more than half, a result that is a
large share of income, charges per FTE far above the network; the rules file refused with
its line and column; the sentences as the quality page and the profile write them.
"""

from __future__ import annotations

import pytest
from support.data import mini_year

from cres_reports import config
from cres_reports.analysis import plausibility
from cres_reports.present.quality import said

RULES = plausibility.default_rules()


def _rule(kind: str, parameter: str = "") -> plausibility.Rule:
    return next(r for r in RULES if r.kind == kind and r.parameter == parameter)


def _edit(old: str, new: str):
    def edit(folder):
        path = folder / "finances.csv"
        path.write_text(path.read_text().replace(old, new))

    return edit


def test_the_project_s_checks_are_read_from_expectations():
    assert config.PLAUSIBILITY_RULES.name == "plausibilite.csv"
    assert {r.kind for r in RULES} == set(plausibility.FINDERS)


def test_a_grant_changed_by_more_than_half_is_to_check(tmp_path):
    # Bretagne's regional grant 200 000 → 450 000 € (its income too): +125 %
    now = mini_year(tmp_path / "a", 2009, _edit("53,200000,", "53,450000,"))
    before = mini_year(tmp_path / "b", 2008)
    rule = _rule(plausibility.GRANT_CHANGE, "subv_conseil_regional")
    (check,) = plausibility.checks(now, before, [rule])
    assert (check.chamber, check.value, check.reference) == ("CRES Bretagne", 450000, 200000)
    assert said(check, 2009) == (
        "a une subvention du conseil régional de 450\u202f000\u00a0€, contre 200\u202f000\u00a0€ "
        "en 2008 (+125,0\u00a0%, plus de 50\u00a0% d'écart)"
    )
    assert plausibility.checks(now, None, [rule]) == []  # no year before: nothing to compare
    same = mini_year(tmp_path / "c", 2009)
    assert plausibility.checks(same, before, [rule]) == []


def test_a_result_above_a_quarter_of_income_is_to_check(tmp_path):
    # Pays de la Loire: 175 000 € of income, 180 000 € of charges → 60 000 € of charges
    data = mini_year(tmp_path, 2009, _edit(",175000,180000,", ",175000,235000,"))
    (check,) = plausibility.checks(data, None, [_rule(plausibility.RESULT_SHARE)])
    assert check.chamber == "CRES Pays de la Loire" and check.value == -60000
    assert said(check).startswith("déclare un résultat de −60\u202f000\u00a0€ pour 175\u202f000")
    assert "(−34,3\u00a0% des produits, au-delà de 25\u00a0% en plus ou en moins)" in said(check)


@pytest.mark.parametrize(
    "row, message",
    [
        ({"verification": "inconnue", "seuil": "", "phrase": "x"}, "ligne 2, colonne verification"),
        (
            {"verification": "charges_par_etp", "seuil": "deux", "phrase": "x"},
            "ligne 2, colonne seuil : « deux » n'est pas un nombre",
        ),
    ],
)
def test_a_wrong_rules_file_is_refused_naming_its_line_and_column(row, message):
    with pytest.raises(ValueError, match=message):
        plausibility.parse_rules([row], "plausibilite.csv")

"""The demonstration data: reproducible, true to the 2008 report, and to the contract."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cres_reports import config
from cres_reports.ingest import contract
from tools import demo

# xdist: one worker runs the module (`shipped`, every shipped year: written once)
pytestmark = pytest.mark.xdist_group("demo")

SHIPPED_YEARS = (2007, 2008, 2009, 2010)
OTHER_YEARS = (1990, 2012, 2016, 2030)
NON_MEMBERS_2008 = {"01", "94", "03"}
SETTING_UP = {"94", "03"}  # Corse, Guyane: no accounts nor staff before 2009
EN_STRUCTURATION = {"83", "23"}  # Auvergne, Haute-Normandie


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """Every shipped year before the reform (the survey years' 47 workbooks take a while)."""
    root = tmp_path_factory.mktemp("raw")
    demo.write_demo(root, SHIPPED_YEARS)
    return root


@pytest.fixture(scope="module")
def flat(tmp_path_factory) -> Path:
    """The flat-file years only (2007, 2008): quick enough for the fast tier."""
    root = tmp_path_factory.mktemp("flat")
    demo.write_demo(root, (2007, 2008))
    return root


@pytest.fixture(scope="module", params=SHIPPED_YEARS + OTHER_YEARS)
def frames(request) -> tuple[int, dict[str, pd.DataFrame]]:
    return request.param, demo.build_year(request.param)


def _cents(series: pd.Series) -> pd.Series:
    return (series * 100).round().astype("int64")


def _french_amount(text: pd.Series) -> pd.Series:
    """`-1 234,56 €` -> -1234.56, as the reader must do it."""
    cleaned = text.str.replace("€", "").str.replace(r"[ \u00a0\u202f]", "", regex=True)
    return cleaned.str.replace(",", ".").astype(float)


# --- determinism ---------------------------------------------------------------------


@pytest.mark.slow
def test_same_arguments_give_identical_bytes(shipped, tmp_path):
    again = demo.write_demo(tmp_path, SHIPPED_YEARS)
    names = sorted(p.relative_to(tmp_path).as_posix() for p in again)
    assert names == sorted(p.relative_to(shipped).as_posix() for p in shipped.rglob("*.*"))
    assert any(name.endswith(".xlsx") for name in names)
    for name in names:
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


def test_seed_changes_the_figures(tmp_path):
    first = demo.build_finances(2008, seed=1)
    second = demo.build_finances(2008, seed=2)
    assert not first["total_produits"].equals(second["total_produits"])


@pytest.mark.slow
def test_shipped_data_is_what_the_generator_writes(shipped):
    raw = config.PROJECT_ROOT / "data" / "raw"
    for year in SHIPPED_YEARS:
        folder = shipped / str(year)
        written = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
        if not (raw / str(year)).is_dir():
            pytest.skip("demonstration data not generated in data/raw")
        shipped_files = sorted(
            p.relative_to(raw / str(year)) for p in (raw / str(year)).rglob("*") if p.is_file()
        )
        assert shipped_files == written
        for name in written:
            path = raw / str(year) / name
            assert path.read_bytes() == (folder / name).read_bytes(), path


def test_manifest(flat):
    path = flat / "2008" / config.MANIFEST_NAME
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document == {
        "arrete_au": "2009-03-31",
        "year": 2008,
        "demonstration": True,
        "description": demo.DESCRIPTION,
        "generator": "cres_reports.demo",
        "seed": 2008,
        "size": 1,
    }
    assert path.read_text(encoding="utf-8").endswith("}\n")


# --- the 2008 report, read back from the files -----------------------------------------


def test_2008_network(flat):
    cres = pd.read_csv(flat / "2008" / "cres.csv", encoding="cp1252", sep=";", dtype=str)
    assert list(cres.columns) == contract.column_names("cres")
    assert len(cres) == 26
    assert set(cres["code_region"]) == set(contract.regions_for_year(2008))
    members = cres["adherent"].str.lower() == "oui"
    assert members.sum() == 23
    assert set(cres.loc[~members, "code_region"]) == NON_MEMBERS_2008
    assert set(cres["adherent"]) - {"oui", "non"}, "mixed-case booleans expected"
    statut = cres.set_index("code_region")["statut"]
    assert set(statut[statut == "en_structuration"].index) == EN_STRUCTURATION
    assert (statut.drop(list(EN_STRUCTURATION)) == "structuree").all()


def test_2008_accounts_and_staff(flat):
    for dataset in ("finances", "rh"):
        path = flat / "2008" / f"{dataset}.csv"
        frame = pd.read_csv(path, encoding="cp1252", sep=";", dtype=str)
        assert list(frame.columns) == contract.column_names(dataset)
        assert not set(frame["code_region"]) & SETTING_UP
        assert len(set(frame["code_region"])) == 24


def test_2008_amounts_read_back_to_the_cent(flat):
    path = flat / "2008" / "finances.csv"
    assert b"\r\n" in path.read_bytes()
    text = pd.read_csv(path, encoding="cp1252", sep=";", dtype=str)
    assert text["total_produits"].str.endswith(" €").all()
    assert text["total_produits"].str.contains("\u00a0").any()
    assert text["total_produits"].str.contains(",").any()
    expected = demo.build_finances(2008)
    for column in contract.INCOME_LINES + ("total_produits", "resultat", "tresorerie"):
        assert (_cents(_french_amount(text[column])) == _cents(expected[column])).all(), column


def test_2008_governance_xlsx_has_text_codes(flat):
    path = flat / "2008" / "gouvernance.xlsx"
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == contract.column_names("gouvernance")
    codes = [row[0] for row in rows[1:]]
    assert all(isinstance(code, str) and len(code) == 2 for code in codes)
    assert "01" in codes
    frame = pd.read_excel(path, dtype={"code_region": str})
    assert len(frame) == len(demo.build_gouvernance(2008))


@pytest.mark.slow
def test_2009_and_2010_are_survey_responses(shipped):
    """2009: every chamber's workbook came back; 2010: 21 of 26, two incomplete."""
    from cres_reports.ingest import responses
    from cres_reports.ingest.year import read_year

    cres_path = shipped / "2009" / "cres.csv"
    assert cres_path.read_bytes().startswith(b"\xef\xbb\xbf")
    cres = pd.read_csv(cres_path, encoding="utf-8-sig", sep=";", dtype=str)
    assert (cres["adherent"] == "oui").sum() == 26
    for year, received, incomplete in ((2009, 26, 0), (2010, 21, 2)):
        folder = shipped / str(year)
        assert not [p for p in folder.iterdir() if p.stem in config.CHAMBER_DATASETS]
        files = sorted((folder / config.RESPONSES_DIR).iterdir())
        assert len(files) == received
        assert {p.suffix for p in files} == {".xlsx", ".ods"}
        found = read_year(folder, year)
        assert not found.errors and not found.survey.errors
        statuses = responses.tracking(found.survey, found.network)
        assert sum(s.received for s in statuses) == received
        assert sum(s.status == responses.STATUS_INCOMPLETE for s in statuses) == incomplete
    # 2009 reads as the flat files of before: the same chambers, the same figures.
    found = read_year(shipped / "2009", 2009)
    finances = found.tables["finances"].frame.set_index("code_region")
    expected = demo.build_finances(2009).set_index("code_region")
    assert set(finances.index) == set(cres["code_region"])
    pd.testing.assert_series_equal(
        finances["total_produits"].sort_index(),
        expected["total_produits"].sort_index(),
        check_names=False,
    )
    assert len(found.tables["rh"].frame) == len(demo.build_rh(2009))


def test_2007_plain_csv(flat):
    cres = pd.read_csv(flat / "2007" / "cres.csv", dtype=str)
    assert len(cres) == 26
    assert (cres["adherent"] == "oui").sum() == 21
    assert set(cres.loc[cres["statut"] == "en_structuration", "code_region"]) == EN_STRUCTURATION
    finances = pd.read_csv(flat / "2007" / "finances.csv", dtype={"code_region": str})
    assert not set(finances["code_region"]) & SETTING_UP
    assert pd.api.types.is_float_dtype(finances["total_produits"])


# --- the contract, on the generated frames -------------------------------------------


def test_columns_in_contract_order(frames):
    _, data = frames
    for dataset, frame in data.items():
        assert list(frame.columns) == contract.column_names(dataset)


def test_cres_rules(frames):
    year, data = frames
    cres = data["cres"]
    regions = contract.regions_for_year(year)
    regions = {c: n for c, n in regions.items() if c not in demo.NO_CHAMBER}  # Mayotte
    assert cres["code_region"].str.fullmatch(r"\d{2}").all()
    assert cres["code_region"].is_unique
    assert dict(zip(cres["code_region"], cres["region"], strict=True)) == regions
    assert cres["nom_cres"].str.fullmatch(r"CRESS? .+").all()
    assert cres["adherent"].isin(["oui", "non"]).all()
    assert cres["statut"].isin(contract.STATUSES).all()
    creation = cres["annee_creation"].dropna()
    assert creation.between(config.EARLIEST_CREATION_YEAR, year).all()
    assert cres["annee_creation"].isna().sum() >= 2


def test_finances_rules(frames):
    year, data = frames
    finances, codes = data["finances"], set(data["cres"]["code_region"])
    assert finances["code_region"].is_unique
    assert set(finances["code_region"]) <= codes
    lines = finances[list(contract.INCOME_LINES)]
    assert (lines >= 0).all().all()
    assert (finances[["total_produits", "total_charges"]] >= 0).all().all()
    income = sum(_cents(finances[c]) for c in contract.INCOME_LINES)
    assert (income == _cents(finances["total_produits"])).all()
    result = _cents(finances["total_produits"]) - _cents(finances["total_charges"])
    assert (result == _cents(finances["resultat"])).all()
    # A chamber born of the 2016 merger is the size of its predecessors together.
    scale = finances["code_region"].map(lambda c: max(len(demo.merged_from(c)), 1))
    assert finances["total_produits"].between(150_000, 1_700_000 * scale * 1.6).all()
    for column in ("convention_conseil_regional", "convention_cdc"):
        assert finances[column].isin(["oui", "non"]).all()
    assert (finances.loc[finances["convention_cdc"] == "oui", "subv_cdc"] > 0).all()


def test_funding_shares_are_realistic():
    finances = demo.build_finances(2008)
    total = finances["total_produits"]
    assert (finances["subv_etat"] / total).between(0.09, 0.51).all()
    assert (finances["subv_conseil_regional"] / total).between(0.09, 0.81).all()
    assert 0 < (finances["subv_cdc"] > 0).sum() < len(finances)
    assert total.max() / total.min() > 3
    assert (finances["resultat"] < 0).any() and (finances["resultat"] > 0).any()


def test_rh_rules(frames):
    _, data = frames
    rh = data["rh"]
    assert set(rh["code_region"]) <= set(data["cres"]["code_region"])
    assert rh["fonction"].isin(contract.FUNCTIONS_RH).all()
    assert rh["contrat"].isin(contract.CONTRACTS).all()
    assert ((rh["etp"] > 0) & (rh["etp"] <= 1)).all()
    lent = rh["contrat"] == contract.LENT
    assert rh.loc[lent, "mis_a_disposition_par"].notna().all()
    assert rh.loc[~lent, "mis_a_disposition_par"].isna().all()
    posts = rh.groupby("code_region").size()
    assert posts.between(1, demo.MAX_POSTS).all()


def test_gouvernance_rules(frames):
    _, data = frames
    seats = data["gouvernance"]
    assert set(seats["code_region"]) <= set(data["cres"]["code_region"])
    assert seats["instance"].isin(contract.BODIES).all()
    assert seats["famille"].isin(contract.FAMILIES).all()
    assert seats["fonction"].isin(contract.SEAT_FUNCTIONS).all()
    presidents = seats[seats["fonction"] == "president"]
    assert (presidents["instance"] == "bureau").all()
    assert presidents["code_region"].is_unique
    assert set(presidents["code_region"]) == set(seats["code_region"])
    others = seats[seats["instance"] != "bureau"]
    assert (others["fonction"] == "membre").all()
    assert seats["representant"].notna().any() and seats["representant"].isna().any()


def test_governance_sizes_and_members():
    seats = demo.build_gouvernance(2009)
    sizes = seats.groupby(["code_region", "instance"]).size().unstack()
    assert sizes["bureau"].between(5, 10).all()
    assert (sizes["bureau"] + sizes["ca"]).between(15, 40).all()
    assert (sizes["ag"] > sizes["bureau"] + sizes["ca"]).all()
    sitting = seats.groupby("organisation")["code_region"].nunique()
    for organisation in ("Macif", "USGERES"):
        assert 0 < sitting[organisation] < 26, organisation
    gema = seats.loc[seats["groupement"] == "GEMA", "famille"]
    assert (gema == "mutuelle_assurance").all()


def test_reform_years_use_the_new_codes():
    for year in (2016, 2025):
        data = demo.build_year(year)
        codes = set(contract.regions_for_year(year))
        assert len(codes) == 18
        chambers = codes - set(demo.NO_CHAMBER)  # Mayotte: a region without a chamber
        assert set(data["cres"]["code_region"]) == chambers
        assert set(data["finances"]["code_region"]) == chambers
    assert "06" not in set(demo.build_cres(2012)["code_region"])


def test_size_multiplies_staff_and_seats():
    small = demo.build_year(2009, size=1)
    large = demo.build_year(2009, size=3)
    ratio = len(large["rh"]) / len(small["rh"])
    assert 2.8 <= ratio <= 3.2
    assert len(large["gouvernance"]) > 2.5 * len(small["gouvernance"])
    assert large["finances"].equals(small["finances"])
    assert (large["gouvernance"]["fonction"] == "president").sum() == 26


def test_command_line_accepts_ranges(tmp_path, capsys):
    written = demo.main(["--out", str(tmp_path), "--years", "2011-2012", "2014", "--seed", "7"])
    assert {p.relative_to(tmp_path).parts[0] for p in written} == {"2011", "2012", "2014"}
    assert (tmp_path / "2011" / "finances.csv").is_file()
    manifest = json.loads((tmp_path / "2014" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 7
    assert str(tmp_path) in capsys.readouterr().out


def test_rejects_bad_arguments(tmp_path):
    with pytest.raises(SystemExit):
        demo.main(["--out", str(tmp_path), "--years", "2009-2007"])
    with pytest.raises(ValueError):
        demo.write_demo(tmp_path, [2008], size=0)


# --- across the 2016 reform ------------------------------------------------------------

REFORM_YEARS = (2015, 2016, 2017)


def test_the_network_before_and_after_the_reform():
    """2015: 26 chambers on the old map; 2016: 17 on the new one, Mayotte without a chamber."""
    before, after = demo.build_cres(2015), demo.build_cres(2016)
    assert len(before) == 26 and set(before["code_region"]) == set(contract.reform_map())
    assert len(after) == 17 and "06" not in set(after["code_region"])
    assert set(after["code_region"]) == set(contract.map_2016()) - {"06"}


def test_a_merged_chamber_is_the_size_of_its_predecessors_together():
    fin_2015 = demo.build_finances(2015).set_index("code_region")["total_produits"]
    fin_2016 = demo.build_finances(2016).set_index("code_region")["total_produits"]
    posts_2016 = demo.build_rh(2016)["code_region"].value_counts()
    for new, old in (("44", ["21", "41", "42"]), ("75", ["54", "72", "74"]), ("28", ["23", "25"])):
        assert 0.8 < fin_2016[new] / fin_2015[old].sum() < 1.25, new
        assert posts_2016[new] >= demo.MAX_POSTS - 2, new  # a full team, as a profile lists it


@pytest.mark.slow
def test_shipped_reform_years_are_what_the_generator_writes(tmp_path):
    raw = config.PROJECT_ROOT / "data" / "raw"
    if not (raw / "2016").is_dir():
        pytest.skip("demonstration data not generated in data/raw")
    demo.write_demo(tmp_path, REFORM_YEARS)
    for year in REFORM_YEARS:
        folder, shipped_folder = tmp_path / str(year), raw / str(year)
        written = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
        shipped_files = sorted(
            p.relative_to(shipped_folder) for p in shipped_folder.rglob("*") if p.is_file()
        )
        assert shipped_files == written
        for name in written:
            assert (shipped_folder / name).read_bytes() == (folder / name).read_bytes(), name


def test_an_ods_is_the_same_after_odfpy_met_other_namespaces(tmp_path, monkeypatch):
    """odfpy remembers every namespace its process met (reading a LibreOffice file adds
    `ns<n>` ones): the generator's .ods must not depend on what the process read before."""
    import datetime as dt

    from odf import element, namespaces

    from cres_reports.survey import workbook

    book = workbook.build(2009, "53", "CRES Bretagne", "Bretagne", {}, 2008)
    stamp = dt.datetime(2010, 3, 15, 10, 0)
    before = demo.save_ods(book, tmp_path / "a.ods", stamp).read_bytes()
    monkeypatch.setitem(namespaces.nsdict, "urn:example:met-while-reading", "ns99")
    assert element._nsassign("urn:example:met-while-reading") == "ns99"
    assert demo.save_ods(book, tmp_path / "b.ods", stamp).read_bytes() == before

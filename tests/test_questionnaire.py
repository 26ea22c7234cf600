"""The questionnaire definition agrees with the survey contract (docs/survey-contract.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.data import ROOT

from cres_reports import config
from cres_reports.ingest import contract, questionnaire

DOCS = ROOT / "docs"
SHARED_DIR = ROOT.parent / "shared"  # the team's copies, beside the checkout (not in a clone)
REPO_COPY = DOCS / "survey-contract.md"
SHARED = SHARED_DIR / "survey-contract.md"
DATA_COPY = DOCS / "data-contract.md"
TEAM_DOCUMENTS = ("survey-contract.md", "data-contract.md", "council-contract.md")


def _sections(path: Path) -> dict[str, tuple[str, list[list[list[str]]]]]:
    """`### \\`Sheet\\` (…) → dataset \\`name\\`` sections: dataset -> (sheet title, its tables)."""
    found: dict[str, tuple[str, list[list[list[str]]]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### `([^`]+)` .*→ dataset `([a-z_]+)`", line)
        if heading:
            current = heading.group(2)
            found[current] = (heading.group(1), [])
            continue
        if line.startswith("#"):
            current = None
        if current and line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if set("".join(cells)) <= set("-: "):
                continue  # the separator row
            tables = found[current][1]
            if not tables or line_is_header(cells):
                tables.append([])
            tables[-1].append(cells)
    return found


def line_is_header(cells: list[str]) -> bool:
    return cells[0] in ("label", "French label of the mission")


def _contracts(repo_copy: Path) -> list[Path]:
    """The repository's copy, and the team's beside the checkout when there is one: the code
    is checked against both (a clean clone checks docs/ alone)."""
    shared = SHARED_DIR / repo_copy.name
    if not shared.is_file():
        print(f"notice: {shared} absent (clean clone): checking the repository's copy only")
        return [repo_copy]
    return [repo_copy, shared]


def _copy_id(path: Path) -> str:
    return str(path.relative_to(path.parent.parent))


@pytest.fixture(params=_contracts(REPO_COPY), ids=_copy_id)
def sections(request):
    return _sections(request.param)


@pytest.mark.parametrize("name", TEAM_DOCUMENTS)
def test_the_repository_copy_is_the_team_contract(name):
    """docs/ holds the team's contracts as they are; the code is checked against docs/ by the
    other tests of this module, so a clean clone (no ../shared) still checks something real."""
    shared = SHARED_DIR / name
    assert (DOCS / name).is_file()
    if not shared.is_file():
        pytest.skip(f"{shared} absent (clean clone): docs/{name} is checked against the code only")
    assert (DOCS / name).read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the raw data contract


def _data_tables(path: Path) -> dict[str, list[list[str]]]:
    """`### ``name.csv`` — …` sections of the data contract: dataset -> its table's rows."""
    found: dict[str, list[list[str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### `([a-z_]+)\.csv`", line)
        if heading:
            current = heading.group(1)
            found[current] = []
            continue
        if line.startswith("#"):
            current = None
        if current and line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not set("".join(cells)) <= set("-: "):
                found[current].append(cells)
    return found


@pytest.fixture(params=_contracts(DATA_COPY), ids=_copy_id)
def data_tables(request):
    return _data_tables(request.param)


def test_the_data_contract_lists_the_columns_the_readers_type(data_tables):
    """Version 1's datasets, their columns in order, as `ingest/contract.py` types them."""
    assert list(data_tables) == ["cres", "finances", "rh", "gouvernance"]
    for dataset, (header, *rows) in data_tables.items():
        assert header[0] == "column", dataset
        assert [row[0] for row in rows] == contract.column_names(dataset), dataset


def test_the_data_contract_allows_the_values_the_readers_allow(data_tables):
    """Each enumerated column's codes, in order; optional columns are the ones not required."""
    for dataset, (_, *rows) in data_tables.items():
        columns = {c.name: c for c in contract.SCHEMAS[dataset]}
        for name, *rule in rows:
            said = " ".join(rule)
            column = columns[name]
            if column.values:
                assert tuple(re.findall(r"`([a-z_]+)`", said)) == column.values, (dataset, name)
            if "optional" in said:
                assert not column.required, (dataset, name)


def test_every_sheet_of_the_contract_is_defined_in_order(sections):
    form = questionnaire.load()
    assert list(sections) == list(form.datasets) == list(config.CHAMBER_DATASETS)
    assert [title for title, _ in sections.values()] == [s.title for s in form.sheets]


def test_labels_and_columns_agree(sections):
    form = questionnaire.load()
    for dataset, (_, tables) in sections.items():
        rows = tables[0][1:]
        sheet = form.sheet(dataset)
        assert [r[0] for r in rows] == [q.label for q in sheet.questions], dataset
        # The column cell may carry the values: `cpca_membre (Oui/Non)`.
        columns = [r[1].split()[0] for r in rows]
        assert columns == [q.name for q in sheet.questions], dataset


def test_choice_labels_agree(sections):
    form = questionnaire.load()
    for dataset, (_, tables) in sections.items():
        header, *rows = tables[0]
        sheet = form.sheet(dataset)
        for row in rows:
            question = sheet.question(row[1].split()[0])
            labels = list(form.labels(question.choices).values()) if question.choices else []
            if "French labels of the values" in header:
                values = row[header.index("French labels of the values")]
                if question.type == questionnaire.SELECT_ONE and dataset != "missions":
                    assert values == ", ".join(labels), (dataset, question.name)
            text = " ".join(row)
            if "Oui" in text and question.type == questionnaire.BOOLEAN:
                assert labels == ["Oui", "Non"]
            if "Oui / Non / En projet" in text:
                assert labels == ["Oui", "Non", "En projet"]
                codes = re.findall(r"`([a-z_]+)`", text)
                assert codes == list(form.codes(question.choices))


def test_missions_and_activity_codes_agree(sections):
    form = questionnaire.load()
    _, tables = sections["missions"]
    missions = tables[1][1:]
    assert [(label, code.strip("`")) for label, code in missions] == [
        (c.label, c.code) for c in form.choices["missions"]
    ]
    text = REPO_COPY.read_text(encoding="utf-8")
    codes = re.search(r"Codes of `type`: (.*)\.", text)
    assert codes is not None
    assert re.findall(r"`([a-z_]+)`", codes.group(1)) == list(form.codes("type_activite"))


def test_rules_say_what_the_definition_says(sections):
    """`optional` in the contract's rule column is a question not required; kinds agree."""
    form = questionnaire.load()
    for dataset, (_, tables) in sections.items():
        header, *rows = tables[0]
        if "rule" not in header:
            continue
        for row in rows:
            rule = row[header.index("rule")]
            question = form.sheet(dataset).question(row[1])
            assert question.required == ("optional" not in rule), (dataset, question.name)
            if rule.startswith("integer"):
                assert question.type == questionnaire.INTEGER
            if rule.startswith("number"):
                assert question.type == questionnaire.DECIMAL
            if rule.startswith("free text"):
                assert question.type == questionnaire.TEXT


def test_version_1_schemas_are_unchanged_by_the_questionnaire():
    """finances, rh and gouvernance come from the questionnaire now: as version 1 wrote them."""
    assert contract.column_names("rh") == [
        "code_region",
        "poste",
        "fonction",
        "contrat",
        "etp",
        "mis_a_disposition_par",
    ]
    assert contract.column_names("gouvernance") == [
        "code_region",
        "instance",
        "organisation",
        "famille",
        "groupement",
        "fonction",
        "representant",
    ]
    finances = contract.column_names("finances")
    assert finances[1:10] == list(contract.INCOME_LINES)
    assert finances[10:] == [
        "total_produits",
        "total_charges",
        "resultat",
        "fonds_propres",
        "tresorerie",
        "convention_conseil_regional",
        "convention_cdc",
    ]
    assert contract.CONTRACTS == ("cdi", "cdd", "mise_a_disposition", "contrat_aide", "autre")
    assert contract.BODIES == ("ag", "ca", "bureau")


def test_labels_are_unique_per_sheet_and_read_back_as_codes():
    form = questionnaire.load()
    for sheet in form.sheets:
        labels = [questionnaire.normalise(q.label) for q in sheet.questions]
        assert len(set(labels)) == len(labels), sheet.title
    assert form.code_of("contrat", "  contrat AIDÉ ") == "contrat_aide"
    assert form.code_of("famille", "Mutuelle d\u2019assurance") == "mutuelle_assurance"
    assert form.code_of("contrat", "Intérim") is None


def test_labels_naming_an_organisation_follow_the_exercise_year():
    """The regional CPCA became « Le Mouvement associatif » in 2014 (labels.csv)."""
    before, after = questionnaire.for_year(2011), questionnaire.for_year(2015)
    for form in (before, after):
        assert form.datasets == questionnaire.load().datasets  # same columns every year
    old = before.sheet("relations_cpca")
    new = after.sheet("relations_cpca")
    assert [q.name for q in old.questions] == [q.name for q in new.questions]
    texts_before = [old.instruction, *(q.label for q in old.questions)]
    texts_after = [q.label for q in new.questions if q.name != "actions_communes"]
    assert not any("Mouvement associatif" in t for t in texts_before)
    assert all("Mouvement associatif" in t for t in texts_after)
    assert not any("CPCA" in t for t in texts_after)
    assert "Mouvement associatif" in new.instruction


def test_a_workbook_is_written_and_read_with_the_labels_of_its_year(tmp_path):
    from support.data import mini_records, response_book, save_response

    from cres_reports.ingest import responses

    path = save_response(response_book("53", 2015), tmp_path / "enquete-53.xlsx")
    sheet = load_workbook(path)["Relations CPCA"]
    column_a = [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]
    label = questionnaire.for_year(2015).sheet("relations_cpca").question("convention").label
    assert label in column_a
    read = responses.read_response(path, 2015)
    expected = mini_records("53")["relations_cpca"][0]["convention"]
    assert read.records["relations_cpca"][0]["convention"].text.casefold() == expected

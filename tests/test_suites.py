"""The hand-written suites: loadable whole, in step with the contract and the reader."""

from __future__ import annotations

import json

import pytest

from cres_reports import config
from cres_reports.ingest import contract, values
from cres_reports.validate import derive as rules
from cres_reports.validate import gate as validation


@pytest.mark.parametrize("dataset", config.DATASETS)
def test_every_expectation_survives_loading(dataset):
    document = validation.load_suite_document(dataset)
    suite = validation.build_suite(document)
    assert len(suite.expectations) == len(document["expectations"]) > 5


def test_an_unknown_expectation_is_refused_not_dropped():
    document = validation.load_suite_document("rh")
    document["expectations"].append(
        {"type": "expect_column_values_to_be_wonderful", "kwargs": {"column": "etp"}}
    )
    with pytest.raises(validation.SuiteError):
        validation.build_suite(document)


@pytest.mark.parametrize("dataset", config.DATASETS)
def test_suites_cover_every_contract_column(dataset):
    document = validation.load_suite_document(dataset)
    checked = {
        rules.shown_column(e["kwargs"].get("column") or e["kwargs"].get("column_A"))
        for e in document["expectations"]
    }
    expected = {
        c.name
        for c in contract.SCHEMAS[dataset]
        if (c.required or c.kind != contract.TEXT) and c.name not in contract.PERSONAL_COLUMNS
    }
    assert expected <= checked


@pytest.mark.parametrize("dataset", config.DATASETS)
def test_required_columns_are_checked_for_presence(dataset):
    document = validation.load_suite_document(dataset)
    not_null = {
        rules.shown_column(e["kwargs"]["column"])
        for e in document["expectations"]
        if e["type"] == "expect_column_values_to_not_be_null" and "row_condition" not in e["kwargs"]
    }
    assert {c.name for c in contract.SCHEMAS[dataset] if c.required} == not_null


def test_format_patterns_in_suites_are_the_readers():
    patterns = {
        e["kwargs"]["regex"]
        for dataset in config.DATASETS
        for e in json.loads((config.EXPECTATIONS_DIR / f"{dataset}.json").read_text())[
            "expectations"
        ]
        if e["type"] == "expect_column_values_to_match_regex"
        and e["kwargs"]["column"].endswith("__raw")
    }
    assert patterns == {
        values.NUMBER_PATTERN,
        values.INTEGER_PATTERN,
        values.BOOL_PATTERN,
        values.DATE_PATTERN,
    }


@pytest.mark.parametrize("dataset", config.DATASETS)
def test_enumerations_match_the_contract(dataset):
    """Literal sets (version 1) or questionnaire parameters (version 2): the contract's codes."""
    document = validation.load_suite_document(dataset)
    parameters = rules.parameters(2010, ["53"])
    for column in contract.SCHEMAS[dataset]:
        if column.values:
            sets = [
                e["kwargs"]["value_set"]
                for e in document["expectations"]
                if e["type"] == "expect_column_values_to_be_in_set"
                and e["kwargs"]["column"] == column.name
                and "row_condition" not in e["kwargs"]
            ]
            resolved = [parameters[s["$PARAMETER"]] if isinstance(s, dict) else s for s in sets]
            assert resolved == [list(column.values)]


@pytest.mark.parametrize("dataset", config.OPTIONAL_DATASETS)
def test_survey_suites_take_their_value_sets_from_the_questionnaire(dataset):
    document = validation.load_suite_document(dataset)
    literal = [
        e["kwargs"]["column"]
        for e in document["expectations"]
        if e["type"] == "expect_column_values_to_be_in_set"
        and not isinstance(e["kwargs"]["value_set"], dict)
    ]
    assert not literal
    assert all(e["meta"].get("description") for e in document["expectations"])

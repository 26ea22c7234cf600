"""The Great Expectations gate: the only module that imports GE (3 s, 200 MB).

Suites are the hand-written JSON files of `expectations/`; they are read, never
written. Results come back typed (`results.YearResults`), kept as JSON for the
data-quality report.
"""

from __future__ import annotations

import json
import logging
import os
from functools import cache
from pathlib import Path

from .. import config, digests
from ..ingest import responses
from ..ingest.readers import ROW, Table
from ..ingest.table import ORIGIN_COLUMNS
from ..ingest.year import read_year
from . import derive
from .results import DatasetResult, RuleResult, SurveyResult, YearResults


class SuiteError(Exception):
    """A suite file that is broken or lost expectations on loading."""


def load_suite_document(dataset: str, expectations_dir: Path | None = None) -> dict:
    path = Path(expectations_dir or config.EXPECTATIONS_DIR) / f"{dataset}.json"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SuiteError(f"{path}: suite illisible ({exc})") from None
    for number, expectation in enumerate(document.get("expectations", [])):
        expectation.setdefault("meta", {})["rule_index"] = number
    return document


@cache
def _context():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    logging.captureWarnings(False)  # GE turns it on: warnings would vanish
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}  # type: ignore[assignment]
    return gx, context.data_sources.add_pandas("raw_files")


def build_suite(document: dict):
    """A GE suite from its JSON, refusing any expectation GE would silently drop."""
    gx, _ = _context()
    expected = len(document.get("expectations", []))
    try:
        suite = gx.ExpectationSuite(name=document["name"], expectations=document["expectations"])
    except Exception as exc:  # GE raises its own error types for a bad expectation
        raise SuiteError(f"suite {document.get('name')}: {exc}") from None
    if len(suite.expectations) != expected:
        raise SuiteError(
            f"suite {document['name']}: {expected} expectations written, "
            f"{len(suite.expectations)} loaded (type inconnu de Great Expectations ?)"
        )
    return suite


@cache
def _batch_definition(dataset: str):
    _, source = _context()
    return source.add_dataframe_asset(dataset).add_batch_definition_whole_dataframe("all")


def validate_table(table: Table, year: int, cres_codes, expectations_dir=None) -> list[RuleResult]:
    """Run the dataset's suite on one read table; one dict per rule, in suite order."""
    document = load_suite_document(table.dataset, expectations_dir)
    suite = build_suite(document)
    frame = derive.derive(table.dataset, table.frame, year)
    batch = _batch_definition(table.dataset).get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(
        suite,
        expectation_parameters=derive.parameters(year, cres_codes),
        result_format={
            "result_format": "COMPLETE",
            "unexpected_index_column_names": [
                ROW,
                "code_region",
                *(c for c in ORIGIN_COLUMNS if c in frame),
            ],
        },
    )
    by_index = {r.expectation_config.meta["rule_index"]: r for r in result.results}
    return [_rule_outcome(spec, by_index.get(i)) for i, spec in enumerate(document["expectations"])]


def _rule_outcome(spec: dict, result) -> RuleResult:
    column = spec["kwargs"].get("column") or spec["kwargs"].get("column_A")
    outcome = RuleResult(
        rule=spec["type"],
        column=derive.shown_column(column),
        description=spec["meta"].get("description", spec["type"]),
        success=bool(result is not None and result.success),
    )
    if result is None:
        outcome.error = "règle non évaluée"
        return outcome
    errors = _exception_messages(result.exception_info or {})
    if errors:
        outcome.success = False
        outcome.error = "; ".join(errors)
    index_list = result.result.get("unexpected_index_list") or []
    outcome.failed_count = int(result.result.get("unexpected_count") or len(index_list))
    outcome.rows = derive.failing_rows(column, index_list)[: derive.MAX_ROWS_KEPT]
    return outcome


def _exception_messages(info: dict) -> list[str]:
    # GE reports either one flat record or one record per failed metric.
    records = [info] if "raised_exception" in info else list(info.values())
    return [
        r["exception_message"] for r in records if isinstance(r, dict) and r.get("raised_exception")
    ]


def validate_year(
    data_dir: Path, year: int, expectations_dir=None
) -> tuple[YearResults, dict[str, Table]]:
    """Read and check every dataset of a year, from its flat files or its survey responses.

    Returns the typed results and the tables that could be read.
    """
    year_dir = config.raw_dir(data_dir, year)
    found = read_year(year_dir, year)
    datasets = []
    for dataset in config.DATASETS:
        if dataset in found.errors:
            exc = found.errors[dataset]
            datasets.append(
                DatasetResult(
                    dataset, file=found.source(dataset), error=str(exc), error_row=exc.row
                )
            )
        elif dataset in found.tables:
            table = found.tables[dataset]
            from_survey = table.path.is_dir()
            datasets.append(
                DatasetResult(
                    dataset,
                    file=found.source(dataset),
                    sha256=found.survey.digest
                    if from_survey and found.survey
                    else digests.digest_file(table.path),
                    encoding=table.encoding,
                    row_count=len(table.frame),
                    ignored_columns=table.ignored_columns,
                )
            )
    cres_codes = list(found.network or {})
    for entry in datasets:
        if entry.dataset in found.tables:
            table = found.tables[entry.dataset]
            entry.rules = validate_table(table, year, cres_codes, expectations_dir)
    survey = None
    if found.survey is not None:
        survey = SurveyResult(
            errors=found.survey.errors,
            chambers=responses.tracking(found.survey, found.network or {}),
        )
    return YearResults(year, str(year_dir), datasets, survey=survey), found.tables

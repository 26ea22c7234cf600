"""The Great Expectations gate: the only module that imports GE (3 s, 200 MB).

Suites are the hand-written JSON files of `expectations/`; they are read, never
written. Results come back typed (`results.YearResults`), kept as JSON for the
data-quality report.
"""

from __future__ import annotations

import copy
import importlib.abc
import importlib.machinery
import importlib.util
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from .. import config, digests, timings
from ..ingest import responses
from ..ingest.readers import ROW, Table
from ..ingest.table import ORIGIN_COLUMNS
from ..ingest.year import YearInput, read_year
from . import derive
from .kept import Kept
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


# Modules Great Expectations imports at import time but only uses for expectations and
# renderers these suites never run (KL divergence, charts of Data Docs, JSON schemas):
# loaded lazily, they cost nothing until used (1.9 s of the 3 s import, measured).
LAZY_MODULES = ("altair", "scipy.stats", "scipy.optimize", "scipy.spatial", "jsonschema")


class _LazyFinder(importlib.abc.MetaPathFinder):
    """Gives the modules of `names` a lazy loader: executed on first attribute access."""

    def __init__(self, names: Sequence[str]):
        self.names = set(names)

    def find_spec(self, name, path=None, target=None):
        if name not in self.names:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


@contextmanager
def _lazily(names: Sequence[str]) -> Iterator[None]:
    finder = _LazyFinder(names)
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


@cache
def _context():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    with timings.phase("validation.import"), _lazily(LAZY_MODULES):
        import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    logging.captureWarnings(False)  # GE turns it on: warnings would vanish
    with timings.phase("validation.context"):
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
    _context()  # imported and set up apart: its cost is not the suite's
    with timings.phase(f"validation.suite.{table.dataset}"):
        return _validate_table(table, year, cres_codes, expectations_dir)


def _validate_table(table: Table, year: int, cres_codes, expectations_dir) -> list[RuleResult]:
    document = load_suite_document(table.dataset, expectations_dir)
    suite = build_suite(document)
    frame = derive.derive(table.dataset, table.frame, year, cres_codes)
    batch = _batch_definition(table.dataset).get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(
        suite,
        expectation_parameters=derive.parameters(year, cres_codes),
        result_format={
            "result_format": "COMPLETE",
            "unexpected_index_column_names": [
                ROW,
                *(c for c in ("code_region", *ORIGIN_COLUMNS) if c in frame),
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
    data_dir: Path, year: int, expectations_dir=None, kept: Kept | None = None
) -> tuple[YearResults, dict[str, Table]]:
    """Read and check every dataset of a year, from its flat files or its survey responses.

    Returns the typed results and the tables that were read. With `kept` (the previous
    check), a dataset whose file, suite and parameters are unchanged gets its kept rule
    results back instead of running its suite (when all are kept, Great Expectations is not
    even imported), and is not even read when its processed table stands for it
    (`Kept.readable_elsewhere`: it is then left out of the tables).
    """
    read = read_for_check(data_dir, year, kept)
    return check_read(read, kept, expectations_dir), read.tables


@dataclass
class YearRead:
    """A year's datasets as read, before any suite runs."""

    year: int
    year_dir: Path
    datasets: list[DatasetResult]  # in config.DATASETS order, rules not filled in yet
    tables: dict[str, Table]  # the datasets read; those left unread are in `unread`
    cres_codes: list[str]
    network: dict[str, str] | None  # the chambers of cres (code -> name), None if unread
    survey: SurveyResult | None
    unread: list[str] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """Every dataset and response could be read: the year may pass."""
        survey_ok = self.survey is None or not self.survey.errors
        return survey_ok and all(d.error is None for d in self.datasets)


def read_for_check(data_dir: Path, year: int, kept: Kept | None = None) -> YearRead:
    """Read the year's datasets, but those whose kept entry and processed table stand for them.

    `cres` gives the suites' parameters: it is read first, unless it is unchanged (its
    chambers are then those kept). In a year with responses, the chamber datasets are left
    unread only all together, and only with `cres`: the responses are read against its
    chambers.
    """
    year_dir = config.raw_dir(data_dir, year)
    if kept is None:
        with timings.phase("validation.read"):
            found = read_year(year_dir, year)
        return _year_read(year, year_dir, found, {}, None)
    unread: dict[str, DatasetResult] = {}
    network = kept.kept_network()
    first = None
    if network is not None:
        entry = kept.readable_elsewhere("cres", derive.parameters(year, list(network)))
        if entry is not None:
            unread["cres"] = entry
    if "cres" not in unread:
        with timings.phase("validation.read"):
            # cres alone
            first = read_year(year_dir, year, frozenset(config.DATASETS) - {"cres"})
        network = first.network
    parameters = derive.parameters(year, list(network or {}))
    for dataset in (*config.CHAMBER_DATASETS, *config.COUNCIL_DATASETS):
        entry = kept.readable_elsewhere(dataset, parameters)
        if entry is not None:
            unread[dataset] = entry
    survey = None
    if (year_dir / config.RESPONSES_DIR).is_dir():
        # The responses are collected again unless nothing they give can have changed: the
        # same workbooks and chambers, a collection without refusals, and every chamber
        # dataset left unread (a collected survey has all of them read: what the responses
        # hold decides whether a flat file beside them may be read).
        previous = kept.previous
        if (
            first is None
            and previous is not None
            and previous.survey is not None
            and not previous.survey.errors
            and set(config.CHAMBER_DATASETS).issubset(unread)
        ):
            survey = copy.deepcopy(previous.survey)
        else:
            for dataset in config.CHAMBER_DATASETS:
                unread.pop(dataset, None)
    with timings.phase("validation.read"):
        found = read_year(year_dir, year, frozenset(unread) | {"cres"}, network)
    if first is not None:
        found.tables.update(first.tables)
        found.errors.update(first.errors)
    return _year_read(year, year_dir, found, unread, survey)


def _year_read(
    year: int,
    year_dir: Path,
    found: YearInput,
    unread: dict[str, DatasetResult],
    kept_survey: SurveyResult | None,
) -> YearRead:
    # A dataset read after all (a flat file of a year whose responses were collected: what
    # they hold decides whether it may be read) gets what was read, not what was kept.
    unread = {d: e for d, e in unread.items() if d not in found.tables and d not in found.errors}
    datasets = []
    for dataset in config.DATASETS:
        if dataset in unread:
            datasets.append(replace(unread[dataset], rules=[]))
        elif dataset in found.errors:
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
                    regions=sorted({str(c) for c in table.frame["code_region"].dropna()})
                    if "code_region" in table.frame
                    else None,
                )
            )
    survey = kept_survey
    if found.survey is not None:
        survey = SurveyResult(
            errors=found.survey.errors,
            chambers=responses.tracking(found.survey, found.network or {}),
        )
    return YearRead(
        year,
        year_dir,
        datasets,
        found.tables,
        list(found.network or {}),
        found.network,
        survey,
        unread=[d for d in config.DATASETS if d in unread],
    )


def check_read(read: YearRead, kept: Kept | None = None, expectations_dir=None) -> YearResults:
    """Run the suites of the datasets read (but those whose kept rules still hold)."""
    parameters = derive.parameters(read.year, read.cres_codes)
    datasets = copy.deepcopy(read.datasets)
    for entry in datasets:
        if entry.dataset in read.tables or entry.dataset in read.unread:
            rules = kept.rules(entry.dataset, entry.file or "", parameters) if kept else None
            if rules is None:
                table = read.tables[entry.dataset]  # an unread dataset has its rules kept
                rules = validate_table(table, read.year, read.cres_codes, expectations_dir)
            entry.rules = rules
    return YearResults(
        read.year, str(read.year_dir), datasets, survey=read.survey, network=read.network
    )

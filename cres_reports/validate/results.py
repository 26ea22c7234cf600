"""Typed validation results: one year, its datasets, their rules and failing rows.

Kept as JSON in data/processed/validation/<year>.json for the quality report
and for deciding whether a year must be checked again. Stdlib only.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .. import files
from ..ingest.responses import ChamberStatus


@dataclass
class FailingRow:
    """A row as the analyst finds it: line, chamber, offending value; file, sheet, cell of a
    survey response."""

    row: int
    code_region: str | None = None
    value: str | None = None
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None


@dataclass
class RuleResult:
    rule: str  # the expectation type
    column: str | None  # the contract column an analyst should look at
    description: str  # the rule in plain French (the suite's meta.description)
    success: bool
    failed_count: int = 0
    rows: list[FailingRow] = field(default_factory=list)
    error: str | None = None  # the rule could not be evaluated


@dataclass
class DatasetResult:
    dataset: str
    file: str | None = None
    sha256: str | None = None
    encoding: str | None = None
    row_count: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    error: str | None = None  # the file could not be read as a table
    error_row: int | None = None
    rules: list[RuleResult] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return self.error is None and all(r.success for r in self.rules)

    @property
    def failed_rules(self) -> list[RuleResult]:
        return [r for r in self.rules if not r.success]


@dataclass
class SurveyResult:
    """The year's returned workbooks: those refused (one French line each), and the tracking."""

    errors: list[str] = field(default_factory=list)
    chambers: list[ChamberStatus] = field(default_factory=list)


@dataclass
class YearResults:
    year: int
    raw_dir: str
    datasets: list[DatasetResult]
    fingerprint: dict[str, Any] | None = None  # what the results were computed from
    survey: SurveyResult | None = None  # None: the year has no survey responses

    @property
    def success(self) -> bool:
        survey_ok = self.survey is None or not self.survey.errors
        return survey_ok and all(d.success for d in self.datasets)

    def dataset(self, name: str) -> DatasetResult:
        return next(d for d in self.datasets if d.dataset == name)

    def files(self) -> dict[str, dict[str, str | None]]:
        """Each dataset's file and SHA-256 (as processed/<year>/sources.json lists them)."""
        return {e.dataset: {"file": e.file, "sha256": e.sha256} for e in self.datasets}

    def to_json(self) -> dict[str, Any]:
        document = asdict(self)
        document["success"] = self.success
        return document

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> YearResults:
        datasets = [
            _known(
                DatasetResult,
                entry,
                rules=[
                    _known(RuleResult, rule, rows=[_known(FailingRow, r) for r in rule["rows"]])
                    for rule in entry["rules"]
                ],
            )
            for entry in document["datasets"]
        ]
        survey = document.get("survey")
        return cls(
            year=document["year"],
            raw_dir=document["raw_dir"],
            datasets=datasets,
            fingerprint=document.get("fingerprint"),
            survey=None
            if survey is None
            else SurveyResult(
                errors=survey["errors"],
                chambers=[_known(ChamberStatus, c) for c in survey["chambers"]],
            ),
        )


def _known(kind, document: dict[str, Any], **replaced):
    """A dataclass from a JSON object, ignoring keys it does not know (derived properties)."""
    names = {f.name for f in fields(kind)}
    return kind(**{k: v for k, v in {**document, **replaced}.items() if k in names})


def results_path(data_dir: Path, year: int) -> Path:
    return Path(data_dir) / "processed" / "validation" / f"{year}.json"


def write_results(data_dir: Path, results: YearResults) -> Path:
    """Keep the latest check of a year, passed or not, for the data-quality report."""
    return files.write_json(results_path(data_dir, results.year), results.to_json())


def read_results(data_dir: Path, year: int) -> YearResults | None:
    """The kept results of a year; None when there are none, or in a format of old."""
    path = results_path(data_dir, year)
    if not path.is_file():
        return None
    try:
        return YearResults.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError):
        return None

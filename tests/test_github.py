"""CI where analysts look: `validate --format github` annotations and the job summary."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support.data import ROOT
from support.pipeline import pipeline

from cres_reports.run import ExitCode
from cres_reports.validate import github
from cres_reports.validate.results import DatasetResult, FailingRow, RuleResult, YearResults


def _results(raw_dir: Path) -> YearResults:
    rule = RuleResult(
        rule="expect_column_values_to_match_regex",
        column="subv_cdc",
        description="doit être un nombre, 100 % ou 1,5",
        success=False,
        failed_count=12,
        rows=[FailingRow(row, "53", "12a") for row in range(2, 14)],
    )
    return YearResults(
        2008,
        str(raw_dir),
        [
            DatasetResult("finances", file="finances.csv", rules=[rule]),
            DatasetResult(
                "rh", file="rh.csv", error="rh.csv, ligne 4 : CSV illisible", error_row=4
            ),
        ],
    )


def test_one_error_per_failing_row_with_file_and_line(tmp_path):
    lines = github.error_lines(_results(tmp_path / "data" / "raw" / "2008"), root=tmp_path)
    first = lines[0]
    assert first.startswith("::error file=data/raw/2008/finances.csv,line=2,title=")
    assert "title=2008/finances.csv%2C colonne subv_cdc::" in first  # commas escaped in titles
    assert first.endswith(
        "doit être un nombre, 100 %25 ou 1,5 — ligne 2 (code_region 53) : « 12a »"
    )
    assert (
        len([line for line in lines if "finances.csv" in line]) == 11
    )  # 10 rows, then "… 2 autres"
    assert "(2 autre(s) ligne(s))" in lines[10]
    assert lines[-1] == (
        "::error file=data/raw/2008/rh.csv,line=4,title=2008/rh.csv illisible::"
        "rh.csv, ligne 4 : CSV illisible"
    )


def test_newlines_cannot_forge_another_command(tmp_path):
    results = _results(tmp_path)
    results.datasets[1].error = "x\n::warning::forged"
    line = github.error_lines(results, root=tmp_path)[-1]
    assert "\n" not in line and "%0A::warning::forged" in line


def test_the_summary_is_a_markdown_table_per_year(tmp_path):
    text = github.markdown_summary([_results(tmp_path)])
    assert "### 2008 : données **à corriger**" in text
    assert "| finances.csv | 0 | 1 | 1 |" in text and "| rh.csv | 0 | 0 | illisible |" in text


@pytest.mark.slow
def test_validate_format_github_end_to_end(demo_copy, tmp_path):
    for year in (demo_copy / "raw").iterdir():  # a valid year and a broken one are enough
        if year.name not in ("2007", "2008"):
            shutil.rmtree(year)
    rh = demo_copy / "raw" / "2008" / "rh.csv"
    lines = rh.read_bytes().split(b"\r\n")
    index = next(i for i, line in enumerate(lines) if re.search(rb";(cdi|cdd);", line))
    lines[index] = re.sub(rb";(cdi|cdd);", b";interim;", lines[index])
    rh.write_bytes(b"\r\n".join(lines))
    summary = tmp_path / "summary.md"

    result = pipeline(
        "validate", "--all", "--data-dir", demo_copy, "--format", "github",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )  # fmt: skip

    assert result.returncode == ExitCode.INVALID_DATA
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == 1, result.stdout
    assert f"file={rh}" in errors[0] and f",line={index + 1}," in errors[0]
    assert "colonne contrat" in errors[0]
    written = summary.read_text(encoding="utf-8")
    assert (
        "### 2007 : données valides" in written and "### 2008 : données **à corriger**" in written
    )


def test_the_readme_lists_every_exit_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("Exit codes:") :].split("\n\n")[0]
    listed = {int(n) for n in re.findall(r"(?:: |; )(\d) ", paragraph.replace("\n", " "))}
    assert listed == {code.value for code in ExitCode}, paragraph


def test_the_workflow_checks_the_data_on_every_push():
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert "push:" in workflow and "pull_request:" in workflow
    data_job = workflow[workflow.index("\n  data:") :]
    assert "pipeline.py validate --all --format github" in data_job

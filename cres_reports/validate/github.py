"""Validation results for CI: GitHub workflow annotations, and a Markdown job summary.

`::error file=…,line=…,title=…::message` lines make each broken rule show inline on
the file in a pull request; the summary is written to `$GITHUB_STEP_SUMMARY`.
See GitHub's "workflow commands" documentation for the escaping rules.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..config import RESPONSES_DIR
from .messages import MAX_ROWS_SHOWN, cell_line, row_text, shown_file, survey_description
from .results import YearResults


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, message: str, **properties: str | int | None) -> str:
    shown = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    return f"::{kind} {shown}::{_escape_data(message)}"


def _shown_path(path: Path, root: Path) -> str:
    """The file as GitHub knows it: relative to the workspace (the checkout) when inside it."""
    path = path.resolve()
    try:
        return str(path.relative_to(root.resolve()))
    except ValueError:
        return str(path)


def error_lines(results: YearResults, root: Path | None = None) -> list[str]:
    """One `::error` per failing row (the first rows of each rule) or per unreadable file."""
    root = Path(root or Path.cwd())
    raw = Path(results.raw_dir)
    folder = _shown_path(raw / RESPONSES_DIR, root)  # each line names its workbook(s)
    survey = results.survey.errors if results.survey else []
    lines = [_command("error", line, file=folder, title="réponse refusée") for line in survey]
    for entry in results.datasets:
        name = entry.file or f"{entry.dataset}.csv"
        path = _shown_path(raw / name, root)
        if entry.error:
            lines.append(
                _command(
                    "error",
                    entry.error,
                    file=path,
                    line=entry.error_row,
                    title=f"{results.year}/{name} illisible",
                )
            )
            continue
        for rule in entry.failed_rules:
            where = f"colonne {rule.column}" if rule.column else "fichier"
            title = f"{results.year}/{shown_file(entry)}, {where}"
            if rule.error:
                lines.append(_command("error", f"{rule.description} ({rule.error})", file=path))
            for row in rule.rows[:MAX_ROWS_SHOWN]:
                if row.file:  # a survey response: no line in a workbook, its sheet and cell
                    message = cell_line(
                        results.year, row, survey_description(entry.dataset, rule, results.year)
                    )
                    workbook = _shown_path(raw / RESPONSES_DIR / row.file, root)
                    lines.append(_command("error", message.strip(), file=workbook, title=title))
                    continue
                message = f"{rule.description} — {row_text(row, hint=True)}"
                lines.append(_command("error", message, file=path, line=row.row, title=title))
            hidden = rule.failed_count - min(len(rule.rows), MAX_ROWS_SHOWN)
            if hidden > 0 or (not rule.rows and not rule.error):
                more = f" ({hidden} autre(s) ligne(s))" if hidden > 0 else ""
                lines.append(_command("error", f"{rule.description}{more}", file=path, title=title))
    return lines


def markdown_summary(all_results: list[YearResults]) -> str:
    """A table per year: each file, rules checked and broken, for the job summary."""
    out = ["## Contrôle des données", ""]
    for results in all_results:
        verdict = "valides" if results.success else "**à corriger**"
        out += [
            f"### {results.year} : données {verdict}",
            "",
            "| fichier | lignes | règles | non respectées |",
            "|---|---:|---:|---:|",
        ]
        for entry in results.datasets:
            name = entry.file or f"{entry.dataset}.csv"
            failed = "illisible" if entry.error else str(len(entry.failed_rules))
            out.append(f"| {name} | {entry.row_count} | {len(entry.rules)} | {failed} |")
        broken = [
            f"- `{e.file or e.dataset}`, colonne {r.column or '—'} : {r.description}"
            for e in results.datasets
            for r in e.failed_rules
        ]
        out += ["", *broken] if broken else []
        out.append("")
    return "\n".join(out)


def write_summary(all_results: list[YearResults]) -> Path | None:
    """Append the summary to `$GITHUB_STEP_SUMMARY` when set (in a GitHub job); else None."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    with open(target, "a", encoding="utf-8") as summary:
        summary.write(markdown_summary(all_results) + "\n")
    return Path(target)

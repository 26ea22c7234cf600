"""What a page was made from: digests of the rows it reads, and the files named in its footer."""

from __future__ import annotations

from pathlib import Path

from ... import config, digests
from ...store import processed
from ...validate.results import YearResults, read_results
from .pages import DASHBOARD, QUALITY, QUALITY_INPUT, Job, reads


def inputs(job: Job, year: int) -> list[tuple[str, int, str | None]]:
    """(dataset, year, chamber or None) read by the job."""
    if job.notebook == DASHBOARD[0]:  # every processed year: its reads are in the job
        return list(job.reads)
    found = [(d, input_year, _chamber(job, d)) for d, input_year in reads(job.notebook, year)]
    return [*job.reads, *(read for read in found if read not in job.reads)]


def _chamber(job: Job, dataset: str) -> str | None:
    """A profile reads its chamber's rows; a table of the council's (no row per chamber:
    its meetings name the chambers present) is read whole."""
    return None if dataset in config.COUNCIL_DATASETS else job.chamber


def input_digests(
    job: Job, data_dir: Path, year: int, results: YearResults | None = None
) -> dict[str, str]:
    """Digests of what the job reads (`results`: the year's check, when at hand)."""
    found = {}
    for dataset, input_year, code in inputs(job, year):
        if dataset == QUALITY_INPUT:
            found[f"{input_year}/validation"] = quality_digest(data_dir, year, results)
        else:
            label = f"{input_year}/{dataset}" + (f"[{code}]" if code else "")
            found[label] = processed.table_digest(data_dir, input_year, dataset, code)
    return found


def quality_digest(data_dir: Path, year: int, results: YearResults | None = None) -> str:
    """The validation results as the quality report shows them (not where they were read);
    `results`: the year's check, when at hand (else its kept results are read)."""
    if results is None:
        results = read_results(data_dir, year)
    if results is None:
        return digests.ABSENT
    document = results.to_json()
    document.pop("raw_dir", None)
    document.pop("fingerprint", None)
    return digests.digest_json(document)


def footer_sources(
    job: Job, data_dir: Path, year: int, results: YearResults
) -> list[tuple[str, str]]:
    """(label, SHA-256) of the input files behind a page, for its provenance footer."""
    files = results.files()
    if job.notebook == QUALITY[0]:
        return list(
            dict.fromkeys(
                (f"{year}/{e['file']}", e["sha256"] or "illisible") for e in files.values()
            )
        )
    sources: list[tuple[str, str]] = []
    seen: set[tuple[int, str | None]] = set()
    read = {(d, y) for d, y, _ in inputs(job, year)}
    for dataset, input_year, code in inputs(job, year):
        if input_year == year:
            entry = files.get(dataset)
        else:
            entry = processed.load_sources(data_dir, input_year).get("files", {}).get(dataset)
        if entry is None:
            continue  # not covered that year (or the survey's tracking, made of the responses)
        if (input_year, entry["file"]) in seen:
            continue  # the survey's datasets share one source: its responses
        seen.add((input_year, entry["file"]))
        if code:
            shared = [  # the datasets of that source the page reads
                d
                for d, e in _files(data_dir, input_year, results, year).items()
                if e == entry and (d, input_year) in read
            ]
            digest = (
                processed.table_digest(data_dir, input_year, dataset, code)
                if len(shared) == 1
                else digests.digest_json(
                    {d: processed.table_digest(data_dir, input_year, d, code) for d in shared}
                )
            )
            sources.append((f"{input_year}/{entry['file']}, lignes de la région {code}", digest))
        else:
            sources.append((f"{input_year}/{entry['file']}", entry["sha256"] or "illisible"))
    return sources


def _files(data_dir: Path, input_year: int, results: YearResults, year: int) -> dict[str, dict]:
    """Dataset -> {file, sha256} of a year's sources (the year built, or one before)."""
    if input_year == year:
        return {e.dataset: {"file": e.file, "sha256": e.sha256} for e in results.datasets}
    return processed.load_sources(data_dir, input_year).get("files", {})

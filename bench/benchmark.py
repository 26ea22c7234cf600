"""Benchmark of the report build (not a test: it prints figures, it asserts nothing).

    .venv/bin/python bench/benchmark.py [--repeat 3] [--scale-years 5 10 20] [--skip-naive]

On the demo year 2008 (3 inventories, the quality report, one profile per chamber), in
one run, each pipeline call a fresh process as an analyst runs it:
(b) a cold build by the pipeline (empty build, processed and reports folders);
(c) a rebuild with nothing changed;
(d) a rebuild after changing one cell of chamber 53's accounts, and d/b;
(a) the naive way, in sequence: `papermill` then `jupyter nbconvert --to html --no-input`
    for each report, and a/b;
(e) the size of the year's reports;
(f) cold builds of generated data (N years × 26 regions): pages/s, and how flat it stays.
(b), (c), (d) run back to back, `--repeat` times: the medians are kept, and d/b is the
median of the pairs' ratios, each pair under the same load. The time from the summary line
to the end of the process is measured on every call. Phase breakdowns come
from the pipeline itself (`CRES_TIMINGS`, see cres_reports/timings.py): validation
(import, context, reading, each suite), kernels (start, warm-up), execution and HTML export
(summed over the workers), publishing. Timings on a loaded machine are noisy: the load
average is printed at the start and the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cres_reports.publishing.site import pages  # noqa: E402

YEAR = 2008
BIN = Path(sys.executable).parent
SUMMARY = "durée totale"


@dataclass
class Run:
    seconds: float  # the whole process, as the analyst waits for it
    cpu: float  # CPU seconds of the process and its kernels: what the load of others spares
    exit_after_summary: float  # from the summary line to the end of the process
    stdout: str
    timings: dict = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Pages built / re-rendered / reused / failed, from the progress lines."""
        found = re.findall(
            r"^\s+\d{4}/\S+\s+(construit|remis en page|réutilisé|échec)", self.stdout, re.M
        )
        return {status: found.count(status) for status in sorted(set(found))}

    def phase(self, name: str) -> float:
        return sum(
            p["seconds"]
            for key, p in self.timings.get("phases", {}).items()
            if key == name or key.startswith(name + ".")
        )


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def run(*args, env=None) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(map(str, args))}\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout


def pipeline(base: Path, *args) -> Run:
    """One `pipeline.py run` in its own process, its output timed line by line."""
    timings = base / "timings.json"
    timings.unlink(missing_ok=True)
    command = [sys.executable, ROOT / "pipeline.py", "run", *args]
    command += ["--data-dir", base / "data", "--reports-dir", base / "reports"]
    command += ["--build-dir", base / "build"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "CRES_TIMINGS": str(timings)}
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(c) for c in command], stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env
    )
    assert process.stdout is not None
    lines, summary_at = [], None
    for line in process.stdout:
        lines.append(line)
        if line.startswith(SUMMARY):
            summary_at = time.perf_counter()
    status = process.wait()
    ended = time.perf_counter()
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (now.ru_utime + now.ru_stime) - (used.ru_utime + used.ru_stime)
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(map(str, command))}\n{''.join(lines)}")
    document = json.loads(timings.read_text()) if timings.is_file() else {}
    return Run(ended - started, cpu, ended - (summary_at or ended), "".join(lines), document)


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def naive(base: Path) -> tuple[float, int]:
    """What an analyst does by hand: one papermill run and one nbconvert per report."""
    jobs = pages.jobs_for_year(base / "data", YEAR, validated=True)
    out = base / "naive"
    out.mkdir()
    env = {"PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    for job in jobs:
        executed = out / (job.page.replace("/", "-").replace(".html", ".ipynb"))
        params = []
        for key, value in job.parameters.items():
            params += ["-r" if isinstance(value, str) else "-p", key, str(value)]
        run(
            BIN / "papermill",
            ROOT / "notebooks" / f"{job.notebook}.ipynb",
            executed,
            *params,
            "--no-progress-bar",
            "-k",
            "python3",
            env=env,
        )
        run(BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed, env=env)
    return time.perf_counter() - started, len(jobs)


def change_one_chamber(base: Path, value: int) -> None:
    """One cell of chamber 53's accounts (its cash at year end: no total to keep)."""
    path = base / "data" / "raw" / str(YEAR) / "finances.csv"
    lines = path.read_bytes().decode("cp1252").split("\r\n")
    for i, line in enumerate(lines):
        if line.startswith("53;"):
            cells = line.split(";")
            cells[14] = f"{value:,}".replace(",", " ") + ",00 €"
            lines[i] = ";".join(cells)
    path.write_bytes("\r\n".join(lines).encode("cp1252"))


def empty(base: Path) -> None:
    for name in ("build", "reports", "data/processed"):
        shutil.rmtree(base / name, ignore_errors=True)


def breakdown(label: str, result: Run) -> list[str]:
    """Where the time of one pipeline call went (workers' phases are summed over workers)."""
    phases = result.timings.get("phases", {})
    marks = result.timings.get("marks", {})
    suites = ", ".join(
        f"{k.rsplit('.', 1)[1]} {v['seconds']:.2f}"
        for k, v in sorted(phases.items())
        if k.startswith("validation.suite.")
    )
    executed = phases.get("page.execute", {})
    rendered = phases.get("page.render", {})
    first = marks.get("first page")
    return [
        f"    breakdown of {label} ({result.seconds:.2f} s in all; "
        f"CPU {result.cpu:.2f} s, kernels included):",
        f"      validation    {result.phase('validation'):5.2f} s = import of Great Expectations "
        f"{result.phase('validation.import'):.2f}"
        f" + context {result.phase('validation.context'):.2f}"
        f" + reading the files {result.phase('validation.read'):.2f}"
        f" + suites {result.phase('validation.suite'):.2f} ({suites or 'none: all kept'})",
        f"      tables        {result.phase('tables'):5.2f} s (processed/ written)",
        f"      kernels       {result.phase('kernel.start'):5.2f} s to start + "
        f"{result.phase('kernel.warm_up'):.2f} s of imports (in the kernels, during validation)"
        f" + {result.phase('kernel.shutdown'):.2f} s to stop",
        f"      execution     {executed.get('seconds', 0):5.2f} s for {executed.get('count', 0)} "
        "notebooks (summed over workers)",
        f"      HTML export   {rendered.get('seconds', 0):5.2f} s for {rendered.get('count', 0)} "
        "pages (summed over workers)",
        f"      plan, publish {result.phase('plan'):.2f} + {result.phase('publish'):.2f} s",
        f"      validation started at {marks.get('validation', 0):.2f} s; "
        f"first page started at {first:.2f} s; summary at "
        f"{marks.get('summary', 0):.2f} s; process ended "
        f"{result.exit_after_summary:.2f} s after the summary line"
        if first is not None
        else f"      no page executed; process ended {result.exit_after_summary:.2f} s after "
        "the summary line",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale-years", type=int, nargs="*", default=[5, 10, 20])
    parser.add_argument("--repeat", type=int, default=3, help="runs of (b), (c), (d); median")
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cres-bench-"))
    print(f"machine: Python {sys.version.split()[0]}, {load()}; work in {work}")
    table = []
    try:
        base = work / "demo"
        shutil.copytree(ROOT / "data" / "raw" / str(YEAR), base / "data" / "raw" / str(YEAR))

        # (b), (c), (d) back to back, `--repeat` times: each (d)/(b) pair sees the same load.
        colds, noops, changes = [], [], []
        for number in range(args.repeat):
            empty(base)
            colds.append(pipeline(base, "--year", YEAR))
            noops.append(pipeline(base, "--year", YEAR))
            change_one_chamber(base, 12345 + number)
            changes.append(pipeline(base, "--year", YEAR))
        cold, noop, changed = median_run(colds), median_run(noops), median_run(changes)
        ratios = sorted(d.seconds / b.seconds for b, d in zip(colds, changes, strict=True))
        ratio = statistics.median(ratios)
        count = sum(cold.counts().values())
        print(
            f"(b) cold build of {YEAR} by the pipeline: {cold.seconds:.2f} s for {count} pages "
            f"(validation included; median of {args.repeat}: "
            + ", ".join(f"{r.seconds:.2f}" for r in colds)
            + ")"
        )
        print("\n".join(breakdown("(b)", cold)))
        print(f"(c) rebuild, nothing changed: {noop.seconds:.2f} s ({noop.counts()})")
        print(
            f"(d) rebuild after changing chamber 53's accounts row: {changed.seconds:.2f} s "
            f"{changed.counts()}; d/b of each pair, run back to back: "
            + ", ".join(f"{r:.2f}" for r in ratios)
            + f" (median {ratio:.2f}; CPU {changed.cpu / cold.cpu:.2f})"
        )
        print("\n".join(breakdown("(d)", changed)))
        if not args.skip_naive:
            spent, reports = naive(base)
            # One more cold build right after the naive loop: the load may have changed
            # during its minutes; a/b uses the median of every cold build.
            empty(base)
            colds.append(pipeline(base, "--year", YEAR))
            both = statistics.median(r.seconds for r in colds)
            print(
                f"(a) naive papermill + nbconvert, in sequence: {spent:.1f} s for {reports} "
                f"reports ({spent / reports:.1f} s each; {load()}); cold build just after: "
                f"{colds[-1].seconds:.2f} s; ratio a/b: {spent / both:.1f} (b: median of "
                f"{len(colds)} cold builds, {both:.2f} s)"
            )
            table.append(
                (
                    f"cold build of {YEAR} vs the naive papermill + nbconvert loop",
                    f"{both:.1f} s vs {spent:.0f} s: {spent / both:.1f}×",
                    "≥ 12×",
                )
            )
        table.append(
            (
                "rebuild after one chamber's accounts row changed",
                f"{changed.seconds:.2f} s = {ratio:.2f} of cold (median of pairs)",
                "≤ 0.30 of cold",
            )
        )
        first = changed.timings.get("marks", {}).get("first page")
        table.append(
            (
                "  of which validation (Great Expectations)",
                f"{changed.phase('validation'):.2f} s, only finances' suite; first page at "
                + (f"{first:.2f} s" if first is not None else "—"),
                "only changed files; pages start while it runs",
            )
        )
        table.append(("no-op rebuild", f"{noop.seconds:.2f} s", "< 1 s"))
        exits = [r.exit_after_summary for r in [*colds, *noops, *changes]]
        table.append(
            (
                "process exit after the summary line",
                f"{max(exits):.2f} s at most (median {statistics.median(exits):.2f})",
                "< 0.3 s",
            )
        )
        year_dir = base / "reports" / str(YEAR)
        htmls = sorted(year_dir.rglob("*.html"), key=lambda p: p.stat().st_size)
        total = sum(p.stat().st_size for p in htmls)
        shared = (base / "reports" / "assets" / "plotly.min.js").stat().st_size
        print(
            f"(e) reports/{YEAR}: {len(htmls)} pages, {total / 1024:.0f} KB in all; largest "
            f"{htmls[-1].relative_to(year_dir)} {htmls[-1].stat().st_size / 1024:.0f} KB; "
            f"shared plotly.min.js {shared / 1024 / 1024:.1f} MB"
        )
        rates: dict[int, float] = {}
        cpus: dict[int, float] = {}  # flatness as CPU per page: unlike pages/s, not load's
        for years in args.scale_years:
            scale = work / f"scale-{years}"
            first_year = 2009 - years + 1
            run(
                sys.executable,
                "-m",
                "tools.demo",
                "--out",
                scale / "data" / "raw",
                "--years",
                f"{first_year}-2009",
            )
            result = pipeline(scale, "--all")
            built = sum(result.counts().values())
            rates[years] = built / result.seconds
            cpus[years] = result.cpu / built
            print(
                f"(f) {years} years × 26 regions: {built} pages in {result.seconds:.1f} s, "
                f"{rates[years]:.2f} pages/s; CPU {cpus[years]:.3f} s per page ({load()})"
            )
            print("\n".join(breakdown(f"(f) {years} years", result)))
        if rates:
            most, least = max(rates), min(rates)
            table.append(
                (
                    f"{most} years × 26 regions, bench (f)",
                    f"{rates[most]:.2f} pages/s; {least} years: {rates[least]:.2f} pages/s "
                    f"(ratio {rates[most] / rates[least]:.2f}; CPU per page: "
                    f"{cpus[most] / cpus[least]:.2f})",
                    "≥ 2.5 pages/s, flat from 5 to 20 years",
                )
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nsummary ({load()}):")
    width = max(len(row[0]) for row in table)
    for what, measured, target in [("what", "measured", "target"), *table]:
        print(f"  {what:<{width}}  {measured:<52}  {target}")


if __name__ == "__main__":
    main()

"""Benchmark of the report build (not a test: it prints figures, it asserts nothing).

    .venv/bin/python bench/benchmark.py [--scale-years 5 10 20] [--skip-naive]

On the demo year 2008 (3 inventories, the quality report, one profile per chamber):
(a) the naive way, in sequence: `papermill` then `jupyter nbconvert --to html --no-input`
    for each report; (b) a cold build by the pipeline, and a/b; (c) a rebuild with nothing
    changed; (d) a rebuild after changing one chamber's accounts row; (e) the size of the
    year's reports; (f) cold builds of generated data (N years × 26 regions): reports/s.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cres_reports.publishing import pages  # noqa: E402

YEAR = 2008
BIN = Path(sys.executable).parent


def run(*args, env=None, check=True) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - started
    if check and done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(map(str, args))}\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout


def pipeline(base: Path, *args) -> tuple[float, str]:
    return run(
        sys.executable,
        ROOT / "pipeline.py",
        "run",
        *args,
        "--data-dir",
        base / "data",
        "--reports-dir",
        base / "reports",
        "--build-dir",
        base / "build",
    )


def counts(output: str) -> dict[str, int]:
    """Pages built / re-rendered / reused / failed, from the pipeline's closing table."""
    built = re.findall(r"^\s+\d{4}/\S+\s+(construit|remis en page|réutilisé|échec)", output, re.M)
    return {status: built.count(status) for status in sorted(set(built))}


def naive(base: Path) -> tuple[float, int]:
    """What an analyst does by hand: one papermill run and one nbconvert per report."""
    jobs = [j for j in pages.jobs_for_year(base / "data", YEAR, validated=True)]
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


def change_one_chamber(base: Path) -> None:
    """One cell of chamber 53's accounts (its cash at year end: no total to keep)."""
    path = base / "data" / "raw" / str(YEAR) / "finances.csv"
    lines = path.read_bytes().decode("cp1252").split("\r\n")
    for i, line in enumerate(lines):
        if line.startswith("53;"):
            cells = line.split(";")
            cells[14] = "12 345,00 €"
            lines[i] = ";".join(cells)
    path.write_bytes("\r\n".join(lines).encode("cp1252"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale-years", type=int, nargs="*", default=[5, 10, 20])
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cres-bench-"))
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; work in {work}")
    try:
        base = work / "demo"
        shutil.copytree(ROOT / "data" / "raw" / str(YEAR), base / "data" / "raw" / str(YEAR))

        cold, out = pipeline(base, "--year", YEAR)
        pages = sum(counts(out).values())
        print(
            f"(b) cold build of {YEAR} by the pipeline: {cold:.1f} s for {pages} pages "
            "(validation included)"
        )
        if not args.skip_naive:
            spent, reports = naive(base)
            print(
                f"(a) naive papermill + nbconvert, in sequence: {spent:.1f} s for {reports} "
                f"reports ({spent / reports:.1f} s each)"
            )
            print(f"    ratio a/b: {spent / cold:.1f}")
        again, out = pipeline(base, "--year", YEAR)
        print(f"(c) rebuild, nothing changed: {again:.2f} s ({counts(out)})")
        change_one_chamber(base)
        changed, out = pipeline(base, "--year", YEAR)
        print(
            f"(d) rebuild after changing chamber 53's accounts row: {changed:.1f} s {counts(out)}"
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
        for years in args.scale_years:
            scale = work / f"scale-{years}"
            first = 2009 - years + 1
            run(
                sys.executable,
                "-m",
                "cres_reports.demo",
                "--out",
                scale / "data" / "raw",
                "--years",
                f"{first}-2009",
            )
            spent, out = pipeline(scale, "--all")
            built = sum(counts(out).values())
            print(
                f"(f) {years} years × 26 regions: {built} pages in {spent:.1f} s, "
                f"{built / spent:.2f} reports/s"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""The report set as one build: cache decisions, reproducibility, interruption, failure, locking."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from support.data import ROOT, YEAR
from support.pipeline import main_fresh, pipeline, run_args, tree, with_jobs

from cres_reports import config, digests, files
from cres_reports.publishing import plan
from cres_reports.publishing.cache import Cache
from cres_reports.publishing.status import Status
from cres_reports.validate.results import read_results

pytestmark = [pytest.mark.build, pytest.mark.kernel]


def _results(base):
    return read_results(base / "data", YEAR)


def _plan(base, **options):
    options = {"validated": True, "self_contained": False, "force": False, **options}
    return plan.plan_year(
        base / "data",
        YEAR,
        base / "build",
        _results(base),
        options["validated"],
        options["self_contained"],
        options["force"],
    )


def _to_build(planned):
    return {p.job.page: p.outcome.reasons for p in planned if p.outcome.status == Status.BUILT}


def test_nothing_changed_means_nothing_to_build(site_copy):
    assert _to_build(_plan(site_copy)) == {}
    assert set(_to_build(_plan(site_copy, force=True))) == {p.job.page for p in _plan(site_copy)}


def test_one_chamber_accounts_rebuild_only_what_reads_them(site_copy):
    table = site_copy / "data" / "processed" / str(YEAR) / "finances.csv"
    lines = table.read_text().splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("53,"))
    lines[row] = lines[row].replace(",", ",1", 1)  # a new regional council grant
    table.write_text("\n".join(lines) + "\n")
    rebuilt = _to_build(_plan(site_copy))
    assert set(rebuilt) == {
        "financement.html",
        "sante-financiere.html",
        "ressources-humaines.html",
        "fiches/53.html",
        "index.html",
        "qualite.html",  # its figures to check with the chambers read the accounts
    }
    assert all(reasons == ["données lues modifiées"] for reasons in rebuilt.values())


def test_a_changed_notebook_rebuilds_its_reports_only(site_copy, monkeypatch):
    notebooks = site_copy / "notebooks"
    shutil.copytree(config.NOTEBOOKS_DIR, notebooks)
    path = notebooks / "gouvernance.ipynb"
    path.write_text(path.read_text().replace("Vue d'ensemble", "Vue générale"))
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", notebooks)
    assert _to_build(_plan(site_copy)) == {"gouvernance.html": ["notebook modifié"]}


def test_locked_dependencies_rebuild_everything(site_copy, monkeypatch):
    monkeypatch.setattr(digests, "deps_digest", lambda: "changed")
    planned = _plan(site_copy)
    assert all(p.outcome.reasons == ["dépendances verrouillées modifiées"] for p in planned)


def test_code_every_page_runs_rebuilds_every_page_and_says_which(site_copy, monkeypatch):
    """Per-page code keys (codekeys.py): here a module every page runs changed."""
    before = plan.modules

    def changed(job):
        return {**before(job), "__init__.py": "changed"}

    monkeypatch.setattr(plan, "modules", changed)
    planned = _plan(site_copy)
    notebooks = [p for p in planned if p.job.notebook != "index.html"]
    assert notebooks and all(
        p.outcome.reasons == ["code du paquet modifié (__init__.py)"] for p in notebooks
    )


def test_layout_options_only_rerender(site_copy):
    planned = _plan(site_copy, self_contained=True)
    assert all(p.outcome.status == Status.BUILT for p in planned)
    cache = Cache(site_copy / "build")
    notebooks = [p for p in planned if p.job.notebook != "index.html"]
    assert all(cache.executed(p.exec_key).is_file() for p in notebooks)  # no kernel needed


def test_unchanged_raw_files_skip_validation_and_great_expectations(site_copy):
    done, imported_ge = main_fresh(*run_args(site_copy))
    assert done.returncode == 0, done.stderr
    assert "fichiers inchangés depuis le dernier contrôle" in done.stdout
    assert not imported_ge
    pages = [line for line in done.stdout.splitlines() if line.startswith(f"  {YEAR}/")]
    assert len(pages) == 36 and all("réutilisé" in line for line in pages)


def test_two_clean_builds_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    shutil.copytree(ROOT / "data" / "raw", again / "data" / "raw")
    result = pipeline(*run_args(again))
    assert result.returncode == 0, result.stderr
    assert tree(again / "reports") == tree(site / "reports")


def _change_chamber_53(base):
    """Edit one cell of chamber 53's accounts in the raw file (cash: no total to keep)."""
    path = base / "data" / "raw" / str(YEAR) / "finances.csv"
    lines = path.read_bytes().decode("cp1252").split("\r\n")
    for i, line in enumerate(lines):
        if line.startswith("53;"):
            cells = line.split(";")
            cells[14] = "12 345,00 €"
            lines[i] = ";".join(cells)
    path.write_bytes("\r\n".join(lines).encode("cp1252"))


def test_files_checked_by_validate_are_still_written_by_run(site_copy):
    """`validate` keeps the new verdict but writes no table: `run` must still write them."""
    _change_chamber_53(site_copy)
    checked = pipeline("validate", "--year", YEAR, "--data-dir", site_copy / "data")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    result = pipeline(*run_args(site_copy))
    assert result.returncode == 0, result.stderr
    assert "tables écrites" in result.stdout
    page = (site_copy / "reports" / str(YEAR) / "fiches" / "53.html").read_text()
    assert "12 345" in page.replace("\u202f", " ")


def _start_build(base):
    """The pipeline in its own process group, its progress read line by line as it comes."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "pipeline.py"), *with_jobs([str(a) for a in run_args(base)])],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )


def _kill(process) -> None:
    os.killpg(process.pid, signal.SIGKILL)  # the pipeline and its kernels, at once
    process.communicate()


def _recovers(base, published) -> dict:
    result = pipeline(*run_args(base))  # the next run recovers and finishes
    assert result.returncode == 0, result.stderr
    final = tree(base / "reports")
    assert not [path for path in final if path.parts[0].startswith(".")]  # no leftovers
    assert final != published
    assert "12 345" in (base / "reports" / str(YEAR) / "fiches" / "53.html").read_text().replace(
        "\u202f", " "
    )
    return final


@pytest.mark.parametrize(
    "moment",
    [
        "tables écrites",  # validated and processed, no report started
        " construit ",  # the first changed report done, the others still running
    ],
)
def test_a_build_killed_midway_leaves_the_published_year_intact(site_copy, moment):
    """Killed at a point of the build named by its own progress, not by a clock."""
    published = tree(site_copy / "reports")
    _change_chamber_53(site_copy)
    process = _start_build(site_copy)
    seen = []
    for line in process.stdout:
        seen.append(line)
        if moment in line:
            _kill(process)
            break
    else:
        pytest.fail(f"the build ended before {moment!r}:\n{''.join(seen)}")
    assert tree(site_copy / "reports") == published
    _recovers(site_copy, published)


def test_a_build_killed_at_any_time_publishes_all_or_nothing(site_copy):
    """Whenever the kill lands, even during publishing, the year is the old one or the new."""
    published = tree(site_copy / "reports")
    _change_chamber_53(site_copy)
    process = _start_build(site_copy)
    time.sleep(9.0)  # about when the build publishes on a 2-core machine
    _kill(process)
    killed = {  # a staging folder a kill left behind is hidden, and removed by the next run
        path: data
        for path, data in tree(site_copy / "reports").items()
        if not path.parts[0].startswith(".")
    }
    final = _recovers(site_copy, published)
    assert killed in (published, final)


def test_a_failing_report_is_summarised_and_alone_rebuilt_next_time(site_copy):
    notebooks = site_copy / "notebooks"
    shutil.copytree(config.NOTEBOOKS_DIR, notebooks)
    book = json.loads((notebooks / "gouvernance.ipynb").read_text())
    book["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "fail",
            "metadata": {},
            "outputs": [],
            "source": "import os\nassert not os.environ.get('CRES_TEST_FAIL')",
        }
    )
    (notebooks / "gouvernance.ipynb").write_text(json.dumps(book))
    published = tree(site_copy / "reports")
    env = {"CRES_NOTEBOOKS_DIR": str(notebooks)}

    failed = pipeline(*run_args(site_copy), env={**env, "CRES_TEST_FAIL": "1"})
    assert failed.returncode == 4
    assert "gouvernance" in failed.stderr and "AssertionError" in failed.stderr
    assert "échec" in failed.stdout and "durée totale" in failed.stdout
    assert tree(site_copy / "reports") == published

    fixed = pipeline(*run_args(site_copy, "--explain"), env=env)
    assert fixed.returncode == 0, fixed.stderr
    built = [
        line
        for line in fixed.stdout.splitlines()
        if line.startswith(f"  {YEAR}/") and " construit " in line
    ]
    assert len(built) == 1 and "gouvernance.html" in built[0]


def test_a_second_build_on_the_same_folders_is_refused(site_copy):
    with files.exclusive(site_copy / "reports"):
        result = pipeline(*run_args(site_copy))
    assert result.returncode == 5
    assert "une autre construction est en cours" in result.stderr
    assert "Traceback" not in result.stderr

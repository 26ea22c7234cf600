"""Shared fixtures: a tiny valid year written as plain CSV, and helpers to break it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2008

# The analyst's folders of the checkout: no test may change them (see `pytest_sessionfinish`).
GUARDED = ("reports", "build", "data/processed", "data/raw")


def snapshot(root: Path = ROOT) -> dict[str, tuple]:
    """Every file and folder under the guarded folders, with size, mtime and inode."""
    found: dict[str, tuple] = {}
    for name in GUARDED:
        top = root / name
        if not top.exists():
            continue
        for path in [top, *top.rglob("*")]:
            stat = path.lstat()
            kind = "dir" if path.is_dir() else "file"
            size = 0 if kind == "dir" else stat.st_size
            mtime = 0 if kind == "dir" else stat.st_mtime_ns
            found[str(path.relative_to(root))] = (kind, size, mtime, stat.st_ino)
    return found


def changes(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    lines = [f"created: {p}" for p in sorted(after.keys() - before.keys())]
    lines += [f"deleted: {p}" for p in sorted(before.keys() - after.keys())]
    lines += [
        f"modified: {p}"
        for p in sorted(before.keys() & after.keys())
        if before[p] != after[p] and before[p][0] == "file"
    ]
    return lines


def pytest_sessionstart(session):
    session.config.stash[_GUARD] = snapshot()


def pytest_sessionfinish(session, exitstatus):
    """Fail the run if any test wrote into the checkout's reports/, build/ or data/."""
    before = session.config.stash.get(_GUARD, None)
    if before is None:
        return
    changed = changes(before, snapshot())
    if changed:
        shown = "\n  ".join(changed[:20])
        more = f"\n  … and {len(changed) - 20} more" if len(changed) > 20 else ""
        print(
            "\n\nGUARD: tests changed the checkout's analyst folders "
            f"({', '.join(GUARDED)}); pass temporary folders instead:\n  {shown}{more}",
            file=sys.stderr,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_GUARD = pytest.StashKey[dict]()

# Fixtures that imply a tier: a test using one of them is marked as such (see `make test-fast`).
FIXTURE_MARKS = {
    "site": ("build", "kernel"),
    "site_copy": ("build", "kernel"),
    "survey_site": ("build", "kernel"),
    "bench": ("build", "kernel"),
    "executed": ("kernel",),
    "needs_browser": ("browser",),
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        for fixture, marks in FIXTURE_MARKS.items():
            if fixture in getattr(item, "fixturenames", ()):
                for mark in marks:
                    item.add_marker(getattr(pytest.mark, mark))


MINI = {
    "cres": [
        "code_region,region,nom_cres,adherent,statut,annee_creation",
        "53,Bretagne,CRES Bretagne,oui,structuree,1995",
        "52,Pays de la Loire,CRES Pays de la Loire,non,en_structuration,",
    ],
    "finances": [
        "code_region,subv_conseil_regional,subv_cdc,subv_etat,fse,autres_collectivites,"
        "cotisations,prestations,partenariats_prives,autres_produits,total_produits,"
        "total_charges,resultat,fonds_propres,tresorerie,convention_conseil_regional,"
        "convention_cdc",
        "53,200000,50000,100000,0,10000,5000,20000,15000,0,400000,390000,10000,80000,60000,oui,non",
        "52,100000,0,60000,10000,0,2000,0,3000,0,175000,180000,-5000,-2000,15000,non,non",
    ],
    "rh": [
        "code_region,poste,fonction,contrat,etp,mis_a_disposition_par",
        "53,Directrice,direction,cdi,1,",
        "53,Chargé de mission,chargee_mission,mise_a_disposition,0.5,Macif",
        "52,Délégué,direction,cdd,0.8,",
    ],
    "gouvernance": [
        "code_region,instance,organisation,famille,groupement,fonction,representant",
        "53,bureau,Macif,mutuelle_assurance,GEMA,president,Jeanne Dupont",
        "53,ca,USGERES,syndicat_employeur,,membre,",
        "53,ag,Crédit coopératif,cooperative,,membre,Paul Martin",
        "52,bureau,URSCOP,cooperative,,president,",
        "53,ag,Macif,mutuelle_assurance,GEMA,membre,",
        "53,ag,USGERES,syndicat_employeur,,membre,",
        "52,ca,Crédit coopératif,cooperative,,membre,",
        "52,ag,URSCOP,cooperative,,membre,",
        "52,ag,Crédit coopératif,cooperative,,membre,",
    ],
}


def write_mini(data_dir: Path, year: int = YEAR) -> Path:
    year_dir = data_dir / "raw" / str(year)
    year_dir.mkdir(parents=True, exist_ok=True)
    for dataset, lines in MINI.items():
        (year_dir / f"{dataset}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return year_dir


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    """A data dir holding one small valid year (2008) in raw/."""
    write_mini(tmp_path)
    return tmp_path


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A copy of the shipped demo raw data, safe to break."""
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "raw")
    return tmp_path


def pipeline(*args, env=None):
    """`python pipeline.py ARGS` in a real process, as analysts and CI run it.

    A `run` must name its own folders: the defaults are the analyst's published ones.
    """
    words = [str(a) for a in args]
    if words and words[0] == "run":
        for option in ("--data-dir", "--reports-dir", "--build-dir"):
            assert option in words, f"tests must pass {option} to `run`"
    return subprocess.run(
        [sys.executable, str(ROOT / "pipeline.py"), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1200,
        env={**os.environ, **(env or {})},
    )


def main_fresh(*args) -> tuple[subprocess.CompletedProcess, bool]:
    """`cli.main(ARGS)` in a fresh process; and whether it imported Great Expectations."""
    code = (
        "import sys; from cres_reports.cli import main; "
        f"status = main({[str(a) for a in args]!r}); "
        "print('GE', 'great_expectations' in sys.modules); sys.exit(status)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    return done, "GE True" in done.stdout


def run_args(base: Path, *extra, year: int | None = YEAR) -> list:
    """`run` on `base`'s own folders, for `year` (None: every year of its raw data)."""
    return [
        "run",
        *(["--year", year] if year else ["--all"]),
        "--data-dir",
        base / "data",
        "--reports-dir",
        base / "reports",
        "--build-dir",
        base / "build",
        *extra,
    ]


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """One real build of the demo year 2008 (data, reports, build folders), shared by tests.

    Tests that change anything work on a copy (`site_copy`).
    """
    base = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "data" / "raw", base / "data" / "raw")
    result = pipeline(*run_args(base))
    assert result.returncode == 0, result.stdout + result.stderr
    return base


SURVEY_YEARS = (2009, 2010)  # the demo years given as returned workbooks


@pytest.fixture(scope="session")
def survey_site(tmp_path_factory):
    """One real build of the survey demo years 2009 and 2010, shared by tests (read only)."""
    base = tmp_path_factory.mktemp("survey-site")
    for year in SURVEY_YEARS:
        shutil.copytree(ROOT / "data" / "raw" / str(year), base / "data" / "raw" / str(year))
    result = pipeline(*run_args(base, year=None))
    assert result.returncode == 0, result.stdout + result.stderr
    return base


@pytest.fixture
def site_copy(site, tmp_path):
    base = tmp_path / "copy"
    shutil.copytree(site, base, symlinks=True)
    return base


def tree(folder: Path, skip: tuple[str, ...] = ()) -> dict:
    """Every file under `folder` with its bytes, but those named in `skip`."""
    return {
        p.relative_to(folder): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in skip
    }


def require_browser() -> None:
    """Browser tests skip without Chromium, except where CRES_REQUIRE_BROWSER says it must be."""
    from support import browser

    if browser.chromium_path() is None:
        if os.environ.get("CRES_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here (CRES_REQUIRE_BROWSER) but missing")
        pytest.skip("Chromium not installed")


# --------------------------------------------------------------------------- survey responses

# The tiny year's answers to the sheets added by contract version 2.
MINI_SURVEY = {
    "vie_statutaire": {
        "53": [{"nombre_ag": 1, "nombre_ca": 5, "nombre_bureau": 8, "adherents": 60}],
        "52": [{"nombre_ag": 1, "nombre_ca": 3, "nombre_bureau": 4, "adherents": 25}],
    },
    "activites": {
        "53": [
            {"type": "action", "intitule": "Mois de l'ESS", "theme": "mois_ess"},
            {"type": "production", "intitule": "Panorama", "theme": "observation", "annee": 2008},
        ],
        "52": [{"type": "projet", "intitule": "Observatoire", "theme": "observation"}],
    },
    "observatoire": {
        "53": [{"statut_observatoire": "oui", "annee_creation": 2005, "etp": 0.5}],
        "52": [{"statut_observatoire": "en_projet"}],
    },
    "missions": {
        "53": [{"mission": "representation", "exercee": "oui", "etp": 0.5}],
        "52": [{"mission": "promotion", "exercee": "non"}],
    },
    "relations_cpca": {
        code: [
            {
                "cpca_membre": "oui",
                "membre_de_cpca": "non",
                "convention": "non",
                "locaux_partages": "non",
            }
        ]
        for code in ("53", "52")
    },  # fmt: skip
}


def mini_records(code: str) -> dict[str, list[dict]]:
    """Chamber `code`'s rows of the tiny year, every survey dataset, as the workbook takes them."""
    import csv
    import io

    records: dict[str, list[dict]] = {}
    for dataset in ("finances", "rh", "gouvernance"):
        rows = csv.DictReader(io.StringIO("\n".join(MINI[dataset])))
        records[dataset] = [
            {k: (_typed_cell(v) if k != "code_region" else v) for k, v in row.items()}
            for row in rows
            if row["code_region"] == code
        ]
        for row in records[dataset]:
            row.pop("code_region")
    for dataset, by_code in MINI_SURVEY.items():
        records[dataset] = [dict(r) for r in by_code.get(code, [])]
    return records


def _typed_cell(text: str):
    import re

    if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        return float(text)
    return text or None


def response_book(code: str, year: int = YEAR, records: dict | None = None):
    """Chamber `code`'s questionnaire of the tiny year, filled as the chamber would."""
    from cres_reports.survey import workbook
    from tools import demo

    names = {
        "53": ("CRES Bretagne", "Bretagne"),
        "52": ("CRES Pays de la Loire", "Pays de la Loire"),
    }
    book = workbook.build(year, code, *names[code], {}, year - 1)
    demo.fill_workbook(book, mini_records(code) if records is None else records)
    return book


def save_response(book, path: Path) -> Path:
    import datetime as dt

    from cres_reports.survey import workbook
    from tools import demo

    stamp = dt.datetime(YEAR + 1, 3, 15, 10, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".ods":
        return demo.save_ods(book, path, stamp)
    return workbook.save(book, path, stamp)


def write_mini_survey(data_dir: Path, year: int = YEAR) -> Path:
    """The tiny year given as cres.csv and two returned workbooks (reponses/enquete-<code>.xlsx)."""
    year_dir = data_dir / "raw" / str(year)
    year_dir.mkdir(parents=True, exist_ok=True)
    (year_dir / "cres.csv").write_text("\n".join(MINI["cres"]) + "\n", encoding="utf-8")
    for code in ("53", "52"):
        save_response(response_book(code, year), year_dir / "reponses" / f"enquete-{code}.xlsx")
    return year_dir

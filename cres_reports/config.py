"""The one place for paths and settings: every other module asks here."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The folder holding the package: the source tree in an editable install (`make`), where the
# lock file lives; site-packages in a regular one.
SOURCE_ROOT = PACKAGE_DIR.parent
LOCK_FILE = SOURCE_ROOT / "requirements.lock"
PROJECT_ENV = "CRES_PROJECT_DIR"  # the project folder, as `--project-dir` sets it

# The project's folders, all under one root: `--project-dir`, else $CRES_PROJECT_DIR, else
# the source tree. Set by `use_project_dir`, the only place that roots them.
PROJECT_ROOT: Path
DATA_DIR: Path
REPORTS_DIR: Path
BUILD_DIR: Path
EXPECTATIONS_DIR: Path
QUESTIONNAIRE_DIR: Path
ATTENTION_RULES: Path  # the year index's points for attention, as data
PLAUSIBILITY_RULES: Path  # the figures to check with a chamber, as data
SURVEY_OUT_DIR: Path  # outgoing questionnaires, generated (not raw data)
NOTEBOOKS_DIR: Path
REFERENCE_REGIONS: Path


def use_project_dir(root: str | Path | None = None) -> Path:
    """Root notebooks/, expectations/, questionnaire/, data/, reports/ and build/ at `root`.

    None: $CRES_PROJECT_DIR, else the source tree (an editable install). A given folder is
    also put in $CRES_PROJECT_DIR, so that the kernels and processes started from here
    agree. $CRES_DATA_DIR and $CRES_NOTEBOOKS_DIR still win for their own folder.
    """
    global PROJECT_ROOT, DATA_DIR, REPORTS_DIR, BUILD_DIR, EXPECTATIONS_DIR
    global QUESTIONNAIRE_DIR, SURVEY_OUT_DIR, NOTEBOOKS_DIR, REFERENCE_REGIONS, ATTENTION_RULES
    global PLAUSIBILITY_RULES
    if root is not None:
        os.environ[PROJECT_ENV] = str(Path(root).resolve())
    given = os.environ.get(PROJECT_ENV)
    PROJECT_ROOT = Path(given).resolve() if given else SOURCE_ROOT
    DATA_DIR = Path(os.environ.get("CRES_DATA_DIR", PROJECT_ROOT / "data"))
    REPORTS_DIR = PROJECT_ROOT / "reports"
    BUILD_DIR = PROJECT_ROOT / "build"
    EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
    QUESTIONNAIRE_DIR = PROJECT_ROOT / "questionnaire"
    ATTENTION_RULES = EXPECTATIONS_DIR / "points_attention.csv"
    PLAUSIBILITY_RULES = EXPECTATIONS_DIR / "plausibilite.csv"
    SURVEY_OUT_DIR = BUILD_DIR / "enquetes"
    NOTEBOOKS_DIR = Path(os.environ.get("CRES_NOTEBOOKS_DIR", PROJECT_ROOT / "notebooks"))
    REFERENCE_REGIONS = PROJECT_ROOT / "data" / "reference" / "regions.csv"
    return PROJECT_ROOT


def missing_project_folders() -> list[Path]:
    """The folders the pipeline reads that are not there (in a regular install's site-packages,
    none is: such an install needs `--project-dir`)."""
    needed = (NOTEBOOKS_DIR, EXPECTATIONS_DIR, QUESTIONNAIRE_DIR, REFERENCE_REGIONS.parent)
    return [folder for folder in needed if not folder.is_dir()]


use_project_dir()

# Datasets of the contract, in the order they are read and validated
# (cres first: the others refer to it). The chamber-level ones are the survey's sheets
# (questionnaire/questions.csv); the last five exist from contract version 2 and are optional.
NETWORK_DATASETS = (
    "cres",
    "finances",
    "rh",
    "gouvernance",
    "vie_statutaire",
    "activites",
    "observatoire",
    "missions",
    "relations_cpca",
)
REQUIRED_DATASETS = NETWORK_DATASETS[:4]
OPTIONAL_DATASETS = NETWORK_DATASETS[4:]  # a year without them is valid (not covered that year)
CHAMBER_DATASETS = NETWORK_DATASETS[1:]  # one workbook sheet each; from flat files or responses
# The council's own activity (docs/council-contract.md): kept by the analyst in
# data/raw/<year>/conseil/, never asked of the chambers (no sheet of the survey). The folder
# is optional, and so is each of its files: a dataset without its file is not covered that
# year. Each is `conseil/<name>.csv` or `.xlsx`, or the sheet `<name>` of `conseil/conseil.xlsx`.
COUNCIL_DATASETS = ("representation", "reunions", "mois_ess", "comptes_conseil")
COUNCIL_DIR = "conseil"
COUNCIL_WORKBOOK = "conseil.xlsx"
# Every dataset: what validation checks, processed/<year>/ holds and `YearData` serves.
DATASETS = (*NETWORK_DATASETS, *COUNCIL_DATASETS)
RESPONSES_DIR = "reponses"  # data/raw/<year>/reponses/: the returned workbooks
RESPONSE_SUFFIXES = (".xlsx", ".ods")
FILE_SUFFIXES = (".csv", ".xlsx")
MANIFEST_NAME = "manifest.json"
VALIDATION_RESULTS_NAME = "validation.json"

# A profile lists the chamber's productions since this year (the 2008 activity report's span).
PRODUCTIONS_SINCE = 2006

# Regional codes changed with the 2016 reform; Mayotte has had a CRES code since 2011.
REFORM_YEAR = 2016
MAYOTTE_FROM = 2011
MIN_YEAR, MAX_YEAR = 1970, 2100
EARLIEST_CREATION_YEAR = 1970

# Tolerance, in euros, on totals and results (contract: "to 1 €").
EURO_TOLERANCE = 1.0


def _limit(variable: str, default: int) -> int:
    """A reading limit, from its environment variable when set (a positive whole number)."""
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or int(text) == 0:
        print(
            f"erreur : {variable}={text!r} : un nombre entier positif est attendu", file=sys.stderr
        )
        raise SystemExit(2)
    return int(text)


# Limits on reading the untrusted raw files (data/raw/<year>/ and its reponses/), checked
# before any parser opens a file (ingest/bounds.py; README, "Input limits"). Real survey
# workbooks weigh 10 to 50 KB and hold a few hundred cells; flat files weigh a few KB.
MAX_FILE_BYTES = _limit("CRES_MAX_FILE_MB", 20) * 2**20  # any raw file, on disk
MAX_UNZIPPED_BYTES = _limit("CRES_MAX_UNZIPPED_MB", 50) * 2**20  # a workbook's parts, unpacked
MAX_ZIP_RATIO = _limit("CRES_MAX_ZIP_RATIO", 100)  # unpacked / packed size of a part over 1 MB
MAX_CELLS = _limit("CRES_MAX_CELLS", 200_000)  # a sheet's cells (.ods: repeats expanded)
READING_LIMITS = (MAX_FILE_BYTES, MAX_UNZIPPED_BYTES, MAX_ZIP_RATIO, MAX_CELLS)


def shown_path(path: Path) -> str:
    """A path as a message shows it: relative to the working folder when below it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def command(words: str, data_dir: Path | None = None) -> str:
    """A suggested command line, with the `--data-dir` given when it is not the default."""
    line = f"pipeline.py {words}"
    if data_dir is not None and Path(data_dir).resolve() != Path(DATA_DIR).resolve():
        line += f" --data-dir {shown_path(Path(data_dir))}"
    return line


def raw_dir(data_dir: Path, year: int) -> Path:
    return Path(data_dir) / "raw" / str(year)


def processed_dir(data_dir: Path, year: int) -> Path:
    return Path(data_dir) / "processed" / str(year)

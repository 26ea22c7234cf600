"""What a year's validation depends on, so that an unchanged year is not checked again.

Everything the gate reads: the raw folder (each file, the manifest too), the
reference regions, the suites, the code that reads and checks files, and the
locked dependencies (Great Expectations' version). Each dataset's own key, for
reusing its rule results when another file changed, is in `kept.py`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .. import config, digests
from ..ingest import bounds

# The code whose change can change a verdict: reading the files and checking them.
VALIDATION_CODE = ("config.py", "digests.py", "files.py", "ingest/*.py", "validate/*.py")


@cache
def suites_digest() -> str:
    return digests.digest_tree(config.EXPECTATIONS_DIR, ("*.json",))


@cache
def code_digest() -> str:
    """The code reading and checking files, and the reading limits it is given."""
    code = digests.digest_tree(config.PACKAGE_DIR, VALIDATION_CODE)
    return digests.digest_json([code, config.READING_LIMITS])


@cache
def questionnaire_digest() -> str:
    return digests.digest_tree(config.QUESTIONNAIRE_DIR, ("*.csv",))


def raw_digests(data_dir: Path, year: int) -> dict[str, str]:
    """Every file of a raw year folder and of its responses, by path (datasets, manifest)."""
    folder = config.raw_dir(data_dir, year)
    return {
        str(p.relative_to(folder)): bounds.digest(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def raw_folders(data_dir: Path, year: int) -> list[str]:
    """The sub-folders of a raw year folder (`reponses/`, even empty: it changes what is read)."""
    folder = config.raw_dir(data_dir, year)
    return [str(p.relative_to(folder)) for p in sorted(folder.rglob("*")) if p.is_dir()]


def validation_fingerprint(data_dir: Path, year: int) -> dict:
    """What a validation result depends on: raw files (and folders), reference, suites,
    questionnaire, code, dependencies."""
    return {
        "raw": raw_digests(data_dir, year),
        "folders": raw_folders(data_dir, year),
        "reference": digests.digest_file(config.REFERENCE_REGIONS),
        "suites": suites_digest(),
        "questionnaire": questionnaire_digest(),
        "code": code_digest(),
        "dependencies": digests.deps_digest(),
    }

"""Content digests that decide what to rebuild: files, package code, locked deps, table rows.

Stdlib only, so that deciding "nothing changed" stays well under a second.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from . import config

ABSENT = "absent"


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest_file(path: Path) -> str:
    path = Path(path)
    return digest_bytes(path.read_bytes()) if path.is_file() else ABSENT


def digest_json(value) -> str:
    return digest_bytes(json.dumps(value, sort_keys=True, ensure_ascii=False).encode())


def _digest_tree(root: Path, patterns: tuple[str, ...]) -> str:
    files = sorted(p for pattern in patterns for p in root.rglob(pattern) if p.is_file())
    return digest_json({str(p.relative_to(root)): digest_file(p) for p in files})


@cache
def code_digest() -> str:
    """The package's code and templates: any change rebuilds every report."""
    package = config.PROJECT_ROOT / "cres_reports"
    return _digest_tree(package, ("*.py", "*.j2", "*.json", "*.css", "*.js"))


@cache
def deps_digest() -> str:
    return digest_file(config.PROJECT_ROOT / "requirements.lock")


@cache
def suites_digest() -> str:
    return _digest_tree(config.EXPECTATIONS_DIR, ("*.json",))


def raw_digests(data_dir: Path, year: int) -> dict[str, str]:
    """Every file of a raw year folder, by name (the datasets and the manifest)."""
    folder = config.raw_dir(data_dir, year)
    return {p.name: digest_file(p) for p in sorted(folder.iterdir()) if p.is_file()}


def validation_fingerprint(data_dir: Path, year: int) -> dict:
    """What a validation result depends on: the raw files, the suites, the code."""
    return {
        "raw": raw_digests(data_dir, year),
        "suites": suites_digest(),
        "code": code_digest(),
    }


@cache
def _table_lines(path: Path, stamp: tuple) -> tuple[str, list[str]]:
    text = path.read_text(encoding="utf-8")
    header, _, body = text.partition("\n")
    return header, body.splitlines()


def table_digest(data_dir: Path, year: int, dataset: str, code: str | None = None) -> str:
    """A processed table of a year, or only the rows of one chamber (code_region first)."""
    path = config.processed_dir(data_dir, year) / f"{dataset}.csv"
    if not path.is_file():
        return ABSENT
    if code is None:
        return digest_file(path)
    stat = path.stat()
    header, lines = _table_lines(path, (stat.st_mtime_ns, stat.st_size))
    prefix = f"{code},"
    rows = [line for line in lines if line.startswith(prefix)]
    return digest_bytes("\n".join([header, *rows]).encode())

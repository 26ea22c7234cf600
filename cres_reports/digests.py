"""Content digests (SHA-256) of bytes, files, JSON values, folders and the project's own code.

Stdlib only, so that deciding "nothing changed" stays well under a second.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from . import config

ABSENT = "absent"
# What the published pages depend on: the package, but not its command line (parsing and
# wiring) nor the outgoing questionnaires, which shape no page. Test helpers and the demo
# generator live outside the package.
NOT_IN_PAGES = (
    "cli.py",
    "run.py",
    "survey/__init__.py",  # the outgoing questionnaires
    "survey/prepare.py",
    "survey/workbook.py",
)
CODE_PATTERNS = ("*.py", "*.j2", "*.json", "*.css", "*.js")


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest_file(path: Path) -> str:
    """The file's SHA-256, or ABSENT when there is no such file."""
    path = Path(path)
    if not path.is_file():
        return ABSENT
    with path.open("rb") as file:  # in chunks: a raw file may be large before it is refused
        return hashlib.file_digest(file, "sha256").hexdigest()


def digest_json(value) -> str:
    return digest_bytes(json.dumps(value, sort_keys=True, ensure_ascii=False).encode())


def digest_tree(root: Path, patterns: tuple[str, ...], skip: tuple[str, ...] = ()) -> str:
    """Every file under `root` matching `patterns` (but those in `skip`), names and bytes."""
    files = sorted(
        p
        for pattern in patterns
        for p in root.rglob(pattern)
        if p.is_file() and str(p.relative_to(root)) not in skip
    )
    return digest_json({str(p.relative_to(root)): digest_file(p) for p in files})


@cache
def code_digest() -> str:
    """The package code and templates the pages are made with: any change rebuilds them."""
    return digest_tree(config.PACKAGE_DIR, CODE_PATTERNS, skip=NOT_IN_PAGES)


@cache
def deps_digest() -> str:
    return digest_file(config.LOCK_FILE)

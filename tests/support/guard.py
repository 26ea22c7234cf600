"""The session guard's view of the checkout: its analyst folders, which no test may change."""

from __future__ import annotations

from pathlib import Path

from support.data import ROOT

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

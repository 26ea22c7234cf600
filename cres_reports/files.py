"""Writing files and folders so that readers never see half of them, and one build at a time.

Every write goes to a temporary file beside its target, then `os.replace`: a
reader sees the old file or the new one. A year of reports is built aside and
swapped with the published one by a single `renameat2(RENAME_EXCHANGE)`: readers
see the old year or the new one, never a mix, and a build killed at any point
leaves the published year as it was. Where the exchange is not supported, two
renames are used and `recover` puts the previous year back if a build died
between them.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
OLD_PREFIX = ".old-"
STAGING_PREFIX = ".staging-"


class Busy(Exception):
    """Another build holds the folder."""


# --------------------------------------------------------------------------- files


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}.tmp")


def write_bytes(target: Path, data: bytes) -> Path:
    """Write `data` to `target` atomically (a temporary file beside it, then a rename)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(target)
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def write_text(target: Path, text: str) -> Path:
    """UTF-8 text with `\\n` line ends, written atomically."""
    return write_bytes(target, text.encode("utf-8"))


def write_json(target: Path, document, *, indent: int = 2) -> Path:
    """Sorted keys, accents kept, a final newline: the same document gives the same bytes."""
    text = json.dumps(document, ensure_ascii=False, indent=indent, sort_keys=True) + "\n"
    return write_text(target, text)


def copy_file(source: Path, target: Path) -> Path:
    """Copy atomically; skipped when `target` already holds the same bytes."""
    source, target = Path(source), Path(target)
    if target.is_file() and target.stat().st_size == source.stat().st_size:
        if target.read_bytes() == source.read_bytes():
            return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(target)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


# --------------------------------------------------------------------------- folders


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def swap_in(staging: Path, target: Path) -> None:
    """Make `staging` the published `target`; the previous `target` is removed."""
    staging, target = Path(staging), Path(target)
    if not target.exists():
        staging.rename(target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)  # now holds the previous version
        return
    old = target.with_name(f"{OLD_PREFIX}{target.name}")
    shutil.rmtree(old, ignore_errors=True)
    target.rename(old)
    staging.rename(target)
    shutil.rmtree(old)


def recover(folder: Path) -> None:
    """Undo what a build killed mid-swap or mid-staging left in `folder`."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    for old in folder.glob(f"{OLD_PREFIX}*"):
        target = folder / old.name[len(OLD_PREFIX) :]
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.rename(target)
    for staging in folder.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def exclusive(*folders: Path) -> Iterator[None]:
    """Hold an exclusive lock on each folder for the duration of a build.

    The lock is taken on the folder itself (flock on its descriptor): nothing is
    written, and it is released by the kernel if the process dies.
    """
    descriptors = []
    try:
        for folder in folders:
            folder = Path(folder)
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder, os.O_RDONLY)
            descriptors.append(fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Busy(folder) from None
        yield
    finally:
        for fd in descriptors:
            os.close(fd)

"""Where a run's time goes: named phases, summed over threads, written out for the benchmark.

`with timings.phase("validation.suite.finances"): …` adds the time spent to its
phase; `timings.mark("first page")` keeps the first moment something happened,
in seconds since the process started. When `CRES_TIMINGS` names a file, the
command writes the breakdown there (`bench/benchmark.py` prints it). Stdlib only,
and nearly free when nobody asks.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENV = "CRES_TIMINGS"
_STARTED = time.perf_counter()
_lock = threading.Lock()
_phases: dict[str, list[float]] = {}  # name → [seconds, count]
_marks: dict[str, float] = {}


def add(name: str, seconds: float) -> None:
    with _lock:
        entry = _phases.setdefault(name, [0.0, 0])
        entry[0] += seconds
        entry[1] += 1


@contextmanager
def phase(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        add(name, time.perf_counter() - started)


def mark(name: str) -> None:
    """Remember when `name` first happened (seconds since the process started)."""
    with _lock:
        _marks.setdefault(name, time.perf_counter() - _STARTED)


def write() -> Path | None:
    """Write the breakdown to the file named by CRES_TIMINGS, if any."""
    target = os.environ.get(ENV)
    if not target:
        return None
    with _lock:
        document = {
            "phases": {k: {"seconds": v[0], "count": int(v[1])} for k, v in _phases.items()},
            "marks": dict(_marks),
            "total": time.perf_counter() - _STARTED,
        }
    Path(target).write_text(json.dumps(document, indent=1, sort_keys=True), encoding="utf-8")
    return Path(target)

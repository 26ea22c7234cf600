"""Ctrl-C and SIGTERM as one exception, raised in the main thread, held off while publishing.

A command installs the handlers once (`installed`); Ctrl-C (SIGINT) or SIGTERM then
raises `Interrupted` in the main thread wherever it is (reading files, Great
Expectations, waiting for the kernels), so the command can stop its kernels, say in one
French line what was kept, and exit with 130 or 143, without a traceback.

What must not be cut in half (a year's swap into `reports/`, the processed tables, the
dashboard's two steps) runs inside `deferred()`: a signal arriving then is remembered and
raised as soon as the section ends. The handlers run in the main thread only (Python's
rule), so a flag is enough; blocking the signal would not be (another thread gets it).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """The command was asked to stop (Ctrl-C or SIGTERM)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """What a shell reports for a process ended by that signal: 130 (Ctrl-C), 143."""
        return 128 + self.signum


_held = 0  # how many deferred sections the main thread is in
_pending: list[int] = []  # a signal received inside a deferred section
_stopping = threading.Event()  # set once the command was asked to stop


def stopping() -> bool:
    """Whether the command was asked to stop: workers then end quietly."""
    return _stopping.is_set()


def _handler(signum: int, frame) -> None:
    _stopping.set()
    if _held:
        _pending.append(signum)
        return
    raise Interrupted(signum)


@contextmanager
def installed() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into `Interrupted` for the command's duration."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may install handlers (a test calling main in a thread)
        return
    previous = {s: signal.signal(s, _handler) for s in SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        _pending.clear()
        _stopping.clear()


@contextmanager
def deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the section ends, then raise `Interrupted`."""
    global _held
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers run in the main thread: a worker's section cannot be cut by them
        return
    _held += 1
    try:
        yield
    finally:
        _held -= 1
    if not _held and _pending:
        signum = _pending[0]
        _pending.clear()
        raise Interrupted(signum)

"""Ctrl-C and SIGTERM at any phase, and no process left behind after a command.

Real runs of `pipeline.py` in their own session, signalled as a terminal does (the whole
process group); every process they started carries a marker in its environment, so that
what is still running afterwards is found in /proc.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from support.data import ROOT, YEAR
from support.pipeline import run_args, tree

from cres_reports import interrupts

pytestmark = [pytest.mark.build, pytest.mark.kernel]

MARK = "CRES_TEST_MARK"


def _left_behind(mark: str) -> list[str]:
    """The command lines of the processes whose environment carries `mark`."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
            if f"{MARK}={mark}".encode() in environ.split(b"\0"):
                found.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" "))
        except OSError:
            continue
    return [c.decode(errors="replace") for c in found]


def _no_process_left(mark: str) -> None:
    deadline = time.monotonic() + 5  # a process killed a moment ago may still be reaped
    while (left := _left_behind(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, f"processes left behind: {left}"


class Run:
    """`pipeline.py ARGS` in its own session, its output read line by line as it comes."""

    def __init__(self, *args):
        self.mark = uuid.uuid4().hex
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "pipeline.py"), *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            start_new_session=True,
            env={**os.environ, MARK: self.mark, "PYTHONUNBUFFERED": "1"},
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            assert self.process.poll() is None, "".join(self.lines)
            assert time.monotonic() < deadline, f"no « {text} » in: {''.join(self.lines)}"
            time.sleep(0.02)

    def signal(self, signum: int) -> None:
        os.killpg(self.process.pid, signum)  # as a terminal does: the whole process group

    def finish(self) -> tuple[int, str, str]:
        assert self.process.stderr is not None
        stderr = self.process.stderr.read()
        status = self.process.wait(timeout=60)
        self._reader.join(timeout=10)
        return status, "".join(self.lines), stderr


def _staging_left(*folders: Path) -> list[Path]:
    return [p for f in folders if f.is_dir() for p in f.rglob(".*") if "staging" in p.name]


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_while_pages_are_made_publishes_nothing(site_copy, signum, code):
    published = tree(site_copy / "reports")
    run = Run(*run_args(site_copy, "--force"))
    run.wait_for("tables écrites")  # validation is over: the pages are being made
    time.sleep(0.3)
    run.signal(signum)
    status, stdout, stderr = run.finish()
    assert status == code, stdout + stderr
    assert stderr.strip().splitlines() == [
        f"interrompu : rien de {YEAR} n'a été publié ; les états des lieux {YEAR} restent "
        "tels qu'ils étaient"
    ], stderr
    assert "Traceback" not in stdout + stderr
    assert tree(site_copy / "reports") == published
    assert not _staging_left(site_copy / "reports", site_copy / "data" / "processed")
    _no_process_left(run.mark)
    again = Run(*run_args(site_copy))  # the next run picks up from the cache
    assert again.finish()[0] == 0
    _no_process_left(again.mark)


def test_ctrl_c_while_validating_says_so_without_a_traceback(demo_copy, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (demo_copy / "raw").rename(data / "raw")
    run = Run("validate", "--all", "--data-dir", data)
    time.sleep(1.5)  # importing, reading the workbooks of 2009 or checking them
    run.signal(signal.SIGINT)
    status, stdout, stderr = run.finish()
    assert status == 130, stdout + stderr
    assert stderr.strip().splitlines()[-1].startswith("interrompu : "), stderr
    assert "Traceback" not in stdout + stderr
    _no_process_left(run.mark)


def test_a_run_leaves_no_process_behind(site_copy):
    """No resident process: after the command, nothing it started still runs."""
    (site_copy / "data" / "raw" / str(YEAR) / "finances.csv").touch()
    run = Run(*run_args(site_copy, "--force"))
    status, stdout, stderr = run.finish()
    assert status == 0, stdout + stderr
    _no_process_left(run.mark)


def test_a_signal_inside_a_deferred_section_waits_for_its_end():
    """Publishing is never cut in half: the signal is raised once the section is over."""
    done, before = [], signal.getsignal(signal.SIGTERM)
    with interrupts.installed():
        with pytest.raises(interrupts.Interrupted) as caught:
            with interrupts.deferred():
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(0.05)  # the handler has run by now, and held the signal
                done.append("section finished")
        assert done == ["section finished"]
        assert caught.value.exit_code == 143
    assert signal.getsignal(signal.SIGTERM) is before

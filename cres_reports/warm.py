"""Hand a `pipeline.py run` to the warm process kept for its build folder, or start one.

After a run, a warm process stays behind for `CRES_WARM` seconds (600 by
default; 0: none, and none in CI): Great Expectations, pandas and nbconvert
imported, kernels started and warmed up (`warmserver.py`). The next `run` on
the same build folder is forked from it, with the caller's folder,
environment, standard streams and exit code: the same command, without the
2 to 3 s every fresh process pays before its first page. It is used only
while the package code, the lock file, the interpreter and the environment are
exactly the caller's; otherwise it stops and the caller runs the command itself.

Stdlib only: this runs before anything heavy is imported.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import config, digests

ENV = "CRES_WARM"  # seconds the warm process waits for the next run; 0: no warm process
DEFAULT_IDLE = 600
CHILD_ENV = "CRES_WARM_CHILD"  # set in a run forked from the warm process
# Variables that differ between two shells of the same analyst and shape no result.
VOLATILE = frozenset({"_", "PWD", "OLDPWD", "SHLVL", CHILD_ENV, "CRES_TIMINGS"})
# The environment as the command started: a run sets a few variables for its libraries.
_STARTED_WITH = dict(os.environ)


def idle_seconds() -> int:
    """How long a warm process should wait for the next run; 0 when there should be none."""
    if os.environ.get("CI") or os.environ.get(CHILD_ENV):
        return 0
    try:
        return max(0, int(os.environ.get(ENV, DEFAULT_IDLE)))
    except ValueError:
        return 0


def _base(build_dir: Path) -> Path:
    key = digests.digest_bytes(str(Path(build_dir).resolve()).encode())[:16]
    return Path(tempfile.gettempdir()) / f"cres-warm-{os.getuid()}-{key}"


def address(build_dir: Path) -> Path:
    """The socket of the warm process of `build_dir` (short: a socket path has 107 bytes)."""
    return _base(build_dir).with_suffix(".sock")


def lock_path(build_dir: Path) -> Path:
    """Held (flock) by the warm process of `build_dir` for its whole life; holds its pid."""
    return _base(build_dir).with_suffix(".lock")


def signature(environ: dict[str, str] | None = None) -> str:
    """What the warm process must share with the caller: code, dependencies, interpreter, env."""
    environ = dict(_STARTED_WITH if environ is None else environ)
    return digests.digest_json(
        {
            "code": digests.digest_tree(config.PACKAGE_DIR, digests.CODE_PATTERNS),
            # read once per process, at import (labels) or on first use (region codes)
            "questionnaire": digests.digest_tree(config.QUESTIONNAIRE_DIR, ("*.csv",)),
            "regions": digests.digest_file(config.REFERENCE_REGIONS),
            "lock": digests.deps_digest(),
            "python": sys.executable,
            "package": str(config.PACKAGE_DIR),
            "env": {k: v for k, v in environ.items() if k not in VOLATILE},
        }
    )


def alive(build_dir: Path) -> int | None:
    """The pid of the warm process of `build_dir` (starting or ready), or None."""
    try:
        with open(lock_path(build_dir), "a+", encoding="ascii") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                lock.seek(0)
                text = lock.read().strip()
                return int(text) if text.isdigit() else -1
            fcntl.flock(lock, fcntl.LOCK_UN)
            return None
    except OSError:
        return None


def ready(build_dir: Path) -> bool:
    """Whether the warm process of `build_dir` is waiting for a run."""
    return alive(build_dir) is not None and address(build_dir).exists()


def start(build_dir: Path, idle: int) -> None:
    """Start a warm process for `build_dir` in the background, unless one runs already."""
    if alive(build_dir) is not None:
        return
    subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cres_reports.warmserver",
            str(Path(build_dir).resolve()),
            str(idle),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # not in the analyst's terminal: Ctrl-C there does not stop it
        cwd=config.PROJECT_ROOT,
        env=_STARTED_WITH,
    )


def stop(build_dir: Path, timeout: float = 20) -> None:
    """Stop the warm process of `build_dir`, if any, and wait until it is gone."""
    pid = alive(build_dir)
    if pid is None:
        return
    if pid > 0:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while alive(build_dir) is not None and time.monotonic() < deadline:
        time.sleep(0.05)


def wait_ready(build_dir: Path, timeout: float = 60) -> bool:
    """Wait until the warm process of `build_dir` is ready (False if none is coming)."""
    started = time.monotonic()
    while time.monotonic() < started + timeout:
        if ready(build_dir):
            return True
        if alive(build_dir) is None and time.monotonic() > started + 5:  # none started
            return False
        time.sleep(0.05)
    return False


def _receive(connection: socket.socket) -> dict | None:
    data = connection.recv(1 << 16)
    return json.loads(data) if data else None


def run(argv: list[str], build_dir: Path) -> int | None:
    """Run `pipeline.py <argv>` in the warm process of `build_dir`: its exit code.

    None when there is no warm process ready, or when it cannot serve this caller (it
    then stops): the caller runs the command itself.
    """
    path = address(build_dir)
    if not path.exists():
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        connection.connect(str(path))
        request = {
            "signature": signature(),
            "argv": argv,
            "cwd": os.getcwd(),
            "env": _STARTED_WITH,
        }
        sys.stdout.flush()
        sys.stderr.flush()
        socket.send_fds(connection, [json.dumps(request).encode()], [0, 1, 2])
        answer = _receive(connection)
    except OSError:
        connection.close()
        return None
    if not answer or not answer.get("accepted"):
        connection.close()
        return None
    child = int(answer["pid"])
    with connection:
        while True:
            try:
                answer = _receive(connection)
                break
            except KeyboardInterrupt:  # Ctrl-C: the run stops as a run of this process would
                with contextlib.suppress(OSError):
                    os.kill(child, signal.SIGINT)
            except OSError:
                answer = None
                break
    if not answer or "exit" not in answer:
        print(
            "erreur : le processus préchauffé s'est arrêté pendant la construction", file=sys.stderr
        )
        return 3
    code = int(answer["exit"])
    return 128 - code if code < 0 else code  # killed by a signal: as a shell says it

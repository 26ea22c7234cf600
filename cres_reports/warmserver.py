"""The warm process behind `pipeline.py run`: imports done, kernels warm, one forked child per run.

Started by `warm.start` after a run, in its own session; it holds `warm.lock_path`
(flock, with its pid) for its whole life and listens on `warm.address` once
ready. Each request carries the caller's argv, folder, environment and standard
streams (passed as file descriptors): a child forked from this process runs the
command with them, as `pipeline.py` would, and its exit code goes back to the
caller. The child adopts the warm kernels; afterwards this process stops the ones
it used and warms up new ones before it takes the next request, so every run
starts from the same state. The process stops after `idle` seconds without a run,
on SIGTERM, or when a caller's code, dependencies, interpreter or environment
differ from its own (`warm.signature`).

    python -m cres_reports.warmserver BUILD_DIR IDLE_SECONDS
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import gc
import io
import json
import os
import signal
import socket
import sys
import threading
import traceback
from pathlib import Path

from . import warm


def _prepare() -> None:
    """Import and set up, once, what every run needs before its first page."""
    from . import cli, run  # noqa: F401  (run leaves out rfc3987_syntax, as in a run)
    from .publishing import build
    from .validate import gate

    gate.preload()
    build.preload()


class Server:
    """The warm kernels, and the requests served one at a time until idle or stopped."""

    def __init__(self, idle: int):
        from . import config

        self.idle = idle
        self.cwd = config.PROJECT_ROOT
        self.workers = os.cpu_count() or 1
        self.kernels: list = []  # WarmKernel, started here
        self.signature = warm.signature()
        self.busy = True  # not waiting for a caller: SIGTERM waits for the work to end
        self.stopping = False
        self.listener: socket.socket | None = None

    # ------------------------------------------------------------------ kernels

    def warm_kernels(self) -> None:
        """Have `workers` warm kernels, started here, with no client left connected."""
        from .publishing.kernels import WarmKernel

        new = [WarmKernel(self.cwd) for _ in range(self.workers - len(self.kernels))]
        threads = [threading.Thread(target=k.warm_up) for k in new]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()  # no thread runs when a child is forked
        for kernel in new:
            if kernel.km is not None and kernel.warmed:
                kernel.km.close_client()
                self.kernels.append(kernel)
            else:
                kernel.shutdown()

    def _retire(self, pids: list[int] | None) -> None:
        """Stop the kernels a run used (all of them when it did not say)."""
        from .publishing.kernels import _running

        keep = []
        for kernel in self.kernels:
            pid = kernel.connection().pid
            if pids is None or pid in pids or not _running(pid):
                kernel.shutdown()
            else:
                keep.append(kernel)
        self.kernels = keep

    def close(self) -> None:
        for kernel in self.kernels:
            kernel.shutdown()
        self.kernels = []

    # ------------------------------------------------------------------ requests

    def serve(self, listener: socket.socket) -> None:
        self.listener = listener
        listener.settimeout(self.idle)
        while not self.stopping:
            self.busy = False
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                return
            finally:
                self.busy = True
            with connection:
                if not self._handle(connection):
                    return

    def terminate(self, signum, frame) -> None:
        """SIGTERM: stop now, or once the work under way (a run, kernels warming up) ends."""
        self.stopping = True
        if not self.busy:
            raise SystemExit(0)

    def _handle(self, connection: socket.socket) -> bool:
        """Serve one run; False when this process can serve no more (a different caller)."""
        data, fds, _, _ = socket.recv_fds(connection, 1 << 20, 3)
        try:
            try:
                request = json.loads(data)
            except ValueError:  # not a caller of this project: not served, and no harm done
                connection.send(json.dumps({"accepted": False}).encode())
                return True
            if request.get("signature") != self.signature or len(fds) != 3:
                connection.send(json.dumps({"accepted": False}).encode())
                return False
            reader, writer = os.pipe()
            handed = [k.connection() for k in self.kernels]
            gc.freeze()  # the child's collections skip what is loaded: fewer pages copied
            pid = os.fork()
            if pid == 0:
                os.close(reader)
                if self.listener is not None:
                    self.listener.close()  # callers queue on the warm process, not on a run
                _child(request, fds, handed, writer, connection)  # never returns
            os.close(writer)
        finally:
            for fd in fds:
                os.close(fd)
        with contextlib.suppress(OSError):
            connection.send(json.dumps({"accepted": True, "pid": pid}).encode())
        _, status = os.waitpid(pid, 0)
        with os.fdopen(reader, encoding="utf-8") as report:
            text = report.read()
        used = json.loads(text) if text else None
        if used is None:  # the child was killed before it could tell the caller its end
            with contextlib.suppress(OSError):
                connection.send(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode())
        self._retire(used)
        self.warm_kernels()
        return True


def _child(
    request: dict, fds: list[int], handed: list, report: int, connection: socket.socket
) -> None:
    """The run, in the forked child: the caller's streams, folder and environment.

    The child tells the caller its exit code itself, once its output is flushed (so the
    caller learns it even if the warm process is gone), and the warm process which of its
    kernels it used (`report`, a pipe).
    """
    code, used = 1, None
    try:
        for target, fd in zip((0, 1, 2), fds, strict=True):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ[warm.CHILD_ENV] = "1"
        _reopen_streams()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        asyncio.set_event_loop(asyncio.new_event_loop())  # not the parent's epoll
        from . import timings
        from .cli import main
        from .publishing import pool

        timings.restart()
        timings.mark("warm")  # this run was forked from the warm process
        pool.hand_over(handed)
        try:
            code = main(request["argv"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        except KeyboardInterrupt:
            code = 130
        except BaseException:  # as the interpreter would: the trace, then exit status 1
            traceback.print_exc()
            code = 1
        used = pool.adopted()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(Exception):
            connection.send(json.dumps({"exit": code}).encode())
            os.write(report, json.dumps(used).encode())
        os._exit(code)


def _reopen_streams() -> None:
    """sys.stdin/stdout/stderr on the caller's descriptors, buffered as Python would.

    Encoding and error handlers are this process's: its environment is the caller's.
    """
    unbuffered = bool(os.environ.get("PYTHONUNBUFFERED"))
    for name, fd in (("stdin", 0), ("stdout", 1), ("stderr", 2)):
        old = getattr(sys, name)
        raw = io.FileIO(fd, "r" if fd == 0 else "w", closefd=False)
        buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
        stream = io.TextIOWrapper(
            buffered,
            encoding=old.encoding,
            errors=old.errors,
            line_buffering=fd == 2 or os.isatty(fd),
            write_through=unbuffered or fd == 2,
        )
        setattr(sys, name, stream)


def main(build_dir: Path, idle: int) -> None:
    lock = open(warm.lock_path(build_dir), "a+", encoding="ascii")  # noqa: SIM115 (held to the end)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another one runs
    lock.truncate(0)
    lock.write(str(os.getpid()))
    lock.flush()
    address = warm.address(build_dir)
    server = Server(idle)
    signal.signal(signal.SIGTERM, server.terminate)
    try:
        _prepare()
        server.warm_kernels()
        if server.stopping:
            return
        address.unlink(missing_ok=True)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        temporary = address.with_suffix(f".{os.getpid()}")
        listener.bind(str(temporary))
        listener.listen(8)
        os.replace(temporary, address)  # ready: callers find the socket from now on
        server.serve(listener)
    finally:
        with contextlib.suppress(OSError):
            address.unlink()
        server.close()
        lock.truncate(0)
        lock.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
    os._exit(0)

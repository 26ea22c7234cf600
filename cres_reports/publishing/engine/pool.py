"""A pool of worker threads, each owning a warm kernel, kept for a whole command (every year).

Stdlib only until a worker starts: a build with nothing to run imports no Jupyter
machinery (jupyter_client, nbformat, zmq: 0.3 s).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .kernels import WarmKernel


class KernelPool:
    """Worker threads, each with its own warm kernel, kept for a whole command (every year).

    `start(1)` launches one kernel and its warm-up at once (the pipeline calls it before
    validating, so that both run together, on the two cores); `run` starts the others
    when there are enough pages for them to pay for their start, and gives each task a
    kernel, on the worker thread that owns it. A pool that is never started costs nothing.
    """

    # A kernel's start and imports take as long as about 3 pages: one more kernel pays off
    # from about 8 pages to make.
    PAGES_PER_EXTRA_KERNEL = 8

    def __init__(self, workers: int, cwd: Path):
        self.workers = max(1, workers)
        self.cwd = Path(cwd)
        self._tasks: queue.Queue[Callable[[WarmKernel], None] | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._kernels: list[WarmKernel] = []

    def start(self, kernels: int | None = None) -> None:
        """Have `kernels` (default: all the workers) running, starting the missing ones."""
        wanted = min(self.workers, kernels or self.workers)
        while len(self._threads) < wanted:
            name = f"noyau-{len(self._threads)}"
            thread = threading.Thread(target=self._work, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def _work(self) -> None:
        from .kernels import WarmKernel

        kernel = WarmKernel(self.cwd)
        self._kernels.append(kernel)
        try:
            try:
                kernel.warm_up()
            except Exception:  # the first notebook starts a fresh kernel, and says what fails
                kernel.shutdown()
            while (task := self._tasks.get()) is not None:
                task(kernel)
        finally:
            kernel.shutdown()

    def run(self, tasks: list[Callable[[WarmKernel], None]]) -> None:
        """Run every task on the pool's kernels; return when all are done."""
        self.start(1 + len(tasks) // self.PAGES_PER_EXTRA_KERNEL)
        left = threading.Semaphore(0)
        errors: list[BaseException] = []

        def wrapped(task: Callable[[WarmKernel], None]) -> Callable[[WarmKernel], None]:
            def done(kernel: WarmKernel) -> None:
                try:
                    task(kernel)
                except Exception as exc:  # raised again in the caller's thread
                    errors.append(exc)
                finally:
                    left.release()

            return done

        for task in tasks:
            self._tasks.put(wrapped(task))
        for _ in tasks:
            left.acquire()
        if errors:
            raise errors[0]

    def cancel(self) -> None:
        """Stop at once (the command was interrupted): drop the tasks not started, kill every
        kernel (a notebook running on one fails), let the workers end."""
        import logging

        logging.disable(logging.CRITICAL)  # the notebooks cut short would each log it
        while True:
            try:
                self._tasks.get_nowait()
            except queue.Empty:
                break
        for kernel in self._kernels:
            kernel.kill()
        for _ in self._threads:
            self._tasks.put(None)
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads = []

    def close(self) -> None:
        """Stop the workers; their kernels are shut down together."""
        for _ in self._threads:
            self._tasks.put(None)
        for thread in self._threads:
            thread.join()
        self._threads = []

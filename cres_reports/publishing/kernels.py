"""Warm kernels: one long-lived kernel per worker, reused for many report notebooks.

Kernel start and the imports of pandas and plotly cost most of a notebook's time.
A warm kernel pays them once; before each notebook its namespace is wiped
(`%reset -f`) and the package's own state reset (`cres_reports.reset_state`), so
that each report is what a fresh kernel gives: tests/test_kernels.py builds the
reports both ways and compares them byte for byte. A kernel whose notebook
failed is replaced by a fresh one.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import nbformat
from jupyter_core.utils import run_sync
from nbformat.v4 import new_code_cell

from .execute import PAPERMILL_OPTIONS, NotebookError
from .kernelspec import KERNEL_NAME, PinnedKernelManager

RESET_TAG = "cres-reset"
RESET_CODE = "%reset -f\nimport cres_reports\ncres_reports.reset_state()"


class KernelError(RuntimeError):
    """The kernel itself failed (died, never answered), twice."""


class _ClientClosingKernelManager(PinnedKernelManager):
    """Remembers the clients nbclient opens on the kernel, so they can be closed after.

    nbclient leaves the client of a kernel it does not own open (16 file
    descriptors and a polled socket set per notebook): closed here, a long build
    stays as fast on its last notebook as on its first.
    """

    def client(self, *args, **kwargs):
        client = super().client(*args, **kwargs)
        self.__dict__.setdefault("opened", []).append(client)
        return client

    def close_clients(self) -> None:
        for client in self.__dict__.pop("opened", []):
            client.stop_channels()


class WarmKernel:
    """A kernel kept alive across notebooks. Use from one thread only."""

    def __init__(self, cwd: Path, start_timeout: int = 60):
        self.cwd = Path(cwd).resolve()
        self.start_timeout = start_timeout
        self.km: _ClientClosingKernelManager | None = None
        self.runs = 0

    def _start(self) -> None:
        km = _ClientClosingKernelManager(kernel_name=KERNEL_NAME)
        run_sync(km.start_kernel)(cwd=str(self.cwd))
        self.km = km

    def shutdown(self) -> None:
        if self.km is not None:
            km, self.km = self.km, None
            try:
                run_sync(km.shutdown_kernel)(now=True)
            except Exception:  # a kernel that already died has nothing left to stop
                pass

    def execute(self, notebook: Path, output: Path, parameters: dict) -> None:
        """Run `notebook` with `parameters`; keep the executed notebook at `output`."""
        import papermill
        from papermill.exceptions import PapermillExecutionError

        notebook, output = Path(notebook), Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        source = nbformat.read(notebook, as_version=4)
        reset = new_code_cell(RESET_CODE, metadata={"tags": [RESET_TAG]})
        source.cells.insert(0, reset)
        os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        for attempt in (1, 2):
            try:
                if self.km is None:
                    self._start()
                papermill.execute_notebook(
                    copy.deepcopy(source),
                    str(output),
                    parameters=dict(parameters),
                    **PAPERMILL_OPTIONS,
                    start_timeout=self.start_timeout,
                    km=self.km,
                )
                break
            except PapermillExecutionError as exc:
                self.shutdown()  # its state is unknown now: the next notebook gets a new kernel
                _drop_reset_cell(output)
                raise NotebookError.from_papermill(notebook, exc, output, skipped=1) from None
            except (RuntimeError, TimeoutError) as exc:
                # The kernel died or never answered (not the notebook's fault): one more
                # try with a new kernel, then give up with a plain message.
                self.shutdown()
                if attempt == 2:
                    raise KernelError(f"le noyau Python ne répond pas ({exc})") from None
            finally:
                self.runs += 1
                if self.km is not None:
                    self.km.close_clients()
        _drop_reset_cell(output)


def _drop_reset_cell(path: Path) -> None:
    """The executed notebook as a fresh kernel would have left it: no reset cell, counts from 1."""
    if not path.is_file():
        return
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = count
    nbformat.write(nb, path)

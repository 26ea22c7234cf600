"""Warm kernels: one long-lived kernel per worker, reused for many report notebooks.

Kernel start and the imports of pandas and plotly cost most of a notebook's time.
A warm kernel pays them once, and ahead of time (`warm_up`: the imports of the
package's report modules and plotly's lazy parts, while validation runs); before
each notebook its namespace is wiped (`%reset -f`), the package's own state reset
(`cres_reports.reset_state`) and the tables the page may read declared
(`store.yeardata.declare`), so that each report is what a fresh kernel gives:
tests/test_kernels.py builds the reports both ways and compares them byte for
byte. A kernel whose notebook failed is replaced by a fresh one.

One client stays connected to each kernel across notebooks: a new client per
notebook waits ~0.4 s for the kernel's channels to settle (jupyter_client's
`wait_for_ready` flushes IOPub with a 0.2 s timeout, twice).
"""

from __future__ import annotations

import copy
import os
import signal
import time
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_core.utils import run_sync
from nbformat.v4 import new_code_cell
from traitlets import default

from ... import timings
from .execute import PAPERMILL_OPTIONS, NotebookError
from .kernelspec import KERNEL_NAME, PinnedKernelManager

RESET_TAG = "cres-reset"
RESET_CODE = (
    "%reset -f\nimport cres_reports\ncres_reports.reset_state()\n"
    "from cres_reports.store import yeardata as _cres_yeardata\n"
    "_cres_yeardata.declare({notebook!r}, {reads!r})\ndel _cres_yeardata"
)
# What the report notebooks import, loaded once per kernel before any notebook runs; a
# figure of each trace kind loads plotly's validators and the template, which are lazy.
# None of it is a name left to the notebooks: the reset before each one wipes them.
WARM_UP_CODE = """\
import importlib, pkgutil
import pandas
import plotly.graph_objects as go
import cres_reports.analysis, cres_reports.present, cres_reports.store
for _package in (cres_reports.store, cres_reports.analysis, cres_reports.present):
    for _module in pkgutil.iter_modules(_package.__path__, _package.__name__ + "."):
        importlib.import_module(_module.name)
go.Figure([go.Bar(x=[1], y=[1]), go.Scatter(x=[1], y=[1])]).update_layout(
    template="plotly_white"
).to_json()
del _package, _module
import gc
gc.collect()
gc.freeze()  # what is loaded now stays: the collection in each %reset skips it (0.05 s)
"""


class KernelError(RuntimeError):
    """The kernel itself failed (died, never answered), twice."""


class _WarmClient(AsyncKernelClient):
    """The one client of a warm kernel: its channels are started and checked ready once."""

    _ready = False

    def start_channels(self, *args, **kwargs) -> None:
        if not self.channels_running:
            super().start_channels(*args, **kwargs)

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        if not self._ready:
            await self._ready_check(60 if timeout is None else timeout)
            self._ready = True

    async def _ready_check(self, timeout: float) -> None:
        """jupyter_client's `wait_for_ready`, without its fixed waits (0.2 s, up to 0.5 s).

        The kernel is ready once it answers `kernel_info` on the shell channel; IOPub is
        connected once this request's "idle" status comes through on it (else ask again).
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg_id = self.kernel_info()
            try:
                reply = await self._async_recv_reply(msg_id, timeout=1)
            except TimeoutError:
                reply = None
            while reply is not None:
                try:
                    msg = await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    break
                if (
                    msg["parent_header"].get("msg_id") == msg_id
                    and msg["msg_type"] == "status"
                    and msg["content"].get("execution_state") == "idle"
                ):
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
        raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")


class _WarmKernelManager(PinnedKernelManager):
    """Hands nbclient the same connected client for every notebook run on the kernel."""

    @default("client_factory")
    def _default_warm_client(self) -> type:
        return _WarmClient

    def client(self, **kwargs):
        if "warm_client" not in self.__dict__:
            self.__dict__["warm_client"] = super().client(**kwargs)
        return self.__dict__["warm_client"]

    def close_client(self) -> None:
        client = self.__dict__.pop("warm_client", None)
        if client is not None:
            client.stop_channels()


class WarmKernel:
    """A kernel kept alive across notebooks. Use from one thread only."""

    def __init__(self, cwd: Path, start_timeout: int = 60):
        self.cwd = Path(cwd).resolve()
        self.start_timeout = start_timeout
        self.km: _WarmKernelManager | None = None
        self.runs = 0
        self.killed = False  # `kill` was called: no new kernel may start
        self.warmed = False  # the warm-up code has run in the current kernel

    def _start(self) -> None:
        if self.killed:
            raise KernelError("construction interrompue")
        with timings.phase("kernel.start"):
            km = _WarmKernelManager(kernel_name=KERNEL_NAME)
            run_sync(km.start_kernel)(cwd=str(self.cwd))
            self.km, self.warmed = km, False
        if self.killed:  # killed while it started
            self.kill()

    def warm_up(self) -> None:
        """Start the kernel and import what the notebooks import, before any notebook."""
        if self.km is None:
            self._start()
        assert self.km is not None
        with timings.phase("kernel.warm_up"):
            client = self.km.client()
            client.start_channels()
            run_sync(client.wait_for_ready)(timeout=self.start_timeout)
            if self.warmed:
                return
            reply = run_sync(client.execute_interactive)(
                WARM_UP_CODE, timeout=self.start_timeout, output_hook=lambda msg: None
            )
            self.warmed = reply["content"]["status"] == "ok"
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise KernelError(
                f"préchauffage du noyau : {content.get('ename')}: {content.get('evalue')}"
            )

    def shutdown(self) -> None:
        if self.km is not None:
            km, self.km = self.km, None
            try:
                with timings.phase("kernel.shutdown"):
                    km.close_client()
                    run_sync(km.shutdown_kernel)(now=True)
            except Exception:  # a kernel that already died has nothing left to stop
                pass

    def kill(self) -> None:
        """Kill the kernel now, from any thread (the command was interrupted); the thread
        using it sees its notebook fail, and no new kernel starts."""
        self.killed = True
        km = self.km
        provisioner = getattr(km, "provisioner", None) if km is not None else None
        pid = getattr(provisioner, "pid", None)
        if pid:
            try:
                os.killpg(pid, signal.SIGKILL)  # a kernel leads its own session
            except OSError:
                pass

    def execute(
        self,
        notebook: Path,
        output: Path,
        parameters: dict,
        reads: list[tuple[str, int, str | None]] | None = None,
    ) -> None:
        """Run `notebook` with `parameters`; keep the executed notebook at `output`.

        `reads`: the (dataset, year, chamber or None) the notebook may read (the page's
        declared inputs); None lets it read every table, as in JupyterLab.
        """
        with timings.phase("page.execute"):
            self._execute(notebook, output, parameters, reads)

    def _execute(self, notebook: Path, output: Path, parameters: dict, reads) -> None:
        import papermill
        from papermill.exceptions import PapermillExecutionError

        timings.mark("first page")
        notebook, output = Path(notebook), Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        declared = sorted(reads, key=repr) if reads is not None else None
        reset = new_code_cell(
            RESET_CODE.format(notebook=notebook.stem, reads=declared),
            metadata={"tags": [RESET_TAG]},
        )
        os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        for attempt in (1, 2):
            try:
                if self.km is None:
                    self._start()
                source = copy.deepcopy(_source(notebook))  # papermill changes what it runs
                source.cells.insert(0, reset)
                papermill.execute_notebook(
                    source,
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
        _drop_reset_cell(output)


_SOURCES: dict[tuple[str, int, int], nbformat.NotebookNode] = {}


def _source(notebook: Path) -> nbformat.NotebookNode:
    """The notebook as written, parsed once per version of the file (copy it to change it)."""
    stat = notebook.stat()
    key = (str(notebook.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _SOURCES:
        _SOURCES[key] = nbformat.read(notebook, as_version=4)
    return _SOURCES[key]


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

"""Execute a report notebook with papermill in the project's kernel; say which cell failed."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

from .kernelspec import KERNEL_NAME, PinnedKernelManager

INJECTED_TAG = "injected-parameters"
# How the pipeline always calls papermill: the pinned kernel, quiet, no save per cell.
PAPERMILL_OPTIONS = {
    "kernel_name": KERNEL_NAME,
    "language": "python",
    "progress_bar": False,
    "log_output": False,
    "request_save_on_cell_execute": False,
}
ERROR_MARKER_TAG = "papermill-error-cell-tag"


class NotebookError(RuntimeError):
    """A cell of a report notebook raised an error.

    ``cell_index`` is the 0-based index of the failing cell in the SOURCE notebook (the cell
    papermill injects for the parameters is not counted); the message gives it 1-based, as a
    person counts cells from the top. ``executed`` is the executed notebook, kept for debugging.
    """

    def __init__(
        self,
        notebook: Path,
        cell_index: int,
        error_name: str,
        error_value: str,
        *,
        executed: Path | None = None,
        source: str = "",
    ) -> None:
        self.notebook = Path(notebook)
        self.cell_index = cell_index
        self.error_name = error_name
        self.error_value = error_value
        self.executed = executed
        self.source = source
        first_line = next((line for line in source.splitlines() if line.strip()), "")
        message = (
            f"{self.notebook} : erreur dans la cellule n° {cell_index + 1} "
            f"(index {cell_index}) : {error_name}: {error_value}"
        )
        if first_line:
            message += f"\n  cellule : {first_line.strip()[:120]}"
        if executed is not None:
            message += f"\n  notebook exécuté (avec la trace complète) : {executed}"
        super().__init__(message)

    @classmethod
    def from_papermill(cls, notebook: Path, exc, executed: Path, skipped: int = 0):
        """The error of papermill's `PapermillExecutionError` on `executed`.

        `skipped` cells were added before the source's first cell (a warm kernel's reset).
        """
        return cls(
            notebook,
            _source_cell_index(executed, exc.cell_index - skipped),
            exc.ename,
            exc.evalue,
            executed=executed,
            source=exc.source or "",
        )

    def kept_at(self, executed: Path | None) -> NotebookError:
        """The same error, pointing at the copy of the executed notebook kept for the analyst."""
        return NotebookError(
            self.notebook,
            self.cell_index,
            self.error_name,
            self.error_value,
            executed=executed,
            source=self.source,
        )


def _source_cell_index(executed: Path, executed_index: int) -> int:
    """Index in the source notebook of the cell papermill reports at ``executed_index``.

    papermill's index counts the injected-parameters cell; the executed file also has error
    marker cells that papermill added after computing the index.
    """
    try:
        nb = nbformat.read(executed, as_version=4)
    except (OSError, ValueError):
        return executed_index
    cells = [c for c in nb.cells if ERROR_MARKER_TAG not in c.get("metadata", {}).get("tags", [])]
    injected = [i for i, c in enumerate(cells) if INJECTED_TAG in c.metadata.get("tags", [])]
    return executed_index - sum(1 for i in injected if i < executed_index)


def execute(
    notebook: Path,
    output: Path,
    parameters: dict,
    cwd: Path | None = None,
    *,
    cell_timeout: int | None = None,
    start_timeout: int = 60,
) -> None:
    """Execute ``notebook`` with papermill in the pinned kernel; keep the result at ``output``.

    ``parameters`` are injected after the cell tagged ``parameters`` (JSON-like values).
    ``cwd`` is the kernel's working folder; by default the notebook's folder, as in Jupyter.
    The kernel is shut down immediately after the last cell (the graceful default sometimes
    stalls for ~3 s). On a failing cell, raises :class:`NotebookError`; the executed notebook,
    with the traceback, is still written to ``output``.

    The working folder is given to the kernel process itself (nbclient's
    ``resources["metadata"]["path"]``), not through papermill's ``cwd``, which would chdir the
    whole pipeline process: so several notebooks can run at once in threads.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    notebook, output = Path(notebook), Path(output)
    if not notebook.is_file():
        raise FileNotFoundError(f"notebook introuvable : {notebook}")
    workdir = (Path(cwd) if cwd is not None else notebook.parent).resolve()
    if not workdir.is_dir():
        raise NotADirectoryError(f"dossier de travail introuvable : {workdir}")
    output.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    try:
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=dict(parameters),
            **PAPERMILL_OPTIONS,
            start_timeout=start_timeout,
            execution_timeout=cell_timeout,
            kernel_manager_class=PinnedKernelManager,
            resources={"metadata": {"path": str(workdir)}},
            shutdown_kernel="immediate",
        )
    except PapermillExecutionError as exc:
        raise NotebookError.from_papermill(notebook, exc, output) from None

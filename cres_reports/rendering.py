"""Execute report notebooks and turn them into offline, printable French HTML pages.

Generic layer: it knows nothing about the reports' content.

Kernel pinning
--------------
Notebooks always run in THIS interpreter (``sys.executable``, the pipeline's venv), whatever
kernelspecs exist on the machine. Looking a kernel up by name through Jupyter's search path
(``python3``) is fragile: a stale user kernelspec can win (``JUPYTER_PREFER_ENV_PATH``, old
``~/.local/share/jupyter/kernels/python3``...). So we do not look anything up: papermill passes
``kernel_manager_class=PinnedKernelManager`` through to nbclient; that kernel manager's
``KernelSpecManager`` answers the name :data:`KERNEL_NAME` with a spec built in memory at each
kernel start (argv ``[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]``).
No file is written, ``os.environ`` / ``JUPYTER_PATH`` are not touched, and nothing installed by
the user can shadow it. The kernel's environment additionally gets:

- ``PYTHONPATH`` prefixed with the folder holding ``cres_reports``, so notebooks can
  ``import cres_reports.charts`` even when the package is not installed in the venv and the
  kernel runs in another working directory;
- ``PYDEVD_DISABLE_FILE_VALIDATION=1`` (silences the debugger's frozen-modules warning).

:func:`write_kernelspec` writes the same spec as a kernelspec folder, for analysts who want to
open an executed notebook in Jupyter with the pipeline's interpreter.

HTML
----
:func:`to_html` uses nbconvert's ``HTMLExporter`` with the ``cres`` template
(``cres_reports/templates/cres``, extends ``lab``), which removes every network resource
(require.js, MathJax, mermaid, widget loaders, lab CSS) and code inputs/prompts, and loads
plotly.js either from a shared local file (``plotly_js="../assets/plotly.min.js"``) or inlined
(``plotly_js="inline"``). Output is deterministic: cell ids are renumbered (papermill gives
the injected-parameters cell a random id) and the outputs the lab template labels with random
uuids (JavaScript, widgets) are dropped. After rendering, the page is checked: any external
``src``/``href`` (http://, https://, //host) that the browser would LOAD raises
:class:`ExternalResourceError` (hyperlinks written by report authors are left alone).
"""

from __future__ import annotations

import functools
import html.parser
import os
import re
import sys
import threading
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

from .assets import copy_plotly_js, plotly_js_source  # noqa: F401 (re-exported)

KERNEL_NAME = "cres-reports-python"
TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "cres"
INLINE = "inline"
INJECTED_TAG = "injected-parameters"
ERROR_MARKER_TAG = "papermill-error-cell-tag"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
_RENDER_LOCK = threading.Lock()
_NBCONVERT_ALT = "No description has been provided for this image"


# --------------------------------------------------------------------------- kernel


def kernel_name() -> str:
    """Name under which papermill/nbclient start the pinned kernel."""
    return KERNEL_NAME


def kernel_spec_dict() -> dict:
    """The kernelspec (kernel.json content) of the pinned kernel: this very interpreter."""
    pythonpath = os.pathsep.join(
        p for p in (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")) if p
    )
    return {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"CRES reports (Python {sys.version_info[0]}.{sys.version_info[1]})",
        "language": "python",
        "env": {"PYTHONPATH": pythonpath, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
        "metadata": {"debugger": False, "supported_encryption": ["curve"]},
        "kernel_protocol_version": "5.5",
    }


class PinnedKernelSpecManager(KernelSpecManager):
    """Answers :data:`KERNEL_NAME` with :func:`kernel_spec_dict`; other names as usual."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        if kernel_name == KERNEL_NAME:
            return KernelSpec(resource_dir="", **kernel_spec_dict())
        return super().get_kernel_spec(kernel_name)


class PinnedKernelManager(AsyncKernelManager):
    """nbclient's default kernel manager, with :class:`PinnedKernelSpecManager`.

    It also provisions CurveZMQ keys (``transport_encryption="auto"``, the spec declares
    ``supported_encryption: curve``): the kernel's sockets are encrypted, and ipykernel no
    longer warns "Kernel is running over TCP without encryption" on every run.
    """

    @default("kernel_spec_manager")
    def _default_pinned_ksm(self) -> KernelSpecManager:
        return PinnedKernelSpecManager(data_dir=self.data_dir)

    @default("transport_encryption")
    def _default_transport_encryption(self) -> str:
        import zmq

        return "auto" if zmq.has("curve") else "disabled"

    _killing = False

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        # jupyter_client sends SIGINT before the SIGKILL of an immediate shutdown; an idle
        # kernel that catches it logs "KeyboardInterrupt caught in kernel" on our stderr.
        # The kill (of the whole process group) follows at once: skip the interrupt.
        self._killing = now
        try:
            await self._async_shutdown_kernel(now=now, restart=restart)
        finally:
            self._killing = False

    async def _async_interrupt_kernel(self) -> None:
        if self._killing:
            return
        await super()._async_interrupt_kernel()


def write_kernelspec(directory: Path) -> Path:
    """Write the pinned kernelspec as ``directory/cres-reports-python/kernel.json``.

    Not needed by :func:`execute`; useful to ``jupyter kernelspec install`` it, or to put
    ``directory`` on ``JUPYTER_PATH``'s ``kernels`` search, when opening notebooks by hand.
    """
    import json

    spec_dir = Path(directory) / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    path = spec_dir / "kernel.json"
    path.write_text(json.dumps(kernel_spec_dict(), indent=1) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- execution


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
            kernel_name=KERNEL_NAME,
            language="python",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            start_timeout=start_timeout,
            execution_timeout=cell_timeout,
            kernel_manager_class=PinnedKernelManager,
            resources={"metadata": {"path": str(workdir)}},
            shutdown_kernel="immediate",
        )
    except PapermillExecutionError as exc:
        raise NotebookError(
            notebook,
            _source_cell_index(output, exc.cell_index),
            exc.ename,
            exc.evalue,
            executed=output,
            source=exc.source or "",
        ) from None


# --------------------------------------------------------------------------- HTML


class ExternalResourceError(ValueError):
    """The rendered page would load something from the network."""


_EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(https?:)?//", re.IGNORECASE)
_URL_ATTRS = {"src", "href", "srcset", "data", "poster", "action", "formaction", "xlink:href"}


class _UrlCollector(html.parser.HTMLParser):
    """Collects (tag, attribute, value) of URL attributes, and CSS url() in <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in _URL_ATTRS and value:
                self.urls.append((tag, name, value))
            if name == "style" and value and _CSS_URL.search(value):
                self.urls.append((tag, "style", value))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style and _CSS_URL.search(data):
            self.urls.append(("style", "url()", _CSS_URL.search(data).group(0)))


def external_urls(page: str, *, links: bool = False) -> list[tuple[str, str, str]]:
    """(tag, attribute, value) for every resource ``page`` would fetch from the network.

    Script bodies are not scanned (strings inside plotly.js are not requests). Hyperlinks
    (``<a href>``) are navigation, not loads: they are listed only with ``links=True``.
    """
    collector = _UrlCollector()
    collector.feed(page)
    collector.close()
    return [
        (tag, attr, value)
        for tag, attr, value in collector.urls
        if attr in ("style", "url()")
        or (_EXTERNAL.match(value) and (links or tag not in ("a", "area")))
    ]


@functools.cache
@functools.cache
def _plotly_js_text() -> str:
    return plotly_js_source().read_text(encoding="utf-8")


def _exporter():
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        embed_images=False,
        sanitize_html=False,
        # belt and braces: even if a stock block leaked through, it would have no URL to load
        require_js_url="",
        mathjax_url="",
        mermaid_js_url="",
        mermaid_layout_elk_js_url="",
        jquery_url="",
        jupyter_widgets_base_url="",
        widget_renderer_url="",
    )
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter.register_preprocessor(
        TagRemovePreprocessor(
            remove_cell_tags={"remove-cell", ERROR_MARKER_TAG},
            remove_all_outputs_tags={"remove-output"},
            enabled=True,
        ),
        enabled=True,
    )
    return exporter


def render_html(
    executed: Path,
    *,
    title: str,
    plotly_js: str,
    banner: str | None = None,
    footer_html: str = "",
    lang: str = "fr",
) -> str:
    """The page as a string (see :func:`to_html`)."""
    nb = nbformat.read(Path(executed), as_version=4)
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"c{index}"  # papermill's injected cell has a random id
    if plotly_js == INLINE:
        plotly = {"plotly_js_inline": _plotly_js_text(), "plotly_js_src": ""}
    else:
        if not plotly_js or _EXTERNAL.match(plotly_js):
            raise ExternalResourceError(
                f"plotly_js doit être 'inline' ou un chemin local relatif, pas {plotly_js!r}"
            )
        plotly = {"plotly_js_inline": "", "plotly_js_src": plotly_js}
    resources = {
        "metadata": {"name": title},
        "cres": {
            "title": title,
            "lang": lang,
            "banner": banner or "",
            "footer_html": footer_html or "",
            **plotly,
        },
    }
    with _RENDER_LOCK:  # one exporter is shared by the build's worker threads
        page, _ = _exporter().from_notebook_node(nb, resources=resources)
    # HTMLExporter gives images without alt text an English one
    page = page.replace(f'alt="{_NBCONVERT_ALT}"', 'alt="Image sans description"')
    found = external_urls(page)
    if found:
        listed = "; ".join(f"<{tag} {attr}={value[:80]!r}>" for tag, attr, value in found[:5])
        raise ExternalResourceError(
            f"{executed} : la page chargerait {len(found)} ressource(s) du réseau : {listed}"
        )
    return page


def to_html(
    executed: Path,
    html: Path,
    *,
    title: str,
    plotly_js: str,
    banner: str | None = None,
    footer_html: str = "",
    lang: str = "fr",
) -> None:
    """Render an executed notebook as an offline HTML page at ``html``.

    ``plotly_js``: a relative URL to a shared ``plotly.min.js`` (see :func:`copy_plotly_js`),
    or ``"inline"`` to embed plotly.js (~4.8 MB) in the page. ``banner`` is shown (and
    printed) at the top in a coloured box; ``footer_html`` (trusted HTML) at the bottom.
    Same input, same bytes: no timestamps, no random ids. Raises
    :class:`ExternalResourceError` if the page would load anything from the network (e.g. a
    markdown image from a URL).
    """
    page = render_html(
        executed,
        title=title,
        plotly_js=plotly_js,
        banner=banner,
        footer_html=footer_html,
        lang=lang,
    )
    html = Path(html)
    html.parent.mkdir(parents=True, exist_ok=True)
    tmp = html.with_name(f".{html.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        tmp.write_text(page, encoding="utf-8", newline="\n")
        os.replace(tmp, html)
    finally:
        tmp.unlink(missing_ok=True)

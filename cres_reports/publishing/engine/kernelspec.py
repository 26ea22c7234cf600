"""The project's kernel: always this interpreter, whatever kernelspecs the machine holds.

Notebooks always run in THIS interpreter (``sys.executable``, the pipeline's venv). Looking a
kernel up by name through Jupyter's search path (``python3``) is fragile: a stale user
kernelspec can win (``JUPYTER_PREFER_ENV_PATH``, old ``~/.local/share/jupyter/kernels/python3``).
So the pipeline does not look anything up: papermill passes
``kernel_manager_class=PinnedKernelManager`` through to nbclient; that kernel manager's
``KernelSpecManager`` answers the name :data:`KERNEL_NAME` with a spec built in memory at each
kernel start (argv ``[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]``).
The kernel's environment additionally gets:

- ``PYTHONPATH`` prefixed with the folder holding ``cres_reports``, so notebooks can
  ``import cres_reports`` even when the package is not installed in the venv and the
  kernel runs in another working directory;
- ``PYDEVD_DISABLE_FILE_VALIDATION=1`` (silences the debugger's frozen-modules warning).

:func:`write_kernelspec` writes the same spec as a kernelspec folder, for JupyterLab.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import weakref
from pathlib import Path

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

from ... import config

KERNEL_NAME = "cres-reports-python"
DISPLAY_NAME = "CRES reports (Python)"
PACKAGE_ROOT = config.SOURCE_ROOT


_PREFIX = "cres-kernel-"


def _sweep_orphans() -> None:
    """Remove the private folders of this user's kernels whose pipeline process is gone.

    A process killed outright (SIGKILL, a power cut) cannot remove its kernels' folders;
    the folder names carry the pid of the process that made them, so the next run can.
    """
    root = Path(tempfile.gettempdir())
    for folder in root.glob(f"{_PREFIX}*-*"):
        pid = folder.name[len(_PREFIX) :].split("-", 1)[0]
        try:
            if not pid.isdigit() or folder.lstat().st_uid != os.getuid():
                continue
            os.kill(int(pid), 0)  # raises if no such process
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # alive but another user's, or unreadable: not ours to remove
            continue


def _transport() -> str:
    """``ipc`` where Unix sockets exist and their paths fit (about 107 bytes on Linux)."""
    if sys.platform == "win32":
        return "tcp"
    # <tmp>/cres-kernel-<pid>-<8>/kernel-<n>
    folder = os.path.join(tempfile.gettempdir(), f"{_PREFIX}{'9' * 7}-{'0' * 8}")
    longest = len(os.fsencode(os.path.join(folder, "kernel-99")))
    return "ipc" if longest <= 100 else "tcp"


TRANSPORT = _transport()
_swept = False  # orphan folders are swept once per process, at its first kernel


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
        # As the notebooks name it: JupyterLab writes the kernel's display name into a
        # notebook it saves, so a plain save changes nothing (the interpreter is in argv).
        "display_name": DISPLAY_NAME,
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

    Its sockets are Unix sockets (``transport="ipc"``) in a private folder of its own: over
    TCP, jupyter_client picks "free" ports by closing them before the kernel binds them,
    and two kernels started at once (parallel pages, parallel test workers) now and then
    get the same port ("Address already in use",
    "Kernel died before replying to kernel_info"). File names cannot collide, and no other
    local user can reach a socket in a 0700 folder.

    It also provisions CurveZMQ keys (``transport_encryption="auto"``, the spec declares
    ``supported_encryption: curve``): the kernel's sockets are encrypted, and ipykernel no
    longer warns "Kernel is running over TCP without encryption" on every run.
    """

    @default("kernel_spec_manager")
    def _default_pinned_ksm(self) -> KernelSpecManager:
        return PinnedKernelSpecManager(data_dir=self.data_dir)

    @default("transport")
    def _default_transport(self) -> str:
        return TRANSPORT

    def _private_folder(self) -> str:
        """A fresh 0700 folder for this kernel's connection file and sockets, removed with
        the kernel's resources, or when the manager goes away (a killed kernel)."""
        if "_private" not in self.__dict__:
            global _swept
            if not _swept and hasattr(os, "getuid"):
                _swept = True
                _sweep_orphans()
            folder = tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-")
            self._private = folder
            self._remove_private_folder = weakref.finalize(self, shutil.rmtree, folder, True)
        return str(self._private)

    @default("connection_file")
    def _default_private_connection_file(self) -> str:
        # jupyter_client's default is a mkstemp file in /tmp, left behind by a killed kernel
        return os.path.join(self._private_folder(), "kernel.json")

    @default("ip")
    def _default_private_ip(self) -> str:
        if self.transport != "ipc":
            return super()._ip_default()
        # absolute: jupyter_client's default is relative to each side's working folder,
        # and the kernel runs in another one
        return os.path.join(self._private_folder(), "kernel")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and "_remove_private_folder" in self.__dict__:
            self._remove_private_folder()

    cleanup_resources = _async_cleanup_resources  # as AsyncKernelManager does

    @default("transport_encryption")
    def _default_transport_encryption(self) -> str:
        import zmq

        return "auto" if zmq.has("curve") else "disabled"

    _killing = False

    async def shutdown_kernel(  # type: ignore[override]  # async, as nbclient awaits it
        self, now: bool = False, restart: bool = False
    ) -> None:
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

    Not needed to build the reports; JupyterLab finds it under ``<venv>/share/jupyter/kernels``.
    """
    import json

    spec_dir = Path(directory) / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    path = spec_dir / "kernel.json"
    path.write_text(json.dumps(kernel_spec_dict(), indent=1) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":  # `python -m cres_reports.publishing.engine.kernelspec <kernels folder>`
    print(write_kernelspec(Path(sys.argv[1])))

"""Warm kernels give exactly what fresh kernels give (the proof that reusing them is safe).

The warm kernels run as the pipeline runs them: warmed up first, and limited to each page's
declared inputs (a profile sees only its chamber's rows); the fresh ones read every table, as
in JupyterLab. Equal pages prove the declared inputs are all a page depends on.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

import pytest
from support.data import YEAR

from cres_reports import config
from cres_reports.publishing.engine import execute, kernelspec, render
from cres_reports.publishing.engine.kernels import WarmKernel
from cres_reports.publishing.site import inputs, pages

pytestmark = [pytest.mark.build, pytest.mark.kernel]


def test_warm_kernel_pages_equal_fresh_kernel_pages(site, tmp_path):
    jobs = pages.jobs_for_year(site / "data", YEAR, validated=True)
    chosen = [j for j in jobs if j.notebook != "fiche_cres"]
    chosen += [j for j in jobs if j.chamber in ("53", "94")]  # a full and an empty profile
    warm = WarmKernel(config.PROJECT_ROOT)
    warm.warm_up()
    try:
        # Run everything twice in the same kernel, so that each page follows others.
        for round_ in (1, 2):
            for job in chosen:
                out = tmp_path / f"warm{round_}" / job.page.replace(".html", ".ipynb")
                warm.execute(
                    config.NOTEBOOKS_DIR / f"{job.notebook}.ipynb",
                    out,
                    job.parameters,
                    reads=inputs.inputs(job, YEAR),
                )
    finally:
        warm.shutdown()
    for job in chosen:
        fresh = tmp_path / "fresh" / job.page.replace(".html", ".ipynb")
        execute.execute(
            config.NOTEBOOKS_DIR / f"{job.notebook}.ipynb",
            fresh,
            job.parameters,
            cwd=config.PROJECT_ROOT,
        )
        made = []
        for executed in (fresh, tmp_path / "warm2" / fresh.relative_to(tmp_path / "fresh")):
            made.append(render.render_html(executed, title=job.title, plotly_js="inline"))
        assert made[0] == made[1], job.page


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")
def test_kernels_talk_over_private_unix_sockets_removed_with_them():  # and their key
    """Over TCP two kernels started at once could be handed the same "free" port (CI saw
    "Address already in use"); a socket file in a 0700 folder of its own cannot collide,
    nor be reached by another local user."""
    warm = WarmKernel(config.PROJECT_ROOT)
    warm.warm_up()
    try:
        assert warm.km is not None
        info = warm.km.get_connection_info()
        assert info["transport"] == "ipc"
        folder = Path(str(info["ip"])).parent
        assert stat.S_IMODE(folder.stat().st_mode) & 0o777 == 0o700  # (jupyter adds the sticky bit)
        assert folder.stat().st_uid == os.getuid()
        assert folder.name.startswith(f"cres-kernel-{os.getpid()}-")  # for the sweep below
        assert Path(warm.km.connection_file).parent == folder  # its key too
        assert any(folder.iterdir())
    finally:
        warm.shutdown()
    assert not folder.exists()


def test_the_folders_of_killed_runs_are_swept_and_live_ones_kept(tmp_path, monkeypatch):
    """A pipeline killed outright (SIGKILL) cannot remove its kernels' folders: the next
    run removes those whose process is gone, and only those."""
    import subprocess

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = tmp_path / f"cres-kernel-{gone.pid}-x1"
    live = tmp_path / f"cres-kernel-{os.getpid()}-x2"
    other = tmp_path / "cres-kernel-notapid-x3"
    for folder in (dead, live, other):
        folder.mkdir()
        (folder / "kernel.json").write_text("{}")
    kernelspec._sweep_orphans()
    assert not dead.exists()
    assert live.exists() and other.exists()

"""Faults of the machine, not of the data: a read-only or full reports folder.

Real file systems: a small tmpfs mounted for the test (root only, as in CI).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager

import pytest
from support.data import YEAR
from support.pipeline import pipeline, run_args, tree
from test_build import _change_chamber_53

pytestmark = [pytest.mark.build, pytest.mark.kernel]


@contextmanager
def tmpfs(path, size: str):
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    if mounted.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"cannot mount a tmpfs in CI: {mounted.stderr!r}")
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _publish_on(site_copy, mount):
    shutil.copytree(site_copy / "reports", mount, dirs_exist_ok=True)
    args = run_args(site_copy)
    args[args.index("--reports-dir") + 1] = mount
    return args


def test_a_read_only_reports_folder_is_a_clear_error(site_copy, tmp_path):
    with tmpfs(tmp_path / "ro", "16m") as mount:
        args = _publish_on(site_copy, mount)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        published = tree(mount)
        _change_chamber_53(site_copy)
        result = pipeline(*args)
        assert result.returncode == 6, result.stdout + result.stderr
        assert "lecture seule" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert tree(mount) == published


def test_a_full_disk_leaves_no_half_written_report(site_copy, tmp_path):
    with tmpfs(tmp_path / "full", "16m") as mount:
        args = _publish_on(site_copy, mount)
        filler = mount / "filler"
        # fill the disk but for a few kilobytes; unbuffered, or what the buffer still holds
        # when the disk is full fails again when the file closes (as it did once the
        # published reports grew)
        with open(filler, "wb", buffering=0) as fh:
            try:
                while fh.write(b"\0" * 65536):
                    pass
            except OSError:
                pass
        filler.write_bytes(filler.read_bytes()[:-200_000])
        published = tree(mount)
        _change_chamber_53(site_copy)
        result = pipeline(*args)
        assert result.returncode == 6, result.stdout + result.stderr
        assert "disque plein" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert tree(mount) == published
        assert not [p for p in mount.iterdir() if p.name.startswith(".")]
        filler.unlink()
        again = pipeline(*args)  # room again: the next run finishes
        assert again.returncode == 0, again.stderr
        assert "12 345" in (mount / str(YEAR) / "fiches" / "53.html").read_text().replace(
            "\u202f", " "
        )


def test_a_full_build_cache_names_the_build_folder(site_copy, tmp_path):
    """The cache is where the disk is full: the message names it, and --build-dir."""
    with tmpfs(tmp_path / "cache", "4m") as mount:
        args = run_args(site_copy)
        args[args.index("--build-dir") + 1] = mount
        published = tree(site_copy / "reports")
        result = pipeline(*args, "--force")
        assert result.returncode == 6, result.stdout + result.stderr
        assert f"disque plein sous {mount} (dossier de construction)" in result.stderr
        assert "--build-dir" in result.stderr and "--reports-dir" not in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert tree(site_copy / "reports") == published

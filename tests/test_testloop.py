"""The test loop itself: what `make test` relies on from pytest-xdist."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def test_loadgroup_keeps_a_group_on_one_worker(tmp_path):
    """`make test` shares each expensive module fixture (a built site) through xdist groups.
    pytest 9.2 gives node ids xdist 3.8 can no longer suffix: the groups were silently split
    and every worker built every fixture (pytest-xdist#1386). The lock pins a pytest that
    works; this fails if an upgrade brings the split back."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "test_grouped.py").write_text(
        "import pytest\n\n"
        "pytestmark = pytest.mark.xdist_group('together')\n\n\n"
        "@pytest.mark.parametrize('i', range(8))\n"
        "def test_one(i):\n"
        "    pass\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v", "-p",
         "no:cacheprovider", "test_grouped.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    workers = set(re.findall(r"\[(gw\d+)\].*PASSED", done.stdout))
    assert len(re.findall(r"PASSED", done.stdout)) == 8
    assert len(workers) == 1, done.stdout

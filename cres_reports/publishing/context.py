"""What a build works on and how, as one value: its folders, its options, its kernels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the pool starts Jupyter machinery: not for a build with nothing to run
    from .engine.pool import KernelPool


@dataclass(frozen=True)
class BuildContext:
    data_dir: Path  # raw/ and processed/
    reports_dir: Path  # the published pages
    build_dir: Path  # the cache and the executed notebooks, for debugging
    force: bool = False  # execute every notebook again, whatever the cache holds
    self_contained: bool = False  # plotly.js inside each page
    explain: bool = False  # say why each page is made again or reused
    pool: KernelPool | None = None  # the warm kernels kept for the whole command
    progress: Callable[[str], None] = field(default=print)  # one line per page

"""The one shared asset of the reports: plotly.js, copied from plotly's own package data.

Kept apart from `rendering` (which imports nbconvert and jupyter_client) so that a
build with nothing to do stays fast.
"""

from __future__ import annotations

import filecmp
import importlib.util
import os
import shutil
import threading
from pathlib import Path


def plotly_js_source() -> Path:
    spec = importlib.util.find_spec("plotly")
    path = Path(spec.origin).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js absent du paquet plotly : {path}")
    return path


def copy_plotly_js(assets_dir: Path) -> Path:
    """Copy plotly's bundled ``plotly.min.js`` into ``assets_dir`` (skipped if identical)."""
    source = plotly_js_source()
    assets_dir = Path(assets_dir)
    assets_dir.mkdir(parents=True, exist_ok=True)
    target = assets_dir / "plotly.min.js"
    if target.is_file() and filecmp.cmp(source, target, shallow=False):
        return target
    tmp = assets_dir / f".plotly.min.js.{os.getpid()}-{threading.get_ident()}.tmp"
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target

"""The one shared asset of the reports: plotly.js, copied from plotly's own package data.

Kept apart from `render` (which imports nbconvert and jupyter_client) so that a
build with nothing to do stays fast.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ... import files


def plotly_js_source() -> Path:
    spec = importlib.util.find_spec("plotly")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("le paquet plotly n'est pas installé")
    path = Path(spec.origin).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js absent du paquet plotly : {path}")
    return path


def copy_plotly_js(assets_dir: Path) -> Path:
    """Copy plotly's bundled ``plotly.min.js`` into ``assets_dir`` (skipped if identical)."""
    return files.copy_file(plotly_js_source(), Path(assets_dir) / "plotly.min.js")

"""The build folder's memory: executed notebooks and pages by content key, and each year's state.

`build/cache/<key>.ipynb` and `<key>.html` are content-addressed; `build/state/<year>.json`
remembers the components of each page's last key, to say why a page is rebuilt.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import files


class Cache:
    def __init__(self, build_dir: Path):
        self.root = Path(build_dir) / "cache"
        self.root.mkdir(parents=True, exist_ok=True)

    def executed(self, key: str) -> Path:
        return self.root / f"{key}.ipynb"

    def page(self, key: str) -> Path:
        return self.root / f"{key}.html"


def _state_path(build_dir: Path, year: int) -> Path:
    return Path(build_dir) / "state" / f"{year}.json"


def load_state(build_dir: Path, year: int) -> dict:
    path = _state_path(build_dir, year)
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def save_state(build_dir: Path, year: int, state: dict) -> None:
    files.write_json(_state_path(build_dir, year), state, indent=1)

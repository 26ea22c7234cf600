"""Clear the outputs and execution counts of notebooks: the pre-commit hook `strip-outputs`.

`python -m tools.strip_outputs notebooks/*.ipynb` rewrites only the notebooks that had some
(keeping their JSON layout) and exits 1 when it did, as pre-commit expects of a fixer: the
commit stops, the analyst adds the cleaned notebook and commits again.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def strip(path: Path) -> bool:
    """Clear `path`'s outputs and execution counts; whether it had any."""
    raw = path.read_text(encoding="utf-8")
    book = json.loads(raw)
    changed = False
    for cell in book.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs") or cell.get("execution_count") is not None:
            cell["outputs"], cell["execution_count"] = [], None
            changed = True
    if changed:
        text = json.dumps(book, indent=1, ensure_ascii=raw.isascii())  # as JupyterLab wrote it
        path.write_text(text + "\n", encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    cleaned = [name for name in argv if strip(Path(name))]
    for name in cleaned:
        print(f"sorties effacées : {name} (ajoutez-le à nouveau au commit)")
    return 1 if cleaned else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The package's layout: stages import only the stages before them, heavy libraries stay put."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from support.data import ROOT

PACKAGE = ROOT / "cres_reports"

# Lowest first: a module may import its own layer and the layers before it, never after.
LAYERS = (
    ("absence", "config", "digests", "files", "interrupts", "spreadsheets", "timings"),
    ("ingest",),
    ("validate",),
    # outgoing questionnaires (from the questionnaire and the year before's raw data), and
    # what goes back to the chambers (from the checks)
    ("survey",),
    ("store",),
    ("analysis",),
    ("present",),
    ("publishing",),
    ("run",),
    ("cli",),
)
# Heavy or special libraries, and the only places allowed to import them.
CONFINED = {
    "great_expectations": ("validate/gate.py",),
    "plotly": ("present/",),
    "IPython": ("present/",),
    "papermill": ("publishing/",),
    "nbconvert": ("publishing/",),
    "nbclient": ("publishing/",),
    "jupyter_client": ("publishing/",),
}


def _modules() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE
    )


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Absolute names of every module `path` imports, inside functions too."""
    package = _name(path) if path.name == "__init__.py" else _name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "cres_reports" or len(parts) < 2:
        return None
    for rank, names in enumerate(LAYERS):
        if parts[1] in names:
            return rank
    return None


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_down_the_stages(path):
    own = _layer(_name(path))
    assert own is not None, f"{path} belongs to no stage of LAYERS"
    upward = sorted(
        name for name in _imports(path) if (rank := _layer(name)) is not None and rank > own
    )
    assert not upward, f"{_name(path)} imports later stages: {upward}"


@pytest.mark.parametrize("library", sorted(CONFINED))
def test_heavy_libraries_stay_in_their_stage(library):
    allowed = CONFINED[library]
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in _modules()
        if any(n == library or n.startswith(library + ".") for n in _imports(path))
        and not str(path.relative_to(PACKAGE)).startswith(allowed)
    ]
    assert not offenders, f"{library} imported outside {allowed}: {offenders}"


def test_every_module_says_its_concern_on_its_first_line():
    for path in PACKAGE.rglob("*.py"):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and doc.splitlines()[0].strip(), f"{path} has no first line saying its concern"


def test_the_architecture_and_readme_name_every_module():
    architecture = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in PACKAGE.rglob("*.py"):
        if path.name == "__init__.py":
            continue
        shown = str(path.relative_to(PACKAGE))
        assert f"`{shown}`" in architecture, f"ARCHITECTURE.md does not name {shown}"
        assert f"`{shown}`" in readme, f"README.md does not name {shown}"

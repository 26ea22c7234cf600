"""Which package code each page runs: the modules its notebook imports, transitively.

A page's execution key covers that code only (Hamilton's idea: a node's cache key from its
own code), so that editing `analysis/missions.py` re-executes the pages whose notebooks
reach it, not every page of every year. Imports are read from the source (`ast`), inside
functions too (the package imports lazily), with their parent packages' `__init__.py`.
Whatever every page runs — the kernel's reset, papermill's options, the downloads written
from the executed notebook — is added to every page's code (`EXECUTION`). What only
shapes the HTML (templates, layout, navigation) keys the render, not the execution.
"""

from __future__ import annotations

import ast
import json
from functools import cache
from pathlib import Path

from .. import config, digests

PACKAGE = "cres_reports"
# Code that every executed page depends on, beyond what its notebook imports.
EXECUTION = (
    "__init__.py",  # reset_state, run before each notebook in a warm kernel
    "publishing/engine/kernels.py",  # the reset cell and the warm-up
    "publishing/engine/execute.py",  # papermill's options
    "publishing/engine/kernelspec.py",
    "publishing/site/downloads.py",  # the downloads, cached under the execution key
)


def _module_file(dotted: str) -> Path | None:
    """`cres_reports.present.display` → its file (a module, or a package's `__init__.py`)."""
    parts = dotted.split(".")
    if parts[0] != PACKAGE:
        return None
    base = config.PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _dotted(path: Path) -> str:
    relative = path.relative_to(config.PACKAGE_DIR).with_suffix("")
    parts = [p for p in relative.parts if p != "__init__"]
    return ".".join([PACKAGE, *parts])


def _imported(tree: ast.AST, package: str) -> set[str]:
    """The dotted names an AST imports (relative ones resolved against `package`); for
    `from m import n`, both `m` and `m.n` (n may be a submodule)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _with_parents(dotted: str) -> list[str]:
    parts = dotted.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts) + 1)]


@cache
def _module_imports(path: Path) -> frozenset[str]:
    dotted = _dotted(path)
    package = dotted if path.name == "__init__.py" else dotted.rsplit(".", 1)[0]
    return frozenset(_imported(ast.parse(path.read_bytes()), package))


def closure(names: set[str]) -> set[Path]:
    """The package files that importing `names` runs, transitively."""
    seen: set[Path] = set()
    todo = [n for name in names for n in _with_parents(name)]
    while todo:
        path = _module_file(todo.pop())
        if path is None or path in seen:
            continue
        seen.add(path)
        todo.extend(n for name in _module_imports(path) for n in _with_parents(name))
    return seen


@cache
def notebook_imports(notebook: Path) -> frozenset[str]:
    """The modules a notebook's code cells import."""
    document = json.loads(Path(notebook).read_text(encoding="utf-8"))
    found: set[str] = set()
    for cell in document.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", []))
        try:
            tree = ast.parse(source)
        except SyntaxError:  # IPython magics: a line at a time, what parses
            tree = ast.Module(
                body=[statement for line in source.splitlines() for statement in _parse_line(line)],
                type_ignores=[],
            )
        found |= _imported(tree, PACKAGE)
    return frozenset(found)


def _parse_line(line: str) -> list[ast.stmt]:
    try:
        return ast.parse(line.strip()).body
    except SyntaxError:
        return []


@cache
def page_modules(notebook: Path) -> dict[str, str]:
    """The package files a page's execution depends on, each with its digest."""
    files = closure(set(notebook_imports(notebook))) | {
        config.PACKAGE_DIR / name for name in EXECUTION
    }
    return {
        str(p.relative_to(config.PACKAGE_DIR)): digests.digest_file(p)
        for p in sorted(files)
        if p.is_file()
    }


def changed_modules(now: dict[str, str], before: dict[str, str]) -> list[str]:
    """The modules whose digest differs, or that appeared or went, by name."""
    return sorted(name for name in now.keys() | before.keys() if now.get(name) != before.get(name))


@cache
def rendering_digest() -> str:
    """What shapes every page's HTML around its notebook: the publishing code and templates."""
    return digests.digest_tree(
        config.PACKAGE_DIR / "publishing", digests.CODE_PATTERNS, skip=("codekeys.py",)
    )

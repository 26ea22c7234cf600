"""Where a report comes from: input file hashes, code version, package versions (the footer)."""

from __future__ import annotations

import html
import subprocess
from functools import cache
from importlib import metadata

from . import __version__, config

MAIN_PACKAGES = ("pandas", "great-expectations", "papermill", "nbconvert", "plotly", "babel")


@cache
def code_version() -> str:
    """The git commit of the pipeline's code (marked when the tree has changes), or its version."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=config.PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=config.PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return __version__
    return f"{__version__} ({commit}{', modifié' if dirty else ''})"


@cache
def package_versions() -> dict[str, str]:
    versions = {}
    for name in MAIN_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def footer_html(year: int, files: dict[str, dict]) -> str:
    """`files`: dataset → {"file", "sha256"} as kept in sources.json or the validation results."""
    inputs = "".join(
        f"<li>{html.escape(entry.get('file') or dataset)} — "
        f"<code>{html.escape((entry.get('sha256') or 'illisible')[:16])}</code></li>"
        for dataset, entry in sorted(files.items())
    )
    packages = ", ".join(
        f"{html.escape(k)} {html.escape(v)}" for k, v in package_versions().items()
    )
    return (
        f"<p>Exercice {year} · produit par le pipeline des états des lieux du CNCRES, "
        f"version {html.escape(code_version())}.</p>"
        f"<p>Fichiers sources (empreinte SHA-256) :</p><ul>{inputs}</ul>"
        f"<p>Logiciels : {packages}.</p>"
    )

"""Headless Chromium, offline: find it, and print a page to PDF as the board would print it.

Every request that would leave the machine fails: all traffic, loopback included, goes to a
proxy on 127.0.0.1:9 (the discard port, nothing listens) and host names resolve to nothing;
``file://`` pages and the files beside them load normally. Each run uses a fresh profile
folder, removed afterwards. The tests drive the same browser (`tests/support/browser.py`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ENVIRONMENT = "CRES_CHROMIUM"  # the path of a Chromium to use instead
TIMEOUT = 180.0
VIRTUAL_TIME_BUDGET_MS = 5000
INSTALL = (
    "Chromium est nécessaire pour produire le PDF : installez-le (Debian ou Ubuntu : "
    "« sudo apt-get install chromium » ; Windows ou macOS : installez Chromium ou Google "
    f"Chrome), ou donnez le chemin de son exécutable dans la variable {ENVIRONMENT}."
)


class ChromiumError(RuntimeError):
    """Chromium is missing, failed, or timed out; the message is for the analyst."""


def chromium_path() -> str | None:
    """Path of a Chromium/Chrome executable ($CRES_CHROMIUM first), or None."""
    chosen = os.environ.get(ENVIRONMENT)
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for candidate in ("/usr/bin/chromium", *CANDIDATES):
        found = shutil.which(candidate)
        if found:
            return found
    return None


def flags(profile: Path, width: int, height: int) -> list[str]:
    """Headless, offline, stable rendering, a fresh profile."""
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--disable-breakpad",
        "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-quic",
        "--metrics-recording-only",
        "--mute-audio",
        # no network: everything through a dead proxy, even loopback; no DNS either
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        # stable rendering
        f"--window-size={width},{height}",
        "--force-device-scale-factor=1",
        "--hide-scrollbars",
        "--font-render-hinting=none",
        "--lang=fr-FR",
        f"--user-data-dir={profile}",
    ]


def run(
    html_path: Path,
    extra: list[str],
    width: int = 1200,
    height: int = 1600,
    timeout: float = TIMEOUT,
) -> str:
    """Open a page in headless Chromium with `extra` flags; its standard output."""
    executable = chromium_path()
    if executable is None:
        raise ChromiumError(INSTALL)
    html_path = Path(html_path).resolve()
    if not html_path.is_file():
        raise ChromiumError(f"page introuvable : {html_path}")
    with tempfile.TemporaryDirectory(prefix="cres-chromium-") as profile:
        command = [
            executable,
            *flags(Path(profile), width, height),
            f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}",
            *extra,
            html_path.as_uri(),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=timeout,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            raise ChromiumError(
                f"Chromium n'a pas fini en {timeout:.0f} s sur {html_path}"
            ) from exc
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise ChromiumError(f"Chromium a échoué ({done.returncode}) sur {html_path} :\n{tail}")
    return done.stdout


def print_pdf(html_path: Path, pdf_path: Path, *, outline: bool = False) -> Path:
    """Print the page as the board would: A4 from its @page rules, no browser header.

    `outline`: the PDF's bookmarks follow the page's headings.
    """
    pdf_path = Path(pdf_path).resolve()
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    pdf_path.unlink(missing_ok=True)
    extra = ["--no-pdf-header-footer", f"--print-to-pdf={pdf_path}"]
    if outline:
        extra.append("--generate-pdf-document-outline")
    run(html_path, extra)
    if not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        raise ChromiumError(f"Chromium n'a pas écrit le PDF {pdf_path}")
    return pdf_path

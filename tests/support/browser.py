"""Open rendered reports in headless Chromium, with the network cut off (for tests).

Every request that would leave the machine fails: all traffic, loopback included, goes to a
proxy on 127.0.0.1:9 (the discard port, nothing listens) and host names resolve to nothing.
``file://`` pages and the files beside them load normally, which is what an offline reader
gets. Each run uses a fresh profile folder, removed afterwards.

Determinism: fixed window size and device scale factor, hidden scrollbars, no GPU, French
locale, and ``--virtual-time-budget`` so the page's scripts (plotly drawing) finish before the
DOM is dumped or the screenshot taken, whatever the machine's speed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
DEFAULT_TIMEOUT = 60.0
VIRTUAL_TIME_BUDGET_MS = 5000


class BrowserError(RuntimeError):
    """Chromium is missing, failed, or timed out."""


def chromium_path() -> str | None:
    """Path of a Chromium/Chrome executable, or None."""
    for candidate in CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def _flags(profile: Path, width: int, height: int) -> list[str]:
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
        f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}",
    ]


def _run(html_path: Path, extra: list[str], width: int, height: int, timeout: float) -> str:
    executable = chromium_path()
    if executable is None:
        raise BrowserError("Chromium introuvable (paquet Debian « chromium »)")
    html_path = Path(html_path).resolve()
    if not html_path.is_file():
        raise BrowserError(f"page introuvable : {html_path}")
    with tempfile.TemporaryDirectory(prefix="cres-chromium-") as profile:
        command = [executable, *_flags(Path(profile), width, height), *extra, html_path.as_uri()]
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
            raise BrowserError(f"Chromium n'a pas fini en {timeout:.0f} s sur {html_path}") from exc
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise BrowserError(f"Chromium a échoué ({done.returncode}) sur {html_path} :\n{tail}")
    return done.stdout


def dump_dom(
    html_path: Path,
    *,
    net_log: Path | None = None,
    width: int = 1200,
    height: int = 1600,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """The page's DOM after its scripts ran (plotly charts appear as ``svg.main-svg``).

    ``net_log``: also write Chromium's network log (JSON) there, to check what was requested.
    """
    extra = ["--dump-dom"]
    if net_log is not None:
        extra += [f"--log-net-log={Path(net_log).resolve()}", "--net-log-capture-mode=Default"]
    dom = _run(html_path, extra, width, height, timeout)
    if "<html" not in dom.lower():
        raise BrowserError(f"Chromium n'a rendu aucun DOM pour {html_path}")
    return dom


def screenshot(
    html_path: Path,
    png_path: Path,
    width: int = 1200,
    height: int = 1600,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """Save a PNG of the page's first ``width`` x ``height`` pixels."""
    png_path = Path(png_path).resolve()
    png_path.parent.mkdir(parents=True, exist_ok=True)
    png_path.unlink(missing_ok=True)
    _run(html_path, [f"--screenshot={png_path}"], width, height, timeout)
    if not png_path.is_file() or png_path.stat().st_size == 0:
        raise BrowserError(f"Chromium n'a pas écrit la capture {png_path}")
    return png_path


def page_requests(net_log: Path) -> list[str]:
    """URLs of the network requests made by the PAGE, from a net log written by dump_dom.

    Chromium's own background requests (updates, sign-in; blocked anyway) carry the initiator
    "not an origin" and are left out; requests of a ``file://`` page carry "null".
    """
    import json

    data = json.loads(Path(net_log).read_text(encoding="utf-8"))
    names = {value: key for key, value in data["constants"]["logEventTypes"].items()}
    urls = []
    for event in data.get("events", []):
        params = event.get("params") or {}
        if names.get(event.get("type")) != "URL_REQUEST_START_JOB" or "url" not in params:
            continue
        if params.get("initiator") != "not an origin":
            urls.append(params["url"])
    return urls


def print_pdf(html_path: Path, pdf_path: Path, *, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Print the page as the board would (A4 from the page's @page rule, no browser header)."""
    pdf_path = Path(pdf_path).resolve()
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    pdf_path.unlink(missing_ok=True)
    _run(html_path, ["--no-pdf-header-footer", f"--print-to-pdf={pdf_path}"], 1200, 1600, timeout)
    if not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        raise BrowserError(f"Chromium n'a pas écrit le PDF {pdf_path}")
    return pdf_path


def pdf_page_count(pdf_path: Path) -> int:
    """Pages of a PDF written by Chromium (its page objects are not compressed)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![s\w])", Path(pdf_path).read_bytes()))

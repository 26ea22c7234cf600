"""Open rendered reports in headless Chromium, with the network cut off (for tests).

The browser is launched as the pipeline launches it for the year's PDF
(`cres_reports.publishing.book.chromium`: offline, a fresh profile each run); ``file://`` pages
and the files beside them load normally, which is what an offline reader gets.

Determinism: fixed window size and device scale factor, hidden scrollbars, no GPU, French
locale, and ``--virtual-time-budget`` so the page's scripts (plotly drawing) finish before the
DOM is dumped or the screenshot taken, whatever the machine's speed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from cres_reports.publishing.book import chromium

DEFAULT_TIMEOUT = 60.0
BrowserError = chromium.ChromiumError
chromium_path = chromium.chromium_path


def require_browser() -> None:
    """Browser tests skip without Chromium, except where CRES_REQUIRE_BROWSER says it must be."""
    if chromium_path() is None:
        if os.environ.get("CRES_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here (CRES_REQUIRE_BROWSER) but missing")
        pytest.skip("Chromium not installed")


def _run(html_path: Path, extra: list[str], width: int, height: int, timeout: float) -> str:
    return chromium.run(html_path, extra, width, height, timeout)


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


print_pdf = chromium.print_pdf  # as the pipeline prints the year's PDF


def pdf_text(pdf_path: Path) -> str:
    """The PDF's text, pages separated by form feeds (poppler's `pdftotext -layout`)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise BrowserError("pdftotext introuvable (paquet Debian « poppler-utils »)")
    done = subprocess.run(
        [tool, "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def pdf_page_count(pdf_path: Path) -> int:
    """Pages of a PDF written by Chromium (its page objects are not compressed)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![s\w])", Path(pdf_path).read_bytes()))


# --------------------------------------------------------------------------- a live page


SETTLE = """new Promise(done => {
  const drawn = () => [...document.querySelectorAll('.js-plotly-plot')].every(gd => {
    const box = Math.floor(gd.parentElement.getBoundingClientRect().width);
    return box <= 0 || !gd._fullLayout || gd._fullLayout.width === box;
  });
  let frames = 0;
  const frame = () => ((++frames >= 2 && drawn()) || frames > 60
    ? done() : requestAnimationFrame(frame));
  requestAnimationFrame(frame);
})"""


class Session:
    """One headless Chromium driven through the DevTools protocol on a pipe (stdlib only).

    Unlike the one-shot helpers above, a session keeps a page open: change its width or its
    media (print), run JavaScript in it and read the answer, take screenshots of any part.
    The network is cut off as for the other helpers. Use as a context manager.
    """

    def __init__(self, width: int = 1280, height: int = 900, timeout: float = DEFAULT_TIMEOUT):
        import json  # noqa: F401  (used by the methods)
        import os

        executable = chromium_path()
        if executable is None:
            raise BrowserError("Chromium introuvable (paquet Debian « chromium »)")
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="cres-chromium-")
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()

        def pipes() -> None:  # the protocol reads fd 3 and writes fd 4
            a, b = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        flags = chromium.flags(Path(self._profile.name), width, height)
        self._process = subprocess.Popen(
            [executable, *flags, "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=pipes,  # noqa: PLW1509 (single-threaded test helper)
            close_fds=False,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._write = os.fdopen(to_browser_w, "wb", buffering=0)
        self._read = os.fdopen(from_browser_r, "rb", buffering=0)
        self._buffer = b""
        self._id = 0
        self._events: list[dict] = []
        target = self._call("Target.createTarget", {"url": "about:blank"})
        self._session = self._call(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.size(width, height)

    # protocol
    def _message(self) -> dict:
        import json
        import select

        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._read], [], [], self.timeout)
            if not ready:
                raise BrowserError(f"Chromium n'a pas répondu en {self.timeout:.0f} s")
            chunk = self._read.read(1 << 16)
            if not chunk:
                raise BrowserError("Chromium s'est arrêté")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)

    def _call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        import json

        self._id += 1
        message: dict = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._write.write(json.dumps(message).encode() + b"\0")
        while True:
            answer = self._message()
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise BrowserError(f"{method} : {answer['error']}")
                return answer.get("result", {})
            self._events.append(answer)

    def call(self, method: str, params: dict | None = None) -> dict:
        return self._call(method, params, self._session)

    def _wait_event(self, name: str) -> dict:
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == name:
                    return self._events.pop(i)
            self._events.append(self._message())

    # page
    def open(self, html_path: Path) -> None:
        """Load a page and wait until it and its scripts (charts) are done."""
        self._events.clear()
        self.call("Page.navigate", {"url": Path(html_path).resolve().as_uri()})
        self._wait_event("Page.loadEventFired")
        self.settle()

    def settle(self) -> None:
        """Let pending redraws run: animation frames until every chart is drawn at the width
        of its box (charts.js redraws them from a resize observer), at least two, at most
        about a second."""
        self.evaluate(SETTLE, wait=True)

    def size(self, width: int, height: int = 900) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def media(self, media: str = "") -> None:
        """Emulate a CSS media type ("print"), or the screen again ("")."""
        self.call("Emulation.setEmulatedMedia", {"media": media})

    def evaluate(self, expression: str, wait: bool = False):
        """The value of a JavaScript expression (awaited when it is a promise and `wait`)."""
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": wait},
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"JavaScript : {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, png_path: Path, clip: tuple[int, int, int, int] | None = None) -> Path:
        """A PNG of the page (x, y, width, height in CSS pixels; the whole page by default)."""
        import base64

        if clip is None:
            width, height = self.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            clip = (0, 0, width, height)
        x, y, w, h = clip
        shot = self.call(
            "Page.captureScreenshot",
            {
                "format": "png",
                "clip": {"x": x, "y": y, "width": w, "height": h, "scale": 1},
                "captureBeyondViewport": True,
            },
        )
        png_path = Path(png_path)
        png_path.parent.mkdir(parents=True, exist_ok=True)
        png_path.write_bytes(base64.b64decode(shot["data"]))
        return png_path

    def print_pdf(self, pdf_path: Path) -> Path:
        """Print the open page as `chromium.print_pdf` does (A4 from its @page rules, no
        browser header), without starting a browser for it."""
        import base64

        printed = self.call(
            "Page.printToPDF",
            {"preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False},
        )
        pdf_path = Path(pdf_path)
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        pdf_path.write_bytes(base64.b64decode(printed["data"]))
        return pdf_path

    def close(self) -> None:
        try:
            self._call("Browser.close")
        except (BrowserError, OSError):
            pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._write.close()
        self._read.close()
        self._profile.cleanup()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

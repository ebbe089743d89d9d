"""Open an exported page in headless Chromium over the DevTools pipe (stdlib only) and report what happened.

Used by the real-browser test and the benchmark: render time, console errors, dialogs, network requests,
CSP violations, DOM statistics from `PROBE_JS`, and a full-page screenshot.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--mute-audio",
    "--remote-debugging-pipe",
)

#: Runs before any page script: page dialogs are recorded instead of shown, CSP violations counted.
HOOKS_JS = """
window.__dialogs = [];
for (const k of ["alert", "confirm", "prompt", "print"]) {
  window[k] = function (m) { window.__dialogs.push(k + ":" + String(m)); return null; };
}
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class RenderReport:
    """What one page load did in the browser."""

    rendered_ms: float | None  # page-reported time of first render of every figure (performance.now())
    wall_ms: float  # navigation to first render, measured from outside
    figure_ms: dict[str, float] = field(default_factory=dict)  # plot div id -> when it was drawn
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # anything not file: or data:
    probe: Any = None
    screenshot: Path | None = None


class DevToolsPipe:
    """A minimal Chrome DevTools Protocol client over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, binary: str, profile: Path, window: tuple[int, int]) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        flags = [
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={window[0]},{window[1]}",
            "about:blank",
        ]
        # a tiny trampoline moves our pipe ends to the descriptors Chromium expects (3: commands, 4: replies);
        # F_DUPFD above 9 first, so neither end is overwritten by the other's move
        trampoline = (
            "import fcntl, os, sys\n"
            "r, w = (fcntl.fcntl(int(fd), fcntl.F_DUPFD, 10) for fd in sys.argv[1:3])\n"
            "os.dup2(r, 3)\nos.dup2(w, 4)\nos.execv(sys.argv[3], sys.argv[3:])\n"
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-c", trampoline, str(to_child_r), str(from_child_w), binary, *flags],
            pass_fds=(to_child_r, from_child_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        return self._next_id

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_child], [], [], remaining)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        timeout: float = 30,
    ) -> dict[str, Any]:
        wanted = self.send(method, params, session)
        deadline = time.monotonic() + timeout
        while True:
            message = self._read_message(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self._note(message)

    def _note(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        if event["method"] == "Page.javascriptDialogOpening":  # a real dialog would block the page
            self.send("Page.handleJavaScriptDialog", {"accept": False}, event.get("sessionId"))

    def wait_event(self, method: str, timeout: float) -> dict[str, Any]:
        for event in self.events:
            if event["method"] == method:
                return event
        deadline = time.monotonic() + timeout
        while True:
            message = self._read_message(deadline)
            if "method" in message:
                self._note(message)
                if message["method"] == method:
                    return message

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait(timeout=10)
        finally:
            os.close(self._to_child)
            os.close(self._from_child)


def _evaluate(pipe: DevToolsPipe, session: str, expression: str, timeout: float = 30) -> Any:
    result = pipe.call(
        "Runtime.evaluate",
        {"expression": expression, "returnByValue": True, "awaitPromise": True},
        session,
        timeout=timeout,
    )
    if "exceptionDetails" in result:
        raise RuntimeError(f"probe failed: {result['exceptionDetails']}")
    return result["result"].get("value")


def open_page(
    page: Path,
    *,
    probe_js: str | None = None,
    screenshot: Path | None = None,
    window: tuple[int, int] = (1600, 1200),
    timeout: float = 60,
) -> RenderReport:
    """Load `page` (file:) with no network, wait for the first render, run `probe_js`, take a screenshot."""
    binary = find_chromium()
    if binary is None:
        raise FileNotFoundError("no chromium binary on PATH (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="plantrack-chromium-") as profile:
        pipe = DevToolsPipe(binary, Path(profile), window)
        try:
            return _drive(pipe, page, probe_js, screenshot, window, timeout)
        finally:
            pipe.close()


def _drive(
    pipe: DevToolsPipe,
    page: Path,
    probe_js: str | None,
    screenshot: Path | None,
    window: tuple[int, int],
    timeout: float,
) -> RenderReport:
    target = pipe.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = pipe.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        pipe.call(f"{domain}.enable", {}, session)
    pipe.call("Page.addScriptToEvaluateOnNewDocument", {"source": HOOKS_JS}, session)
    pipe.call(
        "Emulation.setDeviceMetricsOverride",
        {"width": window[0], "height": window[1], "deviceScaleFactor": 1, "mobile": False},
        session,
    )
    started = time.monotonic()
    pipe.call("Page.navigate", {"url": page.resolve().as_uri()}, session)
    pipe.wait_event("Page.loadEventFired", timeout)
    rendered = None
    while rendered is None and time.monotonic() - started < timeout:
        rendered = _evaluate(pipe, session, "document.body && document.body.getAttribute('data-rendered-ms')")
        if rendered is None:
            time.sleep(0.02)
    wall_ms = (time.monotonic() - started) * 1000
    report = RenderReport(rendered_ms=None if rendered is None else float(rendered), wall_ms=wall_ms)
    drawn = _evaluate(pipe, session, "document.body.getAttribute('data-figure-ms')")
    report.figure_ms = {k: float(v) for k, v in json.loads(drawn or "{}").items()}
    if probe_js:
        report.probe = _evaluate(pipe, session, probe_js, timeout)
    report.dialogs = list(_evaluate(pipe, session, "window.__dialogs || []"))
    report.csp_violations = list(_evaluate(pipe, session, "window.__csp || []"))
    if screenshot is not None:
        size = pipe.call("Page.getLayoutMetrics", {}, session)["cssContentSize"]
        height = min(int(size["height"]) + 1, 8000)
        pipe.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": window[0], "height": height, "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        shot = pipe.call("Page.captureScreenshot", {"format": "png"}, session, timeout=timeout)
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        report.screenshot = screenshot
    _collect_events(pipe, report)
    return report


def _collect_events(pipe: DevToolsPipe, report: RenderReport) -> None:
    for event in pipe.events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            report.console_errors.append(
                " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
            )
        elif method == "Runtime.exceptionThrown":
            report.console_errors.append(json.dumps(params.get("exceptionDetails", {}))[:500])
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            report.console_errors.append(params["entry"].get("text", ""))
        elif method == "Page.javascriptDialogOpening":
            report.dialogs.append(params.get("message", ""))
        elif method == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            if not url.startswith(("file:", "data:")):
                report.requests.append(url)

"""The real binary on a real terminal (tmux): `plantrack demo` opens the TUI there, and only there."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import cli_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]


class Terminal:
    """One tmux session on a private server socket, 120x40."""

    def __init__(self, name: str) -> None:
        self.base = ["tmux", "-L", name]
        self.name = name

    def start(self, folder: Path, args: list[str], env: dict[str, str]) -> None:
        """Run `python -m plantrack ARGS` in `folder`; the shell then prints its exit code and waits."""
        exports = " ".join(
            f"{k}={shlex.quote(v)}" for k, v in env.items() if k.startswith(("PLANTRACK", "PYTHON"))
        )
        command = shlex.join([sys.executable, "-m", "plantrack", *args])
        line = f"cd {shlex.quote(str(folder))} && env {exports} TERM=xterm-256color {command}"
        line += "; echo EXIT=$?; sleep 60"
        subprocess.run([*self.base, "new-session", "-d", "-s", self.name, "-x", "120", "-y", "40", line],
                       check=True)  # fmt: skip

    def screen(self) -> str:
        done = subprocess.run(
            [*self.base, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return done.stdout

    def wait_for(self, text: str, timeout: float = 45) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.3)
        raise AssertionError(f"{text!r} never showed; screen was:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.base, "send-keys", "-t", self.name, *keys], check=True)

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    # a socket per test: a server still shutting down from the previous test must not be reused
    term = Terminal(f"plantrack-test-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        yield term
    finally:
        term.close()


def test_demo_opens_the_tui_on_a_terminal_and_quits(terminal: Terminal, tmp_path: Path) -> None:
    terminal.start(tmp_path, ["demo"], cli_env())
    shown = terminal.wait_for("/ Find")  # the footer of the Gantt screen (not of the others)
    # at 80 columns the title line keeps the plan edited and the dates; the project's name comes last
    assert "plan: current · status 2027-" in shown and "finish 2027-" in shown
    terminal.keys("D")
    terminal.wait_for("Deviations vs baseline")
    terminal.keys("Escape")
    terminal.wait_for("/ Find")
    terminal.keys("q")
    terminal.wait_for("EXIT=0")
    assert list(tmp_path.glob("line3-retrofit*"))


def test_demo_with_no_tui_only_prints_even_on_a_terminal(terminal: Terminal, tmp_path: Path) -> None:
    terminal.start(tmp_path, ["demo", "--no-tui"], cli_env())
    shown = terminal.wait_for("EXIT=0")
    assert "created line3-retrofit" in shown and "Zoom in" not in shown

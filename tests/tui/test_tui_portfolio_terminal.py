"""The real binary on a real terminal (tmux): `plantrack tui -p PLANT` on the demo plant, into a project
and back to the portfolio."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_tui_terminal import Terminal, terminal

from conftest import cli_env

__all__ = ["terminal"]  # the fixture, imported for the tests below

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]


def test_the_demo_plant_opens_on_its_portfolio_and_a_project_goes_back_to_it(
    terminal: Terminal, tmp_path: Path
) -> None:
    made = subprocess.run(
        [sys.executable, "-m", "plantrack", "plant", "demo"], cwd=tmp_path, env=cli_env(), capture_output=True
    )
    assert made.returncode == 0, made.stderr
    terminal.start(tmp_path, ["tui", "-p", "assembly-plant.plant.json"], cli_env())
    shown = terminal.wait_for("Shared resources, load by week")
    assert "Vision check of screw" in shown and "▲" in shown
    terminal.keys("Down", "Enter")
    shown = terminal.wait_for("esc Portfolio")  # the project's Gantt, with the way back in its footer
    assert "Vision check of screw presence" in shown and "unknown resource" not in shown
    terminal.keys("Escape")
    terminal.wait_for("Shared resources, load by week")
    terminal.keys("q")
    terminal.wait_for("EXIT=0")

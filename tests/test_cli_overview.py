"""`plantrack` with no command lists every command once, grouped in the order a project uses them."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest

from conftest import cli_env
from plantrack.cli import build_parser, main

ORDER = {
    "Start": ["demo", "import", "new"],
    "Plan": [
        "task",
        "link",
        "resource",
        "assign",
        "calendar",
        "window",
        "validate",
        "schedule",
        "pert",
        "scenario",
    ],
    "Track": ["baseline", "progress", "variance", "gate", "action", "review"],
    "Show": ["tui", "export"],
    "Team": ["team"],
    "Plant": ["plant"],
}


def _groups(text: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if title := re.fullmatch(r"(\w+):", line):
            current = groups.setdefault(title.group(1), [])
        elif entry := re.match(r"  (\S+)  +\S", line):
            current.append(entry.group(1))
    return groups


def test_no_argument_lists_commands_in_workflow_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    groups = _groups(out)
    assert list(groups) == list(ORDER) and groups == ORDER
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert sorted(name for names in groups.values() for name in names) == sorted(
        sub.choices
    )  # each command exactly once
    assert all(len(line) <= 110 for line in out.splitlines())


def test_no_argument_from_the_shell_exits_0() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "plantrack"], env=cli_env(), capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.index("Start:") < proc.stdout.index("Plan:") < proc.stdout.index("Show:")


def test_each_kind_of_failure_has_its_documented_exit_code() -> None:
    """The README's table: 1 invalid input · 2 usage · 3 busy · 4 storage · 5 unschedulable."""
    from pathlib import Path

    from plantrack.commands.exit_codes import EXIT_CODES
    from plantrack.scheduling.errors import Failure

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "1 invalid input · 2 usage error · 3 workspace busy · 4 workspace unreadable" in readme
    assert "5 valid but unschedulable" in readme
    assert {f: int(c) for f, c in EXIT_CODES.items()} == {
        Failure.INVALID_INPUT: 1,
        Failure.USAGE: 2,
        Failure.BUSY: 3,
        Failure.STORAGE: 4,
        Failure.UNSCHEDULABLE: 5,
    }

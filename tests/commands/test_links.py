"""`link add` names the one loop a new link closes; `link list` shows the dependencies."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Link, Project, Task
from plantrack.store import WorkspaceState, create_workspace

Cli = Callable[..., Result]
DAY = Duration(minutes=480)


@pytest.fixture
def tangle(tmp_path: Path) -> Path:
    """start fans out to twelve parallel tasks that all lead to end: 12 chains from start to end."""
    middle = [f"m{i}" for i in range(12)]
    tasks = [Task(id=i, duration=DAY) for i in ["start", *middle, "end"]]
    links = [Link(predecessor="start", successor=m) for m in middle]
    links += [Link(predecessor=m, successor="end") for m in middle]
    path = tmp_path / "line3.plantrack.json"
    project = Project(name="Tangle", start=dt.datetime(2027, 1, 4, 8), tasks=tuple(tasks), links=tuple(links))
    create_workspace(path, WorkspaceState(project=project))
    return path


def test_a_link_closing_a_loop_names_that_loop_once(cli: Cli, tangle: Path) -> None:
    before = fingerprint(tangle)
    r = cli("link", "add", "end", "start", "--json")
    assert r.code == 1
    problems = json.loads(r.out)
    # the whole tangle would hold twelve cycles (validation lists ten); the edit gets one line
    assert [p["code"] for p in problems] == ["dep-cycle"]
    message = problems[0]["message"]
    assert message.startswith("link end → start would close the loop end → start → m0 → end")
    assert problems[0]["ids"] == ["end", "start", "m0"]
    assert fingerprint(tangle) == before
    r = cli("link", "add", "end", "start")
    assert r.code == 1 and r.err.count("dep-cycle") == 1 and r.out == ""


def test_link_list_all_or_one_task(cli: Cli, tangle: Path) -> None:
    rows = json.loads(cli("link", "list", "--json").out)
    assert len(rows) == 24
    assert rows[0] == {
        "predecessor": "start",
        "successor": "m0",
        "type": "FS",
        "lag": "0m",
        "predecessor_name": "",
        "successor_name": "",
    }
    assert cli("link", "add", "m0", "m1", "--type", "SS", "--lag", "2d").code == 0
    rows = json.loads(cli("link", "list", "--task", "m1", "--json").out)
    assert [(r["predecessor"], r["successor"], r["type"], r["lag"]) for r in rows] == [
        ("start", "m1", "FS", "0m"),
        ("m1", "end", "FS", "0m"),
        ("m0", "m1", "SS", "2d"),
    ]
    r = cli("link", "list", "--task", "m99")
    assert r.code == 1 and "task-unknown" in r.err
    assert "start" in cli("link", "list").out

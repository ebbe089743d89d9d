"""`plantrack schedule` says what holds a task back: a plant closure (text, French text and --json)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from conftest import Result
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Calendar, Link, Period, Project, Task
from plantrack.store import WorkspaceState, create_workspace

MON = dt.datetime(2027, 7, 5)


def closure_plan(tmp_path: Path) -> None:
    """A (2 days) Monday and Tuesday; B after A, but the plant closes Wednesday 7 to Sunday 11 July."""
    plant = Calendar(
        id="plant",
        off=(Period(start=MON + dt.timedelta(days=2), end=MON + dt.timedelta(days=7), reason="summer"),),
    )
    project = Project(
        name="Press P4",
        start=MON,
        calendar="plant",
        calendars=(plant,),
        tasks=(Task(id="A", duration=Duration(minutes=960)), Task(id="B", duration=Duration(minutes=480))),
        links=(Link(predecessor="A", successor="B"),),
    )
    create_workspace(tmp_path / "p4.plantrack.json", WorkspaceState(project=project))


def test_a_task_held_back_by_a_closure_says_so(cli: Callable[..., Result], tmp_path: Path) -> None:
    closure_plan(tmp_path)
    result = cli("schedule")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "B waits for the closure summer from 2027-07-07 08:00 to 2027-07-12 08:00" in lines
    assert not any(line.startswith("A waits") for line in lines)
    doc = json.loads(cli("schedule", "--json").out)
    by_id = {t["id"]: t for t in doc["tasks"]}
    assert by_id["B"]["waits"] == {
        "kind": "closure",
        "closure": "summer",
        "from": "2027-07-07T08:00",
        "to": "2027-07-12T08:00",
    }
    assert "waits" not in by_id["A"]


def test_the_closure_wait_in_french(cli: Callable[..., Result], tmp_path: Path) -> None:
    closure_plan(tmp_path)
    result = cli("schedule", "--lang", "fr")
    assert result.code == 0, result.err
    assert "B est retenue par la fermeture summer du 07/07/2027 08:00 au 12/07/2027 08:00" in result.out

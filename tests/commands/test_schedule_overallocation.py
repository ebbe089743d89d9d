"""`plantrack schedule` names each over-allocated resource once: peak against capacity, a hint to level."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from conftest import Result
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Assignment, Project, Resource, Task
from plantrack.store import WorkspaceState, create_workspace

DAY = Duration(minutes=480)


def _workspace(tmp_path: Path) -> Path:
    path = tmp_path / "line3.plantrack.json"
    project = Project(
        name="Line 3",
        start=dt.datetime(2027, 1, 4, 8),
        resources=(Resource(id="elec", capacity=2), Resource(id="fitter")),
        tasks=tuple(Task(id=i, duration=DAY) for i in ("wire", "test", "cabinet", "guard")),
        assignments=(
            Assignment(task="wire", resource="elec", units=2),
            Assignment(task="test", resource="elec"),
            Assignment(task="cabinet", resource="fitter"),
        ),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def test_one_line_per_over_allocated_resource(cli: Callable[..., Result], tmp_path: Path) -> None:
    _workspace(tmp_path)
    r = cli("schedule")
    assert r.code == 0, r.err
    lines = [line for line in r.err.splitlines() if "resource-overallocated" in line]
    # wire (2 electricians) and test (1) both run Monday 08:00-17:00: 3 needed of 2; the fitter is fine
    assert lines == [
        "warning [resource-overallocated] elec is over-allocated: 3 needed of a capacity of 2 on "
        "2027-01-04 08:00 (wire, test), over capacity 2027-01-04; level it with `plantrack schedule --level`"
    ]
    r = cli("schedule", "--json")
    assert r.code == 0 and json.loads(r.out)["tasks"]  # stdout stays machine-readable
    assert "resource-overallocated" in r.err


def test_a_leveled_plan_gets_no_such_line(cli: Callable[..., Result], tmp_path: Path) -> None:
    _workspace(tmp_path)
    r = cli("schedule", "--level", "--time-limit", "5", "--workers", "1", "--seed", "1")
    assert r.code == 0, r.err
    assert "resource-overallocated" not in r.err

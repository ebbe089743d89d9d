"""`resource edit` and `resource rm`: validated edits, refusals that name what depends on it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Assignment, Calendar, Project, Resource, ResourceKind, Task
from plantrack.store import WorkspaceState, create_workspace, open_workspace

Cli = Callable[..., Result]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "line3.plantrack.json"
    project = Project(
        name="Line 3",
        start=dt.datetime(2027, 1, 4, 8),
        calendars=(Calendar(id="nights", weekdays=(0, 1, 2, 3, 4, 5, 6)),),
        resources=(Resource(id="elec", name="Electrician", capacity=2), Resource(id="spare")),
        tasks=(
            Task(id="wire", duration=Duration(minutes=480)),
            Task(id="test", duration=Duration(minutes=480)),
        ),
        assignments=(
            Assignment(task="wire", resource="elec", units=2),
            Assignment(task="test", resource="elec"),
        ),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def _project(path: Path) -> Project:
    return open_workspace(path).read().project


def test_resource_edit_changes_only_the_given_fields(cli: Cli, workspace: Path) -> None:
    r = cli(
        "resource", "edit", "elec", "--name", "Maintenance electrician", "--capacity", "3", "--rate", "52"
    )
    assert r.code == 0, r.err
    assert cli("resource", "edit", "spare", "--kind", "machine").code == 0
    elec, spare = _project(workspace).resources
    assert (elec.name, elec.capacity, elec.rate, elec.kind) == (
        "Maintenance electrician",
        3,
        52,
        ResourceKind.PERSON,
    )
    assert (spare.kind, spare.capacity) == (ResourceKind.MACHINE, 1.0)


@pytest.mark.parametrize(
    "args,code,ids",
    [
        (("--capacity", "1"), "assignment-over-capacity", {"wire", "elec"}),  # wire uses 2 electricians
        (("--capacity", "0"), "capacity-invalid", {"elec"}),
        (("--rate=-1",), "rate-negative", {"elec"}),
        (("--calendar", "weekends"), "calendar-unknown", {"weekends"}),
        ((), "nothing-to-change", set()),
    ],
)
def test_refused_resource_edits_write_nothing(
    cli: Cli, workspace: Path, args: tuple[str, ...], code: str, ids: set[str]
) -> None:
    before = fingerprint(workspace)
    r = cli("resource", "edit", "elec", *args, "--json")
    assert r.code == 1, r.out + r.err
    problems = json.loads(r.out)
    assert code in {p["code"] for p in problems}
    assert ids <= {i for p in problems for i in p["ids"]}
    assert fingerprint(workspace) == before


def test_resource_rm_refused_while_assigned_unless_forced(cli: Cli, workspace: Path) -> None:
    before = fingerprint(workspace)
    r = cli("resource", "rm", "elec", "--json")
    assert r.code == 1
    (problem,) = json.loads(r.out)
    assert problem["code"] == "resource-in-use" and problem["ids"] == ["elec", "wire", "test"]
    assert "wire, test" in problem["message"]
    assert fingerprint(workspace) == before
    assert cli("resource", "rm", "ghost").code == 1
    assert fingerprint(workspace) == before
    r = cli("resource", "rm", "elec", "--force", "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out) == {"removed": "elec", "unassigned_from": ["wire", "test"]}
    project = _project(workspace)
    assert [x.id for x in project.resources] == ["spare"] and project.assignments == ()
    r = cli("resource", "rm", "spare")
    assert r.code == 0 and r.out == "removed resource spare\n"

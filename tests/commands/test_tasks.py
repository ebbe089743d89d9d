"""CLI editing commands: each change is validated, and a refused one writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Calendar, LinkType, Project, Task
from plantrack.store import WorkspaceState, create_workspace, open_workspace

Cli = Callable[..., Result]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "line3.plantrack.json"
    project = Project(
        name="Line 3 retrofit",
        start=dt.datetime(2027, 1, 4),
        calendar="plant",
        calendars=(Calendar(id="plant"),),
        tasks=(
            Task(id="spec", name="Functional specification", duration=Duration(minutes=5 * 480)),
            Task(id="order", name="Order station", duration=Duration(minutes=480)),
        ),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def _project(path: Path) -> Project:
    return open_workspace(path).read().project


def test_task_add_with_predecessor_and_list(cli: Cli, workspace: Path) -> None:
    r = cli(
        "task", "add", "train", "--name", "Operator training", "--duration", "2d", "--after", "spec,order"
    )
    assert r.code == 0, r.err
    project = _project(workspace)
    train = project.task_map()["train"]
    assert train.duration == Duration(minutes=960)
    assert {(x.predecessor, x.successor) for x in project.links} == {("spec", "train"), ("order", "train")}
    listed = json.loads(cli("task", "list", "--json").out)
    assert [row["id"] for row in listed] == ["spec", "order", "train"]
    assert listed[2]["predecessors"] == ["spec", "order"]
    assert listed[2]["duration"] == "2d"


def test_task_edit_and_rm_cascade(cli: Cli, workspace: Path) -> None:
    assert cli("task", "add", "train", "--duration", "1d", "--after", "spec").code == 0
    assert cli("resource", "add", "tech", "--name", "Methods technician").code == 0
    assert cli("assign", "train", "tech").code == 0
    assert cli("task", "edit", "train", "--duration", "3d", "--owner", "K. Diallo").code == 0
    edited = _project(workspace).task_map()["train"]
    assert (edited.duration, edited.owner) == (Duration(minutes=1440), "K. Diallo")
    assert cli("task", "rm", "train").code == 0
    project = _project(workspace)
    assert "train" not in project.task_map()
    assert not project.links and not project.assignments


def test_link_types_lags_and_removal(cli: Cli, workspace: Path) -> None:
    r = cli("link", "add", "spec", "order", "--type", "SS", "--lag=-1d")
    assert r.code == 0, r.err
    (link,) = _project(workspace).links
    assert (link.type, link.lag.minutes) == (LinkType.SS, -480)
    assert cli("link", "add", "spec", "order").code == 1  # already linked
    assert cli("link", "rm", "spec", "order").code == 0
    assert cli("link", "rm", "spec", "order").code == 1


@pytest.mark.parametrize(
    "args,code,ids",
    [
        (("link", "add", "order", "spec"), None, None),  # fine on its own: a baseline for the next rows
        (("task", "add", "spec", "--duration", "1d"), "id-duplicate", {"spec"}),
        (("task", "add", "x", "--duration=-3d"), "duration-negative", set()),
        (("task", "add", "x", "--duration", "3 parsecs"), "duration-unit", set()),
        (("task", "add", "x", "--duration", "1d", "--after", "nope"), "dep-unknown", {"nope"}),
        (("link", "add", "spec", "spec"), "dep-self", {"spec"}),
        (("task", "edit", "ghost", "--duration", "1d"), "task-unknown", {"ghost"}),
        (("assign", "spec", "nobody"), "resource-unknown", {"nobody"}),
        (("task", "add", "m", "--milestone", "--duration", "2d"), "milestone-duration", {"m"}),
    ],
)
def test_refused_edits_write_nothing(
    cli: Cli, workspace: Path, args: tuple[str, ...], code: str | None, ids: set[str] | None
) -> None:
    if code is None:
        assert cli(*args).code == 0
        return
    before = fingerprint(workspace)
    r = cli(*args, "--json")
    assert r.code == 1, r.out + r.err
    problems = json.loads(r.out)
    assert code in {p["code"] for p in problems}
    named = {i for p in problems for i in p["ids"]}
    assert ids is not None and ids <= named
    assert fingerprint(workspace) == before


def test_cycle_is_refused_and_named(cli: Cli, workspace: Path) -> None:
    assert cli("task", "add", "c", "--duration", "1d", "--after", "order").code == 0
    assert cli("link", "add", "spec", "order").code == 0
    before = fingerprint(workspace)
    r = cli("link", "add", "c", "spec", "--json")
    assert r.code == 1
    (cycle,) = [p for p in json.loads(r.out) if p["code"] == "dep-cycle"]
    assert set(cycle["ids"]) == {"spec", "order", "c"}
    assert fingerprint(workspace) == before


def test_control_characters_removed_with_warning(cli: Cli, workspace: Path) -> None:
    r = cli("task", "add", "t2", "--name", "T2 \x1b[2J\x1b[H clear", "--duration", "1d")
    assert r.code == 0
    assert "name-sanitised" in r.err
    assert _project(workspace).task_map()["t2"].name == "T2 [2J[H clear"


def test_resource_add_with_absence_and_list(cli: Cli, workspace: Path) -> None:
    r = cli(
        "resource",
        "add",
        "elec",
        "--name",
        "Maintenance electrician",
        "--capacity",
        "2",
        "--rate",
        "48",
        "--absence",
        "2027-03-01..2027-03-05",
    )
    assert r.code == 0, r.err
    (elec,) = _project(workspace).resources
    assert elec.capacity == 2 and elec.rate == 48
    assert elec.absences[0].end == dt.datetime(2027, 3, 6)
    rows = json.loads(cli("resource", "list", "--json").out)
    assert rows[0]["id"] == "elec"
    assert cli("assign", "spec", "elec", "--units", "3").code == 1  # above capacity


def test_no_workspace_is_a_clear_error(tmp_path: Path, cli: Cli) -> None:
    r = cli("task", "list")
    assert r.code == 1
    assert "plantrack.json" in r.err


def test_calendar_show_days_holidays_and_absences(cli: Cli, workspace: Path) -> None:
    r = cli("calendar", "show", "--from", "2027-04-30", "--days", "4", "--json")
    assert r.code == 0, r.err
    rows = json.loads(r.out)
    # Fri 30 April works 8 h; Sat/Sun off; Mon 3 May works (no holidays on this calendar)
    assert [(row["date"], row["working_hours"]) for row in rows] == [
        ("2027-04-30", 8.0),
        ("2027-05-01", 0.0),
        ("2027-05-02", 0.0),
        ("2027-05-03", 8.0),
    ]
    assert rows[0]["hours"] == ["08:00-12:00", "13:00-17:00"]
    cli("resource", "add", "elec", "--absence", "2027-05-03..2027-05-03")
    rows = json.loads(
        cli("calendar", "show", "--resource", "elec", "--from", "2027-05-03", "--days", "2", "--json").out
    )
    assert [row["working_hours"] for row in rows] == [0.0, 8.0]
    assert cli("calendar", "show", "nope").code == 1


def test_bare_dates_mean_the_end_of_the_working_day_for_deadlines(cli: Cli, workspace: Path) -> None:
    # the plant calendar works 08-12, 13-17 Mon-Fri: Friday 30 April ends at 17:00, Thursday 29 too
    assert cli("task", "edit", "spec", "--deadline", "2027-04-30", "--fnlt", "2027-04-29").code == 0
    assert cli("task", "edit", "order", "--snet", "2027-02-01", "--deadline", "2027-03-01T12:00").code == 0
    tasks = _project(workspace).task_map()
    assert tasks["spec"].deadline == dt.datetime(2027, 4, 30, 17)
    assert tasks["spec"].constraints[0].date == dt.datetime(2027, 4, 29, 17)
    assert tasks["order"].constraints[0].date == dt.datetime(2027, 2, 1)
    assert tasks["order"].deadline == dt.datetime(2027, 3, 1, 12)

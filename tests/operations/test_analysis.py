"""The forecast at the status date: the one schedule the CLI, the TUI and the HTML report show."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from plantrack.operations.analysis import forecast
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Link, Project, Task
from plantrack.store import WorkspaceState, create_workspace, open_workspace

Cli = Callable[..., Result]
DAY = 480


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "gates.plantrack.json"
    project = Project(
        name="Gates",
        start=dt.datetime(2027, 3, 1, 8),
        tasks=(
            Task(id="prep", duration=Duration(minutes=2 * DAY)),
            Task(id="trial", duration=Duration(minutes=5 * DAY)),
            Task(id="G", name="Trial validated", milestone=True, gate=True),
            Task(id="build", duration=Duration(minutes=2 * DAY)),
        ),
        links=(
            Link(predecessor="prep", successor="trial"),
            Link(predecessor="trial", successor="G"),
            Link(predecessor="G", successor="build"),
        ),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def ok(r: Result) -> Result:
    assert r.code == 0, r.err
    return r


def dates(state: WorkspaceState, task: str) -> tuple[dt.datetime, dt.datetime]:
    row = next(t for t in forecast(state).schedule.tasks if t.id == task)
    return row.early_start_at, row.early_finish_at


def test_without_progress_the_forecast_is_the_plan_from_the_project_start(workspace: Path) -> None:
    state = open_workspace(workspace).read()
    ahead = forecast(state)
    assert ahead.status_date is None and not ahead.actuals
    assert ahead.schedule.tasks == cpm(state.project).tasks


def test_the_forecast_keeps_actuals_and_gate_decisions_as_schedule_stores_them(
    cli: Cli, workspace: Path
) -> None:
    ok(cli("progress", "prep", "--date", "2027-03-03T17:00", "--actual-start", "2027-03-01T08:00",
           "--actual-finish", "2027-03-02T17:00"))  # fmt: skip
    ok(cli("progress", "trial", "--date", "2027-03-03T17:00", "--actual-start", "2027-03-03T08:00",
           "--done", "20%"))  # fmt: skip
    ok(cli("gate", "G", "--decision", "validated", "--by", "COPIL", "--date", "2027-03-03"))
    state = open_workspace(workspace).read()
    ahead = forecast(state)
    assert ahead.status_date == dt.datetime(2027, 3, 3, 17)
    assert set(ahead.actuals) >= {"prep", "trial", "G"}
    assert dates(state, "G") == (dt.datetime(2027, 3, 3), dt.datetime(2027, 3, 3))
    assert dates(state, "build") == (dt.datetime(2027, 3, 4, 8), dt.datetime(2027, 3, 5, 17))
    stored = {t["id"]: t for t in json.loads(ok(cli("schedule", "--json")).out)["tasks"]}
    for row in ahead.schedule.tasks:  # the command line stores this very schedule
        assert stored[row.id]["start"] == row.early_start_at.isoformat(timespec="minutes")


def test_an_earlier_status_date_knows_only_the_progress_recorded_by_then(cli: Cli, workspace: Path) -> None:
    ok(cli("progress", "prep", "--date", "2027-03-01T17:00", "--actual-start", "2027-03-01T08:00",
           "--done", "50%"))  # fmt: skip
    ok(cli("progress", "prep", "--date", "2027-03-03T17:00", "--actual-finish", "2027-03-02T17:00"))
    state = open_workspace(workspace).read()
    earlier = forecast(state, status_date=dt.datetime(2027, 3, 1, 17))
    assert earlier.status_date == dt.datetime(2027, 3, 1, 17)
    assert earlier.actuals["prep"].actual_finish is None
    assert forecast(state).actuals["prep"].actual_finish is not None


def test_the_forecast_plan_is_the_forecast_as_planned_dates(workspace: Path) -> None:
    from plantrack.operations.analysis import forecast_plan, plan_of
    from plantrack.scheduling.tracking.records import ProgressRecord
    from plantrack.store.tracking_codec import add_progress

    with open_workspace(workspace).update() as state:
        when = dt.datetime(2027, 3, 2, 17)
        add_progress(
            state, [ProgressRecord(task="prep", status_date=when, actual_start=dt.datetime(2027, 3, 1, 8))]
        )
    state = open_workspace(workspace).read()
    planned = forecast_plan(state)
    assert planned == plan_of(forecast(state).schedule)
    assert planned["prep"].start == dt.datetime(2027, 3, 1, 8)


def test_progress_of_removed_tasks_is_left_out_of_the_status_date(workspace: Path) -> None:
    from plantrack.scheduling.tracking.records import ProgressRecord
    from plantrack.store.tracking_codec import add_progress, current_progress, status_date

    kept = ProgressRecord(task="prep", status_date=dt.datetime(2027, 3, 2, 17), percent_complete=50.0)
    gone = ProgressRecord(task="removed", status_date=dt.datetime(2027, 3, 9, 17), percent_complete=50.0)
    with open_workspace(workspace).update() as state:
        add_progress(state, [kept, gone])
    state = open_workspace(workspace).read()
    assert current_progress(state) == [kept]
    assert status_date(state) == kept.status_date

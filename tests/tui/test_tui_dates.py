"""The TUI forms read a date alone as the command line does: end-like fields end their working day."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Input
from tui_harness import pilot_test

from conftest import Result
from plantrack.commands.progress import parse_record
from plantrack.operations import form_edits as edits
from plantrack.operations.form_edits import TaskFields
from plantrack.operations.review import add_meeting_action, save_status_date
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import Calendar, Link, Project, Task, TimeRange
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.tracking_codec import actions, progress
from plantrack.tui.app import PlantrackApp
from plantrack.tui.screens.forms import FormScreen
from plantrack.tui.tracking_edits import parse_progress, record_progress

Cli = Callable[..., Result]
DAY = 480
SHIFTS = Calendar(id="shifts", hours=(TimeRange(start=360, end=840), TimeRange(start=840, end=1320)))


def plan() -> Project:
    """Design 2d -> Wire 3d on the standard calendar from Monday 1 March 2027; Press 1d on two shifts."""
    return Project(
        name="Small retrofit",
        start=dt.datetime(2027, 3, 1, 8),
        calendars=(SHIFTS,),
        tasks=(
            Task(id="design", name="Design", duration=Duration(minutes=2 * DAY)),
            Task(id="wire", name="Wire", duration=Duration(minutes=3 * DAY)),
            Task(id="press", name="Press", duration=Duration(minutes=DAY), calendar="shifts"),
        ),
        links=(Link(predecessor="design", successor="wire"),),
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "small.plantrack.json"
    create_workspace(path, WorkspaceState(project=plan()))
    return path


def test_progress_form_keeps_the_days_slip_and_its_cause(cli: Cli, workspace: Path) -> None:
    assert cli("baseline", "save", "initial").code == 0
    typed = {
        "date": "2027-03-03",
        "actual_start": "2027-03-01",
        "actual_finish": "2027-03-03",
        "cause": "material",
    }
    with open_workspace(workspace).update() as state:
        record_progress("design", typed)(state)
    (record,) = progress(open_workspace(workspace).read())
    assert record.status_date == record.actual_finish == dt.datetime(2027, 3, 3, 17)
    out = json.loads(cli("variance", "--json").out)
    # planned to end Tue 17:00, ended Wed 17:00: one plant day, material's
    design = next(t for t in out["tasks"] if t["id"] == "design")
    assert design["finish_variance_hours"] == 8.0
    assert {"cause": "material", "slip_days": 1.0} in [
        {k: p[k] for k in ("cause", "slip_days")} for p in out["pareto"]
    ]


def test_the_form_names_the_bad_date_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_progress("design", {"date": "2027-03-03", "actual_finish": "3 March"}, plan())
    assert caught.value.problems()[0].location == "actual_finish"
    assert caught.value.problems()[0].code == "date-invalid"


DAYS = st.dates(min_value=dt.date(2027, 2, 20), max_value=dt.date(2027, 4, 10))


@settings(max_examples=60, deadline=None)
@given(
    task=st.sampled_from(["design", "press"]),
    status=DAYS,
    start=st.one_of(st.none(), DAYS),
    finish=st.one_of(st.none(), DAYS),
    finish_time=st.booleans(),
)
def test_the_form_and_the_command_line_read_the_same_dates(
    task: str, status: dt.date, start: dt.date | None, finish: dt.date | None, finish_time: bool
) -> None:
    typed = {
        "date": status.isoformat(),
        "actual_start": "" if start is None else start.isoformat(),
        "actual_finish": ""
        if finish is None
        else (f"{finish.isoformat()}T11:30" if finish_time else finish.isoformat()),
    }
    project = plan()
    form = parse_progress(task, typed, project)
    command = parse_record(project, {"task": task, **typed})
    assert (form.status_date, form.actual_start, form.actual_finish) == (
        command.status_date,
        command.actual_start,
        command.actual_finish,
    )
    # independently: the standard calendar's day ends 17:00 on weekdays; the shifts' at 22:00
    weekday = status.weekday() < 5
    assert form.status_date == dt.datetime.combine(status, dt.time(17) if weekday else dt.time(23, 59))
    if finish is not None and not finish_time:
        end = dt.time(17 if task == "design" else 22) if finish.weekday() < 5 else dt.time(23, 59)
        expected = dt.datetime.combine(finish, end)
        if finish == status:
            expected = min(expected, form.status_date)
        assert form.actual_finish == expected


def test_deadline_due_and_status_forms_end_their_working_day() -> None:
    state = WorkspaceState(project=plan())
    edits.edit_task(TaskFields(id="press", name="Press", duration="1d", deadline="2027-03-10"))(state)
    edits.edit_task(TaskFields(id="design", name="Design", duration="2d", deadline="2027-03-10T12:00"))(state)
    tasks = state.project.task_map()
    assert tasks["press"].deadline == dt.datetime(2027, 3, 10, 22)  # its own two-shift day
    assert tasks["design"].deadline == dt.datetime(2027, 3, 10, 12)  # a time is kept
    add_meeting_action(
        {"title": "Order cables", "owner": "A. Petit", "due": "2027-03-12"}, dt.date(2027, 3, 1)
    )(state)
    (action,), _ = actions(state)
    assert action.due == dt.datetime(2027, 3, 12, 17)
    save_status_date({"date": "2027-03-05"})(state)
    assert {r.status_date for r in progress(state)} == {dt.datetime(2027, 3, 5, 17)}


@pilot_test
async def test_the_edit_form_shows_a_deadline_as_its_day(workspace: Path) -> None:
    with open_workspace(workspace).update() as state:
        tasks = tuple(
            Task(id=t.id, name=t.name, duration=t.duration, calendar=t.calendar, deadline=deadline)
            for t, deadline in zip(
                state.project.tasks,
                (dt.datetime(2027, 3, 11), dt.datetime(2027, 3, 11, 17), dt.datetime(2027, 3, 12, 22)),
                strict=True,
            )
        )
        state.project = Project(
            name="Small retrofit", start=state.project.start, calendars=(SHIFTS,), tasks=tasks, links=()
        )
    app = PlantrackApp(workspace, today=dt.date(2027, 3, 1), poll_seconds=60)
    shown = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("e")
            form = app.screen
            assert isinstance(form, FormScreen)
            shown.append(form.query_one("#in-deadline", Input).value)
            await pilot.press("escape")
            await pilot.press("down")
    # the file's end of 10 March (24:00), the end of a working day on the standard and on two shifts
    assert shown == ["2027-03-10", "2027-03-11", "2027-03-12"]

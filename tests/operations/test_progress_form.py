"""The progress form: read as `plantrack progress` reads it, and checked by the same rules."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Result
from plantrack.operations.progress import parse_record
from plantrack.operations.progress_form import parse_progress, progress_edit
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import Calendar, Link, Project, Task, TimeRange
from plantrack.scheduling.tracking.records import Decision, GateDecision
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.tracking_codec import add_gate_decision, progress

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
        progress_edit("design", typed)(state)
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


def test_the_form_takes_the_baseline_start_when_none_is_typed(cli: Cli, workspace: Path) -> None:
    # as `plantrack progress` does (tests/commands/test_gate_reached.py): a note, not a refusal
    assert cli("baseline", "save", "initial").code == 0
    edit = progress_edit("design", {"date": "2027-03-02", "done": "100"})
    with open_workspace(workspace).update() as state:
        edit(state)
    (record,) = progress(open_workspace(workspace).read())
    assert record.actual_start == dt.datetime(2027, 3, 1, 8)
    assert [p.code for p in edit.warnings] == ["start-assumed", "finish-assumed"]
    assert "baseline initial" in edit.warnings[0].message


def test_the_form_takes_the_planned_start_without_a_baseline() -> None:
    state = WorkspaceState(project=plan())
    edit = progress_edit("design", {"date": "2027-03-02", "done": "50"})
    edit(state)
    assert progress(state)[0].actual_start == dt.datetime(2027, 3, 1, 8)
    assert "the plan" in edit.warnings[0].message


def test_a_validated_gate_spares_the_form_the_predecessor_warning() -> None:
    gated = Task(id="G", name="Design approved", milestone=True, gate=True)
    project = plan()
    project = Project(
        name=project.name,
        start=project.start,
        calendars=project.calendars,
        tasks=(*project.tasks, gated),
        links=(Link(predecessor="design", successor="G"), Link(predecessor="G", successor="wire")),
    )
    typed = {"date": "2027-03-04", "actual_start": "2027-03-04T08:00", "done": "10"}
    before = progress_edit("wire", typed)
    before(WorkspaceState(project=project))
    assert [p.code for p in before.warnings] == ["predecessor-not-started"]
    state = WorkspaceState(project=project)
    decided = GateDecision(task="G", decision=Decision.VALIDATED, date=dt.datetime(2027, 3, 3), by="COPIL")
    add_gate_decision(state, decided)
    after = progress_edit("wire", typed)
    after(state)
    assert after.warnings == []

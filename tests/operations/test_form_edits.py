"""Form edits: each error names its form field; edits apply to the state they are given."""

from __future__ import annotations

import datetime as dt

import pytest

from plantrack.operations import form_edits as edits
from plantrack.operations.form_edits import TaskFields
from plantrack.operations.tracking_view import resource_loads
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import Assignment, Calendar, Project, Resource, Task, TimeRange
from plantrack.store import WorkspaceState

DAY = Duration(minutes=480)


def state() -> WorkspaceState:
    return WorkspaceState(
        project=Project(
            name="P",
            start=dt.datetime(2027, 3, 15, 8),
            resources=(Resource(id="elec", name="Electricians", capacity=1),),
            tasks=(
                Task(id="phase", name="Phase"),
                Task(id="a", name="A", duration=DAY, parent="phase"),
                Task(id="b", name="B", effort=Duration(minutes=960)),
            ),
        )
    )


def field_of(edit: edits.Edit, st: WorkspaceState | None = None) -> tuple[str | None, str]:
    with pytest.raises(InvalidInput) as caught:
        edit(st or state())
    problem = caught.value.problems()[0]
    return problem.location, problem.code


def test_errors_name_the_form_field() -> None:
    assert field_of(edits.add_task(TaskFields(id="c", duration="3 parsecs"))) == ("duration", "duration-unit")
    assert field_of(edits.add_task(TaskFields(id="c", duration="1d", parent="nope"))) == (
        "parent",
        "task-unknown",
    )
    assert field_of(edits.add_task(TaskFields(id="a", duration="1d"))) == ("id", "id-duplicate")
    assert field_of(edits.add_task(TaskFields(id="c d", duration="1d"))) == ("id", "id-invalid")
    assert field_of(edits.add_task(TaskFields(id="c", duration="1d", after="a, zz"))) == (
        "after",
        "task-unknown",
    )
    assert field_of(edits.add_task(TaskFields(id="c", duration="1d", deadline="soon"))) == (
        "deadline",
        "date-invalid",
    )
    assert field_of(edits.add_link("a", "b", "XX")) == ("type", "link-type")
    assert field_of(edits.add_link("a", "b", "FS", "two days")) == ("lag", "duration-unit")
    assert field_of(edits.assign("a", "elec", "lots")) == ("units", "units-invalid")
    assert field_of(edits.delete_task("phase"))[1] == "task-has-children"
    assert field_of(edits.edit_task(TaskFields(id="gone", duration="1d"))) == ("id", "task-unknown")


def test_add_edit_link_assign_delete() -> None:
    st = state()
    edits.add_task(TaskFields(id="c", name="C\x1b[2J", duration="2d", parent="phase", after="a"))(st)
    c = st.project.task_map()["c"]
    assert (c.name, c.duration, c.parent) == ("C[2J", Duration(minutes=960), "phase")
    assert [(x.predecessor, x.successor) for x in st.project.links] == [("a", "c")]
    # an effort-driven task keeps its effort when the duration field is left empty
    edits.edit_task(TaskFields(id="b", name="B2"))(st)
    assert st.project.task_map()["b"].effort == Duration(minutes=960)
    edits.add_link("b", "c", "ss", "-1d")(st)
    assert st.project.links[-1].lag == Duration(minutes=-480)
    edits.assign("c", "elec", "0.5")(st)
    edits.assign("c", "elec", "1")(st)  # replaces, never duplicates
    assert st.project.assignments == (Assignment(task="c", resource="elec", units=1.0),)
    edits.assign("c", "elec", "0")(st)
    assert st.project.assignments == ()
    edits.delete_task("c")(st)
    assert "c" not in st.project.task_map() and not any(
        "c" in (x.predecessor, x.successor) for x in st.project.links
    )


def test_preview_reports_network_errors_without_touching_the_state() -> None:
    st = state()
    edits.add_link("a", "b")(st)
    problems = edits.preview(st, edits.add_link("b", "a"))
    assert any("cycle" in p.code for p in problems)
    assert len(st.project.links) == 1


def test_resource_peak_load_per_week_hand_worked() -> None:
    allday = Calendar(id="allday", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))
    day = Duration(minutes=24 * 60)
    project = Project(
        name="P",
        start=dt.datetime(2027, 3, 15),  # a Monday
        calendar="allday",
        calendars=(allday,),
        resources=(Resource(id="r", capacity=1), Resource(id="s", capacity=1)),
        tasks=(
            Task(id="a", duration=day),
            Task(id="b", duration=day),
            Task(id="c", duration=day),
            Task(id="d", duration=day),
        ),
        assignments=(
            Assignment(task="a", resource="r"),
            Assignment(task="b", resource="r"),  # a and b run on Monday together: 2 units on r
            Assignment(task="c", resource="s", units=0.5),
            Assignment(task="d", resource="s", units=0.5),  # two half-time tasks: 1 unit, no overload
        ),
    )
    loads = {load.id: load for load in resource_loads(project)}
    (r_week,) = loads["r"].weeks
    assert (r_week.start, r_week.peak_units, r_week.load_hours) == (dt.date(2027, 3, 15), 2.0, 48.0)
    assert loads["r"].overallocated and r_week.over_tasks == ("a", "b")
    (s_week,) = loads["s"].weeks
    assert (s_week.start, s_week.peak_units, s_week.load_hours) == (dt.date(2027, 3, 15), 1.0, 24.0)
    assert not loads["s"].overallocated

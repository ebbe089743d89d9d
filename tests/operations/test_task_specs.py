"""The task form's specs: predecessors, resources, calendar, window, cost, constraints, estimate and notes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from plantrack.operations import form_edits as edits
from plantrack.operations import task_specs as specs
from plantrack.operations.form_edits import TaskFields
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Constraint,
    ConstraintKind,
    Estimate,
    Link,
    LinkType,
    Period,
    Project,
    Resource,
    ResourceKind,
    Task,
    Window,
)
from plantrack.store import WorkspaceState

HOUR = 60
DAY = 8 * HOUR  # the project's working day


def project() -> Project:
    return Project(
        name="P",
        start=dt.datetime(2027, 3, 15, 8),
        calendars=(Calendar(id="crew", weekdays=(0, 1, 2, 3, 4, 5, 6)),),
        resources=(Resource(id="elec", capacity=2), Resource(id="press", kind=ResourceKind.MACHINE)),
        windows=(
            Window(id="stop", periods=(Period(start=dt.datetime(2027, 4, 1), end=dt.datetime(2027, 4, 5)),)),
        ),
        tasks=(
            Task(id="phase", name="Phase"),
            Task(id="a", name="A", duration=Duration(minutes=DAY), parent="phase"),
            Task(id="b", name="B", duration=Duration(minutes=2 * DAY)),
            Task(id="c", name="C", duration=Duration(minutes=DAY)),
            Task(id="gate", name="Gate", milestone=True),
        ),
        links=(Link(predecessor="a", successor="c"), Link(predecessor="a", successor="b")),
        assignments=(Assignment(task="c", resource="elec"),),
    )


def state() -> WorkspaceState:
    return WorkspaceState(project=project())


def fields_of(ident: str, **changes: str) -> TaskFields:
    return dataclasses.replace(edits.task_fields(project(), ident), **changes)


def error(edit: edits.Edit) -> tuple[str | None, str]:
    with pytest.raises(InvalidInput) as caught:
        edit(state())
    problem = caught.value.problems()[0]
    return problem.location, problem.code


def test_predecessor_spec_reads_types_and_signed_lags() -> None:
    links = specs.parse_predecessors("a, b SS+2d, gate ff -1h", "c", project())
    assert links == (
        Link(predecessor="a", successor="c"),
        Link(predecessor="b", successor="c", type=LinkType.SS, lag=Duration(minutes=2 * DAY)),
        Link(predecessor="gate", successor="c", type=LinkType.FF, lag=Duration(minutes=-HOUR)),
    )
    elapsed = specs.parse_predecessors("b SF+3ed", "c", project())[0]
    assert elapsed.lag == Duration(minutes=3 * 24 * HOUR, elapsed=True)
    # written back as the parser reads it
    plan = dataclasses.replace(project(), links=links)
    assert specs.predecessors_text("c", plan) == "a, b SS+2d, gate FF-1h"
    assert specs.parse_predecessors(specs.predecessors_text("c", plan), "c", plan) == links


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("zz, a", "task-unknown"),
        ("c", "dep-self"),
        ("a, a SS", "link-duplicate"),
        ("a XX", "link-type"),
        ("a SS+two days", "duration-unit"),
        ("a SS+", "link-spec"),
    ],
)
def test_predecessor_errors_name_the_field(text: str, code: str) -> None:
    assert error(edits.edit_task(fields_of("c", after=text))) == ("after", code)


def test_resource_spec_reads_units() -> None:
    assigned = specs.parse_resources("elec:1.5, press", "b", project())
    assert assigned == (
        Assignment(task="b", resource="elec", units=1.5),
        Assignment(task="b", resource="press", units=1.0),
    )
    plan = dataclasses.replace(project(), assignments=assigned)
    assert specs.resources_text("b", plan) == "elec:1.5, press"
    for text, code in (
        ("elec, nobody", "resource-unknown"),
        ("elec:lots", "number-invalid"),
        ("elec:0", "units-invalid"),
        ("elec:", "units-invalid"),
        ("elec, elec:2", "assignment-duplicate"),
    ):
        assert error(edits.edit_task(fields_of("b", resources=text))) == ("resources", code), text


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"calendar": "night"}, ("calendar", "calendar-unknown")),
        ({"window": "stop-9"}, ("window", "window-unknown")),
        ({"cost": "-5"}, ("cost", "cost-negative")),
        ({"cost": "a lot"}, ("cost", "number-invalid")),
        ({"cost": "inf"}, ("cost", "number-invalid")),
        ({"constraints": "before 2027-03-15"}, ("constraints", "constraint-kind")),
        ({"constraints": "snet soon"}, ("constraints", "date-invalid")),
        ({"constraints": "snet"}, ("constraints", "constraint-date")),
        ({"optimistic": "1d", "likely": "2d"}, ("pessimistic", "estimate-incomplete")),
        ({"optimistic": "3d", "likely": "2d", "pessimistic": "4d"}, ("pessimistic", "estimate-order")),
        ({"optimistic": "1d", "likely": "2 fortnights", "pessimistic": "4d"}, ("likely", "duration-unit")),
        ({"duration": ""}, ("duration", "duration-missing")),
    ],
)
def test_task_field_errors_name_the_field(changes: dict[str, str], expected: tuple[str, str]) -> None:
    assert error(edits.edit_task(fields_of("b", **changes))) == expected


def test_an_untouched_form_changes_nothing() -> None:
    rich = dataclasses.replace(
        project(),
        tasks=(
            *project().tasks[:2],
            Task(
                id="b",
                name="B",
                duration=Duration(minutes=2 * DAY),
                estimate=Estimate(
                    optimistic=Duration(minutes=DAY),
                    likely=Duration(minutes=DAY + 90),
                    pessimistic=Duration(minutes=5 * 24 * HOUR, elapsed=True),
                ),
                calendar="crew",
                window="stop",
                fixed_cost=1234.56,
                deadline=dt.datetime(2027, 5, 20, 17, 30),
                constraints=(
                    Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=dt.datetime(2027, 3, 16, 13)),
                    Constraint(
                        kind=ConstraintKind.FINISH_NO_LATER_THAN, date=dt.datetime(2027, 4, 1, 0, 0, 30)
                    ),
                ),
                notes="line one\nline two, with [bold]brackets[/]",
            ),
            Task(id="c", effort=Duration(minutes=3 * DAY)),
            Task(id="gate", milestone=True, gate=True),
        ),
        links=(
            Link(predecessor="a", successor="b", type=LinkType.SS, lag=Duration(minutes=-90)),
            Link(predecessor="gate", successor="b", lag=Duration(minutes=2 * 24 * HOUR, elapsed=True)),
            Link(predecessor="a", successor="c"),
        ),
        assignments=(
            Assignment(task="b", resource="elec", units=0.25),
            Assignment(task="c", resource="press"),
        ),
    )
    for task in rich.tasks:
        st = WorkspaceState(project=rich)
        edits.edit_task(edits.task_fields(rich, task.id))(st)
        assert st.project == rich, task.id


def test_edit_sets_every_field_and_replaces_links_and_resources() -> None:
    st = state()
    typed = fields_of(
        "c",
        after="b SS+1d",
        resources="press:0.5",
        calendar="crew",
        window="stop",
        cost="1500.5",
        constraints="snet 2027-03-16T13:00, fnlt 2027-03-31",
        duration="",
        optimistic="1d",
        likely="2d",
        pessimistic="4d",
        notes="Crane booked\nby the plant",
    )
    edits.edit_task(typed)(st)
    c = st.project.task_map()["c"]
    assert (c.calendar, c.window, c.fixed_cost) == ("crew", "stop", 1500.5)
    assert c.constraints == (
        Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=dt.datetime(2027, 3, 16, 13)),
        # a finish bound given as a date means the end of that day, as on the command line
        Constraint(
            kind=ConstraintKind.FINISH_NO_LATER_THAN, date=dt.datetime(2027, 3, 31, 17, 0)
        ),  # the end of that working day
    )
    assert c.duration is None
    assert c.estimate == Estimate(
        optimistic=Duration(minutes=DAY),
        likely=Duration(minutes=2 * DAY),
        pessimistic=Duration(minutes=4 * DAY),
    )
    # its length is now the PERT expected value: (1 + 4*2 + 4) / 6 days
    assert c.planned_duration() == Duration(minutes=round((1 + 8 + 4) * DAY / 6))
    assert c.notes == "Crane booked\nby the plant"
    # a -> c replaced by b -> c (SS +1d); a -> b kept where it was
    assert st.project.links == (
        Link(predecessor="a", successor="b"),
        Link(predecessor="b", successor="c", type=LinkType.SS, lag=Duration(minutes=DAY)),
    )
    assert st.project.assignments == (Assignment(task="c", resource="press", units=0.5),)
    # emptied fields clear
    edits.edit_task(dataclasses.replace(edits.task_fields(st.project, "c"), calendar="", window="", cost="",
                                        constraints="", after="", resources="", notes=""))(st)  # fmt: skip
    c = st.project.task_map()["c"]
    assert (c.calendar, c.window, c.fixed_cost, c.constraints, c.notes) == (None, None, 0.0, (), "")
    assert not [x for x in st.project.links if x.successor == "c"]
    assert st.project.assignments == ()


def test_a_phase_keeps_an_empty_duration_and_a_milestone_takes_no_estimate() -> None:
    st = state()
    edits.edit_task(fields_of("phase", name="Phase one"))(st)
    assert st.project.task_map()["phase"].name == "Phase one"
    assert error(edits.edit_task(fields_of("gate", optimistic="1d", likely="1d", pessimistic="1d"))) == (
        "optimistic",
        "milestone-estimate",
    )


def test_new_task_takes_links_resources_and_the_rest() -> None:
    st = state()
    new = TaskFields(
        id="d", name="D", duration="1d", after="c FS+2h", resources="elec:2", calendar="crew", cost="10"
    )
    edits.add_task(new)(st)
    d = st.project.task_map()["d"]
    assert (d.calendar, d.fixed_cost) == ("crew", 10.0)
    assert st.project.links[-1] == Link(predecessor="c", successor="d", lag=Duration(minutes=2 * HOUR))
    assert st.project.assignments[-1] == Assignment(task="d", resource="elec", units=2.0)


def test_plan_check_problems_go_beside_their_field() -> None:
    st = state()
    problems = edits.preview(st, edits.edit_task(fields_of("a", after="c")))  # a -> c -> a
    located = specs.locate(problems, "a")
    assert [(p.code, p.location) for p in located] == [("dep-cycle", "after")]
    over = specs.locate(edits.preview(st, edits.edit_task(fields_of("c", resources="elec:3"))), "c")
    assert [(p.code, p.location) for p in over] == [("assignment-over-capacity", "resources")]

"""The application layer's plan edits: pure functions whose refusals name the field and the ids."""

from __future__ import annotations

import datetime as dt

import pytest

from plantrack.operations import plan_edits, shared_edits
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Link,
    Period,
    Project,
    Resource,
    Task,
    TimeRange,
    Window,
)

DAY = Duration(minutes=480)


def plan() -> Project:
    return Project(
        name="P",
        start=dt.datetime(2027, 3, 15, 8),
        calendars=(Calendar(id="night", hours=(TimeRange(start=22 * 60, end=23 * 60),)),),
        resources=(Resource(id="elec", name="Electricians", capacity=2),),
        windows=(),
        tasks=(
            Task(id="phase", name="Phase"),
            Task(id="a", name="A", duration=DAY, parent="phase"),
            Task(id="b", name="B", duration=DAY),
            Task(id="c", name="C", duration=DAY),
        ),
        links=(Link(predecessor="a", successor="b"), Link(predecessor="b", successor="c")),
        assignments=(Assignment(task="b", resource="elec", units=1),),
    )


def refusal(call: object, *args: object, **kwargs: object) -> Problem:
    with pytest.raises(InvalidInput) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    problems = caught.value.problems()
    assert len(problems) == 1
    return problems[0]


def test_edits_return_a_new_plan_and_leave_the_given_one_untouched() -> None:
    before = plan()
    after = plan_edits.remove_task(before, "b")
    assert before == plan()
    assert [t.id for t in after.tasks] == ["phase", "a", "c"]
    assert after.links == () and after.assignments == ()


def test_refusals_name_their_field_code_and_ids() -> None:
    p = plan()
    to_zz = Link(predecessor="a", successor="zz")
    cases = [
        (plan_edits.add_task, (p, Task(id="a", name="again", duration=DAY)), "id", "id-duplicate", ("a",)),
        (plan_edits.remove_task, (p, "phase"), "id", "task-has-children", ("phase", "a")),
        (plan_edits.remove_task, (p, "bb"), "id", "task-unknown", ("bb",)),
        (
            plan_edits.add_link,
            (p, to_zz),
            "successor",
            "task-unknown",
            ("zz",),
        ),
        (
            plan_edits.add_link,
            (p, Link(predecessor="a", successor="b")),
            "successor",
            "link-duplicate",
            ("a", "b"),
        ),
        (plan_edits.remove_link, (p, "a", "c"), "predecessor", "link-unknown", ("a", "c")),
        (plan_edits.assign, (p, "a", "nobody", 1.0), "resource", "resource-unknown", ("nobody",)),
        (plan_edits.assign, (p, "zz", "elec", 1.0), "task", "task-unknown", ("zz",)),
        (plan_edits.unassign, (p, "a", "elec"), "resource", "assignment-unknown", ("a", "elec")),
        (plan_edits.update_task, (p, "a"), None, "nothing-to-change", ()),
    ]
    for call, args, field, code, ids in cases:
        problem = refusal(call, *args)
        assert (problem.field, problem.code, problem.ids) == (field, code, ids), call


def test_an_unknown_id_suggests_the_closest_ones() -> None:
    problem = refusal(plan_edits.remove_task, plan(), "bb")
    assert problem.message == "no task 'bb' (did you mean b?)"


def test_a_link_closing_a_loop_is_refused_with_the_loop() -> None:
    problem = refusal(plan_edits.add_link, plan(), Link(predecessor="c", successor="a"))
    assert problem.code == "dep-cycle"
    assert "c → a → b → c" in problem.message
    assert set(problem.ids) == {"a", "b", "c"}


def test_replace_task_keeps_the_rows_that_stay_in_place() -> None:
    p = plan()
    same = plan_edits.replace_task(
        p, p.task_map()["b"], links=(Link(predecessor="a", successor="b"),), assignments=p.assignments
    )
    assert same == p
    moved = plan_edits.replace_task(p, p.task_map()["c"], links=(), assignments=())
    assert moved.links == (Link(predecessor="a", successor="b"),)


def test_assign_replaces_an_earlier_assignment_of_the_same_resource() -> None:
    p = plan_edits.assign(plan(), "b", "elec", 2.0)
    assert p.assignments == (Assignment(task="b", resource="elec", units=2.0),)
    assert plan_edits.unassign(p, "b", "elec").assignments == ()


def test_shared_items_are_refused_while_used() -> None:
    p = plan()
    assert refusal(shared_edits.remove_resource, p, "elec").code == "resource-in-use"
    forced = shared_edits.remove_resource(p, "elec", force=True)
    assert forced.resources == () and forced.assignments == ()
    used = plan_edits.update_task(p, "c", calendar="night")
    problem = refusal(shared_edits.remove_calendar, used, "night")
    assert (problem.code, problem.ids) == ("calendar-in-use", ("night", "c"))
    assert shared_edits.remove_calendar(p, "night").calendars == ()
    stop = Period(start=dt.datetime(2027, 8, 2), end=dt.datetime(2027, 8, 21))
    window = Window(id="stop", name="Stop", periods=(stop,))
    bound = plan_edits.update_task(shared_edits.add(p, "window", window), "a", window="stop")
    assert refusal(shared_edits.remove_window, bound, "stop").ids == ("stop", "a")


def test_update_of_a_shared_item_keeps_its_place_and_checks_the_model() -> None:
    p = shared_edits.add(plan(), "resource", Resource(id="press", name="Press", capacity=1))
    edited = shared_edits.update(p, "resource", "elec", kind="machine", capacity=3)
    assert [r.id for r in edited.resources] == ["elec", "press"]
    assert edited.resource_map()["elec"].capacity == 3
    assert refusal(shared_edits.update, p, "resource", "elec", capacity=0).code == "capacity-invalid"
    assert refusal(shared_edits.add, p, "resource", Resource(id="press", name="x")).code == "id-duplicate"

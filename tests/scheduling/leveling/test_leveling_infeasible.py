"""When no plan exists the leveler says why, naming the items, and raises Unschedulable (exit 5)."""

from __future__ import annotations

import pytest
from leveling_builders import at, link, project, resource, task, use, window

from plantrack.scheduling.errors import Failure, InvalidInput, Unschedulable
from plantrack.scheduling.leveling import Method, Objective, level
from plantrack.scheduling.model import Constraint, ConstraintKind


def _message(p: object, **kw: object) -> str:
    with pytest.raises(Unschedulable) as caught:
        level(p, **kw)  # type: ignore[arg-type]
    assert caught.value.failure is Failure.UNSCHEDULABLE
    return "\n".join(problem.message for problem in caught.value.problems())


def test_demand_above_capacity_names_task_and_resource() -> None:
    p = project([task("install", 4)], resources=[resource("elec", 2)], uses=[use("install", "elec", 3)])
    assert _message(p) == "task install needs 3 of elec but capacity is 2"


def test_window_too_short_names_the_window_and_the_length() -> None:
    p = project(
        [task("install", 12, window="line3-stop")], windows=[window("line3-stop", [(0, 8), (24, 32)])]
    )
    # the test plans' calendar works round the clock: a working day is 24 hours
    assert _message(p) == "no period of window line3-stop is long enough for install (12 working hours)"


def test_unreachable_deadline_names_the_chain() -> None:
    p = project(
        [
            task("order", 24),
            task("delivery", 48),
            task("install", 24),
            task("qualification", 8, deadline=at(96)),
        ],
        links=[link("order", "delivery"), link("delivery", "install"), link("install", "qualification")],
    )
    assert _message(p) == (
        "deadline of qualification (2027-01-08) is unreachable: the chain order → delivery → install → "
        "qualification needs 4.33 working days from 2027-01-04"  # 104 h of 24
    )


def test_dates_that_clash_through_a_resource_are_named() -> None:
    # b pinned to [1,3) on r, c must finish by 3 on r: c cannot run anywhere
    p = project(
        [
            task("b", 2, constraints=(Constraint(kind=ConstraintKind.MUST_START_ON, date=at(1)),)),
            task("c", 2, constraints=(Constraint(kind=ConstraintKind.FINISH_NO_LATER_THAN, date=at(3)),)),
            task("free", 1),
        ],
        resources=[resource("r", 1)],
        uses=[use("b", "r"), use("c", "r"), use("free", "r")],
    )
    message = _message(p)
    assert "c finishes by 2027-01-04T03:00" in message
    assert "b must start on 2027-01-04T01:00" in message
    assert "free" not in message


def test_lateness_objective_makes_deadlines_soft() -> None:
    p = project([task("a", 10, deadline=at(5))])
    assert "deadline of a" in _message(p)
    result = level(p, objective=Objective.LATENESS)
    assert result.objective == 5  # 5h late at normal priority


def test_bad_options_are_invalid_input() -> None:
    p = project([task("a", 1)])
    for kw in ({"objective": "cost"}, {"method": "magic"}, {"time_limit": 0}):
        with pytest.raises(Exception) as caught:
            level(p, **kw)
        assert getattr(caught.value, "failure", None) is Failure.INVALID_INPUT


def test_option_text_is_refused_even_when_it_names_a_member() -> None:
    # the faces turn text into members (the command line's --objective); the leveler takes members only
    p = project([task("a", 1)])
    for kw in ({"objective": "lateness"}, {"method": "heuristic"}):
        with pytest.raises(InvalidInput) as caught:
            level(p, **kw)  # type: ignore[arg-type]
        assert caught.value.failure is Failure.INVALID_INPUT
        assert "must be" in caught.value.problems()[0].message
    assert level(p, objective=Objective.LATENESS, method=Method.HEURISTIC).objective == 0

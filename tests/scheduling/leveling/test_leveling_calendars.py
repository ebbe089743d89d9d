"""Leveling on one working calendar: the axis skips nights and weekends."""

from __future__ import annotations

import datetime as dt
from typing import Any

from leveling_builders import plan_of
from validator import violations

from builders import link, milestone, minutes, plan, resource, task, use
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.leveling import level
from plantrack.scheduling.model import Period, Project, Task, Window

FRIDAY_8 = dt.datetime(2027, 1, 8, 8)


def _hours(n: int, elapsed: bool = False) -> Duration:
    return minutes(n * 60, elapsed=elapsed)


def _plan(tasks: tuple[Task, ...], **kw: Any) -> Project:
    return plan(
        tasks,
        name="cal",
        start=FRIDAY_8,
        resources=(resource("r"),),
        assignments=tuple(use(t.id, "r") for t in tasks if not t.milestone),
        **kw,
    )


def test_two_one_day_tasks_on_the_standard_calendar_skip_the_weekend() -> None:
    # Fri 08-12, 13-17 for the first; the second waits for r: Monday 08:00-17:00; the milestone at its end
    p = _plan(
        (task("a", _hours(8)), task("b", _hours(8)), milestone("m")),
        links=(link("a", "m"), link("b", "m")),
    )
    r = level(p)
    assert r.objective == 16  # working hours
    assert {r.tasks["a"].start, r.tasks["b"].start} == {FRIDAY_8, dt.datetime(2027, 1, 11, 8)}
    assert r.tasks["m"].start == dt.datetime(2027, 1, 11, 17)
    assert violations(p, plan_of(r)) == []


def test_window_on_a_working_calendar() -> None:
    # the line stops Tuesday 08:00 to Wednesday 17:00: a 12h job fits (Tue 08 -> Wed 12)
    stop = Window(
        id="stop", periods=(Period(start=dt.datetime(2027, 1, 12, 8), end=dt.datetime(2027, 1, 13, 17)),)
    )
    p = _plan((task("job", _hours(12), window="stop"),), windows=(stop,))
    r = level(p)
    assert r.tasks["job"].start == dt.datetime(2027, 1, 12, 8)
    assert r.tasks["job"].finish == dt.datetime(2027, 1, 13, 12)
    assert violations(p, plan_of(r)) == []

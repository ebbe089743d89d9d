"""A leveling delay on a task in a window: the backward pass must not stop in a gap between periods."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import (
    Calendar,
    Constraint,
    ConstraintKind,
    Link,
    Period,
    Project,
    Task,
    TimeRange,
    Window,
)

START = dt.datetime(2027, 7, 5)  # a Monday
HOUR = dt.timedelta(hours=1)
ROUND = Calendar(id="24-7", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))


def plan(delay_hours: int) -> Project:
    """A (8 h) -> B (8 h, window periods hours 0-48 and 120-168, leveled by `delay_hours`); C drives.

    On a 24-7 calendar hours are working minutes / 60 from the start, so the figures are worked by hand.
    """
    stop = Window(
        id="stop",
        periods=(
            Period(start=START, end=START + 48 * HOUR),
            Period(start=START + 120 * HOUR, end=START + 168 * HOUR),
        ),
    )
    return Project(
        name="delay in a window",
        start=START,
        calendar="24-7",
        calendars=(ROUND,),
        tasks=(
            Task(id="A", duration=Duration(minutes=8 * 60)),
            Task(
                id="B",
                duration=Duration(minutes=8 * 60),
                window="stop",
                leveling_delay=Duration(minutes=delay_hours * 60),
            ),
            Task(id="C", duration=Duration(minutes=240 * 60)),
        ),
        links=(Link(predecessor="A", successor="B"),),
        windows=(stop,),
    )


def test_delay_ending_in_the_gap_between_periods_keeps_the_predecessor_in_the_first_period() -> None:
    # forward: A 0-8 h; B placed at 8 h in the first period, delayed 72 h to 80 h... which is in the
    # gap, so it goes to the second period at 120 h (120-128 h). C 0-240 h sets the finish.
    schedule = cpm(plan(72))
    a, b = schedule.task("A"), schedule.task("B")
    assert b.early_start_at == START + 120 * HOUR
    # B may finish at the end of the second period: late start 160 h. For B to start by 160 h its
    # links must place it at 160 - 72 = 88 h at the latest, in the gap: the latest start a period
    # offers before that is 40 h (first period 0-48 h, 8 h of work), so A must finish by 40 h.
    assert b.late_start_at == START + 160 * HOUR
    assert a.late_finish_at == START + 40 * HOUR
    assert a.total_float == 32 * 60


def test_delay_landing_inside_a_period_keeps_the_plain_inverse() -> None:
    # delay 24 h: B 32-40 h in the first period; late start 160 h, minus 24 h = 136 h, inside the
    # second period: A may finish at 136 h (B then starts at 136 + 24 = 160 h)
    schedule = cpm(plan(24))
    a = schedule.task("A")
    assert schedule.task("B").early_start_at == START + 32 * HOUR
    assert a.late_finish_at == START + 136 * HOUR
    assert a.total_float == 128 * 60


def test_moving_the_predecessor_past_its_float_breaks_the_plan() -> None:
    """The float found by moving A: 32 h keeps the finish, one minute more sends B out of its window."""
    base = plan(72)
    finish = cpm(base).finish

    def moved(minutes: int) -> Project:
        hold = Constraint(
            kind=ConstraintKind.START_NO_EARLIER_THAN, date=START + dt.timedelta(minutes=minutes)
        )
        a = dataclasses.replace(base.tasks[0], constraints=(hold,))
        return dataclasses.replace(base, tasks=(a, *base.tasks[1:]))

    assert cpm(moved(32 * 60)).finish == finish
    with pytest.raises(InvalidInput):
        cpm(moved(32 * 60 + 1))

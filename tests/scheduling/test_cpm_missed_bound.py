"""A deadline missed by a task passes its shortfall back to a predecessor it does not wait for."""

from __future__ import annotations

import datetime as dt

from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import (
    Calendar,
    Constraint,
    ConstraintKind,
    Link,
    LinkType,
    Period,
    Project,
    Task,
    TimeRange,
    Window,
)

START = dt.datetime(2027, 7, 5)  # a Monday
DAY = dt.timedelta(days=1)
# 06:00-22:00, Monday to Friday: 960 working minutes a day
CREW = Calendar(id="crew", weekdays=(0, 1, 2, 3, 4), hours=(TimeRange(start=6 * 60, end=22 * 60),))
STOP = Window(id="stop", periods=(Period(start=START + 8 * DAY, end=START + 17 * DAY),))  # 13-22 July


def plan(deadline: dt.datetime | None) -> Project:
    """A (4 h) and B (8 h) start-to-finish into C (24 h, in window stop): C may finish once both started.

    B starts on Monday 5 July but waits 3 working days of leveling delay, so C's finish waits for B's
    start and, C needing the window, for the window's period.
    """
    return Project(
        name="missed",
        start=START,
        calendar="crew",
        calendars=(CREW,),
        windows=(STOP,),
        tasks=(
            Task(id="A", duration=Duration(minutes=240)),
            Task(id="B", duration=Duration(minutes=480), leveling_delay=Duration(minutes=3 * 960)),
            Task(id="C", duration=Duration(minutes=1440), window="stop", deadline=deadline),
        ),
        links=(
            Link(predecessor="A", successor="C", type=LinkType.SF),
            Link(predecessor="B", successor="C", type=LinkType.SF),
        ),
    )


def test_missed_deadline_passes_its_shortfall_back_to_a_predecessor_with_slack() -> None:
    # By hand: the window opens Tuesday 13 July 00:00, crew time from 06:00, so C starts 13 July 06:00
    # and its 1440 minutes end Wednesday 14 July 14:00 (960 on Tuesday, 480 on Wednesday). B starts
    # Thursday 8 July 06:00 (three crew days after Monday 06:00), earlier than C's start: not driving.
    # Deadline Thursday 8 July 00:00: C is late by its crew minutes from 8 July 00:00 to 14 July 14:00,
    # Thu 960 + Fri 960 + Mon 960 + Tue 960 + Wed 480 = 4320, so C's total float is -4320.
    # A (start Monday 5 July 06:00) must start by C's late finish, the deadline (MS Project's rule):
    # Mon 960 + Tue 960 + Wed 960 = 2880 of float. Moving A shows more (6960, below: up to C's finish,
    # less its own 240 minutes so as not to end after the project): the shortfall comes off it.
    schedule = cpm(plan(START + 3 * DAY))
    c, a = schedule.task("C"), schedule.task("A")
    assert c.early_start_at == dt.datetime(2027, 7, 13, 6)
    assert c.early_finish_at == dt.datetime(2027, 7, 14, 14)
    assert c.total_float == -4320 and c.critical
    assert schedule.task("B").early_start_at == dt.datetime(2027, 7, 8, 6)
    assert a.early_start_at == dt.datetime(2027, 7, 5, 6)
    assert a.total_float == 2880
    assert not a.critical
    assert any(w.code == "deadline-missed" for w in schedule.warnings)


def test_without_the_deadline_the_predecessor_keeps_its_whole_slack() -> None:
    # A may start until C's finish, Wednesday 14 July 14:00, but must itself end by the project finish,
    # the same instant: late start Wednesday 10:00. From Monday 5 July 06:00 that is
    # Mon-Fri 5 x 960 + Mon-Tue 2 x 960 + Wednesday 06:00-10:00 240 = 6960 crew minutes.
    a = cpm(plan(None)).task("A")
    assert a.late_start_at == dt.datetime(2027, 7, 14, 10)
    assert a.total_float == 6960


ROUND = Calendar(id="24-7", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))


def test_must_start_on_outside_every_window_period_is_reported() -> None:
    # Periods 9 July 06:00-18 July 06:00 and 26 July 14:00-7 August 14:00; pinned on Monday 19 July
    # 08:00, in the gap: the first period to hold 24 hours from then opens 26 July 14:00.
    window = Window(
        id="stop",
        periods=(
            Period(start=dt.datetime(2027, 7, 9, 6), end=dt.datetime(2027, 7, 18, 6)),
            Period(start=dt.datetime(2027, 7, 26, 14), end=dt.datetime(2027, 8, 7, 14)),
        ),
    )
    pinned = Constraint(kind=ConstraintKind.MUST_START_ON, date=dt.datetime(2027, 7, 19, 8))
    project = Project(
        name="pinned",
        start=START,
        calendar="24-7",
        calendars=(ROUND,),
        windows=(window,),
        tasks=(Task(id="T", duration=Duration(minutes=1440), window="stop", constraints=(pinned,)),),
    )
    schedule = cpm(project)
    t = schedule.task("T")
    assert t.early_start_at == dt.datetime(2027, 7, 26, 14)
    assert t.critical
    (problem,) = [w for w in schedule.warnings if w.code == "constraint-violated"]
    assert problem.ids == ("T", "stop")
    assert "2027-07-19 08:00" in problem.message and "2027-07-26 14:00" in problem.message

"""Closure waits: a calendar closure, not the links, holds a task back; hand-worked dates.

The plant works the standard hours (08:00-12:00, 13:00-17:00, Monday to Friday) and closes from
Wednesday 7 July to Sunday 11 July 2027: it reopens on Monday 12 July at 08:00.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from plantrack.scheduling.cpm import CLOSURE, WINDOW, Schedule, Wait, cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Constraint,
    ConstraintKind,
    Link,
    Period,
    Project,
    RecurringOff,
    Resource,
    Task,
    TimeRange,
    Window,
)

START = dt.datetime(2027, 7, 5)  # a Monday
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
SHUTDOWN = Period(start=START + 2 * DAY, end=START + 7 * DAY, reason="summer shutdown")
PLANT = Calendar(id="plant", off=(SHUTDOWN,))
OFFICE = Calendar(id="office")
ROUND = Calendar(id="24-7", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))
REOPENS = START + 7 * DAY + 8 * HOUR  # Monday 12 July 08:00


def project(*tasks: Task, links: tuple[Link, ...] = (), **fields: object) -> Project:
    base = Project(
        name="closure",
        start=START,
        calendar="plant",
        calendars=(PLANT, OFFICE, ROUND),
        tasks=tasks,
        links=links,
    )
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


def hours(n: float) -> Duration:
    return Duration(minutes=round(n * 60))


def minute(when: dt.datetime) -> int:
    return round((when - START).total_seconds()) // 60


def wait(schedule: Schedule, task: str) -> Wait | None:
    return schedule.task(task).waits


def test_a_task_ready_before_the_closure_waits_for_the_plant_to_reopen() -> None:
    # A Monday and Tuesday; B could start on Wednesday 08:00 but the plant is closed until Monday 12
    schedule = cpm(
        project(
            Task(id="A", duration=hours(16)),
            Task(id="B", duration=hours(8)),
            links=(Link(predecessor="A", successor="B"),),
        )
    )
    assert schedule.task("B").early_start_at == REOPENS
    assert wait(schedule, "B") == Wait(
        "summer shutdown", minute(START + 2 * DAY + 8 * HOUR), minute(REOPENS), CLOSURE
    )
    assert wait(schedule, "A") is None  # it starts on the first working minute: nothing holds it back


def test_a_closure_without_a_reason_is_named_after_its_calendar() -> None:
    plant = dataclasses.replace(PLANT, off=(dataclasses.replace(SHUTDOWN, reason=""),))
    schedule = cpm(
        project(
            Task(id="A", duration=hours(16)),
            Task(id="B", duration=hours(8)),
            links=(Link(predecessor="A", successor="B"),),
            calendars=(plant, OFFICE, ROUND),
        )
    )
    found = wait(schedule, "B")
    assert found is not None and found.window == "plant" and found.kind == CLOSURE


def test_nights_and_weekends_are_no_closure() -> None:
    # A Monday to Friday on the office calendar (no closure): B starts on Monday, after the weekend
    # only; on the plant calendar C follows a task ending on Tuesday 13 July 17:00, after the closure
    schedule = cpm(
        project(
            Task(id="A", duration=hours(40), calendar="office"),
            Task(id="B", duration=hours(8), calendar="office"),
            Task(id="C0", duration=hours(8), constraints=(_snet(REOPENS + DAY),)),
            Task(id="C", duration=hours(8)),
            links=(Link(predecessor="A", successor="B"), Link(predecessor="C0", successor="C")),
        )
    )
    assert schedule.task("B").early_start_at == START + 7 * DAY + 8 * HOUR
    assert schedule.task("C").early_start_at == REOPENS + 2 * DAY
    assert all(t.waits is None for t in schedule.tasks)


def test_a_predecessor_ending_inside_the_closure_makes_the_wait_start_there() -> None:
    # A works round the clock from Monday 00:00: 82 h end on Thursday 8 July 10:00, inside the closure
    schedule = cpm(
        project(
            Task(id="A", duration=hours(82), calendar="24-7"),
            Task(id="B", duration=hours(8)),
            links=(Link(predecessor="A", successor="B"),),
        )
    )
    assert schedule.task("A").early_finish_at == START + 3 * DAY + 10 * HOUR
    assert wait(schedule, "B") == Wait(
        "summer shutdown", minute(START + 3 * DAY + 10 * HOUR), minute(REOPENS), CLOSURE
    )


def test_a_predecessor_ending_after_the_closure_drives_the_task() -> None:
    # A round the clock for 7 days ends on Monday 12 July 00:00; B starts at 08:00 that day, for
    # the night, not the closure: the calendar without its closure gives the same start
    schedule = cpm(
        project(
            Task(id="A", duration=hours(7 * 24), calendar="24-7"),
            Task(id="B", duration=hours(8)),
            links=(Link(predecessor="A", successor="B"),),
        )
    )
    assert schedule.task("B").early_start_at == REOPENS
    assert wait(schedule, "B") is None


def test_a_working_lag_is_counted_without_the_closure_too() -> None:
    # A on Monday; B 16 working hours after A. Without the closure the lag ends on Wednesday 17:00 and
    # B is ready on Thursday 08:00; with it the lag takes Tuesday and Monday 12, so B starts Tuesday 13
    schedule = cpm(
        project(
            Task(id="A", duration=hours(8)),
            Task(id="B", duration=hours(8)),
            links=(Link(predecessor="A", successor="B", lag=hours(16)),),
        )
    )
    assert schedule.task("B").early_start_at == REOPENS + DAY
    assert wait(schedule, "B") == Wait(
        "summer shutdown", minute(START + 3 * DAY + 8 * HOUR), minute(REOPENS + DAY), CLOSURE
    )


def test_the_status_date_or_a_start_constraint_inside_the_closure() -> None:
    # nothing links to A or B: the status date (Thursday 10:00) and B's start-no-earlier-than (Friday
    # 14:00) fall in the closure; both wait from there until the plant reopens
    schedule = cpm(
        project(
            Task(id="A", duration=hours(8)),
            Task(id="B", duration=hours(8), constraints=(_snet(START + 4 * DAY + 14 * HOUR),)),
            status_date=START + 3 * DAY + 10 * HOUR,
        )
    )
    assert wait(schedule, "A") == Wait(
        "summer shutdown", minute(START + 3 * DAY + 10 * HOUR), minute(REOPENS), CLOSURE
    )
    assert wait(schedule, "B") == Wait(
        "summer shutdown", minute(START + 4 * DAY + 14 * HOUR), minute(REOPENS), CLOSURE
    )


def test_a_resource_absence_on_the_combined_calendar() -> None:
    # T (office calendar) needs hse, away Monday and Tuesday for a course: T starts on Wednesday.
    # U (plant calendar, closed Wednesday to Sunday) needs hse too: the common time begins Monday 12,
    # held back by the absence and then by the closure, named in time order
    hse = Resource(
        id="hse",
        calendar="office",
        absences=(Period(start=START, end=START + 2 * DAY, reason="training"),),
    )
    schedule = cpm(
        project(
            Task(id="T", duration=hours(8), calendar="office"),
            Task(id="U", duration=hours(8), calendar="plant"),
            resources=(hse,),
            assignments=(Assignment(task="T", resource="hse"), Assignment(task="U", resource="hse")),
        )
    )
    assert schedule.task("T").early_start_at == START + 2 * DAY + 8 * HOUR
    assert wait(schedule, "T") == Wait(
        "hse (training)", minute(START + 8 * HOUR), minute(START + 2 * DAY + 8 * HOUR), CLOSURE
    )
    assert schedule.task("U").early_start_at == REOPENS
    assert wait(schedule, "U") == Wait(
        "hse (training), summer shutdown", minute(START + 8 * HOUR), minute(REOPENS), CLOSURE
    )


def test_a_window_wait_stays_a_window_wait() -> None:
    # S (8 h) must fit in the window's period, Tuesday 13 to Saturday 17 July: its link leaves it
    # ready on Wednesday 7 July, in the closure, but the window's period is what it waits for
    stop = Window(id="stop", periods=(Period(start=START + 8 * DAY, end=START + 12 * DAY),))
    schedule = cpm(
        project(
            Task(id="A", duration=hours(16)),
            Task(id="S", duration=hours(8), window="stop"),
            links=(Link(predecessor="A", successor="S"),),
            windows=(stop,),
        )
    )
    found = wait(schedule, "S")
    assert found is not None and found.kind == WINDOW and found.window == "stop"
    assert schedule.task("S").early_start_at == START + 8 * DAY + 8 * HOUR


def test_elapsed_work_runs_through_the_closure() -> None:
    schedule = cpm(
        project(
            Task(id="A", duration=hours(16)),
            Task(id="B", duration=Duration(minutes=24 * 60, elapsed=True)),
            links=(Link(predecessor="A", successor="B"),),
        )
    )
    assert schedule.task("B").early_start_at == START + DAY + 17 * HOUR
    assert wait(schedule, "B") is None


def _snet(when: dt.datetime) -> Constraint:
    return Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=when)


def test_a_leveling_delay_is_not_reported_as_a_closure() -> None:
    # B could start on Tuesday 08:00; leveling delays it 8 working hours, which the closure pushes to
    # Monday 12: the delay, not the closure, is what the leveled plan says holds it back
    schedule = cpm(
        project(
            Task(id="A", duration=hours(8)),
            Task(id="B", duration=hours(8), leveling_delay=hours(8)),
            links=(Link(predecessor="A", successor="B"),),
        )
    )
    assert schedule.task("B").early_start_at == REOPENS
    assert wait(schedule, "B") is None


NATIONAL_DAY_WEEK = START + 7 * DAY  # Monday 12 July 2027


def national_day_plan() -> Project:
    """French public holidays: Wednesday 14 July 2027 is the national day. A works Monday 12 and
    Tuesday 13 July; B is ready on Wednesday 08:00 and starts on Thursday 15 July 08:00."""
    monday = NATIONAL_DAY_WEEK
    return project(
        Task(
            id="A",
            duration=hours(16),
            constraints=(Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=monday),),
        ),
        Task(id="B", duration=hours(8)),
        links=(Link(predecessor="A", successor="B"),),
        calendars=(Calendar(id="plant", holidays="FR"),),
    )


def test_a_public_holiday_is_named_as_the_closure_that_holds_a_task() -> None:
    monday = NATIONAL_DAY_WEEK
    schedule = cpm(national_day_plan())
    assert schedule.task("B").early_start_at == monday + 3 * DAY + 8 * HOUR
    assert wait(schedule, "B") == Wait(
        "National Day", minute(monday + 2 * DAY + 8 * HOUR), minute(monday + 3 * DAY + 8 * HOUR), CLOSURE
    )


def test_recurring_off_time_is_named_by_its_reason() -> None:
    # every Wednesday is a maintenance day: B, ready on Wednesday 7 July 08:00, starts Thursday 08:00
    plant = Calendar(
        id="plant",
        recurring_off=(RecurringOff(rule="FREQ=WEEKLY;BYDAY=WE", reason="maintenance day"),),
    )
    schedule = cpm(
        project(
            Task(id="A", duration=hours(16)),
            Task(id="B", duration=hours(8)),
            links=(Link(predecessor="A", successor="B"),),
            calendars=(plant,),
        )
    )
    assert schedule.task("B").early_start_at == START + 3 * DAY + 8 * HOUR
    assert wait(schedule, "B") == Wait(
        "maintenance day", minute(START + 2 * DAY + 8 * HOUR), minute(START + 3 * DAY + 8 * HOUR), CLOSURE
    )


def test_a_public_holiday_is_named_in_the_users_language(french: None) -> None:
    held = wait(cpm(national_day_plan()), "B")
    assert held is not None and held.window == "Fête nationale"

"""The leveled plan is kept in the plan: leveling delays reproduce the leveler's starts in `cpm`.

The plan is the shape that lost leveled plans before: installation on the crew's calendar while the
plant calendar is closed for the summer, inside a shutdown window, two tasks competing for one fitter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from builders import link, resource, task, use
from plantrack.scheduling.calendar import CalendarCache, to_minute
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.leveled import clear_leveling, is_leveled, with_leveling
from plantrack.scheduling.leveling.current import level_current
from plantrack.scheduling.model import (
    Calendar,
    Period,
    Project,
    TaskActual,
    TimeRange,
    Window,
)

MONDAY = dt.datetime(2027, 8, 2)
CLOSURE = Period(start=MONDAY, end=MONDAY + dt.timedelta(days=21))
PLANT = Calendar(id="plant", off=(CLOSURE,))  # Mon-Fri 08-12, 13-17, closed three weeks in August
CREW = Calendar(id="crew", weekdays=tuple(range(7)), hours=(TimeRange(start=6 * 60, end=22 * 60),))


def hours(n: float) -> Duration:
    return Duration(minutes=round(n * 60))


def smed_plan() -> Project:
    """prep, then two installs (24 crew hours each) for the one fitter, then the restart on the plant."""
    return Project(
        name="SMED press P4",
        start=dt.datetime(2027, 7, 26),
        calendar="plant",
        calendars=(PLANT, CREW),
        resources=(resource("fitter", calendar="crew"),),
        windows=(Window(id="stop", periods=(CLOSURE,)),),
        tasks=(
            task("prep", hours(8), calendar="crew", window="stop"),
            task("install-a", hours(24), calendar="crew", window="stop"),
            task("install-b", hours(24), calendar="crew", window="stop"),
            task("restart", hours(8)),
        ),
        links=(
            link("prep", "install-a"),
            link("prep", "install-b"),
            link("install-a", "restart"),
            link("install-b", "restart"),
        ),
        assignments=(
            use("install-a", "fitter"),
            use("install-b", "fitter"),
        ),
    )


def leveled_plan() -> tuple[Project, str]:
    done = level_current(smed_plan(), time_limit=10, workers=1)
    assert done.project is not None
    delayed = [t.id for t in done.project.tasks if t.leveling_delay is not None]
    assert len(delayed) == 1
    return done.project, delayed[0]


def test_the_delays_reproduce_the_leveled_starts_on_the_crew_calendar() -> None:
    done = level_current(smed_plan(), time_limit=10, workers=1)
    assert done.project is not None and done.schedule is not None
    schedule = cpm(done.project)
    for tid, leveled in done.result.tasks.items():
        assert schedule.task(tid).early_start_at == leveled.start, tid
        assert schedule.task(tid).early_finish_at == leveled.finish, tid
    # by hand (crew days 06:00-22:00): prep runs Mon 06:00-14:00, the first install Mon 14:00 to Tue
    # 22:00 (8 + 16 crew hours), the second waits for the fitter: 24 crew hours of leveling delay, then
    # Wed 06:00 to Thu 14:00 (16 + 8); the plant restarts after the closure, Mon 23 August 08:00
    delayed = next(t for t in done.project.tasks if t.leveling_delay is not None)
    assert delayed.leveling_delay == hours(24)
    assert schedule.task(delayed.id).early_start_at == dt.datetime(2027, 8, 4, 6, 0)
    assert schedule.task(delayed.id).early_finish_at == dt.datetime(2027, 8, 5, 14, 0)
    assert schedule.task("restart").early_start_at == dt.datetime(2027, 8, 23, 8, 0)
    assert done.schedule == schedule  # the schedule handed back is the plan's own
    assert is_leveled(done.project) and not is_leveled(clear_leveling(done.project))


def test_without_the_delays_the_fitter_is_booked_twice() -> None:
    plan, delayed = leveled_plan()
    unleveled = cpm(clear_leveling(plan))
    other = "install-a" if delayed == "install-b" else "install-b"
    assert unleveled.task(delayed).early_start == unleveled.task(other).early_start


def test_a_later_status_date_keeps_the_leveled_start() -> None:
    plan, delayed = leveled_plan()
    before = cpm(plan).task(delayed).early_start_at
    prep_done = {"prep": TaskActual(task="prep", actual_start=MONDAY + dt.timedelta(hours=6),
                                    actual_finish=MONDAY + dt.timedelta(hours=14))}  # fmt: skip
    # a status date after the delayed task's unleveled start but before its leveled one
    status = MONDAY + dt.timedelta(days=1, hours=12)
    after = cpm(plan, status_date=status, actuals=prep_done).task(delayed)
    assert after.early_start_at == before  # not the status date plus the delay


def test_a_predecessor_slip_moves_the_delayed_task_by_the_same_crew_hours() -> None:
    plan, delayed = leveled_plan()
    before = cpm(plan).task(delayed)
    late = {
        "prep": TaskActual(
            task="prep",
            actual_start=MONDAY + dt.timedelta(hours=6),
            actual_finish=MONDAY + dt.timedelta(hours=20),
        )
    }  # 6 crew hours late
    after = cpm(plan, status_date=MONDAY + dt.timedelta(hours=20), actuals=late).task(delayed)
    crew = CalendarCache(plan).get("crew")
    origin = plan.origin
    moved = crew.working_between(
        to_minute(origin, before.early_start_at), to_minute(origin, after.early_start_at)
    )
    assert moved == 6 * 60


def test_floats_see_the_delay_between_the_links_and_the_start() -> None:
    plan, delayed = leveled_plan()
    schedule = cpm(plan)
    # prep drives both installs; the delayed install waits 24 crew hours after its link allows it, so
    # prep's free float is what the first install leaves it: none
    assert schedule.task("prep").free_float == 0
    assert schedule.task(delayed).driving_predecessor == "prep"
    # the restart waits for the end of the closure, so the delayed install can move until the end of
    # the shutdown window it must fit in (Sunday 22 August 22:00 on the crew calendar), not beyond
    crew = CalendarCache(plan).get("crew")
    slack = crew.working_between(schedule.task(delayed).early_finish, to_minute(plan.origin, CLOSURE.end))
    assert slack == (8 + 17 * 16) * 60  # Thursday's last 8 crew hours, then 17 crew days
    assert schedule.task(delayed).total_float == slack


def test_leveling_again_starts_from_the_unleveled_plan() -> None:
    plan, _ = leveled_plan()
    again = level_current(plan, time_limit=10, workers=1)
    assert again.project is not None
    assert [t.leveling_delay for t in again.project.tasks] == [t.leveling_delay for t in plan.tasks]


def test_with_leveling_ignores_a_start_earlier_than_the_links_allow() -> None:
    project = smed_plan()
    leveled, schedule = with_leveling(project, {"install-a": dt.datetime(2027, 7, 1)})
    assert not is_leveled(leveled)
    assert schedule == cpm(project)


def test_a_negative_leveling_delay_is_refused_naming_the_task() -> None:
    with pytest.raises(ModelError, match="install"):
        dataclasses.replace(smed_plan().tasks[1], leveling_delay=Duration(minutes=-5))

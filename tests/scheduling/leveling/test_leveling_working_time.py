"""Leveling figures in the users' unit: working time of the project calendar, whatever the solver's axis."""

from __future__ import annotations

import datetime as dt

import pytest

from builders import hours, link, plan, resource, task, use
from plantrack.scheduling.errors import Unschedulable
from plantrack.scheduling.leveling import CpOptions, Objective, Reason, Status, level
from plantrack.scheduling.model import Calendar, Link, Project, Task, TimeRange

MONDAY_8 = dt.datetime(2027, 1, 4, 8)
ROUND_THE_CLOCK = Calendar(id="cont", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))


def _plan(tasks: tuple[Task, ...], links: tuple[Link, ...] = (), *, on_r: tuple[str, ...] = ()) -> Project:
    """The project calendar is the standard one (Mon-Fri 08-12, 13-17: 8 working hours a day)."""
    return plan(
        tasks,
        links,
        name="units",
        start=MONDAY_8,
        calendars=(ROUND_THE_CLOCK,),
        resources=(resource("r"),),
        assignments=tuple(use(t, "r") for t in on_r),
    )


def test_168_elapsed_hours_are_5_working_days() -> None:
    # one task of 168 h round the clock: the axis counts elapsed hours (every task is 24/7), so the
    # solver's makespan is 168; Monday 08:00 to the next Monday 08:00 holds 5 days of 8 working hours
    result = level(_plan((task("run-in", hours(168), calendar="cont"),)))
    assert result.objective == 168  # the solver's axis: elapsed hours
    assert result.finish == dt.datetime(2027, 1, 11, 8)
    assert result.objective_working == 40 * 60 == 5 * 480
    assert result.bound_working == 40 * 60
    assert not result.axis_is_working
    assert result.to_json()["objective_working_hours"] == 40
    assert result.to_json()["objective_axis_minutes"] == 168 * 60


def test_a_delay_of_48_elapsed_hours_is_2_working_days() -> None:
    # two 48 h jobs round the clock on one r: the second waits Monday 08:00 -> Wednesday 08:00 (48 h
    # elapsed = Mon 08-17 and Tue 08-17 = 16 working hours = 2 working days), the plan ends Friday 08:00
    # (96 h elapsed; Monday to Thursday = 32 working hours = 4 working days)
    tasks = (
        task("a", hours(48), calendar="cont"),
        task("b", hours(48), calendar="cont"),
    )
    result = level(_plan(tasks, on_r=("a", "b")), time_limit=10)
    late = max(result.tasks.values(), key=lambda t: t.start)
    assert late.delay_minutes == 48 * 60
    assert late.delay_working_minutes == 16 * 60
    assert min(t.delay_working_minutes for t in result.tasks.values()) == 0
    assert result.objective == 96 and result.objective_working == 32 * 60
    assert result.status is Status.OPTIMAL  # two jobs on one resource: their sum is the energy bound


def test_mixed_calendars_count_working_time_of_the_project_calendar() -> None:
    # a: 8 working hours Monday 08-17 (standard), then b: 24 h round the clock, Monday 17:00 -> Tuesday
    # 17:00. The calendars differ, so the solver counts elapsed time (33 h); users read Monday 08:00 to
    # Tuesday 17:00 on the project calendar: 16 working hours = 2 working days
    tasks = (task("a", hours(8)), task("b", hours(24), calendar="cont"))
    result = level(_plan(tasks, (link("a", "b"),)))
    assert result.finish == dt.datetime(2027, 1, 5, 17)
    assert result.objective == 33
    assert result.objective_working == 16 * 60


def test_on_the_project_calendar_axis_minutes_are_working_minutes() -> None:
    # every task on the standard calendar: the axis skips nights, its minutes are the users' minutes
    tasks = (task("a", hours(8)), task("b", hours(8)))
    result = level(_plan(tasks, on_r=("a", "b")))
    assert result.axis_is_working
    assert result.objective == 16 and result.objective_working == 16 * 60  # Monday 08:00 -> Tuesday 17:00
    assert result.finish == dt.datetime(2027, 1, 5, 17)


def test_lateness_counts_working_hours_late() -> None:
    # c (24 h round the clock) must end by Monday 17:00 but ends Tuesday 08:00: 15 elapsed hours late,
    # of which the project calendar works none (17:00 -> 08:00 overnight): 0 working hours late
    deadline = dt.datetime(2027, 1, 4, 17)
    tasks = (task("c", hours(24), calendar="cont", deadline=deadline),)
    result = level(_plan(tasks), objective=Objective.LATENESS)
    assert result.objective == 15  # weighted elapsed hours on the solver's axis
    assert result.objective_working == 0
    assert result.bound_working is None  # a weighted sum on an elapsed axis has no working-time bound


def test_progress_reports_working_time() -> None:
    seen = []
    tasks = (task("run-in", hours(168), calendar="cont"),)
    level(_plan(tasks), progress=seen.append)
    assert seen and seen[-1].incumbent == 168 and seen[-1].incumbent_working == 40 * 60
    assert seen[-1].bound_working == 40 * 60


def test_a_cp_sat_run_stopped_at_once_falls_back_on_the_heuristic() -> None:
    # no hint, no searches beside, no shortcut, and no work allowed: CP-SAT returns no plan at all
    tasks = tuple(task(f"t{i}", hours(4 + i)) for i in range(6))
    stopped = CpOptions(hint=False, genetic=False, shortcut=False, parameters={"max_deterministic_time": 0.0})
    result = level(_plan(tasks, on_r=tuple(t.id for t in tasks)), workers=1, options=stopped)
    assert result.reason is Reason.CP_NO_PLAN and result.method == "heuristic"
    assert result.jobs == 6 and result.resources == 1 and result.time_limit == 5.0


def test_an_unreachable_deadline_says_the_need_in_working_time() -> None:
    # 48 h round the clock from Monday 08:00 ends Wednesday 08:00, after its Tuesday 17:00 deadline; the
    # chain needs Mon 08-17 + Tue 08-17 of the project calendar: 16 working hours = 2 working days (the
    # solver's 2880 elapsed minutes are not 6 working days)
    late = task("x", hours(48), calendar="cont", deadline=dt.datetime(2027, 1, 5, 17))
    with pytest.raises(Unschedulable) as caught:
        level(_plan((late,)))
    (problem,) = caught.value.problems()
    assert problem.message == (
        "deadline of x (2027-01-05T17:00) is unreachable: the chain x needs 2 working days "
        "from 2027-01-04T08:00"
    )

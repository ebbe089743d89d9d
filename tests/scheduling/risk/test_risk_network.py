"""Risk analysis from a status date: finished work fixed, remaining work alone uncertain, as `cpm` plans."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import link, task
from conftest import stored_demo_state
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import Estimate, Link, LinkType, Project, Task, TaskActual
from plantrack.scheduling.risk.montecarlo import monte_carlo
from plantrack.scheduling.risk.pert import CalendarAxis, pert

DAY = 480
MONDAY = dt.datetime(2027, 3, 1, 8, 0)  # standard calendar: Mon-Fri 08-12, 13-17


def est(o: int, m: int, p: int) -> Estimate:
    return Estimate(
        optimistic=Duration(minutes=o), likely=Duration(minutes=m), pessimistic=Duration(minutes=p)
    )


@st.composite
def tracked_plan(draw: st.DrawFn) -> tuple[Project, dt.datetime, dict[str, TaskActual]]:
    """A random single-calendar plan (every link type, working lags and leads, zero-spread estimates)
    with random progress at a status date: tasks finished, in progress (by % complete or an explicit
    remaining time, more or less than planned) or not started, in or out of sequence.

    Dates are drawn on the working-minute axis and placed where progress is recorded in practice: a
    status date at the end of a working minute, starts at the start of one, finishes at the end of one.
    """
    n = draw(st.integers(2, 9))
    tasks, planned = [], {}
    for i in range(n):
        minutes = draw(st.integers(0, 3000))
        planned[f"t{i}"] = minutes
        if draw(st.booleans()):
            tasks.append(Task(id=f"t{i}", estimate=est(minutes, minutes, minutes)))
        else:
            tasks.append(task(f"t{i}", Duration(minutes=minutes)))
    links = []
    for s in range(1, n):
        for p in draw(st.lists(st.integers(0, s - 1), max_size=2, unique=True)):
            links.append(
                Link(
                    predecessor=f"t{p}",
                    successor=f"t{s}",
                    type=draw(st.sampled_from(list(LinkType))),
                    lag=Duration(minutes=draw(st.sampled_from([0, 0, 60, 480, -240]))),
                )
            )
    project = Project(name="p", start=MONDAY, tasks=tuple(tasks), links=tuple(links))
    axis = CalendarAxis(project)
    status = draw(st.integers(1, 6000))
    actuals: dict[str, TaskActual] = {}
    for item in tasks:
        kind = draw(st.sampled_from(["planned", "complete", "progress", "remaining"]))
        begin = draw(st.integers(0, status - 1))
        if kind == "complete":
            end = draw(st.integers(begin, status))
            finish = axis.finish_instant(end)
            start = axis.start_instant(begin) if end > begin else finish
            actuals[item.id] = TaskActual(task=item.id, actual_start=start, actual_finish=finish)
        elif kind == "progress":
            done = draw(st.integers(0, 100))
            actuals[item.id] = TaskActual(
                task=item.id, actual_start=axis.start_instant(begin), percent_complete=done
            )
        elif kind == "remaining" and planned[item.id] > 0:  # cpm counts a 0-length task's time elapsed
            left = Duration(minutes=draw(st.integers(0, 4000)))
            began = axis.start_instant(begin)
            actuals[item.id] = TaskActual(task=item.id, actual_start=began, remaining=left)
    return project, axis.finish_instant(status), actuals


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tracked_plan())
def test_zero_spread_with_progress_equals_the_rescheduled_cpm(
    plan: tuple[Project, dt.datetime, dict[str, TaskActual]],
) -> None:
    project, status_date, actuals = plan
    schedule = cpm(project, status_date=status_date, actuals=actuals)
    simulated = monte_carlo(project, runs=8, status_date=status_date, actuals=actuals)
    assert set(simulated.project.percentiles.values()) == {schedule.finish_at}
    assert simulated.project.std_minutes == 0
    analytic = pert(project, status_date=status_date, actuals=actuals)
    assert analytic.project.expected_finish == schedule.finish_at
    # a finished task is never critical, like in cpm, and never sampled
    for risk in simulated.tasks:
        if actuals.get(risk.id, TaskActual(task=risk.id)).actual_finish is not None:
            assert risk.criticality == 0.0 and risk.sensitivity is None


def chain_with_progress() -> tuple[Project, dt.datetime, dict[str, TaskActual]]:
    """a (finished) -> b (in progress, 50 %) -> c (not started); d, unlinked, not started either.

    Monday 2027-03-01 08:00, status date Friday 2027-03-05 17:00 (2400 working minutes). a ran Monday
    and Tuesday, late. b (1d / 2d / 6d, expected 1200, cpm's length round(1200) = 1200) started
    Wednesday and is half done: its remaining work is the estimate scaled by 600/1200 = 1/2, so
    (240, 480, 1440), mean 600, sd 200. c: (1d / 2d / 6d), mean 1200, sd 400. The finish is
    2400 + 600 + 1200 = 4200 expected, sd sqrt(200^2 + 400^2) = 447.2. d (1 day) would start on Monday
    2027-03-01 without progress, but no unstarted work goes before the status date.
    """
    wide = est(DAY, 2 * DAY, 6 * DAY)
    tasks = (
        Task(id="a", estimate=wide),
        Task(id="b", estimate=wide),
        Task(id="c", estimate=wide),
        task("d", Duration(minutes=DAY), deadline=dt.datetime(2027, 3, 8, 17, 0)),
    )
    links = (link("a", "b"), link("b", "c"))
    project = Project(name="p", start=MONDAY, tasks=tasks, links=links)
    actuals = {
        "a": TaskActual(task="a", actual_start=MONDAY, actual_finish=dt.datetime(2027, 3, 2, 17, 0)),
        "b": TaskActual(task="b", actual_start=dt.datetime(2027, 3, 3, 8, 0), percent_complete=50),
    }
    return project, dt.datetime(2027, 3, 5, 17, 0), actuals


def test_only_remaining_work_is_uncertain() -> None:
    project, status_date, actuals = chain_with_progress()
    analytic = pert(project, status_date=status_date, actuals=actuals)
    by_id = {t.id: t for t in analytic.tasks}
    assert (by_id["a"].status, by_id["a"].std_minutes, by_id["a"].stochastic) == ("complete", 0.0, False)
    assert by_id["a"].expected_minutes == 2 * DAY  # its actual length
    assert by_id["b"].status == "in-progress"
    assert by_id["b"].expected_minutes == pytest.approx(600)
    assert by_id["b"].std_minutes == pytest.approx(200)
    assert analytic.project.expected_minutes == pytest.approx(4200)
    assert analytic.project.std_minutes == pytest.approx(math.hypot(200, 400))
    assert analytic.project.chain == ("b", "c")  # the chain starts where the remaining work resumes
    (deadline,) = analytic.targets
    # d: Monday 8 March, the first working day after the status date, certain
    assert deadline.id == "d" and deadline.expected_finish == dt.datetime(2027, 3, 8, 17, 0)
    assert deadline.probability == 1.0
    simulated = monte_carlo(project, runs=20_000, seed=3, status_date=status_date, actuals=actuals)
    assert simulated.project.mean_minutes == pytest.approx(4200, abs=8)
    # beta-PERT variance (mean - low)(high - mean)/7: 360 x 840/7 for b, 720 x 1680/7 for c
    assert simulated.project.std_minutes == pytest.approx(math.sqrt(43_200 + 172_800), rel=0.02)
    risk = {t.id: t for t in simulated.tasks}
    assert risk["a"].criticality == 0.0 and risk["a"].sensitivity is None
    assert risk["b"].criticality == risk["c"].criticality == 1.0
    # c's remaining spread is twice b's: it drives the finish more
    assert [t.id for t in simulated.sensitivity_ranking()] == ["c", "b"]
    assert simulated.project.percentile_minutes[50] > 2400


def test_progress_without_status_date_and_unknown_task() -> None:
    """With no status date a task in progress resumes at its actual start; unknown ids are named."""
    project, _, actuals = chain_with_progress()
    analytic = pert(project, actuals=actuals)
    # b resumes Wednesday 08:00 (960): 960 + 600 + 1200
    assert analytic.project.expected_minutes == pytest.approx(2760)
    with pytest.raises(InvalidInput, match="zz"):
        pert(project, actuals={"zz": TaskActual(task="zz", percent_complete=10)})


def test_demo_risk_starts_from_its_status_date(tmp_path: Path) -> None:
    """The demo (saved baseline, two status dates of progress): the analysis follows the rescheduled
    plan, and each gate's PERT expected date is cpm's (cpm schedules the expected durations)."""
    from plantrack.store.tracking_codec import actuals_at

    state = stored_demo_state(tmp_path)
    project = state.project
    status_date, actuals = actuals_at(state)
    assert status_date is not None and actuals
    axis = CalendarAxis(project)
    schedule = cpm(project, status_date=status_date, actuals=actuals)
    analytic = pert(project, status_date=status_date, actuals=actuals)
    for target in analytic.targets:
        assert target.id is not None
        planned = schedule.task(target.id).early_finish_at
        # the expected durations rounded to whole minutes in cpm: a few minutes at most
        gap = abs(axis.minutes_to(target.expected_finish) - axis.minutes_to(planned))
        assert gap <= 5, (target.id, target.expected_finish, planned)
    simulated = monte_carlo(project, runs=4000, seed=1, status_date=status_date, actuals=actuals)
    p50 = simulated.project.percentile_minutes[50]
    spread = simulated.project.percentile_minutes[95] - simulated.project.percentile_minutes[50]
    assert p50 >= axis.minutes_to(schedule.finish_at) - spread
    assert simulated.project.percentiles[50] > status_date
    for risk in simulated.tasks:
        actual = actuals.get(risk.id)
        if actual is not None and actual.actual_finish is not None:
            assert risk.criticality == 0.0 and risk.sensitivity is None


def test_demo_without_spread_is_cpm_to_the_minute(tmp_path: Path) -> None:
    """The demo (plant and crew calendars, shutdown windows, elapsed lead times, two status dates of
    progress) with each estimate replaced by its rounded mean, the length cpm schedules: PERT and every
    run of the simulation put each gate and the project finish exactly where cpm does. The previous
    engine, on the plant calendar's axis, put restart-1 and g4-safety a day early."""
    import dataclasses

    from plantrack.scheduling.risk.montecarlo import simulate
    from plantrack.scheduling.risk.pert import risk_network
    from plantrack.store.tracking_codec import actuals_at

    state = stored_demo_state(tmp_path)
    project = state.project
    status_date, actuals = actuals_at(state)

    def without_spread(task: Task) -> Task:
        if task.estimate is None:
            return task
        mean = task.planned_duration()
        assert mean is not None
        return dataclasses.replace(task, estimate=Estimate(optimistic=mean, likely=mean, pessimistic=mean))

    flat = dataclasses.replace(project, tasks=tuple(without_spread(t) for t in project.tasks))
    assert any(t.calendar for t in flat.tasks) and any(t.window for t in flat.tasks)
    schedule = cpm(flat, status_date=status_date, actuals=actuals)
    analytic = pert(flat, status_date=status_date, actuals=actuals)
    assert analytic.project.expected_finish == schedule.finish_at
    assert {t.id: t.expected_finish for t in analytic.targets} == {
        t.id: schedule.task(t.id).early_finish_at for t in analytic.targets if t.id is not None
    }
    net = risk_network(flat, status_date=status_date, actuals=actuals)
    sim = simulate(net, runs=5, targets=net.leaves)
    for j in net.leaves:
        assert set(sim.node_finish[j]) == {schedule.task(net.nodes[j].id).early_finish}, net.nodes[j].id
    assert not sim.window_missed.any()


def test_an_elapsed_estimate_beside_a_working_duration_counts_round_the_clock() -> None:
    """cure: duration 1 working day (cpm's plan) but estimate 2ed / 2ed / 2ed: the risk analysis
    samples the estimate in its own units, so the cure runs 48 h round the clock from Thursday
    2027-03-04 08:00 to Saturday 08:00, where cpm would end it Thursday 17:00."""
    two_days = Duration(minutes=2 * 24 * 60, elapsed=True)
    project = Project(
        name="p",
        start=dt.datetime(2027, 3, 4, 8, 0),
        tasks=(
            Task(
                id="cure",
                duration=Duration(minutes=DAY),
                estimate=Estimate(optimistic=two_days, likely=two_days, pessimistic=two_days),
                deadline=dt.datetime(2027, 3, 6, 8, 0),
            ),
        ),
    )
    assert cpm(project).finish_at == dt.datetime(2027, 3, 4, 17, 0)
    simulated = monte_carlo(project, runs=4)
    assert set(simulated.project.percentiles.values()) == {dt.datetime(2027, 3, 6, 8, 0)}
    assert simulated.targets[0].probability == 1.0
    analytic = pert(project)
    assert analytic.project.expected_finish == dt.datetime(2027, 3, 6, 8, 0)
    assert analytic.tasks[0].expected_minutes == 2 * 24 * 60

"""Variance against a baseline: per task variances, late tasks, slip Pareto, and the as-planned property."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tracking_fixtures import DayWorkTime, at, retrofit

from builders import link
from plantrack.scheduling.tracking.baseline import make_baseline
from plantrack.scheduling.tracking.plan import PlannedDates
from plantrack.scheduling.tracking.progress import fold
from plantrack.scheduling.tracking.records import Cause, ProgressRecord
from plantrack.scheduling.tracking.variance import pareto, variance

PLAN = {
    "A": PlannedDates(start=at(1), finish=at(2, 16), critical=True),
    "B": PlannedDates(start=at(3), finish=at(5, 16), critical=True),
    "C": PlannedDates(start=at(8), finish=at(11, 16), critical=True),
    "M": PlannedDates(start=at(11, 16), finish=at(11, 16), critical=True),
}


def test_late_tasks_slip_and_pareto_by_cause() -> None:
    """A finishes a day late (machine); B, pushed by A, also runs a day long (material): one day of
    its two-day slip is inherited from A, one is its own."""
    wt = DayWorkTime()
    project = retrofit()
    baseline = make_baseline(project, PLAN, wt, name="b", saved_at=at(1))
    records = [
        ProgressRecord(
            task="A", status_date=at(8), actual_start=at(1), actual_finish=at(3, 16), cause=Cause.MACHINE
        ),
        ProgressRecord(
            task="B",
            status_date=at(8),
            actual_start=at(4),
            actual_finish=at(9, 16),
            cause=Cause.MATERIAL,
            note="late",
        ),
    ]
    forecast = {
        "A": PlannedDates(start=at(1), finish=at(3, 16)),
        "B": PlannedDates(start=at(4), finish=at(9, 16)),
        "C": PlannedDates(start=at(10), finish=at(15, 16), critical=True),
        "M": PlannedDates(start=at(15, 16), finish=at(15, 16), critical=True),
    }
    report = variance(project, baseline, fold(records, at(9, 16)), forecast, wt, at(9, 16))
    rows = {t.id: t for t in report.tasks}
    assert rows["A"].finish_variance_minutes == 480 and rows["A"].duration_variance_minutes == 480
    assert rows["B"].start_variance_minutes == 480 and rows["B"].finish_variance_minutes == 960
    assert rows["B"].duration_variance_minutes == 480  # Thu 4 - Tue 9: four days for three
    assert rows["C"].start_variance_minutes == 960
    assert report.finish_slip_minutes == 960
    assert [t.id for t in report.late_tasks()] == ["C", "M", "B", "A"]  # critical first, then by slip
    assert [(p.cause, p.slip_days) for p in report.pareto] == [("machine", 1.0), ("material", 1.0)]
    assert report.pareto[-1].cumulative == pytest.approx(100.0)


def test_pareto_orders_and_accumulates() -> None:
    rows = pareto([("man", 1.0), ("machine", 3.0), ("man", 2.0), ("method", 0.0), ("milieu", 1.0)])
    assert [(r.cause, r.slip_days, round(r.share), round(r.cumulative)) for r in rows] == [
        ("machine", 3.0, 43, 43),
        ("man", 3.0, 43, 86),
        ("milieu", 1.0, 14, 100),
    ]


@settings(max_examples=40, deadline=None)
@given(
    durations=st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=5),
    costs=st.lists(st.integers(min_value=0, max_value=5000), min_size=5, max_size=5),
    elapsed_minutes=st.integers(min_value=1, max_value=20 * 480),
)
def test_a_project_going_exactly_as_planned_has_no_variance(
    durations: list[int], costs: list[int], elapsed_minutes: int
) -> None:
    """Tasks in a chain, each reported exactly as its baseline planned at the status date: SV = CV = 0,
    SPI = CPI = SPI(t) = 1, no task late, the forecast finish is the baseline finish."""
    from plantrack.scheduling.duration import Duration
    from plantrack.scheduling.model import Project, Task

    wt = DayWorkTime()
    start = at(1)
    tasks, plan, t = [], {}, start
    for i, days in enumerate(durations):
        tasks.append(Task(id=f"T{i}", duration=Duration(minutes=days * 480), fixed_cost=float(costs[i]) + 1))
        finish = wt.add(None, t, days * 480)
        plan[f"T{i}"] = PlannedDates(start=t, finish=finish, critical=True)
        t = wt.add(None, finish, 1) - dt.timedelta(minutes=1)  # next working instant
    links = tuple(link(f"T{i}", f"T{i + 1}") for i in range(len(durations) - 1))
    project = Project(name="P", start=start, tasks=tuple(tasks), links=links)
    baseline = make_baseline(project, plan, wt, name="b", saved_at=start)
    status = wt.add(None, start, min(elapsed_minutes, wt.minutes(None, start, baseline.project_finish)))
    records = []
    for task in tasks:
        p = plan[task.id]
        if status <= p.start:
            continue
        done = min(1.0, wt.minutes(None, p.start, status) / wt.minutes(None, p.start, p.finish))
        bt = baseline.task_map()[task.id]
        records.append(
            ProgressRecord(
                task=task.id,
                status_date=status,
                actual_start=p.start,
                actual_finish=p.finish if done >= 1 else None,
                percent_complete=100 * done,
                cost=bt.cost * done,
            )
        )
    report = variance(project, baseline, fold(records), plan, wt, status)
    ev = report.ev
    assert ev.sv == pytest.approx(0, abs=1e-6) and ev.cv == pytest.approx(0, abs=1e-6)
    assert ev.spi == pytest.approx(1) and ev.cpi == pytest.approx(1)
    assert ev.spi_t == pytest.approx(1, abs=1e-9)
    assert ev.vac == pytest.approx(0, abs=1e-6)
    assert report.finish_slip_minutes == 0 and report.late_tasks() == []
    assert all(t.start_variance_minutes == t.finish_variance_minutes == 0 for t in report.tasks)

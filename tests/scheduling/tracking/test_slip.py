"""Slip in one unit (days of each task's own calendar) and the Pareto of introduced slip, worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slip_plan import at, slip_plan

from builders import link
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Link, LinkType, Project, Task
from plantrack.scheduling.tracking.baseline import make_baseline
from plantrack.scheduling.tracking.plan import PlannedDates
from plantrack.scheduling.tracking.progress import fold, task_actuals
from plantrack.scheduling.tracking.records import Cause, ProgressRecord
from plantrack.scheduling.tracking.variance import UNSPECIFIED, VarianceReport, variance
from plantrack.scheduling.tracking.worktime import CalendarWorkTime

STATUS = at(5, 4, 18)  # Tue 4 May, end of the crew's day
RECORDS = (
    # the supplier delivers three calendar days late: Mon 8 March instead of Fri 5
    ProgressRecord(
        task="L", status_date=STATUS, actual_start=at(3, 1), actual_finish=at(3, 8), cause=Cause.MATERIAL
    ),
    # the curing takes its 8 weeks, from the late delivery on
    ProgressRecord(task="K", status_date=STATUS, actual_start=at(3, 8), actual_finish=at(5, 3)),
    # the crew starts as the curing ends, during the plant closure, and needs six more days of 12 h
    ProgressRecord(
        task="W", status_date=STATUS, actual_start=at(5, 3), remaining_minutes=6 * 720, cause=Cause.MAN
    ),
)


def plan(
    project: Project, status: dt.datetime | None = None, records: tuple[ProgressRecord, ...] = ()
) -> dict[str, PlannedDates]:
    states = fold(list(records), status) if status else {}
    schedule = cpm(project, status_date=status, actuals=task_actuals(states, project))
    return {
        t.id: PlannedDates(start=t.early_start_at, finish=t.early_finish_at, critical=t.critical)
        for t in schedule.tasks
    }


def report_of(project: Project, records: tuple[ProgressRecord, ...], status: dt.datetime) -> VarianceReport:
    wt = CalendarWorkTime(project)
    baseline = make_baseline(project, plan(project), wt, name="v1", saved_at=project.start)
    return variance(
        project, baseline, fold(list(records), status), plan(project, status, records), wt, status
    )


def test_hand_worked_slips_and_pareto() -> None:
    """Baseline: L Mon 1 08:00 -> Fri 5 March 08:00 (4ed); K -> Fri 30 April 08:00 (8ew); W, 1 440 min
    on the crew's 06:00-18:00 days, Fri 30 April 08:00 -> Sun 2 May 08:00; A (plant, closed 3-7 May and
    weekends) Mon 10 -> Tue 11 May 16:00; M Tue 11 May.

    Forecast: K ends Mon 3 May 08:00; W, 600 + 720 min done by Tue 4 May 18:00 and 4 320 left, works
    Wed 5 to Mon 10 May 18:00; A Tue 11 -> Wed 12 May 16:00.

    L: 3 elapsed days late, all its own (material).
    K: Fri 30 April 08:00 -> Mon 3 May 08:00 = 3 elapsed days, all passed on by L (it starts Mon 8
       March, 3 days past its baseline start).
    W: Sun 2 May 08:00 -> Mon 10 May 18:00 on the crew calendar = 600 + 7 x 720 + 720 = 6 360 min,
       8.83 crew days (on the plant calendar, closed all that week but Monday 10, only 480 min). K
       pushes its start from Fri 30 April 08:00 to Mon 3 May 08:00: 600 + 720 + 720 + 120 = 2 160 min
       = 3 crew days inherited; 4 200 min = 5.83 crew days its own (man).
    A: Tue 11 -> Wed 12 May 16:00 = 1 plant day, all passed on by W (it ends Mon 10 at 18:00, eight
       plant hours past A's baseline start). M: 1 plant day, from A.
    Pareto: man 5.83 d (66 %), material 3 d (34 %); nothing unspecified."""
    report = report_of(slip_plan(), RECORDS, STATUS)
    rows = {t.id: t for t in report.tasks}
    assert rows["W"].forecast_finish == at(5, 10, 18) and rows["A"].forecast_finish == at(5, 12, 16)
    expected = {  # id: (day minutes, finish slip, inherited, introduced, from, label)
        "L": (1440, 3 * 1440, 0, 3 * 1440, None, "material"),
        "K": (1440, 3 * 1440, 3 * 1440, 0, "L", "inherited from L"),
        "W": (720, 6360, 2160, 4200, "K", "man, inherited from K"),
        "A": (480, 480, 480, 0, "W", "inherited from W"),
        "M": (480, 480, 480, 0, "A", "inherited from A"),
    }
    for task, (day, slip, inherited, introduced, source, label) in expected.items():
        row = rows[task]
        got = (row.day_minutes, row.finish_variance_minutes, row.inherited_slip_minutes)
        assert got == (day, slip, inherited), task
        assert (row.introduced_slip_minutes, row.inherited_from, row.cause_label) == (
            introduced,
            source,
            label,
        )
    assert rows["W"].finish_slip_days == pytest.approx(8 + 5 / 6)
    assert [(p.cause, round(p.slip_days, 4)) for p in report.pareto] == [("man", 5.8333), ("material", 3.0)]
    assert report.pareto[0].share == pytest.approx(100 * 35 / 53)  # 5 5/6 of 8 5/6 days
    assert report.finish_slip_minutes == 480 and report.finish_slip_days == 1.0  # M, a plant day late


def test_a_cause_on_a_successor_that_only_inherits_counts_nothing() -> None:
    """A cause typed on a task whose whole slip its predecessor passed on puts no slip on that cause."""
    status = at(5, 5, 8)  # W takes its two crew days from Mon 3 May 08:00: Wed 5 May 08:00
    records = (
        *(ProgressRecord(**{**_fields(r), "status_date": status}) for r in RECORDS[:2]),
        ProgressRecord(
            task="W", status_date=status, actual_start=at(5, 3), actual_finish=status, cause=Cause.METHOD
        ),
    )
    report = report_of(slip_plan(), records, status)
    w = next(t for t in report.tasks if t.id == "W")
    assert (w.introduced_slip_minutes, w.inherited_slip_minutes, w.cause_label) == (
        0,
        2160,
        "method, inherited from K",
    )
    assert [p.cause for p in report.pareto] == ["material"]


def _fields(record: ProgressRecord) -> dict[str, object]:
    return {f: getattr(record, f) for f in ProgressRecord.__dataclass_fields__}


def _chain(durations: list[tuple[int, bool]], kinds: list[LinkType], lags: list[int]) -> Project:
    tasks = tuple(
        Task(id=f"T{i}", duration=Duration(minutes=m, elapsed=e)) for i, (m, e) in enumerate(durations)
    )
    links = tuple(
        Link(predecessor=f"T{i}", successor=f"T{i + 1}", type=kinds[i], lag=Duration(minutes=lags[i]))
        for i in range(len(durations) - 1)
    )
    return Project(name="Chain", start=at(3, 1), tasks=tasks, links=links)


@settings(max_examples=60, deadline=None)
@given(
    durations=st.lists(
        st.tuples(st.integers(min_value=60, max_value=5 * 480), st.booleans()), min_size=2, max_size=6
    ),
    kinds=st.lists(st.sampled_from([LinkType.FS, LinkType.SS, LinkType.FF]), min_size=5, max_size=5),
    lags=st.lists(st.sampled_from([0, 0, 120, 480]), min_size=5, max_size=5),
    late=st.integers(min_value=30, max_value=10 * 1440),
    cause=st.sampled_from(list(Cause)),
)
def test_a_chain_where_only_the_first_task_slips_puts_it_all_on_its_cause(
    durations: list[tuple[int, bool]], kinds: list[LinkType], lags: list[int], late: int, cause: Cause
) -> None:
    """The first task of a chain (any link types, lags, working or elapsed durations) is reported at
    its start with more work left than planned, and a cause; the rest follow as scheduled: its cause
    takes 100 % of the Pareto, every other task only inherits, and the Pareto totals introduced slip."""
    project = _chain(durations, kinds, lags)
    base = plan(project)
    start = base["T0"].start  # the status date: no other task should have started yet
    record = ProgressRecord(
        task="T0",
        status_date=start,
        actual_start=start,
        remaining_minutes=durations[0][0] + late,  # on its own calendar, round the clock if elapsed
        cause=cause,
    )
    report = report_of(project, (record,), start)
    total = sum(t.introduced_slip_days for t in report.tasks)
    assert sum(p.slip_days for p in report.pareto) == pytest.approx(total)
    assert [p.cause for p in report.pareto] == [str(cause)]
    assert report.pareto[0].share == pytest.approx(100.0)
    for row in report.tasks[1:]:
        assert row.introduced_slip_minutes == 0, row.id
        assert row.cause_label in ("", f"inherited from T{int(row.id[1:]) - 1}")


@settings(max_examples=60, deadline=None)
@given(
    slips=st.lists(
        st.tuples(st.integers(min_value=0, max_value=3 * 480), st.sampled_from([None, *Cause])),
        min_size=2,
        max_size=6,
    ),
)
def test_the_pareto_totals_the_introduced_slips(slips: list[tuple[int, Cause | None]]) -> None:
    """Each task of a chain of 1d tasks runs longer by its own amount, with or without a cause: the
    Pareto's total is the sum of introduced slips, each cause (or `unspecified`) gets its tasks'
    introduced slip, and each task's introduced slip is its own overrun."""
    project = _chain([(480, False)] * len(slips), [LinkType.FS] * 5, [0] * 5)
    wt = CalendarWorkTime(project)
    base = plan(project)
    records: list[ProgressRecord] = []
    start = base["T0"].start
    for i, (extra, cause) in enumerate(slips):
        finish = wt.add(f"T{i}", start, 480 + extra)
        records.append(
            ProgressRecord(
                task=f"T{i}", status_date=finish, actual_start=start, actual_finish=finish, cause=cause
            )
        )
        start = wt.add(f"T{i}", finish, 1) - dt.timedelta(minutes=1)  # the next working instant
    status = records[-1].status_date
    report = report_of(project, tuple(r for r in records), status)
    rows = {t.id: t for t in report.tasks}
    for i, (extra, _) in enumerate(slips):
        assert rows[f"T{i}"].introduced_slip_minutes == extra
    expected: dict[str, float] = {}
    for extra, cause in slips:
        if extra:
            key = UNSPECIFIED if cause is None else str(cause)
            expected[key] = expected.get(key, 0.0) + extra / 480
    assert {p.cause: p.slip_days for p in report.pareto} == pytest.approx(expected)
    assert sum(p.slip_days for p in report.pareto) == pytest.approx(
        sum(t.introduced_slip_days for t in report.tasks)
    )


def test_slip_passed_on_through_a_phase_is_inherited_from_its_late_leaf() -> None:
    """Phase P holds a (1d) and b (2d), both from Mon 1 March; C (1d) follows P; standard calendar.
    a ends Wed 3 at 17:00, two days late (machine); b ends on time Tue 2. P now ends Wed 3, so C runs
    Thu 4 instead of Wed 3: one day late, all of it passed on by a through P (b's day of float in the
    phase absorbed the other one). Counted over direct links only, C's day had no predecessor slip and
    came out as "unspecified"."""
    day = Duration(minutes=480)
    project = Project(
        name="Phase",
        start=at(3, 1),
        tasks=(
            Task(id="P", name="Phase"),
            Task(id="a", parent="P", duration=day),
            Task(id="b", parent="P", duration=Duration(minutes=960)),
            Task(id="C", duration=day),
        ),
        links=(link("P", "C"),),
    )
    status = at(3, 3, 17)
    records = (
        ProgressRecord(
            task="a", status_date=status, actual_start=at(3, 1), actual_finish=status, cause=Cause.MACHINE
        ),
        ProgressRecord(task="b", status_date=status, actual_start=at(3, 1), actual_finish=at(3, 2, 17)),
    )
    report = report_of(project, records, status)
    rows = {t.id: t for t in report.tasks}
    assert rows["C"].forecast_finish == at(3, 4, 17)
    assert (rows["C"].finish_variance_minutes, rows["C"].inherited_slip_minutes) == (480, 480)
    assert (rows["C"].inherited_from, rows["C"].cause_label) == ("a", "inherited from a")
    assert rows["a"].introduced_slip_minutes == 960
    assert [(p.cause, p.slip_days) for p in report.pareto] == [("machine", 2.0)]

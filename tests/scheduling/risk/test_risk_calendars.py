"""Risk analysis across calendars: without spread it is `cpm`, to the minute, on plans mixing calendars.

The independent computation is `cpm` itself (its own scalar passes, not the simulation's array maps)
and, for the shutdown plan, dates worked out by hand and a beta sample drawn by numpy's own generator.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from builders import link, milestone, resource, task
from plantrack.scheduling.calendar import CalendarCache, to_minute
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import Unschedulable
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Constraint,
    ConstraintKind,
    Estimate,
    Link,
    LinkType,
    Period,
    Project,
    Resource,
    Task,
    TaskActual,
    TimeRange,
    Window,
)
from plantrack.scheduling.risk.montecarlo import monte_carlo, simulate
from plantrack.scheduling.risk.pert import pert, risk_network

HOUR = 60
DAY = 24 * HOUR
START = dt.datetime(2027, 7, 26, 8, 0)  # a Monday
ORIGIN = dt.datetime(2027, 7, 26)
#: The plant's summer closure: three weeks without plant working time.
CLOSURE = Period(start=dt.datetime(2027, 8, 2), end=dt.datetime(2027, 8, 23), reason="summer closure")
PLANT = Calendar(id="plant", off=(CLOSURE,))  # Mon-Fri 08-12, 13-17
#: The shutdown crew: weekends 06-22, and round the clock while the plant is closed.
CREW = Calendar(
    id="crew", weekdays=(5, 6), hours=(TimeRange(start=6 * HOUR, end=22 * HOUR),), extra=(CLOSURE,)
)
#: Night shift, Monday to Saturday, 22:00-06:00.
NIGHTS = Calendar(
    id="nights",
    weekdays=(0, 1, 2, 3, 4, 5),
    hours=(TimeRange(start=0, end=6 * HOUR), TimeRange(start=22 * HOUR, end=24 * HOUR)),
)
STOP = Window(
    id="stop",
    periods=(CLOSURE, Period(start=dt.datetime(2027, 10, 2), end=dt.datetime(2027, 10, 31))),
)
LAGS = (
    Duration(minutes=0),
    Duration(minutes=0),
    Duration(minutes=HOUR),
    Duration(minutes=8 * HOUR),
    Duration(minutes=-4 * HOUR),
    Duration(minutes=DAY, elapsed=True),
    Duration(minutes=-12 * HOUR, elapsed=True),
)


def est(o: int, m: int, p: int, elapsed: bool = False) -> Estimate:
    return Estimate(
        optimistic=Duration(minutes=o, elapsed=elapsed),
        likely=Duration(minutes=m, elapsed=elapsed),
        pessimistic=Duration(minutes=p, elapsed=elapsed),
    )


def instant(draw: st.DrawFn, days: int) -> dt.datetime:
    """Any minute in the first `days` days, working or not."""
    return ORIGIN + dt.timedelta(minutes=draw(st.integers(0, days * DAY)))


def _task(draw: st.DrawFn, tid: str, parent: str | None) -> Task:
    kind = draw(st.sampled_from(["work", "elapsed", "estimate", "estimate-ed", "milestone", "effort"]))
    minutes = draw(st.integers(0, 40 * HOUR))
    fields: dict[str, object] = {}
    if kind == "milestone":
        fields["milestone"] = True
    elif kind == "effort":
        fields["effort"] = Duration(minutes=max(1, minutes))
    elif kind.startswith("estimate"):  # no spread: the simulation must then be cpm
        fields["estimate"] = est(minutes, minutes, minutes, elapsed=kind == "estimate-ed")
    else:
        fields["duration"] = Duration(minutes=minutes, elapsed=kind == "elapsed")
    constraints = []
    if draw(st.integers(0, 3)) == 0:
        constraints.append(Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=instant(draw, 50)))
    elif draw(st.integers(0, 7)) == 0:
        constraints.append(Constraint(kind=ConstraintKind.MUST_START_ON, date=instant(draw, 50)))
    if draw(st.integers(0, 3)) == 0:
        fields["deadline"] = instant(draw, 60)
    if parent is None or draw(st.booleans()):  # a kept leveling, working or elapsed
        fields["leveling_delay"] = draw(
            st.sampled_from([None, None, Duration(minutes=90), Duration(minutes=600, elapsed=True)])
        )
    return Task(
        id=tid,
        parent=parent,
        calendar=draw(st.sampled_from([None, None, "crew", "nights"])),
        window=draw(st.sampled_from([None, None, None, "stop"])),
        constraints=tuple(constraints),
        **fields,  # type: ignore[arg-type]
    )


@st.composite
def mixed_plan(draw: st.DrawFn) -> tuple[Project, dt.datetime | None, dict[str, TaskActual]]:
    """A plan mixing the plant, crew and night calendars, resources with their own calendar and
    absences, elapsed durations and lags, every link type with lags and leads, a shutdown window,
    constraints, deadlines, a phase with links, kept leveling delays, and progress at a status date."""
    n = draw(st.integers(3, 9))
    phase = sorted(draw(st.lists(st.integers(0, n), min_size=2, max_size=2, unique=True)))
    first, last = phase if draw(st.booleans()) else (n, n)  # children t[first..last-1] of phase P
    tasks: list[Task] = []
    for i in range(n):
        if i == first:
            tasks.append(Task(id="P", name="phase"))
        tasks.append(_task(draw, f"t{i}", "P" if first <= i < last else None))

    def absence() -> Period:
        begin = instant(draw, 40)
        return Period(start=begin, end=begin + dt.timedelta(minutes=draw(st.integers(HOUR, 3 * DAY))))

    resources = (
        Resource(
            id="fitter",
            capacity=2,
            calendar="nights",
            absences=tuple(absence() for _ in range(draw(st.integers(0, 2)))),
        ),
        resource("welder", capacity=2, calendar="crew"),
        Resource(
            id="operator", capacity=2, absences=tuple(absence() for _ in range(draw(st.integers(0, 2))))
        ),
    )
    assignments = []
    for t in tasks:
        if t.id != "P":
            for r in draw(
                st.lists(
                    st.sampled_from(resources),
                    min_size=int(t.effort is not None),
                    max_size=2,
                    unique_by=lambda r: r.id,
                )
            ):
                assignments.append(
                    Assignment(task=t.id, resource=r.id, units=draw(st.sampled_from([1.0, 2.0])))
                )
    links = []
    for s in range(1, n):
        for p in draw(st.lists(st.integers(0, s - 1), max_size=2, unique=True)):
            kind = draw(st.sampled_from(list(LinkType)))
            links.append(
                Link(predecessor=f"t{p}", successor=f"t{s}", type=kind, lag=draw(st.sampled_from(LAGS)))
            )
    if first < n:  # links on the phase: from tasks before it, to tasks after it (no cycle through it)
        for p in draw(st.lists(st.integers(0, first - 1), max_size=1)) if first else []:
            links.append(Link(predecessor=f"t{p}", successor="P", type=draw(st.sampled_from(list(LinkType)))))
        for s in draw(st.lists(st.integers(last, n - 1), max_size=1)) if last < n else []:
            links.append(
                Link(
                    predecessor="P",
                    successor=f"t{s}",
                    type=draw(st.sampled_from(list(LinkType))),
                    lag=LAGS[5],
                )
            )
    project = Project(
        name="mixed",
        start=START,
        calendar="plant",
        calendars=(PLANT, CREW, NIGHTS),
        resources=resources,
        tasks=tuple(tasks),
        links=tuple(links),
        assignments=tuple(assignments),
        windows=(STOP,),
    )
    if not draw(st.booleans()):
        return project, None, {}
    status = START + dt.timedelta(minutes=draw(st.integers(HOUR, 30 * DAY)))
    span = int((status - START).total_seconds() // 60)
    actuals: dict[str, TaskActual] = {}
    for t in tasks:
        state = draw(st.sampled_from(["planned", "planned", "complete", "progress", "remaining"]))
        if t.id == "P" or state == "planned":
            continue
        begin = START + dt.timedelta(minutes=draw(st.integers(0, span)))
        if state == "complete":
            end = begin + dt.timedelta(
                minutes=draw(st.integers(0, int((status - begin).total_seconds() // 60)))
            )
            actuals[t.id] = TaskActual(task=t.id, actual_start=begin, actual_finish=end)
        elif state == "progress":
            actuals[t.id] = TaskActual(
                task=t.id, actual_start=begin, percent_complete=draw(st.integers(0, 100))
            )
        else:
            left = Duration(minutes=draw(st.integers(0, 30 * HOUR)))
            actuals[t.id] = TaskActual(task=t.id, actual_start=begin, remaining=left)
    return project, status, actuals


@pytest.mark.slow
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(mixed_plan())
def test_zero_spread_is_cpm_on_mixed_calendars(
    plan: tuple[Project, dt.datetime | None, dict[str, TaskActual]],
) -> None:
    project, status_date, actuals = plan
    try:
        schedule = cpm(project, status_date=status_date, actuals=actuals)
    except Unschedulable:  # a window the plan misses, contradictory constraints: cpm refuses the plan
        assume(False)
        raise
    net = risk_network(project, status_date=status_date, actuals=actuals)
    sim = simulate(net, runs=3, targets=net.leaves)
    for j in net.leaves:  # every task's finish, to the minute
        task = schedule.task(net.nodes[j].id)
        assert list(sim.node_finish[j]) == [task.early_finish] * 3, task.id
    assert list(sim.finish) == [schedule.finish] * 3
    assert not sim.window_missed.any()
    result = monte_carlo(project, runs=3, status_date=status_date, actuals=actuals)
    assert set(result.project.percentiles.values()) == {schedule.finish_at}
    assert result.project.std_minutes == 0
    for odds in result.targets:
        assert odds.id is not None
        assert set(odds.percentiles.values()) == {schedule.task(odds.id).early_finish_at}, odds.id
    assert {t.window_missed for t in result.tasks} == {0.0}
    analytic = pert(project, status_date=status_date, actuals=actuals)
    assert analytic.project.expected_finish == schedule.finish_at
    for target in analytic.targets:
        assert target.id is not None
        assert target.expected_finish == schedule.task(target.id).early_finish_at, target.id


#: The line's summer stop: from Saturday morning before the closure to Monday noon after it.
SUMMER_STOP = Window(
    id="summer-stop",
    periods=(
        Period(start=dt.datetime(2027, 7, 31, 6, 0), end=dt.datetime(2027, 8, 23, 12, 0)),
        Period(start=dt.datetime(2027, 10, 2), end=dt.datetime(2027, 10, 31)),
    ),
)


def shutdown_plan(spread: bool, deadline: dt.datetime = dt.datetime(2027, 8, 20, 17, 0)) -> Project:
    """Preparation on the plant calendar, then the crew's work during the plant's August closure.

    Start Monday 2027-07-19 08:00. prep (plant, 3d / 5d / 10d) ends by Friday 30 July 17:00 at worst.
    dismantle (40 h / 48 h / 64 h) and install (64 h / 80 h / 128 h) run on the crew calendar, bound
    to the summer stop (Saturday 31 July 06:00 to Monday 23 August 12:00) or, failing that, October's.
    The crew works 06-22 on Saturday and Sunday (32 h), then round the clock from Monday 2 August.
    restart (gate, deadline Friday 20 August 17:00) follows install; requalify (plant, 2 days)
    follows restart, so it waits for the plant to reopen: Monday 23 August 08:00 to Tuesday 17:00.
    Without spread (the likely values): dismantle Saturday 06:00, 32 h by Sunday 22:00 and 16 h more
    to Monday 2 August 16:00; install + 80 h = Friday 6 August 00:00, restart then. The plant calendar
    alone has only Monday 23 August 08:00-12:00 of working time in the whole stop.
    """

    def three(o: int, m: int, p: int) -> Estimate:
        return est(o * HOUR, m * HOUR, p * HOUR) if spread else est(m * HOUR, m * HOUR, m * HOUR)

    return Project(
        name="summer shutdown",
        start=dt.datetime(2027, 7, 19, 8, 0),
        calendar="plant",
        calendars=(PLANT, CREW),
        windows=(SUMMER_STOP,),
        tasks=(
            Task(id="prep", estimate=three(24, 40, 80)),
            Task(id="dismantle", estimate=three(40, 48, 64), calendar="crew", window="summer-stop"),
            Task(id="install", estimate=three(64, 80, 128), calendar="crew", window="summer-stop"),
            milestone("restart", gate=True, deadline=deadline),
            task("requalify", Duration(minutes=16 * HOUR)),
        ),
        links=(
            link("prep", "dismantle"),
            link("dismantle", "install"),
            link("install", "restart"),
            link("restart", "requalify"),
        ),
    )


def test_crew_work_during_the_plant_closure_is_cpm_without_spread() -> None:
    project = shutdown_plan(spread=False)
    schedule = cpm(project)
    # by hand (see shutdown_plan), and cpm agrees
    assert schedule.task("dismantle").early_start_at == dt.datetime(2027, 7, 31, 6, 0)
    assert schedule.task("dismantle").early_finish_at == dt.datetime(2027, 8, 2, 16, 0)
    assert schedule.task("restart").early_finish_at == dt.datetime(2027, 8, 6, 0, 0)
    assert schedule.finish_at == dt.datetime(2027, 8, 24, 17, 0)
    result = monte_carlo(project, runs=50)
    by_id = {t.id: t for t in result.targets}
    assert set(by_id["restart"].percentiles.values()) == {dt.datetime(2027, 8, 6, 0, 0)}
    assert by_id["restart"].probability == 1.0
    assert set(result.project.percentiles.values()) == {schedule.finish_at}
    assert {t.id: t.window_missed for t in result.tasks} == dict.fromkeys(
        ("prep", "dismantle", "install", "restart", "requalify"), 0.0
    )
    analytic = pert(project)
    assert analytic.targets[0].expected_finish == dt.datetime(2027, 8, 6, 0, 0)
    assert analytic.targets[0].probability == 1.0
    assert analytic.project.expected_finish == schedule.finish_at


def test_crew_work_during_the_plant_closure_with_spread() -> None:
    """The crew's 104 to 192 hours all fit in the stop: the gate is always met, the project always
    ends on the plant's second day back, and the gate's median is the crew time's median after
    Saturday 31 July 06:00, counted on the crew calendar.

    The median of dismantle + install comes from numpy's own beta generator (alpha = 1 + 4 (m - o) /
    (p - o), beta = 1 + 4 (p - m) / (p - o)); the date is the crew calendar's (cpm's) conversion.
    """
    project = shutdown_plan(spread=True)
    result = monte_carlo(project, runs=40_000, seed=2)
    assert {t.window_missed for t in result.tasks} == {0.0}
    gate = next(t for t in result.targets if t.id == "restart")
    assert gate.probability == 1.0
    assert set(result.project.percentiles.values()) == {dt.datetime(2027, 8, 24, 17, 0)}

    rng = np.random.default_rng(12)

    def beta_pert(o: float, m: float, p: float, n: int) -> np.ndarray:
        return o + (p - o) * rng.beta(1 + 4 * (m - o) / (p - o), 1 + 4 * (p - m) / (p - o), n)

    crew_hours = beta_pert(40, 48, 64, 400_000) + beta_pert(64, 80, 128, 400_000)
    crew = CalendarCache(project).get("crew")
    begin = crew.work_before(to_minute(project.origin, dt.datetime(2027, 7, 31, 6, 0)))
    median_at = crew.work_before(to_minute(project.origin, gate.percentiles[50]))
    assert (median_at - begin) / HOUR == pytest.approx(float(np.median(crew_hours)), abs=0.25)
    # within the spread: all-optimistic 104 h (32 h on the weekend, then 72 h: Thursday 5 August
    # 00:00) and all-pessimistic 192 h (32 + 160 h: Sunday 8 August 16:00)
    assert (
        dt.datetime(2027, 8, 5, 0, 0)
        < gate.percentiles[50]
        < gate.percentiles[95]
        <= dt.datetime(2027, 8, 8, 16, 0)
    )
    # the crew's chain leads to the gate, whose plant calendar has no time left before requalify
    risk = {t.id: t.criticality for t in result.tasks}
    assert risk["dismantle"] == risk["install"] == risk["restart"] == risk["requalify"] == 1.0
    # a tie on a node's own axis is a chain (as cpm names the driving predecessor): prep meets the
    # stop's first shift, on the crew's axis, when no crew time is left between them, i.e. when it
    # ends after the crew's last weekend shift (Sunday 25 July 22:00): more than 40 of its hours
    prep_hours = beta_pert(24, 40, 80, 400_000)
    assert risk["prep"] == pytest.approx(float(np.mean(prep_hours > 40)), abs=0.01)
    # and nothing drives its spread: the finish never moves
    assert {t.sensitivity for t in result.sensitivity_ranking()} == {0.0}


def test_gate_odds_count_the_crew_time_left() -> None:
    """Gate due Friday 6 August 08:00: 32 h of weekend plus 104 h round the clock = 136 crew hours
    after the stop opens. PERT: mean 49.33 + 85.33 = 134.67 h; its variance is the chain's, and prep
    (expected 44 h: Monday 26 July 12:00) ties, on the crew's axis, with the crew's next shift, so the
    wider chain's: (56/6)^2 + (24/6)^2 + (64/6)^2 (conservative); normal odds Phi((136 - 134.67) / sd).
    Monte Carlo: the share of numpy's own beta sums within 136 h (prep never reaches the stop)."""
    from plantrack.scheduling.risk.pert import normal_cdf

    project = shutdown_plan(spread=True, deadline=dt.datetime(2027, 8, 6, 8, 0))
    mean = (40 + 4 * 48 + 64) / 6 + (64 + 4 * 80 + 128) / 6
    sd = ((56 / 6) ** 2 + (24 / 6) ** 2 + (64 / 6) ** 2) ** 0.5
    (gate,) = pert(project).targets
    assert gate.chain == ("prep", "dismantle", "install", "restart")
    assert gate.std_minutes == pytest.approx(sd * HOUR)
    assert gate.probability == pytest.approx(normal_cdf((136 - mean) / sd), abs=1e-6)
    rng = np.random.default_rng(5)
    n = 400_000
    crew_hours = 40 + 24 * rng.beta(1 + 4 * 8 / 24, 1 + 4 * 16 / 24, n)
    crew_hours += 64 + 64 * rng.beta(1 + 4 * 16 / 64, 1 + 4 * 48 / 64, n)
    simulated = next(t for t in monte_carlo(project, runs=40_000, seed=4).targets if t.id == "restart")
    assert simulated.probability == pytest.approx(float(np.mean(crew_hours <= 136)), abs=0.01)

"""Scenarios compared with the current plan: the same CPM, the same actuals, hours worked out by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from builders import START, chain, days, hours, milestone, period, plan, resource, task, use
from plantrack.i18n import set_language
from plantrack.operations.analysis import plan_of
from plantrack.operations.scenarios.compare import ReasonKind, compare_scenarios, comparison_json
from plantrack.operations.scenarios.compare_text import render_comparison
from plantrack.operations.scenarios.demo import lengthened
from plantrack.operations.scenarios.figures import plan_cost
from plantrack.operations.scenarios.matrix import decision_matrix, options_of
from plantrack.operations.scenarios.matrix_text import render_matrix
from plantrack.operations.scenarios.tracking import Tracking
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import (
    Calendar,
    Estimate,
    Project,
    ResourceKind,
    Task,
    TaskActual,
    TimeRange,
    Window,
)
from plantrack.scheduling.tracking.baseline import make_baseline
from plantrack.scheduling.tracking.worktime import CalendarWorkTime

RUNS = 200


def supply_plan() -> Project:
    """Order, then the supplier's 10-day build, then install; a parallel 4-day preparation."""
    return plan(
        [task("order", "2d"), task("build", "10d"), task("install", "3d"), task("prep", "4d")],
        [*chain("order", "build", "install"), ("order", "prep"), ("prep", "install")],
        resources=[resource("fitter", rate=50.0)],
        assignments=[use("install", "fitter"), use("prep", "fitter")],
    )


def working_days(project: Project, a: dt.datetime, b: dt.datetime) -> float:
    """Working days of the standard 08-12/13-17 calendar from a to b, counted day by day."""
    minutes = 0
    day = a
    while day < b:
        if day.weekday() < 5 and 8 <= day.hour < 17 and day.hour != 12:
            minutes += 1
        day += dt.timedelta(minutes=1)
    return minutes / 480


def test_supplier_three_weeks_late_slips_as_the_cpm_says() -> None:
    current = supply_plan()
    late = lengthened(current, "build", days(15))
    baseline = make_baseline(
        current, plan_of(cpm(current)), CalendarWorkTime(current), name="b", saved_at=START
    )
    c = compare_scenarios(current, [("late", late)], Tracking(baseline=baseline), runs=RUNS)
    (s,) = c.scenarios
    direct = cpm(late)
    assert s.figures.finish == direct.finish_at
    assert c.current.finish == cpm(current).finish_at
    assert s.finish_shift_days == 15 == working_days(current, c.current.finish, s.figures.finish)
    assert s.figures.slip_days == 15 and c.current.slip_days == 0
    # the fitter's work does not change: install keeps its 3 days
    assert s.cost_delta == 0
    moved = {m.id: m for m in s.moved}
    assert moved["build"].reason.kind is ReasonKind.OWN_CHANGE
    assert moved["build"].reason.fields == ("duration",)
    assert moved["install"].reason.kind is ReasonKind.DRIVER_MOVED
    assert moved["install"].reason.driver_after == "build"
    assert moved["install"].shift_days == 15
    assert "prep" not in moved


def test_actuals_at_the_status_date_are_shared() -> None:
    current = supply_plan()
    status = dt.datetime(2027, 3, 5, 17)
    # the order took a whole week: finished Friday evening instead of Tuesday
    actuals = {"order": TaskActual(task="order", actual_start=START, actual_finish=status)}
    late = lengthened(current, "build", days(15))
    c = compare_scenarios(current, [("late", late)], Tracking(status_date=status, actuals=actuals), runs=RUNS)
    assert c.current.finish == cpm(current, status_date=status, actuals=actuals).finish_at
    assert c.scenarios[0].figures.finish == cpm(late, status_date=status, actuals=actuals).finish_at
    assert c.current.slip_days is None  # no baseline given


def test_critical_path_changes_and_cost() -> None:
    current = supply_plan()
    # a 2-day build: the 4-day preparation now drives the installation
    quick = dataclasses.replace(
        current,
        tasks=tuple(
            dataclasses.replace(t, duration=days(2)) if t.id == "build" else t for t in current.tasks
        ),
    )
    # and one more day of installation, at the fitter's 50/h: 8 h x 50 = 400 more
    quick = lengthened(quick, "install", days(1))
    c = compare_scenarios(current, [("quick", quick)], Tracking(), runs=RUNS)
    (s,) = c.scenarios
    assert c.current.critical == ("order", "build", "install")
    assert s.critical_joined == ("prep",)
    assert s.critical_left == ("build",)
    assert s.cost_delta == pytest.approx(400.0)
    assert c.current.cost == pytest.approx((3 + 4) * 8 * 50.0)
    install = next(m for m in s.moved if m.id == "install")
    assert install.reason.kind is ReasonKind.OWN_CHANGE
    assert install.reason.fields == ("duration",)


def test_hours_overtime_contractor_windows_and_over_allocation() -> None:
    round_clock = Calendar(
        id="round", weekdays=(0, 1, 2, 3, 4, 5, 6), hours=(TimeRange(start=0, end=24 * 60),)
    )
    stop = Window(id="stop", periods=(period(dt.datetime(2027, 3, 1, 20), dt.datetime(2027, 3, 2, 4)),))
    project = plan(
        [
            # 24 working hours on the round-the-clock calendar: Mon 08:00 to Tue 08:00
            task("swap", "24h", calendar="round"),
            # two 2-day tasks in parallel on one person: 16 hours booked twice
            task("a", "2d"),
            task("b", "2d"),
        ],
        calendars=[round_clock],
        resources=[
            resource("mech", rate=40.0),
            resource("integrator", kind=ResourceKind.CONTRACTOR, rate=90.0),
            resource("tech"),
        ],
        assignments=[use("swap", "mech"), use("swap", "integrator", 0.5), use("a", "tech"), use("b", "tech")],
        windows=[stop],
    )
    c = compare_scenarios(project, [("same", project)], Tracking(), runs=RUNS)
    f = c.current
    mech = next(r for r in f.resources if r.id == "mech")
    # the mechanic works 24 h, 8 of them (Mon 08-12, 13-17) on his own standard calendar
    assert (mech.work_hours, mech.overtime_hours, mech.over_hours) == (24, 16, 0)
    assert f.contractor_hours == 12  # half a unit for 24 h
    assert f.overtime_hours == 16  # the contractor's hours are not counted twice
    assert f.extra_hours == 28
    tech = next(r for r in f.resources if r.id == "tech")
    assert (tech.work_hours, tech.over_hours, tech.peak_units, tech.over_days) == (32, 16, 2, 2)
    assert f.over_hours == 16
    # the window Mon 20:00 - Tue 04:00 holds 8 h of the swap: 8 x (1 + 0.5) resource-hours
    (window,) = f.windows
    assert (window.id, window.hours, window.missed) == ("stop", 12, ())
    assert f.cost == pytest.approx(24 * 40 + 12 * 90)


def test_a_task_missing_its_window_is_released_and_listed() -> None:
    stop = Window(id="stop", periods=(period(dt.datetime(2027, 3, 6), dt.datetime(2027, 3, 8)),))
    round_clock = Calendar(
        id="round", weekdays=(0, 1, 2, 3, 4, 5, 6), hours=(TimeRange(start=0, end=24 * 60),)
    )
    current = plan(
        [task("deliver", "3d"), task("fit", "12h", window="stop", calendar="round")],
        [("deliver", "fit")],
        calendars=[round_clock],
        windows=[stop],
    )
    late = lengthened(current, "deliver", days(5))
    c = compare_scenarios(current, [("late", late)], Tracking(), runs=RUNS)
    (s,) = c.scenarios
    assert c.current.windows_missed == ()
    assert s.figures.windows_missed == (("fit", "stop"),)
    released = dataclasses.replace(
        late, tasks=tuple(dataclasses.replace(t, window=None) if t.id == "fit" else t for t in late.tasks)
    )
    assert s.figures.finish == cpm(released).finish_at
    assert s.figures.windows[0].hours == 0
    assert c.current.windows[0].hours == 0  # no resource assigned: no hours


def test_ready_before_a_window() -> None:
    certain = Estimate(optimistic=days(4), likely=days(5), pessimistic=days(6))
    stop = Window(id="stop", periods=(period(dt.datetime(2027, 3, 13), dt.datetime(2027, 3, 15)),))
    round_clock = Calendar(
        id="round", weekdays=(0, 1, 2, 3, 4, 5, 6), hours=(TimeRange(start=0, end=24 * 60),)
    )
    current = plan(
        [task("prepare", estimate=certain), task("fit", "8h", window="stop", calendar="round")],
        [("prepare", "fit")],
        calendars=[round_clock],
        windows=[stop],
    )
    # at most 6 days: done by Monday 8 March 17:00, well before Saturday 13 March
    slow = lengthened(current, "prepare", days(10))  # at least 14 days: never before the stop
    c = compare_scenarios(current, [("slow", slow)], Tracking(), runs=RUNS, before="stop")
    assert c.current.due == dt.datetime(2027, 3, 13)
    assert c.current.ready == cpm(current).task("prepare").early_finish_at
    assert c.current.probability == 1.0
    assert c.scenarios[0].figures.probability == 0.0
    with pytest.raises(InvalidInput, match="no window 'august'"):
        compare_scenarios(current, [("slow", slow)], Tracking(), runs=RUNS, before="august")


def test_the_same_seed_gives_the_same_odds() -> None:
    spread = Estimate(optimistic=days(2), likely=days(4), pessimistic=days(9))
    current = plan(
        [task("a", estimate=spread), task("b", estimate=spread), task("c", "1d")], chain("a", "b", "c")
    )
    twin = dataclasses.replace(current)
    c = compare_scenarios(current, [("x", twin), ("y", twin)], Tracking(), runs=500, seed=7)
    odds = {(f.p50, f.p80) for f in (c.current, *(s.figures for s in c.scenarios))}
    assert len(odds) == 1
    again = compare_scenarios(current, [("x", twin)], Tracking(), runs=500, seed=7)
    assert (again.current.p50, again.current.p80) == (c.current.p50, c.current.p80)
    assert c.current.p80 >= c.current.p50


def test_leveled_comparison_removes_the_over_allocation() -> None:
    current = plan(
        [task("a", "2d"), task("b", "2d"), task("c", "1d")],
        resources=[resource("tech")],
        assignments=[use("a", "tech"), use("b", "tech"), use("c", "tech")],
    )
    more = lengthened(current, "c", days(1))
    flat = compare_scenarios(current, [("more", more)], Tracking(), runs=RUNS)
    # three tasks at once on day 1: 2 units too many for 8 h; two on day 2: 1 unit too many for 8 h
    assert flat.current.over_hours == 2 * 8 + 1 * 8
    leveled = compare_scenarios(current, [("more", more)], Tracking(), runs=RUNS, level=True, level_time=2)
    assert leveled.leveled and leveled.current.leveled
    assert leveled.current.over_hours == 0 == leveled.scenarios[0].figures.over_hours
    # one person does 5 then 6 days of work one task after the other
    assert leveled.current.finish == START + dt.timedelta(days=4, hours=9)
    assert leveled.scenarios[0].finish_shift_days == 1


def test_bad_requests_are_refused() -> None:
    current = supply_plan()
    with pytest.raises(InvalidInput, match="no scenario to compare"):
        compare_scenarios(current, [], Tracking())
    with pytest.raises(InvalidInput, match="a scenario name must not be empty"):
        compare_scenarios(current, [(" ", current)], Tracking(), runs=RUNS)
    with pytest.raises(InvalidInput, match="scenario 'x' is given twice"):
        compare_scenarios(current, [("x", current), ("x", current)], Tracking(), runs=RUNS)
    cycle = dataclasses.replace(current, links=(*current.links, *chain("install", "order")))
    with pytest.raises(InvalidInput) as caught:
        compare_scenarios(current, [("loop", cycle)], Tracking(), runs=RUNS)
    assert all(p.location == "scenario loop" for p in caught.value.problems())


def test_json_is_locale_free_and_text_is_translated() -> None:
    current = supply_plan()
    late = lengthened(current, "build", days(15))
    c = compare_scenarios(current, [("late", late)], Tracking(), runs=RUNS)
    english = json.dumps(comparison_json(c))
    set_language("fr")
    try:
        assert json.dumps(comparison_json(c)) == english
        text = "\n".join(render_comparison(c))
    finally:
        set_language("en")
    assert "planning actuel" in text and "+15" in text and "Scénario late" in text
    doc = json.loads(english)
    assert doc["scenarios"][0]["finish_shift_days"] == 15
    assert doc["scenarios"][0]["moved"][0]["reason"]["kind"] in {"own-change", "driver-moved"}
    lines = render_comparison(c)
    assert lines[1].split()[-2:] == ["plan", "late"]  # no status date: the header follows the runs


def test_lengthened_refuses_an_unknown_task() -> None:
    with pytest.raises(ValueError, match="no task ghost"):
        lengthened(supply_plan(), "ghost", Duration(minutes=60))
    assert lengthened(supply_plan(), "build", hours(4)).task_map()["build"].duration == days(10.5)


def test_plan_cost_is_the_baseline_budget() -> None:
    project = plan(
        [
            task("phase", fixed_cost=1000.0),
            Task(id="study", effort=days(3), parent="phase"),
            task("fit", "2d", parent="phase", fixed_cost=250.0),
            milestone("done", fixed_cost=80.0),
        ],
        chain("study", "fit", "done"),
        resources=[resource("a", rate=50.0), resource("b", capacity=2, rate=30.0)],
        assignments=[use("study", "a"), use("study", "b", 0.5), use("fit", "b", 2)],
    )
    schedule = cpm(project)
    work = CalendarWorkTime(project)
    # study: 24 h of effort shared 2:1, 16 h x 50 + 8 h x 30; fit: 2 units x 16 h x 30; fixed costs
    by_hand = 16 * 50 + 8 * 30 + 2 * 16 * 30 + 1000 + 250 + 80
    assert plan_cost(project, schedule, work) == pytest.approx(by_hand)
    bac = make_baseline(project, plan_of(schedule), work, name="b", saved_at=START).bac
    assert bac == pytest.approx(by_hand)


@pytest.mark.parametrize("name", ["\x1b]0;owned\x07late", "late\u202e\u2066", "<b>late</b>\r\n"])
def test_hostile_scenario_names_are_inert_in_the_text(name: str) -> None:
    current = supply_plan()
    c = compare_scenarios(current, [(name, lengthened(current, "build", days(1)))], Tracking(), runs=RUNS)
    matrix = decision_matrix(options_of(c))
    text = "\n".join(render_comparison(c) + render_matrix(matrix, c.currency))
    assert not any(ch in text for ch in "\x1b\x07\r\u202e\u2066")
    assert comparison_json(c)["scenarios"][0]["name"] == name  # data, kept as given in JSON

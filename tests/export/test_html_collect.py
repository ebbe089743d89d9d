"""From engine objects to the report view: WBS order, shading, resource loads, an empty project refused."""

from __future__ import annotations

import datetime as dt

import pytest

from builders import chain, milestone, period, plan, resource, task, use
from load_fixtures import (
    ELEC_CAPACITY,
    ELEC_LOAD,
    FITTERS_CAPACITY,
    FITTERS_LOAD,
    FITTERS_OVER_DAYS,
    WEEK_30,
    closure_project,
)
from plantrack.export.html.collect import MAX_SHADED_DAYS, bands, collect_report, wbs_order
from plantrack.export.html.figures_dashboard import LOAD_BEYOND, LOAD_OK, LOAD_OVER, resource_load_figure
from plantrack.export.html.view import Band, BandKind, TaskKind, TaskState
from plantrack.operations.tracking_view import resource_loads as tui_resource_loads
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import (
    Calendar,
    Period,
    Project,
    Window,
)

D = dt.datetime
TODAY = dt.date(2027, 3, 2)


def plant_project() -> Project:
    """Monday 1 March 2027; Friday 5 March is a plant holiday; tasks listed out of WBS order.

    a (2d, phase P) -> b (1d, P) -> m (milestone) -> d (3d); c (1d) stands alone.
    """
    return plan(
        [
            task("a", "2d", name="Dismantle", parent="P"),
            task("P", name="Mechanical"),
            task("c", "1d", name="Order parts"),
            task("b", "1d", name="Install", parent="P"),
            milestone("m", name="Restart"),
            task("d", "3d", name="Ramp-up"),
        ],
        chain("a", "b", "m", "d"),
        name="Line 3",
        start=D(2027, 3, 1, 8),
        calendar=Calendar(id="plant", off=(period(D(2027, 3, 5), D(2027, 3, 6)),)),
        resources=(resource("r1", name="Fitter", capacity=2.0),),
        assignments=(
            use("a", "r1"),
            use("b", "r1", 2.0),
            use("c", "r1", 0.5),
            use("d", "r1"),
        ),
        windows=(
            Window(
                id="stop", name="Summer stop", periods=(Period(start=D(2027, 7, 26), end=D(2027, 8, 16)),)
            ),
        ),
    )


def test_rows_follow_the_wbs_phases_first_then_file_order() -> None:
    project = plant_project()
    assert [(t.id, depth) for t, depth in wbs_order(project)] == [
        ("P", 0),
        ("a", 1),
        ("b", 1),
        ("c", 0),
        ("m", 0),
        ("d", 0),
    ]
    report = collect_report(project, cpm(project), today=TODAY)
    rows = report.gantt.tasks
    assert [t.id for t in rows] == ["P", "a", "b", "c", "m", "d"]
    assert [t.kind for t in rows] == [TaskKind.SUMMARY] + [TaskKind.TASK] * 3 + [
        TaskKind.MILESTONE,
        TaskKind.TASK,
    ]
    assert rows[1].parent == "P" and rows[1].depth == 1
    # a: Monday and Tuesday; b on Wednesday; d from Thursday over the holiday to Tuesday 9 March
    assert (rows[1].start, rows[1].finish) == (D(2027, 3, 1, 8), D(2027, 3, 2, 17))
    assert (rows[5].start, rows[5].finish) == (D(2027, 3, 4, 8), D(2027, 3, 9, 17))
    assert rows[1].state is TaskState.CRITICAL and rows[3].state is TaskState.ON_TRACK
    # c may finish as late as Tuesday 9 March: 6 working days (Friday 5 is off) for 1 day of work
    assert rows[3].total_float_hours == pytest.approx((6 - 1) * 8)
    assert rows[2].resources == ("Fitter ×2",)


def test_non_working_days_merge_into_runs_and_shutdowns_are_labelled() -> None:
    project = plant_project()
    shaded = bands(project, dt.date(2027, 2, 28), dt.date(2027, 3, 10))
    assert shaded == (
        Band(start=D(2027, 2, 28), finish=D(2027, 3, 1), kind=BandKind.NON_WORKING),  # Sunday
        Band(start=D(2027, 3, 5), finish=D(2027, 3, 8), kind=BandKind.NON_WORKING),  # holiday and weekend
        Band(start=D(2027, 7, 26), finish=D(2027, 8, 16), kind=BandKind.SHUTDOWN, label="Summer stop"),
    )
    report = collect_report(project, cpm(project), today=TODAY)
    assert report.gantt.bands == shaded  # the day before the first bar to the day after the last


def test_long_plans_shade_only_the_shutdown_windows() -> None:
    first = dt.date(2027, 1, 1)
    shaded = bands(plant_project(), first, first + dt.timedelta(days=MAX_SHADED_DAYS + 1))
    assert [b.kind for b in shaded] == [BandKind.SHUTDOWN]


def test_resource_load_counts_hours_on_each_day_of_a_bar() -> None:
    project = plant_project()
    report = collect_report(project, cpm(project), today=TODAY)
    (load,) = report.dashboard.loads
    assert load.resource == "Fitter" and load.capacity == 2.0
    # the ISO weeks of the plan: Monday 1 March to Sunday 14 March
    assert [p.start for p in load.days] == [dt.date(2027, 3, d) for d in range(1, 15)]
    # Mon: a 8 h + c 0.5 x 8 h; Tue: a; Wed: b x2; Thu: d; Fri 5 (holiday) and the weekend: nothing;
    # Mon 8 and Tue 9: d; Wed 10 onwards: nothing
    assert [p.hours for p in load.days] == [12, 8, 16, 8, 0, 0, 0, 8, 8, 0, 0, 0, 0, 0]
    # two fitters, 8 h a day on the plant calendar, none on the holiday
    assert [p.capacity_hours for p in load.days] == [16, 16, 16, 16, 0, 0, 0] + [16] * 5 + [0, 0]
    assert [(p.start, p.hours, p.capacity_hours) for p in load.weeks] == [
        (dt.date(2027, 3, 1), 44, 64),
        (dt.date(2027, 3, 8), 16, 80),
    ]
    assert not any(p.over for p in load.days)


def test_load_during_the_plant_closure_equals_the_hand_count_and_the_tui() -> None:
    """The crew's work while the plant calendar is closed shows in the chart, hour for hour."""
    project = closure_project()
    report = collect_report(project, cpm(project), today=dt.date(2027, 7, 20))
    fig = resource_load_figure(report.dashboard.loads)
    bars = {t.name: t for t in fig.data if t.meta == "load"}
    capacity = [t for t in fig.data if t.meta == "capacity"]
    days = [(WEEK_30 + dt.timedelta(days=k)).isoformat() for k in range(14)]
    assert list(bars) == ["Fitters", "Electrician"]
    assert list(bars["Fitters"].x) == days and list(bars["Electrician"].x) == days
    assert list(bars["Fitters"].y) == FITTERS_LOAD
    assert list(capacity[0].y) == FITTERS_CAPACITY
    assert list(bars["Electrician"].y) == ELEC_LOAD
    assert list(capacity[1].y) == ELEC_CAPACITY
    over = [
        dt.date.fromisoformat(x)
        for x, c in zip(days, bars["Fitters"].marker.color, strict=True)
        if c == LOAD_OVER
    ]
    assert over == FITTERS_OVER_DAYS
    # the electrician works 12 h on days his calendar gives none: amber, not red
    assert [c for c in bars["Electrician"].marker.color if c != LOAD_OK] == [LOAD_BEYOND, LOAD_BEYOND]
    # the same hours as the TUI's resources screen, week by week
    tui = {ld.name: ld for ld in tui_resource_loads(project)}
    for name, trace in bars.items():
        week_sums = [sum(trace.y[k : k + 7]) for k in range(0, 14, 7)]
        assert week_sums == [w.load_hours for w in tui[name].weeks]


def test_header_facts_without_tracking() -> None:
    project = plant_project()
    report = collect_report(project, cpm(project), today=TODAY, title="COPIL 3")
    assert report.title == "COPIL 3" and report.project_name == "Line 3"
    assert report.kpis.forecast_finish == D(2027, 3, 9, 17)
    assert report.kpis.baseline_finish is None and report.kpis.spi is None
    assert report.dashboard.curve == () and report.gantt.baseline_name is None
    assert collect_report(project, cpm(project), today=TODAY).title == "Line 3 — status report"


def test_a_project_without_tasks_is_refused_by_name() -> None:
    project = plant_project()
    empty = plan(name="Empty <b>line</b>", start=project.start)
    with pytest.raises(InvalidInput) as caught:
        collect_report(empty, cpm(project), today=TODAY)
    (problem,) = caught.value.problems()
    assert problem.code == "export-empty" and "Empty <b>line</b>" in problem.message

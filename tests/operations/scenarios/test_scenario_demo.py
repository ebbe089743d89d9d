"""The demo's two scenarios compared with its current plan, from the stored demo workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import START
from conftest import stored_demo_state
from plantrack.operations.analysis import plan_of
from plantrack.operations.scenarios.compare import Comparison, compare_scenarios
from plantrack.operations.scenarios.compare_text import render_comparison
from plantrack.operations.scenarios.demo import (
    INSTALL_WINDOWS,
    STOPS_LATER,
    demo_scenarios,
    supplier_late,
    two_weekend_stops,
)
from plantrack.operations.scenarios.diff import Kind, plan_diff
from plantrack.operations.scenarios.figures import plan_cost, plan_figures
from plantrack.operations.scenarios.matrix import decision_matrix, options_of
from plantrack.operations.scenarios.matrix_text import render_matrix
from plantrack.operations.scenarios.tracking import tracking_of
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.load import resource_loads
from plantrack.scheduling.tracking.baseline import make_baseline
from plantrack.scheduling.tracking.worktime import CalendarWorkTime
from plantrack.store import WorkspaceState

STOP_1_TASKS = ("removal", "set-station", "wiring", "checks-1")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> WorkspaceState:
    folder: Path = tmp_path_factory.mktemp("demo")
    return stored_demo_state(folder)


@pytest.fixture(scope="module")
def comparison(demo: WorkspaceState) -> Comparison:
    return compare_scenarios(
        demo.project, demo_scenarios(demo.project), tracking_of(demo), runs=300, seed=3, before="stop-1"
    )


def test_the_scenarios_change_what_they_say(demo: WorkspaceState) -> None:
    late = plan_diff(demo.project, supplier_late(demo.project))
    assert [(i.kind, i.key, i.field_names()) for i in late.items] == [
        (Kind.TASK, ("lead-time",), ("estimate",))
    ]
    stops = plan_diff(demo.project, two_weekend_stops(demo.project))
    assert [i.key for i in stops.of_kind(Kind.WINDOW)] == [(w,) for w in INSTALL_WINDOWS]
    before = demo.project.window_map()["stop-1"].periods[0]
    after = two_weekend_stops(demo.project).window_map()["stop-1"].periods[0]
    assert after.start - before.start == STOPS_LATER


def test_a_late_supplier_misses_the_first_stop(comparison: Comparison) -> None:
    late, stops = comparison.scenarios
    assert late.name == "supplier three weeks late"
    assert late.figures.windows_missed == tuple((t, "stop-1") for t in STOP_1_TASKS)
    assert comparison.current.windows_missed == () == stops.figures.windows_missed
    # ready for stop 1 in the current plan, almost never with the late supplier
    assert comparison.current.probability is not None and comparison.current.probability > 0.9
    assert late.figures.probability is not None and late.figures.probability < 0.1


def test_two_later_stops_slip_the_finish_as_the_cpm_says(
    demo: WorkspaceState, comparison: Comparison
) -> None:
    _late, stops = comparison.scenarios
    tracking = tracking_of(demo)
    scenario = two_weekend_stops(demo.project)
    direct = cpm(scenario, status_date=tracking.status_date, actuals=tracking.actuals)
    current = cpm(demo.project, status_date=tracking.status_date, actuals=tracking.actuals)
    assert stops.figures.finish == direct.finish_at
    assert comparison.current.finish == current.finish_at
    work = CalendarWorkTime(demo.project)
    shift = work.minutes(None, current.finish_at, direct.finish_at) / work.day_minutes(None)
    assert stops.finish_shift_days == shift == 10  # two weeks later, on the plant's day calendar
    assert stops.figures.slip_days == 10  # the demo's baseline is the plan as it stands
    # the installation's hours simply move to the later stops
    hours = {w.id: w.hours for w in comparison.current.windows}
    assert {w.id: w.hours for w in stops.figures.windows} == hours


def test_the_matrix_recommends_the_plan_that_keeps_its_windows(comparison: Comparison) -> None:
    m = decision_matrix(options_of(comparison))
    assert m.ranking[0].name == "supplier three weeks late"
    assert m.recommended == "install in two weekend stops"
    assert m.passed_over == "supplier three weeks late"


def test_the_comparison_reads_in_french(demo: WorkspaceState, french: None) -> None:
    tracking = tracking_of(demo)
    c = compare_scenarios(demo.project, demo_scenarios(demo.project), tracking, runs=100)
    text = "\n".join(render_comparison(c) + render_matrix(decision_matrix(options_of(c)), c.currency))
    assert "fournisseur en retard de trois semaines" in text
    assert "la tâche removal ne tient dans aucune période de la fenêtre stop-1" in text
    assert "Recommandé : installer en deux arrêts de week-end" in text


def test_cost_and_loads_agree_with_the_baseline_and_the_load_screen(demo: WorkspaceState) -> None:
    tracking = tracking_of(demo)
    for project in (demo.project, two_weekend_stops(demo.project)):
        schedule = cpm(project, status_date=tracking.status_date, actuals=tracking.actuals)
        figures = plan_figures(project, tracking, runs=50)
        work = CalendarWorkTime(project)
        # the demo's phases, fixed costs, effort-driven task and half units, as a baseline costs them
        bac = make_baseline(project, plan_of(schedule), work, name="check", saved_at=START).bac
        assert figures.cost == pytest.approx(bac)
        assert plan_cost(project, schedule, work) == pytest.approx(bac)
        loads = {r.id: r for r in resource_loads(project, schedule)}
        for r in figures.resources:
            assert r.peak_units == pytest.approx(loads[r.id].peak_units)
            assert r.over_days == sum(1 for d in loads[r.id].days if d.over)
            assert r.work_hours == pytest.approx(sum(d.load_hours for d in loads[r.id].days))
        assert any(r.over_days for r in figures.resources)  # the demo's methods technician is overbooked

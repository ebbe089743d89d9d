"""Leveling on hand-worked examples: each expected plan is worked out in the comment beside it."""

from __future__ import annotations

from leveling_builders import SAFETY_S, STEADY, at, link, plan_of, project, resource, task, use, window
from validator import violations

from plantrack.scheduling.leveling import Method, Objective, ProgressInfo, Status, level
from plantrack.scheduling.model import Constraint, ConstraintKind


def test_two_tasks_on_one_electrician_run_one_after_the_other() -> None:
    # a (4h) and b (3h) both need the only electrician: finish = 7h; b (lower LFT tie) waits for a or
    # the reverse, either way one of them is delayed by elec.
    p = project(
        [task("a", 4), task("b", 3)],
        resources=[resource("elec", 1)],
        uses=[use("a", "elec"), use("b", "elec")],
    )
    r = level(p, time_limit=SAFETY_S, options=STEADY)
    assert r.status is Status.OPTIMAL
    assert r.objective == 7 and r.bound == 7 and r.gap == 0
    assert violations(p, plan_of(r)) == []
    delayed = [t for t in r.tasks.values() if t.delay_minutes > 0]
    assert len(delayed) == 1 and delayed[0].delayed_by == "elec"
    assert delayed[0].delay_minutes == 60 * (4 if delayed[0].id == "b" else 3)


def test_the_task_that_waits_names_the_resource() -> None:
    p = project(
        [task("a", 2), task("b", 2), task("c", 1)],
        links=[link("b", "c")],
        resources=[resource("elec", 1)],
        uses=[use("a", "elec"), use("b", "elec")],
    )
    # best: b [0,2), then c [2,3) and a [2,4) together: finish 4; a waited 2h for elec
    r = level(p, time_limit=SAFETY_S, options=STEADY)
    assert r.objective == 4
    assert r.tasks["c"].delay_minutes == 0
    assert r.tasks["a"].delay_minutes == 120 and r.tasks["a"].delayed_by == "elec"
    assert violations(p, plan_of(r)) == []


def test_fractional_units_share_capacity() -> None:
    # three halves of a fitter on a capacity of 1: two run together, the third after -> 2h + 2h = 4h
    p = project(
        [task("a", 2), task("b", 2), task("c", 2)],
        resources=[resource("fit", 1)],
        uses=[use("a", "fit", 0.5), use("b", "fit", 0.5), use("c", "fit", 0.5)],
    )
    r = level(p, time_limit=SAFETY_S, options=STEADY)
    assert r.objective == 4 and r.status is Status.OPTIMAL
    assert violations(p, plan_of(r)) == []


def test_absence_pushes_the_task_after_it() -> None:
    # elec is absent hours 1-10; a 3h job cannot fit in [0,1) so it starts at 10 and ends at 13
    p = project([task("a", 3)], resources=[resource("elec", 1, absent=[(1, 10)])], uses=[use("a", "elec")])
    r = level(p, time_limit=SAFETY_S, options=STEADY)
    assert r.tasks["a"].start == at(10) and r.objective == 13
    assert r.tasks["a"].delayed_by == "elec"
    assert violations(p, plan_of(r)) == []


def test_task_fits_wholly_inside_one_window_period() -> None:
    # window periods [2,5) and [20,30): a 4h task cannot fit the first, so it runs 20-24
    p = project([task("a", 4, window="stop")], windows=[window("stop", [(2, 5), (20, 30)])])
    r = level(p, time_limit=SAFETY_S, options=STEADY)
    assert r.tasks["a"].start == at(20)
    assert violations(p, plan_of(r)) == []


def test_all_link_types_with_lags_and_leads() -> None:
    p = project(
        [task("a", 4), task("b", 2), task("c", 3), task("d", 1), task("e", 2)],
        links=[
            link("a", "b", "SS", 1),
            link("a", "c", "FF", 2),
            link("b", "d", "SF", 3),
            link("a", "e", "FS", -2),
        ],
        resources=[resource("r", 1)],
        uses=[use("b", "r"), use("c", "r")],
    )
    r = level(p, time_limit=SAFETY_S, options=STEADY)
    assert violations(p, plan_of(r)) == []
    # b needs r [1,3) at the earliest; c must finish >= 6 and share r: c [3,6), finish = max(e: 2+2=4.., 6)
    assert r.objective == 6 and r.status is Status.OPTIMAL


def test_dates_are_respected() -> None:
    # b is pinned to [1,3) on r; c (r) must finish by 5, and [0,2) would overlap b: c [3,5);
    # a (r) starts no earlier than 5: a [5,7)
    p = project(
        [
            task("a", 2, constraints=(Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=at(5)),)),
            task("b", 2, constraints=(Constraint(kind=ConstraintKind.MUST_START_ON, date=at(1)),)),
            task("c", 2, constraints=(Constraint(kind=ConstraintKind.FINISH_NO_LATER_THAN, date=at(5)),)),
        ],
        resources=[resource("r", 1)],
        uses=[use("a", "r"), use("b", "r"), use("c", "r")],
    )
    r = level(p, time_limit=SAFETY_S, options=STEADY)
    assert [r.tasks[t].start for t in "abc"] == [at(5), at(1), at(3)]
    assert r.objective == 7
    assert violations(p, plan_of(r)) == []


def test_lateness_objective_meets_the_heavier_deadline() -> None:
    # a and b (3h each) share r; a's deadline 3h (priority 900), b's deadline 3h (priority 100):
    # a goes first, b is 3h late, weighted 100/500 -> 0.6 normal-priority hours
    p = project(
        [task("a", 3, deadline=at(3), priority=900), task("b", 3, deadline=at(3), priority=100)],
        resources=[resource("r", 1)],
        uses=[use("a", "r"), use("b", "r")],
    )
    r = level(p, objective=Objective.LATENESS, time_limit=SAFETY_S, options=STEADY)
    assert r.status is Status.OPTIMAL
    assert r.tasks["a"].finish == at(3) and r.tasks["b"].finish == at(6)
    assert abs(r.objective - 0.6) < 1e-9


def test_stability_stage_stays_on_the_reference() -> None:
    # a and b (2h) share r: both orders finish at 4h; the reference says b first, so b first it is
    p = project(
        [task("a", 2), task("b", 2)], resources=[resource("r", 1)], uses=[use("a", "r"), use("b", "r")]
    )
    for first, second in (("a", "b"), ("b", "a")):
        r = level(p, reference={first: 0, second: 120})
        assert r.objective == 4
        assert r.tasks[first].start_minute == 0 and r.tasks[second].start_minute == 120
        assert r.stability_moves == 0


def test_heuristic_method_gives_a_valid_plan_and_an_honest_status() -> None:
    # a, b, c (3h) each need 2 of r's 3 units: no two fit together, so 9h in sequence; the bounds do
    # not see it: critical path 3h, work 3 * 3h * 2 units / 3 units = 6h. Optimal, but not proven.
    p = project(
        [task("a", 3), task("b", 3), task("c", 3)],
        resources=[resource("r", 3)],
        uses=[use("a", "r", 2), use("b", "r", 2), use("c", "r", 2)],
    )
    r = level(p, method=Method.HEURISTIC)
    assert r.method is Method.HEURISTIC
    assert violations(p, plan_of(r)) == []
    assert r.objective == 9
    assert r.bound == 6
    assert r.status is Status.FEASIBLE and abs(r.gap - 3 / 9) < 1e-9


def test_progress_reports_incumbent_and_bound() -> None:
    seen: list[ProgressInfo] = []
    p = project(
        [task("a", 4), task("b", 3)], resources=[resource("r", 1)], uses=[use("a", "r"), use("b", "r")]
    )
    level(p, progress=seen.append)
    assert seen and seen[-1].incumbent == 7 and seen[-1].bound == 7 and seen[-1].gap == 0


def test_milestones_and_summaries() -> None:
    p = project(
        [task("phase", 0), task("a", 2, parent="phase"), task("b", 3, parent="phase"), task("done", 0)],
        links=[link("phase", "done")],
        resources=[resource("r", 1)],
        uses=[use("a", "r"), use("b", "r")],
    )
    r = level(p, time_limit=SAFETY_S, options=STEADY)
    assert set(r.tasks) == {"a", "b", "done"}
    assert r.tasks["done"].start == at(5) and r.objective == 5


def test_delay_is_passed_down_to_successors_with_its_cause() -> None:
    # a (3h) and b (3h) share r; c follows b. Optimal: a [0,3), b [3,6)? or b first: b [0,3), c [3,4),
    # a [3,6) -> finish 6 either way; pin a first with a must-start-on so b waits for r and c inherits it.
    p = project(
        [
            task("a", 3, constraints=(Constraint(kind=ConstraintKind.MUST_START_ON, date=at(0)),)),
            task("b", 3),
            task("c", 1),
        ],
        links=[link("b", "c")],
        resources=[resource("r", 1)],
        uses=[use("a", "r"), use("b", "r")],
    )
    r = level(p, time_limit=SAFETY_S, options=STEADY)
    assert r.tasks["b"].delayed_by == "r" and r.tasks["b"].delay_minutes == 180
    assert r.tasks["c"].delayed_by == "r" and r.tasks["c"].delay_minutes == 180


def test_energy_bound_proves_a_plan_the_critical_path_cannot() -> None:
    # cap 2: a needs 2 units for 4h, b and c 1 unit for 2h each, no links. Critical path 4h; the work
    # is 2*4 + 2 + 2 = 12 unit-hours on 2 units -> at least 6h; b and c side by side after a: 6h.
    p = project(
        [task("a", 4), task("b", 2), task("c", 2)],
        resources=[resource("r", 2)],
        uses=[use("a", "r", 2), use("b", "r"), use("c", "r")],
    )
    r = level(p, method=Method.HEURISTIC)
    assert r.objective == 6 and r.bound == 6 and r.status is Status.OPTIMAL
    seen: list[ProgressInfo] = []
    default = level(p, time_limit=SAFETY_S, options=STEADY, progress=seen.append)
    # the warm start meets the bound: no CP-SAT run, and the result says which method made the plan
    assert default.method is Method.HEURISTIC and default.status is Status.OPTIMAL
    assert seen and seen[-1].incumbent == 6 and seen[-1].bound == 6 and seen[-1].gap == 0
    assert violations(p, plan_of(default)) == []

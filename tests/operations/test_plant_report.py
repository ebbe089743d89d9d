"""The plant's portfolio: each project's figures, the shared crew's load across projects, the line stop's
occupation and the open actions by owner, on the hand-worked plant of `plant_fixtures`, and the shared
load against a minute-by-minute count on random plants."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest

from builders import link, plan, resource, task, use
from plant_fixtures import STATUS, TODAY, members, plant, press_state, retrofit_state
from plantrack.operations.plant_report import portfolio, resolved
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.load import resource_loads
from plantrack.scheduling.model import Plant, PlantProject
from plantrack.scheduling.portfolio_load import Member, portfolio_load
from plantrack.scheduling.tracking.records import Decision, GateStatus

D = dt.datetime
WEEK_9, WEEK_10 = dt.date(2027, 3, 1), dt.date(2027, 3, 8)


def test_each_project_line_is_hand_counted() -> None:
    shared = plant()
    retrofit, press = portfolio(shared, members(shared), today=TODAY).projects
    # A1 50 % at Wed 17:00: 1.5d left from Thu 8:00 -> Fri 12:00; A2 2d -> Tue 9 12:00 (GA);
    # A3 1d -> Wed 10 12:00, against Mon 8 17:00 in the baseline: Tue 8h + Wed 4h = 1.5 days late
    assert retrofit.status_date == STATUS
    assert retrofit.finish == D(2027, 3, 10, 12) and retrofit.baseline_finish == D(2027, 3, 8, 17)
    assert retrofit.slip_days == 1.5
    # BAC 2400 (A1 24h x 100); PV at Wed 17:00 = 2400, EV = 50 % = 1200, AC = 1500
    assert retrofit.spi == pytest.approx(1200 / 2400) and retrofit.cpi == pytest.approx(1200 / 1500)
    assert retrofit.percent_complete == pytest.approx(50.0)
    gate = retrofit.next_gate
    assert gate is not None and (gate.task, gate.planned, gate.status, gate.decision) == (
        "GA",
        D(2027, 3, 9, 12),
        GateStatus.PENDING,
        None,
    )
    assert (retrofit.open_actions, retrofit.overdue_actions) == (1, 1)
    # the project without a baseline: its plan's finish, no slip nor indices; B1 Wed-Mon, GB deferred
    assert press.status_date is None and press.finish == D(2027, 3, 8, 17)
    assert (press.slip_days, press.spi, press.cpi, press.baseline) == (None, None, None, None)
    gate = press.next_gate
    assert gate is not None and (gate.task, gate.decision, gate.decided_on) == (
        "GB",
        Decision.DEFERRED,
        D(2027, 3, 4, 10),
    )
    assert (press.open_actions, press.overdue_actions) == (1, 0)


def test_phases_and_milestones_carry_the_baseline() -> None:
    shared = plant()
    retrofit, press = portfolio(shared, members(shared), today=TODAY).projects
    # no phase in either plan: the whole project is one bar
    (whole,) = retrofit.phases
    assert (whole.start, whole.finish) == (D(2027, 3, 1, 8), D(2027, 3, 10, 12))
    assert (whole.baseline_start, whole.baseline_finish) == (D(2027, 3, 1, 8), D(2027, 3, 8, 17))
    (ga,) = retrofit.milestones
    assert ga.gate and ga.finish == D(2027, 3, 9, 12) and ga.baseline_finish == D(2027, 3, 5, 17)
    assert press.phases[0].baseline_start is None


def test_a_top_level_phase_is_a_bar_of_the_row() -> None:
    shared = plant()
    project = plan(
        [task("P"), task("X", "2d", parent="P"), task("Y", "1d", parent="P")],
        [("X", "Y")],
        assignments=[use("X", "elec")],
        name="Phased",
    )
    member = PlantProject(workspace="phased.plantrack.json")
    (line,) = portfolio(
        shared, [(member, replace(press_state(), project=project, gates=()))], today=TODAY
    ).projects
    (phase,) = line.phases
    assert (phase.id, phase.start, phase.finish) == ("P", D(2027, 3, 1, 8), D(2027, 3, 3, 17))


def test_the_shared_crew_is_counted_across_projects() -> None:
    shared = plant()
    result = portfolio(shared, members(shared), today=TODAY)
    (elec,) = result.loads
    week9, week10 = elec.weeks
    # week 9: A1's bar Mon 8:00 -> Fri 12:00 (36h) and B1 Wed -> Fri (24h), 40h of capacity;
    # both book the one electrician on Wed, Thu and Fri morning: 2 units of 1
    assert (week9.start, week9.load_hours, week9.capacity_hours) == (WEEK_9, 60.0, 40.0)
    assert week9.over and (week9.over_units, week9.available_units) == (2.0, 1.0)
    assert [(p.project, p.load_hours, p.tasks) for p in week9.projects] == [
        ("retrofit.plantrack.json", 36.0, ("A1",)),
        ("press.plantrack.json", 24.0, ("B1",)),
    ]
    # week 10: B1's last day only
    assert (week10.start, week10.load_hours, week10.capacity_hours, week10.over) == (
        WEEK_10,
        8.0,
        40.0,
        False,
    )
    assert [(p.project, p.load_hours) for p in week10.projects] == [("press.plantrack.json", 8.0)]


def test_the_line_stop_is_occupied_by_who_works_in_it() -> None:
    shared = plant()
    (stop,) = portfolio(shared, members(shared), today=TODAY).windows
    # Mon 8 - Fri 12 March: the electrician's 5 x 8h; B1's Monday only (A3 is bound to it, unstaffed)
    (crew,) = stop.crews
    assert (crew.resource, crew.load_hours, crew.capacity_hours, crew.beyond) == ("elec", 8.0, 40.0, False)
    assert [(p.project, p.load_hours, p.tasks) for p in crew.projects] == [
        ("press.plantrack.json", 8.0, ("B1",))
    ]
    assert stop.tasks == (("retrofit.plantrack.json", "A3"), ("press.plantrack.json", "B1"))


def test_open_actions_by_owner_across_projects() -> None:
    shared = plant()
    (martin,) = portfolio(shared, members(shared), today=TODAY).owners
    # one owner spelt two ways; the done action of S. Roy is not open
    assert martin.owner == "J. Martin" and martin.overdue == 1
    assert [(a.project_name, a.id, a.overdue) for a in martin.actions] == [
        ("Retrofit", "A1", True),
        ("Press", "A1", False),
    ]


def test_an_earlier_status_date_is_used_for_every_project() -> None:
    shared = plant()
    retrofit, press = portfolio(shared, members(shared), today=TODAY, status_date=D(2027, 3, 2, 17)).projects
    # nothing recorded by Tue 17:00 for A1: the plan as recorded then; GB's decision came later
    assert retrofit.status_date == D(2027, 3, 2, 17)
    assert press.next_gate is not None and press.next_gate.decision is None


def test_a_state_already_resolved_is_taken_as_it_is() -> None:
    shared = plant()
    state = retrofit_state(shared)
    once = resolved(state.project, shared)
    assert resolved(once, shared) == once


def test_a_project_shadowing_a_plant_id_is_refused() -> None:
    shared = plant()
    state = press_state()
    bad = replace(state, project=replace(state.project, resources=(resource("elec", capacity=3),)))
    with pytest.raises(InvalidInput) as caught:
        portfolio(shared, [(shared.projects[1], bad)], today=TODAY)
    assert caught.value.code() == "plant-id-shadowed"
    assert caught.value.problems()[0].location == "press.plantrack.json"


def test_a_project_whose_plan_does_not_hold_is_named() -> None:
    shared = plant()
    state = press_state()
    cycle = replace(state.project, links=(*state.project.links, link("GB", "B1")))
    with pytest.raises(InvalidInput) as caught:
        portfolio(shared, [(shared.projects[1], replace(state, project=cycle))], today=TODAY)
    assert caught.value.code() == "dep-cycle"
    assert {p.location for p in caught.value.problems()} == {"press.plantrack.json"}


def test_one_project_alone_gives_its_own_load() -> None:
    shared = plant()
    project = resolved(retrofit_state(shared).project, shared)
    schedule = cpm(project)
    (alone,) = portfolio_load(shared, [Member(key="r", project=project, schedule=schedule)]).loads
    (own,) = [r for r in resource_loads(project, schedule) if r.id == "elec"]
    assert [(w.start, w.load_hours, w.capacity_hours, w.over) for w in alone.weeks] == [
        (w.start, w.load_hours, w.capacity_hours, w.over) for w in own.weeks
    ]


def _brute_force(shared: Plant, booked: list[Member]) -> dict[dt.date, tuple[float, bool]]:
    """Hours per ISO week and whether more units than one are booked at any minute, minute by minute.

    Standard calendar only: a task works 8-12 and 13-17, Monday to Friday, within its bar.
    """
    units: dict[dt.datetime, float] = {}
    for m in booked:
        rows = {r.id: r for r in m.schedule.tasks}
        for a in m.project.assignments:
            row = rows[a.task]
            t = row.early_start_at
            while t < row.early_finish_at:
                if t.weekday() < 5 and (8 <= t.hour < 12 or 13 <= t.hour < 17):
                    units[t] = units.get(t, 0.0) + a.units
                t += dt.timedelta(minutes=15)
    weeks: dict[dt.date, tuple[float, bool]] = {}
    for t, u in units.items():
        monday = t.date() - dt.timedelta(days=t.weekday())
        hours, over = weeks.get(monday, (0.0, False))
        weeks[monday] = (hours + u / 4, over or u > shared.resources[0].capacity + 1e-9)
    return weeks


@pytest.mark.parametrize("seed", range(6))
def test_the_shared_load_matches_a_quarter_hour_count(seed: int) -> None:
    rng = random.Random(seed)
    shared = Plant(name="P", resources=(resource("crew", capacity=rng.choice([1, 2])),))
    booked = []
    for k in range(3):
        tasks = [task(f"T{i}", f"{rng.randint(1, 12) * 2}h") for i in range(4)]
        project = plan(
            tasks,
            [(f"T{i}", f"T{i + 1}") for i in range(3) if rng.random() < 0.5],
            assignments=[
                use(f"T{i}", "crew", rng.choice([0.5, 1.0])) for i in range(4) if rng.random() < 0.8
            ],
            start=D(2027, 3, 1, 8) + dt.timedelta(days=rng.randint(0, 9)),
            name=f"p{k}",
        )
        project = resolved(project, shared)
        booked.append(Member(key=f"p{k}", project=project, schedule=cpm(project)))
    (crew,) = portfolio_load(shared, booked).loads
    expected = _brute_force(shared, booked)
    got = {w.start: (w.load_hours, w.over) for w in crew.weeks if w.load_hours}
    assert got.keys() == expected.keys()
    for week, (hours, over) in expected.items():
        assert got[week][0] == pytest.approx(hours) and got[week][1] == over
        by_project = sum(p.load_hours for w in crew.weeks if w.start == week for p in w.projects)
        assert by_project == pytest.approx(hours)

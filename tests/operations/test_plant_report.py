"""The plant's portfolio: each project's figures, the shared crew's load across projects, the line stop's
occupation and the open actions by owner, on the hand-worked plant of `plant_fixtures`, and the shared
load against a minute-by-minute count on random plants."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from builders import link, plan, resource, task, use
from plant_fixtures import STATUS, TODAY, members, plant, press_state, retrofit_state
from plantrack.operations.plant_report import portfolio, resolved
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.line_stops import week_overloads
from plantrack.scheduling.model import Calendar, Period, Plant, PlantProject, TimeRange, Window
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
    assert (week9.start, week9.load_hours, week9.capacity_hours, week9.over) == (WEEK_9, 60.0, 40.0, True)
    assert week9.by_project == (("retrofit.plantrack.json", 36.0), ("press.plantrack.json", 24.0))
    (run,) = week_overloads(elec, week9)
    assert (run.start, run.end, run.peak_units, run.capacity_units) == (
        dt.date(2027, 3, 3),
        dt.date(2027, 3, 6),
        2.0,
        1.0,
    )
    assert run.tasks == (("retrofit.plantrack.json", "A1"), ("press.plantrack.json", "B1"))
    # week 10: B1's last day only
    assert (week10.start, week10.load_hours, week10.capacity_hours, week10.over) == (
        WEEK_10,
        8.0,
        40.0,
        False,
    )
    assert week10.by_project == (("press.plantrack.json", 8.0),) and week_overloads(elec, week10) == ()


def test_a_shared_crew_without_a_calendar_works_on_the_plant_calendar() -> None:
    every_day = Calendar(id="every-day", weekdays=(0, 1, 2, 3, 4, 5, 6))
    shared = plant(calendar="every-day", calendars=(every_day,))
    (elec,) = portfolio(shared, members(shared), today=TODAY).loads
    # 7 days of 8 hours a week, where the projects' standard calendar gives 5; the work is the same
    assert [w.capacity_hours for w in elec.weeks] == [56.0, 56.0]
    assert [w.load_hours for w in elec.weeks] == [60.0, 8.0]


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


def test_a_day_crew_working_a_weekend_stop_has_the_weekend() -> None:
    crew = Calendar(id="crew", weekdays=(0, 1, 2, 3, 4, 5, 6), hours=(TimeRange(start=0, end=24 * 60),))
    weekend = Window(id="wk", name="Weekend stop", periods=(Period(start=D(2027, 3, 6), end=D(2027, 3, 8)),))
    shared = Plant(
        name="Plant",
        calendars=(crew,),
        resources=(resource("elec", name="Electricians", capacity=2),),
        windows=(weekend,),
    )
    project = plan([task("T", "16h", calendar="crew", window="wk")], assignments=[use("T", "elec")])
    member = PlantProject(workspace="p.plantrack.json")
    (stop,) = portfolio(
        shared, [(member, replace(press_state(), project=project, gates=()))], today=TODAY
    ).windows
    # T runs Sat 00:00 -> 16:00 on the crew's calendar; the crew's own standard days give nothing on a
    # weekend, its task's calendar gives the whole 48 h: 2 electricians x 48 h
    (elec,) = stop.crews
    assert (elec.load_hours, elec.capacity_hours, elec.beyond) == (16.0, 96.0, False)

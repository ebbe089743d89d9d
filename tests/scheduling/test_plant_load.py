"""The plant's shared load against a hand-worked plant and a minute-by-minute count on random small plants."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest

from builders import chain, period, plan, task, use
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.model import Calendar, Plant, Project, Resource, TimeRange
from plantrack.scheduling.plant_load import MemberPlan, SharedLoad, plant_loads
from plantrack.scheduling.shared import resolve

MONDAY = dt.datetime(2027, 1, 4)
CREW = Calendar(id="crew", weekdays=(0, 1, 2, 3, 4, 5, 6), hours=(TimeRange(start=0, end=24 * 60),))


def _members(plant: Plant, *projects: Project) -> list[MemberPlan]:
    out = []
    for project in projects:
        resolved = resolve(project, plant)
        out.append(MemberPlan(name=project.name, project=resolved, schedule=cpm(resolved)))
    return out


def test_a_hand_worked_plant() -> None:
    """elec (2 units, standard calendar) is away on Friday 8 January.

    A (from Mon 4): a1 16 h x 2 units Mon-Tue, a2 16 h x 1 Wed-Thu, a3 8 h x 1 pushed past the absence to
    Mon 11. B (from Tue 5): b1 8 h x 1 Tue, b2 8 h x 1 Wed. Tuesday books 2 + 1 = 3 of 2 units; Wednesday
    1 + 1 = 2 of 2 is full, not over. Week 1: A 32 + 16 = 48 h, B 16 h; capacity 4 days x 8 h x 2 = 64 h.
    Week 2: A 8 h of 80 h.
    """
    elec = Resource(
        id="elec",
        name="Electricians",
        capacity=2,
        calendar="standard",
        absences=(period(dt.datetime(2027, 1, 8), dt.datetime(2027, 1, 9)),),
    )
    plant = Plant(name="Plant", resources=(elec,))
    a = plan(
        [task("a1", "16h"), task("a2", "16h"), task("a3", "8h")],
        chain("a1", "a2", "a3"),
        assignments=[use("a1", "elec", 2), use("a2", "elec"), use("a3", "elec")],
        name="A",
        start=MONDAY + dt.timedelta(hours=8),
    )
    b = plan(
        [task("b1", "8h"), task("b2", "8h")],
        chain("b1", "b2"),
        assignments=[use("b1", "elec"), use("b2", "elec")],
        name="B",
        start=MONDAY + dt.timedelta(days=1, hours=8),
    )
    [load] = plant_loads(_members(plant, a, b), [elec])
    assert load.projects == ("A", "B")
    assert [(w.start, w.load_hours, w.capacity_hours, w.by_project, w.over) for w in load.weeks] == [
        (dt.date(2027, 1, 4), 64.0, 64.0, (("A", 48.0), ("B", 16.0)), True),
        (dt.date(2027, 1, 11), 8.0, 80.0, (("A", 8.0),), False),
    ]
    assert load.weeks[0].peak_units == 3.0
    [over] = load.overallocations
    assert (over.start, over.end, over.peak_units, over.capacity_units) == (
        dt.date(2027, 1, 5),
        dt.date(2027, 1, 6),
        3.0,
        2.0,
    )
    assert over.tasks == (("A", "a1"), ("B", "b1")) and over.projects == ("A", "B")


def test_a_resource_no_member_uses_has_no_load() -> None:
    spare = Resource(id="spare", calendar="standard")
    plant = Plant(name="Plant", resources=(spare,))
    members = _members(plant, plan([task("t", "1d")], name="A", start=MONDAY))
    [load] = plant_loads(members, [spare])
    assert load.projects == () and load.overallocations == ()
    assert all(w.load_hours == 0 for w in load.weeks)


# ---------------------------------------------------------------- minute by minute


def _works(calendar: str, when: dt.datetime) -> bool:
    """Working time written out from the two calendars' definitions (not through the calendar engine)."""
    if calendar == "crew":
        return True
    minute = when.hour * 60 + when.minute
    return when.weekday() < 5 and (480 <= minute < 720 or 780 <= minute < 1020)


def _away(res: Resource, when: dt.datetime) -> bool:
    return any(p.start <= when < p.end for p in res.absences)


def _random_plant(rng: random.Random) -> tuple[Plant, list[Project]]:
    resources = tuple(
        Resource(
            id=f"r{i}",
            capacity=rng.choice((1, 2, 3)),
            calendar=rng.choice(("standard", "crew")),
            absences=(
                (
                    period(
                        MONDAY + dt.timedelta(days=rng.randrange(10), hours=rng.randrange(24)),
                        MONDAY + dt.timedelta(days=10, hours=rng.randrange(1, 48)),
                    ),
                )
                if rng.random() < 0.4
                else ()
            ),
        )
        for i in range(2)
    )
    plant = Plant(name="Plant", calendars=(CREW,), resources=resources)
    projects = []
    for p in range(rng.randint(2, 3)):
        count = rng.randint(2, 5)
        tasks = [task(f"t{i}", f"{rng.randint(1, 24)}h") for i in range(count)]
        links = [(f"t{j}", f"t{i}") for i in range(1, count) for j in range(i) if rng.random() < 0.3]
        uses = [
            use(f"t{i}", f"r{k}", rng.choice([u for u in (0.5, 1.0, 2.0) if u <= resources[k].capacity]))
            for i in range(count)
            for k in range(2)
            if rng.random() < 0.5
        ]
        start = MONDAY + dt.timedelta(days=rng.randrange(4), hours=rng.choice((0, 8, 10)))
        projects.append(plan(tasks, links, assignments=uses, name=f"P{p}", start=start))
    return plant, projects


def _brute_force(plant: Plant, members: list[MemberPlan], res: Resource) -> dict[str, object]:
    """Week by week: hours booked per project, capacity hours, and each over-allocated day's tasks."""
    origin = min(m.project.origin for m in members)
    booked_by: list[tuple[str, str, float, dt.datetime, dt.datetime, list[Resource]]] = []
    for m in members:
        rows = {r.id: r for r in m.schedule.tasks}
        resources = m.project.resource_map()
        for a in m.project.assignments:
            if a.resource != res.id:
                continue
            row = rows[a.task]
            people = [resources[x.resource] for x in m.project.assignments if x.task == a.task]
            booked_by.append((m.name, a.task, a.units, row.early_start_at, row.early_finish_at, people))
    if not booked_by:
        return {"weeks": {}, "over": {}}
    first = min(b[3] for b in booked_by)
    last = max(b[4] for b in booked_by)
    lo = dt.datetime.combine(first.date() - dt.timedelta(days=first.weekday()), dt.time())
    hi = dt.datetime.combine(last.date() + dt.timedelta(days=7 - last.weekday()), dt.time())
    assert lo >= origin - dt.timedelta(days=7)
    load: dict[dt.date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    capacity: dict[dt.date, float] = defaultdict(float)
    over: dict[dt.date, set[tuple[str, str]]] = defaultdict(set)
    when = lo
    while when < hi:
        week = when.date() - dt.timedelta(days=when.weekday())
        available = res.capacity if _works(res.calendar or "", when) and not _away(res, when) else 0.0
        capacity[week] += available / 60
        total = 0.0
        now = []
        for name, tid, units, start, finish, people in booked_by:
            working = all(_works(p.calendar or "", when) and not _away(p, when) for p in people)
            if start <= when < finish and working:
                load[week][name] += units / 60
                total += units
                now.append((name, tid))
        if total > available + 1e-9:
            over[when.date()].update(now)
        when += dt.timedelta(minutes=1)
    weeks = {w: (dict(load[w]), capacity[w]) for w in capacity}
    return {"weeks": weeks, "over": dict(over)}


def _as_counted(load: SharedLoad) -> dict[str, object]:
    weeks = {w.start: (dict(w.by_project), w.capacity_hours) for w in load.weeks}
    over: dict[dt.date, set[tuple[str, str]]] = {}
    for o in load.overallocations:
        day = o.start
        while day < o.end:
            over[day] = set(o.tasks)
            day += dt.timedelta(days=1)
    return {"weeks": weeks, "over": over}


@pytest.mark.parametrize("seed", range(12))
def test_load_matches_a_minute_by_minute_count(seed: int) -> None:
    plant, projects = _random_plant(random.Random(seed))
    members = _members(plant, *projects)
    resolved = {r.id: r for r in members[0].project.resources}
    loads = plant_loads(members, [resolved[r.id] for r in plant.resources])
    for load in loads:
        expected = _brute_force(plant, members, resolved[load.id])
        got = _as_counted(load)
        exp_weeks: dict[dt.date, tuple[dict[str, float], float]] = expected["weeks"]  # type: ignore[assignment]
        got_weeks: dict[dt.date, tuple[dict[str, float], float]] = got["weeks"]  # type: ignore[assignment]
        for week, (hours, cap) in exp_weeks.items():
            mine_hours, mine_cap = got_weeks[week]
            assert mine_cap == pytest.approx(cap), (seed, load.id, week)
            assert mine_hours == pytest.approx({k: v for k, v in hours.items() if v}), (seed, load.id, week)
        assert all(not h for week, (h, _c) in got_weeks.items() if week not in exp_weeks)
        # a stretch names the tasks booked while over capacity on any of its days
        exp_over: dict[dt.date, set[tuple[str, str]]] = expected["over"]  # type: ignore[assignment]
        assert set(got["over"]) == set(exp_over), (seed, load.id)  # type: ignore[arg-type]
        for o in load.overallocations:
            days = [d for d in exp_over if o.start <= d < o.end]
            assert set(o.tasks) == set().union(*(exp_over[d] for d in days)), (seed, load.id)

"""The plants the plant benchmarks level, load and report on: one module, so that each benchmark's plant
is made one way only. Each generator is seeded; the same arguments give the same plant.

- `load_plant` (bench/plant.py, `plant load`): projects of layers of 10 tasks, 4 h to 5 d, one task
  in eight on the crew's round-the-clock calendar in one of the line stops (a weekend every four
  weeks), shared crews of capacity 1 to 4 (a third with a week away), projects a week apart on a
  Monday-Friday calendar with French public holidays; written as workspaces and a plant file.
- `leveling_plant` (bench/plant_level.py, `plant level`): layered networks of 5 tasks a layer, 1 to
  5 working days, each task on one or two of 15 shared crews (capacities 2 to 4), about 2 % of the
  tasks unlinked 1-3-day packages bound to one of 4 two-week line stops, priorities 1 to 5; and
  `psplib_plant`: PSPLIB instances as projects sharing the instances' resources.
- `report_plant` (bench/plant_report.py, `plant export html`): 4 phases closed by a gate, each leaf on
  one of 15 crews of 2, a baseline, progress a month in, a gate decision and open actions.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from plantrack.formats.psplib import load_psplib
from plantrack.operations.analysis import plan_of
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.leveling.plant.members import PlantMember
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Link,
    Period,
    Plant,
    PlantProject,
    Project,
    Resource,
    Task,
    TimeRange,
    Window,
)
from plantrack.scheduling.shared import resolve
from plantrack.scheduling.tracking.baseline import make_baseline
from plantrack.scheduling.tracking.records import Action, Decision, GateDecision, ProgressRecord
from plantrack.scheduling.tracking.worktime import CalendarWorkTime
from plantrack.store import WorkspaceState, create_workspace
from plantrack.store.plant import plant_path, write_plant

#: Every generated project starts on this Monday (or a whole number of weeks later).
START = dt.datetime(2027, 1, 4, 8)

# -- `plant load`: bench/plant.py ------------------------------------------------------------------

DAY_SHIFT = Calendar(id="plant", name="Plant day shift", holidays="FR")

CREW = Calendar(
    id="crew", name="Shutdown crew", weekdays=(0, 1, 2, 3, 4, 5, 6), hours=(TimeRange(start=0, end=24 * 60),)
)


def _load_windows(count: int) -> tuple[Window, ...]:
    """Each line stops one weekend (Friday 20:00 to Monday 06:00) every four weeks, lines a week apart."""
    out = []
    for w in range(count):
        first = dt.datetime(2027, 1, 8, 20) + dt.timedelta(weeks=w)
        periods = tuple(
            Period(start=first + dt.timedelta(weeks=4 * k), end=first + dt.timedelta(weeks=4 * k, hours=58))
            for k in range(26)
        )
        out.append(Window(id=f"stop-{w + 1}", name=f"Line {w + 1} stop", periods=periods))
    return tuple(out)


def _load_resources(count: int, rnd: random.Random) -> tuple[Resource, ...]:
    out = []
    for r in range(count):
        absences: tuple[Period, ...] = ()
        if r % 3 == 0:  # a third of the crews have a week away
            away = START + dt.timedelta(weeks=rnd.randrange(4, 30))
            absences = (Period(start=away, end=away + dt.timedelta(days=5), reason="training"),)
        out.append(
            Resource(id=f"crew{r}", name=f"Crew {r}", capacity=rnd.choice((1, 2, 2, 3, 4)), absences=absences)
        )
    return tuple(out)


def _load_project(index: int, tasks: int, plant: Plant, rnd: random.Random) -> Project:
    """Layers of 10 tasks, each after 1-2 tasks of the layer above; one task in eight in a line stop."""
    width = 10
    items, links, uses = [], [], []
    capacity = {r.id: r.capacity for r in plant.resources}
    for i in range(tasks):
        in_stop = i >= width and rnd.random() < 0.125
        items.append(
            Task(
                id=f"t{i}",
                name=f"Task {i}",
                duration=Duration(
                    minutes=rnd.choice((240, 480, 960))
                    if in_stop
                    else rnd.choice((240, 480, 960, 1440, 2400))
                ),
                window=rnd.choice(plant.windows).id if in_stop else None,
                calendar="crew" if in_stop else None,
            )
        )
        if i >= width:
            layer = i // width
            for p in rnd.sample(range((layer - 1) * width, layer * width), rnd.choice((1, 2))):
                links.append(Link(predecessor=f"t{p}", successor=f"t{i}"))
        for crew in rnd.sample(list(capacity), rnd.choice((1, 1, 2))):
            uses.append(
                Assignment(task=f"t{i}", resource=crew, units=min(capacity[crew], rnd.choice((1, 1, 2))))
            )
    return Project(
        name=f"Project {index + 1}",
        start=START + dt.timedelta(weeks=index % 10),
        calendar="plant",
        tasks=tuple(items),
        links=tuple(links),
        assignments=tuple(uses),
    )


def load_plant(
    folder: Path,
    *,
    projects: int = 20,
    tasks: int = 100,
    resources: int = 15,
    windows: int = 4,
    seed: int = 1,
) -> Path:
    """Write a plant and its member workspaces in `folder`; return the plant file."""
    rnd = random.Random(seed)
    plant = Plant(
        name="Bench plant",
        calendar="plant",
        calendars=(DAY_SHIFT, CREW),
        resources=_load_resources(resources, rnd),
        windows=_load_windows(windows),
    )
    members = []
    for index in range(projects):
        name = f"project{index + 1:02d}.plantrack.json"
        create_workspace(folder / name, WorkspaceState(project=_load_project(index, tasks, plant, rnd)))
        members.append(PlantProject(workspace=name, priority=1 + index % 3))
    path = plant_path(folder, "bench")
    write_plant(path, Plant(**{**_fields(plant), "projects": tuple(members)}))
    return path


def _fields(plant: Plant) -> dict[str, object]:
    return {name: getattr(plant, name) for name in ("name", "calendar", "calendars", "resources", "windows")}


# -- `plant level`: bench/plant_level.py ------------------------------------------------------------

DAY = 480

PSPLIB = (
    Path(os.environ.get("PLANTRACK_SHARED") or Path(__file__).resolve().parents[2] / "shared")
    / "data"
    / "psplib"
)


def shared_part(resources: int, windows: int, seed: int) -> tuple[list[Resource], list[Window]]:
    rng = random.Random(seed)
    crews = [
        Resource(id=f"crew{k}", name=f"Crew {k}", capacity=float(rng.randint(2, 4))) for k in range(resources)
    ]
    stops = []
    for w in range(windows):
        begin = START + dt.timedelta(days=28 + 70 * w)
        stops.append(
            Window(
                id=f"stop{w}",
                name=f"Line stop {w}",
                periods=(Period(start=begin, end=begin + dt.timedelta(days=14)),),
            )
        )
    return crews, stops


def leveling_project(
    name: str, tasks: int, crews: Sequence[Resource], stops: Sequence[Window], seed: int
) -> Project:
    rng = random.Random(seed)
    rows: list[Task] = []
    links: list[Link] = []
    uses: list[Assignment] = []
    layer: list[str] = []
    previous: list[str] = []
    for n in range(tasks):
        tid = f"T{n}"
        if stops and rng.random() < 0.02:
            # a work package of a line stop: 1 to 3 days, one crew, no link holding it outside the stop
            window = rng.choice(stops).id
            rows.append(
                Task(
                    id=tid,
                    name=f"Task {n}",
                    duration=Duration(minutes=DAY * rng.randint(1, 3)),
                    window=window,
                )
            )
            uses.append(Assignment(task=tid, resource=rng.choice(list(crews)).id, units=1.0))
            continue
        rows.append(Task(id=tid, name=f"Task {n}", duration=Duration(minutes=DAY * rng.randint(1, 5))))
        for crew in rng.sample(list(crews), rng.randint(1, 2)):
            uses.append(Assignment(task=tid, resource=crew.id, units=1.0))
        for pred in rng.sample(previous, min(len(previous), rng.randint(1, 2))):
            links.append(Link(predecessor=pred, successor=tid))
        layer.append(tid)
        if len(layer) == 5:
            previous, layer = layer, []
    return Project(
        name=name,
        start=START,
        tasks=tuple(rows),
        links=tuple(links),
        assignments=tuple(uses),
        resources=tuple(crews),
        windows=tuple(stops),
    )


def leveling_plant(projects: int, tasks: int, seed: int = 1) -> list[PlantMember]:
    crews, stops = shared_part(15, 4, seed)
    rng = random.Random(seed)
    return [
        PlantMember(
            project=leveling_project(f"Project {p}", tasks, crews, stops, seed * 1000 + p),
            priority=rng.randint(1, 5),
        )
        for p in range(projects)
    ]


def psplib_plant(names: Sequence[str], multiplier: float, seed: int) -> list[PlantMember]:
    projects = [load_psplib(PSPLIB / name.split("_")[0][:3] / f"{name}.sm") for name in names]
    capacity: dict[str, float] = {}
    for p in projects:
        for r in p.resources:
            capacity[r.id] = max(capacity.get(r.id, 0.0), r.capacity)
    shared = tuple(replace(r, capacity=round(capacity[r.id] * multiplier)) for r in projects[0].resources)
    rng = random.Random(seed)
    return [
        PlantMember(project=replace(p, name=name, resources=shared), priority=rng.randint(1, 3))
        for p, name in zip(projects, names, strict=True)
    ]


PSPLIB_PLANTS = {
    "j30 x5": ["j301_1", "j302_1", "j303_1", "j304_1", "j305_1"],
    "j30 x10": [f"j30{k}_2" for k in range(1, 10)] + ["j3010_2"],
    "j60 x5": ["j601_1", "j602_1", "j603_1", "j604_1", "j605_1"],
}


def without_windows(members: list[PlantMember]) -> list[PlantMember]:
    """The plant with every task freed from its window (the windows themselves kept)."""
    return [
        replace(m, project=replace(m.project, tasks=tuple(replace(t, window=None) for t in m.project.tasks)))
        for m in members
    ]


# -- `plant export html`: bench/plant_report.py -----------------------------------------------------

PHASES = 4

REPORT_CREWS = 15

OWNERS = ("J. Martin", "S. Roy", "A. Petit", "L. Moreau", "K. Haddad", "M. Blanc")


def report_shared(projects: int) -> Plant:
    resources = tuple(
        Resource(id=f"r{i}", name=f"Shared crew {i}", capacity=2.0, rate=60.0) for i in range(REPORT_CREWS)
    )
    windows = tuple(
        Window(
            id=f"stop{q}",
            name=f"Line stop Q{q + 1}",
            periods=(Period(start=dt.datetime(2027, 2 + 3 * q, 8), end=dt.datetime(2027, 2 + 3 * q, 15)),),
        )
        for q in range(4)
    )
    members = tuple(
        PlantProject(workspace=f"p{k:02d}.plantrack.json", priority=1 + k % 3) for k in range(projects)
    )
    return Plant(name="Generated plant", resources=resources, windows=windows, projects=members)


def report_project(k: int, n_tasks: int, rng: random.Random) -> Project:
    """Phases of chained and forked tasks, each closed by a gate; each leaf on one shared crew."""
    per_phase = max(2, n_tasks // PHASES - 2)  # the phase itself and its gate make up the rest
    tasks: list[Task] = []
    links: list[Link] = []
    assignments: list[Assignment] = []
    previous_gate: str | None = None
    for p in range(PHASES):
        phase = f"ph{p}"
        tasks.append(Task(id=phase, name=f"Phase {p + 1}"))
        ids: list[str] = []
        for i in range(per_phase):
            tid = f"t{p}-{i}"
            hours = 8 * rng.choice((1, 2, 3, 5))
            tasks.append(
                Task(
                    id=tid, name=f"Task {p + 1}.{i + 1}", duration=Duration(minutes=60 * hours), parent=phase
                )
            )
            if ids:
                links.append(Link(predecessor=rng.choice(ids[-4:]), successor=tid))
            elif previous_gate:
                links.append(Link(predecessor=previous_gate, successor=tid))
            assignments.append(Assignment(task=tid, resource=f"r{rng.randrange(REPORT_CREWS)}", units=1.0))
            ids.append(tid)
        gate = f"g{p}"
        tasks.append(Task(id=gate, name=f"Gate {p + 1}", milestone=True, gate=True, parent=phase))
        links += [Link(predecessor=t, successor=gate) for t in ids[-3:]]
        previous_gate = gate
    return Project(
        name=f"Improvement project {k + 1:02d}",
        start=dt.datetime(2027, 1, 4, 8) + dt.timedelta(weeks=2 * k),
        tasks=tuple(tasks),
        links=tuple(links),
        assignments=tuple(assignments),
    )


def tracked_state(project: Project, shared: Plant, rng: random.Random) -> WorkspaceState:
    """A baseline of the plan, progress a month in (done tasks, one half-done), a decision, actions."""
    resolved = resolve(project, shared)
    plan = plan_of(cpm(resolved))
    baseline = make_baseline(resolved, plan, CalendarWorkTime(resolved), name="v1", saved_at=project.start)
    status = project.start + dt.timedelta(days=30)
    summaries = project.summary_ids()
    progress = []
    for task in project.tasks:
        dates = plan[task.id]
        if task.id in summaries or task.milestone or dates.start >= status:
            continue
        if dates.finish <= status:
            progress.append(
                ProgressRecord(
                    task=task.id,
                    status_date=status,
                    actual_start=dates.start,
                    actual_finish=dates.finish,
                    percent_complete=100.0,
                )
            )
        else:
            progress.append(
                ProgressRecord(
                    task=task.id, status_date=status, actual_start=dates.start, percent_complete=40.0
                )
            )
    gates = (GateDecision(task="g0", decision=Decision.DEFERRED, by="Committee", date=status),)
    actions = tuple(
        Action(
            id=f"A{i + 1}",
            title=f"Action {i + 1} of {project.name}",
            owner=rng.choice(OWNERS),
            due=status + dt.timedelta(days=rng.randint(-10, 20)),
            created=project.start,
        )
        for i in range(5)
    )
    return WorkspaceState(
        project=project, baselines=(baseline,), progress=tuple(progress), gates=gates, actions=actions
    )


def report_plant(folder: Path, projects: int, n_tasks: int) -> Path:
    rng = random.Random(7)
    shared = report_shared(projects)
    for k, member in enumerate(shared.projects):
        create_workspace(
            folder / member.workspace, tracked_state(report_project(k, n_tasks, rng), shared, rng)
        )
    path = folder / "plant.plant.json"
    write_plant(path, shared)
    return path

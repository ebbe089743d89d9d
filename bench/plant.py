"""Benchmark `plantrack plant load` on a generated plant (default 20 projects x 100 tasks, 15 shared
resources, 4 line-stop windows).

Run: PYTHONPATH=src python bench/plant.py [--projects 20] [--tasks 100] [--resources 15] [--windows 4]
[--runs 5] [--keep DIR]
Writes the plant (NAME.plant.json and one workspace per project) in a temporary folder (or DIR), then
prints the median seconds of: opening the plant (every member read and resolved), the members'
forecasts (CPM), the shared load sweep, all three in process; and `plantrack plant load --json` in a
fresh interpreter (output to /dev/null). `generate_plant` is the generator other plant benchmarks use.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from plantrack.scheduling.duration import Duration
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
from plantrack.store import WorkspaceState, create_workspace
from plantrack.store.plant import plant_path, write_plant

START = dt.datetime(2027, 1, 4, 8)
DAY_SHIFT = Calendar(id="plant", name="Plant day shift", holidays="FR")
CREW = Calendar(
    id="crew", name="Shutdown crew", weekdays=(0, 1, 2, 3, 4, 5, 6), hours=(TimeRange(start=0, end=24 * 60),)
)


def _windows(count: int) -> tuple[Window, ...]:
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


def _resources(count: int, rnd: random.Random) -> tuple[Resource, ...]:
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


def _project(index: int, tasks: int, plant: Plant, rnd: random.Random) -> Project:
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


def generate_plant(
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
        resources=_resources(resources, rnd),
        windows=_windows(windows),
    )
    members = []
    for index in range(projects):
        name = f"project{index + 1:02d}.plantrack.json"
        create_workspace(folder / name, WorkspaceState(project=_project(index, tasks, plant, rnd)))
        members.append(PlantProject(workspace=name, priority=1 + index % 3))
    path = plant_path(folder, "bench")
    write_plant(path, Plant(**{**_fields(plant), "projects": tuple(members)}))
    return path


def _fields(plant: Plant) -> dict[str, object]:
    return {name: getattr(plant, name) for name in ("name", "calendar", "calendars", "resources", "windows")}


def _median(runs: int, step: Callable[[], object]) -> tuple[str, object]:
    """`wall s, cpu s` medians of `runs` runs. On a machine shared with other work the wall time counts
    the waits for a core; the CPU time (this process and its children) is what the work itself took."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        c0 = _cpu()
        t0 = time.perf_counter()
        result = step()
        walls.append(time.perf_counter() - t0)
        cpus.append(_cpu() - c0)
    return f"{statistics.median(walls):.3f} wall, {statistics.median(cpus):.3f} cpu", result


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--projects", type=int, default=20)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--resources", type=int, default=15)
    parser.add_argument("--windows", type=int, default=4)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the plant here and keep it")
    args = parser.parse_args()
    from plantrack.operations.plant import open_plant
    from plantrack.operations.plant_load import member_plans, plant_load
    from plantrack.scheduling.plant_load import plant_loads

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = generate_plant(
            folder, projects=args.projects, tasks=args.tasks, resources=args.resources, windows=args.windows
        )
        print(
            f"{args.projects} projects x {args.tasks} tasks, {args.resources} shared resources, "
            f"{args.windows} windows; {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, load {' / '.join(f'{x:.1f}' for x in os.getloadavg())}"
        )
        t_open, opened = _median(args.runs, lambda: open_plant(path))
        t_plans, plans = _median(args.runs, lambda: member_plans(opened))  # type: ignore[arg-type]
        resources = opened.plant.resources  # type: ignore[attr-defined]
        t_sweep, loads = _median(args.runs, lambda: plant_loads(plans, resources))  # type: ignore[arg-type]
        t_all, _ = _median(args.runs, lambda: plant_load(open_plant(path)))
        over = sum(len(load.overallocations) for load in loads)  # type: ignore[attr-defined]
        weeks = max(len(load.weeks) for load in loads)  # type: ignore[attr-defined]
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
        command = [sys.executable, "-m", "plantrack", "plant", "load", "--json", "-p", str(path)]

        def cli() -> None:
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, cwd=folder)

        t_cli, _ = _median(args.runs, cli)
        print(f"over-allocated stretches: {over}; weeks: {weeks}; seconds: medians of {args.runs}")
        print(f"open plant (read + resolve members): {t_open} s")
        print(f"members' forecasts (CPM):            {t_plans} s")
        print(f"shared load sweep:                   {t_sweep} s")
        print(f"plant_load() in process:             {t_all} s")
        print(f"`plantrack plant load --json`:       {t_cli} s  (target <= 1 s)")


if __name__ == "__main__":
    main()

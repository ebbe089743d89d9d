"""Plant leveling benchmark: generated plants and PSPLIB-built plants, joint leveling against one at a time.

Run from the repository root: `PYTHONPATH=src python bench/plant_level.py [--only NAME] [--repeat N]`.

- `20x100`: 20 projects of 100 tasks, 15 shared resources, 4 shutdown windows; target: `plant level`
  (the operation's core, `level_plant`) within 30 s of wall time at its 30 s limit, with a gap.
- `50x200`: 50 projects of 200 tasks (10,000 tasks), `--time-limit 120`; target: done within 120 s,
  with a plan for every project and a gap.
- `psplib`: plants of several PSPLIB instances as projects sharing the instances' four resources, each
  capacity the largest of the instances' times a multiplier; the gap to the bound and the gain of the
  priority-weighted finish over one-at-a-time leveling in priority order, both in the same run.

The generated plans: each project a layered network (5 tasks a layer, each task after one or two of
the layer before), lengths of 1 to 5 working days on the standard calendar, each task on one or two
shared resources (1 unit, capacities 2 to 4), about 2 % of the tasks unlinked work packages of 1 to 3
days on one crew bound to one of the windows (two-week line stops spread over the year), priorities 1 to 5
(`plant_generator.leveling_plant`). Each gap is given twice, against the bound before the linear
programme (critical paths, one resource in Smith's order) and against the one reported now, both for
the same plan of the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from montecarlo import machine
from plant_generator import PSPLIB_PLANTS, leveling_plant, psplib_plant, without_windows
from plantrack.operations.plant_level import level_plant_file
from plantrack.scheduling.leveling.bounds import early_pass
from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.plant.joint import joint_plan
from plantrack.scheduling.leveling.plant.level_plant import PlantLevelingResult, level_plant, member_groups
from plantrack.scheduling.leveling.plant.members import PlantMember
from plantrack.scheduling.leveling.plant.one_at_a_time import level_one_at_a_time
from plantrack.scheduling.leveling.plant.weighted import integer_weights
from plantrack.scheduling.leveling.result import relative_gap
from plantrack.scheduling.model import (
    Plant,
    PlantProject,
)
from plantrack.store import WorkspaceState, create_workspace
from plantrack.store.plant import write_plant


def stored(members: list[PlantMember], folder: Path) -> Path:
    """The plant as `plant level` finds it: one workspace per project, the crews and stops shared."""
    first = members[0].project
    plant = Plant(
        name="Bench plant",
        resources=first.resources,
        windows=first.windows,
        projects=tuple(
            PlantProject(workspace=f"p{n}.plantrack.json", priority=round(m.priority))
            for n, m in enumerate(members)
        ),
    )
    for n, m in enumerate(members):
        own = replace(m.project, resources=(), windows=())
        create_workspace(folder / f"p{n}.plantrack.json", WorkspaceState(project=own))
    path = folder / "bench.plant.json"
    write_plant(path, plant)
    return path


def operation(members: list[PlantMember], limit: float, target: float) -> None:
    """`plant level` as the command runs it: read every workspace, level, save every plan as one."""
    with tempfile.TemporaryDirectory() as folder:
        path = stored(members, Path(folder))
        began = time.perf_counter()
        done = level_plant_file(path, time_limit=limit)
        wall = time.perf_counter() - began
    print(
        f"  plant level (read, level at --time-limit {limit:g}, save {len(members)} workspaces): "
        f"{wall:.1f} s, target <= {target:g} s: {'met' if wall <= target else 'MISSED'}; "
        f"{bounds_line(done.result, simple_bound(members))}, saved {done.saved}"
    )


def _run(members: list[PlantMember], limit: float) -> tuple[PlantLevelingResult, float]:
    began = time.perf_counter()
    result = level_plant(members, time_limit=limit)
    return result, time.perf_counter() - began


def simple_bound(members: list[PlantMember]) -> float:
    """The bound before the linear programme (critical paths, one resource in Smith's order), in the
    result's priority-weighted hours: the reference the new bound is compared with in the same run."""
    plan = joint_plan(members)
    problem = build_problem(plan.project, hard_deadlines=True)
    groups = member_groups(plan, problem)
    _weights, scale = integer_weights([m.priority for m in members])
    return groups.first_bound(problem, early_pass(problem), False) * problem.axis.unit / 60 / scale


def bounds_line(result: PlantLevelingResult, simple: float) -> str:
    """The plan's gap to the simple bound and to the reported one (the linear programme's or CP-SAT's)."""
    return (
        f"bound {simple:.0f} h before, {result.bound:.0f} h now: gap "
        f"{100 * relative_gap(result.objective, min(simple, result.objective)):.2f} % before, "
        f"{100 * result.gap:.2f} % now"
    )


def generated(
    projects: int,
    tasks: int,
    limit: float,
    target: float,
    repeat: int,
    alone_limit: float,
    compare_without_windows: bool,
) -> None:
    members = leveling_plant(projects, tasks)
    simple = simple_bound(members)
    walls, gaps, old_gaps = [], [], []
    result = None
    for _ in range(repeat):
        result, wall = _run(members, limit)
        walls.append(wall)
        gaps.append(result.gap)
        old_gaps.append(relative_gap(result.objective, min(simple, result.objective)))
    assert result is not None
    print(
        f"  {bounds_line(result, simple)} (last run); gap medians: "
        f"{100 * statistics.median(old_gaps):.2f} % before, {100 * statistics.median(gaps):.2f} % now"
    )
    alone = level_one_at_a_time(members, time_limit=alone_limit)
    planned = sum(1 for p in result.projects if p.finish is not None)
    print(
        f"{projects}x{tasks}: {projects * tasks} tasks, limit {limit:g} s: "
        f"wall median {statistics.median(walls):.1f} s (runs {', '.join(f'{w:.1f}' for w in walls)}), "
        f"target <= {target:g} s: "
        f"{'met' if max(walls) <= target else 'MISSED'}; status {result.status}, gap median "
        f"{100 * statistics.median(gaps):.2f} %, projects planned {planned}/{projects}"
    )
    if alone.objective is not None:
        print(
            f"  weighted finish {result.objective:.0f} h (bound {result.bound:.0f} h) against one at a time "
            f"{alone.objective:.0f} h ({alone_limit:g} s in all): "
            f"ratio {result.objective / alone.objective:.4f}"
        )
        return
    print(f"  one at a time found no room for {alone.stuck}: its line stop work was crowded out")
    if not compare_without_windows:
        return
    free = without_windows(members)
    joint, _wall = _run(free, limit)
    alone = level_one_at_a_time(free, time_limit=alone_limit)
    assert alone.objective is not None
    print(
        f"  without windows, same run: weighted finish {joint.objective:.0f} h (gap {100 * joint.gap:.2f} %) "
        f"against one at a time {alone.objective:.0f} h: ratio {joint.objective / alone.objective:.4f}"
    )


def psplib(limit: float, multiplier: float, repeat: int) -> None:
    for label, names in PSPLIB_PLANTS.items():
        members = psplib_plant(names, multiplier, seed=len(names))
        simple = simple_bound(members)
        gaps, old_gaps, ratios, walls = [], [], [], []
        for _ in range(repeat):
            result, wall = _run(members, limit)
            alone = level_one_at_a_time(members, time_limit=limit)
            assert alone.objective is not None
            gaps.append(result.gap)
            old_gaps.append(relative_gap(result.objective, min(simple, result.objective)))
            ratios.append(result.objective / alone.objective)
            walls.append(wall)
        print(
            f"{label} (capacities x{multiplier:g}): joint gap median {100 * statistics.median(gaps):.2f} % "
            f"(bound {result.bound:.0f}; to the simple bound {simple:.0f}: "
            f"{100 * statistics.median(old_gaps):.2f} %), "
            f"weighted finish {result.objective:.0f} against one at a time {alone.objective:.0f}: "
            f"ratio median {statistics.median(ratios):.4f} "
            f"(gain {100 * (1 - statistics.median(ratios)):.1f} %), "
            f"wall median {statistics.median(walls):.1f} s at {limit:g} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=("20x100", "50x200", "psplib"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{dt.date.today().isoformat()} · {machine()} · {platform.python_implementation()}")
    if args.only in (None, "20x100"):
        generated(20, 100, 30.0, 30.0, args.repeat, 30.0, True)
        operation(leveling_plant(20, 100), 25.0, 30.0)
    if args.only in (None, "50x200"):
        generated(50, 200, 120.0, 120.0, 1, 120.0, False)
    if args.only in (None, "psplib"):
        psplib(10.0, 2.0, args.repeat)


if __name__ == "__main__":
    main()

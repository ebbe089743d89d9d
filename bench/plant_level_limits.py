"""Plant leveling at the edges: far-too-small time limits, and stored plans on a plant above 1,500 tasks.

Run from the repository root: `PYTHONPATH=src python bench/plant_level_limits.py [--only tiny|stable]
[--repeat N]`. It uses only `level_plant` and `PlantMember`, so the same script measures an older
source tree too (`PYTHONPATH=OTHER/src:bench`), which is how the figures compare trees in one run.

- `tiny`: `level_plant` on the `plant level` benchmark plants (bench/plant_generator.py) at limits
  far below what a plan takes: 20 x 100 at 0.2 s, 50 x 200 at 1 s; wall and CPU seconds (the
  process's, all threads), medians of N.
- `quality`: the 20 x 100 plant at the benchmark's 30 s: the priority-weighted finish, the gap and
  the wall time (what the time the bound's linear programme takes costs the plan).
- `stable`: the 20 x 100 plant (2,000 tasks, above the 1,500 where the plan is searched a few projects
  at a time) leveled once at 20 s without stored plans; that plan then stored as every project's,
  and the plant leveled again at 20 s with stability: the hours the tasks moved from the stored plan
  and the priority-weighted finish of both runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plant_generator import leveling_plant
from plantrack.scheduling.leveling.plant.level_plant import level_plant


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def tiny(repeat: int) -> None:
    for projects, tasks, limit in ((20, 100, 0.2), (50, 200, 1.0)):
        members = leveling_plant(projects, tasks)
        walls, cpus = [], []
        for _ in range(repeat):
            began, cpu = time.perf_counter(), time.process_time()
            result = level_plant(members, time_limit=limit)
            walls.append(time.perf_counter() - began)
            cpus.append(time.process_time() - cpu)
        planned = sum(1 for p in result.projects if p.finish is not None)
        print(
            f"{projects}x{tasks} at {limit:g} s: wall median {statistics.median(walls):.2f} s "
            f"({', '.join(f'{w:.2f}' for w in walls)}), CPU median {statistics.median(cpus):.2f} s, "
            f"{planned}/{projects} planned, "
            f"gap {100 * result.gap:.1f} %; load {_load()}"
        )


def quality() -> None:
    members = leveling_plant(20, 100)
    began = time.perf_counter()
    result = level_plant(members, time_limit=30.0)
    print(
        f"20x100 at 30 s: weighted finish {result.objective:.0f} h, bound {result.bound:.0f} h, gap "
        f"{100 * result.gap:.2f} %, wall {time.perf_counter() - began:.1f} s; load {_load()}"
    )


def stable(limit: float) -> None:
    members = leveling_plant(20, 100)
    first = level_plant(members, time_limit=limit)
    stored = {p.name: p.starts() for p in first.projects}
    again = [replace(m, stored_starts=stored[m.project.name]) for m in members]
    second = level_plant(again, time_limit=limit, stable=True)
    moved = 0.0
    tasks = 0
    for p in second.projects:
        for tid, start in p.starts().items():
            before = stored[p.name].get(tid)
            if before is not None and before != start:
                moved += abs((start - before).total_seconds()) / 3600
                tasks += 1
    print(
        f"20x100 at {limit:g} s, the first plan stored, leveled again with stability: {tasks} tasks "
        f"moved, {moved:.0f} h in all (reported: {second.stability_moves}); weighted finish "
        f"{first.objective:.0f} h then {second.objective:.0f} h; load {_load()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", choices=("tiny", "quality", "stable"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=20.0, help="seconds of each `stable` run")
    args = parser.parse_args()
    import plantrack

    print(f"source: {Path(plantrack.__file__).resolve().parents[1]}; load {_load()}")
    if args.only in (None, "tiny"):
        tiny(args.repeat)
    if args.only in (None, "quality"):
        quality()
    if args.only in (None, "stable"):
        stable(args.limit)


if __name__ == "__main__":
    main()

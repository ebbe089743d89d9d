"""Benchmark `plantrack plant load` on a generated plant (default 20 projects x 100 tasks, 15 shared
resources, 4 line-stop windows).

Run: PYTHONPATH=src python bench/plant.py [--projects 20] [--tasks 100] [--resources 15] [--windows 4]
[--runs 5] [--keep DIR]
Writes the plant (NAME.plant.json and one workspace per project) in a temporary folder (or DIR), then
prints the median seconds of: opening the plant (every member read and resolved), the members'
forecasts (CPM), the shared load sweep, all three in process; and `plantrack plant load --json` in a
fresh interpreter (output to /dev/null). The plant is `plant_generator.load_plant`'s.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plant_generator import load_plant


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
        path = load_plant(
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

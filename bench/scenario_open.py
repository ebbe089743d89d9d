"""Opening a workspace with 5 scenarios of a 10,000-task plan against the plan alone (target: ≤ 1.3×).

Run: PYTHONPATH=src python bench/scenario_open.py [--tasks 10000] [--scenarios 5] [--runs 9]

Both workspaces hold the CPM benchmark's layered network (bench/cpm.py) and a stored plan (one entry
per task, as bench/store.py); the second one also holds `--scenarios` scenarios, each the whole plan
with one task renamed and its own stored plan. "open" is `open_workspace(p).read()`, what every
command does first. The two are timed alternately in one process (a busy machine slows both alike)
and the figure is the ratio of their medians. Then the first access to one scenario's plan, and a
save of the current plan that leaves every scenario untouched (their bytes written back as they were).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from cpm import layered
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.scenarios import Scenario
from store import plan, rename_first


def timed(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--scenarios", type=int, default=5)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    project = layered(args.tasks)
    print(f"load average at the start: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as folder:
        alone, with_scenarios = Path(folder) / "alone.plantrack.json", Path(folder) / "five.plantrack.json"
        create_workspace(alone, WorkspaceState(project=project, schedule=plan(project, 0)))
        state = WorkspaceState(project=project, schedule=plan(project, 0))
        for number in range(1, args.scenarios + 1):
            variant = rename_first(project, number)
            state.scenarios.add(
                Scenario.new(
                    f"variant {number}",
                    variant,
                    plan(variant, number),
                    note="",
                    created_by="bench",
                    created_at=dt.datetime(2026, 12, 6),
                )
            )
        create_workspace(with_scenarios, state)
        plain_times, scenario_times = [], []
        for _ in range(args.runs):
            plain_times.append(timed(lambda: open_workspace(alone).read()))
            scenario_times.append(timed(lambda: open_workspace(with_scenarios).read()))
        plain, scenarios = statistics.median(plain_times), statistics.median(scenario_times)
        size = alone.stat().st_size / 1e6, with_scenarios.stat().st_size / 1e6
        print(f"{args.tasks} tasks, {args.scenarios} scenarios, median of {args.runs}")
        print(f"open, plan alone:      {plain:.3f} s ({size[0]:.1f} MB)")
        print(f"open, with scenarios:  {scenarios:.3f} s ({size[1]:.1f} MB)")
        print(f"ratio:                 {scenarios / plain:.2f} (target ≤ 1.3)")
        first = statistics.median(
            timed(lambda: open_workspace(with_scenarios).read().scenarios.get("variant 1").project)
            for _ in range(3)
        )
        print(f"open + first access to one scenario's plan: {first:.3f} s")

        def save_current() -> None:
            with open_workspace(with_scenarios).update() as changed:
                tasks = list(changed.project.tasks)
                tasks[1] = dataclasses.replace(tasks[1], name=f"edited {time.perf_counter()}")
                changed.project = dataclasses.replace(changed.project, tasks=tuple(tasks))

        saved = statistics.median(timed(save_current) for _ in range(3))
        print(f"save of the current plan, scenarios untouched: {saved:.3f} s")
    print(f"load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()

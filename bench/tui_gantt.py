"""Benchmark the TUI on a generated 10,000-task workspace: first painted Gantt, key repaints, memory.

Run: PYTHONPATH=src python bench/tui_gantt.py [--tasks 10000] [--keys 60]
Prints the time from starting the app to the first painted Gantt (workspace read, CPM, layout and
the first frame, in the headless pilot at 120x40), the median and p90 time of a cursor key and of a
scroll key to be processed and repainted, and the max RSS (with --trace-alloc, peak Python allocations).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import platform
import random
import resource
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Link, Project, Task
from plantrack.store import WorkspaceState, create_workspace
from plantrack.tui.app import PlantrackApp
from plantrack.tui.widgets.gantt import GanttView


def generated(n: int, seed: int = 1) -> Project:
    """Phases of 50 tasks; each task follows one or two earlier tasks of its phase or the one before."""
    rnd = random.Random(seed)
    tasks: list[Task] = []
    links: list[Link] = []
    leaves: list[str] = []
    phase = ""
    for i in range(n):
        if i % 51 == 0:
            phase = f"P{i}"
            tasks.append(Task(id=phase, name=f"Phase {i // 51 + 1}"))
            continue
        ident = f"T{i}"
        tasks.append(
            Task(
                id=ident,
                name=f"Task {i}",
                duration=Duration(minutes=rnd.choice([240, 480, 960])),
                parent=phase,
            )
        )
        for pred in rnd.sample(leaves[-60:], k=min(len(leaves), rnd.choice([1, 2]))):
            links.append(Link(predecessor=pred, successor=ident))
        leaves.append(ident)
    return Project(name="Generated", start=dt.datetime(2027, 1, 4, 8), tasks=tuple(tasks), links=tuple(links))


async def measure(path: Path, keys: int) -> dict[str, float]:
    began = time.perf_counter()
    app = PlantrackApp(path, today=dt.date(2027, 3, 15), poll_seconds=3600)
    out: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        gantt = app.query_one(GanttView)
        assert len(gantt.rows) > 0
        out["first_paint_s"] = time.perf_counter() - began
        for key, name in (("down", "cursor"), ("right", "scroll")):
            times = []
            for _ in range(keys):
                t0 = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                times.append(time.perf_counter() - t0)
            out[f"{name}_median_ms"] = 1000 * statistics.median(times)
            out[f"{name}_p90_ms"] = 1000 * sorted(times)[int(0.9 * len(times))]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--trace-alloc", action="store_true", help="also trace Python allocations (slower)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.plantrack.json"
        create_workspace(path, WorkspaceState(project=generated(args.tasks)))
        # tracemalloc slows every allocation several times: timings are taken without it
        if args.trace_alloc:
            tracemalloc.start()
        figures = asyncio.run(measure(path, args.keys))
        if args.trace_alloc:
            figures["peak_alloc_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"python {platform.python_version()} · {args.tasks} tasks · 120x40 headless pilot")
    for key, value in figures.items():
        print(f"{key:>20}: {value:8.1f}")
    print(f"{'max_rss_mib':>20}: {rss:8.1f}")


if __name__ == "__main__":
    main()

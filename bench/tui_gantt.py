"""Benchmark the TUI on a generated 10,000-task workspace: first painted Gantt, key repaints, memory.

Run: PYTHONPATH=src python bench/tui_gantt.py [--tasks 10000] [--keys 60] [--runs 5]
Prints the time from starting the app to the first painted Gantt (workspace read, CPM, layout and
the first frame, in the headless pilot at 120x40; median of --runs fresh apps, wall clock and the
process's CPU time, which a loaded machine does not inflate), and for a cursor key and a scroll key:
- `*_first_frame`: from the key event entering the app to the end of the first frame painted after it;
- `*_settled`: to the end of the last frame it caused (cursor rows, detail line: what the user waits for);
- `*_pilot_*`: the `pilot.press` + `pilot.pause()` round trip per key, which includes the pilot's own idle
  detection (at least three 20 ms sleeps per key), so it can never go below about 60 ms;
and the max RSS (with --trace-alloc, peak Python allocations).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import random
import resource
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from rich.console import RenderableType
from textual.message import Message
from textual.pilot import Pilot
from textual.screen import Screen

from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Link, Project, Task
from plantrack.store import WorkspaceState, create_workspace
from plantrack.tui.app import PlantrackApp
from plantrack.tui.plan.gantt import GanttView


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


def _summary(out: dict[str, float], name: str, times: list[float]) -> None:
    if not times:
        return
    out[f"{name}_median_ms"] = 1000 * statistics.median(times)
    out[f"{name}_p90_ms"] = 1000 * sorted(times)[int(0.9 * len(times))]


async def frame_latency(
    app: PlantrackApp, pilot: Pilot[None], key: str, keys: int
) -> tuple[list[float], list[float], list[float]]:
    """From the key event entering the app (the driver) to the end of the first frame painted after it,
    and to the end of the last one (the screen settled: cursor rows, detail line, scroll bars); and the
    pilot's own round trip per key (`pilot.press` + `pilot.pause()`)."""
    driver = app._driver
    assert driver is not None
    sent: list[float] = []
    painted: list[float] = []
    original_display, original_send = app._display, driver.send_message

    def display(screen: Screen[object], renderable: RenderableType | None) -> None:
        original_display(screen, renderable)
        painted.append(time.perf_counter())

    def send(message: Message) -> None:
        sent.append(time.perf_counter())
        original_send(message)

    app._display = display  # type: ignore[method-assign]
    driver.send_message = send  # type: ignore[method-assign]
    times: list[float] = []
    settled: list[float] = []
    round_trips: list[float] = []
    try:
        for _ in range(keys):
            sent.clear()
            painted.clear()
            began = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            round_trips.append(time.perf_counter() - began)
            first = next((t for t in painted if t >= sent[0]), None)
            if first is not None:  # a key that changes nothing (at the edge) paints nothing
                times.append(first - sent[0])
                settled.append(painted[-1] - sent[0])
    finally:
        app._display = original_display  # type: ignore[method-assign]
        driver.send_message = original_send  # type: ignore[method-assign]
    return times, settled, round_trips


async def first_paint(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds from creating the app to its first painted Gantt."""
    began, cpu = time.perf_counter(), time.process_time()
    app = PlantrackApp(path, today=dt.date(2027, 3, 15), poll_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert len(app.query_one(GanttView).rows) > 0
        return time.perf_counter() - began, time.process_time() - cpu


async def measure(path: Path, keys: int, runs: int) -> dict[str, float]:
    out: dict[str, float] = {}
    paints = [await first_paint(path) for _ in range(runs)]
    out["first_paint_median_s"] = statistics.median(wall for wall, _ in paints)
    out["first_paint_max_s"] = max(wall for wall, _ in paints)
    out["first_paint_cpu_median_s"] = statistics.median(cpu for _, cpu in paints)
    app = PlantrackApp(path, today=dt.date(2027, 3, 15), poll_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for key, name in (("down", "cursor"), ("right", "scroll")):
            first, settled, round_trips = await frame_latency(app, pilot, key, keys)
            _summary(out, f"{name}_first_frame", first)
            _summary(out, f"{name}_settled", settled)
            _summary(out, f"{name}_pilot", round_trips)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5, help="fresh apps timed to their first paint")
    parser.add_argument("--trace-alloc", action="store_true", help="also trace Python allocations (slower)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.plantrack.json"
        create_workspace(path, WorkspaceState(project=generated(args.tasks)))
        # tracemalloc slows every allocation several times: timings are taken without it
        if args.trace_alloc:
            tracemalloc.start()
        figures = asyncio.run(measure(path, args.keys, args.runs))
        if args.trace_alloc:
            figures["peak_alloc_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"python {platform.python_version()} · {args.tasks} tasks · 120x40 headless pilot")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores · load average {os.getloadavg()}")
    for key, value in figures.items():
        print(f"{key:>28}: {value:8.2f}")
    print(f"{'max_rss_mib':>28}: {rss:8.2f}")


if __name__ == "__main__":
    main()

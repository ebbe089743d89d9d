"""Workspace store benchmark: create, open, open+read and updates of generated 1k/10k/100k-task workspaces.

Run: PYTHONPATH=src python bench/store.py [--sizes 1000 10000 100000] [--runs 5]

Each workspace is the CPM benchmark's layered network (bench/cpm.py: ~2 links per task, mixed link
types, a working calendar), first without and then with a stored plan (one schedule entry per task).
Stages, medians of `--runs` in one process:
- create: `create_workspace` (encode, serialise, write, fsync);
- open: `open_workspace` (read, strict parse, schema check);
- open+read: `open_workspace(p).read()` (the first read reuses the open's parse);
- read again: a second `read()` on an opened workspace (read, parse, decode);
- update, no change: lock, read, compare, nothing written;
- update, plan replaced: a new schedule document stored (project unchanged);
- update, one task renamed: every project table re-encoded and written.
The load average is printed before and after.
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
from plantrack.scheduling.model import Project
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.plan import PlannedTask, StoredPlan


def median_time(fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def plan(project: Project, salt: int) -> StoredPlan:
    """A stored plan shaped like `plantrack schedule`'s: one entry per task."""
    start = dt.datetime(2027, 1, 4, 8)
    return StoredPlan(
        start=start,
        finish=dt.datetime(2031, 6, 30, 17),
        tasks=tuple(
            PlannedTask(
                id=t.id,
                start=start + dt.timedelta(minutes=(i * 7 + salt) % 40),
                finish=start + dt.timedelta(days=1, minutes=(i * 7 + salt) % 40),
            )
            for i, t in enumerate(project.tasks)
        ),
    )


def rename_first(project: Project, salt: int) -> Project:
    tasks = list(project.tasks)
    tasks[0] = dataclasses.replace(tasks[0], name=f"renamed {salt}")
    return dataclasses.replace(project, tasks=tuple(tasks))


def measure(n: int, runs: int, folder: Path) -> list[str]:
    project = layered(n)
    rows = []
    for stored in (False, True):
        path = folder / f"w{n}-{int(stored)}.plantrack.json"
        state = WorkspaceState(project=project, schedule=plan(project, 0) if stored else None)

        def create(path: Path = path, state: WorkspaceState = state) -> None:
            path.unlink(missing_ok=True)
            create_workspace(path, state)

        t_create = median_time(create, runs)
        size = path.stat().st_size / 1e6
        t_open = median_time(lambda p=path: open_workspace(p), runs)
        t_open_read = median_time(lambda p=path: open_workspace(p).read(), runs)
        opened = open_workspace(path)
        opened.read()
        t_read = median_time(opened.read, runs)

        def no_change(p: Path = path) -> None:
            with open_workspace(p).update():
                pass

        t_nochange = median_time(no_change, runs)
        salt = [0]

        def new_plan(p: Path = path, salt: list[int] = salt) -> None:
            salt[0] += 1
            with open_workspace(p).update() as s:
                s.schedule = plan(s.project, salt[0])

        t_plan = median_time(new_plan, runs)

        def rename(p: Path = path, salt: list[int] = salt) -> None:
            salt[0] += 1
            with open_workspace(p).update() as s:
                s.project = rename_first(s.project, salt[0])

        t_rename = median_time(rename, runs)
        cells = [t_create, t_open, t_open_read, t_read, t_nochange, t_plan, t_rename]
        label = "yes" if stored else "no"
        rows.append(f"| {n} | {label} | {size:.1f} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
        path.unlink()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average at start: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        "| tasks | plan stored | MB | create s | open s | open+read s | read again s "
        "| update, no change s | update, plan replaced s | update, task renamed s |"
    )
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            for row in measure(n, args.runs, Path(tmp)):
                print(row, flush=True)
    print(f"load average at end: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

"""Benchmark the CPM on generated layered networks (1k, 10k, 100k tasks) against networkx, and
`plantrack schedule` end to end on a generated workspace.

Run: PYTHONPATH=src python bench/cpm.py [--sizes 1000 10000 100000] [--runs 5] [--workspace 100000]
Prints, per size, median seconds of validation, graph build, the CPM passes (forward, backward, total
floats), networkx `dag_longest_path_length` on the same links (forward only), and their ratio. Then, for
a workspace of `--workspace` tasks (0: skip): the store's load, each stage of the command in process, and
the `plantrack schedule` command in a fresh interpreter (table to /dev/null), both on a workspace
without a stored plan (load, compute, store the plan) and re-run with the plan stored, each next to
networkx timed in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from plantrack.commands.schedule import render_table, schedule_document
from plantrack.scheduling.cpm import cpm, run_passes, solve
from plantrack.scheduling.cpm.build import build_network
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Calendar, Link, LinkType, Project, Task
from plantrack.scheduling.validate import validate
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from timing import median_time

KINDS = [LinkType.FS] * 7 + [LinkType.SS, LinkType.FF, LinkType.SF]


def layered(n: int, seed: int = 1) -> Project:
    """Layers of ~sqrt(n) tasks; each task after the first layer has 2 predecessors in the 3 layers above."""
    rnd = random.Random(seed)
    width = max(10, int(n**0.5))
    tasks = [
        Task(id=f"T{i}", duration=Duration(minutes=rnd.choice([60, 240, 480, 960, 1440]))) for i in range(n)
    ]
    links = []
    for i in range(width, n):
        layer = i // width
        lo = max(0, (layer - 3) * width)
        for p in rnd.sample(range(lo, layer * width), 2):
            lag = rnd.choice([0, 0, 0, 0, 120, -120])
            links.append(
                Link(
                    predecessor=f"T{p}", successor=f"T{i}", type=rnd.choice(KINDS), lag=Duration(minutes=lag)
                )
            )
    return Project(
        name=f"layered {n}",
        start=dt.datetime(2027, 1, 4, 8),
        calendar="plant",
        calendars=(Calendar(id="plant", holidays="FR"),),
        tasks=tuple(tasks),
        links=tuple(links),
    )


def networkx_graph(project: Project) -> nx.DiGraph:
    g = nx.DiGraph()
    dur = {t.id: t.duration.minutes if t.duration else 0 for t in project.tasks}
    g.add_nodes_from(dur)
    for link in project.links:
        g.add_edge(link.predecessor, link.successor, weight=dur[link.predecessor] + link.lag.minutes)
    return g


def measure(n: int, runs: int) -> str:
    """One table row for a network of n tasks."""
    project = layered(n)
    t_validate = median_time(lambda: validate(project), max(1, runs // 2))
    t_build = median_time(lambda: build_network(project, validate=False), max(1, runs // 2))
    net = build_network(project, validate=False)
    run_passes(net)  # warm the calendar horizon once, as a real run has
    t_passes = median_time(lambda: run_passes(net), runs)
    t_full = median_time(lambda: solve(build_network(project, validate=False)), max(1, runs // 2))
    g = networkx_graph(project)
    t_nx = median_time(lambda: nx.dag_longest_path_length(g), runs)
    cells = [n, len(project.links), t_validate, t_build, t_passes, t_full, t_nx]
    row = " | ".join(f"{c:.3f}" if isinstance(c, float) else str(c) for c in cells)
    return f"| {row} | {t_passes / t_nx:.2f} |"


def run_command(path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "plantrack", "schedule", "-w", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


def end_to_end(n: int, runs: int) -> list[str]:
    """Report lines for `plantrack schedule` on a generated workspace of n tasks."""
    project = layered(n)
    g = networkx_graph(project)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        pristine = Path(tmp) / "pristine.plantrack.json"
        path = Path(tmp) / "line.plantrack.json"
        create_workspace(pristine, WorkspaceState(project=project))
        size = pristine.stat().st_size / 1e6
        t_open = median_time(lambda: open_workspace(pristine), runs)
        t_read = median_time(lambda: open_workspace(pristine).read(), runs)
        state = open_workspace(pristine).read()
        loaded = state.project
        t_cpm = median_time(lambda: cpm(loaded), runs)
        schedule = cpm(loaded)
        t_doc = median_time(lambda: schedule_document(loaded, schedule), runs)
        t_table = median_time(lambda: render_table(schedule), runs)
        out.append(f"workspace: {n} tasks, {len(project.links)} links, {size:.1f} MB")
        out.append("| stage (in process, median) | s |")
        out.append("| --- | ---: |")
        for label, t in [
            ("open_workspace() (checks the seal, decodes the sealed file)", t_open),
            ("open_workspace().read() (store load, the line above included)", t_read),
            ("cpm() (validation, graph build, passes, results)", t_cpm),
            ("schedule_document()", t_doc),
            ("render_table()", t_table),
        ]:
            out.append(f"| {label} | {t:.3f} |")

        def fresh() -> float:
            shutil.copyfile(pristine, path)  # no stored plan: compute and store it
            gc.collect()
            t0 = time.perf_counter()
            run_command(path)
            return time.perf_counter() - t0

        def again() -> float:
            gc.collect()
            t0 = time.perf_counter()
            run_command(path)  # the plan is stored already and unchanged: nothing written
            return time.perf_counter() - t0

        t_fresh, t_again, t_nx = [], [], []
        for _ in range(runs):
            t_fresh.append(fresh())
            t_again.append(again())
            t_nx.append(median_time(lambda: nx.dag_longest_path_length(g), 1))
        nx_med = statistics.median(t_nx)
        out.append("| `plantrack schedule` (fresh interpreter) | median s | min s | max s | / networkx |")
        out.append("| --- | ---: | ---: | ---: | ---: |")
        for label, times in [("no stored plan (plan written)", t_fresh), ("plan stored, unchanged", t_again)]:
            med = statistics.median(times)
            out.append(f"| {label} | {med:.2f} | {min(times):.2f} | {max(times):.2f} | {med / nx_med:.1f} |")
        out.append(f"networkx dag_longest_path_length in the same run: {nx_med:.3f} s (median of {runs})")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workspace", type=int, default=100000, help="tasks of the end-to-end workspace")
    args = parser.parse_args()
    machine = platform.processor() or platform.machine()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"# {machine}, {os.cpu_count()} cores, Python {platform.python_version()}, {dt.date.today()}")
    print(f"# load average at start (1 / 5 / 15 min): {load}")
    print("| tasks | links | validate s | graph build s | CPM passes s | full cpm() s | networkx s | ratio |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in args.sizes:
        print(measure(n, args.runs), flush=True)
    if args.workspace:
        print()
        for line in end_to_end(args.workspace, args.runs):
            print(line, flush=True)
    print(f"# load average at end: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

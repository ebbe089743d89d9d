"""Benchmark the CPM passes on generated layered networks (1k, 10k, 100k tasks) against networkx.

Run: PYTHONPATH=src python bench/cpm.py [--sizes 1000 10000 100000] [--runs 5]
Prints, per size, median seconds of validation, graph build, the CPM passes (forward, backward, total
floats), networkx `dag_longest_path_length` on the same links (forward only), and their ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import random
import statistics
import time
from collections.abc import Callable

import networkx as nx

from plantrack.scheduling.cpm import run_passes, solve
from plantrack.scheduling.cpm_network import build_network
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Calendar, Link, LinkType, Project, Task
from plantrack.scheduling.network import validate

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


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    machine = platform.processor() or platform.machine()
    print(f"# {machine}, Python {platform.python_version()}, {dt.date.today()}")
    print("| tasks | links | validate s | graph build s | CPM passes s | full cpm() s | networkx s | ratio |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in args.sizes:
        print(measure(n, args.runs), flush=True)


if __name__ == "__main__":
    main()

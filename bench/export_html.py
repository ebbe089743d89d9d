"""Benchmark: HTML export of a generated 2,000-task project (time, size) and its first render in Chromium.

Run from the repository root: `PYTHONPATH=src python bench/export_html.py [--tasks 2000] [--runs 3]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import plotly.graph_objects as go

from plantrack.export.html.collect import collect_report
from plantrack.export.html.page import Figures, render_page
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Assignment, Link, LinkType, Period, Project, Resource, Task, Window

# the headless-browser driver is test support (tests/headless.py), shared with the real-browser test
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from headless import find_chromium, open_page

PHASES = 20


def generated_project(n_tasks: int, seed: int = 7) -> Project:
    """Phases of layered tasks, ~2 links a task (mixed types), 8 resources, one shutdown window."""
    rng = random.Random(seed)
    per_phase = max(1, n_tasks // PHASES - 1)
    tasks: list[Task] = []
    links: list[Link] = []
    assignments: list[Assignment] = []
    resources = tuple(Resource(id=f"r{i}", name=f"Crew {i}", capacity=2.0, rate=50.0) for i in range(8))
    previous: list[str] = []
    for p in range(PHASES):
        phase = f"ph{p}"
        tasks.append(Task(id=phase, name=f"Phase {p}"))
        current: list[str] = []
        for i in range(per_phase):
            tid = f"t{p}-{i}"
            milestone = i == per_phase - 1
            tasks.append(
                Task(
                    id=tid,
                    name=f"Task {p}.{i} install and check",
                    duration=None if milestone else Duration(minutes=60 * rng.choice((4, 8, 16, 24, 40))),
                    milestone=milestone,
                    parent=phase,
                    owner=f"Owner {i % 7}",
                )
            )
            pool = current[-12:] if current else previous[-12:]
            for pred in rng.sample(pool, min(2, len(pool))):
                kind = rng.choice((LinkType.FS, LinkType.FS, LinkType.FS, LinkType.SS, LinkType.FF))
                links.append(
                    Link(
                        predecessor=pred,
                        successor=tid,
                        type=kind,
                        lag=Duration(minutes=60 * rng.choice((0, 0, 4))),
                    )
                )
            if not milestone:
                assignments.append(Assignment(task=tid, resource=f"r{rng.randrange(8)}", units=1.0))
            current.append(tid)
        previous = current
    start = dt.datetime(2027, 1, 4, 8)
    window = Window(
        id="stop",
        name="Summer stop",
        periods=(Period(start=dt.datetime(2027, 8, 2), end=dt.datetime(2027, 8, 20)),),
    )
    return Project(
        name="Generated plan",
        start=start,
        resources=resources,
        tasks=tuple(tasks),
        links=tuple(links),
        assignments=tuple(assignments),
        windows=(window,),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    project = generated_project(args.tasks)
    t0 = time.perf_counter()
    schedule = cpm(project)
    cpm_s = time.perf_counter() - t0
    export_times = []
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        for _ in range(args.runs):
            t0 = time.perf_counter()
            report = collect_report(project, schedule, today=dt.date(2027, 3, 15))
            page.write_text(render_page(report), encoding="utf-8")
            export_times.append(time.perf_counter() - t0)
        size = page.stat().st_size
        print(f"tasks: {len(project.tasks)} rows, {len(project.links)} links")
        print(f"cpm (not part of the export): {cpm_s:.2f} s")
        print(
            f"export (collect + figures + page + write): median {statistics.median(export_times):.2f} s "
            f"of {args.runs} (target <= 3 s)"
        )
        print(f"file size: {size / 1e6:.2f} MB (plotly.js inlined: ~4.8 MB of it)")
        if find_chromium() is None:
            print("first render: chromium not installed, not measured")
            return 0
        reference = Path(folder) / "reference.html"
        tiny = Figures((("gantt-plot", go.Figure(go.Bar(y=[1]))),))
        reference.write_text(render_page(report, tiny), encoding="utf-8")
        return _renders(page, reference, args.runs)


def _renders(page: Path, reference: Path, runs: int) -> int:
    """First render of the page against a same-run reference (the same page shell with one tiny plot).

    The reference costs what every page pays whatever the plan (parsing 4.8 MB of plotly.js), so the
    ratio and the difference stay comparable when other work loads the shared machine.
    """
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    pages, floors, figures = [], [], []
    for _ in range(runs):  # interleaved, so both see the same load
        floor = open_page(reference, timeout=120)
        result = open_page(page, timeout=120)
        if result.rendered_ms is None or result.console_errors or floor.rendered_ms is None:
            print(f"render failed: {result.console_errors}")
            return 1
        pages.append(result.rendered_ms / 1000)
        floors.append(floor.rendered_ms / 1000)
        drawn = sorted(result.figure_ms.items(), key=lambda item: item[1])
        starts = [0.0, *[v for _, v in drawn][:-1]]
        figures.append({k: (v - prev) / 1000 for (k, v), prev in zip(drawn, starts, strict=True)})
    print(f"first render (page clock, all figures drawn): median {statistics.median(pages):.2f} s of {runs}")
    print(f"reference page (plotly.js and page shell only): median {statistics.median(floors):.2f} s")
    ratios = [p / f for p, f in zip(pages, floors, strict=True)]
    print(f"same-run ratio page / reference: median {statistics.median(ratios):.2f}")
    print("time to draw each figure, in page order:")
    for div in figures[0]:
        print(f"  {div}: median {statistics.median(f[div] for f in figures):.2f} s ")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

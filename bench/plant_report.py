"""Benchmark: `plant export html` on a generated plant: 20 projects x 100 tasks, 15 shared crews, 4 stops.

Run from the repository root: `PYTHONPATH=src python bench/plant_report.py [--projects 20] [--tasks 100]
[--runs 5]`. Each project has 4 phases closed by a gate, a baseline, progress at a status date a month
in, a gate decision and open actions; the workspaces and the plant file are stored in a temporary
folder, and `plantrack plant export html` runs in a fresh interpreter; the same stages are then timed
in process (open every workspace, compute the portfolio, write the page), and the page is opened in
headless Chromium when one is installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plant_generator import report_plant
from plantrack.export.html.portfolio import render_portfolio
from plantrack.operations.plant import open_plant
from plantrack.operations.plant_report import portfolio
from plantrack.scheduling.model import Plant, PlantProject
from plantrack.store import WorkspaceState

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from headless import find_chromium, open_page

SRC = Path(__file__).resolve().parents[1] / "src"

TODAY = dt.date(2027, 6, 1)


def open_members(path: Path) -> tuple[Plant, list[tuple[PlantProject, WorkspaceState]], list[object]]:
    """The plant and its members as `plant export html` reads them (each resolved against the plant)."""
    opened = open_plant(path)
    members = [
        (PlantProject(workspace=m.workspace, priority=m.priority), replace(m.state, project=m.project))
        for m in opened.members
    ]
    return opened.plant, members, list(opened.missing)


def command(folder: Path, out: Path, argv: tuple[str, ...] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of `plantrack plant export html -o OUT` in a fresh
    interpreter, as a user runs it; CPU time says what the command costs whatever else the machine runs."""
    env = {**os.environ, "PLANTRACK_TODAY": TODAY.isoformat(), "PYTHONPATH": str(SRC)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "plantrack", *(argv or ("plant", "export", "html", "-o", str(out)))],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=20)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = report_plant(folder, args.projects, args.tasks)
        page = folder / "plant.html"
        totals, cpus, starts, opens, computes, renders = [], [], [], [], [], []
        for _ in range(args.runs):
            wall, cpu = command(folder, page)
            totals.append(wall)
            cpus.append(cpu)
            starts.append(command(folder, page, ("--help",))[1])  # what any command pays to start
            # the same stages one by one, to see where the time goes
            t0 = time.process_time()
            plant, members, _missing = open_members(path)
            t1 = time.process_time()
            result = portfolio(plant, members, today=TODAY)
            t2 = time.process_time()
            render_portfolio(result)
            t3 = time.process_time()
            opens.append(t1 - t0)
            computes.append(t2 - t1)
            renders.append(t3 - t2)
        tasks = sum(len(state.project.tasks) for _m, state in members)
        weeks = max(len(r.weeks) for r in result.loads)
        print(
            f"plant: {len(members)} projects, {tasks} tasks, "
            f"{len(plant.resources)} shared resources, {weeks} weeks"
        )
        print(
            f"plantrack plant export html, fresh interpreter: median {statistics.median(totals):.2f} s "
            f"of {args.runs} (target <= 3 s), CPU {statistics.median(cpus):.2f} s; "
            f"`plantrack --help` alone: CPU {statistics.median(starts):.2f} s"
        )
        print("in process, CPU time:")
        print(f"  open the workspaces: {statistics.median(opens):.2f} s")
        print(
            "  portfolio (forecasts, analyses, shared load, windows, actions): "
            f"{statistics.median(computes):.2f} s"
        )
        print(f"  figures and page: {statistics.median(renders):.2f} s")
        print(f"file size: {page.stat().st_size / 1e6:.2f} MB")
        if find_chromium() is not None:
            rendered = []
            for _ in range(3):
                shown = open_page(page, timeout=120)
                if shown.rendered_ms is None or shown.console_errors:
                    print(f"render failed: {shown.console_errors}")
                    return 1
                rendered.append(shown.rendered_ms / 1000)
            print(
                "first render in Chromium (all figures drawn): "
                f"median {statistics.median(rendered):.2f} s of 3"
            )
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

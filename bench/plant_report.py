"""Benchmark: `plant export html` on a generated plant: 20 projects x 100 tasks, 15 shared crews, 4 stops.

Run from the repository root: `PYTHONPATH=src python bench/plant_report.py [--projects 20] [--tasks 100]
[--runs 5]`. Each project has 4 phases closed by a gate, a baseline, progress at a status date a month
in, a gate decision and open actions; the workspaces and the plant file are stored in a temporary
folder, and the command's handler runs in process (open every workspace, compute the portfolio, write
the page), then the page is opened in headless Chromium when one is installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from plantrack.commands.base import Context, add_group, common_options
from plantrack.commands.plant_report import open_members, register
from plantrack.export.html.portfolio import render_portfolio
from plantrack.operations.analysis import plan_of
from plantrack.operations.plant_report import portfolio
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import (
    Assignment,
    Link,
    Period,
    Plant,
    PlantProject,
    Project,
    Resource,
    Task,
    Window,
)
from plantrack.scheduling.shared import resolve
from plantrack.scheduling.tracking.baseline import make_baseline
from plantrack.scheduling.tracking.records import Action, Decision, GateDecision, ProgressRecord
from plantrack.scheduling.tracking.worktime import CalendarWorkTime
from plantrack.store import WorkspaceState, create_workspace
from plantrack.store.plant import write_plant

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from headless import find_chromium, open_page

PHASES = 4
RESOURCES = 15
OWNERS = ("J. Martin", "S. Roy", "A. Petit", "L. Moreau", "K. Haddad", "M. Blanc")
TODAY = dt.date(2027, 6, 1)


def generated_plant(projects: int) -> Plant:
    resources = tuple(
        Resource(id=f"r{i}", name=f"Shared crew {i}", capacity=2.0, rate=60.0) for i in range(RESOURCES)
    )
    windows = tuple(
        Window(
            id=f"stop{q}",
            name=f"Line stop Q{q + 1}",
            periods=(Period(start=dt.datetime(2027, 2 + 3 * q, 8), end=dt.datetime(2027, 2 + 3 * q, 15)),),
        )
        for q in range(4)
    )
    members = tuple(
        PlantProject(workspace=f"p{k:02d}.plantrack.json", priority=1 + k % 3) for k in range(projects)
    )
    return Plant(name="Generated plant", resources=resources, windows=windows, projects=members)


def generated_project(k: int, n_tasks: int, rng: random.Random) -> Project:
    """Phases of chained and forked tasks, each closed by a gate; each leaf on one shared crew."""
    per_phase = max(2, n_tasks // PHASES - 2)  # the phase itself and its gate make up the rest
    tasks: list[Task] = []
    links: list[Link] = []
    assignments: list[Assignment] = []
    previous_gate: str | None = None
    for p in range(PHASES):
        phase = f"ph{p}"
        tasks.append(Task(id=phase, name=f"Phase {p + 1}"))
        ids: list[str] = []
        for i in range(per_phase):
            tid = f"t{p}-{i}"
            hours = 8 * rng.choice((1, 2, 3, 5))
            tasks.append(
                Task(
                    id=tid, name=f"Task {p + 1}.{i + 1}", duration=Duration(minutes=60 * hours), parent=phase
                )
            )
            if ids:
                links.append(Link(predecessor=rng.choice(ids[-4:]), successor=tid))
            elif previous_gate:
                links.append(Link(predecessor=previous_gate, successor=tid))
            assignments.append(Assignment(task=tid, resource=f"r{rng.randrange(RESOURCES)}", units=1.0))
            ids.append(tid)
        gate = f"g{p}"
        tasks.append(Task(id=gate, name=f"Gate {p + 1}", milestone=True, gate=True, parent=phase))
        links += [Link(predecessor=t, successor=gate) for t in ids[-3:]]
        previous_gate = gate
    return Project(
        name=f"Improvement project {k + 1:02d}",
        start=dt.datetime(2027, 1, 4, 8) + dt.timedelta(weeks=2 * k),
        tasks=tuple(tasks),
        links=tuple(links),
        assignments=tuple(assignments),
    )


def tracked_state(project: Project, shared: Plant, rng: random.Random) -> WorkspaceState:
    """A baseline of the plan, progress a month in (done tasks, one half-done), a decision, actions."""
    resolved = resolve(project, shared)
    plan = plan_of(cpm(resolved))
    baseline = make_baseline(resolved, plan, CalendarWorkTime(resolved), name="v1", saved_at=project.start)
    status = project.start + dt.timedelta(days=30)
    summaries = project.summary_ids()
    progress = []
    for task in project.tasks:
        dates = plan[task.id]
        if task.id in summaries or task.milestone or dates.start >= status:
            continue
        if dates.finish <= status:
            progress.append(
                ProgressRecord(
                    task=task.id,
                    status_date=status,
                    actual_start=dates.start,
                    actual_finish=dates.finish,
                    percent_complete=100.0,
                )
            )
        else:
            progress.append(
                ProgressRecord(
                    task=task.id, status_date=status, actual_start=dates.start, percent_complete=40.0
                )
            )
    gates = (GateDecision(task="g0", decision=Decision.DEFERRED, by="Committee", date=status),)
    actions = tuple(
        Action(
            id=f"A{i + 1}",
            title=f"Action {i + 1} of {project.name}",
            owner=rng.choice(OWNERS),
            due=status + dt.timedelta(days=rng.randint(-10, 20)),
            created=project.start,
        )
        for i in range(5)
    )
    return WorkspaceState(
        project=project, baselines=(baseline,), progress=tuple(progress), gates=gates, actions=actions
    )


def stored_plant(folder: Path, projects: int, n_tasks: int) -> Path:
    rng = random.Random(7)
    shared = generated_plant(projects)
    for k, member in enumerate(shared.projects):
        create_workspace(
            folder / member.workspace, tracked_state(generated_project(k, n_tasks, rng), shared, rng)
        )
    path = folder / "plant.plant.json"
    write_plant(path, shared)
    return path


def command(folder: Path, out: Path) -> int:
    """`plantrack plant export html -o OUT` through the command's own handler, in process."""
    common = common_options()
    if not any("--plant" in a.option_strings for a in common._actions):
        common.add_argument("-p", "--plant", metavar="PLANT", default=argparse.SUPPRESS)
    top = argparse.ArgumentParser(prog="plantrack", parents=[common])
    register(add_group(top.add_subparsers(), "plant", help="", example="", common=common), common)
    args = top.parse_args(["plant", "export", "html", "-o", str(out)])
    ctx = Context(args=args, out=io.StringIO(), cwd=folder, env={"PLANTRACK_TODAY": TODAY.isoformat()})
    code: int = args.handler(ctx)
    return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=20)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = stored_plant(folder, args.projects, args.tasks)
        page = folder / "plant.html"
        totals, opens, computes, renders = [], [], [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            assert command(folder, page) == 0
            totals.append(time.perf_counter() - t0)
            # the same stages one by one, to see where the time goes
            t0 = time.perf_counter()
            plant, members, _missing = open_members(path)
            t1 = time.perf_counter()
            result = portfolio(plant, members, today=TODAY)
            t2 = time.perf_counter()
            render_portfolio(result)
            t3 = time.perf_counter()
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
            f"plant export html, in process: median {statistics.median(totals):.2f} s "
            f"of {args.runs} (target <= 3 s)"
        )
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

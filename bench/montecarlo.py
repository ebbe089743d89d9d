"""Monte Carlo benchmark: 10,000 runs on a generated 1,000-task plan (target: median <= 3 s).

Run from the repository root: `PYTHONPATH=src python bench/montecarlo.py [--tasks N] [--runs N] [--tracked]`.
With `--tracked`, progress at a status date halfway through the planned span (tasks finished before it
complete, tasks straddling it half done) is applied, as `plantrack pert` does on a tracked workspace.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import time

from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Calendar, Estimate, Link, LinkType, Project, Task, TaskActual
from plantrack.scheduling.risk.montecarlo import monte_carlo
from plantrack.scheduling.risk.pert import pert, risk_network

TARGET_SECONDS = 3.0
DAY = 480


def generated_project(n_tasks: int, seed: int) -> Project:
    """A layered plan: ~2 links per task of mixed types with lags and leads, phases, milestones, FR holidays.

    Four tasks in five carry a three-point estimate, the rest a fixed duration.
    """
    rng = random.Random(seed)
    width = max(1, int(n_tasks**0.5))
    tasks: list[Task] = []
    links: list[Link] = []
    layers: list[list[str]] = []
    kinds = [LinkType.FS] * 7 + [LinkType.SS, LinkType.FF, LinkType.SF]
    start = dt.datetime(2027, 1, 4, 8, 0)
    n_phases = max(1, n_tasks // 100)
    for p in range(n_phases):
        tasks.append(Task(id=f"phase{p}", name=f"Phase {p}"))
    count = 0
    while count < n_tasks:
        layer = []
        for _ in range(min(width, n_tasks - count)):
            tid = f"t{count}"
            phase = f"phase{min(count * n_phases // n_tasks, n_phases - 1)}"
            if count % 97 == 96:
                deadline = start + dt.timedelta(days=count // 3)
                tasks.append(Task(id=tid, milestone=True, deadline=deadline, parent=phase))
            elif rng.random() < 0.8:
                likely = rng.randint(1, 10) * DAY // 2
                estimate = Estimate(
                    optimistic=Duration(minutes=int(likely * rng.uniform(0.5, 1.0))),
                    likely=Duration(minutes=likely),
                    pessimistic=Duration(minutes=int(likely * rng.uniform(1.1, 3.0))),
                )
                tasks.append(Task(id=tid, estimate=estimate, parent=phase))
            else:
                tasks.append(Task(id=tid, duration=Duration(minutes=rng.randint(1, 10) * DAY), parent=phase))
            if layers:
                pool = layers[-1] + (layers[-2] if len(layers) > 1 else [])
                for pred in rng.sample(pool, min(2, len(pool))):
                    lag = Duration(minutes=rng.choice([0, 0, 0, 60, 240, -120]))
                    links.append(Link(predecessor=pred, successor=tid, type=rng.choice(kinds), lag=lag))
            layer.append(tid)
            count += 1
        layers.append(layer)
    return Project(
        name=f"generated {n_tasks}",
        start=start,
        calendar="plant",
        calendars=(Calendar(id="plant", holidays="FR"),),
        tasks=tuple(tasks),
        links=tuple(links),
    )


def halfway_progress(project: Project) -> tuple[dt.datetime, dict[str, TaskActual]]:
    """Status date halfway through the plan; tasks done by then finished, those straddling it half done."""
    schedule = cpm(project)
    status = schedule.start_at + (schedule.finish_at - schedule.start_at) / 2
    actuals = {}
    for t in schedule.tasks:
        if t.summary or t.early_start_at > status:
            continue
        if t.early_finish_at <= status:
            actuals[t.id] = TaskActual(
                task=t.id, actual_start=t.early_start_at, actual_finish=t.early_finish_at
            )
        else:
            actuals[t.id] = TaskActual(task=t.id, actual_start=t.early_start_at, percent_complete=50)
    return status, actuals


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tracked", action="store_true", help="with progress at a status date")
    args = parser.parse_args()

    project = generated_project(args.tasks, seed=1)
    status_date, actuals = halfway_progress(project) if args.tracked else (None, {})
    t0 = time.perf_counter()
    net = risk_network(project, status_date=status_date, actuals=actuals)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    analytic = pert(project, status_date=status_date, actuals=actuals)
    pert_time = time.perf_counter() - t0
    times = []
    result = None
    for i in range(args.repeat):
        t0 = time.perf_counter()
        result = monte_carlo(project, runs=args.runs, seed=i, status_date=status_date, actuals=actuals)
        times.append(time.perf_counter() - t0)
    assert result is not None
    median = statistics.median(times)
    sampled = sum(1 for node in net.nodes if node.stochastic)
    print(f"date: {dt.date.today().isoformat()}")
    print(f"machine: {machine()}")
    print(
        f"plan: {args.tasks} tasks ({sampled} with three-point estimates), {len(project.links)} links, "
        f"{len(project.summary_ids())} phases, {len(result.targets)} milestones with deadlines"
    )
    if status_date is not None:
        done = sum(1 for a in actuals.values() if a.actual_finish is not None)
        print(
            f"progress at {status_date:%Y-%m-%d %H:%M}: {done} tasks finished, "
            f"{len(actuals) - done} in progress"
        )
    print(f"risk network build (validation, topological order): {build:.3f} s; PERT: {pert_time:.3f} s")
    print(
        f"monte carlo {args.runs} runs, {args.repeat} repeats (whole `monte_carlo` call, network build "
        f"included): median {median:.2f} s, min {min(times):.2f} s, max {max(times):.2f} s "
        f"(target <= {TARGET_SECONDS:.0f} s: {'met' if median <= TARGET_SECONDS else 'MISSED'})"
    )
    p = result.project.percentiles
    print(
        f"PERT expected finish {analytic.project.expected_finish:%Y-%m-%d %H:%M}; simulated "
        f"P50 {p[50]:%Y-%m-%d %H:%M}, P80 {p[80]:%Y-%m-%d %H:%M}, P95 {p[95]:%Y-%m-%d %H:%M}"
    )


if __name__ == "__main__":
    main()

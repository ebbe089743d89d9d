"""Scenario comparison benchmark: 4 scenarios of a generated 2,000-task plan, 1,000 Monte Carlo runs each.

Run from the repository root: `PYTHONPATH=src python bench/scenarios_compare.py [--tasks N] [--runs N]`.
The plan is the Monte Carlo benchmark's (bench/montecarlo.py: layered links of mixed types, four tasks
in five with a three-point estimate, French holidays) with 8 crews assigned round-robin so that costs,
hours and loads are computed too. Each scenario lengthens one task by three weeks (the last one also
raises the crews' rates); the comparison is not leveled. Target: median <= 5 s for the whole
comparison, the current plan included.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time

from montecarlo import generated_project, halfway_progress, machine
from plantrack.operations.scenarios.compare import compare_scenarios
from plantrack.operations.scenarios.demo import lengthened
from plantrack.operations.scenarios.tracking import Tracking
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Assignment, Project, Resource

TARGET_SECONDS = 5.0
CREWS = 8


def with_crews(project: Project) -> Project:
    """The plan with 8 crews (2 units, 45/h), one on each task with a length, round-robin."""
    resources = tuple(Resource(id=f"crew{i}", capacity=2.0, rate=45.0) for i in range(CREWS))
    leaves = [t for t in project.tasks if not t.milestone and (t.duration or t.estimate)]
    assignments = tuple(
        Assignment(task=t.id, resource=f"crew{i % CREWS}", units=1.0) for i, t in enumerate(leaves)
    )
    return dataclasses.replace(project, resources=resources, assignments=assignments)


def scenarios(project: Project) -> list[tuple[str, Project]]:
    leaves = [t.id for t in project.tasks if not t.milestone and (t.duration or t.estimate)]
    three_weeks = Duration(minutes=15 * 480)
    dearer = tuple(dataclasses.replace(r, rate=r.rate * 1.5) for r in project.resources)
    # every scenario changes the schedule, so none can share another's simulation
    return [
        ("early task late", lengthened(project, leaves[10], three_weeks)),
        ("middle task late", lengthened(project, leaves[len(leaves) // 2], three_weeks)),
        ("late task late", lengthened(project, leaves[-10], three_weeks)),
        (
            "dearer crews, a quarter in late",
            lengthened(dataclasses.replace(project, resources=dearer), leaves[len(leaves) // 4], three_weeks),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tracked", action="store_true", help="with progress at a status date halfway")
    args = parser.parse_args()

    project = with_crews(generated_project(args.tasks, seed=1))
    tracking = Tracking()
    if args.tracked:
        status, actuals = halfway_progress(project)
        tracking = Tracking(status_date=status, actuals=actuals)
    variants = scenarios(project)
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        result = compare_scenarios(project, variants, tracking, runs=args.runs, seed=0)
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    print(f"machine: {machine()}")
    print(
        f"plan: {len(project.tasks)} rows, {len(project.links)} links, {len(project.assignments)} assignments"
    )
    print(f"compare current + {len(variants)} scenarios, {args.runs} runs each, not leveled")
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"times: {runs} s; median {median:.2f} s (target <= {TARGET_SECONDS} s)")
    for s in result.scenarios:
        f = s.figures
        shift = f"{s.finish_shift_days:+.1f} d"
        print(f"  {s.name}: finish {f.finish:%Y-%m-%d %H:%M} ({shift}), P80 {f.p80:%Y-%m-%d}")


if __name__ == "__main__":
    main()

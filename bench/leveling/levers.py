"""Each leveling lever switched off alone on a fixed J60 sample, at one time limit: what it is worth.

    PYTHONPATH=src python bench/leveling/levers.py [--time-limit 5] [--class-every 4]

Rows: the default leveler, then one lever changed at a time (same instances, same limit), plus the
plain reference model. Gaps are to the best-known makespans of best_known.csv.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys

from plain import solve_plain
from run import DATA, instances

from plantrack.formats.detect import load_project
from plantrack.scheduling.leveling import CpOptions, level

HEAVY = {"use_overload_checker_in_cumulative": True, "use_timetable_edge_finding_in_cumulative": True}
VARIANTS: dict[str, CpOptions | None] = {
    "default (all levers)": CpOptions(),
    "no warm start (no hint, no horizon cut)": CpOptions(hint=False, cut_horizon=False),
    "hint but no horizon cut": CpOptions(cut_horizon=False),
    "+ finish interval in the cumulatives": CpOptions(finish_interval=True),
    "+ own LNS between two full solves": CpOptions(lns=True),
    "+ heavier cumulative propagation": CpOptions(parameters=dict(HEAVY)),
    "plain model (reference)": None,
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--class-every", type=int, default=4)
    parser.add_argument("--set", default="j60")
    args = parser.parse_args()
    with (DATA / "best_known.csv").open() as handle:
        best = {r["instance"]: int(r["optimal_or_best_upper"]) for r in csv.DictReader(handle)}
    paths = instances(args.set, args.class_every, stratified=True)
    projects = [(p.stem, load_project(p)[0]) for p in paths]
    title = f"variant ({args.set.upper()}, {len(paths)} instances, {args.time_limit:g} s)"
    print(f"| {title} | mean gap | at best-known |")
    print("|---|---:|---:|")
    for label, options in VARIANTS.items():
        gaps = []
        for n, (name, project) in enumerate(projects, 1):
            if options is None:
                value = solve_plain(project, args.time_limit).makespan or 10**6
            else:
                value = round(level(project, time_limit=args.time_limit, options=options).objective)
            gaps.append(100 * (value - best[name]) / best[name])
            print(f"\r{label} {n}/{len(projects)}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        at_best = sum(g <= 1e-9 for g in gaps)
        print(f"| {label} | {statistics.mean(gaps):.2f} % | {at_best}/{len(gaps)} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

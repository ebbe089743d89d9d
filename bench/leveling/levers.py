"""Each leveling lever changed alone on a fixed PSPLIB sample, at one time limit: what it is worth.

    PYTHONPATH=src python bench/leveling/levers.py [--time-limit 5] [--class-every 4] [--set j60]

Rows: the default leveler, then one lever changed at a time (same instances, same limit), plus the
plain reference model. Gaps are to the best-known makespans of best_known.csv; the time is the median
of the leveler's wall time per instance (the whole `level()` call).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from dataclasses import replace

from plain import solve_plain
from run import DATA, instances, require_data

from plantrack.formats.detect import load_project
from plantrack.scheduling.leveling import CpOptions, level

BASE = CpOptions()
PREVIOUS = replace(BASE, workers_per_core=1)
#: CP-SAT's generic neighbourhoods, local search and first-solution helpers (glob patterns)
NON_SCHEDULING = ["graph_*", "rnd_*", "rins*", "rens*", "feasibility_pump", "ls*", "fj*"]


def _with(**changes: object) -> CpOptions:
    return replace(BASE, **changes)  # type: ignore[arg-type]


def _trial(options: CpOptions = BASE, **levers: bool) -> CpOptions:
    """`options` with experimental levers switched (they sit apart from the defaults)."""
    return replace(options, experimental=replace(options.experimental, **levers))


def _prev(**changes: object) -> CpOptions:
    return replace(PREVIOUS, **changes)  # type: ignore[arg-type]


def _param(name: str, value: object) -> CpOptions:
    return _with(parameters={**BASE.parameters, name: value})


VARIANTS: dict[str, CpOptions | None] = {
    "default": BASE,
    "disjunctive cliques on": _trial(disjunctive=True),
    "disjunctive cliques off": _trial(disjunctive=False),
    "energy bound on": _trial(energy_bound=True),
    "energy bound off": _trial(energy_bound=False),
    "CPM start domains off": _with(tight_domains=False),
    "stronger warm start (SGS passes for ~10 % of the limit)": _with(heuristic_work_per_s=3000),
    "no warm start (no hint, no horizon cut)": _with(hint=False, cut_horizon=False),
    "8 workers on 2 cores": _param("num_workers", 8),
    "num_search_workers=2 (instead of num_workers)": _with(
        parameters={**BASE.parameters, "num_search_workers": 2, "num_workers": 0}
    ),
    "use_timetable_edge_finding_in_cumulative": _param("use_timetable_edge_finding_in_cumulative", True),
    "use_overload_checker_in_cumulative": _param("use_overload_checker_in_cumulative", True),
    "use_hard_precedences_in_cumulative": _param("use_hard_precedences_in_cumulative", True),
    "use_precedences_in_disjunctive_constraint off": _param(
        "use_precedences_in_disjunctive_constraint", False
    ),
    "optimize_with_lb_tree_search": _param("optimize_with_lb_tree_search", True),
    "use_objective_lb_search": _param("use_objective_lb_search", True),
    "symmetry_level=0": _param("symmetry_level", 0),
    "hard precedences + disjunctive cliques": _trial(
        _param("use_hard_precedences_in_cumulative", True), disjunctive=True
    ),
    "hard precedences + disjunctive cliques + energy bound": _trial(
        _param("use_hard_precedences_in_cumulative", True), disjunctive=True, energy_bound=True
    ),
    "energy bound + disjunctive cliques": _trial(disjunctive=True, energy_bound=True),
    "finish interval on": _trial(finish_interval=True),
    "our LNS between two full solves": _trial(lns=True),
    "hard precedences + 8 workers": _with(
        parameters={**BASE.parameters, "use_hard_precedences_in_cumulative": True, "num_workers": 8}
    ),
    # third round (measured against the then default, one CP-SAT worker per core: `PREVIOUS`)
    "previous default: one worker per core (CP-SAT's own split)": PREVIOUS,
    "linearization_level=2": _prev(parameters={"linearization_level": 2}),
    "push_all_tasks_toward_start": _prev(parameters={"push_all_tasks_toward_start": True}),
    "second core: scheduling LNS only": _prev(parameters={"ignore_subsolvers": NON_SCHEDULING}),
    "full subsolver quick_restart": _prev(parameters={"subsolvers": ["quick_restart"]}),
    "two full subsolvers": _prev(parameters={"num_full_subsolvers": 2}),
    "use_dynamic_precedence_in_cumulative": _prev(parameters={"use_dynamic_precedence_in_cumulative": True}),
    "our LNS on a thread beside a 1-worker full solve": _trial(PREVIOUS, lns_thread=True),
    "LNS only (no full search)": _prev(parameters={"use_lns_only": True}),
    "3 workers, 1 full subsolver": _prev(parameters={"num_workers": 3, "num_full_subsolvers": 1}),
    "4 workers, 1 full subsolver (now the default)": _prev(
        parameters={"num_workers": 4, "num_full_subsolvers": 1}
    ),
    "6 workers, 1 full subsolver": _prev(parameters={"num_workers": 6, "num_full_subsolvers": 1}),
    "4 workers, 1 full subsolver, scheduling LNS only": _with(
        parameters={"ignore_subsolvers": NON_SCHEDULING}
    ),
    "4 workers, 1 full subsolver, push_all_tasks_toward_start": _with(
        parameters={"push_all_tasks_toward_start": True}
    ),
    "plain model (reference)": None,
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--class-every", type=int, default=4)
    parser.add_argument("--set", default="j60")
    parser.add_argument("--only", nargs="*", help="variant labels to run (default: all)")
    parser.add_argument("--instances", nargs="*", help="instance names instead of the stratified sample")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--deterministic",
        type=float,
        help="stop CP-SAT on this deterministic time instead of the clock (load-independent; "
        "the wall limit becomes 10x --time-limit as a safety net)",
    )
    args = parser.parse_args()
    require_data()
    with (DATA / "best_known.csv").open() as handle:
        best = {r["instance"]: int(r["optimal_or_best_upper"]) for r in csv.DictReader(handle)}
    paths = instances(args.set, args.class_every, stratified=True)
    if args.instances:
        paths = [DATA / name[:3] / f"{name}.sm" for name in args.instances]  # j30…, j60…, j90…
    projects = [(p.stem, load_project(p)[0]) for p in paths]
    budget = f"dtime {args.deterministic:g}" if args.deterministic else f"{args.time_limit:g} s"
    title = f"variant ({args.set.upper()}, {len(paths)} instances, {budget}, {args.workers} workers)"
    print(f"| {title} | mean gap | max gap | at best-known | proven | median time |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, options in VARIANTS.items():
        if args.only and label not in args.only:
            continue
        gaps, times, proven = [], [], 0
        for n, (name, project) in enumerate(projects, 1):
            options = VARIANTS[label]
            began = time.perf_counter()
            if options is None:
                plain = solve_plain(project, args.time_limit, args.workers)
                value, proven = plain.makespan or 10**6, proven + plain.optimal
            else:
                limit = args.time_limit
                if args.deterministic:
                    extra = {"max_deterministic_time": args.deterministic}
                    options, limit = replace(options, parameters={**options.parameters, **extra}), limit * 10
                result = level(project, time_limit=limit, workers=args.workers, options=options)
                value, proven = round(result.objective), proven + (result.status == "optimal")
            times.append(time.perf_counter() - began)
            gaps.append(100 * (value - best[name]) / best[name])
            print(f"\r{label} {n}/{len(projects)}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        at_best = sum(g <= 1e-9 for g in gaps)
        print(
            f"| {label} | {statistics.mean(gaps):.2f} % | {max(gaps):.2f} % | {at_best}/{len(gaps)} | "
            f"{proven}/{len(gaps)} | {statistics.median(times):.2f} s |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Paired comparison of two genetic-search settings at a fixed amount of work, which the load cannot move.

    PYTHONPATH=src python bench/leveling/fixed_work.py --set j90 --strength 0.2 --seeds 0 1 \
        --lever peak=0.5 [--decodes 30000]

For every instance of paired.py's sample and every seed, the compiled genetic search (`genetic.Search`)
runs alone on this one thread, seeded as the leveler seeds it, until it has decoded and justified
`--decodes` activity lists (the search's own count: its population, each generation's children, the
hill-climbing tries), once with the settings the leveler gives it on plans above `proof_first_jobs`
("old", `--base` changes them) and once with the `--lever` fields of `genetic.Settings` set ("new").
The count is checked after every generation, so both sides stop within one generation (and one
restart) of it; the decodes each side made are printed. No clock decides anything, so the plans are
the same on an idle and on a loaded machine: the wall time printed is only a cost indication.

Printed: one line per pair, then each side's mean gap to best-known (best_known.csv), the pairs won,
lost and tied by "new", and the mean paired difference with its standard error.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from dataclasses import replace

from paired import parse_lever, sample, sample_parser, verdict
from run import DATA, require_data

from plantrack.formats.detect import load_project
from plantrack.scheduling.leveling import CpOptions
from plantrack.scheduling.leveling.bounds import early_pass, latest_starts
from plantrack.scheduling.leveling.build import build_problem
from plantrack.scheduling.leveling.genetic import Search, Settings, encode
from plantrack.scheduling.leveling.problem import LevelingProblem


def search(problem: LevelingProblem, seed: int, settings: Settings, decodes: int) -> tuple[int, int, float]:
    """The search's best makespan (axis steps) after `decodes` decodes at least, the decodes made and
    the seconds taken; seeded like `genetic.beside` seeds the forward search."""
    began = time.perf_counter()
    priority = latest_starts(problem, early_pass(problem), problem.horizon)
    found = Search(encode(problem), seed, priority, settings)
    while found.decodes < decodes:
        found.run(1)
    # the plan handed out must be as long as the search says
    span = max(s + j.duration for s, j in zip(found.best_start, problem.jobs, strict=True))
    assert span == found.best_span, (span, found.best_span)
    return found.best_span, found.decodes, time.perf_counter() - began


def main() -> int:
    parser = sample_parser(__doc__)
    parser.add_argument("--decodes", type=int, default=30000, help="decoded lists per search")
    parser.add_argument("--base", action="append", default=[], help="Settings field=value of both sides")
    parser.add_argument("--lever", action="append", default=[], help="Settings field=value of 'new'")
    args = parser.parse_args()
    require_data()
    with (DATA / "best_known.csv").open() as handle:
        best = {r["instance"]: int(r["optimal_or_best_upper"]) for r in csv.DictReader(handle)}
    names = args.instances or sample(args.set, args.strength)
    leveler = Settings(climb=CpOptions().genetic_climb)  # what `level()` runs on plans this size
    old = replace(leveler, **dict(parse_lever(text, Settings) for text in args.base))  # type: ignore[arg-type]
    new = replace(old, **dict(parse_lever(text, Settings) for text in args.lever))  # type: ignore[arg-type]
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC, load {os.getloadavg()[0]:.2f}")
    print(f"# old = {old}")
    print(f"# new = old with {', '.join(args.lever) or 'nothing changed'}; {args.decodes} decodes a search")
    gaps: dict[str, list[float]] = {"old": [], "new": []}
    for name in names:
        project, _ = load_project(DATA / name[:3] / f"{name}.sm")
        problem = build_problem(project, hard_deadlines=True)  # as `level()` builds it for "finish"
        hours = problem.axis.unit / 60  # PSPLIB: one period is one hour
        for seed in args.seeds:
            got: dict[str, tuple[int, int, float]] = {}
            for label, settings in (("old", old), ("new", new)):
                span, made, took = search(problem, seed, settings, args.decodes)
                got[label] = (round(span * hours), made, took)
                gaps[label].append(100 * (got[label][0] - best[name]) / best[name])
            (o, od, ot), (n, nd, nt) = got["old"], got["new"]
            print(
                f"{name} seed {seed}: old {o} new {n} (best-known {best[name]})"
                f" | decodes {od} / {nd}, {ot:.1f} s / {nt:.1f} s",
                flush=True,
            )
    print(verdict(gaps))
    print(f"# end {time.strftime('%H:%M:%S', time.gmtime())} UTC, load {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

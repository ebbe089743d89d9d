"""Paired comparison of two leveler settings on the same PSPLIB instances, seeds and run, alternated.

    PYTHONPATH=src python bench/leveling/paired.py --set j90 --strength 0.2 --seeds 0 1 \
        --lever genetic_mirrored=true

For every instance and seed, `level()` runs once with the defaults ("old") and once with the levers
set ("new"), in alternating order (old first on even pairs, new first on odd ones), so both see the
same load. Printed: one line per pair, then each side's mean gap to best-known, the pairs won, lost
and tied, and the mean paired difference with its standard error (a difference within about two
standard errors of zero is noise). The sample: the `--full --every 5` instances of run.py (the 1st and
6th of every parameter class), optionally of one resource strength (classes 1, 5, 9, ... are RS 0.2).
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import statistics
import sys
import time
from dataclasses import fields, replace

from run import DATA, require_data

from plantrack.formats.detect import load_project
from plantrack.scheduling.leveling import CpOptions, level

STRENGTHS = (0.2, 0.5, 0.7, 1.0)  # PSPLIB classes cycle through them: class c has STRENGTHS[(c-1) % 4]


def sample(set_name: str, strength: float | None) -> list[str]:
    classes = [c for c in range(1, 49) if strength is None or STRENGTHS[(c - 1) % 4] == strength]
    return [f"{set_name}{c}_{i}" for c in classes for i in (1, 6)]


def parse_lever(text: str, owner: type = CpOptions) -> tuple[str, object]:
    """`NAME=VALUE` as a field of the dataclass `owner` and its value of the field's type."""
    name, _, raw = text.partition("=")
    kinds = {f.name: f.type for f in fields(owner)}
    if name not in kinds:
        raise SystemExit(f"no {owner.__name__} field {name!r}")
    kind = str(kinds[name])
    value: object
    if kind == "bool":
        value = raw.lower() in ("1", "true", "yes", "on")
    elif kind == "int":
        value = int(raw)
    elif kind == "float":
        value = float(raw)
    else:
        raise SystemExit(f"{name}: type {kind} not handled")
    return name, value


def verdict(gaps: dict[str, list[float]]) -> str:
    """Each side's mean gap, the pairs won, lost and tied by "new", the mean paired difference and its
    standard error."""
    diffs = [n - o for o, n in zip(gaps["old"], gaps["new"], strict=True)]
    sem = statistics.stdev(diffs) / math.sqrt(len(diffs)) if len(diffs) > 1 else float("nan")
    won, lost = sum(d < 0 for d in diffs), sum(d > 0 for d in diffs)
    return (
        f"pairs {len(diffs)}: old {statistics.mean(gaps['old']):.3f} %,"
        f" new {statistics.mean(gaps['new']):.3f} %"
        f" | new better {won}, worse {lost}, tied {len(diffs) - won - lost}"
        f" | mean difference {statistics.mean(diffs):+.3f} points (s.e. {sem:.3f})"
    )


def sample_parser(description: str | None) -> argparse.ArgumentParser:
    """The options every paired comparison takes: which instances (`--set`, `--strength`,
    `--instances`) and which seeds."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", default="j90")
    parser.add_argument("--strength", type=float, choices=STRENGTHS)
    parser.add_argument("--instances", nargs="*", help="instance names instead of the sample")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    return parser


def main() -> int:
    parser = sample_parser(__doc__)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--lever", action="append", default=[], help="CpOptions field=value of 'new'")
    args = parser.parse_args()
    require_data()
    with (DATA / "best_known.csv").open() as handle:
        best = {r["instance"]: int(r["optimal_or_best_upper"]) for r in csv.DictReader(handle)}
    names = args.instances or sample(args.set, args.strength)
    old = CpOptions()
    new = replace(old, **dict(parse_lever(text) for text in args.lever))  # type: ignore[arg-type]
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC, load {os.getloadavg()[0]:.2f}")
    print(f"# new = defaults with {', '.join(args.lever) or 'nothing changed'}; {args.time_limit:g} s")
    gaps: dict[str, list[float]] = {"old": [], "new": []}
    pair = 0
    for name in names:
        project, _ = load_project(DATA / name[:3] / f"{name}.sm")
        for seed in args.seeds:
            sides = [("old", old), ("new", new)]
            got: dict[str, int] = {}
            for label, options in sides if pair % 2 == 0 else sides[::-1]:
                result = level(project, time_limit=args.time_limit, seed=seed, options=options)
                got[label] = round(result.objective)
                gaps[label].append(100 * (got[label] - best[name]) / best[name])
            print(
                f"{name} seed {seed}: old {got['old']} new {got['new']} (best-known {best[name]})", flush=True
            )
            pair += 1
    print(verdict(gaps))
    print(f"# end {time.strftime('%H:%M:%S', time.gmtime())} UTC, load {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Leveling quality on PSPLIB: our leveler vs the heuristic vs a plain CP-SAT model, one table.

Each instance goes through the public path (`formats.detect.load_project` as `plantrack import` does,
then `scheduling.leveling.level`); the plain model reads the same imported project. Usage:

    PYTHONPATH=src python bench/leveling/run.py                      # J30 all, J60/J90 one per class
    PYTHONPATH=src python bench/leveling/run.py --class-every 2      # J60/J90: every second class
    PYTHONPATH=src python bench/leveling/run.py --sets j30 --every 4 --time-limit j30=1

The J60/J90 default sample is stratified: one instance of each of the 48 parameter classes
(instance ((class - 1) mod 10) + 1), because a full 10-second run of 960 instances is too long here.
Every class holds 10 of a set's 480 instances, so this sample weighs the classes as the whole set
does. `--full --every 5` takes two instances per class (the 1st and 6th), also in the set's
proportions. `--class-every 2` is not: the classes cycle through the resource strengths 0.2, 0.5,
0.7 and 1.0, so every second class keeps only RS 0.2 (the hard quarter of the set) and RS 0.7, and
the RS 0.2 instances weigh twice what they weigh in the set.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from plain import solve_plain

from plantrack.formats.detect import load_project
from plantrack.scheduling.leveling import Method, level

DATA = (
    Path(os.environ.get("PLANTRACK_SHARED") or Path(__file__).resolve().parents[3] / "shared")
    / "data"
    / "psplib"
)


def require_data() -> None:
    """The PSPLIB sets are read in place from the shared data: say where they were looked for."""
    if not DATA.is_dir():
        raise SystemExit(
            f"error: PSPLIB data not found at {DATA} (../shared/data beside the repository, "
            "or $PLANTRACK_SHARED/data)"
        )


# J30's target is a median time (≤ 1 s) with every instance at the optimum, so J30 gets the same
# 10 s limit as J60/J90: most instances stop on a proof well before it (BENCHMARKS.md)
DEFAULT_LIMITS = {"j30": 10.0, "j60": 10.0, "j90": 10.0}
METHODS = ("leveler", "heuristic", "plain")


@dataclass(frozen=True, slots=True)
class Row:
    set: str
    instance: str
    method: str
    makespan: int | None
    proven: bool
    time_s: float


def instances(name: str, every: int, stratified: bool) -> list[Path]:
    folder = DATA / name
    if stratified:  # `every` then thins the classes: 2 = one instance of every second class
        return [folder / f"{name}{c}_{(c - 1) % 10 + 1}.sm" for c in range(1, 49, every)]
    files = sorted(folder.glob("*.sm"), key=lambda p: [int(x) for x in p.stem[3:].split("_")])
    return files[::every]


def through_cli(path: Path, limit: float, workers: int) -> tuple[int, bool, float]:
    """`plantrack import FILE.sm` then `plantrack schedule --level --json` in a fresh workspace, as a
    user runs them: the makespan (project.duration_hours), whether it is proven, the leveling time."""
    with tempfile.TemporaryDirectory() as folder:
        workspace = str(Path(folder) / "bench.plantrack.json")
        command = [sys.executable, "-m", "plantrack"]
        subprocess.run([*command, "import", str(path), "-w", workspace], check=True, capture_output=True)
        level_args = ["schedule", "--level", "--time-limit", f"{limit:g}", "--json", "-w", workspace]
        if workers:
            level_args += ["--workers", str(workers)]
        done = subprocess.run([*command, *level_args], check=True, capture_output=True, text=True)
    doc = json.loads(done.stdout)
    leveling = doc["leveling"]
    return round(doc["project"]["duration_hours"]), leveling["status"] == "optimal", leveling["time_s"]


def run_one(path: Path, set_name: str, limit: float, workers: int, cli: bool = False) -> list[Row]:
    project, _ = load_project(path)
    rows = []
    if cli:
        rows.append(Row(set_name, path.stem, "leveler", *through_cli(path, limit, workers)))
    else:
        began = time.perf_counter()
        ours = level(project, time_limit=limit, workers=workers)
        rows.append(
            Row(
                set_name,
                path.stem,
                "leveler",
                round(ours.objective),
                ours.status == "optimal",
                time.perf_counter() - began,
            )
        )
    began = time.perf_counter()
    greedy = level(project, method=Method.HEURISTIC)
    rows.append(
        Row(
            set_name,
            path.stem,
            "heuristic",
            round(greedy.objective),
            greedy.status == "optimal",  # proven when it meets the critical-path or energy bound
            time.perf_counter() - began,
        )
    )
    plain = solve_plain(project, limit, workers)
    rows.append(Row(set_name, path.stem, "plain", plain.makespan, plain.optimal, plain.time_s))
    return rows


#: ProGen's resource strengths, cycling with the parameter class (class 1: 0.2, class 2: 0.5, ...)
STRENGTHS = (0.2, 0.5, 0.7, 1.0)


def strength(instance: str) -> float:
    """The resource strength of a PSPLIB instance (`j6013_3`: class 13, RS 0.2), from its class."""
    return STRENGTHS[(int(instance[3:].split("_")[0]) - 1) % 4]


def table(
    rows: list[Row],
    reference: dict[str, dict[str, str]],
    limits: dict[str, float],
    by_strength: bool = False,
) -> str:
    lines = [
        "| set | method | limit | n | mean gap to best-known | max gap | at best-known | proven optimal "
        "| mean dev. from LB0 | median time |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    groups: list[tuple[str, str, float | None]] = []
    for set_name in dict.fromkeys(r.set for r in rows):
        groups.append((set_name, set_name.upper(), None))
        if by_strength:
            present = sorted({strength(r.instance) for r in rows if r.set == set_name})
            groups += [(set_name, f"{set_name.upper()} RS {rs:g}", rs) for rs in present]
    for set_name, label, rs in groups:
        for method in METHODS:
            chosen = [
                r
                for r in rows
                if r.set == set_name and r.method == method and (rs is None or strength(r.instance) == rs)
            ]
            gaps, devs = [], []
            for r in chosen:
                ref = reference[r.instance]
                best, lb0 = int(ref["optimal_or_best_upper"]), int(ref["critical_path_lb"])
                value = r.makespan if r.makespan is not None else 10**6
                gaps.append(100 * (value - best) / best)
                devs.append(100 * (value - lb0) / lb0)
            at_best = sum(g <= 1e-9 for g in gaps)
            proven = sum(r.proven for r in chosen)
            limit = "—" if method == "heuristic" else f"{limits[set_name]:g} s"
            lines.append(
                f"| {label} | {method} | {limit} | {len(chosen)} | {statistics.mean(gaps):.2f} % "
                f"| {max(gaps):.2f} % | {at_best}/{len(chosen)} | {proven}/{len(chosen)} "
                f"| {statistics.mean(devs):.2f} % | {statistics.median(r.time_s for r in chosen):.2f} s |"
            )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sets", default="j30,j60,j90")
    parser.add_argument("--every", type=int, default=1, help="J30 (or --full): take every N-th instance")
    parser.add_argument(
        "--class-every", type=int, default=1, help="J60/J90: one instance of every K-th class"
    )
    parser.add_argument(
        "--full", action="store_true", help="J60/J90: every N-th instance instead of one per class"
    )
    parser.add_argument("--time-limit", action="append", default=[], metavar="SET=SECONDS")
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--csv", type=Path, help="also write one row per instance and method")
    parser.add_argument(
        "--by-strength", action="store_true", help="also a row per resource strength of each set"
    )
    parser.add_argument("--from-csv", type=Path, help="print the table of an earlier run's --csv file")
    parser.add_argument(
        "--cli",
        action="store_true",
        help="level through `plantrack import` and `plantrack schedule --level --json` (a process each)",
    )
    args = parser.parse_args()
    require_data()
    limits = dict(DEFAULT_LIMITS)
    for item in args.time_limit:
        key, _, value = item.partition("=")
        limits[key] = float(value)
    with (DATA / "best_known.csv").open() as handle:
        reference = {r["instance"]: r for r in csv.DictReader(handle)}
    if args.from_csv:
        with args.from_csv.open() as handle:
            rows = [
                Row(r["set"], r["instance"], r["method"], int(r["makespan"]) if r["makespan"] else None,
                    r["proven"] == "1", float(r["time_s"]))
                for r in csv.DictReader(handle)
            ]  # fmt: skip
        print(table(rows, reference, limits, args.by_strength))
        return 0
    rows = []
    for set_name in args.sets.split(","):
        stratified = set_name != "j30" and not args.full
        paths = instances(set_name, args.class_every if stratified else args.every, stratified)
        for n, path in enumerate(paths, 1):
            rows += run_one(path, set_name, limits[set_name], args.workers, args.cli)
            print(f"\r{set_name} {n}/{len(paths)}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
    if args.csv:
        with args.csv.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["set", "instance", "method", "makespan", "proven", "time_s"])
            writer.writerows(
                [r.set, r.instance, r.method, r.makespan, int(r.proven), f"{r.time_s:.3f}"] for r in rows
            )
    print(table(rows, reference, limits, args.by_strength))
    return 0


if __name__ == "__main__":
    sys.exit(main())

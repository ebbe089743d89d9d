"""Leveling a large generated plan: `plantrack schedule --level` against TaskJuggler 3, whole processes.

The plan (issue 20's target 1): ~sqrt(n) layers of ~sqrt(n) tasks, every task after the first layer
has 2 finish-to-start predecessors in the previous layer, lasts 1 to 5 working days and needs one of
8 resources of capacity 1; Monday to Friday, 08:00-12:00 and 13:00-17:00, no holidays. It is written
once as a plantrack project file (TOML, imported into a workspace) and once as a TaskJuggler `.tjp`
(same calendar, resources and links; each task an `effort` on its one resource, so TaskJuggler levels
it ASAP with its own priority heuristic). Usage:

    PYTHONPATH=src python bench/leveling/vs_taskjuggler.py                  # 2,000 tasks, 5 runs each
    PYTHONPATH=src python bench/leveling/vs_taskjuggler.py --sizes 2000 5000 10000 --runs 3
    PYTHONPATH=src python bench/leveling/vs_taskjuggler.py --baseline ../main/src   # and an earlier tree

Each run times the whole process: `plantrack schedule --level --time-limit 5` on a fresh copy of the
imported workspace (its table to a file) and `tj3 --silent --no-reports`, alternately (with
`--baseline`, a third process: plantrack from that source tree, for a before/after in the same run).
The finishes are read untimed: plantrack's from `plantrack schedule --json` on the workspace the
timed run leveled, TaskJuggler's from a CSV task report written by a separate `tj3` run. Finishes are
in working days from the project start (working hours / 8).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

START = dt.date(2000, 1, 3)  # a Monday, early: TaskJuggler's calendar ends in 2035
RESOURCES = 8
DAY_HOURS = ((8, 12), (13, 17))


@dataclass(frozen=True, slots=True)
class Plan:
    days: list[int]  # duration of each task in working days
    owner: list[int]  # the one resource each task needs
    preds: list[list[int]]  # finish-to-start predecessors


def generate(n: int, seed: int = 1) -> Plan:
    """Layers of ~sqrt(n) tasks; each task after the first layer has 2 predecessors in the previous one."""
    rnd = random.Random(seed)
    width = max(2, round(n**0.5))
    days = [rnd.randint(1, 5) for _ in range(n)]
    owner = [rnd.randrange(RESOURCES) for _ in range(n)]
    preds: list[list[int]] = []
    for i in range(n):
        layer = i // width
        if layer == 0:
            preds.append([])
            continue
        lo, hi = (layer - 1) * width, layer * width
        preds.append(sorted(rnd.sample(range(lo, hi), 2)))
    return Plan(days, owner, preds)


def to_toml(plan: Plan) -> str:
    out = [
        "[project]",
        f'name = "Leveling {len(plan.days)} tasks"',
        f"start = {START.isoformat()}",
        'calendar = "plant"',
        "hours_per_day = 8",
        "",
        "[calendars.plant]",
        'weekdays = ["mon", "tue", "wed", "thu", "fri"]',
        'hours = ["08:00-12:00", "13:00-17:00"]',
        "",
    ]
    for r in range(RESOURCES):
        out += [f"[resources.r{r}]", ""]
    for i, (days, owner, preds) in enumerate(zip(plan.days, plan.owner, plan.preds, strict=True)):
        out += ["[[tasks]]", f'id = "t{i}"', f'duration = "{days}d"', f"resources = {{ r{owner} = 1 }}"]
        if preds:
            out.append("after = [" + ", ".join(f'"t{p}"' for p in preds) + "]")
        out.append("")
    return "\n".join(out)


def to_tjp(plan: Plan, csv_report: bool) -> str:
    # room for the resources' work in a row (5 working days a week), and a half more
    end = START + dt.timedelta(days=max(400, 2 * 7 * sum(plan.days) // (5 * RESOURCES)))
    out = [
        f'project bench "Leveling" {START.isoformat()} - {end.isoformat()} {{',
        '  timezone "UTC"',
        "  dailyworkinghours 8",
        "  workinghours mon - fri 8:00 - 12:00, 13:00 - 17:00",
        "  workinghours sat, sun off",
        "}",
    ]
    out += [f'resource r{r} "r{r}"' for r in range(RESOURCES)]
    for i, (days, owner, preds) in enumerate(zip(plan.days, plan.owner, plan.preds, strict=True)):
        out.append(f'task t{i} "t{i}" {{')
        out.append(f"  effort {days}d")
        out.append(f"  allocate r{owner}")
        if preds:
            out.append("  depends " + ", ".join(f"t{p}" for p in preds))
        else:
            out.append(f"  start {START.isoformat()}")
        out.append("}")
    if csv_report:
        out += [
            'taskreport plan "plan" {',
            "  formats csv",
            "  columns id, start, end",
            '  timeformat "%Y-%m-%d %H:%M"',
            "}",
        ]
    return "\n".join(out) + "\n"


def working_days(end: dt.datetime) -> float:
    """Working hours from START's first hour to `end`, over 8: the finish in working days."""
    hours = 0.0
    day = START
    while day < end.date():
        if day.weekday() < 5:
            hours += 8
        day += dt.timedelta(days=1)
    if end.date().weekday() < 5:
        clock = end.hour + end.minute / 60
        hours += sum(max(0.0, min(clock, b) - a) for a, b in DAY_HOURS)
    return hours / 8


def timed(cmd: list[str], stdout: Path | None = None, env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    with open(stdout or os.devnull, "w") as sink:
        subprocess.run(cmd, check=True, stdout=sink, stderr=subprocess.PIPE, env=env)
    return time.perf_counter() - t0


def plantrack_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "plantrack", *args]


def source_env(src: Path | None) -> dict[str, str]:
    """The environment that runs plantrack from `src` (a source tree), else the installed one; with
    bytecode written and read as an installed package has it (the untimed first run writes it)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if src is not None:
        env["PYTHONPATH"] = str(src.resolve())
    return env


def plantrack_finish(workspace: Path) -> float:
    out = subprocess.run(
        plantrack_cmd("schedule", "--json", "-w", str(workspace)),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    doc = json.loads(out)
    return working_days(dt.datetime.fromisoformat(doc["project"]["finish"]))


def tj_finish(folder: Path, tjp: Path) -> float:
    subprocess.run(["tj3", "--silent", "-o", str(folder), str(tjp)], check=True, capture_output=True)
    with open(folder / "plan.csv", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    col = [c.strip().lower() for c in rows[0]].index("end")
    return working_days(max(dt.datetime.strptime(r[col], "%Y-%m-%d %H:%M") for r in rows[1:] if r))


def measure(n: int, runs: int, limit: float, extra: list[str], baseline: Path | None) -> str:
    plan = generate(n)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "plan.toml").write_text(to_toml(plan))
        (folder / "plan.tjp").write_text(to_tjp(plan, csv_report=False))
        (folder / "report.tjp").write_text(to_tjp(plan, csv_report=True))
        pristine = folder / "pristine.plantrack.json"
        subprocess.run(
            plantrack_cmd("import", str(folder / "plan.toml"), "-w", str(pristine)),
            check=True,
            capture_output=True,
        )
        tj_end = tj_finish(folder, folder / "report.tjp")
        work = folder / "run.plantrack.json"
        level = plantrack_cmd("schedule", "--level", "--time-limit", f"{limit:g}", *extra, "-w", str(work))
        tj = ["tj3", "--silent", "--no-reports", str(folder / "plan.tjp")]
        who = ["pt", "tj"] + (["base"] if baseline is not None else [])
        for name in who[::2] if baseline is not None else who[:1]:
            # one untimed run each: Python writes the tree's bytecode, numba compiles its kernels
            shutil.copyfile(pristine, work)
            timed(level, None, source_env(baseline if name == "base" else None))
        times: dict[str, list[float]] = {k: [] for k in who}
        finishes: dict[str, list[float]] = {"pt": [], "base": []}
        for k in range(runs):
            # rotate which process goes first, so a load change does not favour one of them
            for name in who[k % len(who) :] + who[: k % len(who)]:
                if name == "tj":
                    times[name].append(timed(tj))
                    continue
                shutil.copyfile(pristine, work)
                env = source_env(baseline if name == "base" else None)
                times[name].append(timed(level, folder / "table.txt", env))
                finishes[name].append(plantrack_finish(work))
        med = {k: statistics.median(v) for k, v in times.items()}
        row = f"| {n:,} | {med['tj']:.2f} | {tj_end:g} |"
        for name in who[2:] + who[:1]:  # before, then after
            f = finishes[name]
            row += (
                f" {med[name]:.2f} ({min(times[name]):.2f}-{max(times[name]):.2f}) |"
                f" {med[name] / med['tj']:.2f} | {min(f):g}-{max(f):g} |"
            )
        return row


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--extra", nargs="*", default=[], help="more `plantrack schedule` options")
    parser.add_argument("--baseline", type=Path, help="also time plantrack from this source tree (its src/)")
    args = parser.parse_args()
    if shutil.which("tj3") is None:
        raise SystemExit("error: tj3 not found (Debian package tj3)")
    load = os.getloadavg()
    print(
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    head = "| tasks | tj3 s | tj3 finish (wd) |"
    for label in (["baseline"] if args.baseline else []) + ["plantrack"]:
        head += f" {label} s (min-max) | {label} / tj3 | {label} finish (wd) |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for n in args.sizes:
        print(measure(n, args.runs, args.time_limit, args.extra, args.baseline), flush=True)
    load = os.getloadavg()
    print(f"load after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

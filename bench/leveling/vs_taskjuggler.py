"""Leveling a large generated plan: `plantrack schedule --level` against TaskJuggler 3, whole processes.

The plan (issue 20's target 1): ~sqrt(n) layers of ~sqrt(n) tasks, every task after the first layer
has 2 finish-to-start predecessors in the previous layer, lasts 1 to 5 working days and needs one of
8 resources of capacity 1; Monday to Friday, 08:00-12:00 and 13:00-17:00, no holidays. It is written
once as a plantrack project file (TOML, imported into a workspace) and once as a TaskJuggler `.tjp`
(same calendar, resources and links; each task an `effort` on its one resource, so TaskJuggler levels
it ASAP with its own priority heuristic). Usage:

    PYTHONPATH=src python bench/leveling/vs_taskjuggler.py          # 2,000, 5,000, 10,000 tasks, 3 runs each
    PYTHONPATH=src python bench/leveling/vs_taskjuggler.py --sizes 2000 --runs 5
    PYTHONPATH=src python bench/leveling/vs_taskjuggler.py --baseline ../main/src   # and an earlier tree
    PYTHONPATH=src python bench/leveling/vs_taskjuggler.py --sizes 2000 --time-limit 1 2 3 5

Each run times the whole process: `plantrack schedule --level --time-limit 5` on a fresh copy of the
imported workspace (its table to a file) and `tj3 --silent --no-reports`, alternately (with
`--baseline`, a third process: plantrack from that source tree, for a before/after in the same run;
with several `--time-limit` values, one plantrack process per limit, all alternated in each run, and a
closing line naming the limits at which plantrack is both faster and not longer than TaskJuggler).
Each process's CPU time (user + system, all threads) is given beside its wall time: TaskJuggler runs
on one thread, so on a loaded machine its CPU time is about what it would take on an idle one.
The finishes are read untimed: plantrack's from `plantrack schedule --json` on the workspace the
timed run leveled, TaskJuggler's from a CSV task report (id, start, end) written by a separate `tj3`
run, since `--no-reports` writes none (that run is timed too, as "tj3 + CSV"). Finishes are in working
days from the project start (working hours / 8). Both plans are then checked against the generated
plan, independently of either tool: each task's span is its work (no split), every predecessor has
finished when it starts, and no resource holds two tasks at once (capacity 1); the lower bound printed
is the larger of the busiest resource's work and the longest chain of links.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import platform
import random
import re
import resource
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


def to_tjp(plan: Plan, reports: bool) -> str:
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
    if reports:
        out += [
            'taskreport plan "plan" {',
            "  formats csv",
            "  columns id, start, end",
            '  timeformat "%Y-%m-%d %H:%M"',
            "}",
            # the work TaskJuggler booked, spell by spell (its effort tasks may be interrupted)
            'export bookings "bookings" {',
            "  definitions -",
            "  taskattributes booking",
            "  resourceattributes -",
            "}",
        ]
    return "\n".join(out) + "\n"


def working_hours(when: dt.datetime) -> float:
    """Working hours from START's first hour to `when` (START is a Monday: a week is 5 days of 8 h)."""
    weeks, rest = divmod((when.date() - START).days, 7)
    hours = 40.0 * weeks + 8.0 * min(rest, 5)
    if rest < 5:
        clock = when.hour + when.minute / 60
        hours += sum(max(0.0, min(clock, b) - a) for a, b in DAY_HOURS)
    return hours


def working_days(end: dt.datetime) -> float:
    """The finish in working days from the project start."""
    return working_hours(end) / 8


Spans = dict[str, tuple[float, float]]  # task id -> (start, end) in working hours from START
Bookings = dict[str, list[tuple[str, float, float]]]  # task id -> (resource, start, end) spells of work


def lower_bound(plan: Plan) -> int:
    """Working days no plan can beat: the busiest resource's work, or the longest chain of links."""
    energy = [0] * RESOURCES
    for days, owner in zip(plan.days, plan.owner, strict=True):
        energy[owner] += days
    chain = [0] * len(plan.days)
    for i, preds in enumerate(plan.preds):  # predecessors come first in the generated order
        chain[i] = plan.days[i] + max((chain[p] for p in preds), default=0)
    return max(max(energy), max(chain))


def check(plan: Plan, spans: Spans, booked: Bookings) -> list[str]:
    """What in a leveled plan breaks the generated plan's rules (empty: work, links and capacities hold).

    `booked` is the work each task was given, in spells on a resource; every spell of a task lies in
    its span, which it fills from end to end; the spells of a task add up to its work, all on its one
    resource, and no two spells on a resource overlap (capacity 1)."""
    problems: list[str] = []
    if len(spans) != len(plan.days) or len(booked) != len(plan.days):
        return [f"{len(spans)} spans and {len(booked)} booked tasks for {len(plan.days)} generated"]
    busy: list[list[tuple[float, float, int]]] = [[] for _ in range(RESOURCES)]
    for i, (days, owner, preds) in enumerate(zip(plan.days, plan.owner, plan.preds, strict=True)):
        start, end = spans[f"t{i}"]
        spells = booked[f"t{i}"]
        work = sum(b - a for _, a, b in spells)
        if work != 8 * days:
            problems.append(f"t{i}: {work:g} working hours booked, its work is {8 * days}")
        if min(a for _, a, _ in spells) != start or max(b for _, _, b in spells) != end:
            problems.append(f"t{i}: its work does not fill its span")
        problems += [f"t{i} on {r}, not r{owner}" for r, _, _ in spells if r != f"r{owner}"]
        problems += [f"t{i} starts before t{p} ends" for p in preds if start < spans[f"t{p}"][1]]
        busy[owner] += [(a, b, i) for _, a, b in spells]
    for r, held in enumerate(busy):
        held.sort()
        for (_, end, a), (start, _, b) in itertools.pairwise(held):
            if start < end:
                problems.append(f"r{r} holds t{a} and t{b} at once")
    return problems


def unsplit(plan: Plan, spans: Spans) -> Bookings:
    """A plan whose tasks run without a break: each task's work is its span, on its resource."""
    return {f"t{i}": [(f"r{owner}", *spans[f"t{i}"])] for i, owner in enumerate(plan.owner)}


def split(plan: Plan, spans: Spans) -> int:
    """How many tasks were interrupted: their span is longer than their work."""
    return sum(spans[f"t{i}"][1] - spans[f"t{i}"][0] > 8 * days for i, days in enumerate(plan.days))


def verdict(problems: list[str]) -> str:
    return "ok" if not problems else f"{len(problems)} faults, e.g. {problems[0]}"


def timed(
    cmd: list[str], stdout: Path | None = None, env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[float, float]:
    """The wall-clock seconds of a whole process, and the CPU seconds it used (user + system, all its
    threads): on a loaded machine a one-thread process's CPU time is about its wall time on an idle one."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(stdout or os.devnull, "w") as sink:
        subprocess.run(cmd, check=True, stdout=sink, stderr=subprocess.PIPE, env=env, cwd=cwd)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
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


def plantrack_plan(workspace: Path) -> Spans:
    out = subprocess.run(
        plantrack_cmd("schedule", "--json", "-w", str(workspace)),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {
        task["id"]: (
            working_hours(dt.datetime.fromisoformat(task["start"])),
            working_hours(dt.datetime.fromisoformat(task["finish"])),
        )
        for task in json.loads(out)["tasks"]
    }


def tj_plan(folder: Path, tjp: Path) -> tuple[Spans, Bookings, float]:
    """TaskJuggler's plan from its CSV task report, the work it booked, and the time of the run."""
    # in the folder: `-o` places the CSV report there, but the export goes to the working directory
    took, _cpu = timed(["tj3", "--silent", "-o", str(folder), str(tjp)], cwd=folder)
    with open(folder / "plan.csv", newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter=";") if r]
    head = [c.strip().lower() for c in rows[0]]
    at = {name: head.index(name) for name in ("id", "start", "end")}

    def hours(text: str) -> float:
        return working_hours(dt.datetime.strptime(text, "%Y-%m-%d %H:%M"))

    spans = {r[at["id"]]: (hours(r[at["start"]]), hours(r[at["end"]])) for r in rows[1:]}
    return spans, tj_bookings((folder / "bookings.tji").read_text()), took


def tj_bookings(text: str) -> Bookings:
    """The spells of an `export` report's `booking` lines: `r5 2000-01-03-08:00-+0000 + 4.0h, ...`."""
    booked: Bookings = {}
    task = resource = ""
    for line in text.splitlines():
        if found := re.match(r"supplement task (\S+) \{", line):
            task = found[1]
            booked[task] = []
        if found := re.match(r"\s*booking (\S+) ", line):
            resource = found[1]
        for when, length in re.findall(r"(\d{4}-\d\d-\d\d-\d\d:\d\d)-\+0000 \+ ([\d.]+)h", line):
            begin = dt.datetime.strptime(when, "%Y-%m-%d-%H:%M")
            end = begin + dt.timedelta(hours=float(length))
            booked[task].append((resource, working_hours(begin), working_hours(end)))
    return booked


def finish(spans: Spans) -> float:
    return max(end for _, end in spans.values()) / 8


def measure(
    n: int, runs: int, limits: list[float], extra: list[str], baseline: Path | None
) -> tuple[str, str]:
    """One table row for `n` tasks, and a line naming the limits at which plantrack is both faster
    than TaskJuggler (median wall time) and not longer (its latest finish over the runs)."""
    plan = generate(n)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "plan.toml").write_text(to_toml(plan))
        (folder / "plan.tjp").write_text(to_tjp(plan, reports=False))
        (folder / "report.tjp").write_text(to_tjp(plan, reports=True))
        pristine = folder / "pristine.plantrack.json"
        subprocess.run(
            plantrack_cmd("import", str(folder / "plan.toml"), "-w", str(pristine)),
            check=True,
            capture_output=True,
        )
        tj_spans, tj_booked, tj_reports_took = tj_plan(folder, folder / "report.tjp")
        work = folder / "run.plantrack.json"
        tj = ["tj3", "--silent", "--no-reports", str(folder / "plan.tjp")]
        trees = (["base"] if baseline is not None else []) + ["pt"]
        # each (tree, limit) is its own process, alternated with TaskJuggler's in every run
        levels = {
            f"{tree}@{limit:g}": (
                plantrack_cmd("schedule", "--level", "--time-limit", f"{limit:g}", *extra, "-w", str(work)),
                source_env(baseline if tree == "base" else None),
            )
            for tree in trees
            for limit in limits
        }
        for tree in trees:
            # one untimed run each: Python writes the tree's bytecode, numba compiles its kernels
            shutil.copyfile(pristine, work)
            command, env = levels[f"{tree}@{limits[0]:g}"]
            timed(command, None, env)
        who = ["tj", *levels]
        times: dict[str, list[float]] = {k: [] for k in who}
        cpus: dict[str, list[float]] = {k: [] for k in who}
        finishes: dict[str, list[float]] = {k: [] for k in levels}
        faults: dict[str, list[str]] = {k: [] for k in levels}
        for k in range(runs):
            # rotate which process goes first, so a load change does not favour one of them
            for name in who[k % len(who) :] + who[: k % len(who)]:
                if name == "tj":
                    wall, cpu = timed(tj)
                else:
                    shutil.copyfile(pristine, work)
                    command, env = levels[name]
                    wall, cpu = timed(command, folder / "table.txt", env)
                times[name].append(wall)
                cpus[name].append(cpu)
                if name == "tj":
                    continue
                spans = plantrack_plan(work)
                finishes[name].append(finish(spans))
                faults[name] += check(plan, spans, unsplit(plan, spans))
        med = {k: statistics.median(v) for k, v in times.items()}
        cpu_med = {k: statistics.median(v) for k, v in cpus.items()}
        tj_finish = finish(tj_spans)
        row = (
            f"| {n:,} | {lower_bound(plan):,}"
            f" | {med['tj']:.2f} ({min(times['tj']):.2f}-{max(times['tj']):.2f}) | {cpu_med['tj']:.2f}"
            f" | {tj_reports_took:.2f} | {tj_finish:g} | {split(plan, tj_spans):,}"
            f" | {verdict(check(plan, tj_spans, tj_booked))} |"
        )
        for name in levels:
            f = finishes[name]
            row += (
                f" {med[name]:.2f} ({min(times[name]):.2f}-{max(times[name]):.2f}) | {cpu_med[name]:.2f} |"
                f" {med[name] / med['tj']:.2f} | {statistics.median(f):g} ({min(f):g}-{max(f):g}) |"
                f" {verdict(faults[name])} |"
            )
        both = [
            name.replace("pt@", "")
            for name in levels
            if name.startswith("pt@") and med[name] < med["tj"] and max(finishes[name]) <= tj_finish
        ]
        note = f"{n:,} tasks: plantrack faster than tj3 and not longer at --time-limit " + (
            ", ".join(both) if both else "none of those measured"
        )
        return row, note


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--time-limit",
        type=float,
        nargs="+",
        default=[5.0],
        help="plantrack's limit in seconds; several: each its own process, alternated in every run",
    )
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
    head = (
        "| tasks | bound (wd) | tj3 s (min-max) | tj3 CPU s | tj3 + reports s | tj3 finish (wd) | tj3 split |"
    )
    head += " tj3 check |"
    for tree in (["baseline"] if args.baseline else []) + ["plantrack"]:
        for limit in args.time_limit:
            label = f"{tree} {limit:g} s limit"
            head += f" {label}: s (min-max) | CPU s | / tj3 | finish (wd) median (min-max) | check |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    notes = []
    for n in args.sizes:
        row, note = measure(n, args.runs, args.time_limit, args.extra, args.baseline)
        print(row, flush=True)
        notes.append(note)
    print("\n".join(notes))
    load = os.getloadavg()
    print(f"load after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the cost of speaking French: `plantrack --help` and `schedule` on 100k tasks, fr against en.

Run: PYTHONPATH=src python bench/lang.py [--runs 7] [--tasks 100000]
Each run times, in fresh interpreters and in alternating order so that the machine's load falls on
both alike: `plantrack --help` and `plantrack schedule` (plan stored, table to /dev/null) with
PLANTRACK_LANG=en, with PLANTRACK_LANG=fr, and with the language taken from the project's own
`language = "fr"` (no explicit choice: the workspace's project table is read first). Prints the
median, min and max of each and the ratio to English; the target is French within 5 % of English.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cpm import layered
from plantrack.store import WorkspaceState, create_workspace


def timed(args: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "plantrack", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tasks", type=int, default=100000)
    args = parser.parse_args()
    base = {k: v for k, v in os.environ.items() if k not in ("PLANTRACK_LANG", "LC_ALL", "LC_MESSAGES")}
    base.update(PYTHONPATH=os.pathsep.join(sys.path), LANG="C.UTF-8")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"# {machine}, {dt.date.today()}")
    print(f"# load average at start (1 / 5 / 15 min): {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        # one workspace per case: the stored plan keeps its warnings in the language that stored it, so
        # running one file in both languages by turns would rewrite it at every switch
        plain_en = Path(tmp) / "plain-en.plantrack.json"
        plain_fr = Path(tmp) / "plain-fr.plantrack.json"
        french = Path(tmp) / "french.plantrack.json"
        project = layered(args.tasks)
        create_workspace(plain_en, WorkspaceState(project=project))
        create_workspace(plain_fr, WorkspaceState(project=project))
        create_workspace(french, WorkspaceState(project=dataclasses.replace(project, language="fr")))
        cases = {
            "en (PLANTRACK_LANG=en)": ({**base, "PLANTRACK_LANG": "en"}, plain_en),
            "fr (PLANTRACK_LANG=fr)": ({**base, "PLANTRACK_LANG": "fr"}, plain_fr),
            'fr (project language = "fr")': (base, french),
        }
        for env, path in cases.values():  # store the plan once: every timed run reads it back unchanged
            timed(["schedule", "-w", str(path)], env)
        times: dict[tuple[str, str], list[float]] = {}
        for run in range(args.runs):
            order = list(cases.items())
            order = order if run % 2 == 0 else order[::-1]
            for label, (env, path) in order:
                times.setdefault(("--help", label), []).append(timed(["--help"], env))
                times.setdefault(("schedule", label), []).append(timed(["schedule", "-w", str(path)], env))
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"| command ({args.tasks} tasks) | language | median s | min s | max s | / English |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for command in ("--help", "schedule"):
        english = statistics.median(times[(command, "en (PLANTRACK_LANG=en)")])
        for label in cases:
            found = times[(command, label)]
            med = statistics.median(found)
            print(
                f"| `plantrack {command}` | {label} | {med:.3f} | {min(found):.3f} | {max(found):.3f} "
                f"| {med / english:.3f} |"
            )
    print(f"# load average at end: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

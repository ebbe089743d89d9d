"""Longer fuzzing campaign over every importer: mutated seed files, counts per importer, exit 1 on a failure.

Run from the repository root: `PYTHONPATH=src python bench/fuzz.py [--cases N] [--seed S] [--only NAME]`.
The importers and their seeds are the test suite's (`tests/formats/fuzz/harness.py`); the shared corpus
files are added as seeds when `$PLANTRACK_SHARED/data` (or `../shared/data`) is there. `--case gan#123`
runs one case again and prints it; `--schedule` also runs the critical path on every accepted plan.
Exit status: 0 when every case was accepted or cleanly rejected.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import platform
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the harness lives with the tests it serves; put its folder first so `fuzz` is that package
sys.path.insert(0, str(ROOT / "tests" / "formats"))

from fuzz.harness import (  # noqa: E402
    BY_NAME,
    IMPORTERS,
    Importer,
    Outcome,
    import_and_schedule,
    make_case,
    run_case,
)


def _seeds(importer: Importer, shared: Path | None) -> tuple[Path, ...]:
    extra = importer.shared_seeds(shared) if shared is not None else ()
    return importer.seeds + extra


def _shared() -> Path | None:
    base = Path(os.environ.get("PLANTRACK_SHARED") or ROOT.parent / "shared") / "data"
    return base if base.is_dir() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000, help="cases per importer (default 5000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--only", action="append", choices=sorted(BY_NAME), help="importer(s) to run")
    parser.add_argument("--case", help="run one case again, e.g. gan#123")
    parser.add_argument("--schedule", action="store_true", help="also schedule every accepted plan (CPM)")
    parser.add_argument("--limit", type=float, default=30.0, help="seconds before a case counts as hung")
    args = parser.parse_args(argv)
    shared = _shared()
    importers = [dataclasses.replace(i, read=import_and_schedule) if args.schedule else i for i in IMPORTERS]
    by_name = {i.name: i for i in importers}
    print(
        f"fuzz: seed {args.seed}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"shared seeds {'from ' + str(shared) if shared else 'absent'}"
        f"{', accepted plans scheduled' if args.schedule else ''}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.case:
            name, _, index = args.case.partition("#")
            importer = by_name[name]
            outcome = run_case(
                importer, make_case(importer, _seeds(importer, shared), int(index), args.seed), folder
            )
            print(f"{outcome.case.label}: {outcome.kind} in {outcome.seconds:.3f} s {outcome.detail}")
            return 1 if outcome.failed else 0
        failures: list[Outcome] = []
        head = ("importer", "seeds", "cases", "accepted", "rejected", "failures")
        print(f"{head[0]:<9} {head[1]:>5} {head[2]:>6} {head[3]:>8} {head[4]:>8} {head[5]:>8} slowest")
        for importer in importers:
            if args.only and importer.name not in args.only:
                continue
            seeds = _seeds(importer, shared)
            counts = {"accepted": 0, "rejected": 0}
            slowest: Outcome | None = None
            for index in range(args.cases):
                outcome = run_case(importer, make_case(importer, seeds, index, args.seed), folder, args.limit)
                if outcome.failed:
                    failures.append(outcome)
                else:
                    counts[outcome.kind] += 1
                if slowest is None or outcome.seconds > slowest.seconds:
                    slowest = outcome
            bad = args.cases - counts["accepted"] - counts["rejected"]
            slow = (
                f"{slowest.seconds:.3f} s ({slowest.case.importer}#{slowest.case.index})" if slowest else "-"
            )
            print(
                f"{importer.name:<9} {len(seeds):>5} {args.cases:>6} {counts['accepted']:>8} "
                f"{counts['rejected']:>8} {bad:>8} {slow}",
                flush=True,
            )
    for outcome in failures:
        print(f"{outcome.kind}: {outcome.case.label}\n    {outcome.detail}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

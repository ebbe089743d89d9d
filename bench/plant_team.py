"""A plant on the team server against the same plant in files, in the same run: opening it, its load,
the save of every member's plan (what `plant level` ends with), and `plant level` whole.

Run: PYTHONPATH=src python bench/plant_team.py [--projects 20] [--tasks 100] [--runs 5] [--level-runs 3]
[--uri postgresql://…]
The plant is bench/plant_level.py's generated one (20 projects x 100 tasks, shared crews and line
stops), written in files, then pushed (`team push NAME.plant.json`: the plant and its projects, one
transaction) to a throwaway cluster (initdb + pg_ctl, as the tests do) or to --uri. Stages, medians
of --runs, each on both back ends with the ratio server / file:
- open: `open_plant` (the plant read, every member read and resolved against it);
- load: `plant_load(open_plant(…))`, what `plant load` computes;
- level: `level_plant_file(time_limit=--level-time, workers=1)`, read, leveled and saved (median of
  --level-runs; run before `save`, which changes the plans it would level);
- save: the members' save `plant level` ends with, one task's leveling delay changed in every
  project (files: the journaled group save of 20 files; server: one transaction, the 20 projects
  locked in id order, the changed rows written).
The load average is printed before and after: on a busy machine the figures are rough.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from plant_generator import leveling_plant
from plant_level import stored
from plantrack.operations.plant import open_plant
from plantrack.operations.plant_level import level_plant_file
from plantrack.operations.plant_load import plant_load
from plantrack.scheduling.duration import Duration
from plantrack.store import WorkspaceState
from plantrack.store.location import locate
from plantrack.store.plant_store import PlantStore, plant_store
from plantrack.store.team.plant_sync import push_plant
from team_server import team_server
from timing import median_time


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def save_every_member(store: PlantStore, minutes: list[int]) -> None:
    """The members' save `plant level` ends with: task t0 of each project gets a new leveling delay."""
    minutes[0] += 1
    opened = open_plant(store)
    delay = Duration(minutes=60 * minutes[0])  # whole hours, as leveling rounds them

    def edit(_n: int, state: WorkspaceState) -> None:
        tasks = state.project.tasks
        state.project = dataclasses.replace(
            state.project, tasks=(dataclasses.replace(tasks[0], leveling_delay=delay), *tasks[1:])
        )

    store.save_members([m.store for m in opened.members], edit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--projects", type=int, default=20)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--level-runs", type=int, default=3)
    parser.add_argument("--level-time", type=float, default=5.0)
    parser.add_argument("--uri", help="a database to use (its plantrack tables are created if missing)")
    args = parser.parse_args()
    with team_server(args.uri) as uri, tempfile.TemporaryDirectory() as tmp:
        path = stored(leveling_plant(args.projects, args.tasks), Path(tmp))
        push_plant(path, uri, "bench", replace=True)
        stores = {"file": plant_store(path), "server": plant_store(locate(f"{uri}#bench"))}
        print(f"{args.projects} projects x {args.tasks} tasks; {os.cpu_count()} cores; load {load()}")
        rows = []
        counter = [0]  # the leveling delay of the next save, in hours: every save changes it
        stages: list[tuple[str, Callable[[PlantStore], object], int]] = [
            ("open", open_plant, args.runs),
            ("load", lambda s: plant_load(open_plant(s)), args.runs),
            (
                "level",
                lambda s: level_plant_file(s, time_limit=args.level_time, workers=1),
                args.level_runs,
            ),
            ("save", lambda s, m=counter: save_every_member(s, m), args.runs),
        ]
        for name, stage, runs in stages:
            times = {
                key: median_time(lambda st=st, stage=stage: stage(st), runs) for key, st in stores.items()
            }
            rows.append((name, times["file"], times["server"]))
            print(
                f"{name:6s} file {times['file']:.3f} s   server {times['server']:.3f} s   "
                f"server/file {times['server'] / times['file']:.2f}   (median of {runs}; load {load()})"
            )


if __name__ == "__main__":
    main()

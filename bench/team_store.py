"""Team store benchmark: write and read a generated 10,000-task plan on PostgreSQL, next to the file
store's open of the same plan, in the same run.

Run: PYTHONPATH=src python bench/team_store.py [--tasks 10000] [--runs 3] [--uri postgresql://…]
Without --uri it starts a throwaway cluster (initdb + pg_ctl in a temporary folder, as the tests do;
needs Debian's `postgresql` package) and removes it afterwards.

The plan is the CPM benchmark's layered network (bench/cpm.py: ~2 links per task, mixed link types, a
working calendar) with task names, 20 resources and one assignment per task. Stages, medians of
`--runs` in one process:
- file store, open+read: `open_workspace(path).read()` (read, parse, decode);
- PostgreSQL, write: `write_plan` replacing the stored plan (delete, then COPY of every table, commit);
- PostgreSQL, read: `read_plan` (one snapshot, a SELECT per table, decode).
The load average is printed before and after: on a busy machine the figures are rough.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests" / "store"))

from team.pg_cluster import Cluster, start_cluster

from cpm import layered
from plantrack.scheduling.model import Assignment, Project, Resource
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.team.connection import connect
from plantrack.store.team.read import read_plan
from plantrack.store.team.schema import init_schema
from plantrack.store.team.write import write_plan


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def generated(n: int) -> Project:
    base = layered(n)
    resources = tuple(Resource(id=f"R{i}", name=f"Crew {i}", capacity=2) for i in range(20))
    tasks = tuple(dataclasses.replace(t, name=f"Step {i} of the line") for i, t in enumerate(base.tasks))
    assignments = tuple(Assignment(task=t.id, resource=f"R{i % 20}") for i, t in enumerate(tasks))
    return dataclasses.replace(base, tasks=tasks, resources=resources, assignments=assignments)


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--uri", help="a database to use (its plantrack tables are created if missing)")
    args = parser.parse_args()
    print(f"load average at start: {load()}")
    project = generated(args.tasks)
    rows = len(project.tasks) + len(project.links) + len(project.assignments)
    cluster: Cluster | None = None
    uri = args.uri
    if uri is None:
        cluster = start_cluster()
        uri = cluster.uri()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.plantrack.json"
            create_workspace(path, WorkspaceState(project=project))
            file_read = median_time(lambda: open_workspace(path, program="bench").read(), args.runs)
        with connect(uri) as conn:
            init_schema(conn)
            write_plan(conn, uri, "bench", project)  # the first write creates the project row
            pg_write = median_time(lambda: write_plan(conn, uri, "bench", project), args.runs)
            pg_read = median_time(lambda: read_plan(conn, uri, "bench"), args.runs)
            found = read_plan(conn, uri, "bench")
            assert found is not None and found[0] == project, "the plan read back differs"
    finally:
        if cluster is not None:
            cluster.stop()
    print(f"{len(project.tasks)} tasks, {len(project.links)} links, {len(project.assignments)} assignments "
          f"({rows} plan rows), medians of {args.runs}")  # fmt: skip
    print("| store | stage | s | × file open+read |")
    print("| --- | --- | ---: | ---: |")
    print(f"| file | open+read | {file_read:.3f} | 1.00 |")
    print(f"| PostgreSQL | write (replace the plan) | {pg_write:.3f} | {pg_write / file_read:.2f} |")
    print(f"| PostgreSQL | read | {pg_read:.3f} | {pg_read / file_read:.2f} |")
    print(f"load average at end: {load()}")


if __name__ == "__main__":
    main()

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
- PostgreSQL, read: `read_plan` (one snapshot, a SELECT per table, decode);
- push: `push_file` (what `plantrack team push --replace` runs) of the workspace file holding that plan,
  a stored plan of every task and `--progress` progress records (default: one per task): open and read
  the file, check it, delete the project's rows and COPY the whole state, commit;
- pull: `pull_project` (what `plantrack team pull` runs) of it into a new file: read the whole state in
  one snapshot, decode, write the new workspace file.
- the workspace interface on both back ends (`store.backend.open_store`: a file, or `-w
  postgresql://…#bench`): open+read+CPM from a new workspace object; the `schedule` command run in
  process (`cli.main`, output discarded: open, read, CPM, the stored plan compared and written when it
  changed); one task rename through `update()` on a workspace already read (what the TUI or a second
  edit of a session does), and the same rename from a new workspace object (what a command does).
- `--writers N` (default 5): N processes each renaming tasks of its own project of `--writer-tasks`
  tasks (default 2,000) at once, against one such process alone: each edit's latency (median per
  writer), the slowest writer's median over the lone writer's.
The load average is printed before and after: on a busy machine the figures are rough.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests" / "store"))

from team.pg_cluster import Cluster, start_cluster

from cpm import layered
from plantrack.cli import main as cli_main
from plantrack.operations.plan_edits import update_task
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.model import Assignment, Project, Resource
from plantrack.scheduling.tracking.records import Cause, ProgressRecord
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.backend import open_store
from plantrack.store.location import Location, locate
from plantrack.store.plan import PlannedTask, StoredPlan
from plantrack.store.team.connection import connect
from plantrack.store.team.read import read_plan
from plantrack.store.team.schema import init_schema
from plantrack.store.team.state_read import read_state
from plantrack.store.team.sync import pull_project, push_file
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


def tracked(project: Project, records: int) -> WorkspaceState:
    """The plan with a stored plan of every task and `records` progress records (tasks in turn, one
    status date a week for every 1,000 records)."""
    start = dt.datetime(2027, 1, 4, 8)
    schedule = StoredPlan(
        start=start,
        finish=dt.datetime(2031, 6, 30, 17),
        tasks=tuple(
            PlannedTask(id=t.id, start=start + dt.timedelta(hours=i % 900),
                        finish=start + dt.timedelta(hours=i % 900 + 8))
            for i, t in enumerate(project.tasks)
        ),
    )  # fmt: skip
    causes = list(Cause)
    progress = tuple(
        ProgressRecord(
            task=project.tasks[i % len(project.tasks)].id,
            status_date=start + dt.timedelta(weeks=1 + i // 1000),
            actual_start=start + dt.timedelta(hours=i % 900),
            percent_complete=float(i % 101),
            hours=float(i % 37),
            cause=causes[i % len(causes)] if i % 5 == 0 else None,
            note=f"record {i}: late parts" if i % 3 == 0 else "",
        )
        for i in range(records)
    )
    return WorkspaceState(project=project, schedule=schedule, progress=progress)


def interface_figures(locations: dict[str, Location], runs: int, edits: int) -> dict[str, dict[str, float]]:
    """Per back end: open+read+CPM, the `schedule` command in process, a rename on a workspace already
    read and a rename from a new workspace object (medians)."""
    out: dict[str, dict[str, float]] = {}
    for label, location in locations.items():
        figures: dict[str, float] = {}

        def open_read_cpm(location: Location = location) -> None:
            cpm(open_store(location, program="bench").read().project)

        def schedule(location: Location = location) -> None:
            address = str(location.path) if hasattr(location, "path") else location.address
            with open(os.devnull, "w") as sink, redirect_stdout(sink), redirect_stderr(sink):
                assert cli_main(["schedule", "--json", "-w", address]) == 0

        figures["open+read+cpm"] = median_time(open_read_cpm, runs)
        schedule()  # the first run stores the plan; the runs measured find it current
        figures["schedule command"] = median_time(schedule, runs)
        workspace = open_store(location, program="bench")
        task_ids = [t.id for t in workspace.read().project.tasks]
        counter = iter(range(10**6))

        def rename(
            workspace: Any = workspace, ids: list[str] = task_ids, numbers: Iterator[int] = counter
        ) -> None:
            i = next(numbers)
            with workspace.update() as state:
                state.project = update_task(state.project, ids[i % len(ids)], name=f"Renamed {i}")

        figures["rename (workspace read)"] = median_time(rename, edits)
        figures["rename (new workspace)"] = median_time(
            lambda location=location: rename(open_store(location, program="bench")), runs
        )
        out[label] = figures
    return out


def _writer(uri: str, key: str, edits: int, start: Any, out: Any) -> None:
    """One writer process: read its project, then `edits` renames, each timed; the median to `out`."""
    from plantrack.store.team.workspace import TeamWorkspace

    workspace = TeamWorkspace(uri, key)
    ids = [t.id for t in workspace.read().project.tasks]
    start.wait()
    times = []
    for i in range(edits):
        t0 = time.perf_counter()
        with workspace.update() as state:
            state.project = update_task(state.project, ids[i % len(ids)], name=f"Edit {i} by {key}")
        times.append(time.perf_counter() - t0)
    out.put(statistics.median(times))


def writers_figures(uri: str, tmp: Path, writers: int, tasks: int, edits: int) -> tuple[float, list[float]]:
    """The lone writer's median edit latency, and each of `writers` concurrent writers' medians."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    source = tmp / "writer.plantrack.json"
    create_workspace(source, WorkspaceState(project=generated(tasks)))
    for i in range(writers):
        push_file(source, uri, f"writer-{i}", replace=True)

    def run(count: int) -> list[float]:
        start = context.Barrier(count)
        out = context.Queue()
        procs = [
            context.Process(target=_writer, args=(uri, f"writer-{i}", edits, start, out))
            for i in range(count)
        ]
        for proc in procs:
            proc.start()
        found = [out.get(timeout=600) for _ in procs]
        for proc in procs:
            proc.join()
        return found

    lone = run(1)[0]
    return lone, run(writers)


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--progress", type=int, default=10000, help="progress records of the pushed file")
    parser.add_argument("--uri", help="a database to use (its plantrack tables are created if missing)")
    parser.add_argument("--edits", type=int, default=21, help="renames measured on a workspace already read")
    parser.add_argument("--writers", type=int, default=5, help="concurrent writers, each on its own project")
    parser.add_argument("--writer-tasks", type=int, default=2000, help="tasks of each writer's project")
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
            state = tracked(project, args.progress)
            full = Path(tmp) / "tracked.plantrack.json"
            create_workspace(full, state)
            file_full = median_time(lambda: open_workspace(full, program="bench").read(), args.runs)
            with connect(uri) as conn:
                init_schema(conn)
                write_plan(conn, uri, "bench", project)  # the first write creates the project row
                pg_write = median_time(lambda: write_plan(conn, uri, "bench", project), args.runs)
                pg_read = median_time(lambda: read_plan(conn, uri, "bench"), args.runs)
                found = read_plan(conn, uri, "bench")
                assert found is not None and found[0] == project, "the plan read back differs"
            push_file(full, uri, "tracked", replace=True)  # the first push creates the project
            push = median_time(lambda: push_file(full, uri, "tracked", replace=True), args.runs)
            targets = iter(Path(tmp) / f"pulled{i}.plantrack.json" for i in range(args.runs))
            pull = median_time(lambda: pull_project(uri, "tracked", next(targets)), args.runs)
            plain = Path(tmp) / "plain.plantrack.json"
            create_workspace(plain, WorkspaceState(project=project))
            push_file(plain, uri, "bench-ws", replace=True)
            interface = interface_figures(
                {"file": locate(str(plain)), "PostgreSQL": locate(f"{uri}#bench-ws")}, args.runs, args.edits
            )
            lone, together = writers_figures(uri, Path(tmp), args.writers, args.writer_tasks, args.edits)
            with connect(uri) as conn:
                back = read_state(conn, uri, "tracked")
            pulled = open_workspace(Path(tmp) / "pulled0.plantrack.json").read()
            for got in (back, pulled):
                assert got is not None and dataclasses.replace(got, revision=0) == state, "the state differs"
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
    print(f"with a stored plan and {args.progress} progress records: file open+read {file_full:.3f} s")
    print("| command | s | × file open+read |")
    print("| --- | ---: | ---: |")
    print(f"| team push (--replace) | {push:.3f} | {push / file_full:.2f} |")
    print(f"| team pull | {pull:.3f} | {pull / file_full:.2f} |")
    print(f"the workspace interface on both back ends ({len(project.tasks)} tasks; renames: medians of "
          f"{args.edits} on a workspace read, of {args.runs} from a new one)")  # fmt: skip
    print("| stage | file s | PostgreSQL s | PostgreSQL ÷ file |")
    print("| --- | ---: | ---: | ---: |")
    for stage, seconds in interface["file"].items():
        theirs = interface["PostgreSQL"][stage]
        print(f"| {stage} | {seconds:.3f} | {theirs:.3f} | {theirs / seconds:.2f} |")
    medians = ", ".join(f"{t * 1000:.1f}" for t in together)
    ratio = max(together) / lone
    print(f"{args.writers} writers, own projects of {args.writer_tasks} tasks, {args.edits} renames each:")
    print(f"lone writer: median {lone * 1000:.1f} ms; together: {medians} ms; slowest ÷ lone {ratio:.2f}")
    print(f"load average at end: {load()}")


if __name__ == "__main__":
    main()

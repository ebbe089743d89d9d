"""Team store benchmark: write and read a generated 10,000-task plan on PostgreSQL, next to the file
store's open of the same plan, in the same run.

Run: PYTHONPATH=src python bench/team_store.py [--tasks 10000] [--runs 3] [--uri postgresql://…]
     [--writers-only] [--rounds 3] [--before-src DIR] [--durable] [--technician]
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
- `--writers N` (default 5): N writer processes (bench/team_writer.py), each on its own project of
  `--writer-tasks` tasks (default 2,000). A round is `--edits` renames by writer 0 alone, then as many
  by all N, released together for every edit; `--rounds` rounds (default 3), alternating. Each edit is
  timed: the lone writer's median, each writer's median and slowest edit, the slowest writer's median
  over the lone writer's. `--before-src DIR` runs a second set of writers on the plantrack of another
  `src` folder, its rounds alternating with this one's (the code before a change, in the same run);
  `--writers-only` skips the stages above.
`--durable` starts the throwaway cluster with fsync and full_page_writes on, as a production server
runs (the tests' cluster has them off); the server's settings are printed with the figures. The
writers connect as the superuser (row security skipped); `--technician` adds a set connecting as a
login of the projects' team (throwaway cluster only), its rounds alternating with the others.
The load average is printed before and after: on a busy machine the figures are rough.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

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
from plantrack.store.team.state_read import read_state
from plantrack.store.team.sync import pull_project, push_file
from plantrack.store.team.write import write_plan
from team_server import team_server
from timing import median_time


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


WRITER = Path(__file__).parent / "team_writer.py"


class Writer:
    """A writer process (bench/team_writer.py) on its own project, running the plantrack of `src`
    (a `src` folder; None: the one this benchmark runs)."""

    def __init__(self, uri: str, key: str, src: str | None) -> None:
        env = dict(os.environ)
        if src is not None:
            env["PYTHONPATH"] = src
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), uri, key],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        self._expect("ready")

    def _expect(self, word: str) -> str:
        assert self.proc.stdout is not None and self.proc.stderr is not None
        line = self.proc.stdout.readline().strip()
        if not line or (word and line != word):
            self.proc.kill()
            raise RuntimeError(f"writer failed: {line!r} {self.proc.stderr.read()[-2000:]}")
        return line

    def send(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("edit\n")
        self.proc.stdin.flush()

    def receive(self) -> float:
        return float(self._expect(""))

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def edit_round(writers: list[Writer], edits: int) -> list[list[float]]:
    """`edits` edits by every writer, all released together for each edit; each writer's latencies."""
    times: list[list[float]] = [[] for _ in writers]
    for _ in range(edits):
        for writer in writers:
            writer.send()
        for found, writer in zip(times, writers, strict=True):
            found.append(writer.receive())
    return times


@dataclasses.dataclass
class WriterRounds:
    """One code tree's rounds: the lone writer's latencies, and each writer's when all write at once."""

    lone: list[list[float]] = dataclasses.field(default_factory=list)
    together: list[list[list[float]]] = dataclasses.field(default_factory=list)


def technician_address(uri: str) -> str:
    """The address of a login in team `bench`, to which every project is given: row security applies
    to it, as to a plant's technicians (`uri`: the throwaway cluster's superuser over its socket)."""
    with connect(uri) as conn:
        conn.execute("CREATE ROLE plantrack_team_bench NOLOGIN IN ROLE plantrack_member")
        conn.execute("CREATE ROLE bench_tech LOGIN PASSWORD 'bench-pw' IN ROLE plantrack_team_bench")
        conn.execute("UPDATE plantrack.projects SET team = 'bench'")
    user = uri.split("//", 1)[1].split("@", 1)[0]
    return uri.replace(f"//{user}@", "//bench_tech:bench-pw@", 1)


@dataclasses.dataclass(frozen=True)
class WriterSet:
    """Writers of one configuration: the plantrack `src` they run (None: this one), and whether they
    connect as a technician of the projects' team (row security applies) or as the superuser."""

    src: str | None = None
    technician: bool = False


def writers_figures(
    uri: str, tmp: Path, writers: int, tasks: int, edits: int, rounds: int, sets: dict[str, WriterSet]
) -> dict[str, WriterRounds]:
    """Per set of writers: `rounds` rounds of `edits` edits by writer 0 alone, then by all `writers`
    at once (each on its own project of `tasks` tasks), the sets and the two phases alternating."""
    source = tmp / "writer.plantrack.json"
    create_workspace(source, WorkspaceState(project=generated(tasks)))
    keys = {label: [f"writer-{t}-{i}" for i in range(writers)] for t, label in enumerate(sets)}
    for key in (k for found in keys.values() for k in found):
        push_file(source, uri, key, replace=True)
    technician = technician_address(uri) if any(w.technician for w in sets.values()) else uri
    pools: dict[str, list[Writer]] = {}
    try:
        for label, chosen in sets.items():
            address = technician if chosen.technician else uri
            pool = [Writer(address, key, chosen.src) for key in keys[label]]
            pools[label] = pool
            for writer in pool:  # warm up: psycopg prepares a statement on its fifth run
                edit_round([writer], 8)
        out = {label: WriterRounds() for label in sets}
        for _ in range(rounds):
            for label, pool in pools.items():
                out[label].lone.append(edit_round(pool[:1], edits)[0])
                out[label].together.append(edit_round(pool, edits))
    finally:
        for pool in pools.values():
            for writer in pool:
                writer.close()
    return out


def writers_report(found: dict[str, WriterRounds], writers: int, tasks: int, edits: int) -> None:
    ms = 1000.0
    print(f"{writers} writers, own projects of {tasks} tasks, released together for each of {edits} "
          "renames a round;")  # fmt: skip
    print("the lone writer (writer 0 alone) in the same run, rounds alternating")
    print("| code | round | lone median ms | together: median ms per writer | slowest edit ms per writer "
          "| slowest median ÷ lone median |")  # fmt: skip
    print("| --- | ---: | ---: | --- | --- | ---: |")
    for label, rounds in found.items():
        for r, (lone, together) in enumerate(zip(rounds.lone, rounds.together, strict=True), 1):
            lone_median = statistics.median(lone)
            medians = [statistics.median(t) for t in together]
            worst = [max(t) for t in together]
            print(
                f"| {label} | {r} | {lone_median * ms:.2f} | {', '.join(f'{m * ms:.2f}' for m in medians)} "
                f"| {', '.join(f'{w * ms:.1f}' for w in worst)} | {max(medians) / lone_median:.2f} |"
            )
        lone_all = statistics.median([t for lone in rounds.lone for t in lone])
        per_writer = [
            statistics.median([t for together in rounds.together for t in together[k]])
            for k in range(writers)
        ]
        worst_all = [max(max(together[k]) for together in rounds.together) for k in range(writers)]
        print(
            f"| {label} | all | {lone_all * ms:.2f} | {', '.join(f'{m * ms:.2f}' for m in per_writer)} "
            f"| {', '.join(f'{w * ms:.1f}' for w in worst_all)} | {max(per_writer) / lone_all:.2f} |"
        )


#: The settings a commit's durability and cost depend on, printed with the figures.
_SETTINGS = (
    "SELECT name, setting FROM pg_settings WHERE name IN"
    " ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'max_connections') ORDER BY 1"
)
#: A production server's durability (the throwaway cluster runs without fsync).
DURABLE = {"fsync": "on", "full_page_writes": "on"}


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def stages(uri: str, args: argparse.Namespace) -> None:
    """The single-process stages on a `--tasks` plan, file and server in the same run; printed."""
    project = generated(args.tasks)
    rows = len(project.tasks) + len(project.links) + len(project.assignments)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.plantrack.json"
        create_workspace(path, WorkspaceState(project=project))
        file_read = median_time(lambda: open_workspace(path, program="bench").read(), args.runs)
        state = tracked(project, args.progress)
        full = Path(tmp) / "tracked.plantrack.json"
        create_workspace(full, state)
        file_full = median_time(lambda: open_workspace(full, program="bench").read(), args.runs)
        with connect(uri) as conn:
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
        with connect(uri) as conn:
            back = read_state(conn, uri, "tracked")
        pulled = open_workspace(Path(tmp) / "pulled0.plantrack.json").read()
        for got in (back, pulled):
            assert got is not None and dataclasses.replace(got, revision=0) == state, "the state differs"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--progress", type=int, default=10000, help="progress records of the pushed file")
    parser.add_argument("--uri", help="a database to use (its plantrack tables are created if missing)")
    parser.add_argument("--edits", type=int, default=21, help="renames measured on a workspace already read")
    parser.add_argument("--writers", type=int, default=5, help="concurrent writers, each on its own project")
    parser.add_argument("--writer-tasks", type=int, default=2000, help="tasks of each writer's project")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the lone and the concurrent writers")
    parser.add_argument("--writers-only", action="store_true", help="only the concurrent writers' phase")
    parser.add_argument(
        "--before-src",
        help="a `src` folder of another plantrack: its writers measured too, rounds alternating",
    )
    parser.add_argument(
        "--durable", action="store_true", help="the throwaway cluster with fsync and full_page_writes on"
    )
    parser.add_argument(
        "--technician", action="store_true", help="also writers as a team's technician (row security)"
    )
    args = parser.parse_args()
    print(f"load average at start: {load()}")
    with team_server(args.uri, DURABLE if args.durable else None) as uri:
        with connect(uri) as conn:
            settings = conn.execute(_SETTINGS).fetchall()
        print("server: " + ", ".join(f"{name}={value}" for name, value in settings))
        if not args.writers_only:
            stages(uri, args)
        sets = {"after": WriterSet()}
        if args.before_src:
            sets = {"before": WriterSet(args.before_src), "after": WriterSet()}
        if args.technician:
            sets["after, technician"] = WriterSet(technician=True)
        with tempfile.TemporaryDirectory() as tmp:
            found = writers_figures(
                uri, Path(tmp), args.writers, args.writer_tasks, args.edits, args.rounds, sets
            )
    writers_report(found, args.writers, args.writer_tasks, args.edits)
    print(f"load average at end: {load()}")


if __name__ == "__main__":
    main()

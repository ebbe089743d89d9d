"""Where one task rename on the team store spends its time: client CPU, server CPU, round trips, flush.

Run: PYTHONPATH=src python bench/team_edit_profile.py [--tasks 2000] [--edits 200] [--durable]

A throwaway cluster (as the tests start it; `--durable`: fsync and full_page_writes on, as a
production server runs) holds a generated project of `--tasks` tasks; a workspace reads it once, then
renames one task `--edits` times through `update()` (what `plantrack task edit ID --name` saves), in
process, first as the superuser (row security skipped), then as a technician of the project's team
(row security applied, as a plant runs it), each also with the commit not waiting for its WAL
(`synchronous_commit = off` for the session: the difference is the commit's flush). Per edit, medians:
wall time; the client's CPU (`time.process_time`); the server backend's CPU (its /proc utime+stime
over all edits, divided by their number); the round trips (libpq's protocol trace: each Query or Sync
the client sends is one wait for the server); then a cProfile of the client's side by function.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests" / "store"))

from team.pg_cluster import start_cluster

from plantrack.operations.plan_edits import update_task
from plantrack.store import WorkspaceState, create_workspace
from plantrack.store.team.connection import connect
from plantrack.store.team.schema import init_schema
from plantrack.store.team.sync import push_file
from plantrack.store.team.workspace import TeamWorkspace
from team_store import DURABLE, generated, technician_address

_TICK = os.sysconf("SC_CLK_TCK")


def backend_cpu(pid: int) -> float:
    """The server backend's CPU seconds so far (user + system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def round_trips(trace: Path) -> tuple[int, int]:
    """In a libpq trace: the waits for the server (each turn from sending to receiving) and the
    statements sent (Query, or Parse/Bind of the extended protocol)."""
    turns = statements = 0
    last = ""
    for line in trace.read_text(errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) < 4:
            continue
        direction, message = parts[1], parts[3].split(" ")[0]
        if direction == "B" and last == "F":
            turns += 1
        if direction == "F" and message in ("Query", "Bind"):
            statements += 1
        last = direction
    return turns, statements


def measure(address: str, key: str, edits: int, *, async_commit: bool, tmp: Path) -> dict[str, float]:
    """Medians per edit of `edits` renames on a workspace that has read project `key`."""
    workspace = TeamWorkspace(address, key)
    ids = [t.id for t in workspace.read().project.tasks]
    conn: Any = workspace._connection()
    if async_commit:
        conn.execute("SET synchronous_commit = off")
    pid = int(conn.execute("SELECT pg_backend_pid()").fetchone()[0])

    def edit(i: int) -> None:
        with workspace.update() as state:
            state.project = update_task(state.project, ids[i % len(ids)], name=f"Edit {i} of {key}")

    for i in range(20):  # warm up: psycopg prepares a statement on its fifth run
        edit(i)
    trace = tmp / f"trace-{key}-{async_commit}.txt"
    with trace.open("w") as sink:
        conn.pgconn.trace(sink.fileno())
        edit(10**6)
        conn.pgconn.untrace()
    walls, cpus = [], []
    server0 = backend_cpu(pid)
    for i in range(edits):
        t0, c0 = time.perf_counter(), time.process_time()
        edit(i)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    server = (backend_cpu(pid) - server0) / edits
    workspace.close()
    return {
        "wall ms": statistics.median(walls) * 1000,
        "client CPU ms": statistics.median(cpus) * 1000,
        "server CPU ms": server * 1000,
        "round trips": round_trips(trace)[0],
        "statements": round_trips(trace)[1],
    }


def client_profile(address: str, key: str, edits: int) -> None:
    """The client's time by function over `edits` renames (cumulative, the first lines)."""
    workspace = TeamWorkspace(address, key)
    ids = [t.id for t in workspace.read().project.tasks]
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(edits):
        with workspace.update() as state:
            state.project = update_task(state.project, ids[i % len(ids)], name=f"Profiled {i}")
    profiler.disable()
    workspace.close()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--durable", action="store_true", help="fsync and full_page_writes on")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile listing")
    args = parser.parse_args()
    print(f"load average at start: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    cluster = start_cluster(DURABLE if args.durable else None)
    try:
        uri = cluster.uri()
        with connect(uri) as conn:
            init_schema(conn)
            settings = conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN"
                " ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method') ORDER BY 1"
            ).fetchall()
        print("server:", ", ".join(f"{n}={v}" for n, v in settings))
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            source = tmp / "p.plantrack.json"
            create_workspace(source, WorkspaceState(project=generated(args.tasks)))
            for key in ("su", "su-async", "tech", "tech-async", "profiled"):
                push_file(source, uri, key, replace=True)
            tech = technician_address(uri)
            rows = {
                "superuser": measure(uri, "su", args.edits, async_commit=False, tmp=tmp),
                "superuser, no flush wait": measure(uri, "su-async", args.edits, async_commit=True, tmp=tmp),
                "technician (RLS)": measure(tech, "tech", args.edits, async_commit=False, tmp=tmp),
                "technician, no flush wait": measure(
                    tech, "tech-async", args.edits, async_commit=True, tmp=tmp
                ),
            }
            print(f"{args.tasks} tasks, medians of {args.edits} renames on a workspace read")
            columns = list(next(iter(rows.values())))
            print("| user | " + " | ".join(columns) + " |")
            print("| --- |" + " ---: |" * len(columns))
            for who, row in rows.items():
                print(f"| {who} | " + " | ".join(f"{row[c]:.2f}" for c in columns) + " |")
            if not args.no_profile:
                client_profile(uri, "profiled", args.edits)
    finally:
        cluster.stop()
    print(f"load average at end: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

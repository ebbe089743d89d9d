"""Reading a project's whole workspace state back from the server, in one snapshot (decode).

`read_state` is the read of the PostgreSQL workspace: what `write_state` stored comes back equal, with
the project's revision. Scenario plans are read with it (each its plan rows and stored plan).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from plantrack.scheduling.tracking.meeting import MeetingRecord
from plantrack.scheduling.tracking.records import (
    Action,
    ActionStatus,
    ActionUpdate,
    Baseline,
    BaselineTask,
    Cause,
    Decision,
    Ease,
    GateDecision,
    Impact,
    Pdca,
    ProgressRecord,
)
from plantrack.store.plan import PlannedTask, StoredPlan
from plantrack.store.scenarios import Scenario, Scenarios
from plantrack.store.state import ActionEntry, WorkspaceState
from plantrack.store.team.connection import driver
from plantrack.store.team.errors import SchemaMissing, ServerFailed
from plantrack.store.team.read import Rows, decode_plan, fetch_plan_rows
from plantrack.store.team.rows import PLAN_TABLES
from plantrack.store.team.state_checks import check_project_id
from plantrack.store.team.state_rows import MEETING_LISTS, STATE_TABLES

if TYPE_CHECKING:
    import psycopg

    Cursor = psycopg.Cursor[tuple[Any, ...]]


def _fetch(cur: Cursor, name: str, key: str) -> Rows:
    from psycopg import sql

    table = STATE_TABLES[name]
    cur.execute(
        sql.SQL("SELECT {} FROM {} WHERE project = %s ORDER BY {}").format(
            sql.SQL(", ").join(map(sql.Identifier, table.columns)),
            sql.Identifier("plantrack", name),
            sql.SQL(", ").join(map(sql.Identifier, table.order)),
        ),
        (key,),
    )
    return cur.fetchall()


def _optional(kind: Any, value: str | None) -> Any:
    return None if value is None else kind(value)


def decode_schedule(head: Rows, tasks: Rows) -> StoredPlan | None:
    """The stored plan from its `schedules` row and `schedule_tasks` rows (no row: never scheduled)."""
    if not head:
        return None
    _project, _revision, start, finish, status_date, leveled = head[0]
    return StoredPlan(
        start=start,
        finish=finish,
        status_date=status_date,
        leveled=leveled,
        tasks=tuple(
            PlannedTask(id=tid, start=s, finish=f, delay_minutes=delay or 0, delayed_by=by)
            for _p, _pos, tid, s, f, delay, by in tasks
        ),
    )


def _baselines(rows: dict[str, Rows]) -> tuple[Baseline, ...]:
    tasks: dict[str, list[BaselineTask]] = defaultdict(list)
    for (_p, baseline, _pos, tid, name, start, finish, duration, work, cost, fixed, milestone, summary,
         critical) in rows["baseline_tasks"]:  # fmt: skip
        tasks[baseline].append(
            BaselineTask(
                id=tid,
                name=name,
                start=start,
                finish=finish,
                duration_minutes=duration,
                work_minutes=work,
                cost=cost,
                fixed_cost=fixed,
                milestone=milestone,
                summary=summary,
                critical=critical,
            )
        )
    return tuple(
        Baseline(
            name=name,
            saved_at=saved,
            note=note,
            project_start=start,
            project_finish=finish,
            bac=bac,
            tasks=tuple(tasks.get(name, ())),
        )
        for _p, name, _seq, saved, note, start, finish, bac in rows["baselines"]
    )


def _progress(rows: Rows) -> tuple[ProgressRecord, ...]:
    return tuple(
        ProgressRecord(
            task=task,
            status_date=status,
            actual_start=start,
            actual_finish=finish,
            percent_complete=percent,
            remaining_minutes=remaining,
            hours=hours,
            cost=cost,
            cause=_optional(Cause, cause),
            note=note,
        )
        for _p, _seq, task, status, start, finish, percent, remaining, hours, cost, cause, note in rows
    )


def _actions(rows: dict[str, Rows]) -> tuple[ActionEntry, ...]:
    entries: list[tuple[int, ActionEntry]] = []
    for _p, aid, seq, title, owner, due, created, task, nature, ease, impact, status, pdca in rows["actions"]:
        action = Action(id=aid, title=title, owner=owner, due=due, created=created, task=task, nature=nature,
                        ease=_optional(Ease, ease), impact=_optional(Impact, impact),
                        status=ActionStatus(status), pdca=Pdca(pdca))  # fmt: skip
        entries.append((seq, action))
    for _p, seq, aid, date, status, pdca, note in rows["action_updates"]:
        update = ActionUpdate(action=aid, date=date, status=_optional(ActionStatus, status),
                              pdca=_optional(Pdca, pdca), note=note)  # fmt: skip
        entries.append((seq, update))
    # both tables number their rows in the one history's order
    return tuple(entry for _seq, entry in sorted(entries, key=lambda e: e[0]))


def _meetings(rows: dict[str, Rows]) -> tuple[MeetingRecord, ...]:
    items: dict[tuple[int, str], list[str]] = defaultdict(list)
    for _p, meeting, kind, _pos, text in rows["meeting_items"]:
        items[meeting, kind].append(text)
    return tuple(
        MeetingRecord(
            status_date=status,
            next_meeting=next_meeting,
            **{field: tuple(items.get((seq, kind), ())) for kind, field in MEETING_LISTS.items()},
        )
        for _p, seq, status, next_meeting in rows["meetings"]
    )


def _sections(rows: Rows) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for _p, name, _pos, document in rows:
        out.setdefault(name, []).append(document)
    return out


def _scenarios(cur: Cursor, rows: dict[str, Rows]) -> Scenarios:
    scores: dict[int, dict[str, float]] = defaultdict(dict)
    for _p, position, criterion, score in rows["scenario_scores"]:
        scores[position][criterion] = score
    entries = []
    for _p, position, name, note, created_by, created_at, plan_key in rows["scenarios"]:
        plan = fetch_plan_rows(cur, plan_key)
        schedule = decode_schedule(
            _fetch(cur, "schedules", plan_key), _fetch(cur, "schedule_tasks", plan_key)
        )
        scenario = Scenario.new(name, decode_plan(plan), schedule, note=note, created_by=created_by,
                                created_at=created_at)  # fmt: skip
        scenario.scores = scores.get(position, {})
        entries.append(scenario)
    return Scenarios(entries)


def decode_state(cur: Cursor, key: str) -> WorkspaceState | None:
    """The state of project `key` read with `cur` (inside the caller's snapshot); None if there is none."""
    plan = fetch_plan_rows(cur, key)
    if not plan["projects"]:
        return None
    return _state(cur, plan, {name: _fetch(cur, name, key) for name in STATE_TABLES})


def decode_states(cur: Cursor, keys: Sequence[str]) -> dict[str, WorkspaceState | None]:
    """The states of several projects read with `cur`, a query a table for them all (a plant's members:
    29 queries, not 29 a project); None for each project there is none of."""
    from psycopg import sql

    grouped: dict[str, dict[str, Rows]] = {key: {} for key in keys}
    for name, table in (*PLAN_TABLES.items(), *STATE_TABLES.items()):
        key_column = table.columns[0]  # `id` of projects, `project` of every other table
        cur.execute(
            sql.SQL("SELECT {} FROM {} WHERE {} = ANY(%s) ORDER BY {}, {}").format(
                sql.SQL(", ").join(map(sql.Identifier, table.columns)),
                sql.Identifier("plantrack", name),
                sql.Identifier(key_column),
                sql.Identifier(key_column),
                sql.SQL(", ").join(map(sql.Identifier, table.order)),
            ),
            (list(keys),),
        )
        for key in keys:
            grouped[key][name] = []
        for row in cur.fetchall():
            grouped[row[0]][name].append(row)
    out: dict[str, WorkspaceState | None] = {}
    for key in keys:
        rows = grouped[key]
        plan = {name: rows[name] for name in PLAN_TABLES}
        out[key] = (
            _state(cur, plan, {name: rows[name] for name in STATE_TABLES}) if plan["projects"] else None
        )
    return out


def _state(cur: Cursor, plan: dict[str, Rows], rows: dict[str, Rows]) -> WorkspaceState:
    """The state one project's rows describe (its scenarios' plans are read with `cur`)."""
    return WorkspaceState(
        project=decode_plan(plan),
        schedule=decode_schedule(rows["schedules"], rows["schedule_tasks"]),
        sections=_sections(rows["sections"]),
        scenarios=_scenarios(cur, rows),
        revision=int(plan["projects"][0][1]),
        baselines=_baselines(rows),
        progress=_progress(rows["progress_records"]),
        gates=tuple(
            GateDecision(task=task, decision=Decision(decision), by=by, date=date, note=note)
            for _p, _seq, task, decision, by, date, note in rows["gate_decisions"]
        ),
        actions=_actions(rows),
        meetings=_meetings(rows),
    )


def read_state(conn: psycopg.Connection[tuple[Any, ...]], address: str, key: str) -> WorkspaceState | None:
    """The whole state of project `key` (its revision in `revision`), read in one snapshot; None if
    there is no such project."""
    check_project_id(address, key)
    psycopg_module = driver(address)
    try:
        # binary rows: numbers and instants arrive without text parsing
        with conn.transaction(), conn.cursor(binary=True) as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return decode_state(cur, key)
    except (psycopg_module.errors.UndefinedTable, psycopg_module.errors.InvalidSchemaName):
        raise SchemaMissing(address) from None
    except psycopg_module.Error as exc:
        raise ServerFailed(address, " ".join(str(exc).split()), writing=False) from None

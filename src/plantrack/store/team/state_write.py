"""Writing a project's whole workspace state in one transaction, under a revision check.

`write_state` is the save of the PostgreSQL workspace: the project row is locked (`FOR UPDATE`), its
revision compared with the one the change was made on, everything of the project deleted and written
again by COPY, the revision bumped; any error leaves the project as it was. Replacing every row is what
a push needs; a later increment writes only the rows an edit changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from plantrack.store.state import WorkspaceState
from plantrack.store.team.connection import driver
from plantrack.store.team.errors import (
    ProjectBusy,
    ProjectExists,
    RevisionConflict,
    SchemaMissing,
    ServerFailed,
    StateRefused,
    TeamError,
)
from plantrack.store.team.refusals import EDIT, RightsRefused, is_refusal, unseen
from plantrack.store.team.rows import PLAN_TABLES, Row, Table, plan_rows
from plantrack.store.team.state_checks import check_project_id, check_storable
from plantrack.store.team.state_rows import (
    SCHEDULE_TABLES,
    STATE_TABLES,
    history_rows,
    scenario_key,
    scenario_rows,
    schedule_rows,
)

if TYPE_CHECKING:
    import psycopg

    Cursor = psycopg.Cursor[tuple[object, ...]]

#: Seconds a writer waits for another writer of the same project before giving up (exit 3).
LOCK_WAIT = 10.0
#: A scenario's plan row: the project row's columns and the project it belongs to.
_SCENARIO_PLAN = Table("projects", (*PLAN_TABLES["projects"].columns, "scenario_of"), ("id",))
#: Emptied before a state is written again (what hangs from them goes with them: ON DELETE CASCADE).
_CLEARED = (
    "links", "assignments", "task_constraints", "tasks", "windows", "resources", "calendars",
    "baselines", "progress_records", "gate_decisions", "action_updates", "actions", "meetings",
    "schedules", "sections", "scenarios",
)  # fmt: skip
_SCENARIO_TABLES = ("scenarios", "scenario_scores")
_UPDATE_PROJECT = (
    "UPDATE plantrack.projects SET revision = %s, name = %s, start_at = %s, finish_at = %s, calendar = %s,"
    " currency = %s, status_date = %s, minutes_per_day = %s, minutes_per_week = %s, language = %s,"
    " updated_at = now(), updated_by = current_user WHERE id = %s"
)


def copy_rows(cur: Cursor, table: Table, rows: Iterable[Row]) -> None:
    """COPY `rows` into `table` (its columns in the table's order); INSERTs when row security applies
    to the user, since the server refuses COPY FROM then (any user but the tables' owner)."""
    from psycopg import sql

    target = sql.Identifier("plantrack", table.name)
    columns = sql.SQL(", ").join(map(sql.Identifier, table.columns))
    cur.execute(
        "SELECT row_security_active(c.oid) FROM pg_class c"
        " WHERE c.relnamespace = 'plantrack'::regnamespace AND c.relname = %s",
        (table.name,),
    )
    found = cur.fetchone()
    if found is not None and found[0]:
        values = sql.SQL(", ").join([sql.Placeholder()] * len(table.columns))
        cur.executemany(
            sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(target, columns, values), list(rows)
        )
        return
    with cur.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(target, columns)) as copy:
        for row in rows:
            copy.write_row(row)


def _lock(cur: Cursor, address: str, key: str, expected: int | None, replace: bool) -> int | None:
    """The project's current revision, its row locked; None if there is no such project."""
    cur.execute(
        "SELECT revision, updated_by FROM plantrack.projects"
        " WHERE id = %s AND scenario_of IS NULL FOR UPDATE",
        (key,),
    )
    found = cur.fetchone()
    if found is None:
        # FOR UPDATE passes only the rows the user may edit: one it may merely read is refused
        cur.execute("SELECT 1 FROM plantrack.projects WHERE id = %s AND scenario_of IS NULL", (key,))
        if cur.fetchone() is not None:
            raise RightsRefused(address, key, EDIT)
        if expected is not None:
            unseen(cur, address, key)  # gone, or hidden from this user by row security
        return None
    revision: int = int(found[0])  # type: ignore[call-overload]
    if expected is None and not replace:
        raise ProjectExists(address, key)
    if expected is not None and expected != revision:
        raise RevisionConflict(address, key, expected, revision, str(found[1]))
    return revision


def _clear(cur: Cursor, key: str) -> None:
    from psycopg import sql

    # scenario plans are project rows of their own: their rows go with them
    cur.execute("DELETE FROM plantrack.projects WHERE scenario_of = %s", (key,))
    for name in _CLEARED:
        cur.execute(
            sql.SQL("DELETE FROM {} WHERE project = %s").format(sql.Identifier("plantrack", name)), (key,)
        )


def _write_all(cur: Cursor, key: str, state: WorkspaceState, revision: int, existed: bool) -> None:
    rows = plan_rows(key, state.project, revision)
    if existed:
        cur.execute(_UPDATE_PROJECT, (*rows["projects"][0][1:], key))
    else:
        copy_rows(cur, PLAN_TABLES["projects"], rows["projects"])
    for name, table in PLAN_TABLES.items():
        if name != "projects" and rows[name]:
            copy_rows(cur, table, rows[name])
    write_schedule(cur, key, state, revision)
    state_rows = history_rows(key, state)
    for name, table in STATE_TABLES.items():
        if name not in SCHEDULE_TABLES and name not in _SCENARIO_TABLES and state_rows[name]:
            copy_rows(cur, table, state_rows[name])
    write_scenarios(cur, key, state, revision)


def write_schedule(cur: Cursor, key: str, state: WorkspaceState, revision: int) -> None:
    """The project's stored plan (none written when it was never scheduled)."""
    schedule = schedule_rows(key, state.schedule, revision)
    for name in SCHEDULE_TABLES:
        if schedule[name]:
            copy_rows(cur, STATE_TABLES[name], schedule[name])


def write_scenarios(cur: Cursor, key: str, state: WorkspaceState, revision: int) -> None:
    """The scenarios of the state: each plan as a project row of its own, then headers and scores
    (the project's previous scenarios deleted first)."""
    heads = scenario_rows(key, state)
    scenario_plans: list[Row] = []
    plans = []
    schedules = []
    for i, scenario in enumerate(state.scenarios):
        plan_key = scenario_key(key, i)
        scenario_plan = plan_rows(plan_key, scenario.project, revision)
        scenario_plans.append((*scenario_plan["projects"][0], key))
        plans.append(scenario_plan)
        schedules.append(schedule_rows(plan_key, scenario.schedule, revision))
    if not scenario_plans:
        return
    copy_rows(cur, _SCENARIO_PLAN, scenario_plans)
    for name, table in PLAN_TABLES.items():
        if name != "projects" and any(plan[name] for plan in plans):
            copy_rows(cur, table, (row for plan in plans for row in plan[name]))
    for name in SCHEDULE_TABLES:
        if any(s[name] for s in schedules):
            copy_rows(cur, STATE_TABLES[name], (row for s in schedules for row in s[name]))
    for name, rows in heads.items():
        if rows:
            copy_rows(cur, STATE_TABLES[name], rows)


def write_state(
    conn: psycopg.Connection[tuple[object, ...]],
    address: str,
    key: str,
    state: WorkspaceState,
    expected_revision: int | None,
    *,
    replace: bool = False,
) -> int:
    """Store `state` as project `key`, all or nothing; the project's new revision.

    `expected_revision`: the revision the change was made on — RevisionConflict if the project is at
    another one now, ProjectMissing if it is gone (RightsRefused if row security hides it). None: a
    new project (revision 1) — ProjectExists if there is one, unless `replace`, which replaces it
    whatever its revision. `state.revision` is not read: the caller says which revision it saw.
    """
    check_project_id(address, key)
    check_storable(address, state)
    psycopg_module = driver(address)
    errors = psycopg_module.errors
    try:
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT set_config('lock_timeout', %s, true)", (f"{int(LOCK_WAIT * 1000)}ms",))
            current = _lock(cur, address, key, expected_revision, replace)
            if current is not None:
                _clear(cur, key)
            revision = 1 if current is None else current + 1
            _write_all(cur, key, state, revision, existed=current is not None)
    except TeamError:
        raise
    except (errors.UndefinedTable, errors.InvalidSchemaName):
        raise SchemaMissing(address) from None
    except errors.InsufficientPrivilege:
        # a policy's WITH CHECK: a new project outside the user's teams, or a user in no team
        raise RightsRefused(address, key, EDIT) from None
    except errors.LockNotAvailable:
        raise ProjectBusy(address, key, LOCK_WAIT) from None
    except errors.UniqueViolation as exc:
        # two writers creating the same new project at once: the second finds it taken
        if expected_revision is None and "projects_pkey" in str(exc):
            if replace:  # the project is there but row security hides it: the user may not edit it
                raise RightsRefused(address, key, EDIT) from None
            raise ProjectExists(address, key) from None
        raise StateRefused(address, " ".join(str(exc).split())) from None
    except (errors.ForeignKeyViolation, errors.CheckViolation, errors.NotNullViolation) as exc:
        raise StateRefused(address, " ".join(str(exc).split())) from None
    except psycopg_module.Error as exc:
        if is_refusal(exc):
            raise RightsRefused(address, key, EDIT) from None
        raise ServerFailed(address, " ".join(str(exc).split()), lost=conn.broken) from None
    return revision

"""Writing a StateChange (store/team/diff.py) inside the caller's transaction: only the rows it names.

Deletes go first, children before parents; then each table, parents first: rows moving to another
place take a free negative order value, existing rows are upserted (a cascade may have removed one:
a link to a renamed task), new rows are copied. The stored plan, the kept sections and the scenarios
are written whole when they differ: each is written by one command that rewrites it anyway.

A small change (no part written whole, a few new rows) is sent in one batch with its COMMIT
(`commit_small_change`, libpq's pipeline mode): one wait for the server instead of one a statement.
The revision bump goes first and fails the statement when it finds no row, so that the rest of the
batch and its COMMIT are skipped by the server (pipeline mode skips what follows an error).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, NoReturn

from plantrack.store.state import WorkspaceState
from plantrack.store.team.diff import DIFFED_TABLES, ORDER_COLUMNS, PRIMARY_KEYS, TABLES, StateChange
from plantrack.store.team.errors import RevisionConflict
from plantrack.store.team.refusals import EDIT, RightsRefused
from plantrack.store.team.state_rows import section_rows
from plantrack.store.team.state_write import copy_rows, write_scenarios, write_schedule

if TYPE_CHECKING:
    import psycopg
    from psycopg import sql

    Cursor = psycopg.Cursor[tuple[object, ...]]

#: New rows a batched save writes by INSERT (COPY, which pipeline mode cannot run, above that).
BATCHED_INSERTS = 100

_BUMP = (
    "UPDATE plantrack.projects SET revision = %s, updated_at = now(), updated_by = current_user"
    " WHERE id = %s AND revision = %s"
)
_UPDATE_HEAD = (
    "UPDATE plantrack.projects SET revision = %s, name = %s, start_at = %s, finish_at = %s, calendar = %s,"
    " currency = %s, status_date = %s, minutes_per_day = %s, minutes_per_week = %s, language = %s,"
    " updated_at = now(), updated_by = current_user WHERE id = %s AND revision = %s"
)
#: The bumps above as one statement that fails (division by zero) when it changed no row: in a batch
#: the server then skips everything after it, COMMIT included.
_GUARDED_BUMP = (
    "WITH bumped AS (UPDATE plantrack.projects SET revision = %s, updated_at = now(),"
    " updated_by = current_user WHERE id = %s AND revision = %s RETURNING 1)"
    " SELECT 1 / count(*) FROM bumped"
)
_GUARDED_HEAD = (
    "WITH bumped AS (UPDATE plantrack.projects SET revision = %s, name = %s, start_at = %s,"
    " finish_at = %s, calendar = %s, currency = %s, status_date = %s, minutes_per_day = %s,"
    " minutes_per_week = %s, language = %s, updated_at = now(), updated_by = current_user"
    " WHERE id = %s AND revision = %s RETURNING 1) SELECT 1 / count(*) FROM bumped"
)


@cache
def _key_match(name: str) -> sql.Composable:
    from psycopg import sql

    return sql.SQL(" AND ").join(
        sql.SQL("{} = %s").format(sql.Identifier(column)) for column in PRIMARY_KEYS[name]
    )


@cache
def _delete(name: str) -> bytes:
    from psycopg import sql

    statement = sql.SQL("DELETE FROM {} WHERE {}").format(sql.Identifier("plantrack", name), _key_match(name))
    return statement.as_bytes(None)  # composed once: psycopg would compose it again at every execute


@cache
def _move(name: str) -> bytes:
    from psycopg import sql

    order = sql.Identifier(ORDER_COLUMNS[name])
    statement = sql.SQL("UPDATE {} SET {} = -1 - {} WHERE {}").format(
        sql.Identifier("plantrack", name), order, order, _key_match(name)
    )
    return statement.as_bytes(None)


@cache
def _upsert(name: str) -> bytes:
    from psycopg import sql

    columns = TABLES[name].columns
    key = PRIMARY_KEYS[name]
    rest = [c for c in columns if c not in key]
    statement = sql.SQL("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}").format(
        sql.Identifier("plantrack", name),
        sql.SQL(", ").join(map(sql.Identifier, columns)),
        sql.SQL(", ").join(sql.Placeholder() * len(columns)),
        sql.SQL(", ").join(map(sql.Identifier, key)),
        sql.SQL(", ").join(
            sql.SQL("{} = EXCLUDED.{}").format(sql.Identifier(c), sql.Identifier(c)) for c in rest
        ),
    )
    return statement.as_bytes(None)


def _write_rows(cur: Cursor, change: StateChange, *, batched: bool) -> None:
    """The changed rows: deletes children first, then each table parents first: moves, upserts, new
    rows by COPY, or by INSERT with the upserts when `batched` (pipeline mode cannot COPY)."""
    for name in reversed(DIFFED_TABLES):
        found = change.tables.get(name)
        if found is not None and found.deleted:
            cur.executemany(_delete(name), found.deleted)
    for name in DIFFED_TABLES:
        found = change.tables.get(name)
        if found is None:
            continue
        if found.moved:
            cur.executemany(_move(name), found.moved)
        if batched:
            if found.updated or found.inserted:
                cur.executemany(_upsert(name), [*found.updated, *found.inserted])
            continue
        if found.updated:
            cur.executemany(_upsert(name), found.updated)
        if found.inserted:
            copy_rows(cur, TABLES[name], found.inserted)


def _whole_parts(cur: Cursor, key: str, change: StateChange, state: WorkspaceState, revision: int) -> None:
    if change.schedule:
        cur.execute("DELETE FROM plantrack.schedules WHERE project = %s", (key,))
        write_schedule(cur, key, state, revision)
    if change.sections:
        cur.execute("DELETE FROM plantrack.sections WHERE project = %s", (key,))
        rows = section_rows(key, state.sections)
        if rows:
            copy_rows(cur, TABLES["sections"], rows)
    if change.scenarios:
        # a scenario's plan is a project row of its own: its rows, header and scores go with it
        cur.execute("DELETE FROM plantrack.projects WHERE scenario_of = %s", (key,))
        write_scenarios(cur, key, state, revision)


def unbumped(cur: Cursor, address: str, key: str, stored: int) -> NoReturn:
    """Why the project row took no change: another revision (a writer that did not take the project's
    lock), else row security hiding it from this user."""
    cur.execute("SELECT revision, updated_by FROM plantrack.projects WHERE id = %s", (key,))
    found = cur.fetchone()
    if found is not None and found[0] != stored:
        raise RevisionConflict(address, key, stored, int(found[0]), str(found[1]))  # type: ignore[call-overload]
    raise RightsRefused(address, key, EDIT)


def apply_change(
    cur: Cursor, address: str, key: str, change: StateChange, state: WorkspaceState, stored: int
) -> int:
    """Write `change` (of `state`) over revision `stored` of project `key`; the new revision.

    The project row is written first: a user who may not edit the project changes no row (row
    security hides it), and that is RightsRefused before anything else is tried.
    """
    revision = stored + 1
    if change.project_changed:
        cur.execute(_UPDATE_HEAD, (revision, *change.project_row[2:], key, stored))
    else:
        cur.execute(_BUMP, (revision, key, stored))
    if cur.rowcount == 0:
        unbumped(cur, address, key, stored)
    _write_rows(cur, change, batched=False)
    _whole_parts(cur, key, change, state, revision)
    return revision


def is_small(change: StateChange) -> bool:
    """Whether `change` can go in one batch: no part written whole, few new rows (COPY cannot)."""
    if change.schedule or change.sections or change.scenarios:
        return False
    return sum(len(t.inserted) for t in change.tables.values()) <= BATCHED_INSERTS


def commit_small_change(cur: Cursor, key: str, change: StateChange, stored: int) -> int:
    """Send a small `change` (see `is_small`) over revision `stored` and COMMIT, in one batch inside
    the caller's open transaction; the new revision. The bump finding no row raises DivisionByZero
    (nothing written, the transaction to roll back); any other error likewise leaves all unwritten."""
    revision = stored + 1
    with cur.connection.pipeline():
        if change.project_changed:
            cur.execute(_GUARDED_HEAD, (revision, *change.project_row[2:], key, stored))
        else:
            cur.execute(_GUARDED_BUMP, (revision, key, stored))
        _write_rows(cur, change, batched=True)
        cur.execute("COMMIT")
    return revision

"""A project on the team's PostgreSQL server, behind the interface of the file workspace.

`read()` takes one REPEATABLE READ snapshot. `update()` is one transaction: the project is locked (an
advisory lock, so that a writer kept waiting can be told who holds it, then its row FOR UPDATE), its
revision compared with the state last read, the block's state compared with that state and only the
rows that differ written (store/team/diff.py), the revision bumped. The state of the last revision seen
is kept: a save on an unchanged project does not read the 10,000 tasks again. A small edit waits for
the server twice: BEGIN and the locks go in one batch, the rows and COMMIT in another (libpq's
pipeline mode), where each statement would otherwise wait for its own answer.
"""

from __future__ import annotations

import copy
import dataclasses
import weakref
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

from plantrack.scheduling.validate import gc_paused
from plantrack.store.scenarios import Scenario, Scenarios
from plantrack.store.state import WorkspaceState
from plantrack.store.team.address import shown
from plantrack.store.team.connection import connect, driver
from plantrack.store.team.diff import StateChange, state_change
from plantrack.store.team.errors import (
    ProjectBusy,
    SchemaMissing,
    ServerFailed,
    StateRefused,
    TeamError,
)
from plantrack.store.team.refusals import EDIT, READ, RightsRefused, is_refusal, unseen
from plantrack.store.team.save import apply_change, commit_small_change, is_small, unbumped
from plantrack.store.team.state_checks import check_project_id, check_storable
from plantrack.store.team.state_read import decode_state
from plantrack.store.team.sync import check_schema

if TYPE_CHECKING:
    import psycopg

    Connection = psycopg.Connection[tuple[Any, ...]]
    Cursor = psycopg.Cursor[tuple[Any, ...]]

#: The first key of the advisory locks of plantrack's projects (the second is the project id's hash).
LOCK_CLASS = 0x706C74
_REVISION = "SELECT revision FROM plantrack.projects WHERE id = %s AND scenario_of IS NULL"
_LOCK_ROW = "SELECT revision FROM plantrack.projects WHERE id = %s AND scenario_of IS NULL FOR UPDATE"
_HOLDERS = (
    "SELECT a.usename, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s::oid"
    " AND l.objid = hashtext(%s)::oid AND l.objsubid = 2 AND l.pid <> pg_backend_pid()"
)

#: libpq's transaction status outside any transaction (psycopg.pq.TransactionStatus.IDLE)
_IDLE = 0

ScenarioSignature = tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class _Snapshot:
    """The project as stored at `revision`: never handed out, only copies of it are."""

    revision: int
    state: WorkspaceState
    scenarios: ScenarioSignature


def _signature(scenarios: Scenarios) -> ScenarioSignature:
    """What a scenario is made of: header, scores, plan and stored plan (compared to find a change)."""
    return tuple((s.head(), s.project, s.schedule) for s in scenarios)


def _snapshot(state: WorkspaceState, revision: int) -> _Snapshot:
    kept = dataclasses.replace(
        state, sections=copy.deepcopy(state.sections), scenarios=Scenarios(), revision=revision
    )
    return _Snapshot(revision, kept, _signature(state.scenarios))


def _hand_out(snapshot: _Snapshot) -> WorkspaceState:
    """A state the caller may change at will: what is mutable is copied, the frozen parts shared."""
    scenarios = []
    for (name, note, created_by, created_at, scores), project, schedule in snapshot.scenarios:
        scenario = Scenario.new(
            name, project, schedule, note=note, created_by=created_by, created_at=created_at
        )
        scenario.scores = dict(scores)
        scenarios.append(scenario)
    return dataclasses.replace(
        snapshot.state,
        sections=copy.deepcopy(snapshot.state.sections),
        scenarios=Scenarios(scenarios),
        revision=snapshot.revision,
    )


def _close_all(connections: list[Connection]) -> None:
    for conn in connections:
        conn.close()
    connections.clear()


def _nul_in(change: StateChange) -> bool:
    """Whether a row to write holds NUL, which PostgreSQL text refuses (then the full check names it)."""
    rows = [change.project_row, *(row for t in change.tables.values() for row in (*t.updated, *t.inserted))]
    return any(isinstance(v, str) and "\x00" in v for row in rows for v in row)


class TeamWorkspace:
    """Project `project` of the server at `address`. `read()` is a snapshot; changes go through `update()`."""

    def __init__(self, address: str, project: str, *, program: str | None = None) -> None:
        check_project_id(address, project)
        self.address = address
        self.project = project
        self.program = program
        self._conn: Connection | None = None
        # the connection closes with the workspace, also when a command just drops it
        self._open: list[Connection] = []
        weakref.finalize(self, _close_all, self._open)
        self._cache: _Snapshot | None = None

    def __repr__(self) -> str:
        return f"TeamWorkspace({self.shown()!r}, {self.project!r})"

    def shown(self) -> str:
        """The server address fit to print (never its password)."""
        return shown(self.address)

    @property
    def name(self) -> str:
        """What names this workspace in messages and default file names: the project id."""
        return self.project

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._open.remove(self._conn)
            self._conn = None

    def _connection(self) -> Connection:
        if self._conn is not None and self._conn.closed:
            self._open.remove(self._conn)
            self._conn = None  # the server went away: the next statement reconnects
        if self._conn is None:
            conn = connect(self.address)
            try:
                check_schema(conn, self.address)
            except BaseException:
                conn.close()
                raise
            self._conn = conn
            self._open.append(conn)
        return self._conn

    # ------------------------------------------------------------------ reading

    def read(self) -> WorkspaceState:
        """The project as one snapshot (its revision in `revision`)."""
        conn = self._connection()
        with self._mapped(writing=False), conn.transaction(), conn.cursor(binary=True) as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cur.execute(_REVISION, (self.project,))
            found = cur.fetchone()
            if found is None:
                self._missing(cur)
            snapshot = self._at(cur, int(found[0]))
        return _hand_out(snapshot)

    def _at(self, cur: Cursor, revision: int) -> _Snapshot:
        """The project at `revision`: the kept snapshot if it is that one, else read with `cur`."""
        if self._cache is not None and self._cache.revision == revision:
            return self._cache
        with gc_paused():  # 100k+ objects, all kept: collections would only walk them again
            state = decode_state(cur, self.project)
        if state is None:
            self._missing(cur)
        assert state is not None
        self._cache = _snapshot(state, state.revision)
        return self._cache

    def _missing(self, cur: Cursor) -> NoReturn:
        """ProjectMissing, or RightsRefused when the project exists but row security hides it."""
        unseen(cur, self.address, self.project)

    # ------------------------------------------------------------------ saving

    @contextmanager
    def update(self, *, timeout: float = 10.0) -> Iterator[WorkspaceState]:
        """Lock, yield the current state; on normal exit write what the block changed, in one
        transaction (an exception inside the block writes nothing). ProjectBusy after `timeout`
        seconds of waiting for another writer; RightsRefused if the user may not edit the project and
        the block changed something."""
        conn = self._connection()
        saved: tuple[WorkspaceState, int] | None = None
        editable = True
        errors = driver(self.address).errors
        try:
            with self._mapped(writing=True), self._transaction(conn) as cur:
                stored = self._lock(cur, timeout)
                if stored is None:
                    editable = False
                else:
                    snapshot = self._at(cur, stored)
                    state = _hand_out(snapshot)
                    yield state
                    revision = self._save(cur, snapshot, state)
                    if revision is not None:
                        saved = (state, revision)
        except errors.LockNotAvailable:
            raise ProjectBusy(self.address, self.project, timeout, self._holder(timeout)) from None
        if saved is not None:
            state, revision = saved
            self._cache = _snapshot(state, revision)
            state.revision = revision
        if editable:
            return
        # read rights only: the block runs on a snapshot and may look; a change is refused
        snapshot = self._snapshot()
        state = _hand_out(snapshot)
        yield state
        if self._change(snapshot, state):
            raise RightsRefused(self.address, self.project, EDIT)

    def _snapshot(self) -> _Snapshot:
        self.read()
        assert self._cache is not None
        return self._cache

    def _lock(self, cur: Cursor, timeout: float) -> int | None:
        """Begin the transaction and lock the project for it; its revision, or None when the user may
        read it but not edit it (row security hides the row from FOR UPDATE)."""
        # one batch, one wait for the server: the transaction's BEGIN, the wait limit, both locks
        with cur.connection.pipeline():
            cur.execute("BEGIN")
            cur.execute(
                "SELECT set_config('lock_timeout', %s, true)", (f"{max(1, round(timeout * 1000))}ms",)
            )
            cur.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (LOCK_CLASS, self.project))
            cur.execute(_LOCK_ROW, (self.project,))
        found = cur.fetchone()
        if found is not None:
            return int(found[0])
        cur.execute(_REVISION, (self.project,))
        if cur.fetchone() is None:
            self._missing(cur)
        return None

    def lock_in(self, cur: Cursor, timeout: float) -> int:
        """Lock the project in the caller's transaction (a plant's save of its members); its revision,
        RightsRefused when the user may only read it."""
        found = self._lock(cur, timeout)
        if found is None:
            raise RightsRefused(self.address, self.project, EDIT)
        return found

    def save_in(self, cur: Cursor, revision: int, edit: Callable[[WorkspaceState], None]) -> int | None:
        """In the caller's transaction, with the project locked at `revision`: `edit` its state and write
        what changed; the new revision, None when nothing changed."""
        snapshot = self._at(cur, revision)
        state = _hand_out(snapshot)
        edit(state)
        return self._save(cur, snapshot, state)

    def holder(self, timeout: float) -> str:
        """Who holds the project's lock, as a busy writer is told."""
        return self._holder(timeout)

    def mapped(self, *, writing: bool) -> AbstractContextManager[None]:
        """The driver's errors as the store's, naming this project (LockNotAvailable passes through)."""
        return self._mapped(writing=writing)

    def _holder(self, timeout: float) -> str:
        """Who holds the project's lock (database user and the OS user its session names), or ""."""
        try:
            conn = self._connection()
            with conn.transaction(), conn.cursor() as cur:
                cur.execute(_HOLDERS, (LOCK_CLASS, self.project))
                rows = cur.fetchall()
        except driver(self.address).Error:
            return ""
        return ", ".join(f"{user} ({app})" if app else str(user) for user, app in rows)

    def _change(self, snapshot: _Snapshot, state: WorkspaceState) -> StateChange:
        scenarios = _signature(state.scenarios) != snapshot.scenarios
        return state_change(self.project, snapshot.state, state, snapshot.revision + 1, scenarios=scenarios)

    def _save(self, cur: Cursor, snapshot: _Snapshot, state: WorkspaceState) -> int | None:
        """Write what `state` changed from `snapshot`; the new revision, None when nothing changed."""
        change = self._change(snapshot, state)
        if not change:
            return None
        if change.scenarios or change.sections or _nul_in(change):
            check_storable(self.address, state)  # names the item the server would refuse
        if not is_small(change):
            return apply_change(cur, self.address, self.project, change, state, snapshot.revision)
        try:
            return commit_small_change(cur, self.project, change, snapshot.revision)
        except driver(self.address).errors.DivisionByZero:
            # the bump found no row: nothing was written; say why, from a fresh transaction
            self._rollback(cur.connection)
            with cur.connection.transaction(), cur.connection.cursor() as check:
                unbumped(check, self.address, self.project, snapshot.revision)

    @contextmanager
    def _transaction(self, conn: Connection) -> Iterator[Cursor]:
        """A save's transaction: `_lock` sends its BEGIN, a small save's batch its COMMIT; committed
        here if still open at the end, rolled back on any error (the block's included)."""
        with conn.cursor(binary=True) as cur:
            try:
                yield cur
            except BaseException:
                self._rollback(conn)
                raise
            if conn.info.transaction_status != _IDLE:
                cur.execute("COMMIT")

    def _rollback(self, conn: Connection) -> None:
        """End an open transaction without its changes (nothing to do on a lost connection)."""
        if conn.closed or conn.broken or conn.info.transaction_status == _IDLE:
            return
        try:
            conn.execute("ROLLBACK")
        except driver(self.address).Error:
            pass  # the connection failed meanwhile: the server ends the transaction itself

    @contextmanager
    def _mapped(self, *, writing: bool) -> Iterator[None]:
        """The driver's errors as the store's, worded without the password."""
        psycopg_module = driver(self.address)
        errors = psycopg_module.errors
        try:
            yield
        except TeamError:
            raise
        except errors.LockNotAvailable:
            raise
        except (errors.UndefinedTable, errors.InvalidSchemaName, errors.UndefinedFunction):
            raise SchemaMissing(self.address) from None
        except (
            errors.UniqueViolation,
            errors.ForeignKeyViolation,
            errors.CheckViolation,
            errors.NotNullViolation,
        ) as exc:
            raise StateRefused(self.address, " ".join(str(exc).split())) from None
        except psycopg_module.Error as exc:
            if is_refusal(exc):
                raise RightsRefused(self.address, self.project, EDIT if writing else READ) from None
            if isinstance(exc, psycopg_module.OperationalError):
                self.close()  # a lost connection: the next command opens a new one
            raise ServerFailed(self.address, " ".join(str(exc).split()), writing=writing) from None

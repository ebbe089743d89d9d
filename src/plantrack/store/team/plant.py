"""A plant on the team's PostgreSQL server, behind the interface of the plant file (store/plant_store.py).

The plant's id comes after `#` in its address (`-p 'postgresql://…/plans#assembly'`); its members are
projects of the same database, listed by their ids. Every write is one transaction: the plant row is
locked, the shared part written again, the members changed row by row (a new member needs the right to
edit that project, row security checks it), the revision bumped. A project another plant lists is
refused by name before anything is written, and by the database (UNIQUE (project)) if two writers race.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Plant
from plantrack.store.plant_steps import Edit, Step
from plantrack.store.state import WorkspaceState
from plantrack.store.team.address import is_server_address, shown
from plantrack.store.team.connection import connect, driver, split_address
from plantrack.store.team.errors import SchemaMissing, ServerFailed, StateRefused, TeamError
from plantrack.store.team.plant_errors import PlantBusy, PlantExists, PlantMissing, PlantRightsRefused
from plantrack.store.team.plant_rows import MEMBERS, SHARED, fetch_plant, member_rows, shared_rows
from plantrack.store.team.refusals import EDIT, READ, RightsRefused, is_refusal
from plantrack.store.team.state_checks import check_project_id
from plantrack.store.team.state_write import copy_rows
from plantrack.store.team.sync import check_schema

if TYPE_CHECKING:
    import psycopg

    from plantrack.store.team.plant_watch import ServerPlantChanges

    Connection = psycopg.Connection[tuple[Any, ...]]
    Cursor = psycopg.Cursor[tuple[Any, ...]]

_LOCK_PLANT = "SELECT revision FROM plantrack.plants WHERE id = %s FOR UPDATE"
_SEEN = "SELECT EXISTS (SELECT FROM plantrack.plants WHERE id = %s), plantrack.plant_team(%s) IS NOT NULL"
_UPDATE_PLANT = (
    "UPDATE plantrack.plants SET revision = revision + 1, name = %s, calendar = %s, updated_at = now(),"
    " updated_by = current_user WHERE id = %s"
)
_INSERT_PLANT = "INSERT INTO plantrack.plants (id, revision, name, calendar) VALUES (%s, 1, %s, %s)"
#: Emptied before the shared part is written again (their children go with them: ON DELETE CASCADE).
_CLEARED = (
    "DELETE FROM plantrack.plant_calendars WHERE plant = %s",
    "DELETE FROM plantrack.plant_resources WHERE plant = %s",
    "DELETE FROM plantrack.plant_windows WHERE plant = %s",
)
_MEMBERS = "SELECT project, position, priority FROM plantrack.plant_projects WHERE plant = %s"
# FOR KEY SHARE passes only the projects the user may edit (the edit policy), and keeps each from
# being deleted until the plant is written
_EDITABLE = "SELECT 1 FROM plantrack.projects WHERE id = %s AND scenario_of IS NULL FOR KEY SHARE"
_SEEN_PROJECT = (
    "SELECT EXISTS (SELECT FROM plantrack.projects WHERE id = %s AND scenario_of IS NULL),"
    " plantrack.project_team(%s) IS NOT NULL"
)

#: The plant's revision (under "", which no project id can be) and each listed member's, for `stamp`.
_STAMPS = (
    "SELECT '', revision FROM plantrack.plants WHERE id = %s UNION ALL"
    " SELECT id, revision FROM plantrack.projects WHERE id = ANY(%s) AND scenario_of IS NULL"
)


class TeamPlantStore:
    """Plant `key` on the server at `address` (the address may end with `#key`)."""

    def __init__(self, address: str, key: str, *, program: str | None = None) -> None:
        check_project_id(address, key)
        self.uri = split_address(address)[0]
        self.address = f"{self.uri}#{key}"
        self.key = key
        self.program = program

    def __repr__(self) -> str:
        return f"TeamPlantStore({self.shown()!r})"

    def shown(self) -> str:
        return f"{shown(self.uri)}#{self.key}"

    @property
    def file(self) -> Path | None:
        return None

    def stem(self) -> str:
        """The plant id's last part: an id is no path, so it never picks a folder to write into."""
        return Path(self.key).name or "plant"

    # ------------------------------------------------------------------ reading

    def exists(self) -> bool:
        with self._session(writing=False) as cur:
            cur.execute(_SEEN, (self.key, self.key))
            found = cur.fetchone()
        return found is not None and bool(found[0] or found[1])

    def read(self) -> Plant:
        """The plant as one snapshot (PlantMissing, or PlantRightsRefused if row security hides it)."""
        with self._session(writing=False) as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            found = fetch_plant(cur, self.key)
            if found is None:
                cur.execute(_SEEN, (self.key, self.key))
                seen = cur.fetchone()
                if seen is not None and seen[1]:
                    raise PlantRightsRefused(self.address, self.key, READ)
                raise PlantMissing(self.address, self.key)
        return found[0]

    def listed(self, workspace: str | Path) -> str:
        """A project id, or `URI#PROJECT` of this same server (refused, naming it, from another)."""
        text = str(workspace)
        if not is_server_address(text):
            return text
        uri, project = split_address(text)
        if uri != self.uri or project is None:
            message = _(
                "{address} is not a project of the plant's server {server}: a plant on a server lists "
                "projects of its own database, by id"
            ).format(address=shown(text), server=shown(self.uri))
            raise InvalidInput([Problem(code="plant-project-elsewhere", message=message, ids=(text,))])
        return project

    def member_exists(self, workspace: str | Path) -> bool:
        key = self.listed(workspace)
        with self._session(writing=False) as cur:  # a project hidden from the user is there: its
            cur.execute(_SEEN_PROJECT, (key, key))  # read then names the right it lacks
            seen = cur.fetchone()
        return seen is not None and bool(seen[0] or seen[1])

    def members(self, plant: Plant) -> tuple[list[tuple[str, Any, int]], list[Problem]]:
        """Each member project (a project deleted from the server leaves its plant with it)."""
        return [(p.workspace, self.open_member(p.workspace), p.priority) for p in plant.projects], []

    def read_members(self, plant: Plant) -> tuple[list[tuple[str, Any, int, WorkspaceState]], list[Problem]]:
        """Every member's state from one snapshot on one connection, a query a table for them all; a
        member row security hides is reported by its own read, naming it."""
        from plantrack.store.team.state_read import decode_states

        with self._session(writing=False, binary=True) as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            states = decode_states(cur, [p.workspace for p in plant.projects])
        found = []
        for project in plant.projects:
            opened = self.open_member(project.workspace)
            state = states[project.workspace]
            found.append((project.workspace, opened, project.priority, state or opened.read()))
        return found, []

    def open_member(self, listed: str) -> Any:
        from plantrack.store.team.workspace import TeamWorkspace

        return TeamWorkspace(f"{self.uri}#{listed}", listed, program=self.program)

    def member_file(self, listed: str) -> Path | None:
        return None

    def create_member(self, listed: str, state: WorkspaceState) -> None:
        from plantrack.store.backend import create_store
        from plantrack.store.location import locate

        create_store(locate(f"{self.uri}#{listed}"), state, program=self.program)

    def member_address(self, listed: str) -> str:
        return f"{shown(self.uri)}#{listed}"

    def recover(self, *, timeout: float = 10.0) -> None:
        """Nothing to undo: a save on the server is one transaction."""

    def stamp(self, listed: Sequence[str]) -> tuple[tuple[str, float], ...]:
        """The plant's revision and each member's (-1 for one gone or hidden): one short query."""
        with self._session(writing=False) as cur:
            cur.execute(_STAMPS, (self.key, list(listed)))
            found = {str(key): float(revision) for key, revision in cur.fetchall()}
        return tuple((key, found.get(key, -1.0)) for key in ("", *listed))

    def watch(self) -> ServerPlantChanges:
        """The plant's and its members' change notices, received by a worker thread on one connection."""
        from plantrack.store.team.plant_watch import ServerPlantChanges

        return ServerPlantChanges(self.uri, self.key)

    # ------------------------------------------------------------------ writing

    def write(self, plant: Plant, *, create: bool = False, timeout: float = 10.0) -> None:
        """Store `plant` as one transaction (module doc); nothing is written on any refusal."""
        with connect(self.uri) as conn:
            check_schema(conn, self.uri)
            self.write_on(conn, plant, create=create, timeout=timeout)

    def write_on(
        self, conn: Connection, plant: Plant, *, create: bool = False, timeout: float = 10.0
    ) -> None:
        """`write` on an open connection: a transaction of its own, or a part of the caller's (a push of
        the plant with its projects)."""
        added: list[str] = []
        psycopg_module = driver(self.uri)
        errors = psycopg_module.errors
        usable = (psycopg_module.pq.TransactionStatus.IDLE, psycopg_module.pq.TransactionStatus.INTRANS)
        try:
            with self._mapped(writing=True):
                try:
                    self._write_in(conn, plant, added, create=create, timeout=timeout)
                except errors.UniqueViolation as exc:
                    # another plant's save committed a claim on a project we add while we waited:
                    # rolled back, the connection can still say which plant holds it
                    if "plant_projects_one_plant" in str(exc) and conn.info.transaction_status in usable:
                        raise self._claimed(conn, added, exc) from None
                    raise
        except errors.LockNotAvailable:
            raise PlantBusy(self.address, self.key, timeout) from None

    def _write_in(
        self, conn: Connection, plant: Plant, added: list[str], *, create: bool, timeout: float
    ) -> None:
        """The write's transaction; `added` is filled with the projects it adds to the plant."""
        with conn.transaction(), conn.cursor() as cur:
            cur.execute(
                "SELECT set_config('lock_timeout', %s, true)", (f"{max(1, round(timeout * 1000))}ms",)
            )
            cur.execute(_LOCK_PLANT, (self.key,))
            existed = cur.fetchone() is not None
            if not existed:
                cur.execute(_SEEN, (self.key, self.key))
                seen = cur.fetchone()
                if seen is not None and (seen[0] or seen[1]):  # there, but not the user's to edit
                    raise PlantRightsRefused(self.address, self.key, EDIT)
            elif create:
                raise PlantExists(self.address, self.key)
            cur.execute(_MEMBERS, (self.key,))
            before = {str(r[0]): (int(r[1]), int(r[2])) for r in cur.fetchall()}
            added[:] = [p.workspace for p in plant.projects if p.workspace not in before]
            self._check_new(cur, added)
            if existed:
                cur.execute(_UPDATE_PLANT, (plant.name, plant.calendar, self.key))
                for statement in _CLEARED:
                    cur.execute(statement, (self.key,))
            else:
                cur.execute(_INSERT_PLANT, (self.key, plant.name, plant.calendar))
            rows = shared_rows(self.key, plant)
            for name, table in SHARED.items():
                if rows[name]:
                    copy_rows(cur, table, rows[name])
            self._write_members(cur, plant, before)

    def _claimed(self, conn: Connection, added: Sequence[str], exc: Exception) -> InvalidInput:
        """The refusal of a race lost to another plant's save: each project it took, naming that plant
        (read after the rollback); the server's own words if none is found (hidden from the user)."""
        with conn.transaction(), conn.cursor() as cur:
            problems = self._claims(cur, added)
        if problems:
            return InvalidInput(problems)
        detail = " ".join(str(exc).split())
        message = _("a project already belongs to another plant: {detail}").format(detail=detail)
        return InvalidInput([Problem(code="plant-claimed", message=message)])

    def _claims(self, cur: Cursor, projects: Sequence[str]) -> list[Problem]:
        """A problem for each of `projects` another plant lists, naming that plant."""
        problems = []
        for project in projects:
            cur.execute("SELECT plantrack.project_plant(%s)", (project,))
            found = cur.fetchone()
            other = None if found is None else found[0]
            if other is not None and other != self.key:
                message = _("project {workspace} already belongs to plant {other} ({file})").format(
                    workspace=project, other=other, file=f"#{other}"
                )
                problems.append(Problem(code="plant-claimed", message=message, ids=(project,)))
        return problems

    def _check_new(self, cur: Cursor, added: Sequence[str]) -> None:
        """Each new member exists, is the user's to edit, and belongs to no other plant."""
        problems = self._claims(cur, added)
        claimed = {p.ids[0] for p in problems}
        for project in added:
            if project in claimed:
                continue
            cur.execute(_EDITABLE, (project,))
            if cur.fetchone() is not None:
                continue
            cur.execute(_SEEN_PROJECT, (project, project))
            seen = cur.fetchone()
            if seen is not None and (seen[0] or seen[1]):  # there, but not the user's to edit
                raise RightsRefused(self.address, project, EDIT)
            message = _("no project {workspace} on {address}").format(
                workspace=project, address=shown(self.uri)
            )
            problems.append(Problem(code="workspace-missing", message=message, ids=(project,)))
        if problems:
            raise InvalidInput(problems)

    def _write_members(self, cur: Cursor, plant: Plant, before: dict[str, tuple[int, int]]) -> None:
        """Only the member rows that changed: a priority change needs no right on the project."""
        wanted = {row[1]: row for row in member_rows(self.key, plant)}
        gone = [p for p in before if p not in wanted]
        if gone:
            cur.execute(
                "DELETE FROM plantrack.plant_projects WHERE plant = %s AND project = ANY(%s)",
                (self.key, gone),
            )
        changed = [
            (row[2], row[3], self.key, project)
            for project, row in wanted.items()
            if project in before and before[project] != (row[2], row[3])
        ]
        if changed:
            cur.executemany(
                "UPDATE plantrack.plant_projects SET position = %s, priority = %s"
                " WHERE plant = %s AND project = %s",
                changed,
            )
        new = [row for project, row in wanted.items() if project not in before]
        if new:
            copy_rows(cur, MEMBERS, new)

    def save_members(
        self,
        workspaces: Sequence[Any],
        edit: Edit,
        *,
        timeout: float = 10.0,
        program: str | None = None,
        step: Step | None = None,
    ) -> None:
        from plantrack.store.team.plant_save import save_members

        save_members(self.uri, workspaces, edit, timeout=timeout, step=step)

    # ------------------------------------------------------------------ the session

    @contextmanager
    def _session(self, *, writing: bool, binary: bool = False) -> Iterator[Cursor]:
        """One connection and one transaction, the driver's errors worded as the store's."""
        with connect(self.uri) as conn:
            check_schema(conn, self.uri)
            with self._mapped(writing=writing), conn.transaction(), conn.cursor(binary=binary) as cur:
                yield cur

    @contextmanager
    def _mapped(self, *, writing: bool) -> Iterator[None]:
        """The driver's errors as the store's (LockNotAvailable passes through: the caller words it)."""
        psycopg_module = driver(self.uri)
        errors = psycopg_module.errors
        try:
            yield
        except (TeamError, InvalidInput, errors.LockNotAvailable):
            raise
        except (errors.UndefinedTable, errors.InvalidSchemaName, errors.UndefinedFunction):
            raise SchemaMissing(self.uri) from None
        except errors.UniqueViolation as exc:
            if "plant_projects_one_plant" in str(exc):  # two writers claiming one project at once
                detail = " ".join(str(exc).split())
                message = _("a project already belongs to another plant: {detail}").format(detail=detail)
                raise InvalidInput([Problem(code="plant-claimed", message=message)]) from None
            if "plants_pkey" in str(exc):  # the plant is there, hidden from the user
                raise PlantRightsRefused(self.address, self.key, EDIT) from None
            raise StateRefused(self.uri, " ".join(str(exc).split())) from None
        except (errors.ForeignKeyViolation, errors.CheckViolation, errors.NotNullViolation) as exc:
            raise StateRefused(self.uri, " ".join(str(exc).split())) from None
        except psycopg_module.Error as exc:
            if is_refusal(exc):
                raise PlantRightsRefused(self.address, self.key, EDIT if writing else READ) from None
            raise ServerFailed(self.uri, " ".join(str(exc).split()), writing=writing) from None


def plant_of_project(address: str, project: str) -> Plant | None:
    """The plant that lists `project` on its server, None if none does (or none the user may read)."""
    uri = split_address(address)[0]
    with connect(uri) as conn:
        check_schema(conn, uri)
        psycopg_module = driver(uri)
        try:
            with conn.transaction(), conn.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cur.execute("SELECT plant FROM plantrack.plant_projects WHERE project = %s", (project,))
                row = cur.fetchone()
                found = None if row is None else fetch_plant(cur, str(row[0]))
        except psycopg_module.Error as exc:
            raise ServerFailed(uri, " ".join(str(exc).split()), writing=False) from None
    return None if found is None else found[0]

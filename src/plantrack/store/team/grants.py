"""Rights administration through PostgreSQL roles: grant, revoke and list them, assign a project's team.

Every change runs as `plantrack_admin` (`SET LOCAL ROLE` inside the transaction), so that a member of
that role, never a superuser, administers the rights, and so that on PostgreSQL 16 the team roles it
creates are its own to grant. Role names go through `psycopg.sql.Identifier`; values are bound.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from plantrack.i18n import _
from plantrack.store.team.connection import connect, driver
from plantrack.store.team.errors import ProjectMissing, SchemaMissing, SchemaOutdated, ServerFailed, TeamError
from plantrack.store.team.grant_errors import AdminRightMissing, BadTeamName, UnknownLogin, UnknownTeam
from plantrack.store.team.migrations.v3 import MEMBER_ROLE, READ_ALL_ROLE, TEAM_ROLE_PREFIX
from plantrack.store.team.migrations.v4 import ADMIN_ROLE
from plantrack.store.team.schema import schema_version
from plantrack.store.team.state_checks import check_project_id

if TYPE_CHECKING:
    import psycopg

    Cursor = psycopg.Cursor[tuple[object, ...]]

#: PostgreSQL cuts role names at 63 bytes; the team's role carries the prefix.
MAX_TEAM_BYTES = 63 - len(TEAM_ROLE_PREFIX)
#: The schema version that brought the admin role.
ADMIN_VERSION = 4
EDIT = "edit"
READ_ALL = "read-all"
ADMIN = "admin"
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Right:
    """One right a login holds: `edit` (with its team), `read-all` or `admin`; direct or through a role."""

    login: str
    right: str
    team: str | None
    direct: bool


@dataclass(frozen=True, slots=True)
class Rights:
    """Who holds which right on the server, the teams there, and the superusers (who hold them all)."""

    rights: tuple[Right, ...]
    teams: tuple[str, ...]
    superusers: tuple[str, ...]


def team_role(address: str, team: str) -> str:
    """The role name of team `team`, or BadTeamName."""
    if not team or len(team.encode()) > MAX_TEAM_BYTES or any(ord(c) < 32 or c == "\x7f" for c in team):
        raise BadTeamName(address, team, MAX_TEAM_BYTES)
    return TEAM_ROLE_PREFIX + team


def _right_of(role: str) -> tuple[str, str | None]:
    if role == READ_ALL_ROLE:
        return READ_ALL, None
    if role == ADMIN_ROLE:
        return ADMIN, None
    return EDIT, role[len(TEAM_ROLE_PREFIX) :]


def _role_exists(cur: Cursor, role: str) -> bool:
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
    return cur.fetchone() is not None


def _is_direct_member(cur: Cursor, role: str, login: str) -> bool:
    cur.execute(
        "SELECT 1 FROM pg_auth_members am JOIN pg_roles r ON r.oid = am.roleid"
        " JOIN pg_roles m ON m.oid = am.member WHERE r.rolname = %s AND m.rolname = %s",
        (role, login),
    )
    return cur.fetchone() is not None


def _is_plantrack_role(name: str) -> bool:
    return name in (MEMBER_ROLE, READ_ALL_ROLE, ADMIN_ROLE) or name.startswith(TEAM_ROLE_PREFIX)


def _become_admin(cur: Cursor, address: str) -> None:
    """Act as plantrack_admin until the transaction ends, or AdminRightMissing / SchemaOutdated."""
    cur.execute(
        "SELECT current_user, pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = %s",
        (ADMIN_ROLE,),
    )
    found = cur.fetchone()
    if found is None:
        raise SchemaOutdated(address, ADMIN_VERSION - 1, ADMIN_VERSION)
    if not found[1]:
        raise AdminRightMissing(address, str(found[0]))
    cur.execute("SET LOCAL ROLE plantrack_admin")


def _checked_login(cur: Cursor, address: str, login: str) -> None:
    cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", (login,))
    found = cur.fetchone()
    if found is None:
        raise UnknownLogin(address, login)
    if found[0]:
        raise UnknownLogin(address, login, reason=_("{login} is a superuser: it holds every right already"))
    if _is_plantrack_role(login):
        raise UnknownLogin(address, login, reason=_("{login} is one of plantrack's own roles, not a login"))


def _administer(address: str, work: Callable[[Cursor], _T]) -> _T:
    """Run `work` as plantrack_admin in one transaction; the server's refusals worded."""
    psycopg_module = driver(address)
    errors = psycopg_module.errors
    with connect(address) as conn:
        user = str(conn.info.user)
        try:
            with conn.transaction(), conn.cursor() as cur:
                # the right first: a user without it may not even see the plantrack schema
                _become_admin(cur, address)
                found = _version(conn, address)
                if found < ADMIN_VERSION:
                    raise SchemaOutdated(address, found, ADMIN_VERSION)
                return work(cur)
        except TeamError:
            raise
        except errors.InsufficientPrivilege:
            raise AdminRightMissing(address, user) from None
        except psycopg_module.Error as exc:
            raise ServerFailed(address, " ".join(str(exc).split())) from None


def _version(conn: psycopg.Connection[tuple[object, ...]], address: str) -> int:
    psycopg_module = driver(address)
    try:
        found = schema_version(conn)
    except psycopg_module.Error as exc:
        raise ServerFailed(address, " ".join(str(exc).split()), writing=False) from None
    if found == 0:
        raise SchemaMissing(address)
    return found


def grant(address: str, login: str, team: str | None) -> bool:
    """Give `login` the right to edit the projects of `team` (its role made if new), or with team None
    to read every project; False when it held that right directly already."""
    from psycopg import sql

    role = READ_ALL_ROLE if team is None else team_role(address, team)

    def work(cur: Cursor) -> bool:
        _checked_login(cur, address, login)
        if not _role_exists(cur, role):
            cur.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
            cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(MEMBER_ROLE), sql.Identifier(role)))
        if _is_direct_member(cur, role, login):
            return False
        cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(role), sql.Identifier(login)))
        return True

    return _administer(address, work)


@dataclass(frozen=True, slots=True)
class Revocation:
    """What a revoke took away, and the rights the login still holds through another role."""

    revoked: tuple[Right, ...]
    still: tuple[Right, ...]


def revoke(address: str, login: str, team: str | None, *, read_all: bool = False) -> Revocation:
    """Take from `login` the right to edit `team`'s projects, or to read all (`read_all`), or with
    neither every plantrack right it was granted directly."""
    from psycopg import sql

    wanted = READ_ALL_ROLE if read_all else (None if team is None else team_role(address, team))

    def work(cur: Cursor) -> Revocation:
        _checked_login(cur, address, login)
        if wanted is not None:
            if not _role_exists(cur, wanted):
                raise UnknownTeam(address, team or "")
            roles = [wanted] if _is_direct_member(cur, wanted, login) else []
        else:
            roles = [r for r, _d in _held(cur, login) if _d and r != ADMIN_ROLE]
        for role in roles:
            cur.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(role), sql.Identifier(login)))
        left = [r for r, _d in _held(cur, login) if r != ADMIN_ROLE and (wanted is None or r == wanted)]
        return Revocation(
            revoked=tuple(Right(login, *_right_of(r), direct=True) for r in roles),
            still=tuple(Right(login, *_right_of(r), direct=False) for r in left),
        )

    return _administer(address, work)


_HELD = (
    "SELECT r.rolname, EXISTS (SELECT FROM pg_auth_members am WHERE am.roleid = r.oid AND am.member = u.oid)"
    " FROM pg_roles u, pg_roles r"
    " WHERE u.rolname = %s AND (r.rolname IN (%s, %s) OR r.rolname LIKE %s)"
    " AND pg_has_role(u.oid, r.oid, CASE WHEN r.rolname = %s THEN 'MEMBER' ELSE 'USAGE' END)"
    " ORDER BY 1"
)
_TEAM_PATTERN = TEAM_ROLE_PREFIX.replace("_", "\\_") + "%"


def _held(cur: Cursor, login: str) -> list[tuple[str, bool]]:
    """The plantrack roles whose rights `login` has (admin: may become it), and whether directly."""
    cur.execute(_HELD, (login, READ_ALL_ROLE, ADMIN_ROLE, _TEAM_PATTERN, ADMIN_ROLE))
    return [(str(r[0]), bool(r[1])) for r in cur.fetchall()]


_RIGHTS = (
    "SELECT u.rolname, r.rolname,"
    " EXISTS (SELECT FROM pg_auth_members am WHERE am.roleid = r.oid AND am.member = u.oid)"
    " FROM pg_roles u, pg_roles r"
    " WHERE u.rolcanlogin AND NOT u.rolsuper AND (r.rolname IN (%s, %s) OR r.rolname LIKE %s)"
    " AND pg_has_role(u.oid, r.oid, CASE WHEN r.rolname = %s THEN 'MEMBER' ELSE 'USAGE' END)"
    " ORDER BY 1, 2"
)


def list_rights(address: str) -> Rights:
    """Every login's plantrack rights (from the server's roles and memberships), the teams, the superusers.

    Roles are the cluster's, readable by every user: no right on the plantrack tables is needed.
    """
    psycopg_module = driver(address)
    with connect(address) as conn:
        try:
            with conn.transaction(), conn.cursor() as cur:
                cur.execute(_RIGHTS, (READ_ALL_ROLE, ADMIN_ROLE, _TEAM_PATTERN, ADMIN_ROLE))
                held = cur.fetchall()
                cur.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY 1", (_TEAM_PATTERN,))
                teams = [str(r[0])[len(TEAM_ROLE_PREFIX) :] for r in cur.fetchall()]
                cur.execute("SELECT rolname FROM pg_roles WHERE rolsuper AND rolcanlogin ORDER BY 1")
                superusers = [str(r[0]) for r in cur.fetchall()]
        except psycopg_module.Error as exc:
            raise ServerFailed(address, " ".join(str(exc).split()), writing=False) from None
    rights = tuple(
        Right(str(login), *_right_of(str(role)), direct=bool(direct))
        for login, role, direct in held
        if not _is_plantrack_role(str(login))
    )
    return Rights(rights=rights, teams=tuple(teams), superusers=tuple(superusers))


def assign_project(address: str, project: str, team: str) -> None:
    """Give project `project` (and its scenarios) to `team`: its technicians edit it from now on."""
    _assign(address, "SELECT plantrack.assign_project(%s, %s)", project, team, ProjectMissing)


def assign_plant(address: str, plant: str, team: str) -> None:
    """Give plant `plant` to `team`: its technicians edit the plant (its shared part, its members)."""
    from plantrack.store.team.plant_errors import PlantMissing

    _assign(address, "SELECT plantrack.assign_plant(%s, %s)", plant, team, PlantMissing)


def _assign(
    address: str, statement: str, key: str, team: str, missing: Callable[[str, str], Exception]
) -> None:
    """Run the server's assignment `statement` (a project's or a plant's) giving `key` to `team`, as the
    administrator; `missing(address, key)` when the server finds no such item."""
    check_project_id(address, key)
    role = team_role(address, team)

    def work(cur: Cursor) -> None:
        if not _role_exists(cur, role):
            raise UnknownTeam(address, team)
        cur.execute(statement, (key, team))
        found = cur.fetchone()
        if found is None or not found[0]:
            raise missing(address, key)

    _administer(address, work)

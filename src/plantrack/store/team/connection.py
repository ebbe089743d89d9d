"""Connecting to the team's PostgreSQL server: the one place psycopg is loaded, its failures worded."""

from __future__ import annotations

import getpass
import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from plantrack.i18n import _
from plantrack.store.team.errors import DriverMissing, ServerRefused

if TYPE_CHECKING:
    import psycopg

#: Seconds to wait for a server that does not answer before saying so.
CONNECT_TIMEOUT = 10
APPLICATION_NAME = "plantrack"


def application_name() -> str:
    """`plantrack USER`: what pg_stat_activity shows of this session, so that a writer kept waiting
    is told who holds the project (the database role is often shared by a team, the OS user is not)."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        return APPLICATION_NAME
    # printable ASCII only: the server replaces anything else with '?'
    clean = "".join(c if c.isascii() and c.isprintable() else "?" for c in user)
    return f"{APPLICATION_NAME} {clean}"[:63]


def driver(address: str) -> ModuleType:
    """The psycopg module, or DriverMissing: the `team` extra is optional."""
    try:
        return importlib.import_module("psycopg")
    except ImportError:
        raise DriverMissing(address) from None


def split_address(address: str) -> tuple[str, str | None]:
    """`postgresql://…/db#line3` -> (the libpq URI, the project id `line3`); no `#`: no project."""
    uri, hash_sign, project = address.partition("#")
    return uri, (project if hash_sign and project else None)


def connect(address: str) -> psycopg.Connection[tuple[object, ...]]:
    """An open connection or ServerRefused (without the password).

    Autocommit: every change runs in an explicit `conn.transaction()` block, a real BEGIN/COMMIT, so
    that no implicit transaction stays open between two calls holding locks or an old snapshot.
    """
    psycopg_module = driver(address)
    uri, _project = split_address(address)
    try:
        conn: psycopg.Connection[tuple[object, ...]] = psycopg_module.connect(
            uri, connect_timeout=CONNECT_TIMEOUT, application_name=application_name(), autocommit=True
        )
    except psycopg_module.ProgrammingError:
        # the address itself cannot be read: libpq's message quotes the faulty part, maybe a password
        raise ServerRefused(
            address,
            _(
                "the address is not a valid libpq URI; write special characters of a user name or "
                "password as %XX (or give the password through PGPASSWORD or ~/.pgpass)"
            ),
        ) from None
    except psycopg_module.Error as exc:
        raise ServerRefused(address, _reason(exc)) from None
    return conn


def _reason(exc: BaseException) -> str:
    """The driver's message on one line (libpq writes several, each ending with a newline)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return " ".join(lines) or type(exc).__name__


def is_driver_error(exc: Exception) -> bool:
    """Whether `exc` is psycopg's own (a dropped connection, a stopped server): a watch thread outlives
    those and tries again; False when psycopg is not installed."""
    try:
        import psycopg
    except ImportError:
        return False
    return isinstance(exc, psycopg.Error)

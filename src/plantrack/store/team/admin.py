"""Setting up a team database: `init_database` connects, applies the missing migrations, says what it did."""

from __future__ import annotations

from dataclasses import dataclass

from plantrack.store.team.connection import connect, driver
from plantrack.store.team.errors import SchemaTooNew, ServerFailed
from plantrack.store.team.migrations import LATEST
from plantrack.store.team.schema import SchemaVersionTooNew, init_schema


@dataclass(frozen=True, slots=True)
class Setup:
    """The schema version the database has now, and the versions this run applied (none: up to date)."""

    version: int
    applied: tuple[int, ...]


def init_database(address: str) -> Setup:
    """Bring the database at `address` to the latest schema; idempotent. Errors name the address
    without its password."""
    psycopg_module = driver(address)
    with connect(address) as conn:
        try:
            applied = init_schema(conn)
        except SchemaVersionTooNew as exc:
            raise SchemaTooNew(address, exc.found, LATEST) from None
        except psycopg_module.Error as exc:
            raise ServerFailed(address, " ".join(str(exc).split())) from None
    return Setup(version=LATEST, applied=applied)

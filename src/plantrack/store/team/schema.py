"""The schema on the server: its version table and `init_schema`, which applies the missing migrations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plantrack.store.team.migrations import LATEST, MIGRATIONS

if TYPE_CHECKING:
    import psycopg

#: Taken for the length of an `init_schema` transaction, so that two `team init` at once apply each
#: migration once (the second waits, then finds nothing to do). Any fixed 64-bit number would do.
INIT_LOCK = 0x706C616E747261


class SchemaVersionTooNew(Exception):
    """The database holds a schema version above the one this code knows."""

    def __init__(self, found: int) -> None:
        super().__init__(f"schema version {found} is newer than {LATEST}")
        self.found = found


def schema_version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """The version of the plantrack schema in the database; 0 when it was never set up."""
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass('plantrack.schema_version') IS NOT NULL")
        row = cur.fetchone()
        if row is None or not row[0]:
            return 0
        cur.execute("SELECT coalesce(max(version), 0) FROM plantrack.schema_version")
        found = cur.fetchone()
        return int(found[0]) if found is not None else 0  # type: ignore[call-overload]


def init_schema(conn: psycopg.Connection[tuple[object, ...]]) -> tuple[int, ...]:
    """Apply every migration the database lacks, in order, in one transaction; the versions applied.

    Idempotent: on an up-to-date database it changes nothing and returns (). A database newer than
    this code raises SchemaVersionTooNew and is left untouched.
    """
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (INIT_LOCK,))
        cur.execute("CREATE SCHEMA IF NOT EXISTS plantrack")
        cur.execute(
            "CREATE TABLE IF NOT EXISTS plantrack.schema_version ("
            " version integer PRIMARY KEY,"
            " applied_at timestamptz NOT NULL DEFAULT now(),"
            " applied_by text NOT NULL DEFAULT current_user)"
        )
        current = schema_version(conn)
        if current > LATEST:
            raise SchemaVersionTooNew(current)
        applied = []
        for version, statements in MIGRATIONS:
            if version <= current:
                continue
            for statement in statements:
                cur.execute(statement)
            cur.execute("INSERT INTO plantrack.schema_version (version) VALUES (%s)", (version,))
            applied.append(version)
    return tuple(applied)

"""The team database's schema: every table there, migrations applied once, a newer schema left alone."""

from __future__ import annotations

import threading

import pytest

from plantrack.store.team.connection import connect
from plantrack.store.team.migrations import LATEST, MIGRATIONS
from plantrack.store.team.migrations.v6 import PER_PLANT_TABLES
from plantrack.store.team.schema import SchemaVersionTooNew, init_schema, schema_version

psycopg = pytest.importorskip("psycopg")

#: The kinds of record the issue lists, each in a table of its own (the plan's parts in several).
TABLES = {
    "schema_version", "projects", "calendars", "calendar_hours", "calendar_days", "calendar_day_hours",
    "calendar_periods", "calendar_recurring_off", "resources", "resource_absences", "windows",
    "window_periods", "tasks", "task_constraints", "links", "assignments", "baselines", "baseline_tasks",
    "progress_records", "actions", "action_updates", "gate_decisions", "meetings", "meeting_items",
    "schedules", "schedule_tasks", "sections", "scenarios", "scenario_scores",
    # the plants (version 6): their shared part in tables shaped as the project's, and their members
    "plants", *PER_PLANT_TABLES,
}  # fmt: skip

# what the schema is made of, to compare before and after a second run
SHAPE = """
SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default
FROM information_schema.columns c WHERE c.table_schema = 'plantrack'
UNION ALL
SELECT conrelid::regclass::text, conname, contype::text, pg_get_constraintdef(oid), ''
FROM pg_constraint WHERE connamespace = 'plantrack'::regnamespace
UNION ALL
SELECT tablename, indexname, indexdef, '', '' FROM pg_indexes WHERE schemaname = 'plantrack'
ORDER BY 1, 2
"""


def shape(conn: psycopg.Connection[tuple[object, ...]]) -> list[tuple[object, ...]]:
    with conn.cursor() as cur:
        cur.execute(SHAPE)
        return cur.fetchall()


def test_init_creates_every_table_and_records_its_version(pg_uri: str) -> None:
    with connect(pg_uri) as conn:
        assert schema_version(conn) == 0
        assert init_schema(conn) == tuple(v for v, _ in MIGRATIONS)
        assert schema_version(conn) == LATEST
        with conn.cursor() as cur:
            cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'plantrack'")
            assert {row[0] for row in cur.fetchall()} == TABLES
            cur.execute("SELECT version FROM plantrack.schema_version ORDER BY version")
            assert cur.fetchall() == [(v,) for v, _ in MIGRATIONS]


def test_init_twice_changes_nothing(pg_uri: str) -> None:
    with connect(pg_uri) as conn:
        init_schema(conn)
        before = shape(conn)
        assert init_schema(conn) == ()
        assert shape(conn) == before
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM plantrack.schema_version")
            assert cur.fetchone() == (len(MIGRATIONS),)


def test_a_v1_database_is_upgraded_in_place_keeping_its_rows(
    pg_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plantrack.store.team import schema

    with connect(pg_uri) as conn:
        monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS[:1])
        assert init_schema(conn) == (1,)
        with conn.transaction():
            conn.execute(
                "INSERT INTO plantrack.projects (id, name, start_at, calendar, currency, minutes_per_day,"
                " minutes_per_week) VALUES ('old', 'Old', '2027-01-04', 'standard', 'EUR', 480, 2400)"
            )
        monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS)
        assert init_schema(conn) == tuple(v for v, _ in MIGRATIONS[1:])
        assert init_schema(conn) == ()
        with conn.cursor() as cur:
            cur.execute("SELECT id, scenario_of FROM plantrack.projects")
            assert cur.fetchall() == [("old", None)]


def test_the_v2_statements_are_harmless_run_twice(pg_uri: str) -> None:
    from plantrack.store.team.migrations import v2

    with connect(pg_uri) as conn:
        init_schema(conn)
        before = shape(conn)
        with conn.transaction(), conn.cursor() as cur:
            for statement in v2.STATEMENTS:
                cur.execute(statement)
        assert shape(conn) == before


def test_two_inits_at_once_apply_each_migration_once(pg_uri: str) -> None:
    results: list[tuple[int, ...]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with connect(pg_uri) as conn:
                results.append(init_schema(conn))
        except BaseException as exc:  # reported below: a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(results) == [(), (), tuple(v for v, _ in MIGRATIONS)]


def test_a_newer_schema_is_refused_and_left_untouched(pg_uri: str) -> None:
    with connect(pg_uri) as conn:
        init_schema(conn)
        with conn.transaction():
            conn.execute("INSERT INTO plantrack.schema_version (version) VALUES (%s)", (LATEST + 1,))
        before = shape(conn)
        with pytest.raises(SchemaVersionTooNew) as refused:
            init_schema(conn)
        assert refused.value.found == LATEST + 1
        assert shape(conn) == before and schema_version(conn) == LATEST + 1


def test_a_failed_migration_leaves_nothing_behind(pg_uri: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from plantrack.store.team import schema

    broken = ((1, (*MIGRATIONS[0][1], "CREATE TABLE plantrack.projects (id text)")),)
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    with connect(pg_uri) as conn:
        with pytest.raises(psycopg.errors.DuplicateTable):
            init_schema(conn)
        assert schema_version(conn) == 0
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'plantrack'")
            assert cur.fetchone() == (0,)

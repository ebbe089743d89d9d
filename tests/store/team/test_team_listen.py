"""ProjectWatch: the notices of one project arrive after each committed save, quickly."""

from __future__ import annotations

import statistics
import time

import pytest

from plantrack.store.team.connection import connect
from plantrack.store.team.listen import ProjectNotice, ProjectWatch, parse_notice
from plantrack.store.team.schema import init_schema

psycopg = pytest.importorskip("psycopg")

PROJECT = (
    "INSERT INTO plantrack.projects (id, name, start_at, calendar, currency, minutes_per_day,"
    " minutes_per_week) VALUES (%s, 'P', '2026-01-05', 'std', 'EUR', 480, 2400)"
)
BUMP = "UPDATE plantrack.projects SET revision = revision + 1 WHERE id = %s"


def test_parse_notice_reads_a_notice_and_ignores_an_unknown_payload() -> None:
    assert parse_notice('{"project": "a", "revision": 3}') == ProjectNotice("a", 3)
    assert parse_notice("not json") is None
    assert parse_notice('{"project": "a"}') is None


def test_watch_yields_only_its_project_and_the_median_latency_is_under_a_second(pg_uri: str) -> None:
    with connect(pg_uri) as writer:
        init_schema(writer)
        with writer.transaction():
            writer.execute(PROJECT, ("a",))
            writer.execute(PROJECT, ("b",))
        latencies = []
        with ProjectWatch(pg_uri, "a") as watch:
            with writer.transaction():
                writer.execute(BUMP, ("b",))
            for expected in range(2, 22):
                sent = time.perf_counter()
                with writer.transaction():
                    writer.execute(BUMP, ("a",))
                got = next(watch.notices(timeout=2.0))
                latencies.append(time.perf_counter() - sent)
                assert got == ProjectNotice("a", expected)
    median = statistics.median(latencies)
    print(f"notice latency median {median * 1000:.2f} ms over {len(latencies)} saves")
    assert median < 1.0

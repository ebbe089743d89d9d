"""A throwaway PostgreSQL server for the team store's tests: one cluster a session, one database a test.

Without a server (no initdb here, or no psycopg) the tests skip with one reason; under
PLANTRACK_REQUIRE_POSTGRES=1 (set by `.ci/run`) they fail instead, so CI never loses them silently.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

from team.pg_cluster import Cluster, ClusterUnavailable, start_cluster

REQUIRE_POSTGRES = os.environ.get("PLANTRACK_REQUIRE_POSTGRES", "") not in ("", "0")
_numbers = itertools.count(1)


def _unavailable(reason: str) -> None:
    if REQUIRE_POSTGRES:
        pytest.fail(f"PLANTRACK_REQUIRE_POSTGRES is set, but no PostgreSQL server for the tests: {reason}")
    pytest.skip(f"no PostgreSQL server for the tests: {reason}")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A running cluster in a temporary folder, stopped and removed at the end of the session."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the PostgreSQL driver is not installed (pip install -e '.[test]')")
    try:
        cluster = start_cluster()
    except ClusterUnavailable as exc:
        _unavailable(str(exc))
        raise  # unreachable: skip and fail raise
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_uri(pg_cluster: Cluster) -> str:
    """The libpq URI of a new, empty database of its own for one test."""
    import psycopg

    name = f"t{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(pg_cluster.uri(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # a generated name, not user input
    return pg_cluster.uri(name)

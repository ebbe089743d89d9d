"""What the team store's benchmarks share: the server they measure (a throwaway cluster, or --uri)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests" / "store"))

from team.pg_cluster import start_cluster

from plantrack.store.team.connection import connect
from plantrack.store.team.schema import init_schema


@contextmanager
def team_server(uri: str | None, settings: dict[str, str] | None = None) -> Iterator[str]:
    """The database at `uri`, else a throwaway cluster's (initdb + pg_ctl, as the tests do; `settings`
    in place of its throwaway ones), with the plantrack tables created if missing; the cluster is
    stopped and removed on leaving."""
    cluster = None
    if uri is None:
        cluster = start_cluster(settings)
        uri = cluster.uri()
    try:
        with connect(uri) as conn:
            init_schema(conn)
        yield uri
    finally:
        if cluster is not None:
            cluster.stop()

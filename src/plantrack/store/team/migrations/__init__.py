"""The PostgreSQL schema's migrations, applied in order: version N runs once, after version N - 1."""

from __future__ import annotations

from plantrack.store.team.migrations import v1, v2, v3, v4, v5, v6, v7

#: (version, statements), ascending; a new version is appended, a released one never changes.
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, v1.STATEMENTS),
    (2, v2.STATEMENTS),
    (3, v3.STATEMENTS),
    (4, v4.STATEMENTS),
    (5, v5.STATEMENTS),
    (6, v6.STATEMENTS),
    (7, v7.STATEMENTS),
)

LATEST = MIGRATIONS[-1][0]

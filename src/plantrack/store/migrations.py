"""Schema versions of the workspace file and the hook that upgrades an older file, step by step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Version of the document layout this plantrack writes. Bump it, and add MIGRATIONS[old], whenever
#: a change would make an older plantrack misread a file (a renamed table or field, a new meaning).
SCHEMA_VERSION = 1
# Not bumped for the typed stored plan: schema 1's `schedule` table holds either the `schedule --json`
# document older versions kept (recognised by its `project` key, read into a StoredPlan) or the
# StoredPlan; an older plantrack reading the new layout still finds, for `--stable`, the `tasks` rows
# with an `id` and an ISO `start` it read before (store/plan.py). The histories' tables are unchanged.
#: Oldest schema ever written by a release; anything below is not a plantrack file.
FIRST_SCHEMA_VERSION = 1

Migration = Callable[[dict[str, Any]], dict[str, Any]]

#: MIGRATIONS[v] turns the tables of a schema-v document into schema v+1 (pure: no I/O, no meta).
#: Each must accept its own output's predecessor only; the caller runs them in order from the file's
#: version and writes a backup of the original bytes before the first migrated save.
MIGRATIONS: dict[int, Migration] = {}


class MigrationMissing(LookupError):
    """No step is registered from one schema version to the next."""


def migrate(tables: dict[str, Any], found: int, target: int | None = None) -> dict[str, Any]:
    """The tables of a schema-`found` document upgraded to `target` (default: SCHEMA_VERSION)."""
    goal = SCHEMA_VERSION if target is None else target
    for version in range(found, goal):
        step = MIGRATIONS.get(version)
        if step is None:
            raise MigrationMissing(f"no migration from schema version {version} to {version + 1}")
        tables = step(tables)
    return tables


def backup_path(path: Path, schema: int, revision: int) -> Path:
    """Where the original bytes of a file go before its first migrated save."""
    return path.with_name(f"{path.name}.bak-schema{schema}-rev{revision}")

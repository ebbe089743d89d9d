"""A plant's shared part as table rows, with the project tables' codecs: `plant_calendars` is `calendars`
with a `plant` column where `calendars` has `project` (schema version 6)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plantrack.scheduling.model import Plant, PlantProject
from plantrack.store.team.migrations.v6 import SHARED_TABLES
from plantrack.store.team.read import Rows, calendars_of, resources_of, windows_of
from plantrack.store.team.rows import PLAN_TABLES, Row, Table, calendar_rows, resource_rows, window_rows

if TYPE_CHECKING:
    import psycopg

    Cursor = psycopg.Cursor[tuple[Any, ...]]

PLANTS = Table("plants", ("id", "revision", "name", "calendar"), ("id",))
#: The shared part's tables by the name of the project table they copy, parents first.
SHARED: dict[str, Table] = {
    name: Table(f"plant_{name}", ("plant", *PLAN_TABLES[name].columns[1:]), PLAN_TABLES[name].order)
    for name in SHARED_TABLES
}
MEMBERS = Table("plant_projects", ("plant", "project", "position", "priority"), ("position",))


def shared_rows(key: str, plant: Plant) -> dict[str, list[Row]]:
    """Every row of the plant's calendars, resources and windows, by project table name."""
    out: dict[str, list[Row]] = {}
    out.update(calendar_rows(key, plant.calendars))
    out.update(resource_rows(key, plant.resources))
    out.update(window_rows(key, plant.windows))
    return {name: out[name] for name in SHARED}


def member_rows(key: str, plant: Plant) -> list[Row]:
    return [(key, p.workspace, i, p.priority) for i, p in enumerate(plant.projects)]


def _select(cur: Cursor, table: Table, column: str, key: str) -> Rows:
    from psycopg import sql

    cur.execute(
        sql.SQL("SELECT {} FROM {} WHERE {} = %s ORDER BY {}").format(
            sql.SQL(", ").join(map(sql.Identifier, table.columns)),
            sql.Identifier("plantrack", table.name),
            sql.Identifier(column),
            sql.SQL(", ").join(map(sql.Identifier, table.order)),
        ),
        (key,),
    )
    return cur.fetchall()


def fetch_plant(cur: Cursor, key: str) -> tuple[Plant, int] | None:
    """Plant `key` and its revision, read with `cur` (inside the caller's snapshot); None if there is
    none the user may read."""
    head = _select(cur, PLANTS, "id", key)
    if not head:
        return None
    _id, revision, name, calendar = head[0]
    shared = {name: _select(cur, table, "plant", key) for name, table in SHARED.items()}
    members = _select(cur, MEMBERS, "plant", key)
    plant = Plant(
        name=name,
        calendar=calendar,
        calendars=calendars_of(shared),
        resources=resources_of(shared),
        windows=windows_of(shared),
        projects=tuple(PlantProject(workspace=p, priority=prio) for _k, p, _pos, prio in members),
    )
    return plant, int(revision)

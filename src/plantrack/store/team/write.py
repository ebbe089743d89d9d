"""Writing a whole plan to the server in one transaction: the project row, then its tables by COPY."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plantrack.scheduling.model import Project
from plantrack.store.team.connection import driver
from plantrack.store.team.errors import SchemaMissing, ServerFailed, UnstorableText
from plantrack.store.team.rows import PLAN_TABLES, Row, Table, plan_rows, texts_with_nul

if TYPE_CHECKING:
    import psycopg

#: Emptied before a plan is written again: what hangs from them goes with them (ON DELETE CASCADE);
#: links and assignments first, so that the tasks' cascade has nothing left to look for.
_CLEARED = ("links", "assignments", "task_constraints", "tasks", "windows", "resources", "calendars")

_UPDATE_PROJECT = (
    "UPDATE plantrack.projects SET revision = %s, name = %s, start_at = %s, finish_at = %s, calendar = %s,"
    " currency = %s, status_date = %s, minutes_per_day = %s, minutes_per_week = %s, language = %s,"
    " updated_at = now(), updated_by = current_user WHERE id = %s"
)


def _copy(cur: psycopg.Cursor[tuple[object, ...]], table: Table, rows: list[Row]) -> None:
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier("plantrack", table.name), sql.SQL(", ").join(map(sql.Identifier, table.columns))
    )
    with cur.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def write_plan(conn: psycopg.Connection[tuple[object, ...]], address: str, key: str, project: Project) -> int:
    """Store `project` as the plan of project `key` (replacing its plan, keeping its history); the new
    revision. All or nothing: on any error the previous plan stays as it was."""
    from psycopg import sql

    psycopg_module = driver(address)
    try:
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT revision FROM plantrack.projects WHERE id = %s FOR UPDATE", (key,))
            found = cur.fetchone()
            revision = 1 if found is None else int(found[0]) + 1  # type: ignore[call-overload]
            rows = plan_rows(key, project, revision)
            if found is None:
                _copy(cur, PLAN_TABLES["projects"], rows["projects"])
            else:
                for name in _CLEARED:
                    cur.execute(
                        sql.SQL("DELETE FROM {} WHERE project = %s").format(
                            sql.Identifier("plantrack", name)
                        ),
                        (key,),
                    )
                project_row = rows["projects"][0]
                cur.execute(_UPDATE_PROJECT, (*project_row[1:], key))
            for name, table in PLAN_TABLES.items():
                if name != "projects" and rows[name]:
                    _copy(cur, table, rows[name])
    except (psycopg_module.errors.UndefinedTable, psycopg_module.errors.InvalidSchemaName):
        raise SchemaMissing(address) from None
    except psycopg_module.Error as exc:
        if "\x00" in str(exc) or "0x00" in str(exc) or isinstance(exc, psycopg_module.DataError):
            for item in texts_with_nul(project):
                raise UnstorableText(address, item) from None
        raise ServerFailed(address, " ".join(str(exc).split())) from None
    return revision

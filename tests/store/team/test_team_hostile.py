"""Hostile names through `team push` and `team pull`: every table holding user text stores each name as
the very same UTF-8 bytes, and the file pulled back holds the workspace that was pushed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from builders import START, link, period, use
from conftest import Result
from plantrack.scheduling.model import Constraint, ConstraintKind, RecurringOff
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.team.migrations.v3 import PER_PROJECT_TABLES
from team.test_team_rows import _hostile_project
from team.test_team_state import _hostile_state, stored_plan_of

psycopg = pytest.importorskip("psycopg")
KEY = "hostile ' \" ; -- é"

#: Tables without a text column a user fills (numbers, dates and the key of the row they belong to).
NO_USER_TEXT = frozenset(
    {"calendar_hours", "calendar_days", "calendar_day_hours", "scenario_scores", "meetings", "schedules"}
)


def _ids(names: list[str]) -> list[str]:
    """The names that can be task ids as well (the tests of the plan rows pick the same ones)."""
    return [
        n for n in dict.fromkeys(names) if n.strip() and n.isprintable() and " " not in n and len(n) <= 200
    ]


def hostile_workspace(names: list[str]) -> WorkspaceState:
    """A workspace with a hostile name in every user text field of every table, ids included."""
    state = _hostile_state(names)
    project = _hostile_project(names)
    day = START + dt.timedelta(days=1)
    ids = [n for n in _ids(names) if not n.startswith("t")]
    reasons = [n for n in names if "\x00" not in n]
    calendars = tuple(
        dataclasses.replace(
            c,
            off=(period(day, day + dt.timedelta(hours=2), reasons[i % len(reasons)]),),
            extra=(period(day + dt.timedelta(hours=20), day + dt.timedelta(hours=21), reasons[-1 - i % 7]),),
            recurring_off=(RecurringOff(rule="FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=15", reason=reasons[i % 5]),),
        )
        for i, c in enumerate(project.calendars)
    )
    resources = tuple(
        dataclasses.replace(
            r, absences=(period(day, day + dt.timedelta(hours=4), reasons[i % len(reasons)]),)
        )
        for i, r in enumerate(project.resources)
    )
    constrained = {t: (Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=day),) for t in ids}
    tasks = tuple(dataclasses.replace(t, constraints=constrained.get(t.id, ())) for t in project.tasks)
    links = tuple(link(a, b) for a, b in itertools.pairwise(ids))
    assignments = tuple(use(t, resources[i % len(resources)].id) for i, t in enumerate(ids))
    project = dataclasses.replace(
        project,
        name=names[0][:200] or "p",
        tasks=(
            *tasks,
            *(t for t in state.project.tasks if t.id not in {x.id for x in tasks}),
        ),
        calendars=calendars,
        resources=resources,
        links=links,
        assignments=assignments,
    )
    state.project = project
    state.schedule = stored_plan_of(state)
    state.sections = {"future": [{name: name for name in reasons[:20]}, {"list": reasons}]}
    return state


def _strings(value: object) -> set[bytes]:
    """The UTF-8 bytes of every string in a JSON document, keys included."""
    if isinstance(value, str):
        return {value.encode("utf-8")}
    if isinstance(value, dict):
        return set().union(*(_strings(k) | _strings(v) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value))
    return set()


def _text_columns(conn: psycopg.Connection[tuple[object, ...]]) -> dict[str, list[str]]:
    rows = conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'plantrack'"
        " AND data_type IN ('text', 'json', 'jsonb') AND column_name NOT IN ('project', 'recorded_by',"
        " 'updated_by', 'computed_by', 'applied_by', 'team', 'scenario_of')"
        " ORDER BY table_name, ordinal_position"
    ).fetchall()
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(str(table), []).append(str(column))
    return found


def test_every_hostile_name_goes_to_the_server_and_back_byte_for_byte(
    cli: Callable[..., Result], pg_uri: str, tmp_path: Path, hostile: dict[str, list[str]]
) -> None:
    names = [n for group in hostile.values() for n in group if "\x00" not in n]
    state = hostile_workspace(names)
    create_workspace(tmp_path / "hostile.plantrack.json", state)
    assert cli("team", "init", pg_uri).code == 0
    pushed = cli("team", "push", "hostile.plantrack.json", "--to", pg_uri, "--as", KEY)
    assert pushed.code == 0, pushed.err
    pulled = cli("team", "pull", f"{pg_uri}#{KEY}", "-o", "back.plantrack.json")
    assert pulled.code == 0, pulled.err
    original = open_workspace(tmp_path / "hostile.plantrack.json").read()
    back = open_workspace(tmp_path / "back.plantrack.json").read()
    assert dataclasses.replace(back, revision=original.revision) == original
    # on the server: each table's user text holds the names as the same UTF-8 bytes, none altered
    wanted = {n.encode("utf-8") for n in names}
    with psycopg.connect(pg_uri) as conn:
        columns = _text_columns(conn)
        missing = []
        for table in sorted({"projects", *PER_PROJECT_TABLES} - NO_USER_TEXT):
            stored: set[bytes] = set()
            for column in columns.get(table, []):
                # text as the server holds its bytes; a JSON document decoded, its strings taken
                query = psycopg.sql.SQL(
                    "SELECT CASE WHEN pg_typeof({0})::text = 'text' THEN convert_to({0}::text, 'UTF8') END,"
                    " {0} FROM {1}"
                ).format(psycopg.sql.Identifier(column), psycopg.sql.Identifier("plantrack", table))
                for raw, value in conn.execute(query):
                    stored |= {bytes(raw)} if raw is not None else _strings(value)
            if not stored & wanted:
                missing.append(table)
        assert missing == [], missing
        stored_notes = {
            bytes(r[0])
            for r in conn.execute(
                "SELECT convert_to(notes, 'UTF8') FROM plantrack.tasks WHERE project = %s", (KEY,)
            )
        }
        assert wanted <= stored_notes  # every name, whole

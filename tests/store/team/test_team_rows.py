"""The plan on a real PostgreSQL server: written as rows, read back equal, all or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from store_strategies import projects

from builders import START, days, hours, link, milestone, period, plan, resource, task, use
from conftest import stored_demo_state
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import (
    Calendar,
    Constraint,
    ConstraintKind,
    DayHours,
    Estimate,
    LinkType,
    Project,
    RecurringOff,
    ResourceKind,
    TimeRange,
    Window,
)
from plantrack.store.team.connection import connect
from plantrack.store.team.errors import SchemaMissing, ServerFailed, UnstorableText
from plantrack.store.team.read import read_plan
from plantrack.store.team.rows import texts_with_nul
from plantrack.store.team.schema import init_schema
from plantrack.store.team.write import write_plan

psycopg = pytest.importorskip("psycopg")


@pytest.fixture
def db(pg_uri: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with connect(pg_uri) as conn:
        init_schema(conn)
        yield conn


def round_trip(conn: psycopg.Connection[tuple[object, ...]], project: Project, key: str = "p") -> Project:
    address = "postgresql://test"
    write_plan(conn, address, key, project)
    found = read_plan(conn, address, key)
    assert found is not None
    return found[0]


LATER = dt.timedelta(days=30)


def everything(text: str = "Réglage « presse » 3") -> Project:
    """A project with every field of every plan object set, every kind and link type used once."""
    night = Calendar(
        id="nights",
        name=text,
        weekdays=(0, 1, 2, 3, 4, 5),
        hours=(TimeRange(start=21 * 60, end=29 * 60),),
        holidays="FR",
        holiday_subdivision="57",
        off=(period(dt.datetime(2027, 5, 1), dt.datetime(2027, 5, 2), text),),
        extra=(
            period(dt.datetime(2027, 3, 6, 8), dt.datetime(2027, 3, 6, 12, 0, 0, 250), "samedi"),
            period(dt.datetime(2027, 3, 13, 8), dt.datetime(2027, 3, 13, 12)),
        ),
        recurring_off=(RecurringOff(rule="FREQ=YEARLY;BYMONTH=8", length=days(3), reason=text),),
        week_hours=(
            DayHours(weekday=4, hours=(TimeRange(start=480, end=720),)),
            DayHours(weekday=5, hours=()),
            DayHours(weekday=0, hours=(TimeRange(start=360, end=600), TimeRange(start=660, end=840))),
        ),
    )
    plain = Calendar(id="standard")
    resources = [
        resource(rid, capacity=1.5 + i, kind=kind, rate=42.25 * i, name=f"{text} {i}", calendar="nights",
                 absences=(period(START, START + dt.timedelta(days=2), text),) if i % 2 else ())
        for i, (rid, kind) in enumerate(zip(("r0", "r1", "r2", "r3"), ResourceKind, strict=True))
    ]  # fmt: skip
    estimate = Estimate(optimistic=hours(2), likely=Duration(minutes=600, elapsed=True), pessimistic=days(3))
    tasks = [
        task("phase", name=text, notes=f"{text}\nsecond line\ttab", owner=text, priority=0),
        task("A", "2d", parent="phase", deadline=START + dt.timedelta(days=9), priority=1000,
             fixed_cost=1234.5, window="stop", calendar="nights",
             constraints=(Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=START),
                          Constraint(kind=ConstraintKind.FINISH_NO_LATER_THAN, date=START + LATER)),
             leveling_delay=Duration(minutes=90, elapsed=True)),
        task("B", effort=Duration(minutes=960), parent="phase", leveling_delay=Duration(minutes=0)),
        task("C", estimate=estimate, constraints=(Constraint(kind=ConstraintKind.MUST_START_ON, date=START),),
             deadline=START),
        task("D", Duration(minutes=5 * 1440, elapsed=True)),
        milestone("gate1", gate=True, name=text),
        milestone("M", duration=Duration(minutes=0, elapsed=True)),
    ]  # fmt: skip
    links = [
        link("A", "B", kind, lag)
        for kind, lag in zip(LinkType, ("0m", "-1d", "4h", Duration(minutes=2880, elapsed=True)), strict=True)
    ]
    return plan(
        tasks,
        [*links, link("C", "gate1"), link("D", "M", "FS", "-30m")],
        calendar=night,
        calendars=[plain],
        resources=resources,
        assignments=[use("A", "r0", 0.5), use("A", "r1", 2), use("B", "r2"), use("C", "r3", 1.25)],
        windows=[
            Window(id="stop", name=text, periods=(period(START, START + dt.timedelta(days=20), text),)),
            Window(id="easter", periods=(period(START, START + dt.timedelta(hours=1)),) * 2),
        ],
        name=text,
        finish=START + dt.timedelta(days=200),
        currency="CHF",
        status_date=START + dt.timedelta(days=10, microseconds=7),
        minutes_per_day=450,
        minutes_per_week=2250,
        language="fr",
    )


def test_demo_project_reads_back_equal(db: psycopg.Connection[tuple[object, ...]], tmp_path: Path) -> None:
    project = stored_demo_state(tmp_path).project
    assert project.tasks and project.links and project.assignments and project.resources
    assert round_trip(db, project) == project


def test_every_field_reads_back_equal(db: psycopg.Connection[tuple[object, ...]]) -> None:
    project = everything()
    assert round_trip(db, project) == project
    # the empty day of its own hours (Saturday) is kept: it means "no work that day", not "usual hours"
    back = round_trip(db, project)
    assert back.calendar_map()["nights"].hours_for(5) == ()


def _instances(value: object) -> Iterator[object]:
    """`value` and every model object inside it."""
    if dataclasses.is_dataclass(value):
        yield value
        for f in dataclasses.fields(value):
            yield from _instances(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _instances(item)


def test_the_every_field_project_sets_every_field_of_every_plan_object() -> None:
    """A field added to the model fails here until `everything` sets it, and so the round trip above
    checks that the rows carry it."""
    unset: set[str] = set()
    seen: dict[type, list[object]] = {}
    for obj in _instances(everything()):
        seen.setdefault(type(obj), []).append(obj)
    for cls, objects in seen.items():
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            default = f.default if f.default is not dataclasses.MISSING else None
            if all(getattr(obj, f.name) in (default, (), None, False) for obj in objects):
                unset.add(f"{cls.__name__}.{f.name}")
    assert unset == set()
    assert {c.__name__ for c in seen} >= {
        "Project", "Calendar", "TimeRange", "DayHours", "Period", "RecurringOff", "Duration", "Resource",
        "Window", "Task", "Estimate", "Constraint", "Link", "Assignment",
    }  # fmt: skip


def test_defaults_read_back_as_defaults(db: psycopg.Connection[tuple[object, ...]]) -> None:
    project = Project(name="p", start=START)
    back = round_trip(db, project)
    assert back == project and back.finish is None and back.language is None and back.tasks == ()


def _hostile_project(names: list[str]) -> Project:
    as_ids = [n for n in names if n.strip() and n.isprintable() and " " not in n and len(n) <= 200]
    tasks = [task(f"t{i}", "1d", name=n[:200], notes=n, owner=n[:200]) for i, n in enumerate(names)]
    tasks += [task(n, "1h", name=n[:200]) for n in as_ids if not n.startswith("t")]
    return plan(
        tasks,
        name=names[0][:200] or "p",
        resources=[resource(f"r{i}", name=n[:200]) for i, n in enumerate(names)],
        windows=[Window(id=f"w{i}", name=n, periods=(period(START, START + dt.timedelta(hours=1), n),))
                 for i, n in enumerate(names)],
        calendars=[Calendar(id=f"c{i}", name=n) for i, n in enumerate(names)],
    )  # fmt: skip


def test_hostile_names_are_stored_byte_for_byte(
    db: psycopg.Connection[tuple[object, ...]], hostile: dict[str, list[str]]
) -> None:
    names = [n for group in hostile.values() for n in group]
    project = _hostile_project(names)
    assert round_trip(db, project, key=names[0]) == project
    # and on the server as the very same UTF-8 bytes, not an escaped or normalised copy
    with db.cursor() as cur:
        cur.execute(
            "SELECT convert_to(notes, 'UTF8') FROM plantrack.tasks WHERE project = %s AND id LIKE %s "
            "ORDER BY position",
            (names[0], "t%"),
        )
        stored = [bytes(row[0]) for row in cur.fetchall()][: len(names)]
    assert stored == [n.encode("utf-8") for n in names]


def test_projects_are_kept_apart_and_a_new_plan_replaces_the_old(
    db: psycopg.Connection[tuple[object, ...]],
) -> None:
    big = plan([task(f"T{i}", "1d") for i in range(30)], [(f"T{i}", f"T{i + 1}") for i in range(29)])
    small = plan([task("T0", "2d", name="renamed")], name="other")
    assert write_plan(db, "a", "one", big) == 1
    assert write_plan(db, "a", "two", small) == 1
    assert write_plan(db, "a", "one", small) == 2
    assert read_plan(db, "a", "one") == (small, 2)
    assert read_plan(db, "a", "two") == (small, 1)
    assert write_plan(db, "a", "two", big) == 2
    assert read_plan(db, "a", "two") == (big, 2)
    assert read_plan(db, "a", "unknown") is None
    # each call is its own transaction: none stays open between calls, holding locks or a snapshot
    assert db.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_a_refused_plan_leaves_the_stored_one_as_it_was(db: psycopg.Connection[tuple[object, ...]]) -> None:
    before = everything()
    write_plan(db, "postgresql://u:pw@h/db", "p", before)
    dangling = dataclasses.replace(before, links=(*before.links, link("A", "nowhere")))
    with pytest.raises(ServerFailed) as refused:
        write_plan(db, "postgresql://u:pw@h/db", "p", dangling)
    assert "nowhere" in str(refused.value) and "pw" not in refused.value.location
    assert read_plan(db, "x", "p") == (before, 1)


def test_a_nul_character_is_refused_naming_the_item(db: psycopg.Connection[tuple[object, ...]]) -> None:
    before = plan([task("A", "1d")])
    write_plan(db, "a", "p", before)
    with pytest.raises(UnstorableText) as refused:
        write_plan(db, "a", "p", plan([task("A", "1d"), task("B", "1d", notes="a\x00b")]))
    assert refused.value.item == "task 'B'"
    assert read_plan(db, "a", "p") == (before, 1)


def test_a_database_without_the_tables_says_to_run_team_init(pg_uri: str) -> None:
    address = pg_uri.replace("plantrack_test@", "plantrack_test:pw@")
    with connect(pg_uri) as conn:
        with pytest.raises(
            SchemaMissing, match="plantrack team init postgresql://plantrack_test@/"
        ) as missing:
            read_plan(conn, address, "p")
        assert "pw" not in str(missing.value)
        with pytest.raises(SchemaMissing):
            write_plan(conn, address, "p", everything())


_keys = itertools.count()


def consistent(project: Project) -> Project:
    """The generated project made whole the way validation makes a stored one: ids unique, links and
    assignments between known tasks and resources (the schema's keys hold it to that)."""

    def unique(items: tuple, key=lambda x: x.id) -> tuple:  # type: ignore[no-untyped-def,type-arg]
        seen: set[object] = set()
        return tuple(x for x in items if not (key(x) in seen or seen.add(key(x))))

    tasks = unique(project.tasks)
    resources = unique(project.resources)
    ids, rids = {t.id for t in tasks}, {r.id for r in resources}
    return dataclasses.replace(
        project,
        tasks=tasks,
        resources=resources,
        calendars=unique(project.calendars),
        windows=unique(project.windows),
        links=tuple(k for k in project.links if k.predecessor in ids and k.successor in ids),
        assignments=tuple(a for a in project.assignments if a.task in ids and a.resource in rids),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(project=projects())
def test_any_valid_project_reads_back_equal(
    db: psycopg.Connection[tuple[object, ...]], project: Project
) -> None:
    project = consistent(project)
    key = f"p{next(_keys)}"
    if any(texts_with_nul(project)):
        with pytest.raises(UnstorableText):
            write_plan(db, "a", key, project)
        assert read_plan(db, "a", key) is None
    else:
        assert round_trip(db, project, key) == project

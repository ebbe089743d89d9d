"""Reading a whole plan back from the server (decode): one consistent snapshot, rows to frozen objects."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Constraint,
    ConstraintKind,
    DayHours,
    Estimate,
    Link,
    LinkType,
    Period,
    Project,
    RecurringOff,
    Resource,
    ResourceKind,
    Task,
    TimeRange,
    Window,
)
from plantrack.store.team.connection import driver
from plantrack.store.team.errors import SchemaMissing, ServerFailed
from plantrack.store.team.rows import PLAN_TABLES

if TYPE_CHECKING:
    import psycopg

Rows = list[tuple[Any, ...]]
Plan = tuple[Project, int]


#: Lengths repeat a lot (a few distinct durations and lags in a plan of thousands): one object each.
_DURATIONS: dict[tuple[int, bool], Duration] = {}
_LINK_TYPES = {t.value: t for t in LinkType}


def _length(minutes: int, elapsed: bool) -> Duration:
    found = _DURATIONS.get((minutes, elapsed))
    if found is None:
        found = Duration(minutes=minutes, elapsed=elapsed)
        if len(_DURATIONS) < 1 << 16:
            _DURATIONS[minutes, elapsed] = found
    return found


def _duration(minutes: int | None, elapsed: bool | None) -> Duration | None:
    return None if minutes is None else _length(minutes, bool(elapsed))


def _grouped(rows: Rows, width: int = 1) -> dict[Any, Rows]:
    """Rows by their first `width` columns (after `project`), the key columns dropped."""
    out: dict[Any, Rows] = defaultdict(list)
    for row in rows:
        key = row[1] if width == 1 else tuple(row[1 : 1 + width])
        out[key].append(row[1 + width :])
    return out


def _periods(rows: Sequence[tuple[Any, ...]]) -> tuple[Period, ...]:
    # rows: (position, start, end, reason)
    return tuple(Period(start=r[1], end=r[2], reason=r[3]) for r in rows)


def fetch_plan_rows(cur: psycopg.Cursor[tuple[Any, ...]], key: str) -> dict[str, Rows]:
    """Every plan table's rows of project `key`, in order (no `projects` row: no such project)."""
    from psycopg import sql

    out: dict[str, Rows] = {}
    for name, table in PLAN_TABLES.items():
        cur.execute(
            sql.SQL("SELECT {} FROM {} WHERE {} = %s ORDER BY {}").format(
                sql.SQL(", ").join(map(sql.Identifier, table.columns)),
                sql.Identifier("plantrack", name),
                sql.Identifier("id" if name == "projects" else "project"),
                sql.SQL(", ").join(map(sql.Identifier, table.order)),
            ),
            (key,),
        )
        out[name] = cur.fetchall()
    return out


def read_plan(conn: psycopg.Connection[tuple[Any, ...]], address: str, key: str) -> Plan | None:
    """The plan of project `key` and its revision, read in one snapshot; None if there is no such project."""
    psycopg_module = driver(address)
    try:
        # binary rows: numbers and instants arrive without text parsing
        with conn.transaction(), conn.cursor(binary=True) as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            rows = fetch_plan_rows(cur, key)
    except (psycopg_module.errors.UndefinedTable, psycopg_module.errors.InvalidSchemaName):
        raise SchemaMissing(address) from None
    except psycopg_module.Error as exc:
        raise ServerFailed(address, " ".join(str(exc).split()), writing=False) from None
    if not rows["projects"]:
        return None
    return decode_plan(rows), int(rows["projects"][0][1])


def calendars_of(rows: dict[str, Rows]) -> tuple[Calendar, ...]:
    """The calendars the calendar tables' rows of one owner describe (a project's, or a plant's)."""
    hours = _grouped(rows["calendar_hours"])
    days = _grouped(rows["calendar_days"])
    day_hours = _grouped(rows["calendar_day_hours"], 2)
    periods = _grouped(rows["calendar_periods"], 2)
    recurring = _grouped(rows["calendar_recurring_off"])
    out = []
    for _project, cid, _position, name, weekdays, holidays, subdivision in rows["calendars"]:
        out.append(
            Calendar(
                id=cid,
                name=name,
                weekdays=tuple(weekdays),
                hours=tuple(TimeRange(start=s, end=e) for _pos, s, e in hours.get(cid, ())),
                holidays=holidays,
                holiday_subdivision=subdivision,
                off=_periods(periods.get((cid, "off"), ())),
                extra=_periods(periods.get((cid, "extra"), ())),
                recurring_off=tuple(
                    RecurringOff(rule=rule, length=Duration(minutes=m, elapsed=el), reason=reason)
                    for _pos, rule, m, el, reason in recurring.get(cid, ())
                ),
                week_hours=tuple(
                    DayHours(
                        weekday=day,
                        hours=tuple(TimeRange(start=s, end=e) for _p, s, e in day_hours.get((cid, day), ())),
                    )
                    for _pos, day in days.get(cid, ())
                ),
            )
        )
    return tuple(out)


def _task(row: tuple[Any, ...], constraints: Rows) -> Task:
    (_project, tid, _position, name, dm, de, em, ee, om, oe, lm, le, pm, pe, milestone, gate, parent,
     deadline, priority, owner, fixed_cost, window, calendar, notes, ldm, lde) = row  # fmt: skip
    estimate = None
    if om is not None:
        estimate = Estimate(
            optimistic=Duration(minutes=om, elapsed=oe),
            likely=Duration(minutes=lm, elapsed=le),
            pessimistic=Duration(minutes=pm, elapsed=pe),
        )
    return Task(
        id=tid,
        name=name,
        duration=_duration(dm, de),
        effort=_duration(em, ee),
        estimate=estimate,
        milestone=milestone,
        gate=gate,
        parent=parent,
        constraints=tuple(Constraint(kind=ConstraintKind(kind), date=at) for _pos, kind, at in constraints),
        deadline=deadline,
        priority=priority,
        owner=owner,
        fixed_cost=fixed_cost,
        window=window,
        calendar=calendar,
        notes=notes,
        leveling_delay=_duration(ldm, lde),
    )


def resources_of(rows: dict[str, Rows]) -> tuple[Resource, ...]:
    """The resources the resource tables' rows of one owner describe (a project's, or a plant's)."""
    absences = _grouped(rows["resource_absences"])
    return tuple(
        Resource(
            id=rid,
            name=rname,
            kind=ResourceKind(kind),
            capacity=capacity,
            rate=rate,
            calendar=rcal,
            absences=_periods(absences.get(rid, ())),
        )
        for _p, rid, _pos, rname, kind, capacity, rate, rcal in rows["resources"]
    )


def windows_of(rows: dict[str, Rows]) -> tuple[Window, ...]:
    """The windows the window tables' rows of one owner describe (a project's, or a plant's)."""
    periods = _grouped(rows["window_periods"])
    return tuple(
        Window(id=wid, name=wname, periods=_periods(periods.get(wid, ())))
        for _p, wid, _pos, wname in rows["windows"]
    )


def decode_plan(rows: dict[str, Rows]) -> Project:
    """The Project the rows of one project describe (rows as `fetch_plan_rows` returns them, in order)."""
    (_id, _revision, name, start, finish, calendar, currency, status_date, per_day, per_week,
     language) = rows["projects"][0]  # fmt: skip
    constraints = _grouped(rows["task_constraints"])
    no_rows: Rows = []
    return Project(
        name=name,
        start=start,
        calendar=calendar,
        finish=finish,
        currency=currency,
        status_date=status_date,
        minutes_per_day=per_day,
        minutes_per_week=per_week,
        language=language,
        calendars=calendars_of(rows),
        resources=resources_of(rows),
        windows=windows_of(rows),
        tasks=tuple(_task(row, constraints.get(row[1], no_rows)) for row in rows["tasks"]),
        links=tuple(
            Link(predecessor=a, successor=b, type=_LINK_TYPES[kind], lag=_length(m, el))
            for _p, _pos, a, b, kind, m, el in rows["links"]
        ),
        assignments=tuple(
            Assignment(task=t, resource=r, units=units) for _p, _pos, t, r, units in rows["assignments"]
        ),
    )

"""A project's plan as table rows (encode): one tuple per row, in the column order of `PLAN_TABLES`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from plantrack.i18n import _
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Calendar, Period, Project, Resource, Task, Window

Row = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A plan table: its name in the `plantrack` schema, its columns, and the columns giving its order."""

    name: str
    columns: tuple[str, ...]
    order: tuple[str, ...]


_PERIOD = ("position", "start_at", "end_at", "reason")
_DURATION_COLUMNS = ("duration", "effort", "optimistic", "likely", "pessimistic")
#: The plan's tables in an order that satisfies their foreign keys (parents first).
PLAN_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "projects",
            ("id", "revision", "name", "start_at", "finish_at", "calendar", "currency", "status_date",
             "minutes_per_day", "minutes_per_week", "language"),
            ("id",),
        ),
        Table(
            "calendars",
            ("project", "id", "position", "name", "weekdays", "holidays", "holiday_subdivision"),
            ("position",),
        ),
        Table("calendar_hours", ("project", "calendar", "position", "start_minute", "end_minute"),
              ("calendar", "position")),
        Table("calendar_days", ("project", "calendar", "position", "weekday"), ("calendar", "position")),
        Table(
            "calendar_day_hours",
            ("project", "calendar", "weekday", "position", "start_minute", "end_minute"),
            ("calendar", "weekday", "position"),
        ),
        Table(
            "calendar_periods", ("project", "calendar", "kind", *_PERIOD), ("calendar", "kind", "position")
        ),
        Table(
            "calendar_recurring_off",
            ("project", "calendar", "position", "rule", "length_minutes", "length_elapsed", "reason"),
            ("calendar", "position"),
        ),
        Table(
            "resources",
            ("project", "id", "position", "name", "kind", "capacity", "rate", "calendar"),
            ("position",),
        ),
        Table("resource_absences", ("project", "resource", *_PERIOD), ("resource", "position")),
        Table("windows", ("project", "id", "position", "name"), ("position",)),
        Table("window_periods", ("project", "window_id", *_PERIOD), ("window_id", "position")),
        Table(
            "tasks",
            ("project", "id", "position", "name",
             *(f"{kind}_{part}" for kind in _DURATION_COLUMNS for part in ("minutes", "elapsed")),
             "milestone", "gate", "parent", "deadline", "priority", "owner", "fixed_cost", "window_id",
             "calendar", "notes", "leveling_delay_minutes", "leveling_delay_elapsed"),
            ("position",),
        ),
        Table("task_constraints", ("project", "task", "position", "kind", "at"), ("task", "position")),
        Table(
            "links",
            ("project", "position", "predecessor", "successor", "type", "lag_minutes", "lag_elapsed"),
            ("position",),
        ),
        Table("assignments", ("project", "position", "task", "resource", "units"), ("position",)),
    )
}  # fmt: skip


def _duration(value: Duration | None) -> tuple[int | None, bool | None]:
    return (None, None) if value is None else (value.minutes, value.elapsed)


def _periods(key: tuple[object, ...], periods: tuple[Period, ...]) -> Iterator[Row]:
    for i, p in enumerate(periods):
        yield (*key, i, p.start, p.end, p.reason)


def project_row(key: str, project: Project, revision: int) -> Row:
    p = project
    return (key, revision, p.name, p.start, p.finish, p.calendar, p.currency, p.status_date,
            p.minutes_per_day, p.minutes_per_week, p.language)  # fmt: skip


def calendar_rows(key: str, calendars: tuple[Calendar, ...]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {name: [] for name in (
        "calendars", "calendar_hours", "calendar_days", "calendar_day_hours", "calendar_periods",
        "calendar_recurring_off")}  # fmt: skip
    for i, c in enumerate(calendars):
        out["calendars"].append((key, c.id, i, c.name, list(c.weekdays), c.holidays, c.holiday_subdivision))
        out["calendar_hours"] += [(key, c.id, j, r.start, r.end) for j, r in enumerate(c.hours)]
        for j, day in enumerate(c.week_hours):
            out["calendar_days"].append((key, c.id, j, day.weekday))
            out["calendar_day_hours"] += [
                (key, c.id, day.weekday, k, r.start, r.end) for k, r in enumerate(day.hours)
            ]
        out["calendar_periods"] += _periods((key, c.id, "off"), c.off)
        out["calendar_periods"] += _periods((key, c.id, "extra"), c.extra)
        out["calendar_recurring_off"] += [
            (key, c.id, j, r.rule, r.length.minutes, r.length.elapsed, r.reason)
            for j, r in enumerate(c.recurring_off)
        ]
    return out


def resource_rows(key: str, resources: tuple[Resource, ...]) -> dict[str, list[Row]]:
    rows: list[Row] = []
    absences: list[Row] = []
    for i, r in enumerate(resources):
        rows.append((key, r.id, i, r.name, str(r.kind), r.capacity, r.rate, r.calendar))
        absences += _periods((key, r.id), r.absences)
    return {"resources": rows, "resource_absences": absences}


def window_rows(key: str, windows: tuple[Window, ...]) -> dict[str, list[Row]]:
    rows: list[Row] = []
    periods: list[Row] = []
    for i, w in enumerate(windows):
        rows.append((key, w.id, i, w.name))
        periods += _periods((key, w.id), w.periods)
    return {"windows": rows, "window_periods": periods}


def task_row(key: str, position: int, t: Task) -> Row:
    e = t.estimate
    return (
        key, t.id, position, t.name,
        *_duration(t.duration), *_duration(t.effort),
        *_duration(e.optimistic if e else None), *_duration(e.likely if e else None),
        *_duration(e.pessimistic if e else None),
        t.milestone, t.gate, t.parent, t.deadline, t.priority, t.owner, t.fixed_cost, t.window, t.calendar,
        t.notes, *_duration(t.leveling_delay),
    )  # fmt: skip


def plan_rows(key: str, project: Project, revision: int) -> dict[str, list[Row]]:
    """Every row of the plan of `project` stored under the id `key`, by table, in `PLAN_TABLES` order."""
    out: dict[str, list[Row]] = {"projects": [project_row(key, project, revision)]}
    out.update(calendar_rows(key, project.calendars))
    out.update(resource_rows(key, project.resources))
    out.update(window_rows(key, project.windows))
    out["tasks"] = [task_row(key, i, t) for i, t in enumerate(project.tasks)]
    out["task_constraints"] = [
        (key, t.id, j, str(c.kind), c.date)
        for t in project.tasks
        if t.constraints
        for j, c in enumerate(t.constraints)
    ]
    out["links"] = [
        (key, i, k.predecessor, k.successor, str(k.type), k.lag.minutes, k.lag.elapsed)
        for i, k in enumerate(project.links)
    ]
    out["assignments"] = [(key, i, a.task, a.resource, a.units) for i, a in enumerate(project.assignments)]
    return {name: out[name] for name in PLAN_TABLES}


def texts_with_nul(project: Project) -> Iterator[str]:
    """Names of the items whose texts hold NUL (PostgreSQL text cannot): to say which one is refused."""

    def bad(*texts: str | None) -> bool:
        return any(text is not None and "\x00" in text for text in texts)

    if bad(project.name, project.calendar, project.currency):
        yield _("the project")
    for c in project.calendars:
        if (
            bad(c.id, c.name, c.holidays, c.holiday_subdivision)
            or any(bad(p.reason) for p in (*c.off, *c.extra))
            or any(bad(r.rule, r.reason) for r in c.recurring_off)
        ):
            yield _("calendar {id}").format(id=repr(c.id))
    for r in project.resources:
        if bad(r.id, r.name, r.calendar) or any(bad(p.reason) for p in r.absences):
            yield _("resource {id}").format(id=repr(r.id))
    for w in project.windows:
        if bad(w.id, w.name) or any(bad(p.reason) for p in w.periods):
            yield _("window {id}").format(id=repr(w.id))
    for t in project.tasks:
        if bad(t.id, t.name, t.parent, t.owner, t.window, t.calendar, t.notes):
            yield _("task {id}").format(id=repr(t.id))

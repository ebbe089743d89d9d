"""Small projects for tests, built tersely from the frozen dataclasses of `plantrack.scheduling.model`.

    plan(
        tasks=[task("A", "2d"), task("B", "1d", owner="J. Martin"), milestone("M")],
        links=chain("A", "B", "M"),
        resources=[resource("crew", capacity=2)],
        assignments=[use("A", "crew")],
    )

Lengths are `Duration`s or the trade's text (`"30m"`, `"4h"`, `"3d"`, `"5ed"`, a lead `"-1d"`) read with
the project's default 480-minute day. Every project starts on START (Monday 1 March 2027, 08:00) on the
standard calendar unless told otherwise; `plan(calendar=...)` takes a calendar id or a `Calendar`, which
is then added to the project's calendars and made its default.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

from plantrack.scheduling.duration import ZERO, Duration, parse_duration
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Link,
    LinkType,
    Period,
    Project,
    Resource,
    Task,
    Window,
)

#: Monday 1 March 2027, 08:00: the start of the standard working day.
START = dt.datetime(2027, 3, 1, 8)
DAY_MINUTES = 480

Length = Duration | str


def minutes(n: int, *, elapsed: bool = False) -> Duration:
    return Duration(minutes=n, elapsed=elapsed)


def hours(n: float) -> Duration:
    """`n` working hours, rounded to the minute."""
    return Duration(minutes=round(n * 60))


def days(n: float) -> Duration:
    """`n` working days of 480 minutes, rounded to the minute."""
    return Duration(minutes=round(n * DAY_MINUTES))


def length(value: Length) -> Duration:
    """A `Duration` as given, or one read from text such as `"3d"` (leads allowed)."""
    if isinstance(value, Duration):
        return value
    return parse_duration(value, allow_negative=True)


def task(tid: str, duration: Length | None = None, **fields: Any) -> Task:
    """A task of `duration` (none: a summary or an effort- or estimate-driven task)."""
    return Task(id=tid, duration=None if duration is None else length(duration), **fields)


def milestone(tid: str, **fields: Any) -> Task:
    return Task(id=tid, milestone=True, **fields)


def link(predecessor: str, successor: str, kind: str | LinkType = "FS", lag: Length = ZERO) -> Link:
    return Link(predecessor=predecessor, successor=successor, type=LinkType(kind), lag=length(lag))


def chain(*ids: str, kind: str | LinkType = "FS") -> tuple[Link, ...]:
    """Links from each id to the next one: `chain("A", "B", "C")` is A -> B -> C."""
    return tuple(link(a, b, kind) for a, b in itertools.pairwise(ids))


def resource(rid: str, capacity: float = 1.0, **fields: Any) -> Resource:
    return Resource(id=rid, capacity=capacity, **fields)


def use(task_id: str, resource_id: str, units: float = 1.0) -> Assignment:
    return Assignment(task=task_id, resource=resource_id, units=units)


def period(start: dt.datetime, end: dt.datetime, reason: str = "") -> Period:
    return Period(start=start, end=end, reason=reason)


def plan(
    tasks: Iterable[Task] = (),
    links: Iterable[Link | tuple[str, str]] = (),
    *,
    calendar: Calendar | str | None = None,
    calendars: Iterable[Calendar] = (),
    resources: Iterable[Resource] = (),
    assignments: Iterable[Assignment] = (),
    windows: Iterable[Window] = (),
    name: str = "p",
    start: dt.datetime = START,
    **fields: Any,
) -> Project:
    """A `Project` of these parts; links may be written as `(predecessor, successor)` pairs (FS)."""
    all_calendars = tuple(calendars)
    if isinstance(calendar, Calendar):
        if calendar not in all_calendars:
            all_calendars = (calendar, *all_calendars)
        fields["calendar"] = calendar.id
    elif calendar is not None:
        fields["calendar"] = calendar
    return Project(
        name=name,
        start=start,
        calendars=all_calendars,
        resources=tuple(resources),
        tasks=tuple(tasks),
        links=tuple(x if isinstance(x, Link) else link(*x) for x in links),
        assignments=tuple(assignments),
        windows=tuple(windows),
        **fields,
    )

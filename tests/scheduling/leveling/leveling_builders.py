"""Tiny projects on a 24/7 calendar for leveling tests: hours from a Monday-midnight start.

The hour-based dialect of the shared `builders` (lengths and instants in hours from START); `use` and
`hours` are the shared ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import builders
from builders import hours, period
from builders import use as use
from plantrack.scheduling.leveling import CpOptions, LevelingResult
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Link,
    Project,
    Resource,
    Task,
    TimeRange,
    Window,
)

START = dt.datetime(2027, 1, 4)
#: Tests that expect a proof stop CP-SAT on deterministic time (work done), never on the clock, so a
#: loaded CI machine cannot turn OPTIMAL into FEASIBLE; the wall-clock limit is only a safety net.
STEADY = CpOptions(parameters={"max_deterministic_time": 30.0})
SAFETY_S = 900.0
CONTINUOUS = Calendar(id="cont", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))


def at(hours: float) -> dt.datetime:
    return START + dt.timedelta(hours=hours)


def task(tid: str, h: float, **kw: Any) -> Task:
    return builders.task(tid, hours(h), milestone=h == 0, **kw)


def link(a: str, b: str, kind: str = "FS", lag: float = 0) -> Link:
    return builders.link(a, b, kind, hours(lag))


def resource(rid: str, capacity: float, absent: Sequence[tuple[float, float]] = ()) -> Resource:
    return builders.resource(rid, capacity, absences=tuple(period(at(a), at(b)) for a, b in absent))


def window(wid: str, spans: Sequence[tuple[float, float]]) -> Window:
    return Window(id=wid, periods=tuple(period(at(a), at(b)) for a, b in spans))


def project(
    tasks: Sequence[Task],
    links: Sequence[Link] = (),
    resources: Sequence[Resource] = (),
    uses: Sequence[Assignment] = (),
    windows: Sequence[Window] = (),
) -> Project:
    return builders.plan(
        tasks,
        links,
        name="t",
        start=START,
        calendar=CONTINUOUS,
        minutes_per_day=24 * 60,
        minutes_per_week=7 * 24 * 60,
        resources=resources,
        assignments=uses,
        windows=windows,
    )


def plan_of(result: LevelingResult) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    return {tid: (t.start, t.finish) for tid, t in result.tasks.items()}

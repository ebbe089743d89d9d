"""A hand-worked plan for slip units: a supplier's 4ed lead time, an 8ew curing, crew work during a
plant closure, then plant assembly and acceptance (1 March 2027 is a Monday)."""

from __future__ import annotations

import datetime as dt

from builders import link
from plantrack.scheduling.duration import parse_duration
from plantrack.scheduling.model import Calendar, Period, Project, Task, TimeRange


def at(month: int, day: int, hour: int = 8) -> dt.datetime:
    return dt.datetime(2027, month, day, hour)


PLANT = Calendar(
    id="plant",
    hours=(TimeRange(start=8 * 60, end=16 * 60),),  # one 8 h day: 480 minutes
    off=(Period(start=at(5, 3, 0), end=at(5, 8, 0), reason="closure"),),  # Mon 3 - Fri 7 May
)
CREW = Calendar(id="crew", weekdays=tuple(range(7)), hours=(TimeRange(start=6 * 60, end=18 * 60),))  # 720


def slip_plan() -> Project:
    """L 4ed -> K 8ew -> W crew 3d (1 440 min: two crew days) -> A plant 2d -> M acceptance."""
    d = parse_duration
    return Project(
        name="Press foundation",
        start=at(3, 1),
        calendar="plant",
        calendars=(PLANT, CREW),
        tasks=(
            Task(id="L", name="Supplier lead time", duration=d("4ed")),
            Task(id="K", name="Curing", duration=d("8ew")),
            Task(id="W", name="Crew work", duration=d("3d"), calendar="crew"),
            Task(id="A", name="Assembly", duration=d("2d")),
            Task(id="M", name="Acceptance", milestone=True),
        ),
        links=tuple(link(p, s) for p, s in ("LK", "KW", "WA", "AM")),
    )

"""A hand-worked plan for slip units: a supplier's 4ed lead time, an 8ew curing, crew work during a
plant closure, then plant assembly and acceptance (1 March 2027 is a Monday)."""

from __future__ import annotations

import datetime as dt

from builders import chain, milestone, plan, task
from plantrack.scheduling.model import Calendar, Period, Project, TimeRange


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
    return plan(
        [
            task("L", "4ed", name="Supplier lead time"),
            task("K", "8ew", name="Curing"),
            task("W", "3d", name="Crew work", calendar="crew"),
            task("A", "2d", name="Assembly"),
            milestone("M", name="Acceptance"),
        ],
        chain(*"LKWAM"),
        name="Press foundation",
        start=at(3, 1),
        calendar=PLANT,
        calendars=(PLANT, CREW),
    )

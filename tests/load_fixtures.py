"""A plan whose crew works while the plant is closed for August, with its load counted by hand."""

from __future__ import annotations

import datetime as dt

from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Constraint,
    ConstraintKind,
    Period,
    Project,
    Resource,
    Task,
    TimeRange,
)

D = dt.datetime
WEEK_30 = dt.date(2027, 7, 26)  # Monday
WEEK_31 = dt.date(2027, 8, 2)  # Monday, first day of the plant's August closure


def hours(n: float) -> Duration:
    return Duration(minutes=int(60 * n))


def closure_project() -> Project:
    """Plant Mon-Fri 08-12/13-17, closed 2 to 15 August 2027; the crew works Mon-Sat 07:00-19:00.

    - `prep` (plant calendar, 16 h): fitters ×1 on Monday 26 and Tuesday 27 July, 8 h a day.
    - `overhaul` (the fitters' crew calendar, 48 h from Monday 2 August 07:00): fitters ×2,
      12 h a day Monday to Thursday, while the plant is closed.
    - `cabling` (crew calendar, 24 h from Wednesday 4 August 07:00): fitters ×1 and the
      electrician ×1 on Wednesday and Thursday. The fitters then have 3 units booked for 2.
      The electrician is on the plant calendar: no capacity in the closure.
    """
    plant = Calendar(
        id="plant",
        hours=(TimeRange(start=8 * 60, end=12 * 60), TimeRange(start=13 * 60, end=17 * 60)),
        off=(Period(start=D(2027, 8, 2), end=D(2027, 8, 16), reason="August closure"),),
    )
    crew = Calendar(id="crew", weekdays=(0, 1, 2, 3, 4, 5), hours=(TimeRange(start=7 * 60, end=19 * 60),))
    return Project(
        name="August closure",
        start=D(2027, 7, 26, 8),
        calendar="plant",
        calendars=(plant, crew),
        resources=(
            Resource(id="fitters", name="Fitters", capacity=2, calendar="crew"),
            Resource(id="elec", name="Electrician", capacity=1),
        ),
        tasks=(
            Task(id="prep", name="Prepare", duration=hours(16), calendar="plant"),
            Task(
                id="overhaul",
                name="Overhaul the press",
                duration=hours(48),
                constraints=(Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=D(2027, 8, 2, 7)),),
            ),
            Task(
                id="cabling",
                name="Re-cable the cell",
                duration=hours(24),
                calendar="crew",
                constraints=(Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=D(2027, 8, 4, 7)),),
            ),
        ),
        assignments=(
            Assignment(task="prep", resource="fitters"),
            Assignment(task="overhaul", resource="fitters", units=2),
            Assignment(task="cabling", resource="fitters"),
            Assignment(task="cabling", resource="elec"),
        ),
    )


# Hand count, hours per day from Monday 26 July to Sunday 8 August (two ISO weeks, 30 and 31).
FITTERS_LOAD = [8, 8, 0, 0, 0, 0, 0, 24, 24, 24 + 12, 24 + 12, 0, 0, 0]
FITTERS_CAPACITY = [2 * 12] * 6 + [0] + [2 * 12] * 6 + [0]  # crew: Mon-Sat 12 h, two fitters
ELEC_LOAD = [0] * 7 + [0, 0, 12, 12, 0, 0, 0]
ELEC_CAPACITY = [8] * 5 + [0, 0] + [0] * 7  # plant calendar: closed the whole second week
FITTERS_OVER_DAYS = [dt.date(2027, 8, 4), dt.date(2027, 8, 5)]  # overhaul ×2 + cabling ×1 = 3 > 2

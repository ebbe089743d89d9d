"""A calendar minus absences cut out of its base compiled without them equals one compiled on its own."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from plantrack.scheduling.calendar import DAY, WorkCalendar
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Calendar, Period, RecurringOff, TimeRange

ORIGIN = dt.datetime(2027, 1, 4)


def _calendar(rng: random.Random) -> Calendar:
    night = rng.random() < 0.5
    hours = (TimeRange(start=21 * 60, end=29 * 60),) if night else (TimeRange(start=8 * 60, end=17 * 60),)
    day = ORIGIN + dt.timedelta(days=rng.randrange(60))
    return Calendar(
        id="c",
        weekdays=tuple(sorted(rng.sample(range(7), rng.randint(3, 7)))),
        hours=hours,
        holidays="FR" if rng.random() < 0.5 else None,
        off=(Period(start=day, end=day + dt.timedelta(days=rng.randint(1, 10))),),
        extra=(
            Period(start=day + dt.timedelta(days=20, hours=6), end=day + dt.timedelta(days=20, hours=20)),
        ),
        recurring_off=(
            RecurringOff(rule="FREQ=MONTHLY;BYDAY=1MO", length=Duration(minutes=240, elapsed=True)),
        ),
    )


@pytest.mark.parametrize("seed", range(8))
def test_cut_from_the_base_equals_compiled_alone(seed: int) -> None:
    rng = random.Random(seed)
    calendar = _calendar(rng)
    absences = []
    for _ in range(rng.randint(1, 4)):
        start = ORIGIN + dt.timedelta(days=rng.randrange(-10, 500), hours=rng.randrange(24))
        absences.append(Period(start=start, end=start + dt.timedelta(hours=rng.randint(1, 400))))
    base = WorkCalendar(calendar, ORIGIN)
    alone = WorkCalendar(calendar, ORIGIN, absences)
    cut = WorkCalendar(calendar, ORIGIN, absences, base=base)
    lo, hi = -30 * DAY, 900 * DAY  # beyond the first compiled chunk, both ways
    assert cut.intervals(lo, hi) == alone.intervals(lo, hi)
    for t in (0, 5 * DAY + 7, 450 * DAY):
        assert cut.work_before(t) - cut.work_before(0) == alone.work_before(t) - alone.work_before(0)

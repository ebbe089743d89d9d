"""Resource load against capacity, per day and per ISO week, from a project and its schedule.

One computation serves every face (the TUI's resources screen, the HTML dashboard, the CLI). The
warning `plantrack schedule` prints answers another question, the peak instant and the time above
capacity over the whole plan left to do (`overallocation.py`); the two share the bookings and the
sweep over them (`bookings.py`).

- **load**: hours of assigned work performed in the period, counted on each task's own working
  time (`CalendarCache.for_task`: the task's calendar, else the one its resources share, minus their
  absences) times the units assigned. A crew task on a round-the-clock calendar therefore loads its
  people during a plant closure, although the plant (project) calendar is closed then. An elapsed
  duration (`14ed`) sets how long a task lasts, not when its people work: a half-time study over
  14 calendar days books half of each working day of its calendar.
- **capacity**: the hours the resource's own calendar (else the project's) works in the period,
  minus its absences, times its capacity in units.
- **over-allocation**: at some instant more units are booked than the resource has (its capacity,
  none during an absence). This is what leveling removes; work outside the resource's calendar shows
  as load above the capacity hours instead, which leveling cannot change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from plantrack.scheduling.bookings import Event, TaskWork, bars, book, segments
from plantrack.scheduling.calendar import DAY, CalendarCache, to_minute
from plantrack.scheduling.cpm import Schedule
from plantrack.scheduling.model import Project, Resource

EPS = 1e-9
WEEK_DAYS = 7


@dataclass(frozen=True, slots=True, kw_only=True)
class PeriodLoad:
    """One resource over one day or one ISO week (Monday to Sunday)."""

    start: dt.date
    days: int  # 1 for a day, 7 for a week
    load_hours: float  # assigned work performed in the period (units x working hours of each task)
    capacity_hours: float  # the resource's working hours in the period x its capacity units
    peak_units: float  # the most units booked at one instant
    over_tasks: tuple[str, ...] = ()  # tasks booked while more units are booked than available
    over_units: float = 0.0  # units booked at the worst over-allocated instant
    available_units: float = 0.0  # units the resource had at that instant

    @property
    def end(self) -> dt.date:
        """The day after the period (exclusive end)."""
        return self.start + dt.timedelta(days=self.days)

    @property
    def over(self) -> bool:
        return bool(self.over_tasks)


@dataclass(frozen=True, slots=True, kw_only=True)
class Overallocation:
    """More units booked than available at some instant of [start, end): who, when, which tasks."""

    resource: str
    start: dt.date
    end: dt.date  # exclusive
    tasks: tuple[str, ...]
    peak_units: float  # units booked at the worst instant
    capacity_units: float  # units available at that instant
    load_hours: float
    capacity_hours: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ResourceLoad:
    """A resource's load and capacity per day and per ISO week over the plan's weeks."""

    id: str
    name: str
    capacity: float  # units
    tasks: tuple[str, ...]  # tasks with work assigned to the resource, in file order
    days: tuple[PeriodLoad, ...]
    weeks: tuple[PeriodLoad, ...]

    @property
    def overallocated(self) -> bool:
        return any(p.over for p in self.days)

    @property
    def peak_units(self) -> float:
        return max((p.peak_units for p in self.days), default=0.0)

    def overallocations(self, *, weekly: bool = False) -> tuple[Overallocation, ...]:
        return tuple(
            Overallocation(
                resource=self.id,
                start=p.start,
                end=p.end,
                tasks=p.over_tasks,
                peak_units=p.over_units,
                capacity_units=p.available_units,
                load_hours=p.load_hours,
                capacity_hours=p.capacity_hours,
            )
            for p in (self.weeks if weekly else self.days)
            if p.over
        )


@dataclass(slots=True)
class _Day:
    """Running totals of one day, in unit-minutes (hours only at the end, one rounding per figure)."""

    load: float = 0.0
    capacity: float = 0.0
    peak: float = 0.0
    over: set[str] | None = None
    worst: tuple[float, float, float] = (0.0, 0.0, 0.0)  # (excess, booked, available)


def resource_loads(project: Project, schedule: Schedule) -> tuple[ResourceLoad, ...]:
    """Every resource of `project` (file order), over the ISO weeks that hold any assigned work.

    One range for every resource, so the weeks line up from one resource to the next; no work
    assigned anywhere gives empty periods.
    """
    cache = CalendarCache(project)
    bookings = _bookings(project, schedule, cache)
    minutes = [m for spans in bookings.values() for intervals, _, _ in spans for m in intervals]
    order = {t.id: i for i, t in enumerate(project.tasks)}
    origin = project.origin.date()
    if not minutes:
        first_day = last_day = 0
    else:
        first_day = min(a for a, _ in minutes) // DAY
        last_day = (max(b for _, b in minutes) - 1) // DAY
        # whole ISO weeks: back to the Monday, on to the Sunday
        first_day -= (origin + dt.timedelta(days=first_day)).weekday()
        last_day += WEEK_DAYS - 1 - (origin + dt.timedelta(days=last_day)).weekday()
    out = []
    for res in project.resources:
        spans = bookings.get(res.id, [])
        tasks = tuple(sorted({task for _, _, task in spans}, key=order.__getitem__))
        days: list[PeriodLoad] = []
        weeks: list[PeriodLoad] = []
        if minutes:
            totals = _sweep(res, spans, cache, first_day * DAY, (last_day + 1) * DAY)
            start = origin + dt.timedelta(days=first_day)
            days = [
                PeriodLoad(
                    start=start + dt.timedelta(days=i),
                    days=1,
                    load_hours=round(d.load / 60, 6),
                    capacity_hours=round(d.capacity / 60, 6),
                    peak_units=round(d.peak, 6),
                )
                if not d.over
                else _period(start + dt.timedelta(days=i), 1, (d,), order)
                for i, d in enumerate(totals)
            ]
            weeks = [
                _period(start + dt.timedelta(days=i), WEEK_DAYS, totals[i : i + WEEK_DAYS], order)
                for i in range(0, len(totals), WEEK_DAYS)
            ]
        out.append(
            ResourceLoad(
                id=res.id,
                name=res.name,
                capacity=res.capacity,
                tasks=tasks,
                days=tuple(days),
                weeks=tuple(weeks),
            )
        )
    return tuple(out)


def overallocations(loads: Iterable[ResourceLoad], *, weekly: bool = False) -> tuple[Overallocation, ...]:
    """Every over-allocated day (or ISO week) of every resource, resource by resource."""
    return tuple(o for load in loads for o in load.overallocations(weekly=weekly))


_Booking = tuple[list[tuple[int, int]], float, str]  # (working intervals of the task, units, task id)


def _bookings(project: Project, schedule: Schedule, cache: CalendarCache) -> dict[str, list[_Booking]]:
    """Per resource: when each assigned task works (on its own calendar) and with how many units."""
    work = TaskWork(project, cache)
    out: dict[str, list[_Booking]] = {}
    for resource, used in bars(project, schedule).items():
        for task, units, lo, hi in used:
            found = work.intervals(task, lo, hi)
            if found:
                out.setdefault(resource, []).append((found, units, task))
    return out


def _merged(periods: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(periods):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _sweep(res: Resource, spans: Sequence[_Booking], cache: CalendarCache, lo: int, hi: int) -> list[_Day]:
    """Load, capacity, peak and over-allocation of each day in [lo, hi) (minutes, day-aligned).

    A sweep over every instant where the booked or available units change (task work starts and
    ends, absences, midnights): between two such instants both are constant.
    """
    origin = cache.origin
    own = cache.get(res.calendar or cache.project.calendar, res.absences)
    absences = _merged(
        (max(to_minute(origin, p.start), lo), min(to_minute(origin, p.end), hi)) for p in res.absences
    )
    events: dict[int, list[Event]] = {}  # minute -> (booked, available, task)
    for intervals, units, task in spans:
        book(events, intervals, units, task)
    for a, b in absences:
        if a < b:
            events.setdefault(a, []).append((0.0, -res.capacity, None))
            events.setdefault(b, []).append((0.0, res.capacity, None))
    for midnight in range(lo, hi + 1, DAY):
        events.setdefault(midnight, [])
    days = [_Day() for _ in range((hi - lo) // DAY)]
    for i, day in enumerate(days):
        day.capacity = res.capacity * own.working_between(lo + i * DAY, lo + (i + 1) * DAY)
    for t, nxt, booked, available, active in segments(events, res.capacity):
        if t < lo or nxt > hi or booked <= EPS:
            continue  # outside the range, or nothing booked: only capacity, counted above
        day = days[(t - lo) // DAY]  # midnights are instants, so [t, nxt) lies within one day
        day.load += booked * (nxt - t)
        day.peak = max(day.peak, booked)
        excess = booked - available
        if excess > EPS:
            day.over = (day.over or set()) | active.keys()
            if excess > day.worst[0]:
                day.worst = (excess, booked, available)
    return days


def _period(start: dt.date, length: int, totals: Sequence[_Day], order: dict[str, int]) -> PeriodLoad:
    over: set[str] = set()
    worst = (0.0, 0.0, 0.0)
    for d in totals:
        if d.over:
            over |= d.over
            worst = max(worst, d.worst)
    return PeriodLoad(
        start=start,
        days=length,
        load_hours=round(sum(d.load for d in totals) / 60, 6),
        capacity_hours=round(sum(d.capacity for d in totals) / 60, 6),
        peak_units=round(max(d.peak for d in totals), 6),
        over_tasks=tuple(sorted(over, key=order.__getitem__)) if over else (),
        over_units=round(worst[1], 6),
        available_units=round(worst[2], 6),
    )

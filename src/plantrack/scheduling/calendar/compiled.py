"""Working calendars compiled to sorted working intervals over integer minutes, answering in O(log n).

Minute 0 is `project.origin` (midnight of the start day). Times are naive plant wall-clock times: every
day has 1440 minutes, so a DST change day neither gains nor loses working time (the 08:00 shift starts at
08:00 on the clock, which is what the plant means).

Two conventions make every answer exact. `W(t)` is the number of working minutes in [0, t) (negative
before 0). A *finish* is the end of a working minute: `finish_at(k)` is the smallest instant with
`W = k`. A *start* is the beginning of one: `start_at(k)` is the largest instant with `W = k`. So a
2-day task from Thursday 08:00 on 08-12/13-17 finishes Friday 17:00, and the next working instant
after that finish is Monday 08:00.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from dateutil.rrule import rruleset, rrulestr

from plantrack.i18n import language
from plantrack.scheduling.calendar.axis import DAY, to_datetime, to_minute
from plantrack.scheduling.calendar.intervals import subtract, union
from plantrack.scheduling.errors import ModelError, Problem, Unschedulable
from plantrack.scheduling.model import Calendar, Period

#: Days compiled at a time; the horizon then doubles on demand (multi-year projects stay cheap).
CHUNK_DAYS = 400
#: Searching further than this for working time means the calendar has none left.
MAX_HORIZON_DAYS = 200 * 366
DEFAULT_CALENDAR = Calendar(id="standard", name="Standard (Mon-Fri 08:00-12:00, 13:00-17:00)")


@functools.lru_cache(maxsize=256)
def _country_holidays(
    country: str, subdivision: str | None, years: tuple[int, ...], lang: str | None
) -> dict[dt.date, str]:
    """A country's public holidays over `years`, computed once per process: every calendar compiled for
    the same country (each project of a plant, each resource's absences) asks for the same years."""
    import holidays as holidays_lib  # imported here: 0.16 s of imports a plan without holidays never needs

    found = holidays_lib.country_holidays(country, subdiv=subdivision, years=list(years), language=lang)
    return {day: str(name) for day, name in found.items()}


class WorkCalendar:
    """A compiled calendar (plus optional resource absences) over minutes from `origin`."""

    def __init__(
        self,
        calendar: Calendar,
        origin: dt.datetime,
        absences: Sequence[Period] = (),
        *,
        base: WorkCalendar | None = None,
    ) -> None:
        """`base`, the same calendar on the same origin without absences, lends its compiled days: a
        calendar minus some people's absences is then compiled by cutting them out of the base's."""
        self.id = calendar.id
        self.calendar = calendar
        self.origin = origin
        self._absences = tuple(absences)
        self._base = base if base is not None and not base.absences and base.origin == origin else None
        self._compiled_days: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._rules: list[tuple[rruleset, int]] = []
        for rec in calendar.recurring_off:
            try:
                # without its own DTSTART a rule counts from the project origin
                parsed = rrulestr(rec.rule, dtstart=origin, ignoretz=True, forceset=True)
            except (ValueError, TypeError) as exc:
                raise ModelError(
                    "calendar-rule-invalid",
                    f"calendar {calendar.id}: cannot read recurring rule {rec.rule!r}: {exc}",
                    [calendar.id],
                ) from exc
            self._rules.append((parsed, rec.length.minutes))
        self._holiday_years: set[int] = set()
        self._holidays: dict[dt.date, str] = {}
        self._lo_day = 0
        self._hi_day = 0
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._cum: list[int] = []  # working minutes before each interval's start (W(start))
        self._cum_end: list[int] = []  # W(end)
        self._extend_forward(CHUNK_DAYS)
        self._extend_backward(7)

    @property
    def absences(self) -> tuple[Period, ...]:
        """The resource absences taken out of this calendar's working time."""
        return self._absences

    @property
    def parts(self) -> tuple[WorkCalendar, ...]:
        """The calendars whose common working time this one is (itself alone for a plain calendar)."""
        return (self,)

    def without_closures(self) -> WorkCalendar:
        """The same working time without its closures: no `off` periods, public holidays, recurring
        off time or absences."""
        bare = dataclasses.replace(self.calendar, off=(), holidays=None, recurring_off=())
        return WorkCalendar(bare, self.origin)

    def closures(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """The closures of this calendar met in minutes [lo, hi), named: `off` periods (their reason,
        else the calendar's id), public holidays (the holiday's name) and recurring off time."""
        found = [(*self._span(p), p.reason or self.id) for p in self.calendar.off]
        first = to_datetime(self.origin, lo).date() - dt.timedelta(days=1)
        last = to_datetime(self.origin, hi).date()
        holidays = self._holiday_dates(first, last)
        for day in sorted(d for d in holidays if first <= d <= last):
            start = to_minute(self.origin, dt.datetime.combine(day, dt.time()))
            found.append((start, start + DAY, holidays[day]))
        for (rule, length), rec in zip(self._rules, self.calendar.recurring_off, strict=True):
            span_lo = to_datetime(self.origin, lo) - dt.timedelta(minutes=length)
            for occ in rule.between(span_lo, to_datetime(self.origin, hi), inc=True):
                m = to_minute(self.origin, occ)
                found.append((m, m + length, rec.reason or self.id))
        return [c for c in found if c[0] < hi and c[1] > lo]

    # -- compilation ---------------------------------------------------------------------------------
    def _holiday_dates(self, first: dt.date, last: dt.date) -> dict[dt.date, str]:
        if not self.calendar.holidays:
            return {}
        years = set(range(first.year, last.year + 1)) - self._holiday_years
        if years:
            try:
                # named in the user's language where the package has it (French names for FR)
                found = _country_holidays(
                    self.calendar.holidays,
                    self.calendar.holiday_subdivision,
                    tuple(sorted(years)),
                    None if language() == "en" else language(),
                )
            except (NotImplementedError, KeyError) as exc:
                raise ModelError(
                    "holidays-unknown",
                    f"calendar {self.id}: unknown holiday country or subdivision "
                    f"{self.calendar.holidays}/{self.calendar.holiday_subdivision}",
                    [self.id],
                ) from exc
            self._holidays.update(found)
            self._holiday_years |= years
        return self._holidays

    def _compile(self, day0: int, day1: int) -> list[tuple[int, int]]:
        """Working intervals in days [day0, day1), clipped to that range (never mutated by callers).

        Each range is compiled once per calendar: every calendar of a project minus one set of
        absences, and every combined calendar, asks its base or its parts for the same days again.
        """
        if self._base is not None:
            return subtract(self._base._compile(day0, day1), [self._span(p) for p in self._absences])
        found = self._compiled_days.get((day0, day1))
        if found is None:
            found = self._compiled_days[(day0, day1)] = self._compile_days(day0, day1)
        return found

    def _compile_days(self, day0: int, day1: int) -> list[tuple[int, int]]:
        lo, hi = day0 * DAY, day1 * DAY
        first = self.origin.date() + dt.timedelta(days=day0)
        last = self.origin.date() + dt.timedelta(days=day1 - 1)
        hols = self._holiday_dates(first - dt.timedelta(days=1), last)
        week = [self.calendar.hours_for(w) for w in range(7)]
        base: list[tuple[int, int]] = []
        # from the day before: its night shift runs into this range; a holiday takes its whole shift
        for d in range(day0 - 1, day1):
            date = first + dt.timedelta(days=d - day0)
            if date not in hols:
                base.extend((d * DAY + r.start, d * DAY + r.end) for r in week[date.weekday()])
        base = union(base)  # ranges ending at 24:00 join the next day's 00:00
        start_dt = to_datetime(self.origin, lo)
        end_dt = to_datetime(self.origin, hi)
        off = [self._span(p) for p in self.calendar.off]
        for rule, length in self._rules:
            for occ in rule.between(start_dt - dt.timedelta(minutes=length), end_dt, inc=True):
                m = to_minute(self.origin, occ)
                off.append((m, m + length))
        base = subtract(base, off)
        base = union([*base, *(self._span(p) for p in self.calendar.extra)])
        base = subtract(base, [self._span(p) for p in self._absences])
        return [(max(a, lo), min(b, hi)) for a, b in base if b > lo and a < hi]

    def _span(self, period: Period) -> tuple[int, int]:
        return to_minute(self.origin, period.start), to_minute(self.origin, period.end)

    def _extend_forward(self, days: int) -> None:
        day0, day1 = self._hi_day, self._hi_day + days
        if day1 - self._lo_day > MAX_HORIZON_DAYS:
            self._exhausted()
        new = self._compile(day0, day1)
        if new and self._ends and new[0][0] == self._ends[-1]:  # an interval running over the boundary
            self._ends[-1] = new[0][1]
            self._cum_end[-1] += new[0][1] - new[0][0]
            new = new[1:]
        total = self._cum_end[-1] if self._cum_end else 0
        for a, b in new:
            self._starts.append(a)
            self._ends.append(b)
            self._cum.append(total)
            total += b - a
            self._cum_end.append(total)
        self._hi_day = day1

    def _extend_backward(self, days: int) -> None:
        day0, day1 = self._lo_day - days, self._lo_day
        if self._hi_day - day0 > MAX_HORIZON_DAYS:
            self._exhausted()
        new = self._compile(day0, day1)
        if new and self._starts and new[-1][1] == self._starts[0]:
            self._starts[0] = new[-1][0]
            self._cum[0] -= new[-1][1] - new[-1][0]
            new = new[:-1]
        total = self._cum[0] if self._cum else 0
        starts, ends, cum, cum_end = [], [], [], []
        for a, b in reversed(new):
            cum_end.append(total)
            total -= b - a
            cum.append(total)
            starts.append(a)
            ends.append(b)
        self._starts[:0] = reversed(starts)
        self._ends[:0] = reversed(ends)
        self._cum[:0] = reversed(cum)
        self._cum_end[:0] = reversed(cum_end)
        self._lo_day = day0

    def _exhausted(self) -> None:
        raise Unschedulable(
            [
                Problem(
                    code="calendar-no-working-time",
                    message=f"calendar {self.id} has no working time left within {MAX_HORIZON_DAYS // 366} "
                    "years of the project",
                    ids=(self.id,),
                )
            ]
        )

    def _grow(self, forward: bool) -> None:
        span = max(CHUNK_DAYS, self._hi_day - self._lo_day)  # doubling: amortised O(1) per day
        # the last doubling stops at the limit: a calendar with work left inside it must find that work
        span = min(span, MAX_HORIZON_DAYS - (self._hi_day - self._lo_day))
        if span <= 0:
            self._exhausted()
        if forward:
            self._extend_forward(span)
        else:
            self._extend_backward(span)

    # -- queries (all O(log n)) ----------------------------------------------------------------------
    def work_before(self, t: int) -> int:
        """W(t): working minutes in [0, t); negative before minute 0."""
        while t >= self._hi_day * DAY or not self._starts:
            self._grow(True)
        while t < self._lo_day * DAY:
            self._grow(False)
        i = bisect_right(self._starts, t) - 1
        if i < 0:  # no work between the horizon start and the first interval: W is flat there
            return self._cum[0]
        end = self._ends[i]
        return self._cum[i] + (t if t < end else end) - self._starts[i]

    def finish_at(self, k: int) -> int:
        """The smallest instant with W = k: the end of the k-th working minute."""
        while not self._cum_end or k > self._cum_end[-1]:
            self._grow(True)
        while k <= self._cum[0]:
            self._grow(False)
        i = bisect_left(self._cum_end, k)
        return self._ends[i] - (self._cum_end[i] - k)

    def start_at(self, k: int) -> int:
        """The largest instant with W = k: the start of the next working minute."""
        while not self._cum_end or k >= self._cum_end[-1]:
            self._grow(True)
        while k < self._cum[0]:
            self._grow(False)
        i = bisect_right(self._cum, k) - 1
        return self._starts[i] + (k - self._cum[i])

    def finishes_at(self, ks: Sequence[int]) -> list[int]:
        """`finish_at` of each value; the horizon is grown once for the whole batch (result arrays)."""
        if not ks:
            return []
        self.finish_at(max(ks))
        self.finish_at(min(ks))
        cum_end, ends = self._cum_end, self._ends
        out = []
        for k in ks:
            i = bisect_left(cum_end, k)
            out.append(ends[i] - (cum_end[i] - k))
        return out

    def starts_at(self, ks: Sequence[int]) -> list[int]:
        """`start_at` of each value; the horizon is grown once for the whole batch."""
        if not ks:
            return []
        self.start_at(max(ks))
        self.start_at(min(ks))
        cum, starts = self._cum, self._starts
        out = []
        for k in ks:
            i = bisect_right(cum, k) - 1
            out.append(starts[i] + (k - cum[i]))
        return out

    def compiled(self) -> tuple[Sequence[int], Sequence[int], Sequence[int], Sequence[int]]:
        """The intervals compiled so far: starts, ends, W(start), W(end) (for batch maps over arrays).

        Queries grow them: call `work_before`, `start_at` or `finish_at` on a batch's extremes first.
        """
        return self._starts, self._ends, self._cum, self._cum_end

    def next_working(self, t: int) -> int:
        """The first instant >= t at which work happens."""
        return self.start_at(self.work_before(t))

    def add(self, start: int, minutes: int) -> int:
        """The finish of `minutes` of work begun at `start` (`start` itself when minutes is 0)."""
        if minutes <= 0:
            return start
        return self.finish_at(self.work_before(start) + minutes)

    def subtract(self, finish: int, minutes: int) -> int:
        """The latest start from which `minutes` of work finish by `finish` (backward pass)."""
        if minutes <= 0:
            return finish
        return self.start_at(self.work_before(finish) - minutes)

    def working_between(self, a: int, b: int) -> int:
        """Working minutes from a to b (negative when b < a)."""
        return self.work_before(b) - self.work_before(a)

    def is_working(self, t: int) -> bool:
        return self.work_before(t + 1) > self.work_before(t)

    def intervals(self, a: int, b: int) -> list[tuple[int, int]]:
        """Working intervals clipped to [a, b), e.g. for shading non-working time in a Gantt."""
        self.work_before(a)
        self.work_before(b)
        i = max(bisect_right(self._starts, a) - 1, 0)
        out = []
        while i < len(self._starts) and self._starts[i] < b:
            lo, hi = max(self._starts[i], a), min(self._ends[i], b)
            if lo < hi:
                out.append((lo, hi))
            i += 1
        return out

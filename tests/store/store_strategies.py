"""Hypothesis strategies for random, valid projects using every field of the domain model."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import strategies as st

from plantrack.scheduling.duration import MAX_MINUTES, Duration
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

# any printable text, non-ASCII included; lone surrogates cannot be stored as UTF-8 (tested apart)
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
ids = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), max_codepoint=0x2FFF),
    min_size=1,
    max_size=8,
).filter(lambda s: s.strip() and not any(ch.isspace() for ch in s))
instants = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 12, 31))
amounts = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False)


def durations(min_minutes: int = -MAX_MINUTES) -> st.SearchStrategy[Duration]:
    return st.builds(Duration, minutes=st.integers(min_minutes, MAX_MINUTES), elapsed=st.booleans())


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(instants)
    length = draw(st.integers(1, 10**9))
    return Period(start=start, end=start + dt.timedelta(microseconds=length), reason=draw(texts))


@st.composite
def hour_ranges(draw: st.DrawFn) -> tuple[TimeRange, ...]:
    cuts = sorted(draw(st.sets(st.integers(0, 24 * 60), max_size=6)))
    pairs = [TimeRange(start=a, end=b) for a, b in zip(cuts[::2], cuts[1::2], strict=False)]
    return tuple(draw(st.permutations(pairs)))


_plain_calendars = st.builds(
    Calendar,
    id=ids,
    name=texts,
    weekdays=st.lists(st.integers(0, 6), max_size=7).map(tuple),
    hours=hour_ranges(),
    holidays=st.none() | st.sampled_from(["FR", "DE", "US"]),
    holiday_subdivision=st.none() | st.sampled_from(["57", "BY"]),
    off=st.lists(periods(), max_size=2).map(tuple),
    extra=st.lists(periods(), max_size=2).map(tuple),
    recurring_off=st.lists(
        st.builds(RecurringOff, rule=texts, length=durations(), reason=texts), max_size=2
    ).map(tuple),
)


@st.composite
def _calendars(draw: st.DrawFn) -> Calendar:
    """A calendar with some weekdays on hours of their own (a short Friday)."""
    base = draw(_plain_calendars)
    days = sorted(draw(st.sets(st.sampled_from(base.weekdays)))) if base.weekdays else []
    week = tuple(DayHours(weekday=d, hours=draw(hour_ranges())) for d in days)
    return dataclasses.replace(base, week_hours=week)


calendars = _calendars()

resources = st.builds(
    Resource,
    id=ids,
    name=texts,
    kind=st.sampled_from(ResourceKind),
    capacity=positive,
    rate=amounts,
    calendar=st.none() | ids,
    absences=st.lists(periods(), max_size=2).map(tuple),
)


@st.composite
def estimates(draw: st.DrawFn) -> Estimate:
    low, mid, high = sorted(draw(st.lists(st.integers(0, MAX_MINUTES), min_size=3, max_size=3)))
    flags = draw(st.lists(st.booleans(), min_size=3, max_size=3))
    return Estimate(
        optimistic=Duration(minutes=low, elapsed=flags[0]),
        likely=Duration(minutes=mid, elapsed=flags[1]),
        pessimistic=Duration(minutes=high, elapsed=flags[2]),
    )


@st.composite
def tasks(draw: st.DrawFn) -> Task:
    ident = draw(ids)
    milestone = draw(st.booleans())
    length = draw(st.sampled_from(["duration", "effort", "none"]))
    duration = effort = None
    if milestone:
        duration = draw(st.none() | st.just(Duration(minutes=0, elapsed=draw(st.booleans()))))
    elif length == "duration":
        duration = draw(durations(min_minutes=0))
    elif length == "effort":
        effort = draw(durations(min_minutes=1))
    return Task(
        id=ident,
        name=draw(texts),
        duration=duration,
        effort=effort,
        estimate=draw(st.none() | estimates()),
        milestone=milestone,
        gate=milestone and draw(st.booleans()),
        parent=draw(st.none() | ids.filter(lambda p: p != ident)),
        constraints=tuple(
            draw(
                st.lists(
                    st.builds(Constraint, kind=st.sampled_from(ConstraintKind), date=instants), max_size=2
                )
            )
        ),
        deadline=draw(st.none() | instants),
        priority=draw(st.integers(0, 1000)),
        owner=draw(texts),
        fixed_cost=draw(amounts),
        window=draw(st.none() | ids),
        calendar=draw(st.none() | ids),
        notes=draw(texts),
    )


links = st.builds(Link, predecessor=ids, successor=ids, type=st.sampled_from(LinkType), lag=durations())
assignments = st.builds(Assignment, task=ids, resource=ids, units=positive)
windows = st.builds(
    Window, id=ids, name=texts, periods=st.lists(periods(), min_size=1, max_size=2).map(tuple)
)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    start = draw(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2199, 1, 1)))
    finish = draw(st.none() | st.integers(1, 10**6).map(lambda m: start + dt.timedelta(minutes=m)))
    return Project(
        name=draw(texts.filter(str.strip)),
        start=start,
        calendar=draw(ids),
        finish=finish,
        currency=draw(texts),
        status_date=draw(st.none() | instants),
        minutes_per_day=draw(st.integers(1, 24 * 60)),
        minutes_per_week=draw(st.integers(1, 7 * 24 * 60)),
        calendars=tuple(draw(st.lists(calendars, max_size=2))),
        resources=tuple(draw(st.lists(resources, max_size=2))),
        tasks=tuple(draw(st.lists(tasks(), max_size=4))),
        links=tuple(draw(st.lists(links, max_size=3))),
        assignments=tuple(draw(st.lists(assignments, max_size=3))),
        windows=tuple(draw(st.lists(windows, max_size=2))),
    )

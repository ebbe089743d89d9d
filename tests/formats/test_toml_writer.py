"""Writing project files: load(dump(p)) == p and dump(load(dump(p))) == dump(p) on generated projects."""

from __future__ import annotations

import datetime as dt
import tomllib
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from builders import link, plan, task
from plantrack.formats.demo import load_demo
from plantrack.formats.toml.reader import loads_project_toml
from plantrack.formats.toml.writer import dumps_project_toml, toml_key, toml_string, toml_when
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import ModelError
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
    clean_text,
)

ID_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp", "Co", "Cn"))
ids = st.text(ID_CHARS, min_size=1, max_size=8).filter(
    lambda s: unicodedata.normalize("NFC", s) == s and not any(c.isspace() for c in s)
)
texts = st.text(max_size=30).map(clean_text).filter(lambda s: clean_text(s) == s)
names = texts.filter(lambda s: s.strip() != "")
numbers = st.floats(min_value=1e-6, max_value=1e9, allow_nan=False, allow_infinity=False)
instants = st.datetimes(min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2150, 1, 1)).map(
    lambda d: d.replace(microsecond=0) if d.second % 2 else d
)
durations = st.builds(Duration, minutes=st.integers(min_value=0, max_value=2_000_000), elapsed=st.booleans())
positive_durations = durations.filter(lambda d: d.minutes > 0)
RULES = ("FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1", "FREQ=WEEKLY;BYDAY=FR", "FREQ=MONTHLY;BYDAY=1MO;COUNT=12")


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(instants)
    length = draw(st.integers(min_value=1, max_value=400 * 24 * 60))
    return Period(start=start, end=start + dt.timedelta(minutes=length), reason=draw(texts))


@st.composite
def hour_ranges(draw: st.DrawFn) -> tuple[TimeRange, ...]:
    points = sorted(draw(st.sets(st.integers(min_value=0, max_value=24 * 60), max_size=6)))
    pairs = list(zip(points[::2], points[1::2], strict=False))
    last = pairs[-1][1] if pairs else 0
    if last < 24 * 60 - 1 and draw(st.booleans()):  # a night shift, written 21:00-05:00
        start = draw(st.integers(min_value=max(last, 2), max_value=24 * 60 - 1))
        pairs.append((start, start + draw(st.integers(min_value=24 * 60 - start + 1, max_value=24 * 60 - 1))))
    return tuple(TimeRange(start=a, end=b) for a, b in pairs)


@st.composite
def calendars(draw: st.DrawFn, ident: str) -> Calendar:
    holidays = draw(st.sampled_from([None, ("FR", None), ("FR", "57"), ("DE", "BY")]))
    weekdays = tuple(draw(st.lists(st.integers(min_value=0, max_value=6), max_size=7)))
    short_days = sorted(draw(st.sets(st.sampled_from(weekdays), max_size=3))) if weekdays else []
    week = tuple(DayHours(weekday=d, hours=draw(hour_ranges())) for d in short_days)
    hours = draw(hour_ranges())
    try:
        Calendar(id=ident, weekdays=weekdays, hours=hours, week_hours=week)
    except ModelError:  # a night shift running into the next day's hours: draw another calendar
        assume(False)
    return Calendar(
        id=ident,
        name=draw(texts),
        weekdays=weekdays,
        week_hours=week,
        hours=hours,
        holidays=holidays[0] if holidays else None,
        holiday_subdivision=holidays[1] if holidays else None,
        off=tuple(draw(st.lists(periods(), max_size=2))),
        extra=tuple(draw(st.lists(periods(), max_size=2))),
        recurring_off=tuple(
            draw(
                st.lists(
                    st.builds(
                        RecurringOff, rule=st.sampled_from(RULES), length=positive_durations, reason=texts
                    ),
                    max_size=2,
                )
            )
        ),
    )


@st.composite
def tasks(draw: st.DrawFn, ident: str, others: list[str], windows: list[str], cals: list[str]) -> Task:
    kind = draw(st.sampled_from(["duration", "effort", "estimate", "milestone", "gate", "summary"]))
    fields: dict[str, object] = {}
    if kind == "duration":
        fields["duration"] = draw(durations)
    elif kind == "effort":
        fields["effort"] = draw(positive_durations)
    elif kind in ("milestone", "gate"):
        fields["milestone"] = True
        fields["gate"] = kind == "gate"
        fields["duration"] = draw(st.sampled_from([None, Duration(minutes=0)]))
    if kind in ("estimate", "duration") and draw(st.booleans()):
        points = sorted(draw(st.lists(st.integers(min_value=0, max_value=500_000), min_size=3, max_size=3)))
        elapsed = draw(st.booleans())
        fields["estimate"] = Estimate(
            optimistic=Duration(minutes=points[0], elapsed=elapsed),
            likely=Duration(minutes=points[1]),
            pessimistic=Duration(minutes=points[2], elapsed=elapsed),
        )
    kinds = draw(st.lists(st.sampled_from(list(ConstraintKind)), unique=True, max_size=3))
    order = list(ConstraintKind)
    constraints = tuple(Constraint(kind=k, date=draw(instants)) for k in sorted(kinds, key=order.index))
    return Task(
        id=ident,
        name=draw(texts),
        parent=draw(st.sampled_from([None, *[o for o in others if o != ident]])),
        constraints=constraints,
        deadline=draw(st.none() | instants),
        priority=draw(st.integers(min_value=0, max_value=1000)),
        owner=draw(texts),
        fixed_cost=draw(st.sampled_from([0.0, 1200.0]) | numbers),
        window=draw(st.sampled_from([None, *windows])),
        calendar=draw(st.sampled_from([None, *cals])),
        notes=draw(texts),
        **fields,  # type: ignore[arg-type]
    )


@st.composite
def projects(draw: st.DrawFn) -> Project:
    cal_ids = draw(st.lists(ids, unique=True, max_size=3))
    res_ids = draw(st.lists(ids, unique=True, max_size=3))
    win_ids = draw(st.lists(ids, unique=True, max_size=2))
    task_ids = draw(st.lists(ids, unique=True, max_size=6))
    per_day = draw(st.integers(min_value=1, max_value=24 * 60))
    start = draw(st.datetimes(min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2199, 1, 1)))
    links = []
    assignments = []
    for succ in task_ids:
        for pred in draw(st.lists(st.sampled_from(task_ids), max_size=3)):
            lag = draw(st.sampled_from([Duration(minutes=0)]) | durations)
            links.append(
                Link(predecessor=pred, successor=succ, type=draw(st.sampled_from(list(LinkType))), lag=lag)
            )
        for res in draw(st.lists(st.sampled_from(res_ids), unique=True, max_size=3)) if res_ids else []:
            assignments.append(Assignment(task=succ, resource=res, units=draw(numbers)))
    return plan(
        name=draw(names),
        start=start,
        # the file format, like the model, keeps every date within 1900-2200
        finish=draw(
            st.none()
            | st.just(min(start + dt.timedelta(days=draw(st.integers(1, 3000))), dt.datetime(2200, 12, 31)))
        ),
        calendar=draw(ids),
        currency=draw(texts),
        status_date=draw(st.none() | instants),
        minutes_per_day=per_day,
        minutes_per_week=draw(
            st.sampled_from([per_day * 5]) | st.integers(min_value=1, max_value=7 * 24 * 60)
        ),
        calendars=tuple(draw(calendars(c)) for c in cal_ids),
        resources=tuple(
            Resource(
                id=r,
                name=draw(texts),
                kind=draw(st.sampled_from(list(ResourceKind))),
                capacity=draw(numbers),
                rate=draw(st.sampled_from([0.0]) | numbers),
                calendar=draw(st.sampled_from([None, *cal_ids])),
                absences=tuple(draw(st.lists(periods(), max_size=2))),
            )
            for r in res_ids
        ),
        tasks=tuple(draw(tasks(t, task_ids, win_ids, cal_ids)) for t in task_ids),
        links=tuple(links),
        assignments=tuple(assignments),
        windows=tuple(
            Window(id=w, name=draw(texts), periods=tuple(draw(st.lists(periods(), min_size=1, max_size=2))))
            for w in win_ids
        ),
    )


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_round_trip(project: Project) -> None:
    text = dumps_project_toml(project)
    loaded, warnings = loads_project_toml(text, check_network=False)
    assert warnings == []
    assert loaded == project
    assert dumps_project_toml(loaded) == text


def test_demo_round_trips_with_the_network_checks() -> None:
    project, _ = load_demo()
    text = dumps_project_toml(project)
    again, warnings = loads_project_toml(text)
    assert again == project and warnings == []
    assert dumps_project_toml(again) == text


@given(st.text(max_size=40))
def test_strings_and_keys_are_valid_toml(text: str) -> None:
    document = f"{toml_key(text or 'k')} = {toml_string(text)}\n"
    assert tomllib.loads(document) == {text or "k": text}


def test_midnight_is_written_as_a_date() -> None:
    assert toml_when(dt.datetime(2027, 3, 6)) == "2027-03-06"
    assert toml_when(dt.datetime(2027, 3, 6), end=True) == "2027-03-05"
    assert toml_when(dt.datetime(2027, 3, 6, 17, 30)) == "2027-03-06T17:30:00"


def test_links_keep_their_order_per_task() -> None:
    base = plan(
        name="p",
        start=dt.datetime(2027, 1, 4),
        tasks=(task("a", Duration(minutes=60)), task("b", Duration(minutes=60))),
        links=(
            link("a", "b", "SS"),
            link("a", "b"),
        ),
    )
    text = dumps_project_toml(base)
    assert "after" not in text
    assert loads_project_toml(text)[0] == base

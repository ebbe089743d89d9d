"""Domain model: the frozen objects a project plan is made of (project, calendars, resources, tasks, links).

Instants are naive `datetime`s in the plant's local wall-clock time; lengths are `Duration`s in integer
minutes. Single-object invariants are checked here; cross-object checks (unknown ids, cycles) live in
`validate.py`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from plantrack.i18n import LANGUAGES, N_, _
from plantrack.scheduling.duration import ZERO, Duration
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.timerange import DayHours as DayHours
from plantrack.scheduling.timerange import TimeRange as TimeRange

MAX_NAME_LENGTH = 200
MAX_NOTES_LENGTH = 64 * 1024
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ONE_ELAPSED_DAY = Duration(minutes=24 * 60, elapsed=True)


class LinkType(StrEnum):
    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class ResourceKind(StrEnum):
    PERSON = "person"
    TEAM = "team"
    MACHINE = "machine"
    CONTRACTOR = "contractor"


class ConstraintKind(StrEnum):
    START_NO_EARLIER_THAN = "start-no-earlier-than"
    FINISH_NO_LATER_THAN = "finish-no-later-than"
    MUST_START_ON = "must-start-on"


def clean_text(text: str) -> str:
    """Remove C0/C1 control characters and bidi overrides, keep everything else (NFC-normalised).

    Names end up in terminals and HTML: escape sequences there retitle or wipe the screen.
    """
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cc" and ch not in "\t\n":
            continue
        if ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f":
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def is_clean(text: str) -> bool:
    return clean_text(text) == unicodedata.normalize("NFC", text)


#: The kind of object a message names, by the kind given to the checks ("task id must not be empty").
_KIND_WORDS = {
    "task": N_("task"),
    "resource": N_("resource"),
    "calendar": N_("calendar"),
    "window": N_("window"),
    "project": N_("project"),
}


def _kind(kind: str) -> str:
    return _(_KIND_WORDS[kind]) if kind in _KIND_WORDS else kind


def _check_id(kind: str, value: str) -> None:
    if not value or not value.strip():
        raise ModelError("id-empty", _("{kind} id must not be empty").format(kind=_kind(kind)))
    # printable text holds no control character and no space other than " " (the common case: one C call)
    printable = value.isprintable() and " " not in value
    if not printable and any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in value):
        raise ModelError(
            "id-invalid",
            _("{kind} id {id} must not contain spaces or control characters").format(
                kind=_kind(kind), id=repr(value)
            ),
            [value],
        )
    if len(value) > MAX_NAME_LENGTH:
        raise ModelError(
            "name-too-long",
            _("{kind} id is {length} characters long").format(kind=_kind(kind), length=len(value)),
            [value],
        )


def _check_name(kind: str, ident: str, name: str) -> None:
    if len(name) > MAX_NAME_LENGTH:
        raise ModelError(
            "name-too-long",
            _("{kind} {id} has a name of {length} characters (limit {limit})").format(
                kind=_kind(kind), id=ident, length=len(name), limit=MAX_NAME_LENGTH
            ),
            [ident],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """A span of time [start, end) with an optional reason (an absence, a shutdown, extra work)."""

    start: dt.datetime
    end: dt.datetime
    reason: str = ""

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ModelError(
                "period-end-before-start",
                _("period ends ({end}) before it starts ({start})").format(
                    end=self.end.isoformat(), start=self.start.isoformat()
                ),
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class RecurringOff:
    """Recurring non-working time: an RFC 5545 RRULE (dateutil) and the length of each occurrence."""

    rule: str
    length: Duration = ONE_ELAPSED_DAY
    reason: str = ""


STANDARD_HOURS = (TimeRange(start=8 * 60, end=12 * 60), TimeRange(start=13 * 60, end=17 * 60))


@dataclass(frozen=True, slots=True, kw_only=True)
class Calendar:
    """Working time: weekdays (0 = Monday), daily hour ranges, public holidays and exceptions."""

    id: str
    name: str = ""
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    hours: tuple[TimeRange, ...] = STANDARD_HOURS
    holidays: str | None = None  # country code known to the `holidays` package, e.g. "FR"
    holiday_subdivision: str | None = None  # e.g. "57" (Moselle) for FR
    off: tuple[Period, ...] = ()
    extra: tuple[Period, ...] = ()  # extra working time outside the regular hours
    recurring_off: tuple[RecurringOff, ...] = ()
    # per-weekday hours replacing `hours` on that day, e.g. a short Friday 08:00-12:00
    week_hours: tuple[DayHours, ...] = ()

    def __post_init__(self) -> None:
        _check_id("calendar", self.id)
        if any(d not in range(7) for d in self.weekdays):
            raise ModelError(
                "weekday-invalid",
                _("calendar {calendar} has an invalid weekday").format(calendar=self.id),
                [self.id],
            )
        days = [d.weekday for d in self.week_hours]
        if len(set(days)) != len(days) or any(d not in range(7) for d in days):
            raise ModelError(
                "weekday-invalid",
                _("calendar {calendar}: per-day hours repeat a weekday").format(calendar=self.id),
                [self.id],
            )
        for day in days:
            if day not in self.weekdays:
                raise ModelError(
                    "weekday-invalid",
                    _(
                        "calendar {calendar}: hours are given for {day}, which is not one of "
                        "its working weekdays (add it to the weekdays)"
                    ).format(calendar=self.id, day=WEEKDAY_NAMES[day]),
                    [self.id],
                )
        for with_next in (False, True):  # a day's own clash first: it names the right day
            for day in range(7):
                self._check_overlap(day, with_next)

    def hours_for(self, weekday: int) -> tuple[TimeRange, ...]:
        """The ranges worked from a weekday's midnight (none on a day off); night shifts run past it."""
        if weekday not in self.weekdays:
            return ()
        for day in self.week_hours:
            if day.weekday == weekday:
                return day.hours
        return self.hours

    def _check_overlap(self, day: int, with_next: bool) -> None:
        # a night shift's tail overlaps the next day's first ranges as much as its own day's ones
        spans = [(r.start, r.end, r) for r in self.hours_for(day)]
        if with_next:
            spans += [(r.start + 24 * 60, r.end + 24 * 60, r) for r in self.hours_for((day + 1) % 7)]
        spans.sort(key=lambda s: s[0])
        for before, after in itertools.pairwise(spans):
            if after[0] < before[1]:
                where = WEEKDAY_NAMES[day]
                raise ModelError(
                    "hours-overlap",
                    _("calendar {calendar}: working hours {first} and {second} overlap ({day})").format(
                        calendar=self.id, first=before[2].label(), second=after[2].label(), day=where
                    ),
                    [self.id],
                )


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    """A person, team, machine or contractor with a capacity in units (2 = two electricians)."""

    id: str
    name: str = ""
    kind: ResourceKind = ResourceKind.PERSON
    capacity: float = 1.0
    rate: float = 0.0  # cost per working hour, in the project currency
    calendar: str | None = None
    absences: tuple[Period, ...] = ()

    def __post_init__(self) -> None:
        _check_id("resource", self.id)
        _check_name("resource", self.id, self.name)
        if not self.capacity > 0:
            raise ModelError(
                "capacity-invalid",
                _("resource {resource} must have a capacity above 0").format(resource=self.id),
                [self.id],
            )
        if self.rate < 0:
            raise ModelError(
                "rate-negative",
                _("resource {resource} has a negative rate").format(resource=self.id),
                [self.id],
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Estimate:
    """Three-point estimate (PERT): optimistic <= likely <= pessimistic."""

    optimistic: Duration
    likely: Duration
    pessimistic: Duration

    def __post_init__(self) -> None:
        if not (0 <= self.optimistic.minutes <= self.likely.minutes <= self.pessimistic.minutes):
            raise ModelError(
                "estimate-order",
                _("three-point estimate must satisfy 0 <= optimistic <= likely <= pessimistic"),
            )

    @property
    def expected_minutes(self) -> float:
        return (self.optimistic.minutes + 4 * self.likely.minutes + self.pessimistic.minutes) / 6

    @property
    def std_minutes(self) -> float:
        return (self.pessimistic.minutes - self.optimistic.minutes) / 6


@dataclass(frozen=True, slots=True, kw_only=True)
class Constraint:
    kind: ConstraintKind
    date: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    """A task, a milestone (zero duration) or a summary (a phase: any task other tasks name as parent).

    Length comes from `duration`, else from `effort` shared by the assigned units, else from the
    PERT expected value of `estimate`; summaries take their dates from their children.
    """

    id: str
    name: str = ""
    duration: Duration | None = None
    effort: Duration | None = None  # work in minutes; duration = effort / assigned units
    estimate: Estimate | None = None
    milestone: bool = False
    gate: bool = False  # a validation milestone that records a go/no-go decision
    parent: str | None = None
    constraints: tuple[Constraint, ...] = ()
    deadline: dt.datetime | None = None
    priority: int = 500
    owner: str = ""
    fixed_cost: float = 0.0
    window: str | None = None
    calendar: str | None = None
    notes: str = ""
    # what resource leveling added before the task's start: the current plan keeps it until the user
    # levels again or clears it (MS Project's "leveling delay"); see scheduling/leveled.py
    leveling_delay: Duration | None = None

    def __post_init__(self) -> None:
        _check_id("task", self.id)
        _check_name("task", self.id, self.name)
        if len(self.notes) > MAX_NOTES_LENGTH:
            raise ModelError(
                "notes-too-long",
                _("task {task} has notes over {limit} bytes").format(task=self.id, limit=MAX_NOTES_LENGTH),
                [self.id],
            )
        if self.duration is not None and self.duration.minutes < 0:
            raise ModelError(
                "duration-negative", _("task {task} has a negative duration").format(task=self.id), [self.id]
            )
        if self.effort is not None and self.effort.minutes <= 0:
            raise ModelError(
                "effort-invalid", _("task {task} must have a positive effort").format(task=self.id), [self.id]
            )
        if self.effort is not None and self.duration is not None:
            raise ModelError(
                "task-overspecified",
                _("task {task} gives both a duration and an effort; keep one").format(task=self.id),
                [self.id],
            )
        if self.milestone and (
            (self.duration is not None and self.duration.minutes > 0) or self.effort is not None
        ):
            raise ModelError(
                "milestone-duration",
                _("milestone {task} has a duration; a milestone takes no time").format(task=self.id),
                [self.id],
            )
        if self.gate and not self.milestone:
            raise ModelError(
                "gate-not-milestone", _("gate {task} must be a milestone").format(task=self.id), [self.id]
            )
        if self.parent == self.id:
            raise ModelError(
                "parent-self", _("task {task} is its own parent").format(task=self.id), [self.id]
            )
        if self.fixed_cost < 0:
            raise ModelError(
                "cost-negative", _("task {task} has a negative fixed cost").format(task=self.id), [self.id]
            )
        if self.leveling_delay is not None and self.leveling_delay.minutes < 0:
            raise ModelError(
                "leveling-delay-negative",
                _("task {task} has a negative leveling delay").format(task=self.id),
                [self.id],
            )
        if not 0 <= self.priority <= 1000:
            raise ModelError(
                "priority-invalid", _("task {task}: priority must be 0-1000").format(task=self.id), [self.id]
            )

    def planned_duration(self) -> Duration | None:
        """The explicit duration, else the PERT expected duration; None for effort-driven or summary."""
        if self.milestone:
            return Duration(minutes=0)
        if self.duration is not None:
            return self.duration
        if self.estimate is not None:
            return Duration(
                minutes=round(self.estimate.expected_minutes), elapsed=self.estimate.likely.elapsed
            )
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A dependency: `successor` relates to `predecessor` by `type`, shifted by `lag` (negative = lead)."""

    predecessor: str
    successor: str
    type: LinkType = LinkType.FS
    lag: Duration = ZERO


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    task: str
    resource: str
    units: float = 1.0

    def __post_init__(self) -> None:
        if not self.units > 0:
            raise ModelError(
                "units-invalid",
                _("assignment of {resource} to {task} must use more than 0 units").format(
                    resource=self.resource, task=self.task
                ),
                [self.task, self.resource],
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Window:
    """A named production shutdown window: the periods when the line is stopped."""

    id: str
    name: str = ""
    periods: tuple[Period, ...] = ()

    def __post_init__(self) -> None:
        _check_id("window", self.id)
        if not self.periods:
            raise ModelError(
                "window-empty", _("window {window} has no period").format(window=self.id), [self.id]
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskActual:
    """What happened to a task by the status date: the input of rescheduling.

    A finished task has `actual_finish`; a task in progress has `actual_start` and either an explicit
    `remaining` working time from the status date or, failing that, the planned duration scaled by
    `percent_complete`.
    """

    task: str
    actual_start: dt.datetime | None = None
    actual_finish: dt.datetime | None = None
    remaining: Duration | None = None
    percent_complete: float = 0.0

    def __post_init__(self) -> None:
        if not 0 <= self.percent_complete <= 100:
            raise ModelError(
                "actuals-invalid",
                _("task {task}: percent complete {percent} is not within 0-100").format(
                    task=self.task, percent=self.percent_complete
                ),
                [self.task],
            )
        if (
            self.actual_start is not None
            and self.actual_finish is not None
            and self.actual_finish < self.actual_start
        ):
            raise ModelError(
                "actuals-invalid",
                _("task {task}: actual finish is before actual start").format(task=self.task),
                [self.task],
            )
        if self.remaining is not None and self.remaining.minutes < 0:
            raise ModelError(
                "actuals-invalid",
                _("task {task}: remaining work is negative").format(task=self.task),
                [self.task],
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Project:
    """A whole plan. `start` is the project start instant; `finish`, when set, anchors the backward pass."""

    name: str
    start: dt.datetime
    calendar: str = "standard"
    finish: dt.datetime | None = None
    currency: str = "EUR"
    status_date: dt.datetime | None = None
    minutes_per_day: int = 480
    minutes_per_week: int = 2400
    calendars: tuple[Calendar, ...] = field(default=())
    resources: tuple[Resource, ...] = ()
    tasks: tuple[Task, ...] = ()
    links: tuple[Link, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    windows: tuple[Window, ...] = ()
    # the language reports and messages about this plan are written in (`fr`), unless a run
    # chooses otherwise (`--lang`, $PLANTRACK_LANG); None: the reader's locale decides
    language: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ModelError("project-name", _("project name must not be empty"))
        if self.language is not None and self.language not in LANGUAGES:
            raise ModelError(
                "language-unknown",
                _("project language {language} is not one of {languages}").format(
                    language=repr(self.language), languages=", ".join(LANGUAGES)
                ),
            )
        _check_name("project", "project", self.name)
        for label, when in (
            (N_("project start {date} is outside 1900-2200"), self.start),
            (N_("project finish {date} is outside 1900-2200"), self.finish),
            (N_("project status date {date} is outside 1900-2200"), self.status_date),
        ):
            if when is not None and not (1900 <= when.year <= 2200):
                raise ModelError("date-out-of-range", _(label).format(date=f"{when:%Y-%m-%d}"))
        if self.finish is not None and self.finish <= self.start:
            raise ModelError("project-finish-before-start", _("project finish is before its start"))
        if self.minutes_per_day <= 0 or self.minutes_per_week <= 0:
            raise ModelError("day-length-invalid", _("minutes per day and per week must be positive"))

    @property
    def origin(self) -> dt.datetime:
        """Midnight of the project start day: minute 0 of the scheduler's time axis."""
        return dt.datetime.combine(self.start.date(), dt.time())

    def task_map(self) -> dict[str, Task]:
        return {t.id: t for t in self.tasks}

    def resource_map(self) -> dict[str, Resource]:
        return {r.id: r for r in self.resources}

    def calendar_map(self) -> dict[str, Calendar]:
        return {c.id: c for c in self.calendars}

    def window_map(self) -> dict[str, Window]:
        return {w.id: w for w in self.windows}

    def children(self) -> dict[str, list[str]]:
        """Parent id -> child ids in file order."""
        out: dict[str, list[str]] = {}
        for t in self.tasks:
            if t.parent is not None:
                out.setdefault(t.parent, []).append(t.id)
        return out

    def summary_ids(self) -> set[str]:
        return {t.parent for t in self.tasks if t.parent is not None}

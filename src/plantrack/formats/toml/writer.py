"""Write a `Project` as a project file (TOML) that `toml.reader` reads back to an equal project.

Keys are written only when they differ from their default, in the order docs/file-format.md lists
them. A finish-to-start link without lag goes into `after`; every other link into `links`, keeping
each task's links in their order. A date-time at midnight is written as a date (for an end-like key,
the day before: `to = 2027-03-05` means "to the end of March 5").
"""

from __future__ import annotations

import datetime as dt
import math
import re

from plantrack.formats.toml.tables import CONSTRAINT_KEYS
from plantrack.scheduling.duration import Duration, format_duration
from plantrack.scheduling.model import (
    ONE_ELAPSED_DAY,
    WEEKDAY_NAMES,
    Calendar,
    Link,
    LinkType,
    Period,
    Project,
    Resource,
    ResourceKind,
    Task,
    Window,
)

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def dumps_project_toml(project: Project) -> str:
    """The project as TOML text (UTF-8, LF line ends)."""
    writer = _Writer(project)
    return writer.render()


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and every control character escaped."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    return key if _BARE.fullmatch(key) else toml_string(key)


def toml_number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"cannot write the non-finite number {value}")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def toml_when(value: dt.datetime, *, end: bool = False) -> str:
    """A date when at midnight (for an end-like key, the day before), else a local date-time."""
    if value.time() == dt.time():
        day = value.date() - dt.timedelta(days=1) if end else value.date()
        return day.isoformat()
    if value.microsecond:
        return value.isoformat()
    return value.isoformat(timespec="seconds")


class _Writer:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.lines: list[str] = []

    def duration(self, value: Duration) -> str:
        text = format_duration(
            value,
            minutes_per_day=self.project.minutes_per_day,
            minutes_per_week=self.project.minutes_per_week,
        )
        return toml_string(text)

    def put(self, key: str, value: str) -> None:
        self.lines.append(f"{toml_key(key)} = {value}")

    def header(self, text: str) -> None:
        if self.lines:
            self.lines.append("")
        self.lines.append(text)

    def render(self) -> str:
        self._project()
        for calendar in self.project.calendars:
            self._calendar(calendar)
        for resource in self.project.resources:
            self._resource(resource)
        for window in self.project.windows:
            self._window(window)
        incoming: dict[str, list[Link]] = {}
        for link in self.project.links:
            incoming.setdefault(link.successor, []).append(link)
        units: dict[str, list[tuple[str, float]]] = {}
        for a in self.project.assignments:
            units.setdefault(a.task, []).append((a.resource, a.units))
        for task in self.project.tasks:
            self._task(task, incoming.get(task.id, []), units.get(task.id, []))
        return "\n".join(self.lines) + "\n"

    def _project(self) -> None:
        p = self.project
        self.header("[project]")
        self.put("name", toml_string(p.name))
        self.put("start", toml_when(p.start))
        if p.finish is not None:
            self.put("finish", toml_when(p.finish, end=True))
        self.put("calendar", toml_string(p.calendar))
        self.put("currency", toml_string(p.currency))
        if p.language is not None:
            self.put("language", toml_string(p.language))
        if p.status_date is not None:
            self.put("status_date", toml_when(p.status_date))
        self.put("hours_per_day", toml_number(p.minutes_per_day / 60))
        if p.minutes_per_week != p.minutes_per_day * 5:
            self.put("hours_per_week", toml_number(p.minutes_per_week / 60))

    def periods(self, key: str, periods: tuple[Period, ...]) -> None:
        if not periods:
            return
        items = []
        for period in periods:
            parts = [
                f"from = {toml_when(period.start)}",
                f"to = {toml_when(period.end, end=True)}",
            ]
            if period.reason:
                parts.append(f"reason = {toml_string(period.reason)}")
            items.append("  { " + ", ".join(parts) + " },")
        self.lines.append(f"{toml_key(key)} = [")
        self.lines.extend(items)
        self.lines.append("]")

    def _calendar(self, c: Calendar) -> None:
        self.header(f"[calendars.{toml_key(c.id)}]")
        if c.name:
            self.put("name", toml_string(c.name))
        self.put("weekdays", "[" + ", ".join(toml_string(WEEKDAY_NAMES[d]) for d in c.weekdays) + "]")
        self.put("hours", "[" + ", ".join(toml_string(r.label()) for r in c.hours) + "]")
        if c.week_hours:
            # an inline table reads as [calendars.ID.week] and keeps the calendar's keys together
            days = (
                f"{WEEKDAY_NAMES[d.weekday]} = [" + ", ".join(toml_string(r.label()) for r in d.hours) + "]"
                for d in c.week_hours
            )
            self.put("week", "{ " + ", ".join(days) + " }")
        if c.holidays is not None:
            if c.holiday_subdivision is None:
                self.put("holidays", toml_string(c.holidays))
            else:
                country, sub = toml_string(c.holidays), toml_string(c.holiday_subdivision)
                self.put("holidays", f"{{ country = {country}, subdivision = {sub} }}")
        self.periods("off", c.off)
        self.periods("extra", c.extra)
        if c.recurring_off:
            self.lines.append("recurring = [")
            for r in c.recurring_off:
                parts = [f"rule = {toml_string(r.rule)}"]
                if r.length != ONE_ELAPSED_DAY:
                    parts.append(f"length = {self.duration(r.length)}")
                if r.reason:
                    parts.append(f"reason = {toml_string(r.reason)}")
                self.lines.append("  { " + ", ".join(parts) + " },")
            self.lines.append("]")

    def _resource(self, r: Resource) -> None:
        self.header(f"[resources.{toml_key(r.id)}]")
        if r.name:
            self.put("name", toml_string(r.name))
        if r.kind is not ResourceKind.PERSON:
            self.put("kind", toml_string(r.kind.value))
        if r.capacity != 1:
            self.put("capacity", toml_number(r.capacity))
        if r.rate:
            self.put("rate", toml_number(r.rate))
        if r.calendar is not None:
            self.put("calendar", toml_string(r.calendar))
        self.periods("absences", r.absences)

    def _window(self, w: Window) -> None:
        self.header(f"[windows.{toml_key(w.id)}]")
        if w.name:
            self.put("name", toml_string(w.name))
        self.periods("periods", w.periods)

    def _task(self, t: Task, links: list[Link], units: list[tuple[str, float]]) -> None:
        self.header("[[tasks]]")
        self.put("id", toml_string(t.id))
        if t.name:
            self.put("name", toml_string(t.name))
        if t.gate:
            self.put("gate", "true")
        elif t.milestone:
            self.put("milestone", "true")
        if t.duration is not None:
            self.put("duration", self.duration(t.duration))
        if t.effort is not None:
            self.put("effort", self.duration(t.effort))
        if t.estimate is not None:
            e = t.estimate
            points = ", ".join(
                f"{key} = {self.duration(value)}"
                for key, value in (
                    ("optimistic", e.optimistic),
                    ("likely", e.likely),
                    ("pessimistic", e.pessimistic),
                )
            )
            self.put("estimate", f"{{ {points} }}")
        if t.parent is not None:
            self.put("parent", toml_string(t.parent))
        self._links(links)
        if units:
            pairs = ", ".join(f"{toml_key(res)} = {toml_number(u)}" for res, u in units)
            self.put("resources", f"{{ {pairs} }}")
        for key, kind, end in CONSTRAINT_KEYS:
            for constraint in t.constraints:
                if constraint.kind is kind:
                    self.put(key, toml_when(constraint.date, end=end))
        if t.deadline is not None:
            self.put("deadline", toml_when(t.deadline, end=True))
        if t.priority != 500:
            self.put("priority", str(t.priority))
        if t.owner:
            self.put("owner", toml_string(t.owner))
        if t.fixed_cost:
            self.put("cost", toml_number(t.fixed_cost))
        if t.window is not None:
            self.put("window", toml_string(t.window))
        if t.calendar is not None:
            self.put("calendar", toml_string(t.calendar))
        if t.notes:
            self.put("notes", toml_string(t.notes))
        if t.leveling_delay is not None:
            self.put("leveling_delay", self.duration(t.leveling_delay))

    def _links(self, links: list[Link]) -> None:
        """Plain finish-to-start links first in `after`, the rest (from the first other one) in `links`."""
        plain: list[str] = []
        rest: list[Link] = []
        for link in links:
            if not rest and link.type is LinkType.FS and link.lag.minutes == 0 and not link.lag.elapsed:
                plain.append(link.predecessor)
            else:
                rest.append(link)
        if plain:
            self.put("after", "[" + ", ".join(toml_string(p) for p in plain) + "]")
        if rest:
            self.lines.append("links = [")
            for link in rest:
                parts = [f"from = {toml_string(link.predecessor)}", f"type = {toml_string(link.type.value)}"]
                if link.lag.minutes or link.lag.elapsed:
                    parts.append(f"lag = {self.duration(link.lag)}")
                self.lines.append("  { " + ", ".join(parts) + " },")
            self.lines.append("]")

"""Readers of the `[project]`, `[resources.ID]`, `[windows.ID]` and `[[tasks]]` tables: each turns a
`Section` into model objects or located problems."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from plantrack.formats.toml.fields import Section, read_periods
from plantrack.i18n import LANGUAGES, _, pgettext
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import (
    Assignment,
    Constraint,
    ConstraintKind,
    Estimate,
    Link,
    LinkType,
    Resource,
    ResourceKind,
    Task,
    Window,
)

PROJECT_KEYS = (
    "name",
    "start",
    "finish",
    "calendar",
    "currency",
    "status_date",
    "hours_per_day",
    "hours_per_week",
    "language",
)
RESOURCE_KEYS = ("name", "kind", "capacity", "rate", "calendar", "absences")
WINDOW_KEYS = ("name", "periods")
TASK_KEYS = (
    "id",
    "name",
    "duration",
    "effort",
    "estimate",
    "milestone",
    "gate",
    "parent",
    "after",
    "links",
    "resources",
    "start_no_earlier_than",
    "finish_no_later_than",
    "must_start_on",
    "deadline",
    "priority",
    "owner",
    "cost",
    "window",
    "calendar",
    "notes",
    "leveling_delay",
)
#: TOML key of each task constraint, in the order they are read and written.
CONSTRAINT_KEYS = (
    ("start_no_earlier_than", ConstraintKind.START_NO_EARLIER_THAN, False),
    ("finish_no_later_than", ConstraintKind.FINISH_NO_LATER_THAN, True),
    ("must_start_on", ConstraintKind.MUST_START_ON, False),
)
#: The key a model invariant is about, to point at its line.
_ERROR_KEYS = {
    "milestone-duration": "milestone",
    "duration-negative": "duration",
    "effort-invalid": "effort",
    "task-overspecified": "effort",
    "gate-not-milestone": "gate",
    "parent-self": "parent",
    "cost-negative": "cost",
    "priority-invalid": "priority",
    "notes-too-long": "notes",
    "leveling-delay-negative": "leveling_delay",
    "name-too-long": "name",
    "id-invalid": "id",
    "id-empty": "id",
    "capacity-invalid": "capacity",
    "rate-negative": "rate",
    "weekday-invalid": "weekdays",
    "hours-overlap": "hours",
    "window-empty": "periods",
    "units-invalid": "resources",
}


def read_project(top: Section) -> dict[str, Any]:
    """The `[project]` fields as Project keyword arguments; sets the day length durations use."""
    section = top.table("project", "project")
    if section is None:
        if "project" not in top.data:
            top.fail("project-missing", _("the file needs a [project] table with name and start"))
        return {}
    section.label, section.ids = pgettext("owner", "project"), ("project",)
    section.check_keys(PROJECT_KEYS)
    fields: dict[str, Any] = {}
    name = section.text("name", required=True)
    if "name" in section.data:
        fields["name"] = name
    start = section.when("start", required=True)
    if start is not None:
        fields["start"] = start
    for key, end in (("finish", True), ("status_date", False)):
        value = section.when(key, end=end)
        if value is not None:
            fields[key] = value
    calendar = section.ident("calendar")
    if calendar is not None:
        fields["calendar"] = calendar
    if section.has("currency"):
        fields["currency"] = section.text("currency")
    if section.has("language"):
        code = section.text("language")
        if code in LANGUAGES:
            fields["language"] = code
        elif code:  # an empty text is a wrong type, already reported
            section.fail(
                "language-unknown",
                _("'language' {code} must be one of {languages}").format(
                    code=repr(code), languages=", ".join(LANGUAGES)
                ),
                "language",
            )
    per_day = round(section.number("hours_per_day", 8) * 60)
    per_week = round(section.number("hours_per_week", per_day * 5 / 60) * 60)
    if per_day <= 0 or per_day > 24 * 60:
        section.fail(
            "day-length-invalid", _("'hours_per_day' must be above 0 and at most 24"), "hours_per_day"
        )
    elif per_week <= 0 or per_week > 7 * 24 * 60:
        section.fail(
            "day-length-invalid", _("'hours_per_week' must be above 0 and at most 168"), "hours_per_week"
        )
    else:
        fields["minutes_per_day"] = section.out.minutes_per_day = per_day
        fields["minutes_per_week"] = section.out.minutes_per_week = per_week
    return fields


def read_resource(section: Section, ident: str) -> Resource | None:
    section.check_keys(RESOURCE_KEYS)
    kind_text = section.text("kind", default=ResourceKind.PERSON.value)
    kinds = [k.value for k in ResourceKind]
    if kind_text not in kinds:
        section.fail(
            "kind-invalid",
            _("kind {kind} must be one of {kinds}").format(kind=repr(kind_text), kinds=", ".join(kinds)),
            "kind",
        )
    fields: dict[str, Any] = {
        "name": section.text("name"),
        "capacity": section.number("capacity", 1.0),
        "rate": section.number("rate", 0.0),
        "calendar": section.ident("calendar"),
        "absences": read_periods(section, "absences"),
    }
    if not section.ok:
        return None
    try:
        return Resource(id=ident, kind=ResourceKind(kind_text), **fields)
    except ModelError as exc:
        section.model_error(exc, _ERROR_KEYS.get(exc.problem.code))
        return None


def read_window(section: Section, ident: str) -> Window | None:
    section.check_keys(WINDOW_KEYS)
    name = section.text("name")
    periods = read_periods(section, "periods")
    if not section.ok:
        return None
    try:
        return Window(id=ident, name=name, periods=periods)
    except ModelError as exc:
        section.model_error(exc, _ERROR_KEYS.get(exc.problem.code))
        return None


@dataclass
class TaskRead:
    """What one `[[tasks]]` table gave: its id if readable, the task if valid, its links and assignments."""

    ident: str | None
    task: Task | None = None
    links: list[Link] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)


def read_task(section: Section) -> TaskRead:
    section.check_keys(TASK_KEYS)
    ident = section.ident("id", required=True)
    result = TaskRead(ident)
    if ident is None:
        return result
    section.label, section.ids = _("task {task}").format(task=ident), (ident,)
    fields: dict[str, Any] = {
        "name": section.text("name"),
        "duration": section.duration("duration"),
        "effort": section.duration("effort"),
        "estimate": _estimate(section),
        "gate": section.flag("gate"),
        "parent": section.ident("parent"),
        "deadline": section.when("deadline", end=True),
        "priority": section.integer("priority", 500),
        "owner": section.text("owner"),
        "fixed_cost": section.number("cost", 0.0),
        "window": section.ident("window"),
        "calendar": section.ident("calendar"),
        "notes": section.text("notes"),
        "leveling_delay": section.duration("leveling_delay"),
    }
    # a gate is a validation milestone: `gate = true` alone is enough
    fields["milestone"] = section.flag("milestone") or fields["gate"]
    constraints = []
    for key, kind, end in CONSTRAINT_KEYS:
        when = section.when(key, end=end)
        if when is not None:
            constraints.append(Constraint(kind=kind, date=when))
    fields["constraints"] = tuple(constraints)
    result.links = _links(section, ident)
    result.assignments = _assignments(section, ident)
    valid = section.ok
    try:
        # built even after an error, so that a broken invariant is reported in the same pass
        task = Task(id=ident, **fields)
    except ModelError as exc:
        section.model_error(exc, _ERROR_KEYS.get(exc.problem.code))
        return result
    result.task = task if valid else None
    return result


def _estimate(section: Section) -> Estimate | None:
    table = section.table("estimate", "estimate")
    if table is None:
        return None
    table.check_keys(("optimistic", "likely", "pessimistic"))
    points = [table.duration(key) for key in ("optimistic", "likely", "pessimistic")]
    if any(p is None for p in points):
        if table.ok:
            table.fail("key-missing", _("'estimate' needs optimistic, likely and pessimistic durations"))
        section.ok = False
        return None
    optimistic, likely, pessimistic = (p for p in points if p is not None)
    try:
        return Estimate(optimistic=optimistic, likely=likely, pessimistic=pessimistic)
    except ModelError as exc:
        section.model_error(exc, "estimate")
    section.ok = section.ok and table.ok
    return None


def _links(section: Section, ident: str) -> list[Link]:
    """`after = ["a", "b"]` (finish-to-start) then `links = [{ from, type, lag }]`, in file order."""
    out = [Link(predecessor=p, successor=ident) for p in section.idents("after")]
    types = [t.value for t in LinkType]
    for item in section.items("links"):
        item.check_keys(("from", "type", "lag"))
        predecessor = item.ident("from", required=True)
        kind = item.text("type", default="FS").upper()
        if kind not in types:
            item.fail(
                "link-type-invalid",
                _("link type {type} must be one of {types}").format(type=repr(kind), types=", ".join(types)),
                "type",
            )
        lag = item.duration("lag", allow_negative=True) or Duration(minutes=0)
        if predecessor is None or not item.ok:
            section.ok = False
            continue
        out.append(Link(predecessor=predecessor, successor=ident, type=LinkType(kind), lag=lag))
    return out


def _assignments(section: Section, ident: str) -> list[Assignment]:
    """`resources = { elec = 2, tech = 1 }`: resource id = units (2 = two people, 0.5 = half time)."""
    table = section.table("resources", "resources")
    if table is None:
        return []
    out = []
    for resource, units in table.data.items():
        if isinstance(units, bool) or not isinstance(units, int | float) or not math.isfinite(units):
            section.fail(
                "type-invalid",
                _("units of resource {id} must be a number").format(id=repr(resource)),
                "resources",
            )
            continue
        try:
            out.append(
                Assignment(task=ident, resource=unicodedata.normalize("NFC", resource), units=float(units))
            )
        except ModelError as exc:
            section.model_error(exc, "resources")
    return out

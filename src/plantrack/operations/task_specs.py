"""The task form's one-line specs (predecessors, resources, estimate, cost, ids) to model objects and back.

Each parser raises `InvalidInput` located at the form field it reads; each formatter writes what its
parser reads back to the same objects, so saving an untouched form changes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable

from plantrack.i18n import N_, _
from plantrack.scheduling.calendar import WorkCalendar
from plantrack.scheduling.dates import show_end
from plantrack.scheduling.duration import ZERO, Duration, format_duration, parse_duration
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import Assignment, ConstraintKind, Estimate, Link, LinkType, Project, Task
from plantrack.scheduling.references import DEFAULT_CALENDAR_ID

#: `b`, `b SS`, `b SS+2d`, `b FF -1h`: an id (ids hold no spaces), then a type and a signed lag
_PREDECESSOR = re.compile(r"^(?P<id>\S+)(?:\s+(?P<type>[A-Za-z]+)\s*(?:(?P<sign>[+-])\s*(?P<lag>\S.*))?)?$")
#: short names for the constraint kinds, as the CLI's --snet, --fnlt and --mso options
CONSTRAINT_NAMES = {
    "snet": ConstraintKind.START_NO_EARLIER_THAN,
    "fnlt": ConstraintKind.FINISH_NO_LATER_THAN,
    "mso": ConstraintKind.MUST_START_ON,
}
_SHORT = {kind: name for name, kind in CONSTRAINT_NAMES.items()}
#: problems the plan check reports about one task, and the form field they are about
FIELD_OF_CODE = {
    "dep-cycle": "after",
    "dep-self": "after",
    "dep-hierarchy": "after",
    "assignment-on-summary": "resources",
    "assignment-over-capacity": "resources",
    "effort-unassigned": "resources",
    "calendar-no-working-time": "calendar",
    "duration-missing": "duration",
    "parent-cycle": "parent",
}


def fail(field: str, code: str, message: str, *ids: str) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message, ids=ids, location=field)])


def items(text: str) -> list[str]:
    """The comma-separated items of a field, stripped, empty ones dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


def number_text(value: float) -> str:
    """A float as typed: `2` for 2.0, `0.5`; exact (repr), so reading it back gives the same float."""
    text = repr(value)
    return text.removesuffix(".0")


def parse_number(text: str, field: str, what: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)  # no decimal comma: "1,200" would read as 1.2 to some and 1200 to others
    except ValueError:
        raise fail(
            field,
            "number-invalid",
            _("{what} {text} is not a number such as 1200 or 0.5").format(what=_(what), text=repr(text)),
        ) from None
    if not math.isfinite(value):
        raise fail(
            field,
            "number-invalid",
            _("{what} {text} is not a finite number").format(what=_(what), text=repr(text)),
        )
    return value


def _duration(text: str, field: str, project: Project, *, negative: bool = False) -> Duration:
    try:
        return parse_duration(
            text,
            minutes_per_day=project.minutes_per_day,
            minutes_per_week=project.minutes_per_week,
            allow_negative=negative,
        )
    except ModelError as exc:
        raise InvalidInput([exc.problem.located(field)]) from exc


def duration_text(duration: Duration, project: Project) -> str:
    return format_duration(
        duration, minutes_per_day=project.minutes_per_day, minutes_per_week=project.minutes_per_week
    )


# ---------------------------------------------------------------- predecessors


def parse_predecessors(text: str, ident: str, project: Project, field: str = "after") -> tuple[Link, ...]:
    """`a, b SS+2d, c FF-1h`: the links into task `ident`, finish-to-start without lag unless written."""
    tasks = project.task_map()
    links: list[Link] = []
    unknown: list[str] = []
    for item in items(text):
        match = _PREDECESSOR.match(item)
        if match is None:
            raise fail(
                field,
                "link-spec",
                _("cannot read {item}: write a task id, then a type and a lag (b SS+2d)").format(
                    item=repr(item)
                ),
            )
        pred = match["id"]
        if pred not in tasks:
            unknown.append(pred)
            continue
        if pred == ident:
            raise fail(field, "dep-self", _("task {id} cannot follow itself").format(id=ident), ident)
        if any(link.predecessor == pred for link in links):
            raise fail(field, "link-duplicate", _("{id} is listed twice").format(id=pred), pred)
        kind = (match["type"] or "FS").upper()
        if kind not in LinkType.__members__:
            raise fail(
                field,
                "link-type",
                _("link type {kind} of {id} must be FS, SS, FF or SF").format(
                    kind=repr(match["type"]), id=pred
                ),
            )
        lag = ZERO
        if match["sign"]:
            lag = _duration(match["sign"] + match["lag"], field, project, negative=True)
        links.append(Link(predecessor=pred, successor=ident, type=LinkType(kind), lag=lag))
    if unknown:
        raise fail(
            field,
            "task-unknown",
            _("no task {id} in the plan").format(id=", ".join(map(repr, unknown))),
            *unknown,
        )
    return tuple(links)


def predecessors_text(ident: str, project: Project) -> str:
    parts = []
    for link in project.links:
        if link.successor != ident:
            continue
        part = link.predecessor
        if link.type is not LinkType.FS or link.lag.minutes:
            part += f" {link.type.value}"
        if link.lag.minutes:
            part += ("+" if link.lag.minutes > 0 else "") + duration_text(link.lag, project)
        parts.append(part)
    return ", ".join(parts)


# ---------------------------------------------------------------- resources


def parse_resources(
    text: str, ident: str, project: Project, field: str = "resources"
) -> tuple[Assignment, ...]:
    """`alice, press:0.5`: the resources of task `ident` with their units (1 unless written)."""
    resources = project.resource_map()
    out: list[Assignment] = []
    unknown: list[str] = []
    for item in items(text):
        name, colon, units_text = item.rpartition(":") if ":" in item else (item, "", "")
        name = name.strip()
        if name not in resources:
            unknown.append(name)
            continue
        units = parse_number(units_text, field, _("units of {name}").format(name=name)) if colon else 1.0
        if units is None:
            raise fail(
                field,
                "units-invalid",
                _("give the units of {name} after the colon, e.g. {name}:0.5").format(name=name),
            )
        if any(a.resource == name for a in out):
            raise fail(field, "assignment-duplicate", _("{id} is listed twice").format(id=name), name)
        try:
            out.append(Assignment(task=ident, resource=name, units=units))
        except ModelError as exc:
            raise InvalidInput([exc.problem.located(field)]) from exc
    if unknown:
        known = ", ".join(resources) or _("none yet (add them on the resources screen, R)")
        raise fail(
            field,
            "resource-unknown",
            _("no resource {id} in the plan; resources: {known}").format(
                id=", ".join(map(repr, unknown)), known=known
            ),
            *unknown,
        )
    return tuple(out)


def resources_text(ident: str, project: Project) -> str:
    return ", ".join(
        a.resource + ("" if a.units == 1 else f":{number_text(a.units)}")
        for a in project.assignments
        if a.task == ident
    )


# ---------------------------------------------------------------- ids, cost, estimate


def calendar_ids(project: Project) -> list[str]:
    return sorted({c.id for c in project.calendars} | {DEFAULT_CALENDAR_ID})


def window_ids(project: Project) -> list[str]:
    return [w.id for w in project.windows]


#: The message for an unknown calendar or window (`parse_choice`'s `what`).
UNKNOWN_CHOICE = {
    "calendar": N_("no calendar {text} in the plan; calendars: {listed}"),
    "window": N_("no window {text} in the plan; windows: {listed}"),
}


def parse_choice(text: str, field: str, what: str, choices: Iterable[str]) -> str | None:
    """One of the project's ids, or None when left empty."""
    text = text.strip()
    if not text:
        return None
    known = list(choices)
    if text not in known:
        listed = ", ".join(known) or _("none defined")
        raise fail(
            field,
            f"{what}-unknown",
            _(UNKNOWN_CHOICE.get(what, "no {what} {text} in the plan; {what}s: {listed}")).format(
                what=what, text=repr(text), listed=listed
            ),
            text,
        )
    return text


def parse_cost(text: str, field: str = "cost") -> float:
    value = parse_number(text, field, N_("fixed cost"))
    if value is None:
        return 0.0
    if value < 0:
        raise fail(
            field,
            "cost-negative",
            _("fixed cost {text} must not be negative").format(text=repr(text.strip())),
        )
    return value


ESTIMATE_FIELDS = ("optimistic", "likely", "pessimistic")


def parse_estimate(typed: dict[str, str], project: Project) -> Estimate | None:
    """Three durations, or none at all: a three-point estimate is all or nothing."""
    given = {name: typed.get(name, "").strip() for name in ESTIMATE_FIELDS}
    if not any(given.values()):
        return None
    for name, text in given.items():
        if not text:
            raise fail(name, "estimate-incomplete", _("give all three durations of the estimate, or none"))
    o, m, p = (_duration(given[name], name, project) for name in ESTIMATE_FIELDS)
    try:
        return Estimate(optimistic=o, likely=m, pessimistic=p)
    except ModelError as exc:
        raise InvalidInput([exc.problem.located("pessimistic")]) from exc


def estimate_texts(task: Task, project: Project) -> dict[str, str]:
    if task.estimate is None:
        return {}
    e = task.estimate
    lengths = (e.optimistic, e.likely, e.pessimistic)
    return {name: duration_text(d, project) for name, d in zip(ESTIMATE_FIELDS, lengths, strict=True)}


def when_text(when: dt.datetime) -> str:
    """An instant as the form shows it: to the minute, unless it has seconds (kept, so they survive)."""
    return when.isoformat(timespec="minutes" if not (when.second or when.microsecond) else "auto")


def constraints_text(task: Task, calendar: WorkCalendar | None = None) -> str:
    """The constraints as the form shows them; a finish bound as the day it closes, like a deadline."""
    return ", ".join(
        f"{_SHORT[c.kind]} "
        + (show_end(c.date, calendar) if c.kind is ConstraintKind.FINISH_NO_LATER_THAN else when_text(c.date))
        for c in task.constraints
    )


def locate(problems: list[Problem], ident: str) -> list[Problem]:
    """The plan check's problems about task `ident`, placed beside the form field they are about."""
    return [p.located(FIELD_OF_CODE.get(p.code)) if ident in p.ids else p for p in problems]

"""What differs between the current plan and a scenario, item by item: what `scenario show NAME` prints.

Items are matched by their identity: tasks, resources, calendars and windows by id, links by
(predecessor, successor), assignments by (task, resource). An item present on one side only is added or
removed; one present on both sides is changed when any other field differs, and the diff names each
such field with its value before and after. Values stay the model's own objects; `diff_json` writes
them locale-free (ISO dates, durations as `3d`/`21ed`), `render_diff` in the user's language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from plantrack.i18n import N_, _, ngettext
from plantrack.i18n.formats import format_moment, format_number
from plantrack.scheduling.duration import Duration, format_duration
from plantrack.scheduling.model import (
    Constraint,
    DayHours,
    Estimate,
    Period,
    Project,
    RecurringOff,
    TimeRange,
    clean_text,
)


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


class Kind(StrEnum):
    """The kinds of items a plan is made of, in the order the diff lists them."""

    TASK = "task"
    LINK = "link"
    RESOURCE = "resource"
    ASSIGNMENT = "assignment"
    CALENDAR = "calendar"
    WINDOW = "window"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one item: its value in the current plan (`before`) and in the scenario (`after`).

    For an added item `before` is None and only the fields set to other than their default are given;
    for a removed item the same holds with `after`.
    """

    field: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class ItemDiff:
    kind: Kind
    key: tuple[str, ...]  # (id,), (predecessor, successor) or (task, resource)
    change: Change
    fields: tuple[FieldChange, ...]

    @property
    def label(self) -> str:
        return " → ".join(self.key) if self.kind is Kind.LINK else " / ".join(self.key)

    def field_names(self) -> tuple[str, ...]:
        return tuple(f.field for f in self.fields)


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """Every difference, the project's own settings first, then items by kind in file order."""

    project: tuple[FieldChange, ...]
    items: tuple[ItemDiff, ...]

    @property
    def empty(self) -> bool:
        return not self.project and not self.items

    def of_kind(self, kind: Kind) -> tuple[ItemDiff, ...]:
        return tuple(i for i in self.items if i.kind is kind)

    def task_changes(self) -> dict[str, ItemDiff]:
        """Tasks added, removed or changed, by id."""
        return {i.key[0]: i for i in self.items if i.kind is Kind.TASK}


#: project settings compared (the item collections are compared item by item)
_PROJECT_FIELDS = (
    "name",
    "start",
    "finish",
    "calendar",
    "currency",
    "status_date",
    "minutes_per_day",
    "minutes_per_week",
    "language",
)

_KEYS: dict[Kind, tuple[str, tuple[str, ...]]] = {
    Kind.TASK: ("tasks", ("id",)),
    Kind.LINK: ("links", ("predecessor", "successor")),
    Kind.RESOURCE: ("resources", ("id",)),
    Kind.ASSIGNMENT: ("assignments", ("task", "resource")),
    Kind.CALENDAR: ("calendars", ("id",)),
    Kind.WINDOW: ("windows", ("id",)),
}


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def _set_fields(item: Any, key: tuple[str, ...]) -> tuple[FieldChange, ...]:
    """The fields of `item` that differ from their default (every required one), as if just added."""
    out = []
    for f in dataclasses.fields(item):
        if f.name in key:
            continue
        value = getattr(item, f.name)
        if value != _default(f):
            out.append(FieldChange(f.name, None, value))
    return tuple(out)


def _changed_fields(before: Any, after: Any, key: tuple[str, ...]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(f.name, getattr(before, f.name), getattr(after, f.name))
        for f in dataclasses.fields(before)
        if f.name not in key and getattr(before, f.name) != getattr(after, f.name)
    )


def _items_diff(kind: Kind, current: Sequence[Any], scenario: Sequence[Any]) -> list[ItemDiff]:
    _attr, key = _KEYS[kind]

    def ident(item: Any) -> tuple[str, ...]:
        return tuple(str(getattr(item, k)) for k in key)

    theirs = {ident(i): i for i in scenario}
    ours = {ident(i): i for i in current}
    out: list[ItemDiff] = []
    for k, item in ours.items():
        other = theirs.get(k)
        if other is None:
            removed = tuple(FieldChange(c.field, c.after, None) for c in _set_fields(item, key))
            out.append(ItemDiff(kind, k, Change.REMOVED, removed))
        elif other != item:
            fields = _changed_fields(item, other, key)
            if fields:
                out.append(ItemDiff(kind, k, Change.CHANGED, fields))
    out.extend(
        ItemDiff(kind, k, Change.ADDED, _set_fields(i, key)) for k, i in theirs.items() if k not in ours
    )
    return out


def plan_diff(current: Project, scenario: Project) -> PlanDiff:
    """What `scenario` changes in `current`."""
    project = tuple(
        FieldChange(name, getattr(current, name), getattr(scenario, name))
        for name in _PROJECT_FIELDS
        if getattr(current, name) != getattr(scenario, name)
    )
    items: list[ItemDiff] = []
    for kind, (attr, _key) in _KEYS.items():
        items.extend(_items_diff(kind, getattr(current, attr), getattr(scenario, attr)))
    return PlanDiff(project=project, items=tuple(items))


# ---------------------------------------------------------------- values, locale-free and shown


def plain_value(value: Any, project: Project) -> Any:
    """A JSON-able, locale-free form of a model value (ISO dates, `3d` durations, plain numbers)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Duration):
        return format_duration(
            value, minutes_per_day=project.minutes_per_day, minutes_per_week=project.minutes_per_week
        )
    if isinstance(value, TimeRange):
        return value.label()
    if isinstance(value, tuple | list):
        return [plain_value(v, project) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain_value(getattr(value, f.name), project) for f in dataclasses.fields(value)}
    return str(value)


def shown_value(value: Any, project: Project) -> str:
    """A model value as the user reads it: dates and numbers in their language, text cleaned."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, int | float):
        return format_number(value, 0 if float(value).is_integer() else 2)
    if isinstance(value, str):
        return repr(clean_text(value)) if value else "''"
    if isinstance(value, dt.datetime):
        return format_moment(value)
    if isinstance(value, Duration | TimeRange):
        return str(plain_value(value, project))
    if isinstance(value, Estimate):
        return "/".join(
            str(plain_value(d, project)) for d in (value.optimistic, value.likely, value.pessimistic)
        )
    if isinstance(value, Constraint):
        return f"{value.kind.value} {format_moment(value.date)}"
    if isinstance(value, Period):
        return f"{format_moment(value.start)} – {format_moment(value.end)}"
    if isinstance(value, RecurringOff):
        return value.rule
    if isinstance(value, DayHours):
        return str(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(shown_value(v, project) for v in value) + "]" if value else "[]"
    return str(value)


# ---------------------------------------------------------------- outputs


def diff_json(diff: PlanDiff, scenario: Project) -> dict[str, Any]:
    """The diff as JSON: English keys, locale-free values."""

    def fields(changes: Iterable[FieldChange]) -> dict[str, Any]:
        return {
            c.field: {"before": plain_value(c.before, scenario), "after": plain_value(c.after, scenario)}
            for c in changes
        }

    return {
        "project": fields(diff.project),
        "items": [
            {"kind": i.kind.value, "key": list(i.key), "change": i.change.value, "fields": fields(i.fields)}
            for i in diff.items
        ],
    }


_HEADINGS = {
    Kind.TASK: N_("Tasks"),
    Kind.LINK: N_("Links"),
    Kind.RESOURCE: N_("Resources"),
    Kind.ASSIGNMENT: N_("Assignments"),
    Kind.CALENDAR: N_("Calendars"),
    Kind.WINDOW: N_("Windows"),
}

_MARKS = {Change.ADDED: "+", Change.REMOVED: "-", Change.CHANGED: "~"}


def _change_words(item: ItemDiff, show: Callable[[Any], str]) -> str:
    if item.change is Change.CHANGED:
        return "; ".join(
            _("{field}: {before} → {after}").format(field=c.field, before=show(c.before), after=show(c.after))
            for c in item.fields
        )
    values = ", ".join(
        f"{c.field} {show(c.after if item.change is Change.ADDED else c.before)}" for c in item.fields
    )
    word = _("added") if item.change is Change.ADDED else _("removed")
    return f"{word} ({values})" if values else word


def render_diff(diff: PlanDiff, scenario: Project, name: str) -> list[str]:
    """The lines `scenario show NAME` prints: a count, the project's settings, then each kind's items."""
    name = clean_text(name)
    if diff.empty:
        return [_("Scenario {name}: no difference from the current plan").format(name=name)]
    count = len(diff.items) + len(diff.project)
    lines = [
        ngettext(
            "Scenario {name}: {count} difference from the current plan",
            "Scenario {name}: {count} differences from the current plan",
            count,
        ).format(name=name, count=count)
    ]

    def show(value: Any) -> str:
        return shown_value(value, scenario)

    if diff.project:
        lines.append(_("Project"))
        lines.extend(
            "  ~ "
            + _("{field}: {before} → {after}").format(
                field=c.field, before=show(c.before), after=show(c.after)
            )
            for c in diff.project
        )
    for kind in Kind:
        items = diff.of_kind(kind)
        if not items:
            continue
        lines.append(_(_HEADINGS[kind]))
        lines.extend(
            f"  {_MARKS[i.change]} "
            + _("{item}: {change}").format(item=clean_text(i.label), change=_change_words(i, show))
            for i in items
        )
    return lines

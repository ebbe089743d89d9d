"""What a save must change on the server: the rows of a state before and after an edit, compared.

A plan of 10,000 tasks where one task was renamed differs in one element of one tuple: the collections
are compared element by element (by identity first, the edit functions keep the untouched elements),
and only the rows of the elements that differ are made and compared, by primary key. The result is
per table: the keys to delete and the rows to write (insert or update).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from plantrack.scheduling.model import Project
from plantrack.store.state import WorkspaceState
from plantrack.store.team.rows import (
    PLAN_TABLES,
    Row,
    calendar_rows,
    project_row,
    resource_rows,
    task_row,
    window_rows,
)
from plantrack.store.team.state_rows import HISTORY_ROWS, STATE_TABLES

#: Each table's primary key, as the columns (of `PLAN_TABLES`/`STATE_TABLES`) that make it up.
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "calendars": ("project", "id"),
    "calendar_hours": ("project", "calendar", "position"),
    "calendar_days": ("project", "calendar", "weekday"),
    "calendar_day_hours": ("project", "calendar", "weekday", "position"),
    "calendar_periods": ("project", "calendar", "kind", "position"),
    "calendar_recurring_off": ("project", "calendar", "position"),
    "resources": ("project", "id"),
    "resource_absences": ("project", "resource", "position"),
    "windows": ("project", "id"),
    "window_periods": ("project", "window_id", "position"),
    "tasks": ("project", "id"),
    "task_constraints": ("project", "task", "position"),
    "links": ("project", "position"),
    "assignments": ("project", "position"),
    "baselines": ("project", "name"),
    "baseline_tasks": ("project", "baseline", "position"),
    "progress_records": ("project", "seq"),
    "gate_decisions": ("project", "seq"),
    "actions": ("project", "id"),
    "action_updates": ("project", "seq"),
    "meetings": ("project", "seq"),
    "meeting_items": ("project", "meeting", "kind", "position"),
}
#: A second unique column beside the key (an order): a row moving to another place takes a free
#: (negative) value first, so that two rows swapping places never collide midway.
ORDER_COLUMNS: dict[str, str] = {
    "calendars": "position",
    "calendar_days": "position",
    "resources": "position",
    "windows": "position",
    "tasks": "position",
    "baselines": "seq",
    "actions": "seq",
}
#: The tables a save diffs, parents first (writes in this order, deletes in the reverse one).
DIFFED_TABLES: tuple[str, ...] = tuple(name for name in (*PLAN_TABLES, *STATE_TABLES) if name in PRIMARY_KEYS)
TABLES = {**PLAN_TABLES, **STATE_TABLES}

RowsOf = Callable[[str, int, Any], dict[str, list[Row]]]


@dataclass
class TableChange:
    """One table's change: rows to delete (by key), rows to update (key existed) and to insert."""

    deleted: list[tuple[object, ...]] = field(default_factory=list)
    updated: list[Row] = field(default_factory=list)
    inserted: list[Row] = field(default_factory=list)
    #: keys of updated rows whose order column changes (they take a free value first)
    moved: list[tuple[object, ...]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.deleted or self.updated or self.inserted)


@dataclass
class StateChange:
    """Everything a save writes: per-table changes, and the parts written whole when they differ."""

    project_row: Row
    project_changed: bool
    tables: dict[str, TableChange]
    schedule: bool  # the stored plan differs: written again whole
    sections: bool
    scenarios: bool

    def __bool__(self) -> bool:
        parts = (self.project_changed, self.schedule, self.sections, self.scenarios)
        return any(parts) or any(self.tables.values())


def _task_rows(key: str, position: int, task: Any) -> dict[str, list[Row]]:
    return {
        "tasks": [task_row(key, position, task)],
        "task_constraints": [(key, task.id, j, str(c.kind), c.date) for j, c in enumerate(task.constraints)],
    }


def _link_rows(key: str, position: int, k: Any) -> dict[str, list[Row]]:
    return {"links": [(key, position, k.predecessor, k.successor, str(k.type), k.lag.minutes, k.lag.elapsed)]}


def _assignment_rows(key: str, position: int, a: Any) -> dict[str, list[Row]]:
    return {"assignments": [(key, position, a.task, a.resource, a.units)]}


def _changed_elements(
    key: str, before: Sequence[Any], after: Sequence[Any], rows_of: RowsOf, old: dict[str, list[Row]],
    new: dict[str, list[Row]],
) -> None:  # fmt: skip
    """Rows of the positions whose element differs, before (into `old`) and after (into `new`)."""
    if before is after:
        return
    n_before, n_after = len(before), len(after)
    # the positions holding another object, found in C (an edit keeps the untouched elements), then
    # those past the shorter side
    differing = itertools.compress(itertools.count(), map(operator.is_not, before, after))
    for i in itertools.chain(differing, range(min(n_before, n_after), max(n_before, n_after))):
        a = before[i] if i < n_before else None
        b = after[i] if i < n_after else None
        if a is b or (a is not None and b is not None and a == b):
            continue
        if a is not None:
            for table, rows in rows_of(key, i, a).items():
                old.setdefault(table, []).extend(rows)
        if b is not None:
            for table, rows in rows_of(key, i, b).items():
                new.setdefault(table, []).extend(rows)


def _whole(
    before: Any, after: Any, rows: Callable[[], dict[str, list[Row]]], rows_before: Callable[[], Any],
    old: dict[str, list[Row]], new: dict[str, list[Row]],
) -> None:  # fmt: skip
    """A small collection (calendars, resources, windows): all its rows on both sides if it differs."""
    if before is after or before == after:
        return
    for table, found in rows_before().items():
        old.setdefault(table, []).extend(found)
    for table, found in rows().items():
        new.setdefault(table, []).extend(found)


def _plan(
    key: str, before: Project, after: Project, old: dict[str, list[Row]], new: dict[str, list[Row]]
) -> None:
    _whole(before.calendars, after.calendars, lambda: calendar_rows(key, after.calendars),
           lambda: calendar_rows(key, before.calendars), old, new)  # fmt: skip
    _whole(before.resources, after.resources, lambda: resource_rows(key, after.resources),
           lambda: resource_rows(key, before.resources), old, new)  # fmt: skip
    _whole(before.windows, after.windows, lambda: window_rows(key, after.windows),
           lambda: window_rows(key, before.windows), old, new)  # fmt: skip
    _changed_elements(key, before.tasks, after.tasks, _task_rows, old, new)
    _changed_elements(key, before.links, after.links, _link_rows, old, new)
    _changed_elements(key, before.assignments, after.assignments, _assignment_rows, old, new)


def _table_change(name: str, old: list[Row], new: list[Row]) -> TableChange:
    columns = TABLES[name].columns
    key_at = [columns.index(c) for c in PRIMARY_KEYS[name]]
    order = ORDER_COLUMNS.get(name)
    order_at = columns.index(order) if order is not None else None
    before = {tuple(row[i] for i in key_at): row for row in old}
    after = {tuple(row[i] for i in key_at): row for row in new}
    change = TableChange(deleted=[k for k in before if k not in after])
    for k, row in after.items():
        was = before.get(k)
        if was is None:
            change.inserted.append(row)
        elif was != row:
            change.updated.append(row)
            if order_at is not None and was[order_at] != row[order_at]:
                change.moved.append(k)
    return change


def state_change(
    key: str, before: WorkspaceState, after: WorkspaceState, revision: int, *, scenarios: bool
) -> StateChange:
    """What turns the stored `before` into `after` (the project row carries the new `revision`);
    `scenarios`: whether the scenarios differ (the caller compares them, see store/team/workspace.py)."""
    old: dict[str, list[Row]] = {}
    new: dict[str, list[Row]] = {}
    same_project = before.project is after.project
    if not same_project:
        _plan(key, before.project, after.project, old, new)
    for history, rows_of in HISTORY_ROWS.items():
        _changed_elements(key, getattr(before, history), getattr(after, history), rows_of, old, new)
    tables = {
        name: _table_change(name, old.get(name, []), new.get(name, []))
        for name in DIFFED_TABLES
        if name in old or name in new  # a table no element touched has no change to compute
    }
    head_before = project_row(key, before.project, revision)
    head_after = project_row(key, after.project, revision)
    return StateChange(
        project_row=head_after,
        tables={name: change for name, change in tables.items() if change},
        schedule=before.schedule is not after.schedule and before.schedule != after.schedule,
        sections=before.sections != after.sections,
        scenarios=scenarios,
        project_changed=head_before != head_after,
    )

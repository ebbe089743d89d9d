"""How `plant load` and `plant demo` show a plant's shared load: --json records and text lines."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from plantrack.i18n import _
from plantrack.i18n.formats import format_day, format_number, format_week
from plantrack.scheduling.errors import format_quantity

if TYPE_CHECKING:
    from plantrack.commands.base import Context
    from plantrack.scheduling.plant_load import SharedLoad, SharedOverload


def load_json(load: SharedLoad) -> dict[str, Any]:
    """One shared resource's load in --json: its weeks and over-allocations."""
    return {
        "id": load.id,
        "name": load.name,
        "capacity": load.capacity,
        "projects": list(load.projects),
        "weeks": [
            {
                "week": f"{w.start.isocalendar().year}-W{w.start.isocalendar().week:02d}",
                "start": w.start,
                "load_hours": w.load_hours,
                "capacity_hours": w.capacity_hours,
                "by_project": dict(w.by_project),
                "peak_units": w.peak_units,
                "over": w.over,
            }
            for w in load.weeks
        ],
        "overallocations": [over_json(o) for o in load.overallocations],
    }


def over_json(over: SharedOverload) -> dict[str, Any]:
    """One over-allocation in --json: its span, peak, capacity, projects and tasks."""
    return {
        "start": over.start,
        "end": over.end,
        "peak_units": over.peak_units,
        "capacity_units": over.capacity_units,
        "projects": list(over.projects),
        "tasks": [{"project": p, "task": t} for p, t in over.tasks],
    }


def print_load(ctx: Context, load: SharedLoad) -> None:
    """One shared resource's busy weeks, then its over-allocations."""
    ctx.print()
    ctx.print(
        _("{id}  {name} (capacity {capacity})").format(
            id=load.id, name=load.name or load.id, capacity=format_quantity(load.capacity)
        )
    )
    busy = [w for w in load.weeks if w.load_hours]
    if not busy:
        ctx.print("  " + _("no work booked"))
        return
    for week in busy:
        shares = "; ".join(f"{name} {format_number(hours, 1)}" for name, hours in week.by_project)
        flag = "  " + _("OVER") if week.over else ""
        ctx.print(
            _("  {week} {day}  {load} / {capacity}  {shares}{flag}").format(
                week=format_week(week.start),
                day=format_day(week.start),
                load=format_number(week.load_hours, 1),
                capacity=format_number(week.capacity_hours, 1),
                shares=shares,
                flag=flag,
            )
        )
    for over in load.overallocations:
        ctx.print("  " + over_line(None, over))


def over_line(resource: str | None, over: SharedOverload) -> str:
    """`over-allocated 21/05 to 22/05: 5 booked of 2 (A: t; B: u)`, after the resource's id if given."""
    last = over.end - dt.timedelta(days=1)
    span = format_day(over.start)
    if last != over.start:
        span = _("{first} to {last}").format(first=span, last=format_day(last))
    by_project: dict[str, list[str]] = {}
    for project, task in over.tasks:
        by_project.setdefault(project, []).append(task)
    tasks = "; ".join(
        _("{project}: {task}").format(project=p, task=", ".join(t)) for p, t in by_project.items()
    )
    line = _("over-allocated {span}: {peak} booked of {capacity} ({tasks})").format(
        span=span,
        peak=format_quantity(over.peak_units),
        capacity=format_quantity(over.capacity_units),
        tasks=tasks,
    )
    return line if resource is None else f"{resource}  {line}"

"""Domain model: the frozen objects a project plan is made of (project, calendars, resources, tasks, links).

Instants are naive `datetime`s in the plant's local wall-clock time; lengths are `Duration`s in integer
minutes. Single-object invariants are checked here; cross-object checks (unknown ids, cycles) live in
`validate.py`. One module per part of a plan, every name importable from `plantrack.scheduling.model`:

- `text`: the rules of ids, names and notes, and `clean_text` (why it lives in the core: see there);
- `working_time`: calendars, periods off, recurring off time, shutdown windows;
- `resources`: resources and their assignments to tasks;
- `tasks`: tasks, estimates, date constraints and links;
- `actuals`: what happened to a task by the status date;
- `project`: the whole plan;
- `plant`: what a plant's projects share, and its projects.
"""

from __future__ import annotations

from plantrack.scheduling.model.actuals import TaskActual
from plantrack.scheduling.model.plant import Plant, PlantProject
from plantrack.scheduling.model.project import Project
from plantrack.scheduling.model.resources import Assignment, Resource, ResourceKind
from plantrack.scheduling.model.tasks import Constraint, ConstraintKind, Estimate, Link, LinkType, Task
from plantrack.scheduling.model.text import MAX_NAME_LENGTH, MAX_NOTES_LENGTH, clean_text, is_clean
from plantrack.scheduling.model.working_time import (
    ONE_ELAPSED_DAY,
    STANDARD_HOURS,
    WEEKDAY_NAMES,
    Calendar,
    Period,
    RecurringOff,
    Window,
)
from plantrack.scheduling.timerange import DayHours, TimeRange

__all__ = [
    "MAX_NAME_LENGTH",
    "MAX_NOTES_LENGTH",
    "ONE_ELAPSED_DAY",
    "STANDARD_HOURS",
    "WEEKDAY_NAMES",
    "Assignment",
    "Calendar",
    "Constraint",
    "ConstraintKind",
    "DayHours",
    "Estimate",
    "Link",
    "LinkType",
    "Period",
    "Plant",
    "PlantProject",
    "Project",
    "RecurringOff",
    "Resource",
    "ResourceKind",
    "Task",
    "TaskActual",
    "TimeRange",
    "Window",
    "clean_text",
    "is_clean",
]

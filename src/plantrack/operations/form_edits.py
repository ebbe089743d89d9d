"""Edits the forms make, as functions on a fresh workspace state; errors name the offending form field.

Each builder parses what the user typed and returns an `Edit` (state -> None) for `Session.apply`,
which runs it on the state read under the lock. A `Problem.location` is the form field to flag.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from plantrack.i18n import _
from plantrack.operations import plan_edits
from plantrack.operations import task_specs as specs
from plantrack.scheduling.calendar import WorkCalendar
from plantrack.scheduling.dates import DateError, DateReader, read_when, show_end
from plantrack.scheduling.duration import parse_duration
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem, errors_only
from plantrack.scheduling.model import (
    Constraint,
    ConstraintKind,
    Link,
    LinkType,
    Project,
    Task,
    clean_text,
)
from plantrack.store import WorkspaceState

Edit = Callable[[WorkspaceState], None]
T = TypeVar("T")


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class TaskFields:
    """A task form as typed (strings), before parsing."""

    id: str
    name: str = ""
    duration: str = ""
    milestone: bool = False
    parent: str = ""
    owner: str = ""
    deadline: str = ""
    after: str = ""  # predecessors: `a, b SS+2d, c FF-1h` (finish-to-start without lag unless written)
    resources: str = ""  # `alice, press:0.5` (1 unit unless written)
    calendar: str = ""  # its own calendar; empty: its resources' or the project's
    window: str = ""  # the shutdown window it must fit in
    cost: str = ""  # fixed cost in the project currency
    constraints: str = ""  # `snet 2027-03-15, fnlt 2027-04-30T12:00` (also mso)
    optimistic: str = ""  # three-point estimate: all three durations or none
    likely: str = ""
    pessimistic: str = ""
    notes: str = ""

    def estimate(self) -> dict[str, str]:
        return {"optimistic": self.optimistic, "likely": self.likely, "pessimistic": self.pessimistic}


def task_fields(project: Project, ident: str) -> TaskFields:
    """The edit form pre-filled with task `ident` as it is: saved untouched, it changes nothing."""
    task = project.task_map()[ident]
    calendar = DateReader(project).task_calendar(ident)
    # an effort-driven or estimated task shows no duration: it keeps its length unless one is typed
    duration = specs.duration_text(task.duration, project) if task.duration is not None else ""
    return TaskFields(
        id=task.id,
        name=task.name,
        duration="" if task.milestone else duration,
        milestone=task.milestone,
        parent=task.parent or "",
        owner=task.owner,
        # shown as the day it closes, as typed: 2027-03-10, not 2027-03-11T00:00
        deadline=show_end(task.deadline, calendar) if task.deadline else "",
        after=specs.predecessors_text(ident, project),
        resources=specs.resources_text(ident, project),
        calendar=task.calendar or "",
        window=task.window or "",
        cost=specs.number_text(task.fixed_cost) if task.fixed_cost else "",
        constraints=specs.constraints_text(task, calendar),
        notes=task.notes,
        **specs.estimate_texts(task, project),
    )


def _fail(field: str, code: str, message: str, *ids: str) -> InvalidInput:
    return specs.fail(field, code, message, *ids)


def _model(field: str, exc: ModelError) -> InvalidInput:
    return InvalidInput([exc.problem.located(field)])


def parse_date(
    text: str, field: str, *, end: bool = False, calendar: WorkCalendar | None = None
) -> dt.datetime | None:
    """A typed date, by the command line's rule (`scheduling/dates.py`): a date alone is 00:00 of that
    day, or with `end` (deadline, due date, status date) the end of its working day on `calendar`."""
    text = text.strip()
    if not text:
        return None
    try:
        return read_when(text, end=end, calendar=calendar)
    except DateError as exc:
        raise _fail(field, "date-invalid", str(exc)) from None


def parse_constraints(
    text: str, field: str = "constraints", *, calendar: WorkCalendar | None = None
) -> tuple[Constraint, ...]:
    """`snet 2027-03-15, fnlt 2027-04-30`: a finish bound given as a date alone means the end of that
    working day on `calendar`, as `plantrack task edit --fnlt` reads it."""
    out: list[Constraint] = []
    for item in specs.items(text):
        name, _space, when_text = item.partition(" ")
        kind = specs.CONSTRAINT_NAMES.get(name.lower())
        if kind is None:
            raise _fail(
                field,
                "constraint-kind",
                _("constraint {item} must start with snet, fnlt or mso").format(item=repr(item)),
            )
        end = kind is ConstraintKind.FINISH_NO_LATER_THAN
        when = parse_date(when_text, field, end=end, calendar=calendar if end else None)
        if when is None:
            raise _fail(
                field,
                "constraint-date",
                _("give the date of {name}, e.g. {name} 2027-03-15").format(name=name),
            )
        out.append(Constraint(kind=kind, date=when))
    return tuple(out)


def _length(fields: TaskFields, project: Project, base: Task | None) -> dict[str, Any]:
    """Duration, effort and estimate: an effort-driven task keeps its effort unless a duration is typed,
    and a task with an estimate may leave the duration empty (it then takes the PERT expected value)."""
    estimate = specs.parse_estimate(fields.estimate(), project)
    if fields.milestone:
        if estimate is not None:
            raise _fail(
                "optimistic", "milestone-estimate", _("a milestone takes no time: clear the estimate")
            )
        return {"duration": None, "effort": None, "estimate": None}
    typed = fields.duration.strip()
    effort = base.effort if base is not None and not typed else None
    if not typed:
        phase = base is not None and base.id in project.summary_ids()  # its children give its dates
        if effort is None and estimate is None and not phase:
            message = _("give a duration such as 3d, 4h or 5ed, or an estimate")
            raise _fail("duration", "duration-missing", message, fields.id)
        return {"duration": None, "effort": effort, "estimate": estimate}
    try:
        duration = parse_duration(
            typed, minutes_per_day=project.minutes_per_day, minutes_per_week=project.minutes_per_week
        )
    except ModelError as exc:
        raise _model("duration", exc) from exc
    return {"duration": duration, "effort": None, "estimate": estimate}


def _task_from(fields: TaskFields, project: Project, base: Task | None) -> Task:
    ident = fields.id.strip()
    tasks = project.task_map()
    parent = fields.parent.strip() or None
    if parent is not None and parent not in tasks:
        raise _fail("parent", "task-unknown", _("no phase {id} in the plan").format(id=repr(parent)), parent)
    calendar = DateReader(project).task_calendar(ident)
    values: dict[str, Any] = {
        "name": clean_text(fields.name).strip(),
        **_length(fields, project, base),
        "milestone": fields.milestone,
        "gate": fields.milestone and base is not None and base.gate,
        "parent": parent,
        "owner": clean_text(fields.owner).strip(),
        # by the end of that working day on the calendar the task's work runs on
        "deadline": base.deadline
        if base is not None
        and base.deadline is not None
        and fields.deadline == show_end(base.deadline, calendar)
        else parse_date(fields.deadline, "deadline", end=True, calendar=calendar),
        "calendar": specs.parse_choice(fields.calendar, "calendar", "calendar", specs.calendar_ids(project)),
        "window": specs.parse_choice(fields.window, "window", "window", specs.window_ids(project)),
        "fixed_cost": specs.parse_cost(fields.cost),
        # shown untouched, a date alone may read back as another instant of the same working time
        "constraints": base.constraints
        if base is not None and fields.constraints == specs.constraints_text(base, calendar)
        else parse_constraints(fields.constraints, calendar=calendar),
        "notes": clean_text(fields.notes),
    }
    try:
        return dataclasses.replace(base, **values) if base is not None else Task(id=ident, **values)
    except ModelError as exc:
        raise _model("id" if exc.problem.code.startswith("id-") else "name", exc) from exc


def _project_edit(change: Callable[[Project], Project]) -> Edit:
    """An edit applying one plan operation; its refusals are located at the form field they name."""

    def edit(state: WorkspaceState) -> None:
        try:
            state.project = change(state.project)
        except InvalidInput as exc:
            raise InvalidInput([p.located(p.field) for p in exc.problems()]) from None

    return edit


def add_task(fields: TaskFields) -> Edit:
    def change(project: Project) -> Project:
        ident = fields.id.strip()
        if ident in project.task_map():
            raise _fail("id", "id-duplicate", _("task {id} already exists").format(id=ident), ident)
        return plan_edits.add_task(
            project,
            _task_from(fields, project, None),
            links=specs.parse_predecessors(fields.after, ident, project),
            assignments=specs.parse_resources(fields.resources, ident, project),
        )

    return _project_edit(change)


def edit_task(fields: TaskFields) -> Edit:
    """Replace every field of the task, its predecessors and its resources by what the form holds."""

    def change(project: Project) -> Project:
        current = project.task_map().get(fields.id)
        if current is None:
            raise _fail(
                "id",
                "task-unknown",
                _("task {id} is no longer in the plan (removed meanwhile?)").format(id=fields.id),
                fields.id,
            )
        return plan_edits.replace_task(
            project,
            _task_from(fields, project, current),
            links=specs.parse_predecessors(fields.after, fields.id, project),
            assignments=specs.parse_resources(fields.resources, fields.id, project),
        )

    return _project_edit(change)


def delete_task(ident: str) -> Edit:
    """Remove a task with its links and assignments; a phase must be emptied first (as in the CLI)."""
    return _project_edit(lambda project: plan_edits.remove_task(project, ident))


def add_link(predecessor: str, successor: str, kind: str = "FS", lag: str = "") -> Edit:
    def change(project: Project) -> Project:
        tasks = project.task_map()
        for field, ident in (("predecessor", predecessor), ("successor", successor)):
            if ident not in tasks:
                raise _fail(
                    field, "task-unknown", _("no task {id} in the plan").format(id=repr(ident)), ident
                )
        try:
            link_type = LinkType(kind.strip().upper() or "FS")
        except ValueError:
            raise _fail(
                "type", "link-type", _("link type {kind} must be FS, SS, FF or SF").format(kind=repr(kind))
            ) from None
        try:
            delay = parse_duration(
                lag.strip() or "0m",
                minutes_per_day=project.minutes_per_day,
                minutes_per_week=project.minutes_per_week,
                allow_negative=True,
            )
        except ModelError as exc:
            raise _model("lag", exc) from exc
        link = Link(predecessor=predecessor, successor=successor, type=link_type, lag=delay)
        return plan_edits.add_link(project, link)

    return _project_edit(change)


def remove_link(predecessor: str, successor: str) -> Edit:
    return _project_edit(lambda project: plan_edits.remove_link(project, predecessor, successor))


def assign(task: str, resource: str, units: str = "1") -> Edit:
    """Assign a resource (replacing an earlier assignment of it to the same task); units 0 removes it."""

    def change(project: Project) -> Project:
        try:
            amount = float(units)
        except ValueError:
            raise _fail(
                "units",
                "units-invalid",
                _("units {units} must be a number such as 1 or 0.5").format(units=repr(units)),
            ) from None
        if amount == 0:
            return plan_edits.unassign(project, task, resource)
        return plan_edits.assign(project, task, resource, amount)

    return _project_edit(change)


def preview(state: WorkspaceState, edit: Edit) -> list[Problem]:
    """What applying `edit` to `state` would report (errors and warnings), without saving anything."""
    from plantrack.scheduling.validate import validate

    # the histories are tuples an edit replaces, never changes: the trial shares them with `state`
    trial = dataclasses.replace(state, sections={name: list(rows) for name, rows in state.sections.items()})
    try:
        edit(trial)
    except InvalidInput as exc:
        return exc.problems()
    except ModelError as exc:
        return exc.problems()
    problems = validate(trial.project)
    return errors_only(problems) or problems

"""The plant's remaining work as one project: every member's tasks under a prefixed id, shared capacities.

Each member is first brought to its status date as single-project leveling does (`current.py`:
earlier leveling delays dropped, finished work fixed, started work resumed), then its tasks, links and
assignments join one project whose ids carry the member's index (`#0/T1`), so that the single-project
problem builder, heuristic, CP model and explanations serve the plant unchanged. A resource id met in
several projects is one capacity (`shared_resources`); calendars and windows are joined by id and must
agree where two projects define the same id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from plantrack.i18n import _
from plantrack.scheduling.calendar import INTERSECTION, task_calendar_id
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.leveled import clear_leveling
from plantrack.scheduling.leveling.plant.members import PlantMember, shared_resources
from plantrack.scheduling.model import Constraint, ConstraintKind, Link, Project, Task
from plantrack.scheduling.tracking.as_of import project_as_of

#: The joint plan's name (never shown: messages name the member projects).
JOINT_NAME = "plant"


def joint_id(member: int, task_id: str) -> str:
    """The id of a member's task in the joint project."""
    return f"#{member}/{task_id}"


def split_id(ident: str) -> tuple[int, str]:
    """(member index, task id) of a joint id."""
    head, _sep, task_id = ident.partition("/")
    return int(head[1:]), task_id


@dataclass(frozen=True, slots=True)
class JointPlan:
    """The joint project, the members it was built from, and each member as the leveler sees it."""

    project: Project
    members: tuple[PlantMember, ...]
    remaining: tuple[Project, ...]  # each member at its status date, leveling delays dropped
    bases: tuple[Project, ...]  # each member with its leveling delays dropped

    def member_of(self, ident: str) -> int:
        return split_id(ident)[0]

    def names(self) -> list[str]:
        return [m.project.name for m in self.members]


def remaining_work(member: PlantMember) -> tuple[Project, Project]:
    """(the project without leveling delays, what is left of it at its status date)."""
    base = clear_leveling(member.project)
    unleveled = cpm(base, status_date=member.status_date, actuals=member.actuals)
    return base, project_as_of(base, unleveled)


def _unique_keys(members: Sequence[PlantMember]) -> None:
    seen: dict[str, int] = {}
    for member in members:
        seen[member.ident] = seen.get(member.ident, 0) + 1
    twice = sorted(k for k, n in seen.items() if n > 1)
    if twice:
        raise InvalidInput(
            [
                Problem(
                    code="plant-project-duplicate",
                    message=_("project {project} is listed {count} times in the plant").format(
                        project=key, count=seen[key]
                    ),
                    ids=(key,),
                )
                for key in twice
            ]
        )
    if not members:
        raise InvalidInput([Problem(code="plant-empty", message=_("the plant has no project to level"))])


def _joined(kind: str, projects: Sequence[Project], attribute: str) -> tuple[object, ...]:
    """Calendars or windows of every project by id; one id defined two ways is refused, naming both."""
    found: dict[str, tuple[object, str]] = {}
    problems: list[Problem] = []
    for project in projects:
        for item in getattr(project, attribute):
            first = found.get(item.id)
            if first is None:
                found[item.id] = (item, project.name)
            elif first[0] != item:
                message = (
                    _(
                        "calendar {id} is defined differently in {first} and in {second}; projects of "
                        "one plant share a calendar id only with the same definition"
                    )
                    if kind == "calendar"
                    else _(
                        "window {id} is defined differently in {first} and in {second}; projects of "
                        "one plant share a window id only with the same periods"
                    )
                )
                problems.append(
                    Problem(
                        code=f"plant-{kind}-mismatch",
                        message=message.format(id=item.id, first=first[1], second=project.name),
                        ids=(item.id, first[1], project.name),
                    )
                )
    if problems:
        raise InvalidInput(problems)
    return tuple(item for item, _name in found.values())


def _member_tasks(n: int, project: Project, joint_calendar: str, joint_start: object) -> list[Task]:
    """The member's tasks under joint ids, on the calendar they had in their own project, not before
    their project's start."""
    resources_of: dict[str, list[str]] = {}
    for a in project.assignments:
        resources_of.setdefault(a.task, []).append(a.resource)
    own_start = Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=project.start)
    tasks = []
    for task in project.tasks:
        calendar = task.calendar
        if calendar is None and project.calendar != joint_calendar:
            # the joint project's calendar is another project's: keep the one this task ran on
            effective = task_calendar_id(project, task, resources_of.get(task.id, []))
            calendar = effective if INTERSECTION not in effective else None
        constraints = task.constraints
        fixed = any(c.kind is ConstraintKind.MUST_START_ON for c in constraints)
        if project.start != joint_start and not fixed:
            constraints = (*constraints, own_start)
        tasks.append(
            replace(
                task,
                id=joint_id(n, task.id),
                parent=None if task.parent is None else joint_id(n, task.parent),
                calendar=calendar,
                constraints=constraints,
            )
        )
    return tasks


def joint_plan(members: Sequence[PlantMember]) -> JointPlan:
    """The plant's remaining work as one project; InvalidInput naming disagreeing ids and duplicates."""
    _unique_keys(members)
    pairs = [remaining_work(m) for m in members]
    remaining = [r for _b, r in pairs]
    resources = shared_resources([replace(m, project=r) for m, r in zip(members, remaining, strict=True)])
    calendars = _joined("calendar", remaining, "calendars")
    windows = _joined("window", remaining, "windows")
    first = remaining[0]
    start = min(p.start for p in remaining)
    tasks: list[Task] = []
    links: list[Link] = []
    assignments = []
    for n, project in enumerate(remaining):
        tasks += _member_tasks(n, project, first.calendar, start)
        links += [
            replace(k, predecessor=joint_id(n, k.predecessor), successor=joint_id(n, k.successor))
            for k in project.links
        ]
        assignments += [replace(a, task=joint_id(n, a.task)) for a in project.assignments]
    joint = Project(
        name=JOINT_NAME,
        start=start,
        calendar=first.calendar,
        minutes_per_day=first.minutes_per_day,
        minutes_per_week=first.minutes_per_week,
        calendars=calendars,  # type: ignore[arg-type]
        resources=tuple(resources.values()),
        tasks=tuple(tasks),
        links=tuple(links),
        assignments=tuple(assignments),
        windows=windows,  # type: ignore[arg-type]
    )
    return JointPlan(
        project=joint,
        members=tuple(members),
        remaining=tuple(remaining),
        bases=tuple(b for b, _r in pairs),
    )

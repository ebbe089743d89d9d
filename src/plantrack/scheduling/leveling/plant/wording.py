"""What plant leveling tells users: the certificate, and why each task moved, naming the other project."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from plantrack.i18n import _, ngettext
from plantrack.i18n.formats import format_moment
from plantrack.scheduling.errors import format_fixed, format_quantity
from plantrack.scheduling.leveling.plant.joint import joint_id, split_id
from plantrack.scheduling.leveling.plant.level_plant import PlantLevelingResult
from plantrack.scheduling.leveling.reasons import limit_text
from plantrack.scheduling.leveling.result import LeveledTask, Objective, Reason, Status
from plantrack.scheduling.model import clean_text


@dataclass(frozen=True, slots=True)
class Booking:
    """One project's hold on the resource a task waited for: its tasks there and the span they cover."""

    project: str
    tasks: tuple[str, ...]
    start: dt.datetime
    finish: dt.datetime


def bookings(result: PlantLevelingResult, project: int, task_id: str) -> tuple[str, list[Booking]] | None:
    """(the resource a task waited for, who held it during the wait, by project); None if it did not."""
    tasks = result.joint.tasks
    task = tasks.get(joint_id(project, task_id))
    if task is None or task.delayed_by is None or task.delay_minutes <= 0:
        return None
    by_project: dict[int, list[LeveledTask]] = {}
    for held in task.held_by:
        if held in tasks:
            by_project.setdefault(split_id(held)[0], []).append(tasks[held])
    out = [
        Booking(
            project=result.project_names[n],
            tasks=tuple(split_id(t.id)[1] for t in held),
            start=min(t.start for t in held),
            finish=max(t.finish for t in held),
        )
        for n, held in sorted(by_project.items(), key=lambda kv: min(t.start for t in kv[1]))
    ]
    return task.delayed_by, out


def wait_text(result: PlantLevelingResult, project: int, task_id: str) -> str | None:
    """`T4 of Line 3 waits for Maintenance electricians: busy on Press 4 retrofit from … to …`."""
    found = bookings(result, project, task_id)
    if found is None:
        return None
    resource, held = found
    who = _("{task} of {project}").format(
        task=clean_text(task_id), project=clean_text(result.project_names[project])
    )
    what = clean_text(result.resource_names.get(resource, resource))
    if not held:
        return _("{task} waits for {resource}").format(task=who, resource=what)
    spans = [
        _("busy on {project} ({tasks}) from {start} to {finish}").format(
            project=clean_text(b.project),
            tasks=", ".join(clean_text(t) for t in b.tasks),
            start=format_moment(b.start),
            finish=format_moment(b.finish),
        )
        for b in held
    ]
    return _("{task} waits for {resource}: {spans}").format(task=who, resource=what, spans="; ".join(spans))


def moved_texts(result: PlantLevelingResult) -> list[str]:
    """One sentence per task the shared capacities delayed, project by project."""
    lines: list[str] = []
    for n, project in enumerate(result.projects):
        for tid in project.tasks:
            text = wait_text(result, n, tid)
            if text is not None:
                lines.append(text)
    return lines


def _hours(value: float) -> str:
    return format_quantity(round(value, 2))


def certificate_text(result: PlantLevelingResult) -> str:
    """How good the plant's plan is known to be: objective, proven lower bound, gap."""
    if result.status is Status.UNKNOWN:
        return _("No plant plan found within {limit}").format(limit=limit_text(result.time_limit))
    if result.objective_kind is Objective.FINISH:
        figures = _("priority-weighted finish {objective} h, lower bound {bound} h, gap {percent} %").format(
            objective=_hours(result.objective),
            bound=_hours(result.bound),
            percent=format_fixed(100 * result.gap, 2),
        )
    else:
        figures = _(
            "priority-weighted lateness {objective} h, lower bound {bound} h, gap {percent} %"
        ).format(
            objective=_hours(result.objective),
            bound=_hours(result.bound),
            percent=format_fixed(100 * result.gap, 2),
        )
    if result.status is Status.OPTIMAL:
        quality = _("optimal (proven)")
    elif result.reason is Reason.CP_NO_PLAN:
        quality = _("the priority plan: CP-SAT found no better one within {limit}").format(
            limit=limit_text(result.time_limit)
        )
    else:
        quality = _("best plan found within {limit}").format(limit=limit_text(result.time_limit))
    count = len(result.projects)
    projects = ngettext("{n} project", "{n} projects", count).format(n=count)
    return _("Plant leveled ({projects}): {quality}; {figures}; {seconds} s").format(
        projects=projects, quality=quality, figures=figures, seconds=format_fixed(result.time_s, 1)
    )

"""The leveled plan kept in the plan itself: each task's leveling delay, derived from leveled starts.

Leveling answers with start dates. Stored as start-no-earlier-than constraints they would become
dates the user never typed, and a later reschedule could not tell them from real ones. Stored as each
task's *leveling delay* (MS Project's field of that name) they stay part of the plan: `cpm` starts a
delayed task that much working time after the date its links and constraints allow, so every output
computed from the plan — the schedule, a baseline, variance, the review, the HTML report — shows the
leveled plan until the user levels again or clears it.

A delay counts from the date the links and constraints allow *before* the status date, so a plan
kept across later status dates keeps its leveled starts (the leveled order) instead of adding the
delay to each new status date; if a predecessor slips, its delayed successors slip with it. The
remaining work of a started task counts its delay from the task's actual start.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from plantrack.scheduling.cpm import Schedule, solve
from plantrack.scheduling.cpm.build import build_network
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Project, TaskActual


def clear_leveling(project: Project) -> Project:
    """The project without any leveling delay (the unleveled plan)."""
    if not any(t.leveling_delay is not None for t in project.tasks):
        return project
    return dataclasses.replace(
        project,
        tasks=tuple(
            t if t.leveling_delay is None else dataclasses.replace(t, leveling_delay=None)
            for t in project.tasks
        ),
    )


def is_leveled(project: Project) -> bool:
    return any(t.leveling_delay is not None and t.leveling_delay.minutes > 0 for t in project.tasks)


def with_leveling(
    project: Project,
    starts: Mapping[str, dt.datetime],
    *,
    status_date: dt.datetime | None = None,
    actuals: Mapping[str, TaskActual] | None = None,
) -> tuple[Project, Schedule]:
    """The project whose leveling delays make `cpm` start each task at `starts`, and that schedule.

    Earlier delays are replaced. A start earlier than the links allow gives no delay (the links win);
    finished tasks and tasks with a must-start-on date take none. The schedule returned is the one
    `cpm(result, status_date=…, actuals=…)` computes, so callers need not schedule again.
    """
    base = clear_leveling(project)
    net = build_network(base, status_date=status_date, actuals=actuals, targets=starts)
    schedule = solve(net)
    delays = {net.name[v]: Duration(minutes=m, elapsed=e) for v, (m, e) in net.delay.items()}
    if not delays:
        return base, schedule
    tasks = tuple(
        dataclasses.replace(t, leveling_delay=delays[t.id]) if t.id in delays else t for t in base.tasks
    )
    return dataclasses.replace(base, tasks=tasks), schedule

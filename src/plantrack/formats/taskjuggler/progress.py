"""TaskJuggler's reading of `now`: work planned before it counts as done as planned, unless the file says.

TaskJuggler takes a task without `complete` to be on schedule: at `now` it has done the share of its
planned working time that lies before `now`. plantrack reschedules from the status date only what the
progress records leave open, so the records spell that assumption out: planned dates as actual dates,
and the remaining working time.
"""

from __future__ import annotations

import dataclasses

from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.errors import errors_only
from plantrack.scheduling.model import Project
from plantrack.scheduling.tracking.records import ProgressRecord
from plantrack.scheduling.tracking.worktime import CalendarWorkTime
from plantrack.scheduling.validate import validate


def progress_at_now(project: Project, complete: dict[str, float]) -> list[ProgressRecord]:
    """Records at the project's status date for each leaf task planned to start before it, and for each
    task whose completion the file gives (`complete`: task id -> percent)."""
    now = project.status_date
    # a plan with errors (a cycle, effort nobody does) has no schedule; the import reports the errors
    if now is None or errors_only(validate(project)):
        return []
    plan = cpm(dataclasses.replace(project, status_date=None))
    work = CalendarWorkTime(project)
    summaries = project.summary_ids()
    records: list[ProgressRecord] = []
    for task in project.tasks:
        if task.id in summaries:
            continue
        given = complete.get(task.id)
        scheduled = plan.task(task.id)
        start, finish = scheduled.early_start_at, scheduled.early_finish_at
        if start >= now and not (task.milestone and start == now):
            if given:  # reported progress on work not planned to have begun: kept as reported
                records.append(ProgressRecord(task=task.id, status_date=now, percent_complete=given))
            continue
        if (given is None and finish <= now) or given == 100:
            records.append(
                ProgressRecord(
                    task=task.id,
                    status_date=now,
                    actual_start=start,
                    actual_finish=min(finish, now),
                    percent_complete=100.0,
                )
            )
            continue
        total = work.minutes(task.id, start, finish)
        if given is None:
            done = work.minutes(task.id, start, now)
            given = round(100 * done / total, 1) if total else 0.0
            remaining = total - done
        else:
            remaining = round(total * (100 - given) / 100)
        records.append(
            ProgressRecord(
                task=task.id,
                status_date=now,
                actual_start=start,
                percent_complete=given,
                remaining_minutes=max(0, remaining),
            )
        )
    return records

"""TaskJuggler `.tjp` import: the plan (tasks, links, resources, calendar) and its completion figures.

`read_tjp(path)` and `load_tjp(path)` raise only InvalidInput (TjpError, a subclass, names file:line).
"""

from __future__ import annotations

from pathlib import Path

from plantrack.formats.interchange import ImportedPlan, Report
from plantrack.formats.taskjuggler.build import CALENDAR_ID, Builder, resources, skipped_warnings, tasks
from plantrack.formats.taskjuggler.lexer import TjpError
from plantrack.formats.taskjuggler.parse import parse_tjp
from plantrack.formats.taskjuggler.progress import progress_at_now
from plantrack.i18n import _
from plantrack.scheduling.errors import ModelError, Problem, Severity
from plantrack.scheduling.model import Project


def read_tjp(path: Path) -> ImportedPlan:
    """Read a TaskJuggler project (and the `.tji` files it includes from its folder)."""
    tjp = parse_tjp(path)
    report = Report(path.name)
    builder = Builder(tjp, report)
    header = tjp.header
    calendar = builder.calendar(CALENDAR_ID, _("TaskJuggler working hours"), tjp.hours, tjp.leaves)
    people, own_calendars, members = resources(builder, tjp)
    task_list, links, assignments, complete = tasks(builder, tjp, members)
    skipped_warnings(report, tjp.skipped)
    try:
        project = Project(
            name=report.name(header.name, "project", "project") or path.stem,
            start=builder.when(header.start, header.where),
            calendar=CALENDAR_ID,
            currency=(header.currency or "EUR")[:12],
            status_date=builder.when(header.now, header.where) if header.now else None,
            minutes_per_day=round(builder.day),
            minutes_per_week=round(builder.day * header.weekly_days),
            calendars=(calendar, *own_calendars),
            resources=tuple(people),
            tasks=tuple(task_list),
            links=tuple(links),
            assignments=tuple(assignments),
        )
    except ModelError as exc:
        raise TjpError(exc.code(), str(exc), header.where) from None
    warnings = report.finish()
    if project.status_date is None and complete:
        warnings.append(
            Problem(
                code="tjp-complete-without-now",
                message=_("`complete` is not imported: the project gives no `now` to date it"),
                severity=Severity.WARNING,
                location=path.name,
            )
        )
    return ImportedPlan(project=project, warnings=warnings, progress=progress_at_now(project, complete))


def load_tjp(path: Path) -> tuple[Project, list[Problem]]:
    plan = read_tjp(path)
    return plan.project, plan.warnings

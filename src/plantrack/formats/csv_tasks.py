"""CSV export of the task list for spreadsheets: UTF-8 with BOM, comma or semicolon/decimal-comma,
formula-looking text neutralised (OWASP: a leading apostrophe), numbers written as plain numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping

from plantrack.scheduling.cpm import Schedule
from plantrack.scheduling.duration import format_duration
from plantrack.scheduling.model import Link, LinkType, Project
from plantrack.scheduling.tracking.progress import TaskProgress
from plantrack.scheduling.tracking.records import Baseline

COLUMNS = (
    "id",
    "name",
    "phase",
    "duration",
    "predecessors",
    "resources",
    "start",
    "finish",
    "% done",
    "baseline start",
    "baseline finish",
    "finish variance (days)",
)
#: Characters that make a spreadsheet read a cell as a formula (OWASP ASVS V1.2.10, CWE-1236).
FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def neutralise(text: str) -> str:
    """`=1+1` -> `'=1+1`: a text cell that a spreadsheet would run as a formula is made plain text."""
    stripped = text.lstrip(" ")
    return "'" + text if stripped and stripped[0] in FORMULA_START else text


def predecessors(links: list[Link]) -> str:
    """`3FS+2d;5SS` (an FS link without lag is just the id)."""
    parts = []
    for link in links:
        kind = "" if link.type is LinkType.FS and not link.lag.minutes else link.type.value
        lag = format_duration(link.lag) if link.lag.minutes else ""
        parts.append(f"{link.predecessor}{kind}{'+' if link.lag.minutes > 0 else ''}{lag}")
    return ";".join(parts)


def _number(value: float, decimal_comma: bool) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if decimal_comma else text


def _date(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def dumps_tasks_csv(
    project: Project,
    *,
    schedule: Schedule | None = None,
    baseline: Baseline | None = None,
    progress: Mapping[str, TaskProgress] | None = None,
    semicolon: bool = False,
) -> str:
    """The task list as CSV text (write it with encoding `utf-8-sig` so spreadsheets see the BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if semicolon else ",", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    tasks = project.task_map()
    links_into: dict[str, list[Link]] = {}
    for link in project.links:
        links_into.setdefault(link.successor, []).append(link)
    team: dict[str, list[str]] = {}
    names = {r.id: r.name or r.id for r in project.resources}
    for a in project.assignments:
        team.setdefault(a.task, []).append(f"{names.get(a.resource, a.resource)}[{a.units:g}]")
    planned = {t.id: t for t in schedule.tasks} if schedule else {}
    saved = baseline.task_map() if baseline else {}
    for task in project.tasks:
        parent = tasks.get(task.parent or "")
        duration = task.planned_duration()
        sched = planned.get(task.id)
        base = saved.get(task.id)
        finish = sched.early_finish_at if sched else None
        variance = ""
        if finish and base:
            variance = _number((finish - base.finish) / dt.timedelta(days=1), semicolon)
        state = (progress or {}).get(task.id)
        writer.writerow(
            [
                neutralise(task.id),
                neutralise(task.name),
                neutralise(parent.name or parent.id) if parent else "",
                format_duration(duration, minutes_per_day=project.minutes_per_day) if duration else "",
                predecessors(links_into.get(task.id, [])),
                neutralise(", ".join(team.get(task.id, []))),
                _date(sched.early_start_at if sched else None),
                _date(finish),
                _number(state.percent or 0, semicolon) if state else "0",
                _date(base.start if base else None),
                _date(base.finish if base else None),
                variance,
            ]
        )
    return out.getvalue()

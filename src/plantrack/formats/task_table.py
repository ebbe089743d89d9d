"""A spreadsheet task list (CSV or XLSX rows) turned into a plan: tasks, phases, links, resources, progress.

Both readers hand over the same `Table`: each row's cells as text with its line (row) number, plus the
first-row marker plantrack's exporters write. Every problem names `file:line`; all are reported at once
and nothing is built when one is an error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from plantrack.formats.interchange import ImportedPlan, make_baseline, safe_id
from plantrack.formats.task_cells import CellReader, Table, links_of, resources_of
from plantrack.i18n import Nn_, _, ngettext
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import (
    Assignment,
    Constraint,
    ConstraintKind,
    Link,
    Project,
    Resource,
    Task,
)
from plantrack.scheduling.tracking.records import Baseline, BaselineTask, ProgressRecord


def build_plan(table: Table) -> ImportedPlan:
    """The plan the rows describe; InvalidInput listing every problem with its `file:line`."""
    b = CellReader(table)
    rows: list[tuple[int, str, dict[str, str]]] = []
    lines_of: dict[str, list[int]] = {}
    for line, cells in table.rows:
        if not any(v.strip() for v in cells.values()):
            continue
        ident = b.text(cells, "id") or str(len(rows) + 1)
        lines_of.setdefault(ident, []).append(line)
        rows.append((line, ident, cells))
    for ident, lines in lines_of.items():
        if len(lines) > 1:
            where = ", ".join(_("line {line}").format(line=n) for n in lines)
            b.error(
                lines[1],
                "id-duplicate",
                _("task id {id} is used on {lines}").format(id=f"{ident!r:.60}", lines=where),
                (ident,),
            )
    if not rows:
        raise InvalidInput(
            [Problem(code="project-empty", message=_("the file has no task rows"), location=table.source)]
        )
    names: dict[str, list[str]] = {}
    for _line, ident, cells in rows:
        names.setdefault(b.text(cells, "name") or ident, []).append(ident)
    phases = _phases(b, rows, names)
    parents = set(phases.values())
    resources: dict[str, Resource] = {}
    tasks: list[Task] = []
    links: list[Link] = []
    assignments: list[Assignment] = []
    starts: dict[str, dt.datetime] = {}
    progress: list[tuple[int, str, float, dict[str, str]]] = []
    base_rows: list[tuple[int, str, dict[str, str]]] = []
    for line, ident, cells in rows:
        name = b.report.name(b.text(cells, "name"), "task", ident) or ident
        raw = b.text(cells, "duration")
        duration = b.duration(line, raw, _("task {task} duration").format(task=ident)) if raw else None
        if duration is None and not raw and ident not in parents:
            b.error(
                line,
                "duration-missing",
                _("task {task} has no duration; write e.g. 3d, or 0d for a milestone").format(task=ident),
                (ident,),
            )
        flagged = b.flag(line, b.text(cells, "milestone"), _("task {task} milestone").format(task=ident))
        milestone = ident not in parents and (flagged or (duration is not None and duration.minutes == 0))
        try:
            task = Task(
                id=ident,
                name=name,
                duration=None if milestone or ident in parents else duration,
                milestone=milestone,
                parent=phases.get(ident),
            )
        except ModelError as exc:
            b.error(line, exc.code(), exc.problem.message, (ident,))
            continue
        tasks.append(task)
        links.extend(links_of(b, line, ident, b.text(cells, "predecessors"), lines_of))
        for rname, units in resources_of(b, line, b.text(cells, "resources")):
            rid = safe_id(rname, f"r{len(resources) + 1}")
            resource = resources.setdefault(rname, Resource(id=_unique(rid, resources), name=rname))
            if units > resource.capacity:
                # a task list has no capacity column: the most units a task uses is the least it can be
                resource = resources[rname] = dataclasses.replace(resource, capacity=units)
            if ident in parents:
                b.report.count(
                    "assignment-on-summary",
                    Nn_("{n} resource on phases not imported", "{n} resources on phases not imported"),
                )
            else:
                assignments.append(Assignment(task=ident, resource=resource.id, units=units))
        start = b.date(line, b.text(cells, "start"), _("task {task} start").format(task=ident))
        if start:
            starts[ident] = start
        b.date(line, b.text(cells, "finish"), _("task {task} finish").format(task=ident))
        percent = b.number(
            line, b.text(cells, "percent"), _("task {task} {percent} done").format(task=ident, percent="%")
        )
        if percent is not None and not 0 <= percent <= 100:
            b.error(
                line,
                "actuals-invalid",
                _("task {task}: {percent} done {value} is not within 0-100").format(
                    task=ident, percent="%", value=f"{percent:g}"
                ),
                (ident,),
            )
        elif percent and ident not in parents:  # a phase's % is rolled up from its tasks, not reported
            progress.append((line, ident, percent, cells))
        if b.text(cells, "baseline start") or b.text(cells, "baseline finish"):
            base_rows.append((line, ident, cells))
    if b.errors:
        raise InvalidInput([*b.errors, *b.report.problems])
    project = _project(b, table, tasks, links, resources, assignments, starts)
    plan = ImportedPlan(project=project, warnings=[])
    plan.progress = _progress(b, table, progress, starts)
    baseline = _baseline(b, table, project, base_rows)
    if baseline is not None:
        plan.baselines.append(baseline)
    if b.errors:
        raise InvalidInput([*b.errors, *b.report.problems])
    plan.warnings = b.report.finish()
    return plan


def _unique(rid: str, taken: dict[str, Resource]) -> str:
    used = {r.id for r in taken.values()}
    candidate, n = rid, 2
    while candidate in used:
        candidate, n = f"{rid}-{n}", n + 1
    return candidate


def _phases(
    b: CellReader, rows: list[tuple[int, str, dict[str, str]]], names: dict[str, list[str]]
) -> dict[str, str]:
    """Task id -> parent id; the phase cell names a task by id, else by its (unique) name."""
    ids = {ident for _l, ident, _c in rows}
    parent_of: dict[str, str] = {}
    outline = _outline(b, rows)
    for line, ident, cells in rows:
        phase = b.text(cells, "phase")
        if not phase:
            if ident in outline:
                parent_of[ident] = outline[ident]
            continue
        if phase in ids:
            parent_of[ident] = phase
        elif len(names.get(phase, [])) == 1:
            parent_of[ident] = names[phase][0]
        elif phase in names:
            listed = ", ".join(names[phase])
            b.error(
                line,
                "phase-ambiguous",
                _("task {task}: phase {phase} names tasks {listed}; use an id").format(
                    task=ident, phase=f"{phase!r:.60}", listed=listed
                ),
                (ident,),
            )
        else:
            b.error(
                line,
                "parent-unknown",
                _("task {task}: phase {phase} is no task of the file").format(
                    task=ident, phase=f"{phase!r:.60}"
                ),
                (ident,),
            )
    return parent_of


def _outline(b: CellReader, rows: list[tuple[int, str, dict[str, str]]]) -> dict[str, str]:
    """Task id -> parent id from MS Project's outline level column (`Niveau hiérarchique`): a row's
    parent is the nearest row above it one level up."""
    parent_of: dict[str, str] = {}
    open_rows: list[str] = []  # open_rows[k]: the latest row at level k + 1
    for line, ident, cells in rows:
        text = b.text(cells, "level")
        if not text:
            continue
        if not text.isdigit() or not 1 <= int(text) <= len(open_rows) + 1:
            b.error(
                line,
                "level-invalid",
                _("task {ident}: outline level {text} must be a whole number from 1 to {top}").format(
                    ident=ident, text=repr(text[:60]), top=len(open_rows) + 1
                ),
                (ident,),
            )
            continue
        level = int(text)
        del open_rows[level - 1 :]
        if open_rows:
            parent_of[ident] = open_rows[-1]
        open_rows.append(ident)
    return parent_of


def _project(
    b: CellReader,
    table: Table,
    tasks: list[Task],
    links: list[Link],
    resources: dict[str, Resource],
    assignments: list[Assignment],
    starts: dict[str, dt.datetime],
) -> Project:
    start = b.date(1, table.meta.get("start", ""), _("project start"))
    if start is None:
        start = min(starts.values(), default=None)
    if start is None:
        raise InvalidInput(
            [
                Problem(
                    code="project-start-missing",
                    message=_("no start date: fill the start column of the first task"),
                    location=table.source,
                )
            ]
        )
    # a task nothing drives (no predecessor, neither itself nor its phases) that starts later than the
    # project was placed there by hand: keep that date as a start-no-earlier-than constraint
    driven = {lk.successor for lk in links}
    parent = {t.id: t.parent for t in tasks}

    def free(ident: str | None) -> bool:
        seen = 0
        while ident is not None and seen < len(tasks):
            if ident in driven:
                return False
            ident, seen = parent.get(ident), seen + 1
        return True

    parents = set(parent.values())
    fixed = []
    for task in tasks:
        when = starts.get(task.id)
        if when and when > start and task.id not in parents and free(task.id):
            task = _with_constraint(task, when)
        fixed.append(task)
    name = (
        b.report.name(table.meta.get("project"), "project", "project")
        or table.source.rsplit(".", 1)[0]
        or "project"
    )
    return Project(
        name=name,
        start=start,
        minutes_per_day=b.minutes_per_day,
        minutes_per_week=b.minutes_per_week,
        resources=tuple(resources.values()),
        tasks=tuple(fixed),
        links=tuple(links),
        assignments=tuple(assignments),
    )


def _with_constraint(task: Task, when: dt.datetime) -> Task:
    snet = Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=when)
    return dataclasses.replace(task, constraints=(snet,))


def _progress(
    b: CellReader,
    table: Table,
    rows: list[tuple[int, str, float, dict[str, str]]],
    starts: dict[str, dt.datetime],
) -> list[ProgressRecord]:
    if not rows:
        return []
    status = b.date(1, table.meta.get("status-date", ""), _("status date"))
    if status is None:
        b.report.warn(
            "progress-no-status-date",
            ngettext(
                "{percent} done of {count} task not imported: the file gives no status date "
                "(add a cell status-date=YYYY-MM-DD after the first cell of the marker row)",
                "{percent} done of {count} tasks not imported: the file gives no status date "
                "(add a cell status-date=YYYY-MM-DD after the first cell of the marker row)",
                len(rows),
            ).format(percent="%", count=len(rows)),
        )
        return []
    records = []
    for line, ident, percent, cells in rows:
        finish = (
            b.date(line, b.text(cells, "finish"), _("task {task} finish").format(task=ident))
            if percent >= 100
            else None
        )
        try:
            records.append(
                ProgressRecord(
                    task=ident,
                    status_date=status,
                    actual_start=starts.get(ident),
                    actual_finish=finish,
                    percent_complete=percent,
                )
            )
        except ModelError as exc:
            b.error(line, exc.code(), exc.problem.message, (ident,))
    return records


def _baseline(
    b: CellReader, table: Table, project: Project, rows: list[tuple[int, str, dict[str, str]]]
) -> Baseline | None:
    if not rows:
        return None
    tasks = project.task_map()
    parents = {t.parent for t in project.tasks}
    units: dict[str, float] = {}
    for a in project.assignments:
        units[a.task] = units.get(a.task, 0.0) + a.units
    entries = []
    for line, ident, cells in rows:
        start = b.date(
            line, b.text(cells, "baseline start"), _("task {task} baseline start").format(task=ident)
        )
        finish = b.date(
            line, b.text(cells, "baseline finish"), _("task {task} baseline finish").format(task=ident)
        )
        if start is None or finish is None or finish < start:
            if start and finish:
                b.error(
                    line,
                    "baseline-invalid",
                    _("task {task}: baseline finish is before its start").format(task=ident),
                    (ident,),
                )
            elif not (b.text(cells, "baseline start") and b.text(cells, "baseline finish")):
                b.error(
                    line,
                    "baseline-invalid",
                    _("task {task}: give both baseline start and finish").format(task=ident),
                    (ident,),
                )
            continue
        task = tasks[ident]
        minutes = (task.planned_duration() or Duration(minutes=0)).minutes
        entries.append(
            BaselineTask(
                id=ident,
                name=task.name,
                start=start,
                finish=finish,
                duration_minutes=minutes,
                work_minutes=round(minutes * units.get(ident, 0.0)),
                cost=0.0,
                milestone=task.milestone,
                summary=ident in parents,
            )
        )
    name = safe_id(table.meta.get("baseline", ""), "imported")
    b.report.warn(
        "baseline-no-cost",
        _("baseline {name}: a task list carries no costs; its budget is 0").format(name=name),
    )
    return make_baseline(name, project.start, entries, note=_("from {file}").format(file=table.source))

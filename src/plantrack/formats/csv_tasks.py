"""CSV task list for spreadsheets, written and read: UTF-8 with BOM, comma or semicolon/decimal-comma,
formula-looking text neutralised (OWASP: a leading apostrophe), numbers written as plain numbers.

The first row is a marker (`#plantrack task list 1`, project name, start, day length, status date,
baseline): it tells the reader that the apostrophes are plantrack's own, so only those are removed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path

from plantrack.formats.csv_errors import csv_reason
from plantrack.formats.interchange import ImportedPlan
from plantrack.formats.task_cells import MARKER, Table, header_columns, parse_marker
from plantrack.formats.task_table import build_plan
from plantrack.i18n import N_, _, language
from plantrack.scheduling.cpm import Schedule
from plantrack.scheduling.duration import Duration, format_duration
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Link, LinkType, Project
from plantrack.scheduling.tracking.progress import TaskProgress, percent_complete
from plantrack.scheduling.tracking.records import Baseline
from plantrack.scheduling.tracking.worktime import CalendarWorkTime

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
    "finish variance (task days)",
)
#: The header as shown in the current language; the French names are those the reader's aliases know
#: (MS Project's French column names), so a French export reads back like an English one
COLUMN_LABELS: dict[str, str] = {
    "id": N_("id"),
    "name": N_("name"),
    "phase": N_("phase"),
    "duration": N_("duration"),
    "predecessors": N_("predecessors"),
    "resources": N_("resources"),
    "start": N_("start"),
    "finish": N_("finish"),
    "% done": N_("{percent} done"),  # `%` kept out of the msgid: gettext tools read `% d` as a placeholder
    "baseline start": N_("baseline start"),
    "baseline finish": N_("baseline finish"),
    "finish variance (task days)": N_("finish variance (task days)"),
}


def header_row() -> list[str]:
    """`COLUMNS` in the current language (English: exactly `COLUMNS`)."""
    return [_(COLUMN_LABELS[c]).format(percent="%") for c in COLUMNS]


#: Characters that make a spreadsheet read a cell as a formula (OWASP ASVS V1.2.10, CWE-1236).
FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


#: A task-list cell before it is written: text, a number or a date; None for an empty cell.
Cell = str | float | dt.datetime | None

#: Largest CSV file read (a 100k-task list is about 15 MB).
MAX_CSV_BYTES = 50 * 1024 * 1024


def neutralise(text: str) -> str:
    """`=1+1` -> `'=1+1`: a text cell that a spreadsheet would run as a formula is made plain text.

    Text that already starts with an apostrophe gets one more, so the reader can remove exactly one
    from every cell starting with `'` and give back the original text.
    """
    stripped = text.lstrip(" ")
    dangerous = stripped and (stripped[0] in FORMULA_START or text[0] == "'")
    return "'" + text if dangerous else text


def marker_row(
    project: Project, *, status_date: dt.datetime | None = None, baseline: Baseline | None = None
) -> list[str]:
    """The first row: the marker cell then `key=value` cells (all start with a letter: never a formula)."""
    row = [MARKER, f"project={project.name}", f"start={_date(project.start)}"]
    row += [f"minutes-per-day={project.minutes_per_day}", f"minutes-per-week={project.minutes_per_week}"]
    if status_date:
        row.append(f"status-date={_date(status_date)}")
    if baseline:
        row.append(f"baseline={baseline.name}")
    return row


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
    """The task list as CSV text (write it with encoding `utf-8-sig` so spreadsheets see the BOM).

    In French the dialect is always French Excel's: `;` separators and decimal commas.
    """
    semicolon = semicolon or language() == "fr"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if semicolon else ",", lineterminator="\r\n")
    writer.writerow(
        marker_row(project, status_date=schedule.status_date if schedule else None, baseline=baseline)
    )
    writer.writerow(header_row())
    for row in task_rows(project, schedule=schedule, baseline=baseline, progress=progress):
        writer.writerow([_cell(v, semicolon) for v in row])
    return out.getvalue()


def _cell(value: Cell, decimal_comma: bool) -> str:
    if isinstance(value, float):
        return _number(value, decimal_comma)
    if isinstance(value, dt.datetime):
        return _date(value)
    return neutralise(value) if value else ""


def task_rows(
    project: Project,
    *,
    schedule: Schedule | None = None,
    baseline: Baseline | None = None,
    progress: Mapping[str, TaskProgress] | None = None,
) -> list[list[Cell]]:
    """One row per task in `COLUMNS` order: text as is (each writer neutralises it), numbers, dates."""
    rows: list[list[Cell]] = []
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
    day, week = project.minutes_per_day, project.minutes_per_week
    worktime = CalendarWorkTime(project)
    done = rolled_up_percent(
        project, progress or {}, worktime, schedule.status_date if schedule else None, baseline
    )
    for task in project.tasks:
        parent = tasks.get(task.parent or "")
        duration = task.planned_duration() or _effort_duration(project, task.id, task.effort)
        sched = planned.get(task.id)
        base = saved.get(task.id)
        finish = sched.early_finish_at if sched else None
        variance: float | None = None
        if finish and base:
            # as the variance report counts slips: in days of the calendar the task works on
            slip = worktime.minutes(task.id, base.finish, finish)
            variance = round(slip / worktime.day_minutes(task.id), 2)
        rows.append(
            [
                task.id,
                task.name,
                (parent.name or parent.id) if parent else None,
                format_duration(duration, minutes_per_day=day, minutes_per_week=week) if duration else None,
                predecessors(links_into.get(task.id, [])),
                ", ".join(team.get(task.id, [])),
                sched.early_start_at if sched else None,
                finish,
                done.get(task.id, 0.0),
                base.start if base else None,
                base.finish if base else None,
                variance,
            ]
        )
    return rows


def rolled_up_percent(
    project: Project,
    progress: Mapping[str, TaskProgress],
    worktime: CalendarWorkTime,
    status_date: dt.datetime | None,
    baseline: Baseline | None = None,
) -> dict[str, float]:
    """% done of every task; a phase's comes from its tasks the way earned value rolls it up.

    A task's own % is `percent_complete` (100 once finished); a phase's is the average of its
    descendant tasks weighted by their baseline cost, else the plain average.
    """
    out: dict[str, float] = {}
    for task_id, state in progress.items():
        out[task_id] = percent_complete(state, worktime, status_date or state.status_date)
    children = project.children()
    saved = baseline.task_map() if baseline else {}

    def leaves(task_id: str, depth: int = 0) -> list[str]:
        if depth > len(project.tasks):  # a parent loop is refused by validation; never recurse forever
            return []
        found: list[str] = []
        for child in children.get(task_id, []):
            found.extend(leaves(child, depth + 1) if child in children else [child])
        return found

    for phase in children:
        members = leaves(phase)
        costed = [(saved[i].cost, i) for i in members if i in saved]
        weight = sum(cost for cost, _ in costed)
        if weight > 0:
            out[phase] = sum(cost * out.get(i, 0.0) for cost, i in costed) / weight
        else:
            out[phase] = sum(out.get(i, 0.0) for i in members) / len(members) if members else 0.0
    return out


def _effort_duration(project: Project, task: str, effort: Duration | None) -> Duration | None:
    """An effort-driven task lasts its effort shared by its assigned units (the model's own rule)."""
    units = sum(a.units for a in project.assignments if a.task == task)
    if effort is None or units <= 0:
        return None
    return Duration(minutes=round(effort.minutes / units), elapsed=effort.elapsed)


def read_csv_table(path: Path, data: bytes | None = None) -> Table:
    """The rows of a CSV task list: encoding, separator and plantrack's marker row detected."""
    if data is None:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise _invalid(
                path.name,
                "file-too-large",
                _("file too large ({size} MB > {limit} MB limit)").format(
                    size=path.stat().st_size // 2**20, limit=MAX_CSV_BYTES // 2**20
                ),
            )
        data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # French Excel saves "CSV (séparateur: point-virgule)" in Windows-1252
        text = data.decode("cp1252", errors="replace")
    lines = text.splitlines()
    first = lines[0] if lines else ""
    if first.startswith(MARKER) and first[len(MARKER) : len(MARKER) + 1] in (";", ",", "\t"):
        delimiter = first[len(MARKER)]
        marker = parse_marker(next(csv.reader(lines[:1], delimiter=delimiter)))
    else:
        marker = parse_marker([first.strip()])
        header_line = next((ln for ln in lines[1 if marker is not None else 0 :] if ln.strip()), "")
        delimiter = max(";,\t", key=header_line.count) if header_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns: dict[int, str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for record in reader:
            line = reader.line_num - (record_lines(record) - 1)
            if marker is not None and columns is None and line == 1:
                continue
            if columns is None:
                if not any(c.strip() for c in record):
                    continue
                columns = header_columns(record)
                if "name" not in columns.values() and "id" not in columns.values():
                    raise _invalid(
                        f"{path.name}:{line}",
                        "csv-header",
                        _(
                            "no 'id' or 'name' column in the header ({header}); plantrack writes: {columns}"
                        ).format(header=", ".join(record)[:200], columns=", ".join(header_row())),
                    )
                continue
            rows.append((line, {key: record[i] for i, key in columns.items() if i < len(record)}))
    except csv.Error as exc:
        raise _invalid(
            f"{path.name}:{reader.line_num}",
            "csv-invalid",
            _("unreadable CSV: {reason}").format(reason=csv_reason(exc)),
        ) from None
    if columns is None:
        raise _invalid(path.name, "project-empty", _("the file is empty: no header row and no tasks"))
    # a marker row saying `text=verbatim` came from the XLSX export (no apostrophes), re-saved as CSV
    escaped = marker is not None and marker.get("text") != "verbatim"
    return Table(source=path.name, rows=rows, meta=marker or {}, escaped=escaped)


def record_lines(record: list[str]) -> int:
    """How many physical lines a record spans (quoted cells may hold line breaks)."""
    return 1 + sum(cell.count("\n") for cell in record)


def read_csv(path: Path, data: bytes | None = None) -> ImportedPlan:
    from plantrack.formats.taskjuggler import csv_report as tj_csv

    if data is None and path.stat().st_size <= MAX_CSV_BYTES:
        data = path.read_bytes()
    if data is not None and tj_csv.looks_like_tj_csv(data[:4096]):  # a TaskJuggler CSV report
        return tj_csv.read_tj_csv(path, data)
    return build_plan(read_csv_table(path, data))


def load_csv(path: Path) -> tuple[Project, list[Problem]]:
    plan = read_csv(path)
    return plan.project, plan.warnings


def _invalid(location: str, code: str, message: str) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message, location=location)])

"""TaskJuggler CSV task reports (`;`-separated, dates like `2007-12-16-01:00:00-+0100`) as task lists.

The report's rows become a spreadsheet task list: the name's indentation (two spaces a level) gives the
phases, `BSI` the ids, and each row's start and end its dates; the task list builder does the rest.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from plantrack.formats.csv_errors import csv_reason
from plantrack.formats.interchange import ImportedPlan
from plantrack.formats.reasons import os_reason
from plantrack.formats.task_cells import Table
from plantrack.formats.task_table import build_plan
from plantrack.formats.taskjuggler.lexer import TjpError, parse_date
from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem, Severity

MAX_BYTES = 64 * 1024 * 1024
# a TaskJuggler time stamp with its UTC offset, the dialect's tell-tale
_TJ_DATE = re.compile(rb"\d{4}-\d{2}-\d{2}-\d{2}:\d{2}(?::\d{2})?-[+-]\d{4}")
_COLUMNS = {
    "bsi": "id",
    "id": "id",
    "name": "name",
    "start": "start",
    "end": "finish",
    "duration": "duration",
    "complete": "percent",
}


def looks_like_tj_csv(head: bytes) -> bool:
    """A `;`-separated header with a Name column, and a TaskJuggler time stamp in the first rows."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return b";" in first and b'"Name"' in first and _TJ_DATE.search(head) is not None


def _fail(location: str, code: str, message: str) -> InvalidInput:
    return InvalidInput([Problem(code=code, message=message, location=location)])


def _date(text: str, where: str) -> str:
    """`2007-12-16-01:00:00-+0100` -> `2007-12-16 01:00:00`: the report's wall clock, offset dropped."""
    if not text:
        return ""
    try:
        return parse_date(text, where).when.isoformat(sep=" ")
    except TjpError as exc:
        raise _fail(where, "date-invalid", exc.problems()[0].message) from None


def read_tj_csv(path: Path, data: bytes | None = None) -> ImportedPlan:
    """The report as a task list; InvalidInput naming file:line for a malformed row."""
    if data is None:
        try:
            if path.stat().st_size > MAX_BYTES:
                raise _fail(path.name, "file-too-large", _("{file} is over 64 MiB").format(file=path.name))
            data = path.read_bytes()
        except OSError as exc:
            raise _fail(
                path.name,
                "file-unreadable",
                _("cannot read {file}: {reason}").format(file=path.name, reason=os_reason(exc)),
            ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(
            path.name,
            "csv-encoding",
            _("{file} is not UTF-8 (byte {byte})").format(file=path.name, byte=exc.start),
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        records = [(reader.line_num, record) for record in reader]
    except csv.Error as exc:
        raise _fail(
            f"{path.name}:{reader.line_num}",
            "csv-invalid",
            _("unreadable CSV: {reason}").format(reason=csv_reason(exc)),
        ) from None
    records = [(n, r) for n, r in records if any(c.strip() for c in r)]
    if not records:
        raise _fail(path.name, "project-empty", _("the file is empty: no header row and no tasks"))
    header_line, header = records[0]
    columns = {i: _COLUMNS[h.strip().lower()] for i, h in enumerate(header) if h.strip().lower() in _COLUMNS}
    if "name" not in columns.values():
        raise _fail(f"{path.name}:{header_line}", "csv-header", _("a TaskJuggler report needs a Name column"))
    ignored = [h for h in header if h.strip().lower() not in _COLUMNS]
    rows: list[tuple[int, dict[str, str]]] = []
    stack: list[tuple[int, str]] = []  # (indent, id) of the enclosing rows
    for line, record in records[1:]:
        raw = {key: record[i] for i, key in columns.items() if i < len(record)}
        name = raw.get("name", "")
        indent = len(name) - len(name.lstrip(" "))
        ident = raw.get("id", "").strip() or str(len(rows) + 1)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        start = _date(raw.get("start", "").strip(), f"{path.name}:{line}")
        finish = _date(raw.get("finish", "").strip(), f"{path.name}:{line}")
        cells = {"id": ident, "name": name.strip(), "start": start, "finish": finish}
        if stack:
            cells["phase"] = stack[-1][1]
        cells["duration"] = _duration(raw.get("duration", ""), start, finish, f"{path.name}:{line}")
        if raw.get("percent", "").strip():
            cells["percent"] = raw["percent"].strip()
        stack.append((indent, ident))
        rows.append((line, cells))
    plan = build_plan(Table(source=path.name, rows=rows))
    if ignored:
        shown = ", ".join(ignored[:5]) + (
            _(" and {count} more").format(count=len(ignored) - 5) if len(ignored) > 5 else ""
        )
        plan.warnings.append(
            Problem(
                code="csv-columns-ignored",
                message=_("columns not imported (a task list has no place for them): {columns}").format(
                    columns=shown
                ),
                location=path.name,
                severity=Severity.WARNING,
            )
        )
    return plan


def _duration(cell: str, start: str, finish: str, where: str) -> str:
    """Calendar minutes from the row's own start and end (TaskJuggler's Duration counts calendar days,
    rounded to a tenth), else the Duration cell as calendar days."""
    if start and finish:
        minutes = (dt.datetime.fromisoformat(finish) - dt.datetime.fromisoformat(start)).total_seconds() // 60
        if minutes < 0:
            raise _fail(where, "date-invalid", _("the row ends before it starts"))
        return "0d" if minutes == 0 else f"{int(minutes)}em"
    value = cell.strip().replace(",", ".")
    return "" if not value else "0d" if value in ("0", "0.0") else f"{value}ed"

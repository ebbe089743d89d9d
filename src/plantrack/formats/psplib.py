"""PSPLIB single-mode RCPSP (`.sm`) files as projects on a continuous 24/7 calendar, one period = one hour."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from plantrack.formats.reasons import os_reason
from plantrack.i18n import _
from plantrack.scheduling.duration import MAX_MINUTES, Duration
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Link,
    Project,
    Resource,
    ResourceKind,
    Task,
    TimeRange,
)

#: Instances carry no dates; every imported project starts on this Monday at midnight.
PSPLIB_START = dt.datetime(2027, 1, 4)
CALENDAR_ID = "continuous"
MINUTES_PER_PERIOD = 60
MAX_FILE_BYTES = 16 * 1024 * 1024
_INT = re.compile(r"^-?\d+$")


@dataclass
class _Reader:
    """Line cursor over the file that turns every complaint into a problem located at file:line."""

    path: Path
    lines: list[str]
    pos: int = 0
    problems: list[Problem] = field(default_factory=list)

    def fail(self, line_no: int, code: str, message: str) -> InvalidInput:
        return InvalidInput([Problem(code=code, message=message, location=f"{self.path.name}:{line_no}")])

    def find(self, prefix: str) -> int:
        """Advance to the line starting with `prefix` (case-insensitive); return its 1-based number."""
        wanted = prefix.lower()
        while self.pos < len(self.lines):
            self.pos += 1
            if self.lines[self.pos - 1].strip().lower().startswith(wanted):
                return self.pos
        raise self.fail(
            len(self.lines), "psplib-section-missing", _("section {name} not found").format(name=repr(prefix))
        )

    def value_after_colon(self, line_no: int) -> int:
        text = self.lines[line_no - 1]
        tail = text.split(":", 1)[1] if ":" in text else ""
        token = tail.split()[0] if tail.split() else ""
        if not _INT.match(token):
            raise self.fail(
                line_no,
                "psplib-number",
                _("expected a whole number after ':' in {text}").format(text=repr(text.strip())),
            )
        return int(token)

    def ints(self, line_no: int) -> list[int]:
        tokens = self.lines[line_no - 1].split()
        bad = [t for t in tokens if not _INT.match(t)]
        if bad:
            raise self.fail(
                line_no, "psplib-number", _("{value} is not a whole number").format(value=repr(bad[0]))
            )
        return [int(t) for t in tokens]

    def data_lines(self, count: int) -> list[int]:
        """The next `count` non-empty, non-rule lines (line numbers), skipping column headers."""
        found: list[int] = []
        while len(found) < count:
            if self.pos >= len(self.lines):
                raise self.fail(
                    len(self.lines),
                    "psplib-truncated",
                    _("file ends after {count} rows").format(count=len(found)),
                )
            self.pos += 1
            text = self.lines[self.pos - 1].strip()
            if text.startswith("*"):  # a rule closes the section: rows are missing
                raise self.fail(
                    self.pos,
                    "psplib-truncated",
                    _("expected {count} rows, found {found}").format(count=count, found=len(found)),
                )
            if not text or text.startswith("-") or not text[0].isdigit():
                continue
            found.append(self.pos)
        return found


def load_psplib(path: Path) -> Project:
    """Read a single-mode RCPSP `.sm` file; dummy source and sink jobs become milestones.

    Raises InvalidInput (exit 1) naming file:line for anything malformed.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            [
                Problem(
                    code="file-unreadable",
                    message=_("cannot read {file}: {reason}").format(file=path.name, reason=os_reason(exc)),
                )
            ]
        ) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidInput(
            [Problem(code="file-too-large", message=_("{file} is over 16 MiB").format(file=path.name))]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            [
                Problem(
                    code="psplib-encoding",
                    message=_("{file} is not a text file (byte {byte})").format(
                        file=path.name, byte=exc.start
                    ),
                )
            ]
        ) from exc
    reader = _Reader(path=path, lines=text.splitlines())
    jobs_line = reader.find("jobs (incl. supersource/sink")
    n_jobs = reader.value_after_colon(jobs_line)
    if n_jobs < 2:
        raise reader.fail(
            jobs_line, "psplib-jobs", _("expected at least 2 jobs, found {count}").format(count=n_jobs)
        )
    renew_line = reader.find("- renewable")
    n_res = reader.value_after_colon(renew_line)
    nonrenew_line = reader.find("- nonrenewable")
    if reader.value_after_colon(nonrenew_line) != 0:
        raise reader.fail(
            nonrenew_line,
            "psplib-unsupported",
            _("nonrenewable resources are not supported (single-mode RCPSP)"),
        )
    successors = _read_precedences(reader, n_jobs)
    durations, requests = _read_requests(reader, n_jobs, n_res)
    avail_line = reader.find("RESOURCEAVAILABILITIES")
    (values_line,) = reader.data_lines(1)
    capacities = reader.ints(values_line)
    if len(capacities) != n_res or any(c <= 0 for c in capacities):
        raise reader.fail(
            values_line,
            "psplib-capacity",
            _("expected {count} positive availabilities after line {line}").format(
                count=n_res, line=avail_line
            ),
        )
    return _build(path, successors, durations, requests, capacities)


def _read_precedences(reader: _Reader, n_jobs: int) -> dict[int, list[int]]:
    reader.find("PRECEDENCE RELATIONS")
    successors: dict[int, list[int]] = {}
    for line_no in reader.data_lines(n_jobs):
        values = reader.ints(line_no)
        if len(values) < 3:
            raise reader.fail(
                line_no, "psplib-row", _("expected: job number, modes, successor count, successors")
            )
        job, modes, count, succ = values[0], values[1], values[2], values[3:]
        if job in successors or not 1 <= job <= n_jobs:
            raise reader.fail(
                line_no, "psplib-job", _("job {job} is out of range or listed twice").format(job=job)
            )
        if modes != 1:
            raise reader.fail(
                line_no,
                "psplib-unsupported",
                _("job {job} has {modes} modes; only 1 is supported").format(job=job, modes=modes),
            )
        if count != len(succ):
            raise reader.fail(
                line_no,
                "psplib-row",
                _("job {job} announces {count} successors but lists {listed}").format(
                    job=job, count=count, listed=len(succ)
                ),
            )
        for s in succ:
            if not 1 <= s <= n_jobs or s == job:
                raise reader.fail(
                    line_no,
                    "psplib-job",
                    _("job {job} has an invalid successor {successor}").format(job=job, successor=s),
                )
        successors[job] = succ
    return successors


def _read_requests(reader: _Reader, n_jobs: int, n_res: int) -> tuple[dict[int, int], dict[int, list[int]]]:
    reader.find("REQUESTS/DURATIONS")
    durations: dict[int, int] = {}
    requests: dict[int, list[int]] = {}
    for line_no in reader.data_lines(n_jobs):
        values = reader.ints(line_no)
        if len(values) != 3 + n_res:
            raise reader.fail(
                line_no,
                "psplib-row",
                _("expected job, mode, duration and {count} requests, found {found}").format(
                    count=n_res, found=len(values)
                ),
            )
        job, duration, req = values[0], values[2], values[3:]
        if job in durations or not 1 <= job <= n_jobs:
            raise reader.fail(
                line_no, "psplib-job", _("job {job} is out of range or listed twice").format(job=job)
            )
        if duration < 0 or any(r < 0 for r in req):
            raise reader.fail(
                line_no, "psplib-number", _("job {job} has a negative duration or request").format(job=job)
            )
        if duration * MINUTES_PER_PERIOD > MAX_MINUTES:
            raise reader.fail(
                line_no,
                "psplib-number",
                _(
                    "job {job} lasts {duration} periods: more than the limit of about 100 years "
                    "({limit} periods)"
                ).format(job=job, duration=duration, limit=MAX_MINUTES // MINUTES_PER_PERIOD),
            )
        durations[job] = duration
        requests[job] = req
    return durations, requests


def _build(
    path: Path,
    successors: dict[int, list[int]],
    durations: dict[int, int],
    requests: dict[int, list[int]],
    capacities: list[int],
) -> Project:
    n_jobs = len(durations)
    calendar = Calendar(
        id=CALENDAR_ID,
        name=_("continuous (24/7)"),
        weekdays=tuple(range(7)),
        hours=(TimeRange(start=0, end=24 * 60),),
    )
    resources = tuple(
        Resource(
            id=f"R{k + 1}",
            name=_("resource {number}").format(number=k + 1),
            kind=ResourceKind.TEAM,
            capacity=float(cap),
        )
        for k, cap in enumerate(capacities)
    )
    tasks: list[Task] = []
    for job in range(1, n_jobs + 1):
        dummy = job in (1, n_jobs) and durations[job] == 0
        if dummy:
            name = _("project start") if job == 1 else _("project finish")
        else:
            name = _("job {job}").format(job=job)
        tasks.append(
            Task(
                id=str(job),
                name=name,
                duration=Duration(minutes=durations[job] * MINUTES_PER_PERIOD),
                milestone=durations[job] == 0,
            )
        )
    links = tuple(
        Link(predecessor=str(j), successor=str(s)) for j in range(1, n_jobs + 1) for s in successors[j]
    )
    assignments = tuple(
        Assignment(task=str(j), resource=f"R{k + 1}", units=float(r))
        for j in range(1, n_jobs + 1)
        for k, r in enumerate(requests[j])
        if r > 0
    )
    try:
        return Project(
            name=path.stem,
            start=PSPLIB_START,
            calendar=CALENDAR_ID,
            minutes_per_day=24 * 60,
            minutes_per_week=7 * 24 * 60,
            calendars=(calendar,),
            resources=resources,
            tasks=tuple(tasks),
            links=links,
            assignments=assignments,
        )
    except ModelError as exc:
        raise InvalidInput([p.located(path.name) for p in exc.problems()]) from exc

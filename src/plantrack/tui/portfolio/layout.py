"""The portfolio screen's layout as plain lines of styled runs: pure, so tests read it without a terminal.

One time axis for every row: cells of whole ISO weeks (as many weeks a cell as the width needs), so a
project's phases and milestones and a shared resource's weekly load line up column for column. Every
figure comes from `operations.plant_report`; this module only places and words them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from plantrack.i18n import _
from plantrack.i18n.formats import format_day, format_number
from plantrack.operations.plant import Unresolved
from plantrack.operations.plant_report import Portfolio, ProjectLine
from plantrack.scheduling.plant_load import SharedLoad
from plantrack.tui.plan.view import display_text

#: A run of text and the name of its style ("" for none); the widget maps names to colours.
Run = tuple[str, str]
Line = tuple[Run, ...]

PHASE_GLYPHS = ("█", "▓")  # neighbouring phases alternate so each reads on its own in monochrome
MILESTONE = "◆"
LOAD_GLYPHS = "▁▂▃▄▅▆▇█"
OVER = "▲"  # a week in which the projects together book more units than the resource has
IDLE = "·"
TODAY = "┊"
NAME_WIDTH = 22
MIN_STRIP = 8


@dataclass(frozen=True, slots=True)
class Axis:
    """`cells` columns from the Monday `start`, each `weeks` ISO weeks long; `today` marked if on it."""

    start: dt.date
    weeks: int
    cells: int
    today: dt.date | None = None

    def today_cell(self) -> int | None:
        if self.today is None or not self.start <= self.today < self.start + dt.timedelta(
            weeks=self.weeks * self.cells
        ):
            return None
        return self.cell(self.today)

    def cell(self, day: dt.date) -> int:
        """The column holding `day`, clamped to the axis."""
        index = (day - self.start).days // (7 * self.weeks)
        return max(0, min(self.cells - 1, index))


def _day(value: dt.datetime | dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def axis_for(portfolio: Portfolio, width: int) -> Axis:
    """The weeks from the first start to the last finish (phases, milestones, baselines, loads) in `width`."""
    days: list[dt.date] = []
    for line in portfolio.projects:
        days += [_day(line.start), _day(line.finish)]
        for bar in (*line.phases, *line.milestones):
            days += [_day(d) for d in (bar.start, bar.finish, bar.baseline_start, bar.baseline_finish) if d]
    for load in portfolio.loads:
        days += [w.start for w in load.weeks]
    first = min(days, default=portfolio.generated_on)
    last = max(days, default=portfolio.generated_on)
    monday = first - dt.timedelta(days=first.weekday())
    weeks = (last - monday).days // 7 + 1
    per_cell = max(1, math.ceil(weeks / max(1, width)))
    return Axis(start=monday, weeks=per_cell, cells=math.ceil(weeks / per_cell), today=portfolio.generated_on)


def project_strip(line: ProjectLine, axis: Axis) -> Line:
    """The project's phases (alternating glyphs) and its milestones (◆) on the axis; today ┊ between."""
    cells: list[Run] = [(" ", "")] * axis.cells
    today = axis.today_cell()
    if today is not None:
        cells[today] = (TODAY, "today")
    for i, bar in enumerate(line.phases):
        for c in range(axis.cell(_day(bar.start)), axis.cell(_day(bar.finish)) + 1):
            cells[c] = (PHASE_GLYPHS[i % 2], "phase")
    for bar in line.milestones:
        cells[axis.cell(_day(bar.finish))] = (MILESTONE, "gate" if bar.gate else "milestone")
    return tuple(cells)


def load_strip(load: SharedLoad, axis: Axis) -> Line:
    """Each cell's busiest week as an eighth block of load against capacity; ▲ where over capacity."""
    worst: dict[int, tuple[bool, float]] = {}
    for week in load.weeks:
        ratio = week.load_hours / week.capacity_hours if week.capacity_hours > 0 else math.inf
        if week.load_hours <= 0:
            continue
        cell = axis.cell(week.start)
        worst[cell] = max(worst.get(cell, (False, 0.0)), (week.over, ratio))
    runs: list[Run] = []
    for c in range(axis.cells):
        if c not in worst:
            runs.append((IDLE, "idle"))
            continue
        over, ratio = worst[c]
        if over:
            runs.append((OVER, "over"))
        else:
            level = min(len(LOAD_GLYPHS), max(1, math.ceil(min(ratio, 1.0) * len(LOAD_GLYPHS))))
            runs.append((LOAD_GLYPHS[level - 1], "load"))
    return tuple(runs)


def _fit(text: str, width: int) -> str:
    text = display_text(text)
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


def _slip(value: float | None) -> str:
    if value is None:
        return ""
    if round(value, 1) == 0:
        return _("{days}d").format(days="0")
    return _("{days}d").format(days=("+" if value > 0 else "") + format_number(value, 1))


def _index(value: float | None) -> str:
    return "" if value is None else format_number(value, 2)


@dataclass(frozen=True, slots=True)
class Columns:
    """Widths of the fixed columns; the strip takes what is left of the terminal's width."""

    name: int
    gate: int
    strip: int


FIXED = 2 + 1 + 10 + 1 + 6 + 1 + 4 + 1 + 4 + 1  # priority, finish, slip, SPI, CPI and their gaps


def columns(width: int) -> Columns:
    name = NAME_WIDTH if width >= 100 else 16
    gate = 14 if width >= 100 else 8
    strip = max(MIN_STRIP, width - name - 1 - FIXED - gate - 1 - 2)
    return Columns(name=name, gate=gate, strip=strip)


def _gate(line: ProjectLine) -> str:
    gate = line.next_gate
    return "" if gate is None else display_text(gate.name or gate.task)


def header(axis: Axis, cols: Columns) -> Line:
    """Column titles, and the month numbers over the strip where a month starts."""
    months = [" "] * axis.cells
    previous = None
    for c in range(axis.cells):
        day = axis.start + dt.timedelta(days=7 * axis.weeks * c)
        # a month is labelled over the cell it begins in, when that cell and the next are free
        free = c + 2 <= axis.cells and (c == 0 or months[c - 1] == " ")
        if day.month != previous and free:
            months[c : c + 2] = list(f"{day.month:02d}")
        previous = day.month
    # the titles outside the f-string, where the catalog's extractor finds them
    project, priority, finish, slip, gate = _("Project"), _("P"), _("Finish"), _("Slip"), _("Next gate")
    text = (
        f"{_fit(project, cols.name)} {_fit(priority, 2)} {_fit(finish, 10)} {_fit(slip, 6)} "
        f"{_fit('SPI', 4)} {_fit('CPI', 4)} {_fit(gate, cols.gate)} "
    )
    return ((text, "header"), ("".join(months), "header"))


def project_row(line: ProjectLine, axis: Axis, cols: Columns) -> Line:
    """One project: its figures, then its strip."""
    slip_style = "late" if line.slip_days is not None and line.slip_days > 0 else ""
    finish = format_day(line.finish).ljust(10)
    return (
        (f"{_fit(line.name, cols.name)} {str(line.priority).rjust(2)} {finish} ", ""),
        (_slip(line.slip_days).rjust(6), slip_style),
        (f" {_index(line.spi).rjust(4)} {_index(line.cpi).rjust(4)} {_fit(_gate(line), cols.gate)} ", ""),
        *project_strip(line, axis),
    )


def unresolved_row(member: Unresolved, cols: Columns) -> Line:
    """A project left out because it no longer resolves against the plant: named, with its first problem."""
    problem = member.problems[0] if member.problems else None
    reason = "" if problem is None else f"[{problem.code}] {problem.message}"
    text = _("not shown: {reason}").format(reason=reason)
    return (
        (f"{_fit(member.name, cols.name)} {str(member.priority).rjust(2)} ", ""),
        (_fit(text, FIXED - 3 + cols.gate + 1 + cols.strip).rstrip(), "over"),
    )


def load_row(load: SharedLoad, axis: Axis, cols: Columns) -> Line:
    """One shared resource: its name and capacity, then its weekly load; the over-allocations counted."""
    capacity = _("cap {units}").format(
        units=format_number(load.capacity, 0 if load.capacity.is_integer() else 1)
    )
    over = len(load.overallocations)
    label = f"{_fit(load.name or load.id, cols.name)} {_fit(capacity, FIXED + cols.gate)} "
    marks = (f" {OVER}{over}", "over") if over else ("", "")
    return ((label, ""), *load_strip(load, axis), marks)


def overload_lines(portfolio: Portfolio) -> list[Line]:
    """Each over-allocation in words: resource, dates, units booked of available, projects named."""
    names = portfolio.project_names()
    lines: list[Line] = []
    for load in portfolio.loads:
        for o in load.overallocations:
            projects = "; ".join(display_text(names.get(p, p)) for p in o.projects)
            text = _(
                "{mark} {resource}: {start} to {end}, {booked} booked of {capacity} ({projects})"
            ).format(
                mark=OVER,
                resource=display_text(load.name or load.id),
                start=format_day(o.start),
                end=format_day(o.end - dt.timedelta(days=1)),
                booked=format_number(o.peak_units, 0 if float(o.peak_units).is_integer() else 1),
                capacity=format_number(o.capacity_units, 0 if float(o.capacity_units).is_integer() else 1),
                projects=projects,
            )
            lines.append(((text, "over"),))
    return lines


def legend() -> Line:
    return (
        (
            _(
                "{phase} phase  {milestone} milestone  {today} today  {low}…{high} load of capacity  "
                "{over} over capacity"
            ).format(
                phase="".join(PHASE_GLYPHS),
                today=TODAY,
                milestone=MILESTONE,
                low=LOAD_GLYPHS[0],
                high=LOAD_GLYPHS[-1],
                over=OVER,
            ),
            "dim",
        ),
    )


def plain(lines: Sequence[Line]) -> str:
    """The lines as text, for tests and captures."""
    return "\n".join("".join(text for text, _style in line).rstrip() for line in lines)

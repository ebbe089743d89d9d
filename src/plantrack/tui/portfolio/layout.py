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

from rich.cells import cell_len, set_cell_size

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
NAME_MIN = 16  # the name column's width below 100 columns, and its least
NAME_WIDTH = 22  # from 100 columns on
NAME_MAX = 40  # a longer name is cut: its figures stay near enough to read across
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


def span(portfolio: Portfolio) -> tuple[dt.date, int]:
    """The Monday of the first week and the number of weeks from it to the last finish (phases,
    milestones, baselines, loads)."""
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
    return monday, (last - monday).days // 7 + 1


def axis_for(portfolio: Portfolio, width: int) -> Axis:
    """The portfolio's weeks in `width` cells: one week a cell, or as few weeks a cell as fit."""
    monday, weeks = span(portfolio)
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
    """`text` on one line in exactly `width` terminal cells: padded, or cut with "…" so the cut shows
    (cells, not characters: a wide character takes two, and the columns after it stay in place)."""
    text = display_text(text)
    cells = cell_len(text)
    if cells <= width:
        return text + " " * (width - cells)
    if width <= 0:
        return ""
    cut = set_cell_size(text, width - 1).rstrip() + "…"  # "screw…", not "screw …"
    return cut + " " * (width - cell_len(cut))


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


def columns(width: int, longest: int, weeks: int, marks: int = 0) -> Columns:
    """The columns for a terminal `width` wide, names up to `longest` cells, `weeks` weeks to show and
    `marks` cells of over-allocation count after the load rows (" ▲2").

    The name column is as wide as the longest name, between its least (16 cells, 22 from 100 columns
    on) and NAME_MAX, out of the room the week axis does not use: the axis keeps the weeks a cell it
    would have beside the least name column, so a long name never coarsens it, and gives up only the
    cells it would leave blank (a plant of twelve weeks needs twelve)."""
    least = NAME_WIDTH if width >= 100 else NAME_MIN
    gate = 14 if width >= 100 else 8
    # the name and the strip share what the rest leaves; the count after a load row keeps its place
    room = width - 1 - FIXED - gate - 1 - max(2, marks)
    widest = max(MIN_STRIP, room - least)
    per_cell = max(1, math.ceil(weeks / widest))
    needed = math.ceil(max(1, weeks) / per_cell)
    name = max(least, min(longest, NAME_MAX, room - needed))
    return Columns(name=name, gate=gate, strip=max(MIN_STRIP, room - name))


def columns_for(portfolio: Portfolio, width: int) -> Columns:
    """`columns` measured on the portfolio: its longest name, its weeks, its widest over-allocation count."""
    marks = max((cell_len(_over_mark(load)[0]) for load in portfolio.loads), default=0)
    return columns(width, name_cells(portfolio), span(portfolio)[1], marks)


def name_cells(portfolio: Portfolio) -> int:
    """The widest text of the name column: a project's, a project left out's or a shared resource's."""
    names = [
        _("Project"),
        *(line.name for line in portfolio.projects),
        *(member.name for member in portfolio.unresolved),
        *(load.name or load.id for load in portfolio.loads),
    ]
    return max(cell_len(display_text(name)) for name in names)


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
    label = f"{_fit(load.name or load.id, cols.name)} {_fit(capacity, FIXED + cols.gate)} "
    return ((label, ""), *load_strip(load, axis), _over_mark(load))


def _over_mark(load: SharedLoad) -> Run:
    """The number of the resource's over-allocations, after its load (" ▲2"), or nothing."""
    over = len(load.overallocations)
    return (f" {OVER}{over}", "over") if over else ("", "")


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

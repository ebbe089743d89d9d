"""Pure Gantt geometry: date <-> column per zoom level, header labels and bar layers turned into cell runs.

Nothing here draws: the widget asks for the runs of the visible columns and paints them with the colours
of its CSS component classes. Style keys are plain strings (`"done"`, `"critical"`…); `None` as a
background means "the row's own background", and `ROW_BG` as a foreground means "the row's background
used as a foreground colour" (how a right-aligned partial cell is drawn with a left-aligned block).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from plantrack.i18n import N_, _

#: Left-aligned eighth blocks, index = number of eighths covered (0 = empty, 8 = full).
LEFT_BLOCKS = " ▏▎▍▌▋▊▉█"
ROW_BG = "row-bg"
MONTH_ABBR = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)

#: Glyph of a fully covered cell for each bar layer: shading differs so the chart reads in monochrome.
FULL_GLYPH = {"done": "█", "critical": "▓", "remaining": "▒"}
SUMMARY_GLYPH = "▀"
MILESTONE_GLYPH = "◆"
BASELINE_MILESTONE_GLYPH = "◇"
WINDOW_GLYPH = "╱"
STATUS_GLYPH = "│"
TODAY_GLYPH = "┊"


class Zoom(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


#: Elapsed minutes one cell stands for: day zoom shows 3 cells a day, quarter zoom one cell a week.
MINUTES_PER_CELL = {Zoom.DAY: 480, Zoom.WEEK: 1440, Zoom.MONTH: 2880, Zoom.QUARTER: 10080}
ZOOM_ORDER = (Zoom.DAY, Zoom.WEEK, Zoom.MONTH, Zoom.QUARTER)


def zoom_in(zoom: Zoom) -> Zoom:
    return ZOOM_ORDER[max(0, ZOOM_ORDER.index(zoom) - 1)]


def zoom_out(zoom: Zoom) -> Zoom:
    return ZOOM_ORDER[min(len(ZOOM_ORDER) - 1, ZOOM_ORDER.index(zoom) + 1)]


def monday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class TimeScale:
    """A linear time axis: cell `c` covers [origin + c·m, origin + (c+1)·m) with m minutes per cell."""

    origin: dt.datetime
    zoom: Zoom
    columns: int

    @classmethod
    def covering(cls, first: dt.datetime, last: dt.datetime, zoom: Zoom, *, pad_days: int = 7) -> TimeScale:
        """A scale from the Monday on or before `first - pad_days` to at least `last + pad_days`."""
        origin_day = monday_on_or_before(first.date() - dt.timedelta(days=pad_days))
        origin = dt.datetime.combine(origin_day, dt.time())
        end = max(last, first) + dt.timedelta(days=pad_days)
        minutes = (end - origin).total_seconds() / 60
        return cls(origin=origin, zoom=zoom, columns=max(1, math.ceil(minutes / MINUTES_PER_CELL[zoom])))

    def rezoom(self, zoom: Zoom) -> TimeScale:
        """The same span of time at another zoom level."""
        end = self.at(self.columns)
        minutes = (end - self.origin).total_seconds() / 60
        return TimeScale(self.origin, zoom, max(1, math.ceil(minutes / MINUTES_PER_CELL[zoom])))

    @property
    def minutes_per_cell(self) -> int:
        return MINUTES_PER_CELL[self.zoom]

    def col(self, instant: dt.datetime) -> float:
        """Fractional column of an instant."""
        return (instant - self.origin).total_seconds() / 60 / self.minutes_per_cell

    def cell(self, instant: dt.datetime) -> int:
        """The cell that contains an instant."""
        return math.floor(self.col(instant))

    def at(self, col: float) -> dt.datetime:
        """The instant at a (fractional) column."""
        return self.origin + dt.timedelta(minutes=col * self.minutes_per_cell)


# --- header ---------------------------------------------------------------------------------------


def _month_starts(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first.replace(day=1)
    while day <= last:
        yield day
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _ticks(zoom: Zoom, level: int, first: dt.date, last: dt.date) -> Iterator[tuple[dt.date, str]]:
    """Labelled period starts from the period containing `first` to `last`: level 0 major, 1 minor."""
    if (
        (zoom in (Zoom.DAY, Zoom.WEEK) and level == 0)
        or (zoom is Zoom.MONTH and level == 1)
        or (zoom is Zoom.QUARTER and level == 1)
    ):
        for day in _month_starts(first, last):
            abbr = _(MONTH_ABBR[day.month - 1])
            yield day, (f"{abbr} {day.year}" if level == 0 else abbr)
    elif zoom is Zoom.DAY:
        for offset in range((last - first).days + 1):
            day = first + dt.timedelta(days=offset)
            yield day, f"{day.day:02d}"
    elif zoom is Zoom.WEEK:
        day = monday_on_or_before(first)
        while day <= last:
            yield day, f"{day.day:02d}"
            day += dt.timedelta(days=7)
    elif zoom is Zoom.MONTH:
        for year in range(first.year, last.year + 1):
            yield dt.date(year, 1, 1), str(year)
    else:  # quarter zoom, major row
        for day in _month_starts(first.replace(month=(first.month - 1) // 3 * 3 + 1), last):
            if (day.month - 1) % 3 == 0:
                yield day, _("Q{quarter} {year}").format(quarter=(day.month - 1) // 3 + 1, year=day.year)


def _fit(label: str, room: int) -> str:
    """The label, else its first word ("Mar 2027" -> "Mar"), else nothing: never a misleading stub."""
    if len(label) <= room:
        return label
    word = label.split(" ", 1)[0]
    return word if len(word) <= room else ""


def header_line(scale: TimeScale, level: int, c0: int, c1: int) -> str:
    """The date-scale text of header row `level` (0 major, 1 minor) for columns [c0, c1).

    Each label starts in the first cell that lies wholly inside its period and leaves one blank cell
    before the next label (shortened to its first word, or dropped, when it does not fit); the period
    already running at `c0` is labelled at `c0`.
    """
    width = max(0, c1 - c0)
    if width == 0:
        return ""
    first = scale.at(c0).date()
    last = scale.at(c1).date()
    placed: list[tuple[int, str]] = []
    for day, label in _ticks(scale.zoom, level, first - dt.timedelta(days=370), last):
        col = math.ceil(scale.col(dt.datetime.combine(day, dt.time())) - 1e-9)
        if col >= c1:
            break
        placed.append((col, label))
    # keep the last tick at or before c0 (its period is running at the left edge) and the ones after
    starts = [i for i, (col, _) in enumerate(placed) if col <= c0]
    if starts:
        placed = placed[starts[-1] :]
        placed[0] = (c0, placed[0][1])
    buf = [" "] * width
    for index, (col, label) in enumerate(placed):
        if index + 1 < len(placed):
            text = _fit(label, placed[index + 1][0] - col - 1)
        else:  # the window's right edge cuts the label; it comes back whole when scrolled
            text = label[: max(0, c1 - col)]
        for k, ch in enumerate(text):
            if 0 <= col - c0 + k < width:
                buf[col - c0 + k] = ch
    return "".join(buf)


# --- layers ---------------------------------------------------------------------------------------


class BarKind(StrEnum):
    TASK = "task"
    SUMMARY = "summary"
    MILESTONE = "milestone"


@dataclass(frozen=True, slots=True, kw_only=True)
class Bar:
    """What one row shows: the forecast span, how much of it is done, and the baseline span."""

    start: dt.datetime
    finish: dt.datetime
    kind: BarKind = BarKind.TASK
    critical: bool = False
    done_until: dt.datetime | None = None
    baseline_start: dt.datetime | None = None
    baseline_finish: dt.datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Backdrop:
    """What every row shares: non-working days, shutdown windows, the status-date and today lines."""

    nonworking: frozenset[dt.date] = frozenset()
    windows: tuple[tuple[dt.datetime, dt.datetime], ...] = ()
    status: dt.datetime | None = None
    today: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    char: str
    fg: str | None = None
    bg: str | None = None


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive cells drawn with the same style keys."""

    text: str
    fg: str | None = None
    bg: str | None = None


def backdrop_cells(scale: TimeScale, backdrop: Backdrop, c0: int, c1: int) -> list[Cell]:
    """The shared background of columns [c0, c1); computed once per viewport, not once per row."""
    cells: list[Cell] = []
    status_cell = scale.cell(backdrop.status) if backdrop.status is not None else None
    today_cell = scale.cell(backdrop.today) if backdrop.today is not None else None
    window_spans = [(scale.col(a), scale.col(b)) for a, b in backdrop.windows]
    for c in range(c0, c1):
        start = scale.at(c)
        end = scale.at(c + 1) - dt.timedelta(minutes=1)
        days = (end.date() - start.date()).days + 1
        off = bool(backdrop.nonworking) and all(
            start.date() + dt.timedelta(days=k) in backdrop.nonworking for k in range(days)
        )
        bg = "nonworking" if off else None
        if c == status_cell:
            cells.append(Cell(STATUS_GLYPH, "status", bg))
        elif c == today_cell:
            cells.append(Cell(TODAY_GLYPH, "today", bg))
        elif any(a < c + 1 and b > c for a, b in window_spans):
            cells.append(Cell(WINDOW_GLYPH, "window", bg))
        else:
            cells.append(Cell(" ", None, bg))
    return cells


def _slots(segments: Sequence[tuple[float, float, str]], cell: int) -> list[str | None]:
    """Which segment covers each eighth of a cell (sampled at the eighth's centre)."""
    out: list[str | None] = []
    for k in range(8):
        centre = cell + (k + 0.5) / 8
        out.append(next((key for a, b, key in segments if a <= centre < b), None))
    return out


def _cell_from_slots(slots: list[str | None], under: Cell) -> Cell:
    groups = [(key, len(list(g))) for key, g in itertools.groupby(slots)]
    if len(groups) == 1:
        key = groups[0][0]
        return under if key is None else Cell(FULL_GLYPH[key], key, under.bg)
    if len(groups) == 2:
        (first, n), (second, _) = groups
        fg = first if first is not None else (under.bg or ROW_BG)
        bg = second if second is not None else under.bg
        return Cell(LEFT_BLOCKS[n], fg, bg)
    # a bar shorter than a cell, inside it: keep its length, lose its offset within the cell
    key, n = max((g for g in groups if g[0] is not None), key=lambda g: g[1])
    return Cell(LEFT_BLOCKS[n], key, under.bg)


def bar_cells(bar: Bar, scale: TimeScale, under: Sequence[Cell], c0: int, *, baseline: bool) -> list[Cell]:
    """The cells of one row over the backdrop `under` (which starts at column `c0`).

    With `baseline` set, a task shares its row with its baseline: upper half-block = baseline, lower
    half = forecast (eighth-cell precision is given up for that view).
    """
    cells = list(under)
    c1 = c0 + len(cells)
    a, b = scale.col(bar.start), scale.col(bar.finish)

    if bar.kind is BarKind.MILESTONE:
        if bar.baseline_start is not None:
            bc = scale.cell(bar.baseline_start)
            if c0 <= bc < c1:
                cells[bc - c0] = Cell(BASELINE_MILESTONE_GLYPH, "baseline", cells[bc - c0].bg)
        fc = scale.cell(bar.start)
        if c0 <= fc < c1:
            cells[fc - c0] = Cell(
                MILESTONE_GLYPH, "critical" if bar.critical else "milestone", cells[fc - c0].bg
            )
        return cells

    if bar.kind is BarKind.SUMMARY:
        for c in range(max(c0, math.floor(a)), min(c1, max(math.ceil(b), math.floor(a) + 1))):
            cells[c - c0] = Cell(SUMMARY_GLYPH, "summary", cells[c - c0].bg)
        return cells

    remaining = "critical" if bar.critical else "remaining"
    done = min(max(scale.col(bar.done_until), a), b) if bar.done_until is not None else a
    segments = [(s, e, k) for s, e, k in ((a, done, "done"), (done, b, remaining)) if e > s]
    if b - a < 0.125:  # shorter than an eighth: one eighth inside the start cell so it stays visible
        sliver = min(a, math.floor(a) + 0.875)
        segments = [(sliver, sliver + 0.125, segments[-1][2] if segments else remaining)]
    lo = max(c0, math.floor(segments[0][0]))
    hi = min(c1, math.ceil(segments[-1][1]))

    if baseline and bar.baseline_start is not None and bar.baseline_finish is not None:
        base = [(scale.col(bar.baseline_start), scale.col(bar.baseline_finish), "baseline")]
        base = [(s, max(e, s + 0.125), k) for s, e, k in base]
        return _half_block_cells(cells, c0, segments, base)

    for c in range(lo, hi):
        slots = _slots(segments, c)
        if all(s is None for s in slots):
            # a sliver narrower than half an eighth: show the eighth it falls in
            slots[min(7, max(0, math.floor((segments[0][0] - c) * 8)))] = segments[0][2]
        cells[c - c0] = _cell_from_slots(slots, cells[c - c0])
    return cells


def _majority(segments: Sequence[tuple[float, float, str]], cell: int) -> str | None:
    """The key covering most of a cell if it covers at least half of it, or the whole bar lies inside it."""
    keys = [s for s in _slots(segments, cell) if s is not None]
    inside = math.floor(segments[0][0]) == cell and segments[-1][1] <= cell + 1
    if len(keys) >= 4 or inside:
        return max(sorted(set(keys)), key=keys.count) if keys else segments[0][2]
    return None


def _half_block_cells(
    cells: list[Cell],
    c0: int,
    forecast: Sequence[tuple[float, float, str]],
    base: Sequence[tuple[float, float, str]],
) -> list[Cell]:
    lo = max(c0, math.floor(min(forecast[0][0], base[0][0])))
    hi = min(c0 + len(cells), math.ceil(max(forecast[-1][1], base[-1][1])))
    for c in range(lo, hi):
        fkey, bkey = _majority(forecast, c), _majority(base, c)
        under = cells[c - c0].bg
        if bkey and fkey:
            cells[c - c0] = Cell("▀", bkey, fkey)
        elif bkey:
            cells[c - c0] = Cell("▀", bkey, under)
        elif fkey:
            cells[c - c0] = Cell("▄", fkey, under)
    return cells


def to_runs(cells: Sequence[Cell]) -> list[Run]:
    """Merge neighbouring cells of the same style into runs (one Rich segment each)."""
    runs: list[Run] = []
    for (fg, bg), group in itertools.groupby(cells, key=lambda cell: (cell.fg, cell.bg)):
        runs.append(Run("".join(cell.char for cell in group), fg, bg))
    return runs

"""Gantt geometry against hand-worked positions: columns, header labels, eighth blocks, layers."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from plantrack.tui.plan.gantt_layout import (
    ROW_BG,
    Backdrop,
    Bar,
    BarKind,
    Cell,
    Run,
    TimeScale,
    Zoom,
    backdrop_cells,
    bar_cells,
    header_line,
    to_runs,
    zoom_in,
    zoom_out,
)


def d(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# Week zoom: one cell per day, origin Monday 2027-03-08 (project starts Monday 03-15, padded a week).
WEEK = TimeScale.covering(d("2027-03-15T08:00"), d("2027-03-19T17:00"), Zoom.WEEK)
BLANK = [Cell(" ")] * WEEK.columns


def test_scale_origin_columns_and_positions() -> None:
    assert WEEK.origin == d("2027-03-08T00:00")
    # 2027-03-26 17:00 is 18 days 17 h after the origin: 18.71 day-cells, rounded up
    assert WEEK.columns == 19
    assert WEEK.col(d("2027-03-15T08:00")) == 7 + 8 / 24
    assert WEEK.cell(d("2027-03-15T08:00")) == 7
    assert WEEK.at(7.5) == d("2027-03-15T12:00")
    day = WEEK.rezoom(Zoom.DAY)
    assert day.minutes_per_cell == 480
    assert day.columns == 19 * 3
    assert day.col(d("2027-03-09T16:00")) == 5.0


def test_zoom_steps_stop_at_the_ends() -> None:
    assert zoom_in(Zoom.WEEK) is Zoom.DAY
    assert zoom_in(Zoom.DAY) is Zoom.DAY
    assert zoom_out(Zoom.MONTH) is Zoom.QUARTER
    assert zoom_out(Zoom.QUARTER) is Zoom.QUARTER


def test_week_header_rows() -> None:
    assert header_line(WEEK, 0, 0, 19) == "Mar 2027" + " " * 11
    assert header_line(WEEK, 1, 0, 19) == "08     15     22   "
    # scrolled: the week running at the left edge keeps its label, cut before the next one
    assert header_line(WEEK, 1, 3, 10) == "08  15 "
    assert header_line(WEEK, 1, 3, 3) == ""


def test_day_and_quarter_header_rows() -> None:
    day = WEEK.rezoom(Zoom.DAY)
    assert header_line(day, 1, 0, 9) == "08 09 10 "
    assert header_line(day, 1, 69, 75) == "31 01 "  # 03-31 is day 23 = column 69
    # March is cut to its first word before April (column 72)
    assert header_line(day, 0, 66, 80) == "Mar   Apr 2027"
    quarter = TimeScale.covering(d("2027-01-10T08:00"), d("2027-06-30T17:00"), Zoom.QUARTER)
    assert quarter.origin == d("2026-12-28T00:00")
    # 2027-01-01 is 4/7 of a week after the origin: its labels start in cell 1; Feb 1 (35 days) in 5,
    # Mar 1 (63 days) in 9; December has no room before cell 1 and is dropped
    assert header_line(quarter, 0, 0, 14) == " Q1 2027      "
    assert header_line(quarter, 1, 0, 10) == " Jan Feb M"
    month = quarter.rezoom(Zoom.MONTH)  # 2-day cells: 2027-01-01 starts in cell 2
    assert header_line(month, 0, 0, 6) == "  2027"


def test_task_bar_with_partial_cells() -> None:
    # 03-15 08:00 = column 7.333, 03-17 12:00 = column 9.5
    bar = Bar(start=d("2027-03-15T08:00"), finish=d("2027-03-17T12:00"))
    cells = bar_cells(bar, WEEK, BLANK, 0, baseline=False)
    # cell 7: eighths 3..7 covered (centres from 7.4375 on) -> right-aligned 5/8, drawn inverted
    assert cells[7] == Cell("▍", ROW_BG, "remaining")
    assert cells[8] == Cell("▒", "remaining", None)
    assert cells[9] == Cell("▌", "remaining", None)
    assert cells[6] == Cell(" ") and cells[10] == Cell(" ")


def test_progress_fill_and_critical_shading() -> None:
    bar = Bar(
        start=d("2027-03-15T08:00"),
        finish=d("2027-03-17T12:00"),
        critical=True,
        done_until=d("2027-03-16T12:00"),  # column 8.5
    )
    cells = bar_cells(bar, WEEK, BLANK, 0, baseline=False)
    assert cells[7] == Cell("▍", ROW_BG, "done")
    assert cells[8] == Cell("▌", "done", "critical")
    assert cells[9] == Cell("▌", "critical", None)
    whole = Bar(start=d("2027-03-15T00:00"), finish=d("2027-03-18T00:00"), done_until=d("2027-03-16T00:00"))
    glyphs = "".join(c.char for c in bar_cells(whole, WEEK, BLANK, 0, baseline=False)[7:10])
    assert glyphs == "█▒▒"


def test_short_task_stays_visible() -> None:
    one_hour = Bar(start=d("2027-03-15T08:00"), finish=d("2027-03-15T09:00"))
    cells = bar_cells(one_hour, WEEK, BLANK, 0, baseline=False)
    assert cells[7].char == "▏" and cells[7].fg == "remaining"
    assert [c for i, c in enumerate(cells) if i != 7] == [Cell(" ")] * 18


def test_milestone_and_baseline_milestone() -> None:
    gate = Bar(
        start=d("2027-03-19T17:00"),  # column 11.71
        finish=d("2027-03-19T17:00"),
        kind=BarKind.MILESTONE,
        baseline_start=d("2027-03-17T17:00"),
        critical=True,
    )
    cells = bar_cells(gate, WEEK, BLANK, 0, baseline=False)
    assert cells[11] == Cell("◆", "critical", None)
    assert cells[9] == Cell("◇", "baseline", None)


def test_summary_bar() -> None:
    phase = Bar(start=d("2027-03-15T08:00"), finish=d("2027-03-19T17:00"), kind=BarKind.SUMMARY)
    cells = bar_cells(phase, WEEK, BLANK, 0, baseline=False)
    assert "".join(c.char for c in cells) == " " * 7 + "▀" * 5 + " " * 7


def test_baseline_shares_the_row_as_half_blocks() -> None:
    bar = Bar(
        start=d("2027-03-16T00:00"),  # columns 8..11
        finish=d("2027-03-19T00:00"),
        baseline_start=d("2027-03-15T00:00"),  # columns 7..10
        baseline_finish=d("2027-03-18T00:00"),
    )
    cells = bar_cells(bar, WEEK, BLANK, 0, baseline=True)
    assert cells[7] == Cell("▀", "baseline", None)
    assert cells[8] == Cell("▀", "baseline", "remaining")
    assert cells[9] == Cell("▀", "baseline", "remaining")
    assert cells[10] == Cell("▄", "remaining", None)
    assert cells[11] == Cell(" ")


def test_backdrop_shading_lines_and_windows() -> None:
    backdrop = Backdrop(
        nonworking=frozenset({dt.date(2027, 3, 13), dt.date(2027, 3, 14)}),
        windows=((d("2027-03-20T00:00"), d("2027-03-22T00:00")),),
        status=d("2027-03-15T00:00"),
        today=d("2027-03-17T10:00"),
    )
    cells = backdrop_cells(WEEK, backdrop, 0, 19)
    assert [i for i, c in enumerate(cells) if c.bg == "nonworking"] == [5, 6]
    assert cells[7] == Cell("│", "status", None)
    assert cells[9] == Cell("┊", "today", None)
    assert [i for i, c in enumerate(cells) if c.char == "╱"] == [12, 13]
    # a window of the viewport only: same cells, shifted
    assert backdrop_cells(WEEK, backdrop, 5, 8) == cells[5:8]
    # month zoom (2-day cells from a Monday): a cell is shaded only when all its days are off
    month = WEEK.rezoom(Zoom.MONTH)
    friday_off = Backdrop(nonworking=backdrop.nonworking | {dt.date(2027, 3, 12)})
    shaded = [i for i, c in enumerate(backdrop_cells(month, friday_off, 0, 6)) if c.bg == "nonworking"]
    assert shaded == [2]
    assert not [c for c in backdrop_cells(month, backdrop, 0, 6) if c.bg]


def test_bar_over_backdrop_keeps_its_shading_and_runs_merge() -> None:
    backdrop = Backdrop(nonworking=frozenset({dt.date(2027, 3, 13), dt.date(2027, 3, 14)}))
    under = backdrop_cells(WEEK, backdrop, 4, 9)
    bar = Bar(start=d("2027-03-12T12:00"), finish=d("2027-03-15T00:00"))  # column 4.5 .. 7
    cells = bar_cells(bar, WEEK, under, 4, baseline=False)
    assert cells[0] == Cell("▌", ROW_BG, "remaining")
    assert cells[1] == Cell("▒", "remaining", "nonworking")
    assert to_runs(cells) == [
        Run("▌", ROW_BG, "remaining"),
        Run("▒▒", "remaining", "nonworking"),
        Run("  ", None, None),
    ]


@given(
    start=st.integers(min_value=0, max_value=15 * 1440),
    length=st.integers(min_value=0, max_value=3 * 1440),
    c0=st.integers(min_value=0, max_value=18),
    width=st.integers(min_value=0, max_value=19),
)
def test_a_window_of_the_row_equals_the_same_slice_of_the_whole_row(
    start: int, length: int, c0: int, width: int
) -> None:
    """What the widget paints after a horizontal scroll is exactly the slice of the full row."""
    c1 = min(WEEK.columns, c0 + width)
    a = WEEK.origin + dt.timedelta(minutes=start)
    bar = Bar(
        start=a, finish=a + dt.timedelta(minutes=length), done_until=a + dt.timedelta(minutes=length // 3)
    )
    whole = bar_cells(bar, WEEK, BLANK, 0, baseline=False)
    part = bar_cells(bar, WEEK, BLANK[c0:c1], c0, baseline=False)
    assert part == whole[c0:c1]
    # every covered cell lies within the bar's cells, and a bar always shows at least one cell
    painted = [i for i, c in enumerate(whole) if c != Cell(" ")]
    assert painted
    assert min(painted) >= WEEK.cell(bar.start)
    assert max(painted) <= max(WEEK.cell(bar.start), WEEK.cell(bar.finish - dt.timedelta(seconds=1)))

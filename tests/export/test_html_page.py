"""The page and its figures on the demo plan with tracking: CSP, A3 print styles, Gantt content."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from pathlib import Path

import pytest
from test_html_view import tiny_gantt

from conftest import stored_demo_state
from plantrack.export.html.figures_gantt import STATE_COLOURS, gantt_figure
from plantrack.export.html.gantt_windows import LABEL_CHARS, LABEL_NAME, NARROW_PLOT_PX
from plantrack.export.html.page import STYLE, render_page
from plantrack.export.html.report import build_report
from plantrack.export.html.view import Band, BandKind, GanttView, ReportView, TaskKind, TaskState
from plantrack.formats.demo import load_demo

TODAY = dt.date(2027, 2, 1)


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> ReportView:
    stored = stored_demo_state(tmp_path_factory.mktemp("demo"))
    return build_report(stored, today=TODAY, baseline="initial", title=None)


def test_demo_gantt_has_one_bar_per_task_coloured_by_state(demo_report: ReportView) -> None:
    project, _ = load_demo()
    fig = gantt_figure(demo_report.gantt)
    traces = {t.uid: t for t in fig.data}
    rows = demo_report.gantt.tasks
    summaries = {t.parent for t in project.tasks if t.parent}
    leaves = [t for t in project.tasks if t.id not in summaries and not t.milestone]
    bars = [y for s in TaskState for y in traces[f"task-{s.name}"].y]
    assert sorted(bars) == sorted(i for i, r in enumerate(rows) if r.kind is TaskKind.TASK)
    assert len(bars) == len(leaves) and len(traces["summary"].y) == len(summaries)
    assert len(traces["milestones"].x) == sum(t.milestone for t in project.tasks)
    for state in TaskState:
        trace = traces[f"task-{state.name}"]
        assert trace.marker.color == STATE_COLOURS[state]
        assert all(rows[y].state is state for y in trace.y)
    # critical red only for unfinished, not-late tasks with zero float
    for y in traces["task-CRITICAL"].y:
        assert rows[y].critical and rows[y].total_float_hours == 0
    # by 29 January current-state and layout were finished (the kickoff is a milestone)
    assert {rows[y].id for y in traces["task-DONE"].y} == {"current-state", "layout"}
    assert len(traces["baseline"].y) == sum(
        1 for r in rows if r.baseline_start and r.kind is not TaskKind.MILESTONE
    )


def test_demo_gantt_shades_every_weekend_and_both_shutdown_windows(demo_report: ReportView) -> None:
    project, _ = load_demo()
    fig = gantt_figure(demo_report.gantt)
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    spans = [(dt.datetime.fromisoformat(s.x0), dt.datetime.fromisoformat(s.x1)) for s in rects]
    first = min(r.start for r in demo_report.gantt.tasks).date()
    last = max(r.finish for r in demo_report.gantt.tasks).date()
    day = first
    while day <= last:
        if day.weekday() >= 5:  # a Saturday or Sunday lies inside some shaded band
            noon = dt.datetime.combine(day, dt.time(12))
            assert any(a <= noon < b for a, b in spans), day
        day += dt.timedelta(days=1)
    labels = sorted(a.text for a in fig.layout.annotations if a.name == LABEL_NAME)
    periods = sorted(w.name or w.id for w in project.windows for _ in w.periods)
    assert labels == periods
    status = [s for s in fig.layout.shapes if s.type == "line"]
    assert [s.x0 for s in status] == ["2027-01-29 17:00"]


def _label_boxes(view: GanttView, plot_px: float) -> list[tuple[float, float, float, float, str]]:
    """(left, right, top, bottom) in px of each window label when the whole plan is `plot_px` wide."""
    fig = gantt_figure(view)
    first = min([t.start for t in view.tasks] + [b.start for b in view.bands])
    last = max([t.finish for t in view.tasks] + [b.finish for b in view.bands])
    scale = plot_px / (last - first).total_seconds()
    boxes = []
    for note in fig.layout.annotations:
        if note.name != LABEL_NAME:
            continue
        centre = (dt.datetime.fromisoformat(note.x) - first).total_seconds() * scale
        half = (len(html.unescape(note.text)) * 7 + 8) / 2  # 7 px: the widest average glyph at 10 px
        top = -note.yshift
        boxes.append((centre - half, centre + half, top, top + 13, note.text))
    return boxes


def _overlaps(boxes: list[tuple[float, float, float, float, str]]) -> list[tuple[str, str]]:
    return [
        (a[4], b[4])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]
    ]


def test_demo_window_labels_never_overlap_and_hover_their_full_name(demo_report: ReportView) -> None:
    """Stop 1 and stop 2 are a fortnight apart on a seven-month plan: their names are stacked."""
    fig = gantt_figure(demo_report.gantt)
    for plot_px in (NARROW_PLOT_PX, 900, 1600):
        boxes = _label_boxes(demo_report.gantt, plot_px)
        assert len(boxes) == 2 and _overlaps(boxes) == [], plot_px
    notes = [a for a in fig.layout.annotations if a.name == LABEL_NAME]
    assert notes[0].yshift != notes[1].yshift
    assert notes[0].hovertext == "Line 3 stop 1 (weekend)<br>2027-05-21 20:00 → 2027-05-24 06:00"


def test_many_close_windows_stack_and_long_names_are_shortened_with_the_full_name_in_the_hover() -> None:
    view = tiny_gantt()
    long_name = "Compressor overhaul and pressure test of the main air network"
    windows = tuple(
        Band(
            start=dt.datetime(2027, 3, 2 + i, 20),
            finish=dt.datetime(2027, 3, 3 + i, 6),
            kind=BandKind.SHUTDOWN,
            label=f"{long_name} {i}",
        )
        for i in range(5)
    )
    crowded = dataclasses.replace(view, bands=view.bands + windows)
    fig = gantt_figure(crowded)
    boxes = _label_boxes(crowded, NARROW_PLOT_PX)
    assert len(boxes) == 6 and _overlaps(boxes) == []
    notes = [a for a in fig.layout.annotations if a.name == LABEL_NAME and a.text.startswith("Compressor")]
    assert all(len(a.text) <= LABEL_CHARS and a.text.endswith("…") for a in notes)
    assert [a.hovertext.split("<br>")[0] for a in notes] == [f"{long_name} {i}" for i in range(5)]


def test_csp_comes_first_and_allows_no_network(demo_report: ReportView) -> None:
    page = render_page(demo_report)
    head = page[: page.index("</head>")]
    first = re.search(r"<head>(<meta[^>]*>)", head)
    assert first is not None and 'http-equiv="Content-Security-Policy"' in first.group(1)
    policy = re.search(r'content="([^"]*)"', first.group(1))
    assert policy is not None
    directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
    assert directives["default-src"] == "'none'"  # connect, frame, object, media: nothing
    assert directives["script-src"] == "'unsafe-inline'"  # inline plotly.js and boot only
    assert directives["img-src"] == "data:" and "http" not in policy.group(1)
    assert page.index("Content-Security-Policy") < page.index("<script")


def test_print_stylesheet_is_a3_landscape_without_screen_chrome() -> None:
    page_rule = re.search(r"@page\s*\{([^}]*)\}", STYLE)
    assert page_rule is not None and "size: A3 landscape" in page_rule.group(1)
    start = STYLE.index("@media print")
    print_rules = STYLE[start:]
    assert re.search(r"nav, \.modebar-container \{ display: none !important; \}", print_rules)
    assert "section.page { break-before: page; }" in print_rules  # network and dashboard on their own sheets
    assert "break-inside: avoid" in print_rules and "max-height: none" in print_rules


def test_page_of_the_demo_holds_each_figure_once(demo_report: ReportView, tmp_path: Path) -> None:
    page = render_page(demo_report)
    for div in ("gantt-plot", "network-plot", "s-curve-plot", "trend-plot", "load-plot", "pareto-plot"):
        assert page.count(f'id="{div}"') == 1

"""Figure-level tests of the HTML export on hand-made views: what `fig.data` and `fig.layout` hold."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from test_html_view import D, task, tiny_gantt, tiny_report

from hostile import flat
from plantrack.export.html.figures_dashboard import (
    LOAD_BEYOND,
    LOAD_OK,
    LOAD_OVER,
    pareto_figure,
    resource_load_figure,
    s_curve_figure,
    trend_figure,
)
from plantrack.export.html.figures_gantt import (
    ARROWS_SHOWN_UP_TO,
    BAND_COLOURS,
    STATE_COLOURS,
    gantt_figure,
)
from plantrack.export.html.figures_network import layout_nodes, network_figure, precedence_depths
from plantrack.export.html.gantt_slider import Span, overview_spans
from plantrack.export.html.view import (
    BandKind,
    CauseSlip,
    GanttView,
    LinkView,
    LoadPeriod,
    ResourceLoad,
    TaskKind,
    TaskState,
)


def by_uid(fig: Any, uid: str) -> Any:
    found = [t for t in fig.data if t.uid == uid]
    assert len(found) == 1, f"no single trace {uid}"
    return found[0]


def ms(hours: float) -> float:
    return hours * 3_600_000


def test_one_bar_per_task_in_the_trace_of_its_state() -> None:
    view = tiny_gantt()
    fig = gantt_figure(view)
    rows = {t.id: i for i, t in enumerate(view.tasks)}
    for state in TaskState:
        trace = by_uid(fig, f"task-{state.name}")
        expected = [rows[t.id] for t in view.tasks if t.kind is TaskKind.TASK and t.state is state]
        assert list(trace.y) == expected
        assert trace.marker.color == STATE_COLOURS[state]
    task_bars = sum(len(by_uid(fig, f"task-{s.name}").y) for s in TaskState)
    assert task_bars + len(by_uid(fig, "summary").y) == 4  # three tasks and the phase
    assert list(by_uid(fig, "milestones").y) == [rows["m"]]


def test_bars_span_start_to_finish() -> None:
    fig = gantt_figure(tiny_gantt())
    done = by_uid(fig, "task-DONE")
    assert done.base == ("2027-03-01 08:00",)
    assert done.x == (ms(2 * 24 + 9),)  # Monday 08:00 to Wednesday 17:00


def test_every_state_keeps_a_legend_entry_even_when_empty() -> None:
    view = tiny_gantt()
    fig = gantt_figure(GanttView(tasks=view.tasks[:2]))  # only the phase and one done task
    names = {t.name for t in fig.data if t.showlegend is not False}
    assert {"Done", "On track", "Late (finish after baseline)", "Critical (zero float)"} <= names


def test_baseline_ghost_bars_are_thin_and_below_the_forecast_bar() -> None:
    fig = gantt_figure(tiny_gantt())
    ghost = by_uid(fig, "baseline")
    main = by_uid(fig, "task-LATE")
    assert list(ghost.y) == [1, 2]  # tasks a and b have a baseline; c and the phase have none
    assert ghost.width < main.width
    assert ghost.offset >= main.offset + main.width  # y grows downwards: below the bar
    assert ghost.base[1] == "2027-03-03 08:00"  # task b's baseline start


def test_progress_fill_is_the_complete_share_of_the_bar() -> None:
    fig = gantt_figure(tiny_gantt())
    progress = by_uid(fig, "progress")
    assert list(progress.y) == [1, 2]
    # task b: Thursday 4 March 08:00 to Wednesday 10 March 17:00 = 153 h, 40 % of it
    assert progress.x[1] == pytest.approx(ms(153) * 0.4)


def test_milestone_diamonds_forecast_and_baseline_side_by_side() -> None:
    fig = gantt_figure(tiny_gantt())
    forecast, baseline = by_uid(fig, "milestones"), by_uid(fig, "milestones-baseline")
    assert forecast.marker.symbol == "diamond" and baseline.marker.symbol == "diamond-open"
    assert forecast.x == ("2027-03-11 08:00",) and baseline.x == ("2027-03-10 17:00",)
    assert forecast.y == baseline.y
    assert forecast.marker.color == (STATE_COLOURS[TaskState.CRITICAL],)


def test_shading_status_line_and_legend_for_them() -> None:
    fig = gantt_figure(tiny_gantt())
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert [(s.x0, s.x1, s.fillcolor) for s in rects] == [
        ("2027-03-06 00:00", "2027-03-08 00:00", BAND_COLOURS[BandKind.NON_WORKING]),
        ("2027-03-10 17:00", "2027-03-12 06:00", BAND_COLOURS[BandKind.SHUTDOWN]),
    ]
    assert all(s.layer == "below" and s.showlegend for s in rects)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert [(s.x0, s.name) for s in lines] == [("2027-03-08 00:00", "Status date")]


def test_dependency_arrows_run_from_driving_to_driven_end() -> None:
    fig = gantt_figure(tiny_gantt())
    lines, heads = by_uid(fig, "links"), by_uid(fig, "link-heads")
    # a -> b FS: from a's finish (row 1) down to row 2 then to b's start
    assert list(lines.x[:4]) == ["2027-03-03 17:00", "2027-03-03 17:00", "2027-03-04 08:00", None]
    assert list(lines.y[:4]) == [1, 2, 2, None]
    # a -> c SS: from a's start to c's start
    assert list(lines.x[4:7]) == ["2027-03-01 08:00", "2027-03-01 08:00", "2027-03-04 08:00"]
    assert len(heads.x) == 3 and lines.legendgroup == heads.legendgroup == "links"
    assert lines.visible is True


def test_dependency_arrows_start_hidden_on_big_plans() -> None:
    start = D(2027, 3, 1, 8)
    tasks = tuple(task(f"t{i}", start, start + dt.timedelta(hours=8)) for i in range(ARROWS_SHOWN_UP_TO + 1))
    links = (LinkView(predecessor="t0", successor="t1", type="FS"),)
    fig = gantt_figure(GanttView(tasks=tasks, links=links))
    assert by_uid(fig, "links").visible == "legendonly"


def test_hover_tells_dates_float_owner_resources_variance() -> None:
    fig = gantt_figure(tiny_gantt())
    hover = by_uid(fig, "task-DONE").hovertext[0]
    for part in (
        "Start: 2027-03-01 08:00 · Finish: 2027-03-03 17:00",
        "Baseline: 2027-03-01 08:00 → 2027-03-02 17:00",
        "Finish variance: +1.0 days of its calendar",
        "Total float: 0.0 h",
        "Owner: Dismantle",
        "Resources: Dismantle ×2",
    ):
        assert part in hover
    assert by_uid(fig, "task-DONE").hovertemplate == "%{hovertext}<extra></extra>"


def _texts(value: Any) -> list[str]:
    """Every string inside a plotly JSON structure."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _texts(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _texts(v)]
    return []


ALLOWED_TAGS = ("<b>", "</b>", "<br>", "<extra>", "</extra>")


def _strip_own_markup(text: str) -> str:
    for tag in ALLOWED_TAGS:
        text = text.replace(tag, "")
    return text


def test_no_user_markup_reaches_any_text_property(hostile: dict[str, list[str]]) -> None:
    names = flat(hostile)
    figures = []
    for i in range(0, len(names), 5):
        chunk = (names[i : i + 5] + ["pad"] * 5)[:5]
        report = tiny_report(chunk)
        dash = report.dashboard
        figures += [
            gantt_figure(report.gantt),
            network_figure(report.gantt),
            s_curve_figure(dash.curve, chunk[0]),
            trend_figure(dash.trend),
            resource_load_figure(dash.loads),
            pareto_figure(dash.causes),
        ]
    for fig in figures:
        for text in _texts(fig.to_plotly_json()):
            bare = _strip_own_markup(text)
            assert "<" not in bare and ">" not in bare, text
            assert "$" not in bare, text  # MathJax would parse $…$


def test_row_labels_read_exactly_as_typed_once_plotly_decodes_them(hostile: dict[str, list[str]]) -> None:
    names = [n for n in flat(hostile) if "\x1b" not in n and "\r" not in n and "\u202e" not in n][:5]
    view = tiny_gantt(names)
    fig = gantt_figure(view)
    labels = by_uid(fig, "row-labels")
    assert list(labels.y) == list(range(len(view.tasks)))  # one label per row, in WBS order
    for task_view, label in zip(view.tasks, labels.text, strict=True):
        shown = html.unescape(_strip_own_markup(label)).lstrip("\u2003")
        expected = task_view.name if len(task_view.name) <= 48 else task_view.name[:47] + "…"
        assert shown == expected


def test_row_labels_sit_in_a_fixed_column_beside_the_time_axis() -> None:
    fig = gantt_figure(tiny_gantt())
    labels = by_uid(fig, "row-labels")
    assert labels.xaxis == "x2" and labels.yaxis in (None, "y")  # pans with the rows, not with time
    assert fig.layout.xaxis2.fixedrange is True
    assert fig.layout.xaxis2.domain[1] <= fig.layout.xaxis.domain[0]
    assert fig.layout.yaxis.showticklabels is False  # no per-row tick label to measure
    assert "<b>Phase one</b>" in labels.text[0] and labels.text[1] == "\u2003Dismantle"


def test_range_slider_keeps_a_constant_size_on_long_plans() -> None:
    start = D(2027, 3, 1, 8)
    tasks = tuple(task(f"t{i}", start, start + dt.timedelta(hours=8)) for i in range(2000))
    fig = gantt_figure(GanttView(tasks=tasks))
    margin = fig.layout.margin
    plot_px = fig.layout.height - margin.t - margin.b
    slider = fig.layout.xaxis3.rangeslider
    assert slider.visible is True
    assert slider.thickness * plot_px <= 60
    assert slider.thickness * plot_px + 20 <= margin.b  # drawn inside the fixed bottom margin


def test_range_slider_draws_one_overview_bar_per_phase_on_an_axis_moving_with_the_bars() -> None:
    view = tiny_gantt()
    fig = gantt_figure(view)
    overview = by_uid(fig, "slider-overview")
    assert overview.xaxis == "x3" and fig.layout.xaxis.matches == "x3"
    assert fig.layout.xaxis.rangeslider.visible is not True  # the bars are not copied into a slider
    phases = [t for t in view.tasks if t.kind is TaskKind.SUMMARY and t.depth == 0]
    assert list(overview.base) == [p.start.isoformat(sep=" ", timespec="minutes") for p in phases]
    assert list(overview.x) == [(p.finish - p.start).total_seconds() * 1000 for p in phases]
    # every trace but the overview (and the label column) sits on the bars' axes
    others = [t for t in fig.data if t.uid not in ("slider-overview", "row-labels")]
    assert all(t.xaxis in (None, "x") and t.yaxis in (None, "y") for t in others)


def test_without_phases_the_overview_groups_consecutive_rows() -> None:
    start = D(2027, 3, 1, 8)
    # row i runs from day i to day i + 2: a group's envelope is its first start to its last finish
    tasks = tuple(
        task(f"t{i}", start + dt.timedelta(days=i), start + dt.timedelta(days=i + 2)) for i in range(100)
    )
    spans = overview_spans(tasks)
    assert len(spans) == 34  # groups of ceil(100 / 40) = 3 rows: 33 full groups and one of a row
    assert spans[0] == Span(start, start + dt.timedelta(days=4))
    assert spans[-1] == Span(start + dt.timedelta(days=99), start + dt.timedelta(days=101))
    assert overview_spans(()) == []


def test_margins_are_fixed_so_plotly_never_redraws_to_fit_the_legend() -> None:
    fig = gantt_figure(tiny_gantt())
    assert fig.layout.margin.autoexpand is False
    assert fig.layout.legend.x > 1 and fig.layout.legend.xanchor == "left"  # in the right margin


def test_network_depth_follows_precedence_and_phase_links_reach_their_tasks() -> None:
    view = tiny_gantt()
    depths = precedence_depths(view.tasks, view.links)
    # a first; b and c after a; the milestone after the phase, hence after all of a, b, c
    assert depths == {"a": 0, "b": 1, "c": 1, "m": 2}
    columns = {n.task.id: (n.column, n.row) for n in layout_nodes(view)}
    assert columns == {"a": (0, 0), "b": (1, 0), "c": (1, 1), "m": (2, 0)}


def test_network_boxes_show_cpm_dates_and_highlight_the_critical_path() -> None:
    fig = network_figure(tiny_gantt())
    texts = [t for t in fig.data if t.meta == "nodes"]
    labels = [label for t in texts for label in t.text]
    c_label = next(label for label in labels if label.startswith("<b>c</b>"))
    assert "ES 2027-03-04 · EF 2027-03-05" in c_label
    assert "LS 2027-03-09 · LF 2027-03-10" in c_label
    assert "Total float 24.0 h" in c_label
    critical_boxes = [t for t in fig.data if t.meta == "critical-boxes"]
    assert len(critical_boxes) == 2  # b in the phase; the milestone outside any phase
    assert sum(x is None for t in critical_boxes for x in t.x) == 2  # one closed outline per critical task
    critical_links = [t for t in fig.data if t.meta == "critical-links"]
    assert critical_links == []  # a (done) -> b: a is not critical, so no red link
    labels_trace = next(t for t in fig.data if t.meta == "link-labels")
    assert list(labels_trace.text) == ["SS +2d"]


def test_pareto_sorts_causes_and_accumulates_to_100() -> None:
    causes = [CauseSlip(cause="method", slip_days=2.0), CauseSlip(cause="machine", slip_days=6.0)]
    causes.append(CauseSlip(cause="man", slip_days=2.0))
    fig = pareto_figure(causes)
    bars, cumulative = fig.data
    assert list(bars.x) == ["machine", "man", "method"]  # ties broken by name
    assert list(bars.y) == [6.0, 2.0, 2.0]
    assert list(cumulative.y) == pytest.approx([60.0, 80.0, 100.0])


def test_resource_load_colours_over_allocated_and_overtime_days() -> None:
    report = tiny_report()
    fig = resource_load_figure(report.dashboard.loads)
    loads = [t for t in fig.data if t.meta == "load"]
    assert len(loads) == 2
    assert list(loads[0].y) == [8.0, 16.0, 24.0, 0.0, 18.0]
    # day 3: more units booked than there are (red); day 5: beyond the calendar's hours only (amber)
    assert list(loads[0].marker.color) == [LOAD_OK, LOAD_OK, LOAD_OVER, LOAD_OK, LOAD_BEYOND]
    capacity = [t for t in fig.data if t.meta == "capacity"]
    assert all(list(t.y) == [16.0] * 5 and list(t.x) == list(loads[0].x) for t in capacity)
    assert "hours per day" in fig.layout.annotations[0].text


def test_s_curve_earned_value_stops_at_the_status_date() -> None:
    report = tiny_report()
    fig = s_curve_figure(report.dashboard.curve, "EUR", D(2027, 3, 8))
    pv, ev, ac = fig.data
    assert len(pv.x) == 11 and len(ev.x) == 8 and len(ac.x) == 8
    assert ev.y[-1] == pytest.approx(630.0)


def test_trend_skips_unknown_indices() -> None:
    report = tiny_report()
    fig = trend_figure(report.dashboard.trend)
    spi, cpi = fig.data
    assert list(spi.y) == [0.95, 0.9] and list(cpi.y) == [1.05]


def test_resource_load_of_a_long_plan_shows_iso_weeks() -> None:
    monday = dt.date(2027, 3, 1)
    days = tuple(
        LoadPeriod(start=monday + dt.timedelta(days=k), hours=8.0, capacity_hours=16.0, over=False)
        for k in range(7 * 40)
    )
    weeks = tuple(
        LoadPeriod(start=monday + dt.timedelta(days=7 * k), hours=56.0, capacity_hours=80.0, over=k == 1)
        for k in range(40)
    )
    fig = resource_load_figure([ResourceLoad(resource="Crew", capacity=2.0, days=days, weeks=weeks)])
    bars = next(t for t in fig.data if t.meta == "load")
    assert len(bars.x) == 40 and bars.x[0] == "2027-03-01" and bars.x[1] == "2027-03-08"
    assert list(bars.y) == [56.0] * 40
    assert [c == LOAD_OVER for c in bars.marker.color] == [False, True] + [False] * 38
    capacity = next(t for t in fig.data if t.meta == "capacity")
    assert list(capacity.y) == [80.0] * 40
    assert "hours per week" in fig.layout.annotations[0].text

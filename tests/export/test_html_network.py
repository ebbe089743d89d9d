"""The network diagram's collapsed view: one box per phase, merged links, and when it is shown first."""

from __future__ import annotations

import datetime as dt

from test_html_view import D, task, tiny_gantt

from plantrack.export.html.figures_network import COLLAPSED, TASKS_SHOWN_UP_TO, network_figure
from plantrack.export.html.network_phases import collapse_phases
from plantrack.export.html.view import GanttView, LinkView, TaskKind


def test_a_phase_becomes_one_box_spanning_its_work() -> None:
    view = tiny_gantt()
    collapsed = collapse_phases(view)
    assert [t.id for t in collapsed.tasks] == ["ph", "m"]  # the phase, and the top-level milestone
    phase = collapsed.tasks[0]
    assert phase.kind is TaskKind.TASK and phase.parent is None
    # a, b, c run from 1 March 08:00 to 10 March 17:00; c's 24 h float is not the smallest (b is critical)
    assert (phase.early_start, phase.early_finish) == (D(2027, 3, 1, 8), D(2027, 3, 10, 17))
    assert phase.late_finish == D(2027, 3, 10, 17) and phase.total_float_hours == 0.0
    assert phase.critical
    assert collapsed.tasks[1] == view.tasks[4]  # a task outside any phase stays as it is


def test_links_inside_a_phase_vanish_and_links_between_phases_merge() -> None:
    start = D(2027, 3, 1, 8)
    hours = dt.timedelta(hours=8)
    tasks = (
        task("p1", start, start + hours, kind=TaskKind.SUMMARY),
        task("a", start, start + hours, parent="p1"),
        task("b", start, start + hours, parent="p1"),
        task("p2", start, start + hours, kind=TaskKind.SUMMARY),
        task("c", start, start + hours, parent="p2"),
        task("d", start, start + hours, parent="p2"),
        task("e", start, start + hours),
    )
    links = (
        LinkView(predecessor="a", successor="b", type="FS"),  # inside p1
        LinkView(predecessor="a", successor="c", type="FS"),
        LinkView(predecessor="b", successor="d", type="SS", lag_label="+1d"),
        LinkView(predecessor="d", successor="e", type="FF", lag_label="+2h"),
    )
    collapsed = collapse_phases(GanttView(tasks=tasks, links=links))
    assert collapsed.links == (
        LinkView(predecessor="p1", successor="p2", type="", lag_label="2 links"),
        LinkView(predecessor="p2", successor="e", type="FF", lag_label="+2h"),  # a single link keeps its type
    )
    fig = network_figure(GanttView(tasks=tasks, links=links))
    labels = next(t for t in fig.data if t.meta == COLLAPSED + "link-labels")
    assert list(labels.text) == ["2 links", "FF +2h"]


def test_small_plans_open_with_every_task_and_a_switch_to_phases() -> None:
    fig = network_figure(tiny_gantt())
    shown = {t.meta for t in fig.data if t.visible is not False}
    hidden = {t.meta for t in fig.data if t.visible is False}
    assert "nodes" in shown and not any(m.startswith(COLLAPSED) for m in shown)
    assert hidden and all(m.startswith(COLLAPSED) for m in hidden)
    menu = fig.layout.updatemenus[0]
    assert [b.label for b in menu.buttons] == ["Every task", "Phases collapsed"] and menu.active == 0
    every, phases = (b.args[0]["visible"] for b in menu.buttons)
    assert every == [t.visible is not False for t in fig.data]
    assert phases == [not v for v in every]


def test_large_plans_open_with_phases_collapsed() -> None:
    start = D(2027, 3, 1, 8)
    tasks = [task("p", start, start, kind=TaskKind.SUMMARY)]
    tasks += [
        task(f"t{i}", start, start + dt.timedelta(hours=8), parent="p") for i in range(TASKS_SHOWN_UP_TO + 1)
    ]
    fig = network_figure(GanttView(tasks=tuple(tasks)))
    shown = [t for t in fig.data if t.visible is not False]
    assert shown and all(t.meta.startswith(COLLAPSED) for t in shown)
    assert fig.layout.updatemenus[0].active == 1
    assert fig.layout.width == fig.layout.updatemenus[0].buttons[1].args[1]["width"]


def test_a_plan_without_phases_has_no_switch() -> None:
    view = tiny_gantt()
    flat = GanttView(tasks=tuple(t for t in view.tasks if t.kind is TaskKind.MILESTONE))
    fig = network_figure(flat)
    assert not fig.layout.updatemenus and all(t.visible is not False for t in fig.data)

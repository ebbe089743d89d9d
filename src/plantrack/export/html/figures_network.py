"""The PERT network diagram (activity on node): boxes laid out by precedence depth, critical path in red."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from plantrack.export.html.escape import plot_text, truncate
from plantrack.export.html.gantt_text import hover_text
from plantrack.export.html.network_phases import collapse_phases
from plantrack.export.html.view import GanttView, LinkView, TaskKind, TaskView
from plantrack.export.labels import plain
from plantrack.i18n import N_, _, pgettext
from plantrack.i18n.formats import format_day

CRITICAL_COLOUR = "#c62828"
NORMAL_COLOUR = "#546e7a"
BOX_W, BOX_H = 2.6, 1.3  # data units
COL_STEP, ROW_STEP = 3.4, 1.7
COL_PX, ROW_PX = 215, 100
NO_PHASE = N_("(no phase)")
#: Above this many tasks the diagram opens with phases collapsed (one button shows every task).
TASKS_SHOWN_UP_TO = 400
COLLAPSED = "phases:"  # meta prefix of the collapsed view's traces
MENU_PX = 270


@dataclass(frozen=True, slots=True)
class Node:
    task: TaskView
    column: int
    row: int
    phase: str

    @property
    def x(self) -> float:
        return self.column * COL_STEP

    @property
    def y(self) -> float:
        return self.row * ROW_STEP


def _leaves_under(tasks: Sequence[TaskView]) -> dict[str, list[str]]:
    """Summary id -> its leaf descendants (a link on a phase applies to the work inside it)."""
    children: dict[str, list[str]] = defaultdict(list)
    for t in tasks:
        if t.parent is not None:
            children[t.parent].append(t.id)
    kinds = {t.id: t.kind for t in tasks}
    out: dict[str, list[str]] = {}

    def collect(tid: str) -> list[str]:
        if tid in out:
            return out[tid]
        if kinds.get(tid) is not TaskKind.SUMMARY:
            return [tid]
        leaves = [leaf for child in children.get(tid, []) for leaf in collect(child)]
        out[tid] = leaves
        return leaves

    for t in tasks:
        collect(t.id)
    return out


def _longest_chain(nodes: Sequence[str], preds: dict[str, set[str]]) -> dict[str, int]:
    """Longest chain of predecessors before each node (Kahn's order); nodes left in a cycle get 0."""
    depth: dict[str, int] = {}
    remaining = {node: len(preds[node]) for node in nodes}
    succs: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        for p in preds[node]:
            succs[p].append(node)
    ready = [node for node in nodes if remaining[node] == 0]
    for node in ready:
        depth[node] = 0
    while ready:
        node = ready.pop()
        for nxt in succs[node]:
            depth[nxt] = max(depth.get(nxt, 0), depth[node] + 1)
            remaining[nxt] -= 1
            if remaining[nxt] == 0:
                ready.append(nxt)
    for node in nodes:  # a cycle would have been refused by validation; never drop a node regardless
        depth.setdefault(node, 0)
    return depth


def precedence_depths(tasks: Sequence[TaskView], links: Sequence[LinkView]) -> dict[str, int]:
    """Longest chain of predecessors (in links) before each leaf task; summary links reach their leaves."""
    leaves = [t.id for t in tasks if t.kind is not TaskKind.SUMMARY]
    under = _leaves_under(tasks)
    preds: dict[str, set[str]] = {tid: set() for tid in leaves}
    for link in links:
        for succ in under.get(link.successor, [link.successor]):
            for pred in under.get(link.predecessor, [link.predecessor]):
                if succ in preds and pred in preds and pred != succ:
                    preds[succ].add(pred)
    return _longest_chain(leaves, preds)


def _phase_of(tasks: Sequence[TaskView]) -> dict[str, str]:
    """Top-level phase name of every task (the ancestor at WBS depth 0)."""
    by_id = {t.id: t for t in tasks}
    out: dict[str, str] = {}
    for t in tasks:
        top = t
        while top.parent is not None and top.parent in by_id:
            top = by_id[top.parent]
        out[t.id] = (top.name or top.id) if top is not t else _(NO_PHASE)
    return out


def layout_nodes(view: GanttView) -> list[Node]:
    depths = precedence_depths(view.tasks, view.links)
    phases = _phase_of(view.tasks)
    columns: dict[int, list[TaskView]] = defaultdict(list)
    for t in view.tasks:  # WBS order inside a column keeps a phase's tasks together
        if t.kind is not TaskKind.SUMMARY:
            columns[depths[t.id]].append(t)
    nodes = []
    for col, members in columns.items():
        for row, t in enumerate(sorted(members, key=lambda m: (m.early_start, m.id))):
            nodes.append(Node(t, col, row, phases[t.id]))
    return nodes


def _box_label(t: TaskView) -> str:
    return (
        f"<b>{plot_text(truncate(t.id, 28))}</b><br>{plot_text(truncate(t.name, 28))}<br>"
        + _("ES {start} · EF {finish}").format(
            start=format_day(t.early_start), finish=format_day(t.early_finish)
        )
        + "<br>"
        + _("LS {start} · LF {finish}").format(
            start=format_day(t.late_start), finish=format_day(t.late_finish)
        )
        + "<br>"
        + _("Total float {hours} h").format(hours=plain(t.total_float_hours, 1))
    )


def _diagram(view: GanttView, *, prefix: str, legend: bool) -> tuple[list[go.BaseTraceType], int, int]:
    """Box outlines, box texts and links of one view; `prefix` tells the collapsed view's traces apart."""
    nodes = layout_nodes(view)
    at = {n.task.id: n for n in nodes}
    groups: dict[str, list[Node]] = defaultdict(list)
    for n in nodes:
        groups[n.phase].append(n)
    traces: list[go.BaseTraceType] = []
    for number, (phase, members) in enumerate(groups.items()):
        name = plot_text(truncate(phase, 40))
        group = f"{prefix}phase-{number}"  # an id, not the name: no user text outside escaped labels
        for critical in (False, True):
            chosen = [n for n in members if n.task.critical is critical]
            if not chosen:
                continue
            xs: list[float | None] = []
            ys: list[float | None] = []
            for n in chosen:
                x0, y0 = n.x - BOX_W / 2, n.y - BOX_H / 2
                xs += [x0, x0 + BOX_W, x0 + BOX_W, x0, x0, None]
                ys += [y0, y0, y0 + BOX_H, y0 + BOX_H, y0, None]
            colour = CRITICAL_COLOUR if critical else NORMAL_COLOUR
            traces.append(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    fill="toself",
                    fillcolor="#fff5f5" if critical else "#ffffff",
                    line={"color": colour, "width": 2.5 if critical else 1},
                    name=name,
                    legendgroup=group,
                    showlegend=False,
                    hoverinfo="skip",
                    meta=prefix + ("critical-boxes" if critical else "boxes"),
                )
            )
        traces.append(
            go.Scatter(
                x=[n.x for n in members],
                y=[n.y for n in members],
                mode="text",
                text=[_box_label(n.task) for n in members],
                textfont={
                    "size": 10,
                    "color": [CRITICAL_COLOUR if n.task.critical else "#263238" for n in members],
                },
                hovertext=[hover_text(n.task) for n in members],
                hovertemplate="%{hovertext}<extra></extra>",
                name=name,
                legendgroup=group,
                showlegend=legend,
                meta=prefix + "nodes",
            )
        )
    traces.extend(_edge_traces(view.links, at, prefix))
    n_cols = 1 + max((n.column for n in nodes), default=0)
    n_rows = 1 + max((n.row for n in nodes), default=0)
    return traces, n_cols, n_rows


def _frame(n_cols: int, n_rows: int) -> dict[str, Any]:
    """Size and axis ranges that show a grid of n_cols × n_rows boxes at a readable scale."""
    width = max(900, 120 + COL_PX * n_cols)
    return {
        "width": width,
        "height": max(360, 120 + ROW_PX * n_rows),
        "xaxis.range": [-COL_STEP / 2, (n_cols - 0.5) * COL_STEP],
        "yaxis.range": [(n_rows - 0.5) * ROW_STEP, -ROW_STEP / 2],
        "legend.x": MENU_PX / width,  # the legend starts right of the view switch
    }


def network_figure(view: GanttView) -> go.Figure:
    """Activity-on-node diagram: one legend entry per phase (click to hide it), and a switch between
    every task and phases collapsed into one box each; large plans open collapsed."""
    detail, d_cols, d_rows = _diagram(view, prefix="", legend=True)
    collapsed = collapse_phases(view)
    leaves = sum(1 for t in view.tasks if t.kind is not TaskKind.SUMMARY)
    phases: list[go.BaseTraceType] = []
    if len(collapsed.tasks) < leaves:
        phases, p_cols, p_rows = _diagram(collapsed, prefix=COLLAPSED, legend=False)
    start_collapsed = bool(phases) and leaves > TASKS_SHOWN_UP_TO
    show_detail = [True] * len(detail) + [False] * len(phases)
    show_phases = [not shown for shown in show_detail]
    fig = go.Figure(data=[*detail, *phases])
    for trace, shown in zip(fig.data, show_phases if start_collapsed else show_detail, strict=True):
        trace.visible = shown  # False, not "legendonly": hidden traces cost nothing at first render
    frame = _frame(p_cols, p_rows) if start_collapsed else _frame(d_cols, d_rows)
    fig.update_layout(
        autosize=False,
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        hoverlabel={"align": "left"},
        legend={
            "title": {"text": _("Phases (click to hide)")},
            "orientation": "h",
            "y": 1.0,
            "yanchor": "bottom",
        },
        xaxis={"visible": False},
        yaxis={"visible": False},
    )
    fig.update_layout(frame)
    if phases:
        buttons = [
            {
                "label": _("Every task"),
                "method": "update",
                "args": [{"visible": show_detail}, _frame(d_cols, d_rows)],
            },
            {
                "label": _("Phases collapsed"),
                "method": "update",
                "args": [{"visible": show_phases}, _frame(p_cols, p_rows)],
            },
        ]
        fig.update_layout(
            updatemenus=[
                {
                    "type": "buttons",
                    "direction": "right",
                    "active": 1 if start_collapsed else 0,
                    "buttons": buttons,
                    "x": 0,
                    "xanchor": "left",
                    "y": 1.0,
                    "yanchor": "bottom",
                    "pad": {"b": 4},
                    "showactive": True,
                }
            ]
        )
    return fig


def _edge_traces(links: Sequence[LinkView], at: dict[str, Node], prefix: str) -> list[go.BaseTraceType]:
    """Links between drawn nodes; types other than FS and any lag are written at the link's middle."""
    lines: dict[bool, tuple[list[float | None], list[float | None]]] = {False: ([], []), True: ([], [])}
    label_x: list[float] = []
    label_y: list[float] = []
    labels: list[str] = []
    for link in links:
        pred, succ = at.get(link.predecessor), at.get(link.successor)
        if pred is None or succ is None:
            continue
        critical = pred.task.critical and succ.task.critical
        x0, y0 = pred.x + BOX_W / 2, pred.y
        x1, y1 = succ.x - BOX_W / 2, succ.y
        xs, ys = lines[critical]
        xs += [x0, x1, None]
        ys += [y0, y1, None]
        if link.type != "FS" or link.lag_label:
            label_x.append((x0 + x1) / 2)
            label_y.append((y0 + y1) / 2)
            labels.append(f"{pgettext('link type', link.type)} {link.lag_label}".strip())
    traces: list[go.BaseTraceType] = []
    for critical, (xs, ys) in lines.items():
        if xs:
            traces.append(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines+markers",
                    line={
                        "color": CRITICAL_COLOUR if critical else "#90a4ae",
                        "width": 2.5 if critical else 1,
                    },
                    marker={"symbol": "arrow", "angleref": "previous", "size": [0, 9, 0] * (len(xs) // 3)},
                    name=_("Critical path") if critical else _("Dependency"),
                    hoverinfo="skip",
                    meta=prefix + ("critical-links" if critical else "links"),
                )
            )
    if labels:
        traces.append(
            go.Scatter(
                x=label_x,
                y=label_y,
                mode="text",
                text=labels,
                textfont={"size": 9, "color": "#37474f"},
                name=_("Link type and lag"),
                hoverinfo="skip",
                meta=prefix + "link-labels",
            )
        )
    return traces

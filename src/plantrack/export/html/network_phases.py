"""Phases collapsed: the network diagram's overview, one box per top-level WBS item."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from plantrack.export.html.view import GanttView, LinkView, TaskKind, TaskView
from plantrack.i18n import ngettext


def _top_of(tasks: Sequence[TaskView]) -> dict[str, str]:
    """Id of the top-level WBS ancestor of every task (a top-level task is its own)."""
    by_id = {t.id: t for t in tasks}
    out: dict[str, str] = {}
    for t in tasks:
        top = t
        while top.parent is not None and top.parent in by_id:
            top = by_id[top.parent]
        out[t.id] = top.id
    return out


def _phase_box(phase: TaskView, members: Sequence[TaskView]) -> TaskView:
    """A phase as one activity: its work's earliest start to latest finish, its smallest float."""
    work = [t for t in members if t.kind is not TaskKind.SUMMARY] or [phase]
    return replace(
        phase,
        kind=TaskKind.TASK,
        depth=0,
        parent=None,
        start=min(t.start for t in work),
        finish=max(t.finish for t in work),
        early_start=min(t.early_start for t in work),
        early_finish=max(t.early_finish for t in work),
        late_start=min(t.late_start for t in work),
        late_finish=max(t.late_finish for t in work),
        total_float_hours=min(t.total_float_hours for t in work),
        critical=any(t.critical for t in work),
    )


def collapse_phases(view: GanttView) -> GanttView:
    """Every top-level phase becomes one box; links between phases are merged into one each.

    A merged link keeps its type and lag only when it stands for a single link, else it is labelled
    with how many it stands for; links inside a phase disappear. Top-level tasks outside any phase
    stay as they are.
    """
    top = _top_of(view.tasks)
    members: dict[str, list[TaskView]] = {}
    for t in view.tasks:
        members.setdefault(top[t.id], []).append(t)
    tasks = tuple(
        _phase_box(t, members[t.id]) if t.kind is TaskKind.SUMMARY else t
        for t in view.tasks
        if t.parent is None or t.parent not in top
    )
    pairs: Counter[tuple[str, str]] = Counter()
    single: dict[tuple[str, str], LinkView] = {}
    for link in view.links:
        if link.predecessor not in top or link.successor not in top:
            continue
        pair = (top[link.predecessor], top[link.successor])
        if pair[0] != pair[1]:
            pairs[pair] += 1
            single[pair] = link
    links = tuple(
        replace(single[pair], predecessor=pair[0], successor=pair[1])
        if count == 1
        # no single type for merged links: the label tells how many links the arrow stands for
        else LinkView(
            predecessor=pair[0],
            successor=pair[1],
            type="",
            lag_label=ngettext("{count} link", "{count} links", count).format(count=count),
        )
        for pair, count in pairs.items()
    )
    return GanttView(
        tasks=tasks,
        links=links,
        bands=view.bands,
        status_date=view.status_date,
        baseline_name=view.baseline_name,
    )

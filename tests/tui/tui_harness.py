"""A hand-built plan for widget tests (no scheduler involved) and a harness app that shows it."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from textual.app import App, ComposeResult

from plantrack.tui.plan.gantt import GanttView
from plantrack.tui.plan.gantt_layout import Backdrop, Bar, BarKind
from plantrack.tui.plan.outline import Outline, OutlineItem
from plantrack.tui.plan.view import PlanView, TaskRow


def d(text: str) -> dt.datetime:
    """A 2027 instant written "MM-DD HH:MM", or a full ISO datetime."""
    return dt.datetime.fromisoformat(text if len(text) > 11 else f"2027-{text}")


def pilot_test(scenario: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async pilot scenario as a plain test (no async plugin needed)."""

    @functools.wraps(scenario)
    def test(*args: Any, **kwargs: Any) -> None:
        asyncio.run(scenario(*args, **kwargs))

    return test


#: id, parent, name, start, finish, kind, critical, driving
SPEC: list[tuple[str, str | None, str, str, str, BarKind, bool, str | None]] = [
    ("study", None, "Study", "03-15 08:00", "03-19 17:00", BarKind.SUMMARY, True, None),
    ("spec", "study", "Functional specification", "03-15 08:00", "03-16 17:00", BarKind.TASK, True, None),
    ("consult", "study", "Supplier consultation", "03-17 08:00", "03-19 17:00", BarKind.TASK, True, "spec"),
    ("gate", "study", "Spec validated", "03-19 17:00", "03-19 17:00", BarKind.MILESTONE, True, "consult"),
    ("proc", None, "Procurement", "03-22 08:00", "04-09 17:00", BarKind.SUMMARY, False, None),
    ("order", "proc", "Order station", "03-22 08:00", "03-23 17:00", BarKind.TASK, False, "gate"),
    ("lead", "proc", "Supplier lead time", "03-24 08:00", "04-09 17:00", BarKind.TASK, False, "order"),
]  # fmt: skip


def make_plan(extra_names: list[str] | None = None, rows: int = 0) -> PlanView:
    """The small plan above, plus tasks named from `extra_names`, plus `rows` filler tasks."""
    spec = list(SPEC)
    for i, name in enumerate(extra_names or []):
        spec.append((f"h{i}", None, name, "03-15 08:00", "03-17 17:00", BarKind.TASK, False, None))
    for i in range(rows):
        start = d("03-15 08:00") + dt.timedelta(days=i % 30)
        finish = start + dt.timedelta(hours=9)
        spec.append(
            (f"n{i}", None, f"Filler {i}", start.isoformat(), finish.isoformat(), BarKind.TASK, False, None)
        )
    task_rows: dict[str, TaskRow] = {}
    items: list[OutlineItem] = []
    for ident, parent, name, start, finish, kind, critical, driving in spec:
        bar = Bar(start=d(start), finish=d(finish), kind=kind, critical=critical)
        task_rows[ident] = TaskRow(
            id=ident,
            name=name,
            bar=bar,
            start=d(start),
            finish=d(finish),
            float_text="0d" if critical else "3d",
            critical=critical,
            late=ident == "consult",
            driving=driving,
            milestone=kind is BarKind.MILESTONE,
        )
        items.append(
            OutlineItem(id=ident, parent=parent, name=name, critical=critical, late=ident == "consult")
        )
    weekend = frozenset(dt.date(2027, 3, 13) + dt.timedelta(days=7 * k + j) for k in range(6) for j in (0, 1))
    return PlanView(
        title="Screwing station retrofit",
        rows=task_rows,
        outline=Outline(items),
        backdrop=Backdrop(nonworking=weekend, status=d("03-17 00:00"), today=d("03-18 10:00")),
        first=d("03-15 08:00"),
        last=d("04-09 17:00"),
        status_date=d("03-17 00:00"),
        today=d("03-18 10:00"),
    )


class Harness(App[None]):
    """Just the Gantt, showing a given plan."""

    def __init__(self, plan: PlanView, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.plan = plan

    def compose(self) -> ComposeResult:
        yield GanttView(id="gantt")

    def on_mount(self) -> None:
        self.query_one(GanttView).set_plan(self.plan)

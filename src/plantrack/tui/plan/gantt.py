"""The Gantt chart: one Line-API ScrollView with fixed date-scale rows and fixed label columns.

This module holds the keys, the cursor, folding, filters and zoom; painting (only visible lines, strips
cached) is in `gantt_paint`. Geometry comes from the pure `gantt_layout` and `outline` modules; colours
come from the CSS component classes below.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message

from plantrack.i18n import N_, _
from plantrack.tui.keys import translate_bindings
from plantrack.tui.plan.gantt_layout import TimeScale, zoom_in, zoom_out
from plantrack.tui.plan.gantt_paint import (
    COMPACT_BELOW,
    COMPACT_COLUMNS,
    FULL_COLUMNS,
    HEADER_ROWS,
    STYLE_KEYS,
    GanttPaint,
)
from plantrack.tui.plan.outline import RowFilter
from plantrack.tui.plan.view import PlanView

#: What `jump` says when the date it was asked for does not exist.
NO_DATE = {
    "today": N_("no today date to jump to"),
    "status": N_("no status date to jump to"),
    "start": N_("no start date to jump to"),
    "task": N_("no task date to jump to"),
}

__all__ = ["COMPACT_COLUMNS", "FULL_COLUMNS", "HEADER_ROWS", "GanttView"]


class GanttView(GanttPaint, can_focus=True):
    """Rows of tasks against a time scale; keys move the cursor, scroll, zoom, fold and filter."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "gantt--header",
        "gantt--label",
        "gantt--cursor",
        "gantt--critical-label",
        "gantt--separator",
        *(f"gantt--{key}" for key in STYLE_KEYS),
    }

    DEFAULT_CSS = """
    GanttView { background: $surface; color: $foreground; }
    GanttView > .gantt--header { background: $panel; color: $foreground; text-style: bold; }
    GanttView > .gantt--label { color: $foreground; }
    GanttView > .gantt--cursor { background: $accent 40%; }
    GanttView > .gantt--critical-label { color: $error; }
    GanttView > .gantt--separator { color: $foreground-muted; }
    GanttView > .gantt--done { color: $success; }
    GanttView > .gantt--critical { color: $error; }
    GanttView > .gantt--remaining { color: $primary; }
    GanttView > .gantt--summary { color: $foreground; }
    GanttView > .gantt--milestone { color: $warning; }
    GanttView > .gantt--baseline { color: $secondary; }
    GanttView > .gantt--nonworking { color: $surface-darken-1; }
    GanttView > .gantt--window { color: $warning 60%; }
    GanttView > .gantt--status { color: $accent; }
    GanttView > .gantt--today { color: $success; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", N_("Task"), show=False),
        Binding("down,j", "cursor(1)", N_("Task"), show=False),
        Binding("pageup", "cursor_page(-1)", N_("Page up"), show=False),
        Binding("pagedown", "cursor_page(1)", N_("Page down"), show=False),
        Binding("home", "cursor_to(0)", N_("First"), show=False),
        Binding("end", "cursor_to(-1)", N_("Last"), show=False),
        Binding("left", "pan(-1)", N_("Scroll"), show=False),
        Binding("right", "pan(1)", N_("Scroll"), show=False),
        Binding("shift+left", "pan(-4)", N_("Scroll far"), show=False),
        Binding("shift+right", "pan(4)", N_("Scroll far"), show=False),
        Binding("plus,equals_sign", "zoom(-1)", N_("Zoom in")),
        Binding("minus", "zoom(1)", N_("Zoom out")),
        Binding("t", "jump('today')", N_("Today")),
        Binding("s", "jump('status')", N_("Status date"), show=False),
        Binding("g", "jump('task')", N_("Go to bar"), show=False),
        Binding("c", "toggle_filter('critical')", N_("Critical")),
        Binding("l", "toggle_filter('late')", N_("Late")),
        Binding("f", "follow_driver", N_("Driver")),
        Binding("space", "fold", N_("Fold"), show=False),
        Binding("b", "toggle_baseline", N_("Baseline"), show=False),
        Binding("v", "toggle_columns", N_("Columns"), show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)

    class Selected(Message):
        """The cursor moved to another task (None when no row is visible)."""

        def __init__(self, task_id: str | None) -> None:
            super().__init__()
            self.task_id = task_id

    class Activated(Message):
        """Enter or a double click on a task: the app opens its form."""

        def __init__(self, task_id: str) -> None:
            super().__init__()
            self.task_id = task_id

    # ------------------------------------------------------------------ state

    def set_plan(self, plan: PlanView, *, keep: str | None = None) -> None:
        """Show a (re-computed) plan, keeping the selected task and the view where they were."""
        keep = keep if keep is not None else self.selected_id
        first_time = self.plan is None
        self.plan = plan
        self.scale = TimeScale.covering(plan.first, plan.last, self.zoom)
        self._rebuild(keep)
        if first_time:
            self.call_after_refresh(self.action_jump, "status" if plan.status_date else "start")

    def _rebuild(self, keep: str | None = None) -> None:
        self.generation += 1
        self._backdrop = None
        self.rows = self.plan.outline.rows(self.collapsed, self.row_filter) if self.plan else []
        index = next((i for i, row in enumerate(self.rows) if row.id == keep), None)
        self.cursor = index if index is not None else min(self.cursor, max(0, len(self.rows) - 1))
        columns = self.scale.columns if self.scale else 0
        self.virtual_size = Size(self.label_width + columns, HEADER_ROWS + len(self.rows))
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Selected(self.selected_id))

    # ------------------------------------------------------------------ actions

    def move_cursor(self, index: int) -> None:
        if not self.rows:
            return
        index = max(0, min(len(self.rows) - 1, index))
        previous = self.cursor
        if index != previous:
            self.cursor = index
            self.post_message(self.Selected(self.selected_id))
        top = round(self.scroll_y)
        self._scroll_cursor_into_view()
        if round(self.scroll_y) == top:  # no scroll: only the two rows whose highlight changed
            for row in (previous, index):
                self.refresh_line(row + HEADER_ROWS)
        else:
            self.refresh()

    def select(self, task_id: str) -> bool:
        """Put the cursor on a task, unfolding its phases and dropping a filter that hides it."""
        if self.plan is None or task_id not in self.plan.rows:
            return False
        ancestors = set(self.plan.outline.ancestors(task_id))
        if ancestors & self.collapsed:
            self.collapsed = self.collapsed - ancestors
        if task_id not in {row.id for row in self.plan.outline.rows(self.collapsed, self.row_filter)}:
            self.row_filter = RowFilter()
        self._rebuild(task_id)
        return True

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor + step)

    def action_cursor_page(self, step: int) -> None:
        self.move_cursor(self.cursor + step * max(1, self.size.height - HEADER_ROWS - 1))

    def action_cursor_to(self, index: int) -> None:
        self.move_cursor(index if index >= 0 else len(self.rows) - 1)

    def action_pan(self, step: int) -> None:
        self.scroll_to(x=self.scroll_x + step * max(1, self.timeline_width // 4), animate=False)

    def action_zoom(self, step: int) -> None:
        if self.scale is None:
            return
        centre = self.scale.at(self.scroll_x + self.timeline_width / 2)
        self.zoom = zoom_in(self.zoom) if step < 0 else zoom_out(self.zoom)
        self.scale = self.scale.rezoom(self.zoom)
        self._rebuild()
        self.scroll_to(x=max(0, round(self.scale.col(centre) - self.timeline_width / 2)), animate=False)

    def action_jump(self, where: str) -> None:
        """Scroll the timeline so `today`, the status date, the plan start or the selected bar shows."""
        if self.scale is None or self.plan is None:
            return
        target = {
            "today": self.plan.today,
            "status": self.plan.status_date,
            "start": self.plan.first,
        }.get(where)
        if where == "task" and self.selected_id is not None:
            target = self.plan.rows[self.selected_id].start
        if target is None:
            self.notify(_(NO_DATE[where]), severity="warning")
            return
        self.scroll_to(x=max(0, self.scale.cell(target) - self.timeline_width // 3), animate=False)

    def action_toggle_filter(self, which: str) -> None:
        current = self.row_filter
        if which == "critical":
            self.row_filter = RowFilter(
                critical_only=not current.critical_only, late_only=current.late_only, text=current.text
            )
        else:
            self.row_filter = RowFilter(
                critical_only=current.critical_only, late_only=not current.late_only, text=current.text
            )
        self._rebuild()

    def set_text_filter(self, text: str) -> None:
        current = self.row_filter
        self.row_filter = RowFilter(
            critical_only=current.critical_only, late_only=current.late_only, text=text
        )
        self._rebuild()

    def action_fold(self) -> None:
        ident = self.selected_id
        if ident is None or self.plan is None or not self.plan.outline.is_summary(ident):
            return
        self.collapsed = self.collapsed ^ {ident}
        self._rebuild(ident)

    def action_follow_driver(self) -> None:
        ident = self.selected_id
        row = self.plan.rows.get(ident) if self.plan and ident else None
        if row is None or row.driving is None:
            self.notify(_("this task has no driving predecessor"), severity="information")
            return
        self.select(row.driving)

    def action_toggle_baseline(self) -> None:
        self.baseline = not self.baseline
        self._rebuild()

    def action_toggle_columns(self) -> None:
        self.compact = not self.compact
        self.auto_columns = False  # the user chose: resizing no longer switches
        self._rebuild()

    def on_resize(self, event: events.Resize) -> None:
        """Below 100 columns the dates and float give way to the timeline (v shows them again)."""
        compact = event.size.width < COMPACT_BELOW
        if self.auto_columns and compact != self.compact:
            self.compact = compact
            self._rebuild()

    def key_enter(self) -> None:
        if self.selected_id is not None:
            self.post_message(self.Activated(self.selected_id))

    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y - HEADER_ROWS
        if event.y < HEADER_ROWS or not 0 <= index < len(self.rows):
            return
        self.move_cursor(index)
        if event.chain >= 2 and self.selected_id is not None:
            self.post_message(self.Activated(self.selected_id))

    def _scroll_cursor_into_view(self) -> None:
        visible = max(1, self.scrollable_content_region.height - HEADER_ROWS)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

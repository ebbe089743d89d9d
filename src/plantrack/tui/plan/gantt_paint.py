"""Painting the Gantt: one strip per visible line, from the pure layout modules, cached per generation.

`GanttPaint` holds the caches and paints; `GanttView` (widgets/gantt.py) adds keys, cursor and state.
Each painted row is kept in an LRU strip cache keyed by a generation counter that any change of plan,
zoom, filter, folding or theme bumps, so a cursor move repaints only the two rows whose highlight changed.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.scroll_view import ScrollView
from textual.strip import Strip

from plantrack.i18n import N_, _, ngettext, pgettext
from plantrack.tui.plan.gantt_layout import (
    ROW_BG,
    Cell,
    TimeScale,
    Zoom,
    backdrop_cells,
    bar_cells,
    header_line,
    to_runs,
)
from plantrack.tui.plan.outline import OutlineRow, RowFilter
from plantrack.tui.plan.view import PlanView, TaskRow, display_text

HEADER_ROWS = 2
COMPACT_BELOW = 100
#: (title, width, right-aligned) of the label columns; the name column takes what is left of NAME_WIDTH.
FULL_COLUMNS = (
    (N_("WBS"), 6, False),
    (N_("Task"), 30, False),
    (N_("Start"), 5, False),
    (N_("Finish"), 5, False),
    (N_("Float"), 6, True),
)
COMPACT_COLUMNS = ((N_("WBS"), 5, False), (N_("Task"), 22, False))
STYLE_KEYS = ("done", "critical", "remaining", "summary", "milestone", "baseline", "nonworking", "window",
              "status", "today")  # fmt: skip


def column_title(title: str) -> str:
    """A label column's title in the current language (the Start column is the start date, not the verb)."""
    return pgettext("gantt column", "Start") if title == "Start" else _(title)


class GanttPaint(ScrollView):
    """The Gantt's state and painting; navigation and keys live in `GanttView`."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.plan: PlanView | None = None
        self.zoom = Zoom.WEEK
        self.scale: TimeScale | None = None
        self.collapsed: frozenset[str] = frozenset()
        self.row_filter = RowFilter()
        self.baseline = False
        self.compact = False
        self.auto_columns = True
        self.rows: list[OutlineRow] = []
        self.cursor = 0
        self.generation = 0
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._palette: dict[str, Style] = {}
        self._run_styles: dict[tuple[str | None, str | None, Style], Style] = {}
        self._row_style_cache: dict[bool, tuple[Style, Style, Style, Style]] = {}
        self._backdrop: tuple[tuple[int, int, int], list[Cell]] | None = None

    @property
    def selected_id(self) -> str | None:
        return self.rows[self.cursor].id if 0 <= self.cursor < len(self.rows) else None

    @property
    def label_width(self) -> int:
        columns = COMPACT_COLUMNS if self.compact else FULL_COLUMNS
        return (
            1 + sum(width + 1 for _title, width, _right in columns) + 1
        )  # critical mark, columns, separator

    @property
    def timeline_width(self) -> int:
        return max(0, self.scrollable_content_region.width - self.label_width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._palette.clear()
        self._run_styles.clear()
        self._row_style_cache.clear()
        self.generation += 1
        self._backdrop = None

    # ------------------------------------------------------------------ painting

    def _style(self, key: str) -> Style:
        style = self._palette.get(key)
        if style is None:
            style = self.get_component_rich_style(f"gantt--{key}")
            self._palette[key] = style
        return style

    def _colours(self, fg: str | None, bg: str | None, row: Style) -> Style:
        """A run's style: each key's colour from its component class; None/ROW_BG = the row's colours.

        Memoised so equal runs share one Style object: Textual's line filters cache per style, and
        comparing fresh Style objects cell by cell costs more than painting.
        """
        key = (fg, bg, row)
        style = self._run_styles.get(key)
        if style is None:
            if fg is None:
                fore = row.color
            elif fg == ROW_BG:
                fore = row.bgcolor
            else:
                fore = self._style(fg).color
            back = row.bgcolor if bg is None or bg == ROW_BG else self._style(bg).color
            style = self._run_styles[key] = Style(color=fore, bgcolor=back)
        return style

    def _row_styles(self, cursor: bool) -> tuple[Style, Style, Style, Style]:
        """Row base, label, critical mark and separator styles (memoised per palette)."""
        found = self._row_style_cache.get(cursor)
        if found is None:
            base = self.rich_style
            if cursor:
                base = Style(color=base.color, bgcolor=self._style("cursor").bgcolor or base.bgcolor)
            found = (
                base,
                Style(color=self._style("label").color, bgcolor=base.bgcolor),
                Style(color=self._style("critical-label").color, bgcolor=base.bgcolor, bold=True),
                Style(color=self._style("separator").color, bgcolor=base.bgcolor),
            )
            self._row_style_cache[cursor] = found
        return found

    def _viewport(self) -> tuple[int, int]:
        assert self.scale is not None
        c0 = max(0, round(self.scroll_x))
        return c0, min(self.scale.columns, c0 + self.timeline_width)

    def _shared_backdrop(self, c0: int, c1: int) -> list[Cell]:
        key = (self.generation, c0, c1)
        if self._backdrop is None or self._backdrop[0] != key:
            assert self.scale is not None and self.plan is not None
            self._backdrop = (key, backdrop_cells(self.scale, self.plan.backdrop, c0, c1))
        return self._backdrop[1]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self.plan is None or self.scale is None:
            return Strip.blank(width, self.rich_style)
        c0, c1 = self._viewport()
        if y < HEADER_ROWS:
            key: tuple[object, ...] = (self.generation, "header", y, c0, c1, width)
        else:
            index = round(self.scroll_y) + y - HEADER_ROWS
            if index >= len(self.rows):
                return Strip.blank(width, self.rich_style)
            key = (self.generation, index, c0, c1, width, index == self.cursor)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._header(y, c0, c1) if y < HEADER_ROWS else self._row(index, c0, c1)
            strip = strip.adjust_cell_length(width, self.rich_style)
            self._strips[key] = strip
        return strip

    def _header(self, level: int, c0: int, c1: int) -> Strip:
        assert self.scale is not None
        style = self._style("header")
        labels = ""
        if level == 0:
            for title, width, right in COMPACT_COLUMNS if self.compact else FULL_COLUMNS:
                shown = column_title(title)
                labels += (shown.rjust(width) if right else shown.ljust(width)) + " "
        segments = [
            Segment(" " + set_cell_size(labels, self.label_width - 2), style),
            Segment("│", style),
            Segment(header_line(self.scale, level, c0, c1), style),
        ]
        return Strip(segments)

    def _label_texts(self, row: OutlineRow, task: TaskRow) -> list[str]:
        glyph = ("▸ " if row.collapsed else "▾ ") if row.is_summary else ("◆ " if task.milestone else "")
        # user text: control characters never reach the terminal, whoever built the row
        hidden = ngettext("{count} task", "{count} tasks", row.hidden).format(count=row.hidden)
        name = "  " * row.depth + glyph + display_text(task.name) + (f"  ({hidden})" if row.collapsed else "")
        texts = [row.wbs, name]
        if not self.compact:
            day = _("%m-%d")  # the short date of the Start and Finish columns (French: %d/%m)
            texts += [task.start.strftime(day), task.finish.strftime(day), task.float_text]
        return texts

    def _row(self, index: int, c0: int, c1: int) -> Strip:
        assert self.plan is not None and self.scale is not None
        row = self.rows[index]
        task = self.plan.rows[row.id]
        base, label_style, mark_style, separator_style = self._row_styles(index == self.cursor)
        segments = [Segment("!" if task.critical else " ", mark_style)]
        columns = COMPACT_COLUMNS if self.compact else FULL_COLUMNS
        for (_title, width, right), text in zip(columns, self._label_texts(row, task), strict=True):
            # user text goes in as a Segment: never parsed as markup; cut by terminal cells, not chars
            fitted = set_cell_size(text, width) if cell_len(text) > width or not right else text.rjust(width)
            segments.append(Segment(fitted + " ", label_style))
        segments.append(Segment("│", separator_style))
        cells = bar_cells(task.bar, self.scale, self._shared_backdrop(c0, c1), c0, baseline=self.baseline)
        segments.extend(Segment(run.text, self._colours(run.fg, run.bg, base)) for run in to_runs(cells))
        return Strip(segments)

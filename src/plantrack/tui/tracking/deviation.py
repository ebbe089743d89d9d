"""Deviation report: baseline vs forecast per task, sortable and filterable, KPIs on top, slip Pareto."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from plantrack.export.labels import code_label, plain, signed, yes
from plantrack.i18n import N_, _
from plantrack.i18n.formats import format_day, format_money, format_percent
from plantrack.operations.tracking_view import baseline_names, deviation, slip_days
from plantrack.scheduling.errors import PlantrackError
from plantrack.scheduling.tracking.analysis import Analysis
from plantrack.scheduling.tracking.variance import TaskVariance
from plantrack.store import WorkspaceState
from plantrack.tui.keys import translate_bindings
from plantrack.tui.plan.outline import Outline, OutlineItem
from plantrack.tui.plan.view import display_text

COLUMNS = (
    ("wbs", N_("WBS")),
    ("task", N_("Task")),
    ("bl_finish", N_("BL finish")),
    ("forecast", N_("Forecast")),
    ("slip", N_("Slip")),
    ("done", N_("Done")),
    ("cause", N_("Cause")),
    ("inherited", N_("Inherited from")),  # whose slip it passes on: never a cause of its own
    ("float", N_("Critical")),  # after Cause: the Slip column's "!" already marks the late critical tasks
    ("owner", N_("Owner")),
    ("note", N_("Note")),
)

#: long free-text columns get a fixed width (DataTable cuts them); the others fit their content
WIDTHS = {"task": 34, "owner": 14, "note": 24}
#: the Task column narrows (down to this) so that every column up to Cause shows on an 80-column terminal
MIN_TASK_WIDTH = 12
#: columns a small terminal must still show without scrolling sideways
MUST_SHOW = ("wbs", "task", "bl_finish", "forecast", "slip", "done", "cause")
CELL_PADDING = 1  # DataTable's default, on each side of a cell
SCROLLBAR = 2  # the table's vertical scrollbar


def column_widths(cells: list[list[Text]], screen_width: int) -> dict[str, int]:
    """Each column's width: its content's (long text capped by `WIDTHS`), the Task column narrower
    when the columns up to Cause would not fit the terminal otherwise."""
    widths: dict[str, int] = {}
    for i, (key, label) in enumerate(COLUMNS):
        content = max([len(_(label)), *(line[i].cell_len for line in cells)])
        widths[key] = min(content, WIDTHS.get(key, content))
    others = sum(widths[key] + 2 * CELL_PADDING for key in MUST_SHOW if key != "task")
    room = screen_width - SCROLLBAR - others - 2 * CELL_PADDING
    widths["task"] = max(MIN_TASK_WIDTH, min(widths["task"], room))
    return widths


def _ratio(value: float | None) -> str:
    return "—" if value is None else plain(value, 2)


class DeviationScreen(Screen[None]):
    """Opened from the Gantt with D; b cycles through baselines, l shows late tasks only."""

    DEFAULT_CSS = """
    DeviationScreen #kpis { height: auto; padding: 0 1; background: $panel; text-style: bold; }
    DeviationScreen DataTable { height: 1fr; }
    DeviationScreen #pareto { height: auto; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,D", "app.pop_screen", N_("Back")),
        Binding("b", "next_baseline", N_("Baseline")),
        Binding("l", "late_only", N_("Late only")),
        Binding("s", "sort_slip", N_("Sort by slip")),
    ]

    def __init__(self, state: WorkspaceState) -> None:
        super().__init__()
        translate_bindings(self)
        self.state = state
        self.names = baseline_names(state)
        self.baseline: str | None = self.names[-1] if self.names else None
        self.late_only = False
        self.analysis: Analysis | None = None
        self.slip_order = 0  # 0: WBS order, -1: largest slip first, 1: smallest first
        self.shown: list[list[Text]] = []  # the table's cells, as last filled
        self.widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="kpis")
        yield DataTable(id="deviations", zebra_stripes=True, cursor_type="row")
        yield Static("", id="pareto")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        # the Task column's width follows the terminal's: re-fill only when it changes (keeps the cursor)
        if self.analysis is not None and self.widths != column_widths(self.shown, self.app.size.width):
            self.fill()

    def reload(self) -> None:
        kpis = self.query_one("#kpis", Static)
        try:
            self.analysis = deviation(self.state, self.baseline)
        except PlantrackError as exc:
            self.analysis = None
            kpis.update(Content("\n".join(p.message for p in exc.problems())))
            return
        report = self.analysis.report
        ev = report.ev
        currency = display_text(self.state.project.currency)
        name = display_text(report.baseline)
        kpis.update(
            Content(
                _("Deviations vs baseline {name} · status {date}").format(
                    name=name, date=format_day(report.status_date)
                )
                + "    "
                + _("SPI {spi}  CPI {cpi}  EAC {eac}").format(
                    spi=_ratio(ev.spi), cpi=_ratio(ev.cpi), eac=format_money(ev.eac, currency, 0)
                )
                + "  "
                + _("finish {date} ({days}d)").format(
                    date=format_day(report.forecast_finish), days=signed(report.finish_slip_days)
                )
            )
        )
        pareto = "  ".join(
            _("{cause} {days}d ({share})").format(
                cause=display_text(code_label(p.cause)),
                days=plain(p.slip_days, 1),
                share=format_percent(p.share, 0),
            )
            for p in report.pareto
        )
        # slips are days of each task's own calendar; inherited slip counts where it was introduced
        self.query_one("#pareto", Static).update(
            Content(_("Introduced slip by cause (task days): {pareto}").format(pareto=pareto or _("none")))
        )
        self.fill()

    def fill(self) -> None:
        assert self.analysis is not None
        table = self.query_one(DataTable)
        table.clear()
        project = self.state.project
        tasks = project.task_map()
        outline = Outline([OutlineItem(id=t.id, parent=t.parent) for t in project.tasks])
        rows: list[TaskVariance] = list(self.analysis.report.tasks)
        if self.late_only:
            rows = [r for r in rows if r.finish_variance_minutes > 0]
        if self.slip_order:
            rows.sort(key=lambda r: self.slip_order * r.finish_variance_minutes)
        cells = [self._cells(row, outline.wbs.get(row.id, ""), tasks[row.id].owner) for row in rows]
        # every column gets its width here: DataTable's own auto widths are measured on idle, after a
        # first paint that may already have been cached with the header's widths
        self.shown, self.widths = cells, column_widths(cells, self.app.size.width)
        table.clear(columns=True)
        for key, label in COLUMNS:
            table.add_column(_(label), key=key, width=self.widths[key])
        for row, line in zip(rows, cells, strict=True):
            table.add_row(*line, key=row.id)

    def _cells(self, row: TaskVariance, wbs: str, owner: str) -> list[Text]:
        slip = row.finish_variance_minutes
        # colour by severity, and a glyph so it reads in monochrome: ! late on the critical path
        severity = "bold red" if slip > 0 and row.critical else "yellow" if slip > 0 else ""
        mark = " !" if slip > 0 and row.critical else ""
        return [
            Text(wbs),
            Text(display_text(row.name or row.id)),
            Text(row.baseline_finish.strftime(_("%m-%d"))),
            Text(row.forecast_finish.strftime(_("%m-%d"))),
            Text(slip_days(row) + mark, style=severity),
            Text(format_percent(row.percent_complete, 0)),
            Text(display_text(code_label(row.cause) if row.cause else "")),
            Text(display_text(row.inherited_from or "")),
            Text(yes() if row.critical else ""),
            Text(display_text(owner)),
            Text(display_text(row.note)),
        ]

    def action_next_baseline(self) -> None:
        if len(self.names) < 2:
            self.notify(_("only one baseline saved") if self.names else _("no baseline saved"))
            return
        index = self.names.index(self.baseline) if self.baseline in self.names else -1
        self.baseline = self.names[(index + 1) % len(self.names)]
        self.reload()

    def action_late_only(self) -> None:
        self.late_only = not self.late_only
        if self.analysis is not None:
            self.fill()

    def action_sort_slip(self) -> None:
        """Largest slip first; again for smallest first."""
        self.slip_order = -1 if self.slip_order != -1 else 1
        if self.analysis is not None:
            self.fill()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """Click a column header to sort by it (text order; slip has its own numeric sort on s)."""
        if event.column_key.value == "slip":
            self.action_sort_slip()
        else:
            event.data_table.sort(event.column_key, key=lambda cell: str(cell))

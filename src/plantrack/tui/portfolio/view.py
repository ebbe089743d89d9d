"""The portfolio widget: paints the lines `layout` places, keeps the selected project, enter opens it."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.widget import Widget

from plantrack.i18n import N_, _
from plantrack.operations.plant_report import Portfolio
from plantrack.tui.keys import translate_bindings
from plantrack.tui.portfolio.layout import (
    Line,
    axis_for,
    columns_for,
    header,
    legend,
    load_row,
    overload_lines,
    project_row,
    unresolved_row,
)

#: Style names of the layout's runs: every colour also has its glyph, so the screen reads in monochrome.
STYLES = {
    "header": "bold",
    "phase": "$primary",
    "milestone": "bold",
    "gate": "bold $warning",
    "over": "bold $error",
    "late": "$warning",
    "load": "$success",
    "idle": "dim",
    "today": "$accent",
    "dim": "dim",
    "selected": "reverse",
}


def portfolio_lines(portfolio: Portfolio, width: int, selected: int | None) -> list[Line]:
    """The whole screen's body: projects, then the shared load, its over-allocations and the legend."""
    cols = columns_for(portfolio, width)
    axis = axis_for(portfolio, cols.strip)
    lines: list[Line] = [header(axis, cols)]
    for i, line in enumerate(portfolio.projects):
        row = project_row(line, axis, cols)
        lines.append(tuple((text, "selected") for text, _s in row) if i == selected else row)
    # a project that no longer resolves against the plant keeps a row naming why (it cannot be opened)
    lines += [unresolved_row(member, cols) for member in portfolio.unresolved]
    if not portfolio.projects and not portfolio.unresolved:
        lines.append(((_("no project in this plant: add one with `plantrack plant add`"), "dim"),))
    lines.append(())
    lines.append(((_("Shared resources, load by week"), "header"),))
    lines += [load_row(load, axis, cols) for load in portfolio.loads]
    lines += overload_lines(portfolio)
    lines.append(legend())
    return lines


def to_content(lines: list[Line]) -> Content:
    """Styled runs to Content: user text stays text (no markup is parsed)."""
    parts: list[Content] = []
    for i, line in enumerate(lines):
        if i:
            parts.append(Content("\n"))
        parts += [Content.styled(text, STYLES.get(style, "")) for text, style in line]
    return Content("").join(parts)


class PortfolioView(Widget, can_focus=True):
    """One row per project on a shared time axis, the shared resources' load below."""

    DEFAULT_CSS = "PortfolioView { height: auto; padding: 0 1; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", N_("Up"), show=False),
        Binding("down,j", "move(1)", N_("Down"), show=False),
        Binding("enter", "open", N_("Open")),
    ]

    class Opened(Message):
        """The user asked to open the selected project."""

        def __init__(self, workspace: str) -> None:
            super().__init__()
            self.workspace = workspace

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.portfolio: Portfolio | None = None
        self.selected = 0

    def show(self, portfolio: Portfolio) -> None:
        """Paint `portfolio`, keeping the selected project where it still is."""
        old = self.selected_workspace()
        self.portfolio = portfolio
        names = [p.workspace for p in portfolio.projects]
        self.selected = names.index(old) if old in names else min(self.selected, max(0, len(names) - 1))
        self.refresh(layout=True)

    def selected_workspace(self) -> str | None:
        if self.portfolio is None or not self.portfolio.projects:
            return None
        return self.portfolio.projects[self.selected].workspace

    def render(self) -> Content:
        if self.portfolio is None:
            return Content("")
        width = max(40, self.size.width or self.app.size.width - 2)
        return to_content(portfolio_lines(self.portfolio, width, self.selected))

    def action_move(self, step: int) -> None:
        if self.portfolio is not None and self.portfolio.projects:
            self.selected = max(0, min(len(self.portfolio.projects) - 1, self.selected + step))
            self.refresh()
            self.keep_in_view()

    def keep_in_view(self) -> None:
        """Scroll the container so the selected row shows (a plant of twenty projects on 24 rows)."""
        container = self.parent
        if isinstance(container, ScrollableContainer):
            row = (
                self.region.y - container.region.y + int(container.scroll_y) + 1 + self.selected
            )  # 1: header
            container.scroll_to_region(Region(0, row, 1, 1), animate=False, immediate=True)

    def action_open(self) -> None:
        workspace = self.selected_workspace()
        if workspace is not None:
            self.post_message(self.Opened(workspace))

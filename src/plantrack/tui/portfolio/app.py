"""The plant's terminal UI: the portfolio screen, and each project's usual screens opened from it.

The portfolio app ends with the member to open (as the plant lists it); the project's app ends with
"back" on escape; `run_plant` goes from one to the other until the user quits. The plant is a file or on
the team server: the operations read it, and these screens never learn which.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, Static

from plantrack.i18n import N_, ngettext
from plantrack.i18n.formats import format_day
from plantrack.operations.plant import PlantAt
from plantrack.operations.plant_view import (
    REMOVED,
    PlantChanges,
    PlantView,
    open_member,
    read_plant_view,
    watch_plant,
)
from plantrack.scheduling.errors import PlantrackError, Problem
from plantrack.tui.app import PlantrackApp
from plantrack.tui.keys import translate_bindings
from plantrack.tui.plan.view import display_text
from plantrack.tui.portfolio.view import PortfolioView

#: The portfolio looks for changes this often: a stat a file, or the server's notices received (no I/O).
POLL_SECONDS = 0.25
#: A member's own screens look for outside changes this often: a stat, or the server's notices received.
MEMBER_POLL_SECONDS = 0.25
#: A plant that could not be read is tried again this often, not at each look for changes.
RETRY_SECONDS = 1.0
BACK = "back"


class PortfolioApp(App[str | None]):
    """The plant at `plant` (its file or store); `today` is injected. Ends with the member to open, as
    the plant lists it, or None."""

    TITLE = "plantrack"
    DEFAULT_CSS = """
    #plant-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    #plant-problems { height: auto; padding: 0 1; color: $error; display: none; }
    #plant-problems.shown { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", N_("Quit")),
        Binding("r", "reload", N_("Refresh")),
    ]

    def __init__(self, plant: PlantAt, *, today: dt.date, poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__()
        translate_bindings(self)
        self.plant_at = plant
        self.today = today
        self.poll_seconds = poll_seconds
        self.plant_view: PlantView | None = None
        self.changes: PlantChanges | None = None
        self.retry_at = 0.0  # monotonic seconds: no read before, after one failed
        # projects taken out of the plant while shown: named until they come back, not only until the
        # next read (another save right after the removal would otherwise wipe the notice unseen)
        self.removed: dict[str, Problem] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="plant-title")
        yield Static("", id="plant-problems")
        with VerticalScroll(can_focus=False):
            yield PortfolioView(id="portfolio")
        yield Footer()

    def on_mount(self) -> None:
        self.changes = watch_plant(self.plant_at)  # before the first read: a save meanwhile is seen
        self.action_reload()
        self.query_one(PortfolioView).focus()
        self.set_interval(self.poll_seconds, self.poll_plant)

    def on_unmount(self) -> None:
        if self.changes is not None:
            self.changes.close()  # stops the server watch's worker thread

    def action_reload(self) -> None:
        """Read the plant and its projects again; a project gone or removed is named, the rest shown."""
        before = self.plant_view.portfolio if self.plant_view is not None else None
        if self.changes is not None:
            self.changes.before_read()
        try:
            view = read_plant_view(
                self.plant_view.store if self.plant_view is not None else self.plant_at,
                today=self.today,
                before=before.workspaces() if before else (),
                names=before.project_names() if before else None,
            )
        except PlantrackError as exc:  # the plant itself unreadable: say so, keep what was shown
            self.show_problems(list(exc.problems()))
            self.retry_at = time.monotonic() + RETRY_SECONDS
            return
        self.plant_view = view
        if self.changes is not None:
            self.changes.after_read(view.listed)
        count = len(view.portfolio.projects)
        title = ngettext(
            "plant {name} · {count} project · {day}", "plant {name} · {count} projects · {day}", count
        ).format(name=display_text(view.portfolio.plant), count=count, day=format_day(self.today))
        self.query_one("#plant-title", Static).update(Content(title))
        for problem in view.problems:
            if problem.code == REMOVED:
                self.removed[problem.ids[0]] = problem
        for workspace in [w for w in self.removed if w in view.listed]:
            del self.removed[workspace]  # added back: no longer worth a notice
        kept = [p for p in view.problems if p.code != REMOVED]
        self.show_problems([*kept, *self.removed.values()])
        self.query_one(PortfolioView).show(view.portfolio)

    def poll_plant(self) -> None:
        """Re-read when the plant or a member changed (or went) since the last read."""
        if self.plant_view is None or self.changes is None:
            return
        try:
            changed = self.changes.changed()
        except PlantrackError as exc:  # the server out of reach: say so, keep what was shown (the
            self.show_problems(list(exc.problems()))  # watch counts its return as a change: re-read)
            return
        if changed and time.monotonic() >= self.retry_at:
            self.action_reload()

    def show_problems(self, problems: list[Problem]) -> None:
        box = self.query_one("#plant-problems", Static)
        box.update(Content("\n".join(display_text(p.render()) for p in problems)))
        box.set_class(bool(problems), "shown")

    def on_portfolio_view_opened(self, message: PortfolioView.Opened) -> None:
        view = self.plant_view
        if view is None or open_member(view.store, message.workspace) is None:
            self.action_reload()  # names it: gone, removed or no longer resolving since the last read
            return
        self.exit(message.workspace)


class PlantMemberApp(PlantrackApp):
    """A project of the plant with its usual screens; escape on the Gantt goes back to the portfolio."""

    CSS_PATH = "../theme.tcss"  # the project app's theme: a CSS path is read beside the class's module
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "portfolio", N_("Portfolio"))]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "portfolio":  # not while finding a task, nor from another screen (escape closes it)
            return self.screen is self.screen_stack[0] and not self.query_one("#search", Input).has_focus
        return super().check_action(action, parameters)

    def action_portfolio(self) -> None:
        self.exit(BACK)  # type: ignore[arg-type]  # PlantrackApp returns nothing; this one says "back"


def member_app(plant: PlantAt, listed: str, *, today: dt.date, here: Path) -> PlantMemberApp | None:
    """The project's app, seeing the plant's shared calendars, resources and windows as its own; None
    when the member is gone or unreadable since (the portfolio, read again, names it). `here`: where a
    project on a server has its exports written."""
    opened = open_member(plant, listed, here=here)
    if opened is None:
        return None
    return PlantMemberApp(opened.path, today=today, store=opened.workspace, poll_seconds=MEMBER_POLL_SECONDS)


def run_plant(plant: PlantAt, *, today: dt.date, here: Path) -> None:
    """The portfolio, then the project chosen, back to the portfolio on escape, until the user quits."""
    while True:
        chosen = PortfolioApp(plant, today=today).run()
        if chosen is None:
            return
        app = member_app(plant, chosen, today=today, here=here)
        if app is None:
            continue
        if app.run() != BACK:
            return

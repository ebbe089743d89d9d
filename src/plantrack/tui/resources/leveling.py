"""Resource leveling on demand: the solver runs in a thread worker with a live progress line.

Esc cancels: the screen closes at once and the result is thrown away (the solver itself stops at its
time limit). The leveling and its wording are `operations.leveling`, as for `plantrack schedule --level`;
a finished leveling is applied only on request, through the normal (undoable) edit path.
"""

from __future__ import annotations

import time
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from plantrack.i18n import N_, _, ngettext
from plantrack.operations.leveling import level_workspace, progress_line, result_line
from plantrack.scheduling.errors import PlantrackError
from plantrack.scheduling.leveling.result import LevelingResult, ProgressInfo
from plantrack.scheduling.leveling.wording import held_text
from plantrack.store import WorkspaceState
from plantrack.tui.keys import translate_bindings

TIME_LIMIT = 10.0
#: How many waits the screen spells out (the latest starts first); `schedule --level` lists them all.
WAITS_SHOWN = 6


class LevelingScreen(ModalScreen[LevelingResult | None]):
    DEFAULT_CSS = """
    LevelingScreen { align: center middle; }
    LevelingScreen > Vertical { width: 80; height: auto; border: thick $accent; background: $surface;
                                padding: 1 2; }
    LevelingScreen ProgressBar { padding: 1 0; }
    LevelingScreen #waits { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("a", "apply", N_("Apply")),
    ]

    def __init__(self, state: WorkspaceState, *, time_limit: float = TIME_LIMIT) -> None:
        super().__init__()
        translate_bindings(self)
        self.state = state
        self.time_limit = time_limit
        self.result: LevelingResult | None = None
        self.started = 0.0

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content(
                    _("Leveling resources (at most {seconds} s) · esc cancels").format(
                        seconds=f"{self.time_limit:g}"
                    )
                )
            )
            yield ProgressBar(total=100, show_eta=False, id="bar")
            yield Static("", id="status")
            yield Static("", id="waits")

    def on_mount(self) -> None:
        self.started = time.monotonic()
        self.set_interval(0.2, self._tick)
        # a failed leveling (unschedulable, unsupported calendar) is reported here, never a crash
        self.run_worker(self._solve, thread=True, exclusive=True, name="leveling", exit_on_error=False)

    def _solve(self) -> LevelingResult:
        worker = get_current_worker()

        def report(info: ProgressInfo) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._progress, info)

        return level_workspace(self.state, time_limit=self.time_limit, progress=report)

    def _tick(self) -> None:
        if self.result is None:
            elapsed = time.monotonic() - self.started
            self.query_one(ProgressBar).update(progress=min(99.0, 100 * elapsed / self.time_limit))

    def _progress(self, info: ProgressInfo) -> None:
        self.query_one("#status", Static).update(
            Content(progress_line(info, self.state.project.minutes_per_day))
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        status = self.query_one("#status", Static)
        if event.state is WorkerState.SUCCESS:
            result = event.worker.result
            assert isinstance(result, LevelingResult)
            self.result = result
            self.query_one(ProgressBar).update(progress=100)
            status.update(Content(result_line(result)))
            self.query_one("#waits", Static).update(Content(waits_text(result)))
        elif event.state is WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, PlantrackError):
                status.update(Content("\n".join(p.message for p in error.problems())))
            else:
                status.update(
                    Content(_("leveling failed: {error}").format(error=f"{type(error).__name__}: {error}"))
                )

    def action_cancel(self) -> None:
        self.workers.cancel_all()
        self.dismiss(None)

    def action_apply(self) -> None:
        if self.result is not None:
            self.dismiss(self.result)


def waits_text(result: LevelingResult, shown: int = WAITS_SHOWN) -> str:
    """Why the tasks that start latest because of leveling wait: the resource, the tasks it is on, when."""
    delayed = sorted(
        (t for t in result.tasks.values() if t.delay_minutes > 0 and t.delayed_by is not None),
        key=lambda t: (-t.delay_working_minutes, t.id),
    )
    lines = [text for t in delayed[:shown] if (text := held_text(result, t.id)) is not None]
    rest = len(delayed) - shown
    if rest > 0:
        lines.append(
            ngettext(
                "… and {n} more delayed task: plantrack schedule --level lists them all",
                "… and {n} more delayed tasks: plantrack schedule --level lists them all",
                rest,
            ).format(n=rest)
        )
    return "\n".join(lines)

"""The comparison screen: every scenario beside the current plan (delay, cost, load, the tasks that moved)
and the decision matrix, the same lines as `plantrack scenario compare`, computed in a worker.

The lines may hold user text (scenario and task names): they are shown as `rich.text.Text`, never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from plantrack.i18n import N_, _
from plantrack.operations.scenarios.compare_text import render_comparison
from plantrack.operations.scenarios.matrix_text import recommendation, render_matrix
from plantrack.operations.scenarios.workspace import Decision, compare_workspace
from plantrack.scheduling.errors import PlantrackError
from plantrack.store import WorkspaceState
from plantrack.tui.keys import translate_bindings

#: Monte Carlo runs per plan: the CLI's default, so the screen shows the very figures of
#: `plantrack scenario compare` (4 scenarios of 2,000 tasks take under 5 s, in a worker).
RUNS = 1000
SEED = 0


def report_lines(decision: Decision) -> list[str]:
    """The table, a blank line and the matrix; the recommendation is shown apart (it wraps)."""
    return [
        *render_comparison(decision.comparison),
        "",
        *render_matrix(decision.matrix, decision.comparison.currency)[:-1],
    ]


def report_text(lines: list[str]) -> Text:
    """The lines as one inert text, the headings (no indent, no column gap) in bold."""
    text = Text(no_wrap=True, overflow="ignore")
    for index, line in enumerate(lines):
        heading = bool(line) and not line[0].isspace() and "  " not in line
        text.append(line, style="bold" if heading else "")
        if index < len(lines) - 1:
            text.append("\n")
    return text


class ComparisonScreen(Screen[None]):
    DEFAULT_CSS = """
    ComparisonScreen #heading { height: 1; background: $primary; color: $text; padding: 0 1;
                                text-style: bold; }
    ComparisonScreen #status { height: auto; padding: 0 1; color: $text-muted; }
    ComparisonScreen #scroll { height: 1fr; padding: 0 1; }
    ComparisonScreen #report { width: auto; }
    ComparisonScreen #recommendation { height: auto; max-height: 8; padding: 0 1; background: $panel;
                                       color: $text; display: none; }
    ComparisonScreen #recommendation.shown { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", N_("Close")),
        Binding("m", "matrix", N_("Matrix")),
        Binding("t", "table", N_("Table")),
    ]

    def __init__(self, state: WorkspaceState, *, runs: int = RUNS) -> None:
        super().__init__()
        translate_bindings(self)
        self.state = state
        self.runs = runs
        self.decision: Decision | None = None
        self.matrix_line = 0  # where the decision matrix starts in the report

    def compose(self) -> ComposeResult:
        yield Static(_("Scenarios compared with the current plan"), id="heading")
        yield Static(Content(self._how(_("computing…"))), id="status")
        with ScrollableContainer(id="scroll"):
            yield Static("", id="report")
        yield Static("", id="recommendation")
        yield Footer()

    def _how(self, what: str) -> str:
        how = _("Monte Carlo {runs} runs per plan, seed {seed}, not leveled, as `plantrack scenario compare`")
        return f"{what} · {how.format(runs=self.runs, seed=SEED)}"

    def on_mount(self) -> None:
        self.query_one("#scroll").focus()
        self.run_worker(self._compare, thread=True, exclusive=True, name="compare", exit_on_error=False)

    def _compare(self) -> Decision:
        return compare_workspace(self.state, runs=self.runs, seed=SEED)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        status = self.query_one("#status", Static)
        if event.state is WorkerState.SUCCESS:
            decision = event.worker.result
            assert isinstance(decision, Decision)
            self.decision = decision
            status.update(Content(self._how(_("computed"))))
            lines = report_lines(decision)
            self.matrix_line = len(render_comparison(decision.comparison)) + 1
            self.query_one("#report", Static).update(report_text(lines))
            box = self.query_one("#recommendation", Static)
            box.update(Text(recommendation(decision.matrix, decision.comparison.currency)))
            box.add_class("shown")
        elif event.state is WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, PlantrackError):
                message = "\n".join(p.message for p in error.problems())
            else:
                message = _("comparison failed: {error}").format(error=f"{type(error).__name__}: {error}")
            status.update(Content(message))

    def action_matrix(self) -> None:
        self.query_one("#scroll", ScrollableContainer).scroll_to(x=0, y=self.matrix_line, animate=False)

    def action_table(self) -> None:
        self.query_one("#scroll", ScrollableContainer).scroll_to(x=0, y=0, animate=False)

    def action_close(self) -> None:
        self.app.pop_screen()

"""What the scenario screens show, as words and lines without Textual: the plan being edited and the
switcher's lines (the use cases behind them are in `operations.scenarios.switch`)."""

from __future__ import annotations

from dataclasses import dataclass

from plantrack.i18n import _
from plantrack.scheduling.model import clean_text
from plantrack.store import WorkspaceState


def plan_label(scenario: str | None) -> str:
    """The plan the app edits, as the title line says it at all times."""
    if scenario is None:
        return _("plan: current")
    return _("scenario: {name}").format(name=clean_text(scenario))


def plan_name(scenario: str | None) -> str:
    """A plan's name in sentences and lists: the scenario's, or "current plan"."""
    return _("current plan") if scenario is None else clean_text(scenario)


@dataclass(frozen=True, slots=True)
class PlanLine:
    """One line of the switcher: the current plan (scenario None) or a scenario."""

    scenario: str | None
    note: str

    @property
    def name(self) -> str:
        return plan_name(self.scenario)


def plan_lines(state: WorkspaceState) -> list[PlanLine]:
    """The current plan first, then every scenario in the order they were made."""
    lines = [PlanLine(None, _("the workspace's plan: baselines and progress are recorded against it"))]
    lines.extend(PlanLine(s.name, clean_text(s.note)) for s in state.scenarios)
    return lines


def shortened(text: str, width: int) -> str:
    """`text` on one line of at most `width` characters, an ellipsis marking a cut."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"

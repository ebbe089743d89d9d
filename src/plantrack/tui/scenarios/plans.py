"""What the scenario screens show, without Textual: the plan being edited, the switcher's lines, the
forecast finish of each plan, the form's check and who makes a new scenario."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass

from plantrack.i18n import N_, _
from plantrack.i18n.formats import format_moment
from plantrack.operations.scenario_edits import Author, author_on, name_taken, scenario_name, user_name
from plantrack.scheduling.errors import PlantrackError, Problem
from plantrack.scheduling.model import clean_text
from plantrack.store import WorkspaceState
from plantrack.store.scenario_view import scenario_plan
from plantrack.tui.plan.build import schedule_of

#: The new-scenario form: its name (unique in the workspace) and what it tries.
NEW_FIELDS = (
    ("name", N_("Name"), N_("e.g. supplier three weeks late")),
    ("note", N_("Note"), N_("what the scenario tries, e.g. the change it studies")),
)


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


def plan_state(state: WorkspaceState, scenario: str | None) -> WorkspaceState:
    """`state` (a full read of the workspace) with the plan of `scenario` in place of the current one."""
    return state if scenario is None else scenario_plan(state, scenario)


def forecast_finish(state: WorkspaceState, scenario: str | None) -> str:
    """The finish the Gantt shows for that plan (the forecast from the status date), in words."""
    try:
        schedule, _status = schedule_of(plan_state(state, scenario))
    except PlantrackError as exc:  # the problem itself is shown on the Gantt once switched to the plan
        codes = ", ".join(dict.fromkeys(p.code for p in exc.problems()))
        return _("not schedulable: {problem}").format(problem=codes)
    return format_moment(schedule.finish_at)


def shortened(text: str, width: int) -> str:
    """`text` on one line of at most `width` characters, an ellipsis marking a cut."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def check_new(typed: Mapping[str, str], taken: set[str]) -> list[Problem]:
    """The form's dry run of `scenario new`: an empty or taken name is an error beside the name."""
    try:
        name = scenario_name(typed.get("name", ""))
    except PlantrackError as exc:
        return [dataclasses.replace(p, location="name") for p in exc.problems()]
    if name in taken:
        return [name_taken(name).located("name")]
    return []


def author_now(today: dt.date, env: Mapping[str, str] | None = None) -> Author:
    """Who makes a scenario and when: the user from the environment, now (on `today` when the clock
    says another day, as the CLI does, so a pinned day stays pinned)."""
    return author_on(user_name(os.environ if env is None else env), today, dt.datetime.now())

"""The scenario switcher's use cases for any face: a plan's state and forecast finish, and the
new-scenario form (its fields and its dry run)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from plantrack.i18n import N_, _
from plantrack.i18n.formats import format_moment
from plantrack.operations.analysis import forecast
from plantrack.operations.scenario_edits import name_taken, scenario_name
from plantrack.scheduling.errors import PlantrackError, Problem
from plantrack.store import WorkspaceState
from plantrack.store.scenario_view import scenario_plan

#: The new-scenario form: its name (unique in the workspace) and what it tries.
NEW_FIELDS = (
    ("name", N_("Name"), N_("e.g. supplier three weeks late")),
    ("note", N_("Note"), N_("what the scenario tries, e.g. the change it studies")),
)


def plan_state(state: WorkspaceState, scenario: str | None) -> WorkspaceState:
    """`state` (a full read of the workspace) with the plan of `scenario` in place of the current one."""
    return state if scenario is None else scenario_plan(state, scenario)


def forecast_finish(state: WorkspaceState, scenario: str | None) -> str:
    """The finish the Gantt shows for that plan (the forecast from the status date), in words."""
    try:
        schedule = forecast(plan_state(state, scenario)).schedule
    except PlantrackError as exc:  # the problem itself is shown on the Gantt once switched to the plan
        codes = ", ".join(dict.fromkeys(p.code for p in exc.problems()))
        return _("not schedulable: {problem}").format(problem=codes)
    return format_moment(schedule.finish_at)


def check_new(typed: Mapping[str, str], taken: set[str]) -> list[Problem]:
    """The form's dry run of `scenario new`: an empty or taken name is an error beside the name."""
    try:
        name = scenario_name(typed.get("name", ""))
    except PlantrackError as exc:
        return [dataclasses.replace(p, location="name") for p in exc.problems()]
    if name in taken:
        return [name_taken(name).located("name")]
    return []

"""Scenario use cases: make, list, rename, remove and adopt scenarios of a workspace (CLI and TUI alike).

Each edit is one locked update of the workspace: a refused edit raises InvalidInput and writes
nothing. Who and when are passed in by the caller; nothing here reads the clock or the environment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import clean_text
from plantrack.store.scenarios import Scenario, Scenarios
from plantrack.store.state import WorkspaceState

#: The name of `--from`'s default: the workspace's current plan (not a scenario).
CURRENT = "current"


class Updatable(Protocol):
    def update(self, *, timeout: float = ...) -> Any: ...

    def read(self) -> WorkspaceState: ...


@dataclass(frozen=True)
class Author:
    """Who makes a change and when: the caller's user name and its clock, injected."""

    name: str
    at: dt.datetime


@dataclass(frozen=True)
class ScenarioRow:
    """One line of `scenario list` (and the TUI's switcher)."""

    name: str
    note: str
    created_by: str
    created_at: dt.datetime
    tasks: int
    links: int
    finish: str | None  # the finish of its stored plan (ISO), None before its first schedule

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "note": self.note,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat(),
            "tasks": self.tasks,
            "links": self.links,
            "finish": self.finish,
        }


def scenario_name(text: str) -> str:
    """A name as typed, without control characters and outer blanks; InvalidInput if nothing is left."""
    name = clean_text(text).strip()
    if not name:
        raise InvalidInput(
            [Problem(code="scenario-name-empty", message=_("a scenario needs a name (it is empty)"))]
        )
    return name


def user_name(env: Mapping[str, str]) -> str:
    """Who runs the program, as the environment says ($USER, $LOGNAME, $USERNAME), else ""."""
    for variable in ("USER", "LOGNAME", "USERNAME"):
        if name := clean_text(env.get(variable, "")).strip():
            return name
    return ""


def author_on(user: str, today: dt.date, now: dt.datetime) -> Author:
    """`user` at the clock's `now` (to the second), or at the start of `today` when the clock says another
    day, so that a pinned day stays pinned."""
    at = now.replace(microsecond=0)
    if at.date() != today:
        at = dt.datetime.combine(today, dt.time())
    return Author(user, at)


def name_taken(name: str) -> Problem:
    """A new scenario's name that another scenario of the workspace has already."""
    return Problem(
        code="scenario-exists",
        message=_("a scenario named {name} exists already").format(name=repr(name)),
        ids=(name,),
    )


def _refuse_taken(scenarios: Scenarios, name: str) -> None:
    if scenarios.find(name) is not None:
        raise InvalidInput([name_taken(name)])


def new_scenario(
    workspace: Updatable, name: str, *, source: str = CURRENT, note: str = "", author: Author
) -> ScenarioRow:
    """A new scenario holding a copy of the current plan (`source` "current") or of another scenario."""
    name = scenario_name(name)
    with workspace.update() as state:
        _refuse_taken(state.scenarios, name)
        if source == CURRENT:
            project, schedule = state.project, state.schedule
        else:
            origin = state.scenarios.get(source)
            project, schedule = origin.project, origin.schedule
        scenario = Scenario.new(
            name, project, schedule, note=clean_text(note), created_by=author.name, created_at=author.at
        )
        state.scenarios.add(scenario)
    return row(scenario)


def remove_scenario(workspace: Updatable, name: str) -> None:
    with workspace.update() as state:
        state.scenarios.remove(name)


def rename_scenario(workspace: Updatable, old: str, new: str) -> str:
    """Rename `old` to `new` (cleaned, returned); the scenario's plan is written back as it was."""
    new = scenario_name(new)
    with workspace.update() as state:
        scenario = state.scenarios.get(old)
        if new != old:
            _refuse_taken(state.scenarios, new)
        scenario.name = new
    return new


def set_note(workspace: Updatable, name: str, note: str) -> None:
    with workspace.update() as state:
        state.scenarios.get(name).note = clean_text(note)


def kept_name(scenarios: Scenarios, day: dt.date) -> str:
    """The name the old current plan gets when a scenario is adopted: "plan of DATE", made unique."""
    base = _("plan of {date}").format(date=day.isoformat())
    name, number = base, 2
    while scenarios.find(name) is not None:
        name = f"{base} ({number})"
        number += 1
    return name


def adopt_scenario(workspace: Updatable, name: str, *, author: Author) -> str:
    """Make scenario `name` the current plan, in one save; the old current plan becomes a scenario
    named after the date, whose name is returned. A plan that does not validate (a cycle, an unknown
    id...) is refused with its problems and nothing is written."""
    from plantrack.scheduling.validate import check

    with workspace.update() as state:
        scenario = state.scenarios.get(name)
        try:
            check(scenario.project)
        except InvalidInput as exc:
            located = [p.located(_("scenario {name}").format(name=repr(name))) for p in exc.problems()]
            raise InvalidInput(located) from None
        kept = kept_name(state.scenarios, author.at.date())
        old = Scenario.new(
            kept,
            state.project,
            state.schedule,
            note=_("the current plan until scenario {name} was adopted").format(name=repr(name)),
            created_by=author.name,
            created_at=author.at,
        )
        state.project, state.schedule = scenario.project, scenario.schedule
        state.scenarios.remove(name)
        state.scenarios.add(old)
    return kept


def row(scenario: Scenario) -> ScenarioRow:
    project, schedule = scenario.project, scenario.schedule
    finish = schedule.finish.isoformat(timespec="minutes") if schedule is not None else None
    return ScenarioRow(
        scenario.name,
        scenario.note,
        scenario.created_by,
        scenario.created_at,
        len(project.tasks),
        len(project.links),
        finish,
    )


def scenario_rows(state: WorkspaceState) -> list[ScenarioRow]:
    """Every scenario of the workspace, in the order they were made (each plan decoded to count it)."""
    return [row(s) for s in state.scenarios]


def scenario_row(state: WorkspaceState, name: str) -> ScenarioRow:
    return row(state.scenarios.get(name))

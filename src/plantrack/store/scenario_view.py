"""A workspace seen through one scenario: the scenario's plan, the workspace's shared histories.

Every command reads and updates a workspace through `read()` and `update()`; this view hands out a
state whose plan (project and stored plan) is the scenario's while baselines, progress and the other
histories are the workspace's own, and saves the plan back into the scenario's slot only. So one
place routes every command to a scenario, and the current plan is never written through it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from plantrack.store.state import WorkspaceState

if TYPE_CHECKING:
    from plantrack.store.backend import Store

#: The fields of WorkspaceState that make up a plan: the scenario's in a view, the rest is shared.
PLAN_FIELDS = ("project", "schedule")
#: Fields a view neither hands out as the scenario's nor copies back.
_OWN_FIELDS = (*PLAN_FIELDS, "scenarios", "revision")


class ScenarioWorkspace:
    """`workspace` with the plan of its scenario `name` in place of the current plan."""

    def __init__(self, workspace: Store, name: str) -> None:
        self.workspace = workspace
        self.scenario = name

    def __repr__(self) -> str:
        return f"ScenarioWorkspace({self.name!r}, {self.scenario!r})"

    @property
    def name(self) -> str:
        return self.workspace.name

    def read(self) -> WorkspaceState:
        """A snapshot: the scenario's plan, the shared histories (InvalidInput: no such scenario)."""
        return self._view(self.workspace.read())

    @contextmanager
    def update(self, *, timeout: float = 10.0) -> Iterator[WorkspaceState]:
        """The locked read-modify-write of `Workspace.update`, on the scenario's plan.

        What the block does to the plan is saved in the scenario; what it does to the shared histories
        is saved in the workspace (commands that must not touch them refuse a scenario before this).
        """
        with self.workspace.update(timeout=timeout) as state:
            view = self._view(state)
            yield view
            scenario = state.scenarios.get(self.scenario)
            scenario.set_plan(view.project, view.schedule)
            for item in dataclasses.fields(state):
                if item.name not in _OWN_FIELDS:
                    setattr(state, item.name, getattr(view, item.name))
        view.revision = state.revision

    def _view(self, state: WorkspaceState) -> WorkspaceState:
        return scenario_plan(state, self.scenario)


def scenario_plan(state: WorkspaceState, name: str) -> WorkspaceState:
    """`state` with the plan of its scenario `name` in place of the current plan (InvalidInput: no such
    scenario); the histories stay the workspace's."""
    scenario = state.scenarios.get(name)
    return dataclasses.replace(state, project=scenario.project, schedule=scenario.schedule)

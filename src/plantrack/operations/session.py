"""The TUI's hold on a workspace: fresh reads, edits applied inside `update()`, undo/redo, outside changes.

No Textual here, so every rule is unit-tested directly. An edit is a function applied to the *fresh*
state read under the lock, never to the copy the screen was built from: a change made meanwhile by the
CLI is kept, and an edit that no longer applies (its task was removed) fails with a clear error.

A session edits one plan at a time: the current plan or a scenario (through `ScenarioWorkspace`), and
keeps one undo history per plan, so switching back and forth never mixes their edits.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from plantrack.i18n import N_, _
from plantrack.operations.scenario_edits import Author, ScenarioRow, new_scenario
from plantrack.scheduling.errors import InvalidInput, Problem, Severity, errors_only
from plantrack.scheduling.model import Plant, Project
from plantrack.scheduling.validate import validate
from plantrack.store import Workspace, WorkspaceState
from plantrack.store.backend import Changes, Store, watch_changes
from plantrack.store.plant_member import Plan, PlantMemberWorkspace, plant_of, plant_of_store
from plantrack.store.scenario_view import ScenarioWorkspace
from plantrack.store.state import HISTORIES

PROGRAM = "plantrack tui"
Edit = Callable[[WorkspaceState], None]


@dataclass(frozen=True, slots=True)
class _Snapshot:
    project: Project
    histories: dict[str, Any]  # immutable tuples: kept by reference, no copy
    sections: dict[str, list[dict[str, Any]]]  # sections of a newer plantrack, never edited here


@dataclass(frozen=True, slots=True)
class _Step:
    label: str
    before: _Snapshot
    after: _Snapshot
    revision: int  # the workspace revision right after this step was saved (or undone/redone)


def _snapshot(state: WorkspaceState) -> _Snapshot:
    return _Snapshot(
        state.project, {name: getattr(state, name) for name in HISTORIES}, copy.deepcopy(state.sections)
    )


def checked(project: Project) -> list[Problem]:
    """The CLI's validation of an edited plan: raise its errors (nothing is written), return warnings."""
    problems = validate(project)
    errors = errors_only(problems)
    if errors:
        raise InvalidInput(errors)
    return [p for p in problems if p.severity is Severity.WARNING]


#: What `_restore` was asked to do, in words.
HISTORY_WORDS = {"undo": N_("undo"), "redo": N_("redo")}

#: Why an edit of a scenario may not change the shared histories (the CLI refuses --scenario likewise).
SHARED_HISTORY = N_(
    "baselines, progress, gate decisions, actions and meetings are shared by every scenario and "
    "recorded against the current plan: switch to the current plan to record them"
)


def _histories(state: WorkspaceState) -> dict[str, Any]:
    return {name: getattr(state, name) for name in HISTORIES}


class _OwnSaves:
    """The store, noting the revision of each save made through it as the session's own."""

    def __init__(self, store: Store, own: set[int]) -> None:
        self.store, self.own = store, own

    def read(self) -> WorkspaceState:
        return self.store.read()

    @contextmanager
    def update(self, *, timeout: float = 10.0) -> Iterator[WorkspaceState]:
        with self.store.update(timeout=timeout) as state:
            yield state
        self.own.add(state.revision)


class Session:
    """One open workspace: the plan being edited (the current plan or a scenario), the last state read,
    and the undo/redo history of this session's edits, one per plan."""

    def __init__(
        self,
        path: Path,
        *,
        today: dt.date,
        lock_timeout: float = 5.0,
        scenario: str | None = None,
        store: Store | None = None,
    ) -> None:
        """`path`: the workspace file, else (with `store`, a project on a team server) where its
        exports go; `store`: the workspace already opened, whichever back end keeps it."""
        self.path = Path(path)
        self.today = today
        self.lock_timeout = lock_timeout
        given: Plant | None = None
        if isinstance(store, PlantMemberWorkspace):  # opened from its plant: the member itself, and
            given, store = store.plant, cast(Store, store.workspace)  # that plant (watched as any store)
        # `plantrack tui` has already opened (checked, migrated) the file: one read here, not two
        self.store: Store = store if store is not None else Workspace(self.path, program=PROGRAM)
        self.scenario: str | None = scenario
        # a project of a plant (a file beside its plant's, or a project of a plant on its server) is
        # edited with the plant's calendars, crews and stops as its own
        self.plant: Plant | None = (
            given if given is not None else plant_of(self.path) if store is None else plant_of_store(store)
        )
        self.workspace: Store = self._plan_workspace(scenario)
        self._changes: Changes = watch_changes(self.store, self.path)
        self.state: WorkspaceState = self.workspace.read()  # InvalidInput: no such scenario
        self.undo_stack: list[_Step] = []
        self.redo_stack: list[_Step] = []
        self._stacks: dict[str | None, tuple[list[_Step], list[_Step]]] = {
            scenario: (self.undo_stack, self.redo_stack)
        }
        self._own_revisions: set[int] = set()  # the revisions this session saved, in any plan
        self.warnings: list[Problem] = []

    def close(self) -> None:
        """Stop watching the workspace for other users' saves."""
        self._changes.close()

    def _plan_workspace(self, scenario: str | None) -> Store:
        plan = self.store if scenario is None else ScenarioWorkspace(self.store, scenario)
        if self.plant is None:
            return plan
        return PlantMemberWorkspace(cast(Plan, plan), self.plant)

    def switch(self, scenario: str | None) -> WorkspaceState:
        """Edit scenario `scenario` from now on (None: the current plan), with that plan's own undo
        history; InvalidInput (the plan edited stays the same) when there is no such scenario."""
        workspace = self._plan_workspace(scenario)
        self._changes.mark()
        state = workspace.read()
        self.scenario, self.workspace, self.state = scenario, workspace, state
        self.undo_stack, self.redo_stack = self._stacks.setdefault(scenario, ([], []))
        self.warnings = []
        return state

    def new_scenario(self, name: str, *, source: str, note: str, author: Author) -> ScenarioRow:
        """Make a scenario (operations/scenario_edits.py) and switch to it; no plan's history changes."""
        made = new_scenario(
            _OwnSaves(self.store, self._own_revisions), name, source=source, note=note, author=author
        )
        self.switch(made.name)
        return made

    # ------------------------------------------------------------------ reading

    def changed_outside(self) -> bool:
        """Cheap check whether someone saved since we last read or wrote: one stat of the file, or
        the revision of the last change notice of the server."""
        return self._changes.changed(self.state.revision)

    def reload(self) -> bool:
        """Re-read the workspace if it changed; True when a newer revision was loaded.

        A scenario removed or renamed outside leaves the current plan shown, with a warning saying so."""
        if not self.changed_outside():
            return False
        self._changes.mark()
        try:
            state = self.workspace.read()
        except InvalidInput:
            if self.scenario is None or self.store.read().scenarios.find(self.scenario) is not None:
                raise
            gone = self.scenario
            self.switch(None)
            self.warnings = [
                Problem(
                    code="scenario-gone",
                    message=_(
                        "scenario {name} was removed or renamed outside this window: showing the current plan"
                    ).format(name=repr(gone)),
                    severity=Severity.WARNING,
                )
            ]
            return True
        if state.revision == self.state.revision:
            return False
        self.state = state
        return True

    # ------------------------------------------------------------------ writing

    def apply(self, label: str, edit: Edit) -> WorkspaceState:
        """Apply `edit` to the fresh state under the lock and save once; InvalidInput writes nothing."""
        with self.workspace.update(timeout=self.lock_timeout) as state:
            before, read_revision = _snapshot(state), state.revision
            edit(state)
            if self.scenario is not None and _histories(state) != before.histories:
                raise InvalidInput([Problem(code="scenario-shared-history", message=_(SHARED_HISTORY))])
            self.warnings = checked(state.project)
        self._saved(state)
        if state.revision != read_revision:  # the store saved (it skips a save that changes nothing)
            self.undo_stack.append(_Step(label, before, _snapshot(state), state.revision))
            self.redo_stack.clear()
        return state

    def _saved(self, state: WorkspaceState) -> None:
        self.state = state
        self._changes.mark()
        self._own_revisions.add(state.revision)

    def _changed_since(self, revision: int, now: int) -> bool:
        """Whether someone else saved after `revision`: this session's saves of other plans (or of
        this one) do not count, so undo works inside each plan after switching between them."""
        return any(r not in self._own_revisions for r in range(revision + 1, now + 1))

    def _restore(self, target: _Snapshot, expected_revision: int, what: str) -> WorkspaceState:
        with self.workspace.update(timeout=self.lock_timeout) as state:
            if self._changed_since(expected_revision, state.revision):
                # someone else saved since: replaying our snapshot would overwrite their change
                self.undo_stack.clear()
                self.redo_stack.clear()
                raise InvalidInput(
                    [
                        Problem(
                            code="changed-outside",
                            message=_(
                                "cannot {what}: the workspace was changed outside this window "
                                "(revision {revision}); the undo history was cleared"
                            ).format(what=_(HISTORY_WORDS.get(what, what)), revision=state.revision),
                        )
                    ]
                )
            state.project = target.project
            if self.scenario is None:  # a scenario's edits never change the shared part
                for name, records in target.histories.items():
                    setattr(state, name, records)
                state.sections = copy.deepcopy(target.sections)
            self.warnings = checked(state.project)
        self._saved(state)
        return state

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    def undo(self) -> str | None:
        """Undo this session's last edit; returns its label, None when there is nothing to undo."""
        if not self.undo_stack:
            return None
        step = self.undo_stack[-1]
        state = self._restore(step.before, step.revision, "undo")
        self.undo_stack.pop()
        self.redo_stack.append(_Step(step.label, step.before, step.after, state.revision))
        return step.label

    def redo(self) -> str | None:
        if not self.redo_stack:
            return None
        step = self.redo_stack[-1]
        state = self._restore(step.after, step.revision, "redo")
        self.redo_stack.pop()
        self.undo_stack.append(_Step(step.label, step.before, step.after, state.revision))
        return step.label

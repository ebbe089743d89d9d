"""Follow-up records, written once for the CLI and the TUI: actions (register, find, correct, remove) and
gate decisions (check and record).

Each function changes a workspace state inside the caller's update; problems name the item at fault and
carry no form field, so a form places them with `Problem.located`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from plantrack.i18n import _
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import Project
from plantrack.scheduling.tracking.actions import next_action_id
from plantrack.scheduling.tracking.gates import check_gate
from plantrack.scheduling.tracking.records import Action, Ease, GateDecision, Impact
from plantrack.store import WorkspaceState
from plantrack.store.tracking_codec import actions, add_action, add_gate_decision, replace_action


def refuse_unknown_task(project: Project, task: str | None) -> None:
    """An action may concern one task of the plan; refuse an id the plan does not have."""
    if task is not None and task not in project.task_map():
        raise InvalidInput(
            [
                Problem(
                    code="task-unknown",
                    message=_("action refers to unknown task {task}").format(task=repr(task)),
                    ids=(task,),
                )
            ]
        )


def find_action(state: WorkspaceState, ident: str) -> Action:
    """The registered action `ident`, or a refusal naming it."""
    found = next((a for a in actions(state)[0] if a.id == ident), None)
    if found is None:
        raise InvalidInput(
            [Problem(code="action-unknown", message=_("no action {id}").format(id=repr(ident)), ids=(ident,))]
        )
    return found


def register_action(
    state: WorkspaceState,
    *,
    title: str,
    owner: str,
    due: dt.datetime,
    created: dt.datetime,
    task: str | None = None,
    nature: str = "",
    ease: Ease | None = None,
    impact: Impact | None = None,
) -> Action:
    """Register a new action under the next free id (A1, A2, …) and return it.

    Raises InvalidInput for a task the plan does not have, ModelError for a field the action refuses
    (an empty title or owner…): the caller says where that field is.
    """
    refuse_unknown_task(state.project, task)
    created_actions, _updates = actions(state)
    action = Action(
        id=next_action_id(created_actions),
        title=title,
        owner=owner,
        due=due,
        created=created,
        task=task,
        nature=nature,
        ease=ease,
        impact=impact,
    )
    add_action(state, action)
    return action


def correct_action(state: WorkspaceState, action: Action, changes: dict[str, Any]) -> None:
    """Rewrite an action's registration with `changes` (field → new value); its history is kept."""
    if not changes:
        return
    refuse_unknown_task(state.project, changes.get("task"))
    try:
        replace_action(state, replace(action, **changes))
    except ModelError as exc:
        raise InvalidInput(exc.problems()) from exc


def record_gate_decision(state: WorkspaceState, decision: GateDecision) -> None:
    """Record a go/no-go decision once the plan says its task is a gate that can take it."""
    problems = check_gate(state.project, decision)
    if problems:
        raise InvalidInput(problems)
    add_gate_decision(state, decision)

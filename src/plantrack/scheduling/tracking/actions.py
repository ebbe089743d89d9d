"""The action register: actions as first registered plus their history of updates give their state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from plantrack.scheduling.tracking.records import Action, ActionStatus, ActionUpdate, Pdca

#: The stage a change of status implies when the update names none: working on an action is its Do,
#: finishing it leaves its effect to Check. A register saying "done, plan" told the committee the
#: action had not started. A stage already further on is kept, and a stage given explicitly wins.
IMPLIED_STAGE = {ActionStatus.IN_PROGRESS: Pdca.DO, ActionStatus.DONE: Pdca.CHECK}
_RANK = {stage: rank for rank, stage in enumerate(Pdca)}


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionState:
    action: Action  # with the latest status and PDCA stage
    closed_on: dt.datetime | None  # when it was last set done or cancelled
    history: tuple[ActionUpdate, ...]


def overdue(state: ActionState, as_of: dt.datetime) -> bool:
    """Still open and due on a day before `as_of`'s (the status date): due that very day is not late yet.

    The one rule behind every "overdue" shown: minutes, HTML report, `action list` and the TUI review.
    """
    return not state.action.status.closed and state.action.due.date() < as_of.date()


def judged_at(status_date: dt.datetime | None, today: dt.date) -> dt.datetime:
    """The day actions are judged at: the status date, else (no progress recorded yet) today."""
    return status_date if status_date is not None else dt.datetime.combine(today, dt.time())


def next_action_id(actions: Iterable[Action]) -> str:
    """A1, A2, …: one more than the highest number used so far."""
    numbers = [int(a.id[1:]) for a in actions if a.id[:1] == "A" and a.id[1:].isdigit()]
    return f"A{max(numbers, default=0) + 1}"


def implied_stage(stage: Pdca, status: ActionStatus) -> Pdca:
    """The PDCA stage after a change to `status` that names no stage (never moved backwards)."""
    implied = IMPLIED_STAGE.get(status)
    return implied if implied is not None and _RANK[implied] > _RANK[stage] else stage


def action_states(
    actions: Iterable[Action], updates: Iterable[ActionUpdate], on: dt.datetime | None = None
) -> list[ActionState]:
    """Each action's state as of `on` (default: everything recorded), in registration order."""
    by_action: dict[str, list[ActionUpdate]] = {}
    for u in sorted(updates, key=lambda u: u.date):  # stable: entry order within a day
        if on is None or u.date <= on:
            by_action.setdefault(u.action, []).append(u)
    out: list[ActionState] = []
    for action in actions:
        if on is not None and action.created > on:
            continue
        current = action
        closed_on: dt.datetime | None = None
        history = tuple(by_action.get(action.id, []))
        for u in history:
            if u.status is not None:
                current = replace(current, status=u.status)
                closed_on = u.date if u.status.closed else None
            if u.pdca is not None:
                current = replace(current, pdca=u.pdca)
            elif u.status is not None:
                current = replace(current, pdca=implied_stage(current.pdca, u.status))
        out.append(ActionState(action=current, closed_on=closed_on, history=history))
    return out


def select(
    states: Iterable[ActionState], *, open_only: bool = False, owner: str | None = None
) -> list[ActionState]:
    """`action list --open --owner NAME`: owner matched without regard to case."""
    wanted = None if owner is None else owner.casefold()
    return [
        s
        for s in states
        if (not open_only or not s.action.status.closed)
        and (wanted is None or s.action.owner.casefold() == wanted)
    ]


__all__ = [
    "ActionState",
    "ActionStatus",
    "action_states",
    "implied_stage",
    "judged_at",
    "next_action_id",
    "overdue",
    "select",
]

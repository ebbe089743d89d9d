"""The action register's fold: status and PDCA stage from the history of updates."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from plantrack.scheduling.tracking.actions import action_states
from plantrack.scheduling.tracking.records import Action, ActionStatus, ActionUpdate, Pdca

T0 = dt.datetime(2027, 3, 1)


def _day(n: int) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


def _action(ident: str = "A1") -> Action:
    return Action(id=ident, title="Chase the supplier", owner="I. Moreau", due=_day(10), created=T0)


def _state(*changes: tuple[ActionStatus | None, Pdca | None]) -> tuple[ActionStatus, Pdca]:
    updates = [
        ActionUpdate(action="A1", date=_day(i + 1), status=status, pdca=pdca)
        for i, (status, pdca) in enumerate(changes)
    ]
    [state] = action_states([_action()], updates)
    return state.action.status, state.action.pdca


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # hand-worked: finishing an action leaves its effect to check; working on it is doing it
        ([(ActionStatus.DONE, None)], (ActionStatus.DONE, Pdca.CHECK)),
        ([(ActionStatus.IN_PROGRESS, None)], (ActionStatus.IN_PROGRESS, Pdca.DO)),
        ([(ActionStatus.IN_PROGRESS, None), (ActionStatus.DONE, None)], (ActionStatus.DONE, Pdca.CHECK)),
        # a stage given explicitly wins, and an implied stage never moves an action backwards
        ([(ActionStatus.DONE, Pdca.ACT)], (ActionStatus.DONE, Pdca.ACT)),
        ([(None, Pdca.ACT), (ActionStatus.DONE, None)], (ActionStatus.DONE, Pdca.ACT)),
        (
            [(ActionStatus.DONE, None), (ActionStatus.IN_PROGRESS, None)],
            (ActionStatus.IN_PROGRESS, Pdca.CHECK),
        ),
        ([(ActionStatus.DONE, Pdca.DO)], (ActionStatus.DONE, Pdca.DO)),
        # cancelling says nothing about the stage reached
        ([(ActionStatus.CANCELLED, None)], (ActionStatus.CANCELLED, Pdca.PLAN)),
        ([(None, Pdca.DO), (ActionStatus.CANCELLED, None)], (ActionStatus.CANCELLED, Pdca.DO)),
        ([], (ActionStatus.OPEN, Pdca.PLAN)),
    ],
)
def test_pdca_stage_of_a_changed_action(
    changes: list[tuple[ActionStatus | None, Pdca | None]], expected: tuple[ActionStatus, Pdca]
) -> None:
    assert _state(*changes) == expected


def _reference(changes: list[tuple[ActionStatus | None, Pdca | None]]) -> Pdca:
    """Independent statement of the rule: the last explicit stage, raised by each later status change
    to at least DO (in progress) or CHECK (done)."""
    order = [Pdca.PLAN, Pdca.DO, Pdca.CHECK, Pdca.ACT]
    stage = Pdca.PLAN
    for status, pdca in changes:
        if pdca is not None:
            stage = pdca
            continue
        floors = {ActionStatus.IN_PROGRESS: Pdca.DO, ActionStatus.DONE: Pdca.CHECK}
        floor = floors.get(status) if status is not None else None
        if floor is not None and order.index(floor) > order.index(stage):
            stage = floor
    return stage


def test_every_short_history_matches_the_rule_stated_independently() -> None:
    options: list[tuple[ActionStatus | None, Pdca | None]] = [
        (status, pdca) for status in (None, *ActionStatus) for pdca in (None, *Pdca) if status or pdca
    ]
    for length in (1, 2, 3):
        for changes in itertools.product(options, repeat=length):
            assert _state(*changes)[1] == _reference(list(changes)), changes


def test_the_as_of_view_applies_only_the_updates_made_by_then() -> None:
    updates = [
        ActionUpdate(action="A1", date=_day(2), status=ActionStatus.IN_PROGRESS),
        ActionUpdate(action="A1", date=_day(5), status=ActionStatus.DONE),
    ]
    [early] = action_states([_action()], updates, on=_day(3))
    [late] = action_states([_action()], updates, on=_day(6))
    assert (early.action.pdca, early.closed_on) == (Pdca.DO, None)
    assert (late.action.pdca, late.closed_on) == (Pdca.CHECK, _day(5))

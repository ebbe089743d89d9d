"""Follow-up records written once for the CLI and the review screen: actions and gate decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from tests.builders import plan, task

from plantrack.operations.follow_up import (
    correct_action,
    find_action,
    record_gate_decision,
    register_action,
)
from plantrack.scheduling.errors import InvalidInput, ModelError
from plantrack.scheduling.tracking.records import Decision, GateDecision
from plantrack.store import WorkspaceState
from plantrack.store.tracking_codec import actions, gate_decisions

MONDAY = dt.datetime(2027, 3, 1, 17)


def state() -> WorkspaceState:
    return WorkspaceState(project=plan(tasks=[task("fit", "2d"), task("accept", milestone=True)]))


def register(st: WorkspaceState, title: str = "Order spares", task_id: str | None = None) -> str:
    return register_action(st, title=title, owner="J. Martin", due=MONDAY, created=MONDAY, task=task_id).id


def problem(call: Callable[[], object]) -> tuple[str, tuple[str, ...]]:
    with pytest.raises(InvalidInput) as caught:
        call()
    first = caught.value.problems()[0]
    return first.code, first.ids


def test_actions_are_numbered_in_order_and_stored() -> None:
    st = state()
    assert [register(st), register(st, "Train crew", "fit")] == ["A1", "A2"]
    created, _updates = actions(st)
    assert [(a.id, a.title, a.task) for a in created] == [
        ("A1", "Order spares", None),
        ("A2", "Train crew", "fit"),
    ]


def test_an_unknown_task_is_refused_naming_it_and_nothing_is_stored() -> None:
    st = state()
    assert problem(lambda: register(st, task_id="nowhere")) == ("task-unknown", ("nowhere",))
    assert list(actions(st)[0]) == []


def test_a_field_the_action_refuses_is_a_model_error_for_the_caller_to_place() -> None:
    with pytest.raises(ModelError):
        register(state(), title="")


def test_find_and_correct_an_action() -> None:
    st = state()
    register(st)
    assert problem(lambda: find_action(st, "A9")) == ("action-unknown", ("A9",))
    correct_action(st, find_action(st, "A1"), {"owner": "K. Diallo", "task": "fit"})
    assert (find_action(st, "A1").owner, find_action(st, "A1").task) == ("K. Diallo", "fit")
    assert problem(lambda: correct_action(st, find_action(st, "A1"), {"task": "nowhere"})) == (
        "task-unknown",
        ("nowhere",),
    )
    assert find_action(st, "A1").task == "fit"


def test_a_gate_decision_is_recorded_on_a_milestone_only() -> None:
    st = state()
    on = {"decision": Decision.VALIDATED, "by": "COPIL", "date": MONDAY}
    assert problem(lambda: record_gate_decision(st, GateDecision(task="fit", **on))) == (
        "gate-not-milestone",
        ("fit",),
    )
    assert problem(lambda: record_gate_decision(st, GateDecision(task="ghost", **on))) == (
        "task-unknown",
        ("ghost",),
    )
    assert list(gate_decisions(st)) == []
    record_gate_decision(st, GateDecision(task="accept", **on))
    assert [(d.task, d.decision) for d in gate_decisions(st)] == [("accept", Decision.VALIDATED)]

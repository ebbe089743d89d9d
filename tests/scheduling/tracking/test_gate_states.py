"""Gates: the latest decision gives the status, and every decision is kept as the gate's history."""

from __future__ import annotations

from tracking_fixtures import at, retrofit

from plantrack.scheduling.tracking.gates import gate_states
from plantrack.scheduling.tracking.records import Decision, GateDecision, GateStatus


def _decision(word: Decision, day: int, hour: int = 8, by: str = "Q. Manager") -> GateDecision:
    return GateDecision(task="M", decision=word, by=by, date=at(day, hour))


def test_a_gate_keeps_every_decision_oldest_first_and_its_status_is_the_latest() -> None:
    # entered out of order: validated on the 9th was typed before the deferral of the 5th
    validated = _decision(Decision.VALIDATED, 9, by="Plant manager")
    deferred = _decision(Decision.DEFERRED, 5)
    rejected = _decision(Decision.REJECTED, 5, 8)  # same instant as the deferral: entry order kept
    [gate] = gate_states(retrofit(), [validated, deferred, rejected], {})
    assert gate.task == "M" and gate.status is GateStatus.PASSED
    assert gate.decision == validated
    assert gate.history == (deferred, rejected, validated)


def test_a_gate_without_decision_is_pending_with_no_history() -> None:
    [gate] = gate_states(retrofit(), [], {})
    assert (gate.status, gate.decision, gate.history) == (GateStatus.PENDING, None, ())
    [gate] = gate_states(retrofit(), [_decision(Decision.DEFERRED, 3)], {})
    assert gate.status is GateStatus.PENDING and len(gate.history) == 1

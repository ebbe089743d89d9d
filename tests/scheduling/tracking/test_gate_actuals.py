"""`gate_actuals`: which decision counts at a status date, and what it does to the milestone's actuals."""

from __future__ import annotations

import datetime as dt

from builders import milestone, task
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Project, TaskActual
from plantrack.scheduling.tracking.gates import gate_actuals, validated
from plantrack.scheduling.tracking.records import Decision, GateDecision

D = dt.datetime
PROJECT = Project(
    name="p",
    start=D(2027, 3, 1, 8),
    tasks=(
        task("t", Duration(minutes=480)),
        milestone("G", gate=True),
        milestone("H", gate=True),
    ),
)


def decide(task: str, decision: Decision, day: int) -> GateDecision:
    return GateDecision(task=task, decision=decision, by="COPIL", date=D(2027, 3, day))


def test_the_latest_decision_taken_by_the_status_date_counts() -> None:
    made = [decide("G", Decision.DEFERRED, 3), decide("G", Decision.VALIDATED, 8)]
    # at a review on the 5th the gate was deferred: not reached
    assert gate_actuals(PROJECT, made, {}, until=D(2027, 3, 5, 17)) == {}
    # now (every decision): reached on the 8th
    reached = TaskActual(
        task="G", actual_start=D(2027, 3, 8), actual_finish=D(2027, 3, 8), percent_complete=100
    )
    assert gate_actuals(PROJECT, made, {}) == {"G": reached}
    assert validated(made) == {"G"} and validated(made, D(2027, 3, 5)) == set()


def test_a_gate_not_validated_sets_reported_progress_aside_and_leaves_other_tasks_alone() -> None:
    reported = {
        "G": TaskActual(task="G", actual_finish=D(2027, 3, 4, 17), percent_complete=100),
        "t": TaskActual(task="t", actual_start=D(2027, 3, 1, 8), percent_complete=50),
    }
    out = gate_actuals(
        PROJECT, [decide("G", Decision.REJECTED, 5), decide("gone", Decision.VALIDATED, 5)], reported
    )
    assert out == {"t": reported["t"]}  # a decision on a task no longer in the plan is ignored
    assert "H" not in gate_actuals(PROJECT, [], reported)  # no decision: progress as reported

"""Leveling a workspace, one use case for the command line and the terminal UI: status date and
actuals, the stored plan as the `--stable` reference, the result kept as leveling delays."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from plantrack.operations.leveling import keep_leveling, level_plan, level_workspace
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Assignment, Project, Resource, Task
from plantrack.store import WorkspaceState
from plantrack.store.plan import PlannedTask, StoredPlan

MON = dt.datetime(2027, 1, 4, 8)
TUE = dt.datetime(2027, 1, 5, 8)
DAY = Duration(minutes=480)


def _two_jobs_one_fitter() -> Project:
    """a and b take one working day each on the one fitter: one runs Monday, the other Tuesday."""
    return Project(
        name="press line",
        start=MON,
        tasks=(Task(id="a", duration=DAY), Task(id="b", duration=DAY)),
        resources=(Resource(id="fitter"),),
        assignments=(Assignment(task="a", resource="fitter"), Assignment(task="b", resource="fitter")),
    )


def _stored(first: str, second: str) -> StoredPlan:
    return StoredPlan(
        start=MON,
        finish=dt.datetime(2027, 1, 5, 17),
        tasks=(
            PlannedTask(id=first, start=MON, finish=dt.datetime(2027, 1, 4, 17)),
            PlannedTask(id=second, start=TUE, finish=dt.datetime(2027, 1, 5, 17)),
        ),
    )


@pytest.mark.parametrize(("first", "second"), [("a", "b"), ("b", "a")])
def test_stable_keeps_the_order_of_the_stored_plan(first: str, second: str) -> None:
    state = WorkspaceState(project=_two_jobs_one_fitter(), schedule=_stored(first, second))
    done = level_plan(state, time_limit=10, workers=1, stable=True)
    starts = {tid: t.start for tid, t in done.result.tasks.items()}
    assert (starts[first], starts[second]) == (MON, TUE)
    # the second one waits a working day (480 minutes) for the fitter
    assert done.result.tasks[second].delay_minutes == 480
    assert done.result.tasks[second].delayed_by == "fitter"
    assert done.result.tasks[first].delay_minutes == 0
    keep_leveling(done, state)
    assert state.project is done.project
    delays = {t.id: t.leveling_delay for t in state.project.tasks}
    assert delays[first] is None or delays[first].minutes == 0
    assert delays[second] is not None and delays[second].minutes == 480


def test_without_a_stored_plan_stable_has_no_reference_and_still_levels() -> None:
    state = WorkspaceState(project=_two_jobs_one_fitter())
    done = level_plan(state, time_limit=10, workers=1, stable=True)
    assert sorted(t.start for t in done.result.tasks.values()) == [MON, TUE]


def test_the_terminal_ui_levels_through_the_same_call() -> None:
    state = WorkspaceState(project=_two_jobs_one_fitter())
    result = level_workspace(state, time_limit=10)
    assert sorted(t.start for t in result.tasks.values()) == [MON, TUE]
    assert state.project == _two_jobs_one_fitter()  # shown first: kept only by apply_leveling


def test_no_plan_found_leaves_the_project_as_it_was() -> None:
    state = WorkspaceState(project=_two_jobs_one_fitter())
    done = level_plan(state, time_limit=10, workers=1)
    keep_leveling(dataclasses.replace(done, project=None), state)
    assert state.project == _two_jobs_one_fitter()

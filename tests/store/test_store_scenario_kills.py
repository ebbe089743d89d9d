"""Adopting a scenario under SIGKILL: the file holds the old current plan or the new one, never a mix."""

from __future__ import annotations

import dataclasses
import datetime as dt
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import cli_env
from plantrack.scheduling.model import Project
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.plan import StoredPlan
from plantrack.store.scenarios import Scenario

WORKER = Path(__file__).with_name("scenario_worker.py")
KEPT = "plan of 2026-12-06"
#: The current plan's stored plan and the scenario's, told apart by their finish.
OLD_PLAN = StoredPlan(start=dt.datetime(2027, 1, 4, 8), finish=dt.datetime(2027, 8, 25, 17))
NEW_PLAN = StoredPlan(start=dt.datetime(2027, 1, 4, 8), finish=dt.datetime(2027, 9, 15, 17))


def _variant(project: Project) -> Project:
    tasks = tuple(dataclasses.replace(t, name=f"{t.name} (late)") for t in project.tasks)
    return dataclasses.replace(project, tasks=tasks, name="late variant")


def _fresh(path: Path, project: Project) -> None:
    path.unlink(missing_ok=True)
    state = WorkspaceState(project=project, schedule=OLD_PLAN)
    state.scenarios.add(
        Scenario.new(
            "late",
            _variant(project),
            NEW_PLAN,
            note="",
            created_by="t",
            created_at=dt.datetime(2026, 12, 1),
        )
    )
    create_workspace(path, state)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "name"),
    [("tempfile", "mkstemp"), ("os", "write"), ("os", "fsync"), ("os", "close"), ("os", "replace")],
)
def test_a_kill_at_every_call_of_an_adopt_leaves_the_old_or_the_new_plan(
    tmp_path: Path, module: str, name: str
) -> None:
    from plantrack.formats.demo import load_demo

    project = load_demo()[0]
    path = tmp_path / "w.plantrack.json"
    kills = 0
    for nth in range(1, 12):
        _fresh(path, project)
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(path), "late", module, name, str(nth)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(),
        )
        out, err = proc.communicate(timeout=120)
        state = open_workspace(path).read()
        old = (state.project, state.schedule, state.scenarios.names()) == (
            project,
            OLD_PLAN,
            ["late"],
        )
        new = (state.project, state.schedule, state.scenarios.names()) == (
            _variant(project),
            NEW_PLAN,
            [KEPT],
        )
        if proc.returncode == -signal.SIGKILL:
            kills += 1
            assert old or new, f"{module}.{name} call {nth}: a mix"
            if new:
                assert state.scenarios.get(KEPT).project == project
            continue
        assert proc.returncode == 0, err
        assert new and state.scenarios.get(KEPT).project == project
        if int(out.split()[-2]) < nth:
            break
    assert kills >= 1

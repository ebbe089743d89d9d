"""A small hand-worked plant: two projects sharing one electrician and the March line stop.

elec: 1 unit, 100/h, standard calendar (Mon-Fri 8-12, 13-17).  stop: Mon 8 - Fri 12 March 2027.

retrofit (start Mon 1 Mar): A1 3d elec -> A2 2d -> GA gate -> A3 1d bound to the stop.
  baseline v1 = its plan; progress at Wed 3 Mar 17:00: A1 started Mon 1 8:00, 50 %, cost 1500.
  action A1 "Order cables" owner J. Martin due Tue 2 Mar (open: overdue at the status date).
press (start Wed 3 Mar): B1 4d elec -> GB gate, deferred on Thu 4 Mar by the plant manager.
  no baseline, no progress; actions A1 (owner "j. martin", due 20 Mar, open) and A2 (done).
"""

from __future__ import annotations

import datetime as dt

from builders import chain, milestone, plan, resource, task, use
from plantrack.operations.analysis import plan_of
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.model import Period, Plant, PlantProject, Project, Window
from plantrack.scheduling.shared import resolve
from plantrack.scheduling.tracking.baseline import make_baseline
from plantrack.scheduling.tracking.records import (
    Action,
    ActionStatus,
    ActionUpdate,
    Decision,
    GateDecision,
    ProgressRecord,
)
from plantrack.scheduling.tracking.worktime import CalendarWorkTime
from plantrack.store import WorkspaceState

D = dt.datetime
STATUS = D(2027, 3, 3, 17)
TODAY = dt.date(2027, 3, 4)


def plant(**fields: object) -> Plant:
    return Plant(
        name="Plant 1",
        resources=(resource("elec", name="Electricians", rate=100.0),),
        windows=(
            Window(id="stop", name="March stop", periods=(Period(start=D(2027, 3, 8), end=D(2027, 3, 13)),)),
        ),
        projects=(
            PlantProject(workspace="retrofit.plantrack.json", priority=2),
            PlantProject(workspace="press.plantrack.json"),
        ),
        **fields,  # type: ignore[arg-type]
    )


def retrofit_project() -> Project:
    return plan(
        [
            task("A1", "3d", name="Cabling"),
            task("A2", "2d"),
            milestone("GA", name="Trial OK", gate=True),
            task("A3", "1d", window="stop"),
        ],
        chain("A1", "A2", "GA", "A3"),
        assignments=[use("A1", "elec")],
        name="Retrofit",
    )


def press_project() -> Project:
    return plan(
        [task("B1", "4d"), milestone("GB", name="Press ready", gate=True)],
        chain("B1", "GB"),
        assignments=[use("B1", "elec")],
        name="Press",
        start=D(2027, 3, 3, 8),
    )


def retrofit_state(shared: Plant) -> WorkspaceState:
    project = retrofit_project()
    resolved = resolve(project, shared)
    baseline = make_baseline(
        resolved, plan_of(cpm(resolved)), CalendarWorkTime(resolved), name="v1", saved_at=D(2027, 2, 26)
    )
    return WorkspaceState(
        project=project,
        baselines=(baseline,),
        progress=(
            ProgressRecord(
                task="A1",
                status_date=STATUS,
                actual_start=D(2027, 3, 1, 8),
                percent_complete=50.0,
                cost=1500.0,
            ),
        ),
        actions=(
            Action(
                id="A1", title="Order cables", owner="J. Martin", due=D(2027, 3, 2), created=D(2027, 2, 26)
            ),
        ),
    )


def press_state() -> WorkspaceState:
    return WorkspaceState(
        project=press_project(),
        gates=(
            GateDecision(task="GB", decision=Decision.DEFERRED, by="Plant manager", date=D(2027, 3, 4, 10)),
        ),
        actions=(
            Action(
                id="A1", title="Guard quote", owner="j. martin", due=D(2027, 3, 20), created=D(2027, 3, 1)
            ),
            Action(id="A2", title="Floor marking", owner="S. Roy", due=D(2027, 3, 5), created=D(2027, 3, 1)),
            ActionUpdate(action="A2", date=D(2027, 3, 3), status=ActionStatus.DONE),
        ),
    )


def members(shared: Plant) -> list[tuple[PlantProject, WorkspaceState]]:
    return [(shared.projects[0], retrofit_state(shared)), (shared.projects[1], press_state())]

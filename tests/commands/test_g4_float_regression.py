"""Issue 22, item 4: after leveling and progress, G4's float is the real slack across a plant closure.

The plan (data/g4_closure.toml): the crew (06:00-22:00 on weekdays) dismantles the press (A) and
prepares the clamps (B), one fitter for both, so leveling delays B. G4 (8 h on the plant day shift)
follows A; the two changeovers S and S2 must fit in the shutdown window of 16-27 August; the plant is
closed from 30 July to 13 August. The walkthrough saw G4 at float 0 and critical, and two "Critical
path:" lines, although pushing G4 two weeks did not move the finish.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path

from conftest import Result
from plantrack.scheduling.calendar import CalendarCache, to_datetime
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import Constraint, ConstraintKind, Project, TaskActual
from plantrack.store import open_workspace
from plantrack.store.tracking_codec import actuals_at

PLAN = Path(__file__).with_name("data") / "g4_closure.toml"
WORKSPACE = "p4.plantrack.json"


def moved_finish(
    project: Project, status: dt.datetime | None, actuals: Mapping[str, TaskActual], task_id: str, d: int
) -> dt.datetime | None:
    """The finish with `task_id` held back `d` working minutes of its calendar (None: no plan at all)."""
    base = cpm(project, status_date=status, actuals=actuals).task(task_id)
    task = next(t for t in project.tasks if t.id == task_id)
    cal = CalendarCache(project).for_task(
        task, [a.resource for a in project.assignments if a.task == task_id]
    )
    es = base.early_start
    at = es if d == 0 else max(es, cal.finish_at(cal.work_before(es) + d))
    hold = Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=to_datetime(project.origin, at))
    tasks = tuple(
        dataclasses.replace(t, constraints=(*t.constraints, hold)) if t.id == task_id else t
        for t in project.tasks
    )
    try:
        return cpm(dataclasses.replace(project, tasks=tasks), status_date=status, actuals=actuals).finish_at
    except InvalidInput:
        return None


def brute_float(
    project: Project, status: dt.datetime | None, actuals: Mapping[str, TaskActual], task_id: str
) -> int:
    """The largest delay (working minutes) that keeps the finish, by bisection on whole plans."""
    finish = cpm(project, status_date=status, actuals=actuals).finish_at

    def keeps(d: int) -> bool:
        found = moved_finish(project, status, actuals, task_id, d)
        return found is not None and found <= finish

    lo, hi = 0, 400 * 60
    assert keeps(lo) and not keeps(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if keeps(mid) else (lo, mid)
    return lo


def test_g4_float_after_leveling_and_progress_is_the_real_slack(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    assert cli("import", str(PLAN), "-w", WORKSPACE).code == 0
    leveled = cli("schedule", "--level", "--workers", "1", "--json")
    assert leveled.code == 0, leveled.err
    delays = {t["id"]: t.get("leveling_delay_hours") for t in json.loads(leveled.out)["tasks"]}
    assert delays["B"]  # the fitter does A first: B waits for it
    progress = cli(
        "progress",
        "A",
        "--date",
        "2027-07-07T06:00",
        "--actual-start",
        "2027-07-05T06:00",
        "--remaining",
        "24h",
    )
    assert progress.code == 0, progress.err

    text = cli("schedule")
    assert text.code == 0, text.err
    lines = text.out.splitlines()
    # one heading over the parallel critical chains, then one chain a line
    assert [line for line in lines if line.startswith("Critical path")] == ["Critical paths (2 chains):"]
    assert "  S → F" in lines and "  S2 → F" in lines
    # the audit (not before 2 August) waits for the plant to reopen on Monday 16 August
    assert "audit waits for the closure summer from 2027-08-02 08:00 to 2027-08-16 08:00" in lines

    doc = json.loads(cli("schedule", "--json").out)
    rows = {t["id"]: t for t in doc["tasks"]}
    g4 = rows["g4"]
    state = open_workspace(tmp_path / WORKSPACE).read()
    status, actuals = actuals_at(state)
    assert status == dt.datetime(2027, 7, 7, 6) and "A" in actuals
    assert (
        cpm(state.project, status_date=status, actuals=actuals).finish_at.isoformat(timespec="minutes")
        == (doc["project"]["finish"])
    )
    # A ends Thursday 8 July 14:00 (24 crew hours from the status date); G4 may finish when the
    # changeovers do, Friday 20 August 17:00, so start at 08:00 that day. On the plant calendar from
    # Thursday 14:00: 3 h + Friday 8 h + 12-29 July 14 days, closed 30 July-13 August, 16-19 August
    # 4 days: 155 working hours
    assert g4["start"] == "2027-07-08T14:00" and g4["late_start"] == "2027-08-20T08:00"
    assert g4["total_float_hours"] == 155
    assert g4["total_float_hours"] * 60 == brute_float(state.project, status, actuals, "g4")
    assert not g4["critical"]
    assert rows["S"]["critical"] and rows["S"]["total_float_hours"] == 0

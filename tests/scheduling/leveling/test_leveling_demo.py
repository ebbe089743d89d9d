"""Plans across calendars: the demo (plant day calendar, round-the-clock crew, supplier lead times)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from leveling_builders import plan_of
from validator import violations

import plantrack.demo
from builders import link, resource, task, use
from plantrack.formats.detect import load_project
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.leveling import Method, Status, level
from plantrack.scheduling.model import Calendar, Project, TimeRange

DEMO = Path(plantrack.demo.__file__).parent / "line3_retrofit.toml"


def test_the_demo_levels_to_a_valid_plan() -> None:
    project, _ = load_project(DEMO)
    result = level(project, time_limit=10)
    assert result.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert violations(project, plan_of(result)) == []
    assert result.bound <= result.objective
    # the warm start already meets the critical-path bound: proven optimal without a CP-SAT run, and the
    # result names the method that made the plan
    assert result.status is Status.OPTIMAL and result.method is Method.HEURISTIC


def test_crew_task_runs_over_the_weekend_after_a_lead_time() -> None:
    # Friday 2027-01-08 08:00. order: 2 elapsed days (Fri 08 -> Sun 08); swap (crew, 24/7, 12h) follows:
    # Sun 08 -> Sun 20; test (plant day calendar, 8h) after it: Monday 08-17. The fitter does swap and
    # a 16h prep on the crew calendar that must come first -> swap waits: Fri 08 + 16h = Sat 00 ... the
    # swap is still bound by the order (Sun 08), so no delay; prep and swap never overlap.
    crew = Calendar(id="crew", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))
    friday = dt.datetime(2027, 1, 8, 8)
    p = Project(
        name="weekend",
        start=friday,
        calendars=(crew,),
        tasks=(
            task("order", Duration(minutes=2 * 1440, elapsed=True)),
            task("prep", Duration(minutes=16 * 60), calendar="crew"),
            task("swap", Duration(minutes=12 * 60), calendar="crew"),
            task("test", Duration(minutes=8 * 60)),
        ),
        links=(
            link("order", "swap"),
            link("swap", "test"),
        ),
        resources=(resource("fitter"),),
        assignments=(use("prep", "fitter"), use("swap", "fitter")),
    )
    result = level(p, time_limit=5)
    assert result.tasks["swap"].start == dt.datetime(2027, 1, 10, 8)
    assert result.tasks["swap"].finish == dt.datetime(2027, 1, 10, 20)
    assert result.tasks["test"].start == dt.datetime(2027, 1, 11, 8)
    assert result.tasks["test"].finish == dt.datetime(2027, 1, 11, 17)
    assert violations(p, plan_of(result)) == []

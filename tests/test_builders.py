"""The shared test builder makes the same frozen objects a hand-written `Project(...)` would."""

from __future__ import annotations

from builders import START, chain, days, link, milestone, plan, resource, task, use
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Assignment, Calendar, Link, LinkType, Project, Resource, Task


def test_a_small_plan_equals_the_project_written_out() -> None:
    night = Calendar(id="night", weekdays=(0, 1, 2, 3))
    built = plan(
        [task("A", "2d", name="Design"), task("B", days(1.5)), milestone("M")],
        [*chain("A", "B"), ("B", "M")],
        calendar=night,
        resources=[resource("crew", capacity=2)],
        assignments=[use("A", "crew", 0.5)],
    )
    assert built == Project(
        name="p",
        start=START,
        calendar="night",
        calendars=(night,),
        resources=(Resource(id="crew", capacity=2),),
        tasks=(
            Task(id="A", name="Design", duration=Duration(minutes=960)),
            Task(id="B", duration=Duration(minutes=720)),
            Task(id="M", milestone=True),
        ),
        links=(Link(predecessor="A", successor="B"), Link(predecessor="B", successor="M")),
        assignments=(Assignment(task="A", resource="crew", units=0.5),),
    )


def test_lengths_read_the_trades_units_and_links_default_to_fs_without_lag() -> None:
    assert task("L", "5ed").duration == Duration(minutes=5 * 24 * 60, elapsed=True)
    ss = chain("A", "B", kind="SS")[0]
    assert ss.type is LinkType.SS
    assert plan(links=[("A", "B")]).links[0] == Link(predecessor="A", successor="B", type=LinkType.FS)
    assert link("A", "B", "FF", "-1d").lag == Duration(minutes=-480)  # a lead

"""A task that misses every period of its window is reported with the dates and the chain that drives it."""

from __future__ import annotations

import datetime as dt

import pytest

from builders import link, plan, task
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import Problem, Unschedulable
from plantrack.scheduling.model import Constraint, ConstraintKind, Link, Period, Task, Window

DAY = 480
# the line stops Wednesday 3 March 08:00 to Thursday 4 March 17:00: two working days of the standard week
STOP = Window(
    id="stop",
    periods=(
        Period(start=dt.datetime(2027, 3, 3, 8), end=dt.datetime(2027, 3, 4, 17)),
        Period(start=dt.datetime(2027, 2, 24, 8), end=dt.datetime(2027, 2, 25, 17)),
    ),
)


def _missed(tasks: list[Task], links: list[Link]) -> Problem:
    project = plan(
        name="p",
        start=dt.datetime(2027, 3, 1, 8),  # a Monday
        tasks=tuple(tasks),
        links=tuple(links),
        windows=(STOP,),
    )
    with pytest.raises(Unschedulable) as info:
        cpm(project)
    [problem] = info.value.problems()
    assert problem.code == "window-missed"
    return problem


def test_the_message_gives_the_periods_the_earliest_start_and_the_chain() -> None:
    """prep (Mon-Tue) then design (Wed-Fri): install can start Mon 8 March 08:00, after the stop ended.
    order (1 day) also precedes install but does not drive it."""
    problem = _missed(
        [
            task("prep", Duration(minutes=2 * DAY)),
            task("design", Duration(minutes=3 * DAY)),
            task("order", Duration(minutes=DAY)),
            task("install", Duration(minutes=240), window="stop"),
        ],
        [
            link("prep", "design"),
            link("design", "install"),
            link("order", "install"),
        ],
    )
    message = problem.message
    # periods in time order, with their dates
    assert "2027-02-24 08:00 to 2027-02-25 17:00, 2027-03-03 08:00 to 2027-03-04 17:00" in message
    assert "the earliest it can start is 2027-03-08 08:00" in message
    assert "prep -> design -> install" in message and "order" not in message
    assert problem.ids == ("install", "stop", "prep", "design")


def test_the_chain_runs_through_a_summary() -> None:
    """prep (Mon-Tue) -> the summary eng, whose child design (Wed-Fri) drives install."""
    problem = _missed(
        [
            task("prep", Duration(minutes=2 * DAY)),
            Task(id="eng"),
            Task(id="design", parent="eng", duration=Duration(minutes=3 * DAY)),
            task("install", Duration(minutes=240), window="stop"),
        ],
        [link("prep", "eng"), link("eng", "install")],
    )
    assert "the earliest it can start is 2027-03-08 08:00" in problem.message
    assert "prep -> eng -> design -> eng -> install" in problem.message


def test_a_constraint_alone_says_no_predecessor_drives_it() -> None:
    late = Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=dt.datetime(2027, 3, 5, 8))
    problem = _missed([task("install", Duration(minutes=240), window="stop", constraints=(late,))], [])
    assert "the earliest it can start is 2027-03-05 08:00" in problem.message
    assert "no predecessor drives it" in problem.message and problem.ids == ("install", "stop")

"""PERT: the textbook example by hand, link types on the driving chain, deadlines and bad input."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from builders import link, milestone, plan, task
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import Calendar, Estimate, Project, Task, TimeRange
from plantrack.scheduling.risk.pert import CalendarAxis, normal_cdf, pert, probability_by, risk_network

START = dt.datetime(2027, 3, 1, 0, 0)
UNIT = 480  # one "week" of the textbook example = 480 minutes here


#: Every minute is working time: working minutes are plain minutes after the project start.
ALWAYS = Calendar(id="always", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))


def est(o: float, m: float, p: float, unit: int = UNIT) -> Estimate:
    return Estimate(
        optimistic=Duration(minutes=round(o * unit)),
        likely=Duration(minutes=round(m * unit)),
        pessimistic=Duration(minutes=round(p * unit)),
    )


def fixed(minutes: int) -> Duration:
    return Duration(minutes=minutes)


def textbook(deadline_units: float | None = None) -> Project:
    """Heizer & Render, Operations Management, "Milwaukee General Hospital" (8 activities, weeks)."""
    times = {
        "A": (1, 2, 3),
        "B": (2, 3, 4),
        "C": (1, 2, 3),
        "D": (2, 4, 6),
        "E": (1, 4, 7),
        "F": (1, 2, 9),
        "G": (3, 4, 11),
        "H": (1, 2, 3),
    }
    preds = {"C": "A", "D": "B", "E": "C", "F": "C", "G": "DE", "H": "FG"}
    deadline = None if deadline_units is None else START + dt.timedelta(minutes=deadline_units * UNIT)
    tasks = tuple(
        Task(id=k, estimate=est(*v), deadline=deadline if k == "H" else None) for k, v in times.items()
    )
    links = tuple(link(p, s) for s, ps in preds.items() for p in ps)
    return plan(
        name="Air pollution control",
        start=START,
        calendar=ALWAYS.id,
        calendars=(ALWAYS,),
        tasks=tasks,
        links=links,
    )


def test_textbook_pert_example() -> None:
    """Heizer & Render's published figures, recomputed by hand.

    Expected times t = (a + 4m + b)/6 (weeks): A 2, B 3, C 2, D 4, E 4, F 3, G 5, H 2.
    Variances ((b - a)/6)^2: A 4/36, B 4/36, C 4/36, D 16/36, E 36/36, F 64/36, G 64/36, H 4/36.
    Paths: A-C-E-G-H = 2+2+4+5+2 = 15; A-C-F-H = 9; B-D-G-H = 14. Critical path A-C-E-G-H, 15 weeks.
    Project variance = (4 + 4 + 36 + 64 + 4)/36 = 112/36 = 3.11 (published 3.11), sigma = 1.764 (1.76).
    P(done within 16 weeks) = Phi((16 - 15)/1.764) = Phi(0.5669) = 0.7146; the book rounds z to 0.57
    and reads 0.7157 from its table.
    """
    result = pert(textbook(deadline_units=16))
    expected = {t.id: t.expected_minutes / UNIT for t in result.tasks}
    assert expected == pytest.approx({"A": 2, "B": 3, "C": 2, "D": 4, "E": 4, "F": 3, "G": 5, "H": 2})
    variance = {t.id: (t.std_minutes / UNIT) ** 2 for t in result.tasks}
    assert variance["F"] == pytest.approx(64 / 36)
    assert variance["E"] == pytest.approx(1.0)
    project = result.project
    assert project.expected_minutes / UNIT == pytest.approx(15)
    assert (project.std_minutes / UNIT) ** 2 == pytest.approx(112 / 36)
    assert project.chain == ("A", "C", "E", "G", "H")
    assert project.probability_by(16 * UNIT) == pytest.approx(0.7146, abs=1e-4)
    assert project.probability_by(16 * UNIT) == pytest.approx(0.7157, abs=2e-3)  # the book's figure
    assert project.expected_finish == START + dt.timedelta(minutes=15 * UNIT)
    # H carries the 16-week deadline: its odds are the project's
    (h,) = result.targets
    assert h.id == "H" and h.probability == pytest.approx(0.7146, abs=1e-4)
    # 99 % due date from the book: 15 + 2.33 sigma = 19.1 weeks
    assert project.probability_by(19.1 * UNIT) == pytest.approx(0.99, abs=2e-3)


def test_normal_cdf_against_table_values() -> None:
    assert normal_cdf(0) == 0.5
    assert normal_cdf(1.0) == pytest.approx(0.841345, abs=1e-6)
    assert normal_cdf(-1.96) == pytest.approx(0.024998, abs=1e-6)
    assert probability_by(10, 0, 10) == 1.0 and probability_by(10, 0, 9.5) == 0.0


def test_milestone_odds_follow_its_own_longest_path() -> None:
    """M waits for X (2 +- 1/3) and Y (1,1,10: mean 2.5, sd 1.5): Y's chain drives it.

    Expected finish 2.5 units, sd 1.5, deadline 4: P = Phi(1) = 0.8413.
    """
    deadline = START + dt.timedelta(minutes=4 * UNIT)
    project = plan(
        name="p",
        start=START,
        calendar=ALWAYS.id,
        calendars=(ALWAYS,),
        tasks=(
            Task(id="X", estimate=est(1, 2, 3)),
            Task(id="Y", estimate=est(1, 1, 10)),
            milestone("M", deadline=deadline),
            task("Z", fixed(10 * UNIT)),
        ),
        links=(link("X", "M"), link("Y", "M")),
    )
    result = pert(project)
    (m,) = result.targets
    assert m.chain == ("Y", "M")
    assert m.expected_minutes == pytest.approx(2.5 * UNIT)
    assert m.std_minutes == pytest.approx(1.5 * UNIT)
    assert m.probability == pytest.approx(normal_cdf(1.0))
    # the project is driven by the fixed 10-unit task: certain, no spread
    assert result.project.chain == ("Z",) and result.project.std_minutes == 0
    assert result.project.probability is None


def test_link_types_and_lags_on_the_chain() -> None:
    """A (expected 60) -SS+30-> B (expected 120, sd 20); B -FF+10-> C (fixed 30); C -SF-> D? no: D after C FS.

    B starts at 30, finishes 150; C must finish >= 160, so C runs 130-160 (driven by B's finish:
    C's own duration cancels). D (FS, fixed 40) finishes at 200. The chain is A (start only), B, C, D;
    its variance is B's alone: A drives B's start through SS, so A's duration plays no part.
    """
    project = plan(
        name="p",
        start=START,
        calendar=ALWAYS.id,
        calendars=(ALWAYS,),
        tasks=(
            Task(id="A", estimate=est(30, 60, 90, unit=1)),
            Task(id="B", estimate=est(60, 120, 180, unit=1)),
            task("C", fixed(30)),
            task("D", fixed(40)),
        ),
        links=(
            link("A", "B", "SS", fixed(30)),
            link("B", "C", "FF", fixed(10)),
            link("C", "D"),
        ),
    )
    result = pert(project)
    assert result.project.expected_minutes == pytest.approx(200)
    assert result.project.std_minutes == pytest.approx(20)
    assert result.project.chain == ("A", "B", "C", "D")


def test_start_to_finish_link_and_start_constraint() -> None:
    """SF: B's finish >= A's start + 100. A starts at 50 (start-no-earlier-than), so B (20) runs 130-150."""
    from plantrack.scheduling.model import Constraint, ConstraintKind

    snet = Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=START + dt.timedelta(minutes=50))
    project = plan(
        name="p",
        start=START,
        calendar=ALWAYS.id,
        calendars=(ALWAYS,),
        tasks=(
            task("A", fixed(10), constraints=(snet,)),
            Task(id="B", estimate=est(14, 20, 26, unit=1)),
        ),
        links=(link("A", "B", "SF", fixed(100)),),
    )
    result = pert(project)
    assert result.project.expected_minutes == pytest.approx(150)
    assert result.project.std_minutes == 0  # B's finish is pinned by A's start
    assert result.project.chain == ("A", "B")


def test_summary_links_apply_to_children() -> None:
    """Phase P (children P1 = 100, P2 = 50 in parallel) follows K (60); T follows the phase: 60+100+30."""
    project = plan(
        name="p",
        start=START,
        calendar=ALWAYS.id,
        calendars=(ALWAYS,),
        tasks=(
            task("K", fixed(60)),
            Task(id="P", name="phase"),
            task("P1", fixed(100), parent="P"),
            Task(id="P2", estimate=est(20, 50, 80, unit=1), parent="P"),
            task("T", fixed(30)),
        ),
        links=(link("K", "P"), link("P", "T")),
    )
    result = pert(project)
    assert result.project.expected_minutes == pytest.approx(190)
    assert result.project.chain == ("K", "P1", "T")
    assert [t.id for t in result.tasks] == ["K", "P1", "P2", "T"]


def test_elapsed_time_counts_plain_minutes() -> None:
    """Standard calendar (Mon-Fri 08-12, 13-17) from Thursday 2027-03-04 08:00.

    cure: 1ed / 2ed / 4ed, expected 13/6 days = 3120 elapsed minutes, sd (5760 - 1440)/6 = 720, both
    in its own units (round the clock); it runs Thursday 08:00 to Saturday 12:00. paint (1 day) follows
    with a 1ed lag: Sunday 12:00, so it starts Monday 08:00 and finishes Monday 17:00, where cpm puts
    it; the project's hours count the plant's working time from the start: Thursday, Friday, Monday.
    """
    from plantrack.scheduling.cpm import cpm

    day = 24 * 60
    cure = Estimate(
        optimistic=Duration(minutes=day, elapsed=True),
        likely=Duration(minutes=2 * day, elapsed=True),
        pessimistic=Duration(minutes=4 * day, elapsed=True),
    )
    project = plan(
        name="p",
        start=dt.datetime(2027, 3, 4, 8, 0),
        tasks=(Task(id="cure", estimate=cure), task("paint", fixed(480))),
        links=(link("cure", "paint", lag=Duration(minutes=day, elapsed=True)),),
    )
    result = pert(project)
    by_id = {t.id: t for t in result.tasks}
    assert by_id["cure"].expected_minutes == pytest.approx(3120)
    assert by_id["cure"].std_minutes == pytest.approx(720)
    assert result.project.expected_finish == cpm(project).finish_at == dt.datetime(2027, 3, 8, 17, 0)
    assert result.project.expected_minutes == 3 * 480
    assert result.project.chain == ("cure", "paint") and result.project.std_minutes == pytest.approx(720)


def test_cycle_and_unknown_reference_are_reported_by_name() -> None:
    cyc = plan(
        name="p",
        start=START,
        calendar=ALWAYS.id,
        calendars=(ALWAYS,),
        tasks=tuple(task(i, fixed(10)) for i in "abc"),
        links=(
            link("a", "b"),
            link("b", "c"),
            link("c", "a"),
        ),
    )
    with pytest.raises(InvalidInput) as info:
        risk_network(cyc)
    (problem,) = [p for p in info.value.problems() if p.code == "dep-cycle"]
    assert problem.code == "dep-cycle" and set(problem.ids) == {"a", "b", "c"}
    unknown = plan(
        name="p",
        start=START,
        calendar=ALWAYS.id,
        calendars=(ALWAYS,),
        tasks=(Task(id="a"),),
        links=(link("a", "zz"),),
    )
    with pytest.raises(InvalidInput, match="zz"):
        risk_network(unknown)


def test_empty_project() -> None:
    result = pert(plan(name="p", start=START, calendar=ALWAYS.id, calendars=(ALWAYS,)))
    assert result.project.expected_minutes == 0 and result.targets == ()
    assert math.isfinite(result.project.std_minutes)


def test_calendar_axis_follows_the_finish_convention() -> None:
    """Standard calendar 08-12/13-17 Mon-Fri; start Thursday 2027-03-04 08:00.

    A 2-day task (960 working minutes) finishes Friday 17:00 and the next work starts Monday 08:00.
    An estimate of 1d/2d/3d has mean 2d and sd 1/3 d = 160 min: with a Friday 17:00 deadline the odds
    are Phi(0) = 50 %; with Monday 12:00 (240 more minutes) Phi(1.5) = 93.3 %.
    """
    thursday = dt.datetime(2027, 3, 4, 8, 0)
    project = plan(
        name="p",
        start=thursday,
        tasks=(Task(id="t", estimate=est(1, 2, 3, unit=480), deadline=dt.datetime(2027, 3, 5, 17, 0)),),
    )
    axis = CalendarAxis(project)
    assert axis.finish_instant(960) == dt.datetime(2027, 3, 5, 17, 0)
    assert axis.start_instant(960) == dt.datetime(2027, 3, 8, 8, 0)
    assert axis.minutes_to(dt.datetime(2027, 3, 5, 12, 0)) == 720
    assert axis.minutes_to(dt.datetime(2027, 3, 1)) == 0
    assert axis.finish_instant(0) == thursday
    result = pert(project)
    assert result.project.expected_finish == dt.datetime(2027, 3, 5, 17, 0)
    assert result.targets[0].probability == pytest.approx(0.5)
    late = pert(project, due=dt.datetime(2027, 3, 8, 12, 0))
    assert late.project.probability == pytest.approx(normal_cdf(1.5))
    # a start on Saturday counts from Monday 08:00
    weekend = plan(name="p", start=dt.datetime(2027, 3, 6, 9, 0), tasks=project.tasks)
    assert CalendarAxis(weekend).start_instant(0) == dt.datetime(2027, 3, 8, 8, 0)

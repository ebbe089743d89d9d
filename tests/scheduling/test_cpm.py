"""CPM on hand-worked examples: every link type with lags and leads, calendars, summaries, windows.

Calendar of every example unless told: Monday-Friday 08:00-12:00 / 13:00-17:00 (1d = 8 h), project start
Monday 4 January 2027 08:00.
"""

from __future__ import annotations

import datetime as dt

import pytest

from plantrack.scheduling.cpm import Schedule, cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput, Unschedulable
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Constraint,
    ConstraintKind,
    Link,
    LinkType,
    Period,
    Project,
    Resource,
    Task,
    TaskActual,
    TimeRange,
    Window,
)

MON = dt.datetime(2027, 1, 4, 8)


def d(days: float) -> Duration:
    return Duration(minutes=round(days * 480))


def h(hours: float) -> Duration:
    return Duration(minutes=round(hours * 60))


def when(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2027, 1, day, hour, minute)


def link(p: str, s: str, kind: LinkType = LinkType.FS, lag: Duration | None = None) -> Link:
    return Link(predecessor=p, successor=s, type=kind, lag=lag or Duration(minutes=0))


def plan(tasks: list[Task], links: list[Link] = (), **kw: object) -> Schedule:  # type: ignore[assignment]
    return cpm(Project(name="p", start=MON, tasks=tuple(tasks), links=tuple(links), **kw))  # type: ignore[arg-type]


def span(s: Schedule, task: str) -> tuple[dt.datetime, dt.datetime]:
    t = s.task(task)
    return t.early_start_at, t.early_finish_at


def test_two_days_from_thursday_and_the_fs_successor_on_monday() -> None:
    s = cpm(
        Project(
            name="p",
            start=when(7, 8),
            tasks=(Task(id="A", duration=d(2)), Task(id="B", duration=d(1))),
            links=(link("A", "B"),),
        )
    )
    assert span(s, "A") == (when(7, 8), when(8, 17))
    assert span(s, "B") == (when(11, 8), when(11, 17))


@pytest.mark.parametrize(
    "kind,lag,expected",
    [
        # A: Mon 08:00 - Tue 17:00 (2d). FS +1d: Wednesday is the lag -> B Thursday.
        (LinkType.FS, d(1), (when(7, 8), when(7, 17))),
        # FS lead -1d: one working day before Tue 17:00 is Tue 08:00.
        (LinkType.FS, d(-1), (when(5, 8), when(5, 17))),
        # SS +4h: Mon 08:00 + 4 working hours = 12:00, next working instant 13:00; 8 h -> Tue 12:00.
        (LinkType.SS, h(4), (when(4, 13), when(5, 12))),
        # FF +1d: B finishes >= Wed 17:00 -> a 1d B runs Wednesday.
        (LinkType.FF, d(1), (when(6, 8), when(6, 17))),
        # FF lead -1d: B finishes >= Mon 17:00 -> Monday.
        (LinkType.FF, d(-1), (when(4, 8), when(4, 17))),
        # SF +2d: B finishes >= A's start + 2d = Tue 17:00 -> B Tuesday.
        (LinkType.SF, d(2), (when(5, 8), when(5, 17))),
        # FS +3ed (elapsed): Tue 17:00 + 72 h = Fri 17:00 -> B the next Monday.
        (LinkType.FS, Duration(minutes=3 * 1440, elapsed=True), (when(11, 8), when(11, 17))),
        # SS +1ed: Mon 08:00 + 24 h = Tue 08:00.
        (LinkType.SS, Duration(minutes=1440, elapsed=True), (when(5, 8), when(5, 17))),
    ],
)
def test_link_types_with_lags_and_leads(
    kind: LinkType, lag: Duration, expected: tuple[dt.datetime, ...]
) -> None:
    s = plan([Task(id="A", duration=d(2)), Task(id="B", duration=d(1))], [link("A", "B", kind, lag)])
    assert span(s, "A") == (when(4, 8), when(5, 17))
    assert span(s, "B") == expected
    assert s.task("B").driving_predecessor == "A" or span(s, "B")[0] == MON


def test_floats_critical_path_and_driver() -> None:
    """A 2d; B 1d and C 3d after A; M milestone after B and C.

    Early: A Mon-Tue, B Wed, C Wed-Fri, M Fri 17:00. B's late dates: Fri -> total float 2d = 960 min;
    free float also 2d (M waits for C). Critical path A, C, M.
    """
    s = plan(
        [
            Task(id="A", duration=d(2)),
            Task(id="B", duration=d(1)),
            Task(id="C", duration=d(3)),
            Task(id="M", milestone=True),
        ],
        [link("A", "B"), link("A", "C"), link("B", "M"), link("C", "M")],
    )
    b = s.task("B")
    assert (b.late_start_at, b.late_finish_at) == (when(8, 8), when(8, 17))
    assert b.total_float == b.free_float == 960 and not b.critical
    assert span(s, "M") == (when(8, 17), when(8, 17))
    assert s.task("M").milestone and s.task("M").driving_predecessor == "C"
    assert [t.id for t in s.tasks if t.critical] == ["A", "C", "M"]
    assert s.critical_paths == (("A", "C", "M"),)
    assert (s.start_at, s.finish_at, s.duration_minutes) == (MON, when(8, 17), 5 * 480)


def test_free_float_smaller_than_total_float() -> None:
    """A 1d -> B 1d -> D 3d; A -> C 1d -> E 1d; D, E -> F 1d. C can slip 0 without moving E, E has 2d."""
    s = plan(
        [Task(id=i, duration=d(n)) for i, n in [("A", 1), ("B", 1), ("C", 1), ("D", 3), ("E", 1), ("F", 1)]],
        [link("A", "B"), link("B", "D"), link("A", "C"), link("C", "E"), link("D", "F"), link("E", "F")],
    )
    assert (s.task("C").total_float, s.task("C").free_float) == (960, 0)
    assert (s.task("E").total_float, s.task("E").free_float) == (960, 960)


def test_elapsed_duration_runs_through_the_weekend() -> None:
    """Paint Mon-Fri (5d), cure 2ed from Fri 17:00 to Sun 17:00, assemble Monday."""
    s = plan(
        [
            Task(id="paint", duration=d(5)),
            Task(id="cure", duration=Duration(minutes=2 * 1440, elapsed=True)),
            Task(id="assemble", duration=d(1)),
        ],
        [link("paint", "cure"), link("cure", "assemble")],
    )
    assert span(s, "cure") == (when(8, 17), when(10, 17))
    assert span(s, "assemble") == (when(11, 8), when(11, 17))


CREW = Calendar(id="crew", weekdays=(5, 6), hours=(TimeRange(start=6 * 60, end=18 * 60),))


def test_shutdown_task_on_crew_calendar_then_back_on_the_plant_calendar() -> None:
    """Prepare Mon-Fri on the plant; the crew replaces the conveyor Saturday 06:00-14:00 (8 h of its
    Saturday-Sunday 06-18 calendar, through its assigned resource); the restart runs Monday 08:00.
    The crew could as well finish by Sunday 18:00: 16 crew hours of float, so the replacement is not
    critical and the critical chains stop on either side of it."""
    s = plan(
        [
            Task(id="prepare", duration=d(5)),
            Task(id="replace", duration=h(8)),
            Task(id="restart", duration=d(1)),
        ],
        [link("prepare", "replace"), link("replace", "restart")],
        calendars=(CREW,),
        resources=(Resource(id="crew-team", calendar="crew"),),
        assignments=(Assignment(task="replace", resource="crew-team"),),
    )
    assert span(s, "replace") == (dt.datetime(2027, 1, 9, 6), dt.datetime(2027, 1, 9, 14))
    assert s.task("replace").calendar == "crew"
    assert span(s, "restart") == (when(11, 8), when(11, 17))
    assert s.task("replace").total_float == 16 * 60
    assert s.critical_paths == (("prepare",), ("restart",))


def test_summary_links_apply_to_children() -> None:
    """Y 1d precedes phase S (children C1 2d, C2 1d); S precedes X: C1, C2 start Tue; X after C1 (Thu)."""
    s = plan(
        [
            Task(id="Y", duration=d(1)),
            Task(id="S"),
            Task(id="C1", duration=d(2), parent="S"),
            Task(id="C2", duration=d(1), parent="S"),
            Task(id="X", duration=d(1)),
        ],
        [link("Y", "S"), link("S", "X")],
    )
    assert span(s, "C1") == (when(5, 8), when(6, 17))
    assert span(s, "C2") == (when(5, 8), when(5, 17))
    assert span(s, "S") == (when(5, 8), when(6, 17))
    assert span(s, "X") == (when(7, 8), when(7, 17))
    assert s.task("S").summary and s.task("S").critical
    assert s.task("C2").total_float == 480
    assert s.task("C1").driving_predecessor == "Y" and s.task("X").driving_predecessor == "S"
    assert s.critical_paths == (("Y", "C1", "X"),)


def test_constraints() -> None:
    """SNET Wednesday 10:00 on B; MSO Thursday 08:00 on C; FNLT on D before its early finish."""
    s = plan(
        [
            Task(id="A", duration=d(1)),
            Task(
                id="B",
                duration=d(1),
                constraints=(Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=when(6, 10)),),
            ),
            Task(
                id="C",
                duration=d(1),
                constraints=(Constraint(kind=ConstraintKind.MUST_START_ON, date=when(7, 8)),),
            ),
            Task(
                id="D",
                duration=d(2),
                constraints=(Constraint(kind=ConstraintKind.FINISH_NO_LATER_THAN, date=when(4, 17)),),
            ),
        ],
        [link("A", "B")],
    )
    assert span(s, "B") == (when(6, 10), when(7, 10))
    assert span(s, "C") == (when(7, 8), when(7, 17))
    assert s.task("C").total_float == 0
    assert span(s, "D") == (when(4, 8), when(5, 17))  # never moved
    assert s.task("D").total_float == -480 and s.task("D").critical
    assert [w.code for w in s.warnings] == ["constraint-missed"]


def test_conflicting_constraints_are_unschedulable() -> None:
    with pytest.raises(Unschedulable) as info:
        plan(
            [
                Task(
                    id="A",
                    duration=d(2),
                    constraints=(
                        Constraint(kind=ConstraintKind.MUST_START_ON, date=when(6, 8)),
                        Constraint(kind=ConstraintKind.FINISH_NO_LATER_THAN, date=when(6, 17)),
                    ),
                )
            ]
        )
    [problem] = info.value.problems()
    assert problem.code == "constraint-conflict" and problem.ids == ("A",)
    assert "must-start-on" in problem.message and "finish-no-later-than" in problem.message


def test_deadline_gives_negative_float_and_a_warning() -> None:
    """A 3d then B 2d: B finishes Fri 17:00; deadline Thu 17:00 -> float -1d on both, dates unchanged."""
    s = plan(
        [Task(id="A", duration=d(3)), Task(id="B", duration=d(2), deadline=when(7, 17))], [link("A", "B")]
    )
    assert span(s, "B") == (when(7, 8), when(8, 17))
    assert s.task("A").total_float == s.task("B").total_float == -480
    [warning] = s.warnings
    assert (
        warning.code == "deadline-missed" and warning.ids == ("B",) and "8 working hours" in warning.message
    )


def shutdown_window() -> Window:
    return Window(
        id="shutdowns",
        periods=(
            Period(start=dt.datetime(2027, 1, 9, 0), end=dt.datetime(2027, 1, 11, 0)),
            Period(start=dt.datetime(2027, 1, 16, 0), end=dt.datetime(2027, 1, 18, 0)),
        ),
    )


def test_window_task_fits_wholly_in_the_earliest_then_the_latest_period() -> None:
    """The crew's weekend has 24 working hours. After a 6-day task (ends Mon 11th) the 20 h job waits for
    the second weekend: Sat 16th 06:00 - Sun 17th 14:00. Beside a 15-day task (to Fri 22nd) it takes the
    first weekend, and its late dates end the second one: Sat 16th 10:00 - Sun 17th 18:00; float = crew
    hours from Sat 9th 06:00 to Sat 16th 10:00 = 24 h + 4 h."""
    job = Task(id="job", duration=h(20), calendar="crew", window="shutdowns")
    s = plan(
        [Task(id="A", duration=d(6)), job],
        [link("A", "job")],
        calendars=(CREW,),
        windows=(shutdown_window(),),
    )
    assert span(s, "job") == (dt.datetime(2027, 1, 16, 6), dt.datetime(2027, 1, 17, 14))
    s = plan(
        [Task(id="long", duration=d(15)), job],
        calendars=(CREW,),
        windows=(shutdown_window(),),
    )
    assert span(s, "job") == (dt.datetime(2027, 1, 9, 6), dt.datetime(2027, 1, 10, 14))
    assert s.task("job").late_start_at == dt.datetime(2027, 1, 16, 10)
    assert s.task("job").late_finish_at == dt.datetime(2027, 1, 17, 18)
    assert s.task("job").total_float == 28 * 60


def test_window_too_short() -> None:
    job = Task(id="job", duration=h(30), calendar="crew", window="shutdowns")
    with pytest.raises(Unschedulable) as info:
        plan([job], calendars=(CREW,), windows=(shutdown_window(),))
    [problem] = info.value.problems()
    assert (problem.code, problem.ids) == ("window-too-short", ("job", "shutdowns"))


def test_effort_driven_duration() -> None:
    """24 h of effort shared by 2 + 1 units = 8 h: Monday."""
    s = plan(
        [Task(id="A", effort=h(24))],
        resources=(Resource(id="r1", capacity=2), Resource(id="r2")),
        assignments=(Assignment(task="A", resource="r1", units=2), Assignment(task="A", resource="r2")),
    )
    assert span(s, "A") == (when(4, 8), when(4, 17))


def test_project_finish_anchors_the_backward_pass() -> None:
    s = plan([Task(id="A", duration=d(1))], finish=when(6, 17))
    assert s.task("A").total_float == 2 * 480 and not s.task("A").critical


def test_rescheduling_from_a_status_date() -> None:
    """Status Wed 08:00. A (Mon-Tue) is done; B started Tue with 4 h left -> finishes Wed 12:00, C after
    B starts 13:00; D, with no predecessor, cannot start before the status date."""
    tasks = [Task(id=i, duration=d(2)) for i in "ABCD"]
    actuals = {
        "A": TaskActual(task="A", actual_start=when(4, 8), actual_finish=when(5, 17)),
        "B": TaskActual(task="B", actual_start=when(5, 8), remaining=h(4)),
    }
    s = cpm(
        Project(name="p", start=MON, tasks=tuple(tasks), links=(link("B", "C"),)),
        status_date=when(6, 8),
        actuals=actuals,
    )
    assert span(s, "A") == (when(4, 8), when(5, 17)) and s.task("A").status == "complete"
    assert not s.task("A").critical
    assert span(s, "B") == (when(5, 8), when(6, 12)) and s.task("B").status == "in-progress"
    assert span(s, "C") == (when(6, 13), when(8, 12))
    assert span(s, "D") == (when(6, 8), when(7, 17))
    assert s.critical_paths == (("B", "C"),)


def _phase_loop(extra: list[Link]) -> Project:
    """P (a phase holding b) must finish before a starts, but b waits for a: a cycle only through P."""
    day = Duration(minutes=480)
    tasks = (
        Task(id="P", name="phase"),
        Task(id="a", duration=day),
        Task(id="b", duration=day, parent="P"),
    )
    links = (Link(predecessor="P", successor="a"), Link(predecessor="a", successor="b"), *extra)
    return Project(name="loop", start=dt.datetime(2027, 1, 4, 8), tasks=tasks, links=links)


def test_a_cycle_through_a_phase_is_named_by_the_cpm() -> None:
    with pytest.raises(InvalidInput) as caught:
        cpm(_phase_loop([]))
    assert [p.code for p in caught.value.problems()] == ["dep-cycle"]
    assert set(caught.value.problems()[0].ids) >= {"a", "b"}


def test_a_cycle_and_another_error_are_reported_together() -> None:
    with pytest.raises(InvalidInput) as caught:
        cpm(_phase_loop([Link(predecessor="a", successor="ghost")]))
    codes = sorted(p.code for p in caught.value.problems())
    assert "dep-cycle" in codes and len(codes) == 2

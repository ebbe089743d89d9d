"""CPM properties on random networks, checked against an independent longest-path computation."""

from __future__ import annotations

import datetime as dt
import random

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from plantrack.scheduling.calendar import WorkCalendar, to_minute
from plantrack.scheduling.cpm import Schedule, cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Calendar, Link, LinkType, Project, Task, TimeRange

START = dt.datetime(2027, 1, 4)  # Monday, midnight: minute 0 of the axis
ROUND_CLOCK = Calendar(id="24-7", weekdays=tuple(range(7)), hours=(TimeRange(start=0, end=24 * 60),))
KINDS = list(LinkType)


@st.composite
def networks(draw: st.DrawFn, *, calendar: Calendar = ROUND_CLOCK) -> Project:
    n = draw(st.integers(1, 14))
    tasks = []
    for i in range(n):
        minutes = draw(st.sampled_from([0, 60, 120, 240, 480, 600, 960, 1500]))
        tasks.append(
            Task(id=f"T{i}", milestone=True)
            if minutes == 0
            else Task(id=f"T{i}", duration=Duration(minutes=minutes))
        )
    links = []
    seen = set()
    for _ in range(draw(st.integers(0, 2 * n))):
        a, b = (
            sorted(draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True)))
            if n > 1
            else (0, 0)
        )
        if a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        lag = draw(st.sampled_from([0, 0, 60, -60, 240, -240, 480]))
        links.append(
            Link(
                predecessor=f"T{a}",
                successor=f"T{b}",
                type=draw(st.sampled_from(KINDS)),
                lag=Duration(minutes=lag, elapsed=draw(st.booleans())),
            )
        )
    return Project(
        name="random",
        start=START,
        calendar=calendar.id,
        calendars=(calendar,),
        tasks=tuple(tasks),
        links=tuple(links),
    )


def longest_path_finish(project: Project) -> int:
    """Independent: on a 24/7 calendar every bound is a start-to-start distance; networkx does the rest."""
    g = nx.DiGraph()
    dur = {t.id: (t.duration.minutes if t.duration else 0) for t in project.tasks}
    for t in project.tasks:
        g.add_edge(t.id, "sink", weight=dur[t.id])
    for link in project.links:
        p, s, lag = link.predecessor, link.successor, link.lag.minutes
        weight = {
            LinkType.FS: dur[p] + lag,
            LinkType.SS: lag,
            LinkType.FF: dur[p] + lag - dur[s],
            LinkType.SF: lag - dur[s],
        }[link.type]
        # parallel links between the same pair: the longest binds
        if g.has_edge(p, s):
            weight = max(weight, g[p][s]["weight"])
        g.add_edge(p, s, weight=weight)
    # networkx starts every path at 0, i.e. no task before the project start, as the scheduler does
    return int(nx.dag_longest_path_length(g))


def link_respected(s: Schedule, link: Link, work: WorkCalendar) -> bool:
    """Compared in working time on the successor's calendar (a milestone compares plain instants).

    An elapsed lag is added in plain minutes first; a working lag in working minutes.
    """
    p, q = s.task(link.predecessor), s.task(link.successor)
    src = p.early_finish if link.type in (LinkType.FS, LinkType.FF) else p.early_start
    dst = q.early_start if link.type in (LinkType.FS, LinkType.SS) else q.early_finish
    if link.lag.elapsed:
        bound = src + link.lag.minutes
        return dst >= bound if q.milestone else work.work_before(dst) >= work.work_before(bound)
    return work.work_before(dst) >= work.work_before(src) + link.lag.minutes


@settings(max_examples=150, deadline=None)
@given(networks())
def test_round_the_clock_network_properties(project: Project) -> None:
    s = cpm(project)
    assert s.finish == longest_path_finish(project)
    work = WorkCalendar(ROUND_CLOCK, project.origin)
    for link in project.links:
        assert link_respected(s, link, work), link
    for t in s.tasks:
        assert t.early_start <= t.late_start and t.early_finish <= t.late_finish
        assert t.total_float == t.late_start - t.early_start >= 0
        assert 0 <= t.free_float <= t.total_float
        assert t.critical == (t.total_float == 0)
        assert t.early_start >= 0
    assert any(t.critical for t in s.tasks)
    for path in s.critical_paths:
        assert all(s.task(i).critical for i in path)


@settings(max_examples=60, deadline=None)
@given(networks(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_in_the_file(project: Project, rnd: random.Random) -> None:
    tasks, links = list(project.tasks), list(project.links)
    rnd.shuffle(tasks)
    rnd.shuffle(links)
    shuffled = Project(
        name=project.name,
        start=project.start,
        calendar=project.calendar,
        calendars=project.calendars,
        tasks=tuple(tasks),
        links=tuple(links),
    )
    a, b = cpm(project), cpm(shuffled)
    assert {t.id: t for t in a.tasks} == {t.id: t for t in b.tasks}
    assert sorted(a.critical_paths) == sorted(b.critical_paths)


@settings(max_examples=80, deadline=None)
@given(networks(calendar=Calendar(id="plant", holidays="FR")))
def test_working_calendar_network_properties(project: Project) -> None:
    s = cpm(project)
    work = WorkCalendar(project.calendars[0], project.origin)
    for link in project.links:
        assert link_respected(s, link, work), link
    for t in s.tasks:
        assert t.early_start <= t.late_start
        assert t.total_float >= 0 and t.critical == (t.total_float == 0)
        assert 0 <= t.free_float <= t.total_float
        if not t.milestone:  # work happens only in working time
            duration = project.task_map()[t.id].duration
            assert duration is not None
            assert work.working_between(t.early_start, t.early_finish) == duration.minutes
            assert work.is_working(t.early_start)
    assert s.start >= to_minute(project.origin, project.start)

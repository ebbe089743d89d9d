"""Turns a parsed TaskJuggler file into plantrack's model: calendar, resources, tasks, links, progress."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter, defaultdict

from plantrack.formats.interchange import Report
from plantrack.formats.taskjuggler.lexer import TjDate, TjpError
from plantrack.formats.taskjuggler.nodes import (
    Hours,
    Interval,
    Leave,
    ResourceNode,
    TaskNode,
    TjDuration,
    TjpFile,
)
from plantrack.formats.taskjuggler.parse import CALENDAR_MINUTES
from plantrack.i18n import _
from plantrack.scheduling.duration import MAX_MINUTES, Duration
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    Constraint,
    ConstraintKind,
    DayHours,
    Link,
    LinkType,
    Period,
    Resource,
    Task,
    TimeRange,
)

CALENDAR_ID = "tjp"
#: TaskJuggler's default week: Monday to Friday, 9:00-12:00 and 13:00-18:00.
DEFAULT_HOURS = ((9 * 60, 12 * 60), (13 * 60, 18 * 60))


class Builder:
    """Converts dates to the project's wall clock and lengths to minutes with the file's day lengths."""

    def __init__(self, tjp: TjpFile, report: Report) -> None:
        self.tjp = tjp
        self.report = report
        header = tjp.header
        self.zone: dt.tzinfo = dt.UTC
        if header.timezone:
            try:
                self.zone = zoneinfo.ZoneInfo(header.timezone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # a folder, a long name
                raise TjpError(
                    "tjp-timezone",
                    _("unknown time zone {zone}").format(zone=repr(header.timezone)),
                    header.where,
                ) from None
        self.day = header.daily_hours * 60
        self.efficiency: dict[str, float] = {}  # leaf resource -> its efficiency, set by `resources`
        if not 0 < header.daily_hours <= 24 or not 0 < header.weekly_days <= 7:
            raise TjpError("tjp-number", _("daily working hours must be within 0-24"), header.where)

    def when(self, value: TjDate, where: str) -> dt.datetime:
        """A date in the project's time zone, as the naive wall-clock time plantrack plans in."""
        if value.offset is None:
            local = value.when
        else:
            try:
                utc = (value.when - dt.timedelta(minutes=value.offset)).replace(tzinfo=dt.UTC)
                local = utc.astimezone(self.zone).replace(tzinfo=None)
            except OverflowError:
                raise TjpError("tjp-date", _("date out of range"), where) from None
        if not 1900 <= local.year <= 2200:
            raise TjpError(
                "tjp-date", _("{date} is outside 1900-2200").format(date=f"{local:%Y-%m-%d}"), where
            )
        return local

    def calendar_time(self, value: TjDuration) -> Duration:
        return self._duration(value.value * CALENDAR_MINUTES[value.unit], True, value.where)

    def working_time(self, value: TjDuration) -> Duration:
        header = self.tjp.header
        per = {
            "min": 1.0,
            "h": 60.0,
            "d": self.day,
            "w": self.day * header.weekly_days,
            "m": self.day * header.yearly_days / 12,
            "y": self.day * header.yearly_days,
        }[value.unit]
        return self._duration(value.value * per, False, value.where)

    def _duration(self, minutes: float, elapsed: bool, where: str) -> Duration:
        if not minutes <= MAX_MINUTES:
            raise TjpError("tjp-number", _("length beyond about 100 years"), where)
        return Duration(minutes=round(minutes), elapsed=elapsed)

    def period(self, leave: Leave | Interval, where: str) -> Period:
        interval = leave.interval if isinstance(leave, Leave) else leave
        start = self.when(interval.start, where)
        if interval.end is not None:
            end = self.when(interval.end, where)
        elif interval.length is not None:
            end = start + dt.timedelta(minutes=self.calendar_time(interval.length).minutes)
        else:  # a lone date is that whole day
            end = start + dt.timedelta(days=1)
        if end <= start:
            raise TjpError("tjp-interval", _("the interval ends before it starts"), where)
        reason = f"{leave.kind}: {leave.reason}".rstrip(": ") if isinstance(leave, Leave) else ""
        return Period(start=start, end=end, reason=reason[:200])

    # -- calendars ------------------------------------------------------------------------------
    def calendar(self, ident: str, name: str, hours: list[Hours], leaves: list[Leave]) -> Calendar:
        week: dict[int, tuple[tuple[int, int], ...]] = {d: DEFAULT_HOURS if d < 5 else () for d in range(7)}
        for statement in hours:
            for day in statement.days:
                week[day] = statement.ranges
        working = [d for d in range(7) if week[d]]
        common = Counter(week[d] for d in working).most_common(1)
        base = common[0][0] if common else DEFAULT_HOURS

        def ranges(spans: tuple[tuple[int, int], ...]) -> tuple[TimeRange, ...]:
            return tuple(TimeRange(start=a, end=b) for a, b in spans)

        try:
            return Calendar(
                id=ident,
                name=name,
                weekdays=tuple(working),
                hours=ranges(base),
                week_hours=tuple(
                    DayHours(weekday=d, hours=ranges(week[d])) for d in working if week[d] != base
                ),
                off=tuple(self.period(leave, leave.where) for leave in leaves),
            )
        except ModelError as exc:
            where = hours[-1].where if hours else self.tjp.header.where
            raise TjpError(exc.code(), str(exc), where) from None


def resources(builder: Builder, tjp: TjpFile) -> tuple[list[Resource], list[Calendar], dict[str, list[str]]]:
    """Leaf resources (a group's rate, efficiency, leaves and hours pass to its members) and, per id,
    the leaves it stands for: allocating a group allocates its members, as in TaskJuggler."""
    out: list[Resource] = []
    calendars: list[Calendar] = []
    members: dict[str, list[str]] = {}
    efficiency: dict[str, float] = {}
    groups: list[str] = []

    def visit(
        node: ResourceNode, rate: float, eff: float, leaves: list[Leave], hours: list[Hours]
    ) -> list[str]:
        rate = node.rate if node.rate is not None else rate
        eff = node.efficiency if node.efficiency is not None else eff
        leaves, hours = leaves + node.leaves, hours + node.hours
        if node.children:
            groups.append(node.id)
            members[node.id] = [m for child in node.children for m in visit(child, rate, eff, leaves, hours)]
            return members[node.id]
        members[node.id] = [node.id]
        efficiency[node.id] = eff
        calendar = None
        if hours:
            calendar = f"{CALENDAR_ID}-{node.id}"
            calendars.append(builder.calendar(calendar, node.name, tjp.hours + hours, tjp.leaves))
        if rate < 0 or not 0 <= eff <= 1000:
            raise TjpError(
                "tjp-number", _("resource {id}: negative rate or efficiency").format(id=node.id), node.where
            )
        out.append(
            Resource(
                id=node.id,
                name=builder.report.name(node.name, "resource", node.id),
                capacity=eff if eff > 0 else 1.0,
                rate=rate / (builder.day / 60),
                calendar=calendar,
                absences=tuple(builder.period(leave, leave.where) for leave in leaves),
            )
        )
        return [node.id]

    for node in tjp.resources:
        visit(node, tjp.rate or 0.0, 1.0, [], [])
    if groups:
        builder.report.warn(
            "tjp-resource-groups",
            _(
                "resource groups {groups} are not resources in plantrack: their members are, "
                "with the group's rate, efficiency and leaves, and allocating a group allocates its members"
            ).format(groups=", ".join(groups)),
        )
    idle = sorted(r for r, e in efficiency.items() if e == 0)
    if idle:
        builder.report.warn(
            "tjp-efficiency",
            _("resources of efficiency 0 are never allocated: {ids}").format(ids=", ".join(idle)),
        )
    builder.efficiency = efficiency
    return out, calendars, members


def tasks(
    builder: Builder, tjp: TjpFile, members: dict[str, list[str]]
) -> tuple[list[Task], list[Link], list[Assignment], dict[str, float]]:
    report = builder.report
    out: list[Task] = []
    links: list[Link] = []
    assignments: list[Assignment] = []
    complete: dict[str, float] = {}  # task -> percent, as the file gives it
    nodes: dict[str, TaskNode] = {}
    stack = list(reversed(tjp.tasks))
    while stack:
        node = stack.pop()
        nodes[node.full_id] = node
        stack.extend(reversed(node.children))
    for node in nodes.values():
        chain = _ancestors(node)
        priority = next((n.priority for n in chain if n.priority is not None), 500)
        if not 1 <= priority <= 1000:
            raise TjpError(
                "tjp-number", _("task {id}: priority must be 1-1000").format(id=node.full_id), node.where
            )
        summary = bool(node.children)
        task = _task(builder, node, priority, summary)
        out.append(task)
        for dep in node.dependencies:
            other = _resolve(dep.ref, node, nodes, dep.where)
            # depends: this task follows the end (or with onstart, the start) of the other;
            # precedes: this task ends before the other starts (or with onend, ends)
            kind = LinkType.FS
            if dep.precedes and dep.onend:
                kind = LinkType.FF
            elif not dep.precedes and dep.onstart:
                kind = LinkType.SS
            lag = Duration(minutes=0)
            if dep.gaplength is not None:
                lag = builder.working_time(dep.gaplength)
            if dep.gapduration is not None:
                if dep.gaplength is not None:
                    report.warn(
                        "tjp-gap",
                        _("task {id}: gapduration kept, gaplength dropped ({where})").format(
                            id=node.full_id, where=dep.where
                        ),
                    )
                lag = builder.calendar_time(dep.gapduration)
            pred, succ = (node.full_id, other) if dep.precedes else (other, node.full_id)
            links.append(Link(predecessor=pred, successor=succ, type=kind, lag=lag))
        if summary:
            continue
        allocated = next((n.allocate for n in chain if n.allocate), [])
        seen: set[str] = set()
        for ref, where in allocated:
            if ref not in members:
                raise TjpError(
                    "tjp-reference",
                    _("task {id} allocates {ref}, which is no resource").format(id=node.full_id, ref=ref),
                    where,
                )
            for rid in members[ref]:
                if rid not in seen and builder.efficiency[rid] > 0:
                    seen.add(rid)
                    units = builder.efficiency[rid]
                    assignments.append(Assignment(task=node.full_id, resource=rid, units=units))
        if node.complete is not None:
            if not 0 <= node.complete <= 100:
                raise TjpError(
                    "tjp-number", _("task {id}: complete must be 0-100").format(id=node.full_id), node.where
                )
            complete[node.full_id] = node.complete
    return out, links, assignments, complete


def _ancestors(node: TaskNode) -> list[TaskNode]:
    chain: list[TaskNode] = []
    current: TaskNode | None = node
    while current is not None:
        chain.append(current)
        current = current.parent
    return chain


def _resolve(ref: str, node: TaskNode, nodes: dict[str, TaskNode], where: str) -> str:
    """`!x` is x beside the task (in its parent's scope), each further `!` one level up; else absolute."""
    bangs = len(ref) - len(ref.lstrip("!"))
    scope = node.full_id.split(".")
    if bangs > len(scope):
        raise TjpError(
            "tjp-reference",
            _("task {id}: {ref} climbs above the top level").format(id=node.full_id, ref=ref),
            where,
        )
    full = ".".join([*scope[: len(scope) - bangs], ref[bangs:]]) if bangs else ref
    if full not in nodes:
        raise TjpError(
            "tjp-reference",
            _("task {id} depends on {ref} ({full}), which is no task").format(
                id=node.full_id, ref=ref, full=full
            ),
            where,
        )
    return full


def _task(builder: Builder, node: TaskNode, priority: int, summary: bool) -> Task:
    report = builder.report
    duration = effort = None
    milestone = node.milestone
    constraints: list[Constraint] = []
    start = builder.when(node.start, node.where) if node.start else None
    end = builder.when(node.end, node.where) if node.end else None
    if not summary and not milestone:
        if node.effort is not None:
            effort = builder.working_time(node.effort)
        elif node.length is not None:
            duration = builder.working_time(node.length)
        elif node.duration is not None:
            duration = builder.calendar_time(node.duration)
        elif start is not None and end is not None:
            duration = Duration(minutes=int((end - start).total_seconds() // 60), elapsed=True)
        else:  # no length and at most one date: TaskJuggler makes it a milestone
            milestone = True
        if (effort is not None and effort.minutes == 0) or (duration is not None and duration.minutes == 0):
            milestone, effort, duration = True, None, None
    # a TaskJuggler start is where an as-soon-as-possible task begins, links permitting: plantrack's
    # start-no-earlier-than gives that date without flagging the project's first minute as a violation
    if start is not None and not summary:
        constraints.append(Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=start))
    elif end is not None and not summary:
        kind = ConstraintKind.MUST_START_ON if milestone else ConstraintKind.FINISH_NO_LATER_THAN
        constraints.append(Constraint(kind=kind, date=end))
    if summary and (start or end):
        report.warn(
            "tjp-summary-dates",
            _("task {id}: dates of a summary come from its subtasks").format(id=node.full_id),
        )
    try:
        return Task(
            id=node.full_id,
            name=report.name(node.name, "task", node.full_id),
            duration=duration,
            effort=effort,
            milestone=milestone and not summary,
            parent=node.parent.full_id if node.parent else None,
            constraints=tuple(constraints),
            priority=priority,
            notes=report.notes(node.note),
        )
    except ModelError as exc:
        raise TjpError(
            exc.code(), _("task {id}: {reason}").format(id=node.full_id, reason=exc), node.where
        ) from None


def skipped_warnings(report: Report, skipped: list[tuple[str, str]]) -> None:
    """One warning per construct plantrack does not read, with every place it occurs."""
    places: dict[str, list[str]] = defaultdict(list)
    for what, where in skipped:
        places[what].append(where)
    for what, wheres in places.items():
        shown = ", ".join(wheres[:12]) + (
            _(" and {count} more").format(count=len(wheres) - 12) if len(wheres) > 12 else ""
        )
        report.warn(
            "tjp-not-imported", _("`{what}` is not imported ({where})").format(what=what, where=shown)
        )

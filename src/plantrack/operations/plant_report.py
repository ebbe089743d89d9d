"""The plant's portfolio at a status date: each project's forecast, slip, SPI, CPI and next gate, the shared
resources' load, the shutdown windows' occupation and the open actions across projects by owner.

Each project's figures are the ones its own report shows (`operations.analysis`: the forecast, the
variance and earned value against its latest baseline); the shared load puts every project's
forecast on one axis (`scheduling.plant_load`, as `plant load` counts it) and the line stops' occupation
(`scheduling.line_stops`). Pure: the caller loads the workspaces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from plantrack.operations.analysis import analysis, plan_of
from plantrack.operations.plant import Unresolved
from plantrack.operations.plant_demo import adopt_shared
from plantrack.scheduling.cpm import Schedule, solve
from plantrack.scheduling.cpm.build import build_network
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.line_stops import WindowOccupation, window_occupation
from plantrack.scheduling.model import Plant, PlantProject, Project
from plantrack.scheduling.plant_load import MemberPlan, SharedLoad, plant_loads
from plantrack.scheduling.shared import resolve
from plantrack.scheduling.tracking.actions import action_states, judged_at, overdue
from plantrack.scheduling.tracking.gates import GateState, gate_states
from plantrack.scheduling.tracking.records import Baseline, Decision, GateStatus
from plantrack.store import WorkspaceState
from plantrack.store.tracking_codec import actions, actuals_at, find_baseline, gate_decisions


@dataclass(frozen=True, slots=True, kw_only=True)
class NextGate:
    """The first gate of a project not passed yet, by forecast date, and its latest decision if any."""

    task: str
    name: str
    planned: dt.datetime | None  # forecast date of the milestone
    status: GateStatus
    decision: Decision | None  # deferred (pending) or rejected (failed); None when none was taken
    decided_on: dt.datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Bar:
    """A phase (or milestone) of a project's row in the portfolio Gantt: forecast and baseline dates."""

    id: str
    name: str
    start: dt.datetime
    finish: dt.datetime
    baseline_start: dt.datetime | None = None
    baseline_finish: dt.datetime | None = None
    gate: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectLine:
    """One project of the plant as the committee sees it."""

    workspace: str
    name: str
    priority: int
    status_date: dt.datetime | None
    start: dt.datetime
    finish: dt.datetime  # forecast
    baseline: str | None = None
    baseline_finish: dt.datetime | None = None
    slip_days: float | None = None  # working days of the calendar of the task finishing last
    spi: float | None = None
    cpi: float | None = None
    percent_complete: float | None = None
    next_gate: NextGate | None = None
    phases: tuple[Bar, ...] = ()  # top-level phases, else the whole project as one bar
    milestones: tuple[Bar, ...] = ()
    open_actions: int = 0
    overdue_actions: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenAction:
    project: str  # workspace
    project_name: str
    id: str
    title: str
    owner: str
    due: dt.date
    status: str
    task: str
    overdue: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnerActions:
    owner: str
    actions: tuple[OpenAction, ...]  # overdue first, then by due date

    @property
    def overdue(self) -> int:
        return sum(a.overdue for a in self.actions)


@dataclass(frozen=True, slots=True, kw_only=True)
class Portfolio:
    plant: str
    generated_on: dt.date
    projects: tuple[ProjectLine, ...]  # plant order
    loads: tuple[SharedLoad, ...]
    windows: tuple[WindowOccupation, ...]
    owners: tuple[OwnerActions, ...]  # owners alphabetically
    unresolved: tuple[Unresolved, ...] = ()  # members left out: they no longer resolve against the plant

    def project_names(self) -> dict[str, str]:
        return {
            **{p.workspace: p.name for p in self.projects},
            **{u.workspace: u.name for u in self.unresolved},
        }

    def workspaces(self) -> list[str]:
        """Every member shown, the ones left out included (a later read names those removed since)."""
        return [*(p.workspace for p in self.projects), *(u.workspace for u in self.unresolved)]


def resolved(project: Project, plant: Plant) -> Project:
    """`project` with the plant's shared part, whether or not it was resolved already.

    Items equal to the plant's ones are taken as the plant's (a state loaded through the plant already
    holds them); anything else goes through `resolve`, which names shadowed and unknown ids.
    """
    return resolve(adopt_shared(project, plant), plant)


def next_gate(states: Sequence[GateState]) -> NextGate | None:
    """The gate not passed yet that the forecast reaches first (undated ones last, then plan order)."""
    waiting = [(i, g) for i, g in enumerate(states) if g.status is not GateStatus.PASSED]
    if not waiting:
        return None
    _, gate = min(
        waiting, key=lambda pair: (pair[1].planned is None, pair[1].planned or dt.datetime.min, pair[0])
    )
    decision = gate.decision
    return NextGate(
        task=gate.task,
        name=gate.name,
        planned=gate.planned,
        status=gate.status,
        decision=None if decision is None else decision.decision,
        decided_on=None if decision is None else decision.date,
    )


def _bars(
    project: Project, schedule: Schedule, baseline: Baseline | None
) -> tuple[tuple[Bar, ...], tuple[Bar, ...]]:
    """The top-level phases (or the whole project as one bar) and every milestone, with baseline dates."""
    rows = {t.id: t for t in schedule.tasks}
    base = baseline.task_map() if baseline is not None else {}
    summaries = project.summary_ids()

    def bar(ident: str, name: str, gate: bool = False) -> Bar:
        row, was = rows[ident], base.get(ident)
        return Bar(
            id=ident,
            name=name or ident,
            start=row.early_start_at,
            finish=row.early_finish_at,
            baseline_start=was.start if was else None,
            baseline_finish=was.finish if was else None,
            gate=gate,
        )

    phases = tuple(bar(t.id, t.name) for t in project.tasks if t.parent is None and t.id in summaries)
    if not phases:
        phases = (
            Bar(
                id="",
                name=project.name,
                start=schedule.start_at,
                finish=schedule.finish_at,
                baseline_start=baseline.project_start if baseline else None,
                baseline_finish=baseline.project_finish if baseline else None,
            ),
        )
    milestones = tuple(bar(t.id, t.name, t.gate) for t in project.tasks if t.milestone)
    return phases, milestones


def _actions(member: PlantProject, state: WorkspaceState, as_of: dt.datetime) -> list[OpenAction]:
    created, updates = actions(state)
    return [
        OpenAction(
            project=member.workspace,
            project_name=state.project.name,
            id=s.action.id,
            title=s.action.title,
            owner=s.action.owner,
            due=s.action.due.date(),
            status=str(s.action.status),
            task=s.action.task or "",
            overdue=overdue(s, as_of),
        )
        for s in action_states(created, updates)
        if not s.action.status.closed
    ]


def project_line(
    member: PlantProject, state: WorkspaceState, *, today: dt.date, status_date: dt.datetime | None = None
) -> tuple[ProjectLine, MemberPlan, list[OpenAction]]:
    """One project's line (figures as its own report computes them), its forecast as the shared load
    books it (named by its workspace) and its open actions.

    `state.project` must already be resolved against the plant.
    """
    # the forecast `operations.analysis.forecast` computes, keeping its compiled calendars for the load
    status, actuals = actuals_at(state, status_date)
    network = build_network(state.project, status_date=status, actuals=actuals)
    schedule = solve(network)
    plan = MemberPlan(
        name=member.workspace, project=state.project, schedule=schedule, calendars=network.calendars
    )
    baseline = find_baseline(state, None)
    decisions = [d for d in gate_decisions(state) if status_date is None or d.date <= status_date]
    gates = gate_states(state.project, decisions, plan_of(schedule))
    phases, milestones = _bars(state.project, schedule, baseline)
    open_actions = _actions(member, state, judged_at(status, today))
    line = ProjectLine(
        workspace=member.workspace,
        name=state.project.name,
        priority=member.priority,
        status_date=status,
        start=schedule.start_at,
        finish=schedule.finish_at,
        next_gate=next_gate(gates),
        phases=phases,
        milestones=milestones,
        open_actions=len(open_actions),
        overdue_actions=sum(a.overdue for a in open_actions),
    )
    if baseline is not None:
        report = analysis(state, baseline.name, status).report
        line = replace(
            line,
            finish=report.forecast_finish,
            baseline=baseline.name,
            baseline_finish=report.baseline_finish,
            slip_days=report.finish_slip_days,
            spi=report.ev.spi,
            cpi=report.ev.cpi,
            percent_complete=report.ev.percent_complete,
        )
    return line, plan, open_actions


def by_owner(open_actions: Sequence[OpenAction]) -> tuple[OwnerActions, ...]:
    """Open actions grouped by owner (case ignored, first spelling kept), owners alphabetically."""
    groups: dict[str, list[OpenAction]] = {}
    names: dict[str, str] = {}
    for a in open_actions:
        key = a.owner.strip().casefold()
        names.setdefault(key, a.owner.strip())
        groups.setdefault(key, []).append(a)
    return tuple(
        OwnerActions(
            owner=names[key],
            actions=tuple(sorted(groups[key], key=lambda a: (not a.overdue, a.due, a.project, a.id))),
        )
        for key in sorted(groups)
    )


def portfolio(
    plant: Plant,
    members: Sequence[tuple[PlantProject, WorkspaceState]],
    *,
    today: dt.date,
    status_date: dt.datetime | None = None,
    unresolved: Sequence[Unresolved] = (),
) -> Portfolio:
    """The plant's portfolio: `members` in plant order, each at `status_date` (default: its latest one);
    `unresolved`: the members left out because they no longer resolve, named in the portfolio.

    Raises InvalidInput when a project uses an id neither it nor the plant has, or shadows a plant id,
    and Unschedulable when a project's plan cannot be scheduled; each problem names its workspace.
    """
    lines: list[ProjectLine] = []
    booked: list[MemberPlan] = []
    open_actions: list[OpenAction] = []
    for member, state in members:
        try:
            project = resolved(state.project, plant)
            line, plan, found = project_line(
                member, replace(state, project=project), today=today, status_date=status_date
            )
        except InvalidInput as exc:  # Unschedulable too: each problem located at its project's workspace
            raise type(exc)([p.located(member.workspace) for p in exc.problems()]) from None
        lines.append(line)
        open_actions += found
        booked.append(plan)
    # a shared resource that names no calendar has its capacity on the plant's calendar, as `plant load`
    crews = [replace(r, calendar=r.calendar or plant.calendar) for r in plant.resources]
    return Portfolio(
        plant=plant.name,
        generated_on=today,
        projects=tuple(lines),
        loads=plant_loads(booked, crews),
        windows=window_occupation(plant, booked),
        owners=by_owner(open_actions),
        unresolved=tuple(unresolved),
    )

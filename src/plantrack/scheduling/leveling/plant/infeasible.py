"""Why the plant has no plan, in the trade's words: which projects, which windows, which capacities."""

from __future__ import annotations

import re

from plantrack.i18n import _
from plantrack.scheduling.errors import Problem, Unschedulable, format_quantity
from plantrack.scheduling.leveling.plant.joint import JointPlan, split_id
from plantrack.scheduling.leveling.problem import LevelingProblem

_JOINT_ID = re.compile(r"#(\d+)/")


def plant_words(plan: JointPlan, text: str) -> str:
    """`#1/T4` as `Press 4 retrofit › T4`: a joint id in a message names its project."""
    names = plan.names()

    def named(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return f"{names[n]} › " if n < len(names) else match.group(0)

    return _JOINT_ID.sub(named, text)


def _plain_id(plan: JointPlan, ident: str) -> str:
    return plant_words(plan, ident)


def plant_infeasible(plan: JointPlan, problem: LevelingProblem, failed: Unschedulable) -> Unschedulable:
    """The leveler's explanation turned into the plant's: `plant-infeasible` first, naming the projects,
    windows and capacities involved, then each finding with its tasks named by project."""
    index = problem.index()
    projects: set[int] = set()
    windows: set[str] = set()
    resources: set[int] = set()
    found = failed.problems()
    for finding in found:
        for ident in finding.ids:
            if ident in index:
                job = problem.jobs[index[ident]]
                projects.add(split_id(ident)[0])
                if job.window_id is not None:
                    windows.add(job.window_id)
                resources.update(job.demands)
            elif ident in problem.resource_ids:
                resources.add(problem.resource_ids.index(ident))
    if not projects:
        # nothing named (capacities over the whole horizon): every project with work on a resource
        projects = {split_id(j.id)[0] for j in problem.jobs if j.demands}
    names = plan.names()
    window_map = plan.project.window_map()
    resource_map = plan.project.resource_map()
    capacity = [
        _("{resource} ({capacity} at a time)").format(
            resource=resource_map[problem.resource_ids[k]].name or problem.resource_ids[k],
            capacity=format_quantity(problem.capacities[k] / problem.scales[k]),
        )
        for k in sorted(resources)
    ]
    project_list = ", ".join(names[n] for n in sorted(projects))
    if windows:
        shown = ", ".join(sorted(window_map[w].name or w if w in window_map else w for w in windows))
        message = _(
            "the plant's projects {projects} cannot all be planned: their work in window {windows} "
            "does not fit the capacity of {capacities}"
        ).format(projects=project_list, windows=shown, capacities=", ".join(capacity) or "—")
    else:
        message = _(
            "the plant's projects {projects} cannot all be planned with the capacity of {capacities}"
        ).format(projects=project_list, capacities=", ".join(capacity) or "—")
    ids = tuple(names[n] for n in sorted(projects)) + tuple(sorted(windows))
    headline = Problem(code="plant-infeasible", message=message, ids=ids)
    details = [
        Problem(
            code=f.code,
            message=plant_words(plan, f.message),
            ids=tuple(_plain_id(plan, i) for i in f.ids),
            severity=f.severity,
        )
        for f in found
    ]
    return Unschedulable([headline, *details])

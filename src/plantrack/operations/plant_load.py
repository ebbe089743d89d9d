"""The load of a plant's shared resources: each member's forecast booked together on the shared capacities."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from plantrack.i18n import _
from plantrack.operations.plant import OpenPlant
from plantrack.scheduling.cpm import solve
from plantrack.scheduling.cpm.build import build_network
from plantrack.scheduling.errors import InvalidInput, Problem, errors_only
from plantrack.scheduling.plant_load import MemberPlan, SharedLoad, plant_loads
from plantrack.scheduling.validate import validate
from plantrack.store.tracking_codec import actuals_at


def member_plans(opened: OpenPlant) -> tuple[MemberPlan, ...]:
    """Each member's forecast at its latest status date (the plan from its start without progress).

    A project name two members share is told apart by the member's workspace.
    """
    names = Counter(m.project.name for m in opened.members)
    problems: list[Problem] = []
    plans = []
    for member in opened.members:
        errors = errors_only(validate(member.project))
        if errors:
            problems += errors
            continue
        status, actuals = actuals_at(member.state)
        name = member.project.name
        if names[name] > 1:
            name = f"{name} ({member.workspace})"
        network = build_network(member.project, status_date=status, actuals=actuals)
        schedule = solve(network)  # what `cpm` does, keeping the compiled calendars for the load
        plans.append(
            MemberPlan(name=name, project=member.project, schedule=schedule, calendars=network.calendars)
        )
    if problems:
        raise InvalidInput(problems)
    return tuple(plans)


def plant_load(opened: OpenPlant, resource: str | None = None) -> tuple[SharedLoad, ...]:
    """Each shared resource's load (only `resource` if given: refused, naming it, if the plant lacks it)."""
    shared = opened.plant.resources
    if resource is not None:
        shared = tuple(r for r in shared if r.id == resource)
        if not shared:
            known = ", ".join(r.id for r in opened.plant.resources) or "-"
            message = _("plant {plant} shares no resource {id} (it shares: {known})").format(
                plant=opened.plant.name, id=resource, known=known
            )
            raise InvalidInput([Problem(code="resource-unknown", message=message, ids=(resource,))])
    # a shared resource that names no calendar works, and so has capacity, on the plant's calendar; its
    # bookings follow each task's calendar as in the project (a crew task takes the team with it)
    capacities = [replace(r, calendar=r.calendar or opened.plant.calendar) for r in shared]
    return plant_loads(member_plans(opened), capacities)

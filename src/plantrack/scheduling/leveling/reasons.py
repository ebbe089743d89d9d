"""Why a leveled plan comes from its method: the reasons and the clause that says each one."""

from __future__ import annotations

from enum import StrEnum

from plantrack.i18n import _, ngettext
from plantrack.scheduling.errors import format_quantity


class Reason(StrEnum):
    """Why the plan comes from its method, and what is known of it."""

    PROVEN = "cp-proven"  # CP-SAT proved its plan best
    TIME_LIMIT = "cp-time-limit"  # CP-SAT's best plan when the time limit came, with its proven bound
    AT_BOUND = "heuristic-at-bound"  # the heuristic's plan meets the lower bound: CP-SAT could only confirm
    REQUESTED = "heuristic-requested"  # --method heuristic
    CP_NO_PLAN = "cp-no-plan"  # CP-SAT found no plan within the limit: the heuristic's plan instead
    NO_PLAN = "no-plan"  # neither found a plan within the limit


def limit_text(time_limit: float) -> str:
    """`the 10 s limit`, in the current language."""
    return _("the {seconds} s limit").format(seconds=format_quantity(time_limit))


def _size(jobs: int, resources: int) -> str:
    tasks = ngettext("{n} task", "{n} tasks", jobs).format(n=jobs)
    counted = ngettext("{n} resource", "{n} resources", resources).format(n=resources)
    return f"{tasks}, {counted}"


def reason_clause(reason: Reason, time_limit: float, jobs: int, resources: int) -> str:
    """Why the plan comes from its method, in one clause (the text and `reason_text` in --json)."""
    if reason is Reason.PROVEN:
        return _("CP-SAT proved this plan optimal")
    if reason is Reason.TIME_LIMIT:
        return _("CP-SAT's best plan when {limit} came, with the bound it proved").format(
            limit=limit_text(time_limit)
        )
    if reason is Reason.AT_BOUND:
        return _("the priority heuristic's plan meets the lower bound, so CP-SAT could only confirm it")
    if reason is Reason.REQUESTED:
        return _("the priority heuristic was asked for (--method heuristic)")
    if reason is Reason.CP_NO_PLAN:
        return _("CP-SAT found no plan within {limit} ({size})").format(
            limit=limit_text(time_limit), size=_size(jobs, resources)
        )
    return _(
        "neither CP-SAT within {limit} ({size}) nor the priority heuristic found "
        "a plan that meets every date and window"
    ).format(limit=limit_text(time_limit), size=_size(jobs, resources))

"""Why a leveled plan comes from its method: the reasons and the clause that says each one."""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """Why the plan comes from its method, and what is known of it."""

    PROVEN = "cp-proven"  # CP-SAT proved its plan best
    TIME_LIMIT = "cp-time-limit"  # CP-SAT's best plan when the time limit came, with its proven bound
    AT_BOUND = "heuristic-at-bound"  # the heuristic's plan meets the lower bound: CP-SAT could only confirm
    REQUESTED = "heuristic-requested"  # --method heuristic
    CP_NO_PLAN = "cp-no-plan"  # CP-SAT found no plan within the limit: the heuristic's plan instead
    NO_PLAN = "no-plan"  # neither found a plan within the limit


def number_text(value: float) -> str:
    return f"{value:g}"


def plural_text(value: float, word: str) -> str:
    return f"{number_text(value)} {word}{'' if value == 1 else 's'}"


def limit_text(time_limit: float) -> str:
    return f"the {number_text(time_limit)} s limit"


def _size(jobs: int, resources: int) -> str:
    return f"{plural_text(jobs, 'task')}, {plural_text(resources, 'resource')}"


def reason_clause(reason: Reason, time_limit: float, jobs: int, resources: int) -> str:
    """Why the plan comes from its method, in one clause (the text and `reason_text` in --json)."""
    if reason is Reason.PROVEN:
        return "CP-SAT proved this plan optimal"
    if reason is Reason.TIME_LIMIT:
        return f"CP-SAT's best plan when {limit_text(time_limit)} came, with the bound it proved"
    if reason is Reason.AT_BOUND:
        return "the priority heuristic's plan meets the lower bound, so CP-SAT could only confirm it"
    if reason is Reason.REQUESTED:
        return "the priority heuristic was asked for (--method heuristic)"
    if reason is Reason.CP_NO_PLAN:
        return f"CP-SAT found no plan within {limit_text(time_limit)} ({_size(jobs, resources)})"
    return (
        f"neither CP-SAT within {limit_text(time_limit)} ({_size(jobs, resources)}) nor the priority "
        "heuristic found a plan that meets every date and window"
    )

"""What leveling tells users: the method and why it was used, every figure in working time."""

from __future__ import annotations

import math

from plantrack.scheduling.leveling.reasons import limit_text, reason_clause
from plantrack.scheduling.leveling.reasons import number_text as _number
from plantrack.scheduling.leveling.reasons import plural_text as _plural
from plantrack.scheduling.leveling.result import (
    LevelingResult,
    Method,
    Objective,
    ProgressInfo,
    Reason,
    Status,
    relative_gap,
)

METHOD_NAMES = {Method.CP: "CP-SAT", Method.HEURISTIC: "the priority heuristic"}


def working_text(minutes: float, minutes_per_day: int, *, up: bool = False) -> str:
    """Working time in words: `5 working days`, `2.25 working days`, `3.5 working hours`.

    Days from one working day on (the project's day length), hours below it, two decimals at most;
    `up` rounds up, for figures that state an upper limit ("within at most ...").
    """
    rounding = math.ceil if up else round
    if abs(minutes) >= minutes_per_day:
        return _plural(rounding(100 * minutes / minutes_per_day) / 100, "working day")
    return _plural(rounding(100 * minutes / 60) / 100, "working hour")


def compact_working(minutes: float, minutes_per_day: int) -> str:
    """Working time for a table cell: `5d`, `2d 4h`, `3.5h`, `0` (d: working day, h: working hour)."""
    if minutes == 0:
        return "0"
    sign = "-" if minutes < 0 else ""
    days, rest = divmod(abs(minutes), minutes_per_day)
    parts = [f"{int(days)}d"] if days else []
    hours = round(rest / 60, 2)
    if hours:
        parts.append(f"{_number(hours)}h")
    return sign + " ".join(parts or ["0"])


def _limit(result: LevelingResult) -> str:
    return limit_text(result.time_limit)


def reason_text(result: LevelingResult) -> str:
    """Why the plan comes from its method, in one clause."""
    return reason_clause(result.reason, result.time_limit, result.jobs, result.resources)


def _amount(result: LevelingResult, minutes: float, *, up: bool = False) -> str:
    text = working_text(minutes, result.minutes_per_day, up=up)
    return text if result.objective_kind is Objective.FINISH else f"{text} of priority-weighted lateness"


def _quality(result: LevelingResult) -> str:
    """Optimal, or how far from the best possible the plan can be."""
    if result.status is Status.OPTIMAL or result.gap == 0:  # a zero gap on the axis is a proof too
        return "optimal (proven)"
    gap = result.gap_working
    if gap is None or result.objective_working is None or result.bound_working is None:
        # a weighted lateness summed on an elapsed axis has no working-time bound: only the ratio holds
        return f"within {100 * result.gap:.2f} % of the best possible"
    over = result.objective_working - result.bound_working
    return f"gap to the bound ≤ {_amount(result, over, up=True)} ({100 * gap:.2f} %)"


def headline(result: LevelingResult) -> str:
    """The method, why it was used and how good the plan is known to be."""
    if result.status is Status.UNKNOWN or result.objective_working is None:
        return f"No leveled plan: {reason_text(result)}"
    method = METHOD_NAMES[result.method]
    reason = result.reason
    if reason is Reason.PROVEN:
        return f"Leveled by {method}: optimal (proven) in {result.time_s:.1f} s"
    if reason is Reason.TIME_LIMIT:
        return f"Leveled by {method}: best plan found within {_limit(result)}, {_quality(result)}"
    if reason is Reason.AT_BOUND:
        return (
            f"Leveled by {method}, optimal (proven): its plan meets the lower bound, so CP-SAT was not needed"
        )
    if reason is Reason.REQUESTED:
        return f"Leveled by {method} (--method heuristic): {_quality(result)}"
    return f"Leveled by {method}: {reason_text(result)}; {_quality(result)}"


def figures(result: LevelingResult, finish: str) -> str:
    """The plan's figures in working time of the project calendar, and the time leveling took."""
    if result.objective_working is None:
        return ""
    if result.objective_kind is Objective.FINISH:
        what = f"{working_text(result.objective_working, result.minutes_per_day)} after the project start"
    else:
        what = _amount(result, result.objective_working)
    bound = (
        ""
        if result.bound_working is None or result.status is Status.OPTIMAL or result.gap == 0
        else f", lower bound {_amount(result, result.bound_working)}"
    )
    return f"Finish {finish}, {what}{bound} (project calendar); leveled in {result.time_s:.1f} s"


def progress_text(info: ProgressInfo, minutes_per_day: int) -> str:
    """The live line: best plan so far, proven bound and gap, in working time where it converts."""

    def shown(minutes: float | None) -> str:
        return "—" if minutes is None else working_text(minutes, minutes_per_day)

    gap = info.gap
    if info.incumbent_working is not None and info.bound_working is not None:
        gap = relative_gap(info.incumbent_working, info.bound_working)
    gap_text = "—" if gap is None else f"{100 * gap:.1f} %"
    converted = info.bound_working is not None
    figures = (
        f"best {shown(info.incumbent_working)} · bound {shown(info.bound_working)} · " if converted else ""
    )
    return f"{figures}gap {gap_text} · {info.elapsed:.1f} s"

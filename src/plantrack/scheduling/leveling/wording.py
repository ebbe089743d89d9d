"""What leveling tells users: the method and why it was used, every figure in working time."""

from __future__ import annotations

import math

from plantrack.i18n import N_, _, ngettext
from plantrack.i18n.formats import format_moment
from plantrack.scheduling.errors import format_fixed, format_quantity
from plantrack.scheduling.leveling.reasons import limit_text, reason_clause
from plantrack.scheduling.leveling.result import (
    LevelingResult,
    Method,
    Objective,
    ProgressInfo,
    Reason,
    Status,
    relative_gap,
)
from plantrack.scheduling.model import clean_text

#: The solver's own name stays as it is; the heuristic is named in words (translated where shown).
METHOD_NAMES = {Method.CP: "CP-SAT", Method.HEURISTIC: N_("the priority heuristic")}


def _method(method: Method) -> str:
    return _(METHOD_NAMES[method])


def _number(value: float) -> str:
    return format_quantity(value)


def _count(value: float) -> int:
    """The count given to `ngettext`: one for exactly 1, several otherwise (0.5 working days)."""
    return 1 if value == 1 else 2


def working_text(minutes: float, minutes_per_day: int, *, up: bool = False) -> str:
    """Working time in words: `5 working days`, `2.25 working days`, `3.5 working hours`.

    Days from one working day on (the project's day length), hours below it, two decimals at most;
    `up` rounds up, for figures that state an upper limit ("within at most ...").
    """
    rounding = math.ceil if up else round
    if abs(minutes) >= minutes_per_day:
        days = rounding(100 * minutes / minutes_per_day) / 100
        return ngettext("{n} working day", "{n} working days", _count(days)).format(n=_number(days))
    hours = rounding(100 * minutes / 60) / 100
    return ngettext("{n} working hour", "{n} working hours", _count(hours)).format(n=_number(hours))


def compact_working(minutes: float, minutes_per_day: int) -> str:
    """Working time for a table cell: `5d`, `2d 4h`, `3.5h`, `0` (d: working day, h: working hour)."""
    if minutes == 0:
        return "0"
    sign = "-" if minutes < 0 else ""
    days, rest = divmod(abs(minutes), minutes_per_day)
    # TRANSLATORS: a number of working days in a table cell, as short as it goes ("5d")
    parts = [_("{n}d").format(n=int(days))] if days else []
    hours = round(rest / 60, 2)
    if hours:
        # TRANSLATORS: a number of working hours in a table cell, as short as it goes ("3.5h")
        parts.append(_("{n}h").format(n=_number(hours)))
    return sign + " ".join(parts or ["0"])


def _limit(result: LevelingResult) -> str:
    return limit_text(result.time_limit)


def reason_text(result: LevelingResult) -> str:
    """Why the plan comes from its method, in one clause."""
    return reason_clause(result.reason, result.time_limit, result.jobs, result.resources)


def _amount(result: LevelingResult, minutes: float, *, up: bool = False) -> str:
    text = working_text(minutes, result.minutes_per_day, up=up)
    if result.objective_kind is Objective.FINISH:
        return text
    return _("{amount} of priority-weighted lateness").format(amount=text)


def _quality(result: LevelingResult) -> str:
    """Optimal, or how far from the best possible the plan can be."""
    if result.status is Status.OPTIMAL or result.gap == 0:  # a zero gap on the axis is a proof too
        return _("optimal (proven)")
    gap = result.gap_working
    if gap is None or result.objective_working is None or result.bound_working is None:
        # a weighted lateness summed on an elapsed axis has no working-time bound: only the ratio holds
        return _("within {percent} % of the best possible").format(percent=format_fixed(100 * result.gap, 2))
    over = result.objective_working - result.bound_working
    return _("gap to the bound ≤ {amount} ({percent} %)").format(
        amount=_amount(result, over, up=True), percent=format_fixed(100 * gap, 2)
    )


def headline(result: LevelingResult) -> str:
    """The method, why it was used and how good the plan is known to be."""
    if result.status is Status.UNKNOWN or result.objective_working is None:
        return _("No leveled plan: {reason}").format(reason=reason_text(result))
    method = _method(result.method)
    reason = result.reason
    if reason is Reason.PROVEN:
        return _("Leveled by {method}: optimal (proven) in {seconds} s").format(
            method=method, seconds=format_fixed(result.time_s, 1)
        )
    if reason is Reason.TIME_LIMIT:
        return _("Leveled by {method}: best plan found within {limit}, {quality}").format(
            method=method, limit=_limit(result), quality=_quality(result)
        )
    if reason is Reason.AT_BOUND:
        return _(
            "Leveled by {method}, optimal (proven): its plan meets the lower bound, so CP-SAT was not needed"
        ).format(method=method)
    if reason is Reason.REQUESTED:
        return _("Leveled by {method} (--method heuristic): {quality}").format(
            method=method, quality=_quality(result)
        )
    return _("Leveled by {method}: {reason}; {quality}").format(
        method=method, reason=reason_text(result), quality=_quality(result)
    )


def figures(result: LevelingResult, finish: str) -> str:
    """The plan's figures in working time of the project calendar, and the time leveling took."""
    if result.objective_working is None:
        return ""
    if result.objective_kind is Objective.FINISH:
        what = _("{amount} after the project start").format(
            amount=working_text(result.objective_working, result.minutes_per_day)
        )
    else:
        what = _amount(result, result.objective_working)
    bound = (
        ""
        if result.bound_working is None or result.status is Status.OPTIMAL or result.gap == 0
        else _(", lower bound {amount}").format(amount=_amount(result, result.bound_working))
    )
    return _("Finish {finish}, {what}{bound} (project calendar); leveled in {seconds} s").format(
        finish=finish, what=what, bound=bound, seconds=format_fixed(result.time_s, 1)
    )


def progress_text(info: ProgressInfo, minutes_per_day: int) -> str:
    """The live line: best plan so far, proven bound and gap, in working time where it converts."""

    def shown(minutes: float | None) -> str:
        return "—" if minutes is None else working_text(minutes, minutes_per_day)

    gap = info.gap
    if info.incumbent_working is not None and info.bound_working is not None:
        gap = relative_gap(info.incumbent_working, info.bound_working)
    gap_text = "—" if gap is None else _("{percent} %").format(percent=format_fixed(100 * gap, 1))
    converted = info.bound_working is not None
    figures = (
        _("best {best} · bound {bound} · ").format(
            best=shown(info.incumbent_working), bound=shown(info.bound_working)
        )
        if converted
        else ""
    )
    return _("{figures}gap {gap} · {seconds} s").format(
        figures=figures, gap=gap_text, seconds=format_fixed(info.elapsed, 1)
    )


#: How many of the tasks holding a resource a sentence names; the rest are counted.
HELD_NAMED = 3


def held_text(result: LevelingResult, task_id: str) -> str | None:
    """Why a leveled task waits, in one sentence: the resource, the tasks it is on and their dates.

    `T4 waits for alice: assigned to T2 from 2027-01-05 08:00 to 2027-01-06 17:00`; None when
    leveling did not delay the task for a resource.
    """
    task = result.tasks.get(task_id)
    if task is None or task.delayed_by is None or task.delay_minutes <= 0:
        return None
    others = [result.tasks[h] for h in task.held_by if h in result.tasks]
    named = [
        _("{task} from {start} to {finish}").format(
            task=clean_text(o.id), start=format_moment(o.start), finish=format_moment(o.finish)
        )
        for o in others[:HELD_NAMED]
    ]
    rest = len(others) - len(named)
    if rest:
        named.append(ngettext("{n} other task", "{n} other tasks", rest).format(n=rest))
    resource = clean_text(task.delayed_by)
    if not named:
        return _("{task} waits for {resource}").format(task=clean_text(task.id), resource=resource)
    return _("{task} waits for {resource}: assigned to {bookings}").format(
        task=clean_text(task.id), resource=resource, bookings=", ".join(named)
    )

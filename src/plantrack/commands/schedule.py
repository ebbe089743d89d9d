"""`plantrack schedule`: compute the critical-path schedule, store it as the current plan and show it."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import Context, UsageError
from plantrack.commands.parsers import Subparsers, add_command
from plantrack.i18n import _, language, ngettext
from plantrack.scheduling.errors import Problem, Severity

if TYPE_CHECKING:
    from plantrack.scheduling.cpm import Schedule, Wait
    from plantrack.scheduling.leveling import LevelingResult
    from plantrack.scheduling.model import Project


def _iso(value: dt.datetime) -> str:
    return value.isoformat(timespec="minutes")


def _hours(minutes: int) -> float:
    return round(minutes / 60, 4)


class _Stamps:
    """Minute offsets -> formatted text, each distinct minute formatted once.

    A large plan has far fewer distinct instants than tasks × dates (work starts on the same shift
    boundaries), and formatting a datetime costs more than a dictionary lookup.
    """

    def __init__(self, origin: dt.datetime, fmt: Callable[[dt.datetime], str]) -> None:
        self._origin = origin
        self._fmt = fmt
        self._seen: dict[int, str] = {}

    def __call__(self, minute: int) -> str:
        text = self._seen.get(minute)
        if text is None:
            text = self._seen[minute] = self._fmt(self._origin + dt.timedelta(minutes=minute))
        return text


def schedule_document(
    project: Project, schedule: Schedule, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The schedule as `--json` prints it and the workspace stores it; `extra` adds top-level keys
    (e.g. leveling results) without changing the CPM part."""
    iso = _Stamps(schedule.origin, _iso)
    hours: dict[int, float] = {}  # floats repeat: round each value once
    tasks = []
    delays = {t.id: t.leveling_delay.minutes for t in project.tasks if t.leveling_delay is not None}
    for t in schedule.tasks:
        start, finish = iso(t.early_start), iso(t.early_finish)
        total, free = hours.get(t.total_float), hours.get(t.free_float)
        if total is None:
            total = hours[t.total_float] = _hours(t.total_float)
        if free is None:
            free = hours[t.free_float] = _hours(t.free_float)
        tasks.append(
            {
                "id": t.id,
                "name": t.name,
                "start": start,
                "finish": finish,
                "early_start": start,
                "early_finish": finish,
                "late_start": iso(t.late_start),
                "late_finish": iso(t.late_finish),
                "total_float_hours": total,
                "free_float_hours": free,
                "critical": t.critical,
                "driving_predecessor": t.driving_predecessor,
            }
        )
        if t.waits is not None:  # a window period or a closure, not the links, sets the start
            w = t.waits
            # a window's wait reads as before (kind window is the default); a closure's names its kind
            named = {"window": w.window} if w.kind == "window" else {"kind": w.kind, w.kind: w.window}
            tasks[-1]["waits"] = {**named, "from": iso(w.since), "to": iso(w.until)}
        delay = delays.get(t.id)
        if delay is not None:  # kept from a leveling: working hours on the task's calendar
            tasks[-1]["leveling_delay_hours"] = _hours(delay)
    doc: dict[str, Any] = {
        "project": {
            "start": _iso(schedule.start_at),
            "finish": _iso(schedule.finish_at),
            "duration_hours": _hours(schedule.duration_minutes),
        },
        "tasks": tasks,
        "critical_path": [list(path) for path in schedule.critical_paths],
    }
    doc.update(extra or {})
    return doc


def _cell(text: str, width: int) -> str:
    text = text if len(text) <= width else text[: width - 1] + "…"
    return text.ljust(width)


def _clean(text: str) -> str:
    """`clean_text` with a fast path: printable NFC text (the usual name) has nothing to remove."""
    import unicodedata

    from plantrack.scheduling.model import clean_text

    if text.isprintable() and unicodedata.is_normalized("NFC", text):
        return text
    return clean_text(text).replace("\n", " ").replace("\t", " ")


#: `format_moment`'s figures as strftime patterns: the same text (all digits, no names) without
#: Babel's cost per call, which a plan of 100,000 tasks with many distinct instants would feel
_MOMENT = {"en": "%Y-%m-%d %H:%M", "fr": "%d/%m/%Y %H:%M"}


def moment_text(at: dt.datetime) -> str:
    """A date and time as `plantrack.i18n.formats.format_moment` writes it in the current language."""
    return at.strftime(_MOMENT.get(language(), _MOMENT["en"]))


def _figure(value: float) -> str:
    """A short number (`{:g}`) with the current language's decimal mark."""
    text = f"{value:g}"
    return text if language() == "en" else text.replace(".", ",")


def render_table(schedule: Schedule) -> list[str]:
    """The readable table: id, name, start, finish, total float (working hours), critical mark."""
    stamp = _Stamps(schedule.origin, moment_text)
    hours: dict[int, str] = {}  # floats repeat too: format each value once

    def float_text(minutes: int) -> str:
        text = hours.get(minutes)
        if text is None:
            text = hours[minutes] = _figure(_hours(minutes))
        return text

    tasks = schedule.tasks
    columns = [
        [_("ID"), *(_clean(t.id) for t in tasks)],
        [_("NAME"), *(_clean(t.name) for t in tasks)],
        [_("START"), *(stamp(t.early_start) for t in tasks)],
        [_("FINISH"), *(stamp(t.early_finish) for t in tasks)],
        [_("FLOAT h"), *(float_text(t.total_float) for t in tasks)],
        [_("CRIT"), *("*" if t.critical else "" for t in tasks)],
    ]
    widths = [min(max(map(len, column)), 40) for column in columns]
    for column, width in zip(columns, widths, strict=True):
        if any(len(cell) > width for cell in column):
            column[:] = [_cell(cell, width) for cell in column]
    align = ["<", "<", "<", "<", ">", "<"]
    row = "  ".join(f"{{:{a}{w}}}" for a, w in zip(align, widths, strict=True))
    lines = [row.format(*cells).rstrip() for cells in zip(*columns, strict=True)]
    lines.append("")
    hours_text = _figure(_hours(schedule.duration_minutes))
    lines.append(
        _("Project: {start} → {finish} ({hours} working hours)").format(
            start=moment_text(schedule.start_at), finish=moment_text(schedule.finish_at), hours=hours_text
        )
    )
    for t in tasks:
        if t.waits is not None:
            lines.append(_wait_text(t.id, t.waits, stamp))
    paths = schedule.critical_paths
    if len(paths) == 1:
        lines.append(_("Critical path: {chain}").format(chain=" → ".join(_clean(i) for i in paths[0])))
    elif paths:  # one heading, then one chain a line (parallel chains, e.g. after a delay)
        count = len(paths)
        lines.append(
            ngettext("Critical paths ({count} chain):", "Critical paths ({count} chains):", count).format(
                count=count
            )
        )
        lines.extend("  " + " → ".join(_clean(i) for i in path) for path in paths)
    else:
        lines.append(_("Critical path: none (every task has float)"))
    return lines


def _wait_text(task: str, wait: Wait, stamp: Callable[[int], str]) -> str:
    """One line saying what holds a task back: a window's period or a calendar closure."""
    if wait.kind == "closure":
        text = _("{task} waits for the closure {closure} from {since} to {until}")
    else:
        text = _("{task} waits for window {window} from {since} to {until}")
    name = _clean(wait.window)
    return text.format(
        task=_clean(task), window=name, closure=name, since=stamp(wait.since), until=stamp(wait.until)
    )


def compute(
    state: Any,
    schedule: Schedule | None = None,
    leveled: LevelingResult | None = None,
    *,
    holders: bool = True,
) -> tuple[Schedule, dict[str, Any]]:
    """Schedule the workspace's project, store it as the current plan (`state.schedule`, ids and
    numbers only) and return the `--json` document, annotated with `leveled` when given.

    `schedule` is the project's schedule when the caller has it already (leveling computes it);
    `holders`: whether the document lists the tasks that held each delayed task's resource."""
    from plantrack.commands.level_options import annotate_leveled
    from plantrack.operations.analysis import forecast
    from plantrack.scheduling.validate import gc_paused
    from plantrack.store.plan import plan_of_schedule
    from plantrack.store.tracking_codec import actuals_at

    # progress recorded at a status date: finished work keeps its actual dates, the rest is rescheduled
    if schedule is None:
        ahead = forecast(state)
        schedule, status_date = ahead.schedule, ahead.status_date
    else:
        status_date = actuals_at(state)[0]
    extra = {"status_date": _iso(status_date)} if status_date is not None else None
    with gc_paused():  # a dict per task, all kept: collections would rescan the whole loaded plan
        document = schedule_document(state.project, schedule, extra)
        if leveled is not None:
            annotate_leveled(document, leveled, holders=holders)
        state.schedule = plan_of_schedule(
            schedule, status_date=status_date, leveled=None if leveled is None else leveled.tasks
        )
    return schedule, document


def run_schedule(ctx: Context) -> int:
    from plantrack.commands.level_options import level_state, render_leveled

    args = ctx.args
    if getattr(args, "level", False) and getattr(args, "clear_leveling", False):
        raise UsageError(_("--level and --clear-leveling exclude each other: --level replaces the delays"))
    with ctx.open_workspace().update() as state:
        if getattr(args, "clear_leveling", False):
            from plantrack.scheduling.leveled import clear_leveling

            state.project = clear_leveling(state.project)
        leveled = level_state(ctx, state)
        # the current plan: leveled when a leveling was kept, by this run or an earlier one
        if leveled is None:
            schedule, document = compute(state)
        else:
            # the holders' lists are for --json: the table says who holds a resource in a sentence
            schedule, document = compute(state, leveled.schedule, leveled.result, holders=ctx.json)
    ctx.warn([*(leveled.warnings if leveled is not None else ()), *schedule.warnings])
    if leveled is not None and leveled.project is None:
        ctx.warn(
            [
                Problem(
                    code="leveling-no-plan",
                    message=_(
                        "leveling found no plan within the time limit: the plan is unchanged; "
                        "raise --time-limit or try --method heuristic"
                    ),
                    severity=Severity.WARNING,
                )
            ]
        )
    from plantrack.commands.overallocation import warn_overallocated

    # a plan just leveled is within capacity; a failed leveling leaves the plan as it was: say so
    kept = leveled if leveled is not None and leveled.project is not None else None
    warn_overallocated(ctx, state.project, schedule, kept)
    if ctx.json:
        ctx.print_json(document)
    elif leveled is not None:
        from plantrack.scheduling.validate import gc_paused

        with gc_paused():  # a row of strings per task, all kept
            lines = render_leveled(document, leveled.result)
        for line in lines:
            ctx.print(line)
    else:
        from plantrack.scheduling.validate import gc_paused

        with gc_paused():
            lines = render_table(schedule)
        for line in lines:
            ctx.print(line)
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    parser = add_command(
        sub,
        "schedule",
        help=_("compute the critical-path schedule, store it as the current plan and show it"),
        description=_(
            "Compute early and late dates, floats and the critical path of the workspace's plan "
            "(working calendars, all link types, constraints, deadlines, shutdown windows), store it as "
            "the current plan and print it. Exit 5 when the plan cannot be scheduled."
        ),
        example="plantrack schedule\nplantrack schedule --json -w line3.plantrack.json\n"
        "plantrack schedule --level --time-limit 10 --json",
        handler=run_schedule,
        common=common,
    )
    from plantrack.commands.level_options import add_level_arguments

    add_level_arguments(parser)

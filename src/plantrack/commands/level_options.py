"""`schedule --level`: the leveling options, the solve with its live progress line, and its output."""

from __future__ import annotations

import argparse
import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from plantrack.commands.base import Context, UsageError
from plantrack.commands.values import whole_number
from plantrack.i18n import _, language
from plantrack.i18n.formats import format_moment

if TYPE_CHECKING:
    from plantrack.scheduling.leveling import LevelingResult, ProgressInfo
    from plantrack.scheduling.leveling.current import CurrentLeveling

E = TypeVar("E", bound=StrEnum)


def add_time_limit(parser: argparse.ArgumentParser | argparse._ArgumentGroup, *, help: str) -> None:
    """`--time-limit S`, seconds of leveling (default 5); `time_limit` reads it back checked."""
    parser.add_argument("--time-limit", type=float, default=5.0, metavar="S", help=help)


def time_limit(args: argparse.Namespace) -> float:
    """The `--time-limit` given, refused unless above 0 seconds (a NaN too)."""
    seconds: float = args.time_limit
    if not seconds > 0:
        raise UsageError(_("--time-limit must be above 0 seconds"))
    return seconds


def add_level_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(_("resource leveling"))
    group.add_argument(
        "--level",
        action="store_true",
        help=_("level resources with CP-SAT: the shortest plan within every capacity, with a proven bound"),
    )
    group.add_argument(
        "--clear-leveling",
        action="store_true",
        help=_("drop the leveling delays a previous --level kept in the plan: back to the unleveled plan"),
    )
    add_time_limit(group, help=_("leveling time limit in seconds (default 5)"))
    group.add_argument(
        "--objective",
        choices=("finish", "lateness"),
        default="finish",
        help=(
            _(
                "finish (default): minimise the project finish, deadlines are hard limits; "
                "lateness: deadlines are soft, minimise the priority-weighted working hours late"
            )
        ),
    )
    group.add_argument(
        "--stable", action="store_true", help=_("then keep tasks as close as possible to the current plan")
    )
    group.add_argument("--method", choices=("cp", "heuristic"), default="cp", help=_("solver (default cp)"))
    group.add_argument(
        "--workers",
        type=whole_number("--workers"),
        default=0,
        metavar="N",
        help=_(
            "CP-SAT workers (default 0: every core, with the genetic searches beside them); "
            "1 gives the same plan for the same --seed on every run: the limit then counts CP-SAT's "
            "deterministic work instead of the clock, and the run may take up to about twice the limit"
        ),
    )
    group.add_argument(
        "--seed",
        type=whole_number("--seed"),
        default=0,
        metavar="N",
        help=_("random seed of the solver and the searches (default 0)"),
    )


class _ProgressLine:
    """One self-overwriting stderr line, only on a terminal (logs and pipes stay clean)."""

    def __init__(self, err: TextIO, minutes_per_day: int) -> None:
        self.err = err
        self.minutes_per_day = minutes_per_day
        self.shown = False

    def __call__(self, info: ProgressInfo) -> None:
        from plantrack.scheduling.leveling.wording import progress_text

        line = _("leveling: {progress}").format(progress=progress_text(info, self.minutes_per_day))
        self.err.write(f"\r{line}\x1b[K")
        self.err.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.err.write("\r\x1b[K")
            self.err.flush()


def _iso(value: dt.datetime) -> str:
    return value.isoformat(timespec="minutes")


def _member(kind: type[E], text: str, option: str) -> E:
    """The leveler's enum member for an option's text, or a usage error naming the option."""
    try:
        return kind(text)
    except ValueError:
        allowed = _(" or ").join(str(v) for v in kind)
        raise UsageError(
            _("{option} {text} is not one of {allowed}").format(
                option=option, text=repr(text), allowed=allowed
            )
        ) from None


def level_state(ctx: Context, state: Any) -> CurrentLeveling | None:
    """With --level: level what is left at the status date and keep it in `state.project`.

    The use case is `operations.leveling` (shared with the terminal UI); this reads the options and
    shows the live progress line. When no plan is found in time the project is left as it was.
    """
    args = ctx.args
    if not getattr(args, "level", False):
        return None
    seconds = time_limit(args)
    from plantrack.operations.leveling import keep_leveling, level_plan
    from plantrack.scheduling.leveling import Method, Objective

    objective = _member(Objective, args.objective, "--objective")
    method = _member(Method, args.method, "--method")
    line = _ProgressLine(ctx.err, state.project.minutes_per_day) if ctx.err.isatty() else None
    try:
        done = level_plan(
            state,
            time_limit=seconds,
            objective=objective,
            method=method,
            workers=args.workers,
            seed=args.seed,
            stable=args.stable,
            progress=line,
        )
    finally:
        if line is not None:
            line.close()
    keep_leveling(done, state)
    return done


def annotate_leveled(document: dict[str, Any], result: LevelingResult, *, holders: bool = True) -> None:
    """Add the leveling block and each task's delay, the resource behind it and the tasks that held that
    resource to a schedule document; without `holders`, `leveling_held_by` stays None (the table does
    not show it, and on a large plan it lists millions of bookings)."""
    from plantrack.scheduling.leveling.holders import held_by_json

    stamps: dict[str, tuple[str, str]] = {}
    for row in document.get("tasks", []):
        task = result.tasks.get(row["id"])
        if task is None:
            continue
        row.setdefault("leveling_delay_hours", 0.0)
        row["leveling_delayed_by"] = task.delayed_by if row["leveling_delay_hours"] else None
        held = holders and row["leveling_delay_hours"]
        row["leveling_held_by"] = held_by_json(result, task.id, stamps) if held else None
        # how much later than without resource limits (a task pushed by a delayed predecessor too): the
        # solver's minutes (elapsed when calendars differ) and working hours of the project calendar
        row["leveling_start_delay_axis_minutes"] = task.delay_minutes
        row["leveling_start_delay_working_hours"] = round(task.delay_working_minutes / 60, 4)
    document["leveling"] = result.to_json()


def render_leveled(document: dict[str, Any], result: LevelingResult) -> list[str]:
    """The readable table after leveling: leveled dates, delay in working time, the resource that caused it;
    then the method, why it was used and how good the plan is known to be."""
    from plantrack.scheduling.leveling.wording import compact_working, figures, headline, held_text
    from plantrack.scheduling.model import clean_text

    per_day = result.minutes_per_day
    rows = [(_("ID"), _("START"), _("FINISH"), _("DELAY"), _("BY"))]
    for row in document.get("tasks", []):
        task = result.tasks.get(str(row["id"]))
        rows.append(
            (
                clean_text(str(row["id"]))[:40],
                format_moment(dt.datetime.fromisoformat(row["start"])),
                format_moment(dt.datetime.fromisoformat(row["finish"])),
                "" if task is None else compact_working(task.delay_working_minutes, per_day),
                clean_text(task.delayed_by or "") if task is not None else "",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    # why each delayed task waits: the resource, the tasks it is on and when (same rows as the table)
    waits = [
        text
        for row in document.get("tasks", [])
        if row.get("leveling_delay_hours") and (text := held_text(result, str(row["id"]))) is not None
    ]
    if waits:
        lines += ["", *waits]
    finish = format_moment(dt.datetime.fromisoformat(document["project"]["finish"]))
    lines += [
        "",
        _("DELAY: how much later than without resource limits, in working time of the project calendar"),
        _("(d: working day of {hours} h, h: hour); BY: the resource that caused it").format(
            hours=f"{per_day / 60:g}" if language() == "en" else f"{per_day / 60:g}".replace(".", ",")
        ),
        headline(result),
    ]
    if result.objective_working is not None:
        lines.append(figures(result, finish))
    else:
        lines.append(_("Raise --time-limit or try --method heuristic"))
    return lines

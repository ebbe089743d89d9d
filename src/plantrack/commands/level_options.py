"""`schedule --level`: the leveling options, the solve with its live progress line, and its output."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any, TextIO

from plantrack.commands.base import Context, UsageError, whole_number

if TYPE_CHECKING:
    from plantrack.scheduling.leveling import LevelingResult, ProgressInfo
    from plantrack.scheduling.leveling.current import CurrentLeveling


def add_level_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("resource leveling")
    group.add_argument(
        "--level",
        action="store_true",
        help="level resources with CP-SAT: the shortest plan within every capacity, with a proven bound",
    )
    group.add_argument(
        "--clear-leveling",
        action="store_true",
        help="drop the leveling delays a previous --level kept in the plan: back to the unleveled plan",
    )
    group.add_argument(
        "--time-limit",
        type=float,
        default=5.0,
        metavar="S",
        help="leveling time limit in seconds (default 5)",
    )
    group.add_argument(
        "--objective",
        choices=("finish", "lateness"),
        default="finish",
        help=(
            "finish (default): minimise the project finish, deadlines are hard limits; "
            "lateness: deadlines are soft, minimise the priority-weighted hours late"
        ),
    )
    group.add_argument(
        "--stable", action="store_true", help="then keep tasks as close as possible to the current plan"
    )
    group.add_argument("--method", choices=("cp", "heuristic"), default="cp", help="solver (default cp)")
    group.add_argument(
        "--workers",
        type=whole_number("--workers"),
        default=0,
        metavar="N",
        help="CP-SAT workers (default 0: every core, with the genetic searches beside them); "
        "1 gives the same plan for the same --seed on every run: the limit then counts CP-SAT's "
        "deterministic work instead of the clock, and the run may take up to about twice the limit",
    )
    group.add_argument(
        "--seed",
        type=whole_number("--seed"),
        default=0,
        metavar="N",
        help="random seed of the solver and the searches (default 0)",
    )


class _ProgressLine:
    """One self-overwriting stderr line, only on a terminal (logs and pipes stay clean)."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.shown = False

    def __call__(self, info: ProgressInfo) -> None:
        best = "—" if info.incumbent is None else f"{info.incumbent:g} h"
        gap = "—" if info.gap is None else f"{100 * info.gap:.1f} %"
        self.err.write(
            f"\rleveling: best {best}  bound {info.bound:g} h  gap {gap}  {info.elapsed:.1f} s\x1b[K"
        )
        self.err.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.err.write("\r\x1b[K")
            self.err.flush()


def _iso(value: dt.datetime) -> str:
    return value.isoformat(timespec="minutes")


def _reference(previous: dict[str, Any] | None) -> dict[str, dt.datetime]:
    if not previous:
        return {}
    out = {}
    for row in previous.get("tasks", []):
        try:
            out[str(row["id"])] = dt.datetime.fromisoformat(str(row["start"]))
        except (KeyError, TypeError, ValueError):
            continue  # a row without a readable start gives no reference; leveling still runs
    return out


def level_state(ctx: Context, state: Any) -> CurrentLeveling | None:
    """With --level: level what is left at the status date and keep it in `state.project`.

    The plan is kept as the tasks' leveling delays (scheduling/leveled.py), so everything computed from
    the workspace afterwards shows it. When no plan is found in time the project is left as it was.
    """
    args = ctx.args
    if not getattr(args, "level", False):
        return None
    if not args.time_limit > 0:
        raise UsageError("--time-limit must be above 0 seconds")
    from plantrack.scheduling.leveling import reference_minutes
    from plantrack.scheduling.leveling.current import level_current
    from plantrack.store.tracking_codec import actuals_at

    status_date, actuals = actuals_at(state)
    previous = _reference(state.schedule) if args.stable else {}
    line = _ProgressLine(ctx.err) if ctx.err.isatty() else None
    try:
        done = level_current(
            state.project,
            status_date=status_date,
            actuals=actuals,
            objective=args.objective,
            time_limit=args.time_limit,
            method=args.method,
            workers=args.workers,
            seed=args.seed,
            reference=(lambda project: reference_minutes(project, previous)) if args.stable else None,
            progress=line,
        )
    finally:
        if line is not None:
            line.close()
    if done.project is not None:
        state.project = done.project
    return done


def annotate_leveled(document: dict[str, Any], result: LevelingResult) -> None:
    """Add the leveling block and each task's delay and the resource behind it to a schedule document."""
    for row in document.get("tasks", []):
        task = result.tasks.get(row["id"])
        if task is None:
            continue
        row.setdefault("leveling_delay_hours", 0.0)
        row["leveling_delayed_by"] = task.delayed_by if row["leveling_delay_hours"] else None
    document["leveling"] = result.to_json()


def render_leveled(document: dict[str, Any], result: LevelingResult) -> list[str]:
    """The readable table after leveling: leveled dates, delay and the resource that caused it."""
    from plantrack.scheduling.model import clean_text

    rows = [("ID", "START", "FINISH", "DELAY h", "BY")]
    for row in document.get("tasks", []):
        rows.append(
            (
                clean_text(str(row["id"]))[:40],
                row["start"].replace("T", " "),
                row["finish"].replace("T", " "),
                f"{row.get('leveling_delay_hours', 0):g}",
                clean_text(row.get("leveling_delayed_by") or ""),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    gap = f"gap {100 * result.gap:.2f} %" if result.status != "optimal" else "proven optimal"
    finish = document["project"]["finish"].replace("T", " ")
    lines += [
        "",
        f"Leveled ({result.method}, {result.status}): finish {finish}, "
        f"{result.objective:g} {'h' if result.objective_kind == 'finish' else 'weighted h late'}, "
        f"bound {result.bound:g}, {gap}, {result.time_s:.1f} s",
    ]
    if result.status == "unknown":
        lines.append("No leveled plan within the time limit: raise --time-limit or try --method heuristic")
    return lines

"""`schedule --level`: the leveling options, the solve with its live progress line, and its output."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any, TextIO

from plantrack.commands.base import Context, UsageError, whole_number

if TYPE_CHECKING:
    from plantrack.scheduling.leveling import LevelingResult, ProgressInfo
    from plantrack.scheduling.model import Project


def add_level_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("resource leveling")
    group.add_argument(
        "--level",
        action="store_true",
        help="level resources with CP-SAT: the shortest plan within every capacity, with a proven bound",
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
            "lateness: deadlines are soft, minimise the priority-weighted working hours late"
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

    def __init__(self, err: TextIO, minutes_per_day: int) -> None:
        self.err = err
        self.minutes_per_day = minutes_per_day
        self.shown = False

    def __call__(self, info: ProgressInfo) -> None:
        from plantrack.scheduling.leveling.wording import progress_text

        self.err.write(f"\rleveling: {progress_text(info, self.minutes_per_day)}\x1b[K")
        self.err.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.err.write("\r\x1b[K")
            self.err.flush()


def _iso(value: dt.datetime) -> str:
    return value.isoformat(timespec="minutes")


def _reference(project: Project, previous: dict[str, Any] | None) -> dict[str, dt.datetime]:
    if not previous:
        return {}
    out = {}
    for row in previous.get("tasks", []):
        try:
            out[str(row["id"])] = dt.datetime.fromisoformat(str(row["start"]))
        except (KeyError, TypeError, ValueError):
            continue  # a row without a readable start gives no reference; leveling still runs
    return out


def level_document(
    ctx: Context, project: Project, document: dict[str, Any], previous: dict[str, Any] | None
) -> LevelingResult | None:
    """With --level: level the project and rewrite `document` in place with the leveled dates."""
    args = ctx.args
    if not getattr(args, "level", False):
        return None
    if not args.time_limit > 0:
        raise UsageError("--time-limit must be above 0 seconds")
    from plantrack.scheduling.leveling import level, reference_minutes

    reference = reference_minutes(project, _reference(project, previous)) if args.stable else None
    line = _ProgressLine(ctx.err, project.minutes_per_day) if ctx.err.isatty() else None
    try:
        result = level(
            project,
            objective=args.objective,
            time_limit=args.time_limit,
            method=args.method,
            workers=args.workers,
            seed=args.seed,
            reference=reference,
            progress=line,
        )
    finally:
        if line is not None:
            line.close()
    _rewrite(project, document, result)
    return result


def _rewrite(project: Project, document: dict[str, Any], result: LevelingResult) -> None:
    children = project.children()

    def leaves(tid: str) -> list[str]:
        return [leaf for c in children[tid] for leaf in leaves(c)] if tid in children else [tid]

    for row in document.get("tasks", []):
        ids = [t for t in leaves(row["id"]) if t in result.tasks]
        if not ids:
            continue
        row["start"] = _iso(min(result.tasks[t].start for t in ids))
        row["finish"] = _iso(max(result.tasks[t].finish for t in ids))
        if row["id"] in result.tasks:
            task = result.tasks[row["id"]]
            # working hours of the project calendar like every *_hours figure, the solver's minutes beside
            row["leveling_delay_hours"] = round(task.delay_working_minutes / 60, 4)
            row["leveling_delay_axis_minutes"] = task.delay_minutes
            row["leveling_delayed_by"] = task.delayed_by
    if result.tasks:
        document["project"]["finish"] = _iso(result.finish)
        # like the CPM's figure: working hours on the project calendar from the start to the finish
        from plantrack.scheduling.calendar import CalendarCache, to_minute

        calendar = CalendarCache(project).get(project.calendar)
        start = to_minute(project.origin, project.start)
        finish = to_minute(project.origin, result.finish)
        document["project"]["duration_hours"] = round(calendar.working_between(start, finish) / 60, 4)
    document["leveling"] = result.to_json()


def render_leveled(document: dict[str, Any], result: LevelingResult) -> list[str]:
    """The readable table after leveling: leveled dates, delay in working time, the resource that caused it;
    then the method, why it was used and how good the plan is known to be."""
    from plantrack.scheduling.leveling.wording import compact_working, figures, headline
    from plantrack.scheduling.model import clean_text

    per_day = result.minutes_per_day
    rows = [("ID", "START", "FINISH", "DELAY", "BY")]
    for row in document.get("tasks", []):
        task = result.tasks.get(str(row["id"]))
        rows.append(
            (
                clean_text(str(row["id"]))[:40],
                row["start"].replace("T", " "),
                row["finish"].replace("T", " "),
                "" if task is None else compact_working(task.delay_working_minutes, per_day),
                clean_text(row.get("leveling_delayed_by") or ""),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    finish = document["project"]["finish"].replace("T", " ")
    lines += [
        "",
        f"DELAY in working time of the project calendar (d: working day of {per_day / 60:g} h, h: hour)",
        headline(result),
    ]
    if result.objective_working is not None:
        lines.append(figures(result, finish))
    else:
        lines.append("Raise --time-limit or try --method heuristic")
    return lines

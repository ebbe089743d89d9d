"""`plantrack review`: the minutes of a review meeting, in Markdown or self-contained HTML."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from plantrack.commands.base import Context, UsageError, add_command, parse_when
from plantrack.commands.tracking import workspace
from plantrack.export.files import write_atomically
from plantrack.scheduling.errors import ExitCode

if TYPE_CHECKING:
    from plantrack.scheduling.tracking.review import Review
    from plantrack.store import WorkspaceState


def build(
    state: WorkspaceState, *, baseline: str | None, since: dt.datetime | None, today: dt.date
) -> Review:
    """Everything the minutes show, computed from the workspace's histories."""
    from plantrack.store.tracking_analysis import review

    return review(state, baseline=baseline, since=since, today=today)[0]


def _review(ctx: Context) -> int:
    from plantrack.export.minutes import to_html, to_markdown

    args = ctx.args
    since = parse_when(args.since, what="--since") if args.since else None
    fmt = args.format or ("html" if args.output.lower().endswith((".html", ".htm")) else "md")
    review = build(workspace(ctx).read(), baseline=args.baseline, since=since, today=ctx.today)
    text = to_html(review) if fmt == "html" else to_markdown(review)
    path = Path(args.output)
    path = path if path.is_absolute() else ctx.cwd / path
    if not path.parent.is_dir():
        raise UsageError(f"folder {path.parent} does not exist")
    write_atomically(path, text)
    ctx.print(
        f"minutes for {review.since:%Y-%m-%d} to {review.status_date:%Y-%m-%d} written to {args.output}"
    )
    return ExitCode.OK


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = add_command(
        sub,
        "review",
        help="write the minutes of a review meeting (indicators, tasks, milestones, actions, open points)",
        handler=_review,
        example="plantrack review --since 2027-03-01 --format html -o review-2027-03-12.html",
        common=common,
    )
    p.add_argument("--since", help="start of the period covered (default: the previous status date)")
    p.add_argument("--format", choices=("md", "html"), help="default: from the file name, else md")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--baseline", help="baseline to compare with (default: the latest)")

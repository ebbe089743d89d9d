"""`plantrack review`: the minutes of a review meeting, in Markdown or self-contained HTML.

Attendees, agenda, notes and the next meeting's date given here are stored with the review (the
workspace's `meetings` section), so the minutes written again later, or from the TUI, keep them.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from plantrack.commands.base import Context, UsageError
from plantrack.commands.exit_codes import ExitCode
from plantrack.commands.parsers import Subparsers, add_command
from plantrack.commands.paths import user_path
from plantrack.commands.tracking import workspace
from plantrack.commands.values import parse_when
from plantrack.export.files import write_atomically
from plantrack.i18n import _
from plantrack.i18n.formats import format_day
from plantrack.scheduling.model import clean_text

if TYPE_CHECKING:
    from plantrack.operations.review import MeetingChanges
    from plantrack.scheduling.tracking.review import Review
    from plantrack.store import WorkspaceState


def build(
    state: WorkspaceState, *, baseline: str | None, since: dt.datetime | None, today: dt.date
) -> Review:
    """Everything the minutes show, computed from the workspace's histories."""
    from plantrack.operations.analysis import review

    return review(state, baseline=baseline, since=since, today=today)[0]


def _meeting_changes(args: argparse.Namespace) -> MeetingChanges:
    """The meeting fields given on the command line; each one given replaces the stored one."""
    changes: MeetingChanges = {}
    if args.attendee is not None:
        changes["attendees"] = _items(args.attendee)
    if args.agenda is not None:
        changes["agenda"] = _items(args.agenda)
    if args.note is not None:
        changes["notes"] = _items(args.note)
    if args.next_meeting is not None:
        changes["next_meeting"] = parse_when(args.next_meeting, what="--next-meeting")
    return changes


def _items(given: list[str]) -> tuple[str, ...]:
    return tuple(clean_text(text).strip() for text in given)


def _review(ctx: Context) -> int:
    from plantrack.export.minutes import to_html, to_markdown
    from plantrack.operations.review import record_meeting

    args = ctx.args
    since = parse_when(args.since, what="--since") if args.since else None
    changes = _meeting_changes(args)
    fmt = args.format or ("html" if args.output.lower().endswith((".html", ".htm")) else "md")
    path = user_path(ctx, args.output)
    if not path.parent.is_dir():
        raise UsageError(_("folder {folder} does not exist").format(folder=path.parent))
    if changes:
        with workspace(ctx, records=True).update() as state:
            review = build(state, baseline=args.baseline, since=since, today=ctx.today)
            record = record_meeting(state, review.record.status_date, changes, keep_unset=True)
            review = dataclasses.replace(review, record=record)
    else:
        review = build(workspace(ctx).read(), baseline=args.baseline, since=since, today=ctx.today)
    text = to_html(review) if fmt == "html" else to_markdown(review)
    write_atomically(path, text)
    ctx.print(
        _("minutes for {since} to {until} written to {file}").format(
            since=format_day(review.since), until=format_day(review.status_date), file=args.output
        )
    )
    return ExitCode.OK


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "review",
        help=_(
            "write the minutes of a review meeting (attendees, agenda, indicators, tasks, milestones, "
            "decisions, actions, open points, notes, next meeting)"
        ),
        handler=_review,
        example=_(
            "plantrack review --attendee 'A. Petit' --attendee 'J. Martin' --agenda 'Progress' "
            "--agenda 'G1 decision' --note 'Supplier visit confirmed' --next-meeting 2027-03-29T09:00 "
            "-o review-2027-03-15.md"
        ),
        common=common,
    )
    p.add_argument("--since", help=_("start of the period covered (default: the previous status date)"))
    p.add_argument("--format", choices=("md", "html"), help=_("default: from the file name, else md"))
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--baseline", help=_("baseline to compare with (default: the latest)"))
    meeting = p.add_argument_group(
        _("meeting record"),
        _("stored with the review of the current status date; each option given replaces what was stored"),
    )
    meeting.add_argument("--attendee", action="append", metavar="NAME", help=_("who attended (repeatable)"))
    meeting.add_argument("--agenda", action="append", metavar="ITEM", help=_("an agenda item (repeatable)"))
    meeting.add_argument("--note", action="append", metavar="TEXT", help=_("a discussion note (repeatable)"))
    meeting.add_argument(
        "--next-meeting", metavar="DATE", help=_("date of the next review (YYYY-MM-DD[THH:MM])")
    )

"""The action register: `action add`, `list`, `update`, `edit`, `rm` (open points and PDCA actions)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import Context, UsageError
from plantrack.commands.choices import coded_choice
from plantrack.commands.family import add_family
from plantrack.commands.parsers import Subparsers
from plantrack.commands.tracking import workspace
from plantrack.commands.values import parse_when
from plantrack.i18n import _, pgettext
from plantrack.i18n.formats import format_day
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import clean_text
from plantrack.scheduling.words import code_label

if TYPE_CHECKING:
    from plantrack.scheduling.tracking.actions import ActionState
    from plantrack.scheduling.tracking.records import Action
    from plantrack.store import WorkspaceState

STATUSES = ("open", "in-progress", "done", "cancelled")
PDCA = ("plan", "do", "check", "act")


def _ease_word(code: str) -> str:
    """An ease code as the run's language writes it (an action's ease: facile, moyenne, difficile)."""
    words = {
        "easy": pgettext("ease", "easy"),
        "medium": pgettext("ease", "medium"),
        "hard": pgettext("ease", "hard"),
        "none": pgettext("ease", "none"),
    }
    return words[code]


def _ease_impact(p: argparse.ArgumentParser, *, none: bool) -> None:
    """--ease and --impact (with `none`: the words that clear them, for edit)."""
    more = ("none",) if none else ()
    coded_choice(
        p, "--ease", codes=("easy", "medium", "hard", *more), label=_ease_word, help=_("how easy it is")
    )
    coded_choice(
        p, "--impact", codes=("low", "medium", "high", *more), label=_impact_word, help=_("its effect")
    )


def _impact_word(code: str) -> str:
    """An impact code as the run's language writes it (an action's impact: faible, moyen, fort)."""
    words = {
        "low": pgettext("impact", "low"),
        "medium": pgettext("impact", "medium"),
        "high": pgettext("impact", "high"),
        "none": pgettext("impact", "none"),
    }
    return words[code]


def action_row(s: ActionState, as_of: dt.datetime) -> dict[str, Any]:
    """One action as `action list` shows it; overdue as judged at `as_of` (the status date)."""
    from plantrack.scheduling.tracking.actions import overdue

    a = s.action
    return {
        "id": a.id,
        "title": a.title,
        "owner": a.owner,
        "due": a.due.date().isoformat(),
        "task": a.task,
        "nature": a.nature,
        "ease": None if a.ease is None else str(a.ease),
        "impact": None if a.impact is None else str(a.impact),
        "status": str(a.status),
        "pdca": str(a.pdca),
        "created": a.created.date().isoformat(),
        "overdue": overdue(s, as_of),
    }


def _today(ctx: Context) -> dt.datetime:
    return dt.datetime.combine(ctx.today, dt.time())


def _add(ctx: Context) -> int:
    from plantrack.operations.follow_up import register_action
    from plantrack.scheduling.dates import DateReader
    from plantrack.scheduling.tracking.records import Ease, Impact
    from plantrack.store.tracking_codec import status_date

    args = ctx.args
    parse_when(args.due, what=_("due date"))  # a typing error is a usage error, before the lock
    given = parse_when(args.date, what="--date") if args.date else None
    with workspace(ctx, records=True).update() as state:
        # due by the end of that working day on the project calendar, as any end-like date alone
        calendar = DateReader(state.project).project_calendar()
        due = parse_when(args.due, what=_("due date"), end_of_day=True, calendar=calendar)
        # the recorded date, not the clock, says in which review the action is new: by default the
        # status date the meeting reviews (today only before any progress is recorded)
        registered = given or status_date(state) or _today(ctx)
        try:
            action = register_action(
                state,
                title=clean_text(args.title),
                owner=clean_text(args.owner),
                due=due,
                created=registered,
                task=args.task,
                nature=clean_text(args.nature or ""),
                ease=Ease(args.ease) if args.ease else None,
                impact=Impact(args.impact) if args.impact else None,
            )
        except ModelError as exc:
            raise InvalidInput(exc.problems()) from exc
    if ctx.json:
        ctx.print_json({"id": action.id})
    else:
        ctx.print(
            _("action {id} registered: owner {owner}, due {due}").format(
                id=action.id, owner=action.owner, due=format_day(due)
            )
        )
    return 0


def _list(ctx: Context) -> int:
    from plantrack.commands.editing import listing
    from plantrack.export.labels import yes
    from plantrack.scheduling.tracking.actions import action_states, judged_at, select
    from plantrack.store.tracking_codec import actions, status_date

    state = workspace(ctx).read()
    created, updates = actions(state)
    chosen = select(action_states(created, updates), open_only=ctx.args.open, owner=ctx.args.owner)
    # judged at the status date, as the minutes, the report and the review screen judge them
    as_of = judged_at(status_date(state), ctx.today)
    rows = [action_row(s, as_of) for s in chosen]
    if not ctx.json:
        for row, chosen_state in zip(rows, chosen, strict=True):
            row["due"] = format_day(chosen_state.action.due)
            row["status"] = code_label(row["status"])
            row["pdca"] = code_label(row["pdca"])
            row["overdue"] = yes() if row["overdue"] else ""
    columns = [
        ("id", _("Id")),
        ("title", _("Action")),
        ("owner", _("Owner")),
        ("due", _("Due")),
        ("status", _("Status")),
    ]
    listing(
        ctx, rows, columns=[*columns, ("pdca", _("PDCA")), ("overdue", _("Overdue")), ("task", _("Task"))]
    )
    return 0


def _update(ctx: Context) -> int:
    from plantrack.operations.follow_up import find_action
    from plantrack.scheduling.tracking.records import ActionStatus, ActionUpdate, Pdca
    from plantrack.store.tracking_codec import add_action_update

    args = ctx.args
    history = args.status is not None or args.pdca is not None or args.note is not None
    if not history and args.owner is None and args.due is None:
        raise InvalidInput(
            [Problem(code="nothing-to-update", message=_("give --status, --pdca, --note, --owner or --due"))]
        )
    when = parse_when(args.date) if args.date else _today(ctx)
    with workspace(ctx, records=True).update() as state:
        # a new owner or due date corrects the registration, as `action edit` does, in the same save
        _reassign(state, find_action(state, args.id), args.owner, args.due)
        if history:
            update = ActionUpdate(
                action=args.id,
                date=when,
                status=ActionStatus(args.status) if args.status else None,
                pdca=Pdca(args.pdca) if args.pdca else None,
                note=clean_text(args.note or ""),
            )
            add_action_update(state, update)
    ctx.print(_("action {id} updated").format(id=args.id))
    return 0


def _reassign(state: WorkspaceState, action: Action, owner: str | None, due: str | None) -> None:
    """Give an action a new owner and/or due date (due by the end of that working day)."""
    from plantrack.operations.follow_up import correct_action
    from plantrack.scheduling.dates import DateReader

    changes: dict[str, Any] = {}
    if owner is not None:
        changes["owner"] = clean_text(owner).strip()
    if due is not None:
        calendar = DateReader(state.project).project_calendar()
        changes["due"] = parse_when(due, what=_("due date"), end_of_day=True, calendar=calendar)
    correct_action(state, action, changes)


#: `action edit` options that rewrite the registration; --status and --pdca are kept as history instead
REGISTRATION = ("title", "owner", "due", "task", "nature", "ease", "impact", "created")


def _edit(ctx: Context) -> int:
    from plantrack.operations.follow_up import correct_action, find_action
    from plantrack.scheduling.dates import DateReader
    from plantrack.scheduling.tracking.records import ActionStatus, ActionUpdate, Ease, Impact, Pdca
    from plantrack.store.tracking_codec import add_action_update

    args = ctx.args
    wanted = {name for name in (*REGISTRATION, "status", "pdca") if getattr(args, name) is not None}
    if not wanted:
        raise UsageError(
            _(
                "nothing to change: give --title, --owner, --due, --task, --nature, --ease, --impact, "
                "--created, --status or --pdca"
            )
        )
    changes: dict[str, Any] = {}
    if args.title is not None:
        changes["title"] = clean_text(args.title).strip()
    if args.owner is not None:
        changes["owner"] = clean_text(args.owner).strip()
    if args.nature is not None:
        changes["nature"] = clean_text(args.nature).strip()
    if args.due is not None:
        changes["due"] = parse_when(args.due, what=_("due date"))
    if args.created is not None:
        changes["created"] = parse_when(args.created, what="--created")
    if args.task is not None:
        changes["task"] = args.task.strip() or None
    if args.ease is not None:
        changes["ease"] = None if args.ease == "none" else Ease(args.ease)
    if args.impact is not None:
        changes["impact"] = None if args.impact == "none" else Impact(args.impact)
    when = parse_when(args.date) if args.date else _today(ctx)
    with workspace(ctx, records=True).update() as state:
        action = find_action(state, args.id)
        if args.due is not None:  # due by the end of that working day, as with `action add`
            calendar = DateReader(state.project).project_calendar()
            changes["due"] = parse_when(args.due, what=_("due date"), end_of_day=True, calendar=calendar)
        correct_action(state, action, changes)
        if args.status is not None or args.pdca is not None:
            status = ActionStatus(args.status) if args.status else None
            pdca = Pdca(args.pdca) if args.pdca else None
            add_action_update(state, ActionUpdate(action=args.id, date=when, status=status, pdca=pdca))
    if ctx.json:
        ctx.print_json({"id": args.id, "changed": sorted(wanted)})
    else:
        ctx.print(_("action {id} changed: {fields}").format(id=args.id, fields=", ".join(sorted(wanted))))
    return 0


def _rm(ctx: Context) -> int:
    from plantrack.operations.follow_up import find_action
    from plantrack.store.tracking_codec import remove_action

    with workspace(ctx, records=True).update() as state:
        find_action(state, ctx.args.id)
        remove_action(state, ctx.args.id)
    if ctx.json:
        ctx.print_json({"id": ctx.args.id, "removed": True})
    else:
        ctx.print(_("action {id} removed with its history").format(id=ctx.args.id))
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    group = add_family(
        sub,
        "action",
        help=_("the action register: open points and improvement actions, each with an owner and a due date"),
        example=_("plantrack action add 'Order spare nutrunner' --owner 'J. Martin' --due 2027-03-20"),
        common=common,
    )
    p = group.command(
        "add",
        _add,
        help=_("register an action"),
        example=_(
            "plantrack action add 'Update work instruction WI-12' --owner 'A. Petit' --due 2027-04-02 "
            "--task training --nature corrective --ease easy --impact high"
        ),
    )
    p.add_argument("title")
    p.add_argument("--owner", required=True)
    p.add_argument(
        "--due",
        required=True,
        help=_("due date (YYYY-MM-DD): the end of that working day on the project calendar"),
    )
    p.add_argument("--task", help=_("the task it concerns"))
    p.add_argument("--nature", help=_("e.g. corrective, preventive, improvement, open point"))
    _ease_impact(p, none=False)
    p.add_argument(
        "--date",
        help=_(
            "when it was registered, which decides the review it is new in "
            "(default: the current status date; today before any progress)"
        ),
    )
    p = group.command(
        "list",
        _list,
        help=_(
            "list actions (flagged overdue when open and due before the status date, or today before "
            "any progress)"
        ),
        example=_("plantrack action list --open --owner 'J. Martin'"),
    )
    p.add_argument("--open", action="store_true", help=_("only actions not done or cancelled"))
    p.add_argument("--owner", help=_("only this owner's actions"))
    p = group.command(
        "update",
        _update,
        help=_(
            "change an action's status or PDCA stage (kept as history), or hand it to a new owner or due "
            "date (a correction, as with edit)"
        ),
        example=_(
            "plantrack action update A3 --status done --pdca check\n"
            "plantrack action update A3 --owner 'L. Petit' --due 2027-04-09"
        ),
    )
    p.add_argument("id")
    coded_choice(p, "--status", codes=STATUSES, label=code_label)
    coded_choice(p, "--pdca", codes=PDCA, label=code_label, help=_("step of the PDCA cycle"))
    p.add_argument("--note")
    p.add_argument("--owner", help=_("the new owner (replaces the registered one, as edit does)"))
    p.add_argument("--due", help=_("the new due date (YYYY-MM-DD): the end of that working day"))
    p.add_argument("--date", help=_("date of the change (default: today); a date alone is 00:00 of that day"))
    p = group.command(
        "edit",
        _edit,
        help=_(
            "correct an action: what it says, owner, due date, task... (a status or PDCA change is kept "
            "as history, as with update)"
        ),
        example=_("plantrack action edit A3 --owner 'L. Petit' --due 2027-04-09"),
    )
    p.add_argument("id")
    p.add_argument("--title")
    p.add_argument("--owner")
    p.add_argument("--due", help=_("due date (YYYY-MM-DD)"))
    p.add_argument("--task", help=_("the task it concerns ('' for none)"))
    p.add_argument("--nature")
    _ease_impact(p, none=True)
    p.add_argument("--created", help=_("the date it was registered"))
    coded_choice(p, "--status", codes=STATUSES, label=code_label)
    coded_choice(p, "--pdca", codes=PDCA, label=code_label, help=_("step of the PDCA cycle"))
    p.add_argument("--date", help=_("date of a status or PDCA change (default: today)"))
    p = group.command(
        "rm",
        _rm,
        help=_("remove an action registered by mistake, with its history"),
        example=_("plantrack action rm A7"),
    )
    p.add_argument("id")

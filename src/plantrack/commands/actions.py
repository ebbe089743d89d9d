"""The action register: `action add`, `action list`, `action update` (open points and PDCA actions)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import Context, add_command, add_group, parse_when
from plantrack.commands.tracking import workspace
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import clean_text

if TYPE_CHECKING:
    from plantrack.scheduling.tracking.actions import ActionState

STATUSES = ("open", "in-progress", "done", "cancelled")
PDCA = ("plan", "do", "check", "act")


def action_row(s: ActionState, today: dt.datetime) -> dict[str, Any]:
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
        "overdue": s.overdue(today),
    }


def _today(ctx: Context) -> dt.datetime:
    return dt.datetime.combine(ctx.today, dt.time())


def _add(ctx: Context) -> int:
    from plantrack.scheduling.dates import DateReader
    from plantrack.scheduling.tracking.actions import next_action_id
    from plantrack.scheduling.tracking.records import Action, Ease, Impact
    from plantrack.store.tracking_codec import actions, add_action

    args = ctx.args
    parse_when(args.due, what="due date")  # a typing error is a usage error, before the lock
    with workspace(ctx).update() as state:
        # due by the end of that working day on the project calendar, as any end-like date alone
        calendar = DateReader(state.project).project_calendar()
        due = parse_when(args.due, what="due date", end_of_day=True, calendar=calendar)
        created, _ = actions(state)
        if args.task is not None and args.task not in state.project.task_map():
            raise InvalidInput(
                [
                    Problem(
                        code="task-unknown",
                        message=f"action refers to unknown task {args.task!r}",
                        ids=(args.task,),
                    )
                ]
            )
        try:
            action = Action(
                id=next_action_id(created),
                title=clean_text(args.title),
                owner=clean_text(args.owner),
                due=due,
                created=_today(ctx),
                task=args.task,
                nature=clean_text(args.nature or ""),
                ease=Ease(args.ease) if args.ease else None,
                impact=Impact(args.impact) if args.impact else None,
            )
        except ModelError as exc:
            raise InvalidInput(exc.problems()) from exc
        add_action(state, action)
    if ctx.json:
        ctx.print_json({"id": action.id})
    else:
        ctx.print(f"action {action.id} registered: owner {action.owner}, due {due:%Y-%m-%d}")
    return 0


def _list(ctx: Context) -> int:
    from plantrack.commands.editing import listing
    from plantrack.scheduling.tracking.actions import action_states, select
    from plantrack.store.tracking_codec import actions

    created, updates = actions(workspace(ctx).read())
    chosen = select(action_states(created, updates), open_only=ctx.args.open, owner=ctx.args.owner)
    rows = [action_row(s, _today(ctx)) for s in chosen]
    columns = [("id", "Id"), ("title", "Action"), ("owner", "Owner"), ("due", "Due"), ("status", "Status")]
    listing(ctx, rows, columns=[*columns, ("pdca", "PDCA"), ("overdue", "Overdue"), ("task", "Task")])
    return 0


def _update(ctx: Context) -> int:
    from plantrack.scheduling.tracking.records import ActionStatus, ActionUpdate, Pdca
    from plantrack.store.tracking_codec import actions, add_action_update

    args = ctx.args
    if args.status is None and args.pdca is None and args.note is None:
        raise InvalidInput([Problem(code="nothing-to-update", message="give --status, --pdca or --note")])
    when = parse_when(args.date) if args.date else _today(ctx)
    with workspace(ctx).update() as state:
        created, _ = actions(state)
        if args.id not in {a.id for a in created}:
            raise InvalidInput(
                [Problem(code="action-unknown", message=f"no action {args.id!r}", ids=(args.id,))]
            )
        update = ActionUpdate(
            action=args.id,
            date=when,
            status=ActionStatus(args.status) if args.status else None,
            pdca=Pdca(args.pdca) if args.pdca else None,
            note=clean_text(args.note or ""),
        )
        add_action_update(state, update)
    ctx.print(f"action {args.id} updated")
    return 0


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    group = add_group(
        sub,
        "action",
        help="the action register: open points and improvement actions, each with an owner and a due date",
        example="plantrack action add 'Order spare nutrunner' --owner 'J. Martin' --due 2027-03-20",
        common=common,
    )
    p = add_command(
        group,
        "add",
        help="register an action",
        handler=_add,
        example="plantrack action add 'Update work instruction WI-12' --owner 'A. Petit' --due 2027-04-02 "
        "--task training --nature corrective --ease easy --impact high",
        common=common,
    )
    p.add_argument("title")
    p.add_argument("--owner", required=True)
    p.add_argument(
        "--due",
        required=True,
        help="due date (YYYY-MM-DD): the end of that working day on the project calendar",
    )
    p.add_argument("--task", help="the task it concerns")
    p.add_argument("--nature", help="e.g. corrective, preventive, improvement, open point")
    p.add_argument("--ease", choices=("easy", "medium", "hard"))
    p.add_argument("--impact", choices=("low", "medium", "high"))
    p = add_command(
        group,
        "list",
        help="list actions (overdue ones flagged)",
        handler=_list,
        example="plantrack action list --open --owner 'J. Martin'",
        common=common,
    )
    p.add_argument("--open", action="store_true", help="only actions not done or cancelled")
    p.add_argument("--owner", help="only this owner's actions")
    p = add_command(
        group,
        "update",
        help="change an action's status or PDCA stage (kept as history)",
        handler=_update,
        example="plantrack action update A3 --status done --pdca check",
        common=common,
    )
    p.add_argument("id")
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--pdca", choices=PDCA)
    p.add_argument("--note")
    p.add_argument("--date", help="date of the change (default: today); a date alone is 00:00 of that day")

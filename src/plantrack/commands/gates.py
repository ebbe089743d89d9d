"""Gates from the command line: record a validation milestone's go/no-go decision, list the gates."""

from __future__ import annotations

import argparse

from plantrack.commands.base import Context, UsageError, add_command, parse_when
from plantrack.commands.tracking import workspace
from plantrack.scheduling.errors import InvalidInput, ModelError
from plantrack.scheduling.model import clean_text
from plantrack.scheduling.words import decision_code


def _gate(ctx: Context) -> int:
    """`gate TASK --decision …` records a decision; `gate list` (no --decision) lists the gates."""
    args = ctx.args
    if args.task == "list" and args.decision is None:
        return _gate_list(ctx)
    missing = [f"--{name}" for name in ("decision", "by", "date") if getattr(args, name) is None]
    if missing:
        raise UsageError(f"gate {args.task}: give {', '.join(missing)} (or `plantrack gate list`)")
    return _gate_record(ctx)


def _gate_record(ctx: Context) -> int:
    from plantrack.scheduling.tracking.gates import check_gate
    from plantrack.scheduling.tracking.records import Decision, GateDecision
    from plantrack.store.tracking_codec import add_gate_decision

    args = ctx.args
    try:
        decision = GateDecision(
            task=args.task,
            decision=Decision(args.decision),
            by=clean_text(args.by),
            date=parse_when(args.date),
            note=clean_text(args.note or ""),
        )
    except ModelError as exc:
        raise InvalidInput(exc.problems()) from exc
    with workspace(ctx).update() as state:
        problems = check_gate(state.project, decision)
        if problems:
            raise InvalidInput(problems)
        add_gate_decision(state, decision)
    effect = (
        "reached: its successors may start"
        if decision.decision is Decision.VALIDATED
        else "not reached: its successors wait for a later decision"
    )
    ctx.print(f"gate {args.task}: {args.decision} by {decision.by} on {decision.date:%Y-%m-%d}, {effect}")
    return 0


def _gate_list(ctx: Context) -> int:
    """Each gate in plan order: its forecast date, its latest decision, when and by whom."""
    from plantrack.commands.editing import listing
    from plantrack.operations.analysis import forecast_plan
    from plantrack.scheduling.tracking.gates import gate_states
    from plantrack.store.tracking_codec import gate_decisions

    state = workspace(ctx).read()
    plan = forecast_plan(state) if state.project.tasks else {}
    rows = []
    for gate in gate_states(state.project, gate_decisions(state), plan):
        decided = gate.decision
        rows.append(
            {
                "id": gate.task,
                "name": gate.name,
                "status": str(gate.status),
                "forecast": None if gate.planned is None else gate.planned.isoformat(timespec="minutes"),
                "decision": None if decided is None else str(decided.decision),
                "date": None if decided is None else decided.date.date().isoformat(),
                "by": None if decided is None else decided.by,
                "note": None if decided is None else decided.note,
            }
        )
    if not ctx.json:
        for row in rows:
            row["forecast"] = (row["forecast"] or "").replace("T", " ")
    listing(
        ctx,
        rows,
        columns=[
            ("id", "Gate"),
            ("name", "Name"),
            ("forecast", "Forecast"),
            ("status", "Status"),
            ("decision", "Decision"),
            ("date", "Date"),
            ("by", "By"),
            ("note", "Note"),
        ],
    )
    return 0


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = add_command(
        sub,
        "gate",
        help="record the go/no-go decision of a validation milestone, or list the gates",
        description="Record the go/no-go decision of a validation milestone (gate TASK --decision … "
        "--by … --date …), or list every gate with its forecast date and latest decision (gate list).",
        handler=_gate,
        example="plantrack gate acceptance --decision validated --by 'Q. Manager' --date 2027-04-20\n"
        "plantrack gate list --json",
        common=common,
    )
    p.add_argument("task", metavar="TASK|list", help="the gate's milestone id, or `list` to list every gate")
    p.add_argument(
        "--decision",
        choices=("validated", "rejected", "deferred"),
        type=decision_code,  # validé/refusé/reporté read too
        help="the decision taken (required to record one)",
    )
    p.add_argument("--by", help="who decided, e.g. 'Steering committee' (required to record one)")
    p.add_argument("--date", metavar="DATE", help="when it was decided, e.g. 2027-04-20 (required)")
    p.add_argument("--note", help="free text: conditions, reservations")

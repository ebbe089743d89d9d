"""Gates from the command line: record a validation milestone's go/no-go decision, list the gates."""

from __future__ import annotations

import argparse

from plantrack.commands.base import Context, UsageError
from plantrack.commands.choices import coded_choice, decision_word
from plantrack.commands.parsers import Subparsers, add_command
from plantrack.commands.tracking import workspace
from plantrack.commands.values import parse_when
from plantrack.i18n import _
from plantrack.i18n.formats import format_day, format_moment
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
        raise UsageError(
            _("gate {task}: give {options} (or `plantrack gate list`)").format(
                task=args.task, options=", ".join(missing)
            )
        )
    return _gate_record(ctx)


def _gate_record(ctx: Context) -> int:
    from plantrack.export.labels import code_label
    from plantrack.operations.follow_up import record_gate_decision
    from plantrack.scheduling.tracking.records import Decision, GateDecision

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
    with workspace(ctx, records=True).update() as state:
        record_gate_decision(state, decision)
    effect = (
        _("reached: its successors may start")
        if decision.decision is Decision.VALIDATED
        else _("not reached: its successors wait for a later decision")
    )
    ctx.print(
        _("gate {task}: {decision} by {by} on {date}, {effect}").format(
            task=args.task,
            decision=code_label(args.decision),
            by=decision.by,
            date=format_day(decision.date),
            effect=effect,
        )
    )
    return 0


def _gate_list(ctx: Context) -> int:
    """Each gate in plan order: its forecast date, its latest decision, when and by whom."""
    from plantrack.commands.editing import listing
    from plantrack.export.labels import code_label
    from plantrack.operations.analysis import forecast_plan
    from plantrack.scheduling.tracking.gates import gate_states
    from plantrack.store.tracking_codec import gate_decisions

    state = workspace(ctx).read()
    plan = forecast_plan(state) if state.project.tasks else {}
    rows = []
    gates = gate_states(state.project, gate_decisions(state), plan)
    for gate in gates:
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
        for row, gate in zip(rows, gates, strict=True):
            row["forecast"] = "" if gate.planned is None else format_moment(gate.planned)
            row["status"] = code_label(row["status"])
            if gate.decision is not None:
                row["decision"] = code_label(row["decision"])
                row["date"] = format_day(gate.decision.date)
    listing(
        ctx,
        rows,
        columns=[
            ("id", _("Gate")),
            ("name", _("Name")),
            ("forecast", _("Forecast")),
            ("status", _("Status")),
            ("decision", _("Decision")),
            ("date", _("Date")),
            ("by", _("By")),
            ("note", _("Note")),
        ],
    )
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "gate",
        help=_("record the go/no-go decision of a validation milestone, or list the gates"),
        description=_(
            "Record the go/no-go decision of a validation milestone (gate TASK --decision … "
            "--by … --date …), or list every gate with its forecast date and latest decision (gate list)."
        ),
        handler=_gate,
        example=_(
            "plantrack gate acceptance --decision validated --by 'Q. Manager' --date 2027-04-20\n"
            "plantrack gate list --json"
        ),
        common=common,
    )
    p.add_argument(
        "task", metavar="TASK|list", help=_("the gate's milestone id, or `list` to list every gate")
    )
    coded_choice(
        p,
        "--decision",
        codes=("validated", "rejected", "deferred"),
        label=decision_word,
        read=decision_code,  # validé/validée/refusé/reporté read too
        help=_("the decision taken (required to record one)"),
    )
    p.add_argument("--by", help=_("who decided, e.g. 'Steering committee' (required to record one)"))
    p.add_argument("--date", metavar="DATE", help=_("when it was decided, e.g. 2027-04-20 (required)"))
    p.add_argument("--note", help=_("free text: conditions, reservations"))

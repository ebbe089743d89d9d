"""`plantrack pert`: PERT odds and Monte Carlo percentiles, criticality and sensitivity of the plan."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import Context
from plantrack.commands.editing import table
from plantrack.commands.parsers import Subparsers, add_command
from plantrack.commands.simulation_options import add_runs_and_seed
from plantrack.commands.values import parse_when
from plantrack.i18n import N_, _, language
from plantrack.i18n.formats import format_day, format_moment, format_number
from plantrack.scheduling.model import clean_text

if TYPE_CHECKING:
    from plantrack.scheduling.calendar import WorkCalendar
    from plantrack.scheduling.risk.montecarlo import MonteCarloResult, Odds
    from plantrack.scheduling.risk.pert import PertResult, PertTarget


def _hours(minutes: float) -> float:
    return round(minutes / 60, 2)


def _when(value: dt.datetime | None) -> str:
    return "" if value is None else format_moment(value)


def _due(value: dt.datetime | None, calendar: WorkCalendar) -> str:
    """A due date or deadline as the day it closes (`2027-03-10`, not `2027-03-11 00:00` nor 17:00)."""
    from plantrack.scheduling.dates import show_end

    if value is None:
        return ""
    text = show_end(value, calendar)  # ISO: a day, or a day and a time
    if len(text) == len("2027-03-10"):
        return format_day(dt.date.fromisoformat(text))
    return format_moment(dt.datetime.fromisoformat(text))


def _percent(value: float | None, digits: int = 1) -> str:
    if value is None:
        return ""
    return format_number(100 * value, digits) + (" %" if language() == "en" else "\u202f%")


def _figure(value: float) -> str:
    """A short number (`{:g}`) with the current language's decimal mark."""
    text = f"{value:g}"
    return text if language() == "en" else text.replace(".", ",")


def _signed(value: float) -> str:
    text = f"{value:+.2f}"
    return text if language() == "en" else text.replace(".", ",")


#: the status of a task in the risk analysis, as shown
_STATUS = {"planned": N_("planned"), "in-progress": N_("in progress"), "complete": N_("complete")}


def _pert_json(target: PertTarget) -> dict[str, Any]:
    return {
        "expected_finish": target.expected_finish,
        "expected_hours": _hours(target.expected_minutes),
        "std_hours": _hours(target.std_minutes),
        "chain": list(target.chain),
        "probability": target.probability,
    }


def _mc_json(odds: Odds) -> dict[str, Any]:
    out: dict[str, Any] = {f"p{p}": when for p, when in odds.percentiles.items()}
    out.update({f"p{p}_hours": _hours(m) for p, m in odds.percentile_minutes.items()})
    out.update(
        mean_hours=_hours(odds.mean_minutes),
        std_hours=_hours(odds.std_minutes),
        probability=odds.probability,
    )
    return out


def _document(
    project_name: str,
    start: dt.datetime,
    status_date: dt.datetime | None,
    pert: PertResult,
    mc: MonteCarloResult,
) -> dict[str, Any]:
    simulated = {t.id: t for t in mc.targets}
    ranking = [t.id for t in mc.sensitivity_ranking()]
    risk = {t.id: t for t in mc.tasks}
    return {
        "project": {
            "name": project_name,
            "start": start,
            "due": pert.project.due,
            "status_date": status_date,
        },
        "simulation": {"runs": mc.runs, "seed": mc.seed, "distribution": str(mc.distribution)},
        "pert": _pert_json(pert.project),
        "monte_carlo": _mc_json(mc.project),
        "targets": [
            {
                "id": t.id,
                "name": t.name,
                "due": t.due,
                "pert": _pert_json(t),
                "monte_carlo": _mc_json(simulated[t.id or ""]),
            }
            for t in pert.targets
        ],
        "tasks": [
            {
                "id": t.id,
                "name": t.name,
                "expected_hours": _hours(t.expected_minutes),
                "std_hours": _hours(t.std_minutes),
                "stochastic": t.stochastic,
                "status": t.status,
                "criticality": risk[t.id].criticality,
                "sensitivity": risk[t.id].sensitivity,
                "window_missed": risk[t.id].window_missed,
            }
            for t in pert.tasks
        ],
        "sensitivity_ranking": ranking,
    }


def _print_report(ctx: Context, doc: dict[str, Any], calendar: WorkCalendar) -> None:
    project, sim, p, mc = doc["project"], doc["simulation"], doc["pert"], doc["monte_carlo"]
    due = project["due"]
    ctx.print(
        _("Risk analysis of {name}, starting {start}").format(
            name=clean_text(project["name"]), start=_when(project["start"])
        )
    )
    ctx.print(_("Hours are working hours on the project calendar from the project start."))
    if project["status_date"] is not None:
        ctx.print(
            _(
                "Progress at {date}: finished tasks keep their actual dates, "
                "tasks in progress count their remaining work only."
            ).format(date=_when(project["status_date"]))
        )
    ctx.print()
    ctx.print(_("PERT (normal approximation along the critical chain)"))
    ctx.print(
        _("  expected finish  {date}  ({hours} h, standard deviation {sd} h)").format(
            date=_when(p["expected_finish"]), hours=_figure(p["expected_hours"]), sd=_figure(p["std_hours"])
        )
    )
    ctx.print(_("  critical chain   {chain}").format(chain=" -> ".join(p["chain"]) or _("(none)")))
    if due is not None:
        ctx.print(
            _("  P(finish by {date})  {odds}").format(
                date=_due(due, calendar), odds=_percent(p["probability"])
            )
        )
    ctx.print()
    ctx.print(
        _("Monte Carlo ({runs} runs, {distribution} distribution, seed {seed})").format(
            runs=sim["runs"], distribution=sim["distribution"], seed=sim["seed"]
        )
    )
    for level in ("p50", "p80", "p95"):
        ctx.print(f"  {level.upper()}  {_when(mc[level])}  ({_figure(mc[level + '_hours'])} h)")
    if due is not None:
        ctx.print(
            _("  P(finish by {date})  {odds}").format(
                date=_due(due, calendar), odds=_percent(mc["probability"])
            )
        )
    if doc["targets"]:
        ctx.print()
        ctx.print(_("Milestones and deadlines"))
        rows = [
            {
                "id": t["id"],
                "name": t["name"],
                "due": _due(t["due"], calendar),
                "pert": _when(t["pert"]["expected_finish"]),
                "pert_p": _percent(t["pert"]["probability"]),
                "p50": _when(t["monte_carlo"]["p50"]),
                "p80": _when(t["monte_carlo"]["p80"]),
                "p95": _when(t["monte_carlo"]["p95"]),
                "mc_p": _percent(t["monte_carlo"]["probability"]),
            }
            for t in doc["targets"]
        ]
        columns = [("id", _("ID")), ("name", _("NAME")), ("due", _("DUE")), ("pert", _("PERT EXPECTED"))]
        columns += [
            ("pert_p", _("PERT P")),
            ("p50", "P50"),
            ("p80", "P80"),
            ("p95", "P95"),
            ("mc_p", _("MC P")),
        ]
        ctx.print(table(rows, columns, max_width=30))
    ctx.print()
    ctx.print(_("Tasks, the ones driving the finish date's spread first"))
    ctx.print(
        _("(critical: share of runs on a critical chain; sensitivity: rank correlation with the finish)")
    )
    ctx.print(
        _("(expected and SD: working hours on the task's own calendar, elapsed hours for elapsed tasks)")
    )
    order = {tid: i for i, tid in enumerate(doc["sensitivity_ranking"])}
    tasks = sorted(doc["tasks"], key=lambda t: (order.get(t["id"], len(order)), -t["criticality"]))
    rows = [
        {
            "id": t["id"],
            "name": t["name"],
            "status": _(_STATUS[t["status"]]) if t["status"] in _STATUS else t["status"],
            "expected": _figure(t["expected_hours"]),
            "sd": _figure(t["std_hours"]) if t["stochastic"] else "",
            "critical": _percent(t["criticality"], 0),
            "sensitivity": "" if t["sensitivity"] is None else _signed(t["sensitivity"]),
        }
        for t in tasks
    ]
    columns = [
        ("id", _("ID")),
        ("name", _("NAME")),
        ("status", _("STATUS")),
        ("expected", _("EXPECTED H")),
        ("sd", _("SD H")),
    ]
    columns += [("critical", _("CRITICAL")), ("sensitivity", _("SENSITIVITY"))]
    ctx.print(table(rows, columns, max_width=30))
    for t in doc["tasks"]:
        if t["window_missed"] > 0:
            ctx.print(
                _(
                    "warning: {id} fits in no period of its shutdown window in "
                    "{share} of the runs: add a later period or secure its predecessors"
                ).format(id=t["id"], share=_percent(t["window_missed"]))
            )


def pert_command(ctx: Context) -> int:
    from plantrack.scheduling.dates import DateReader
    from plantrack.scheduling.risk.montecarlo import Distribution, monte_carlo
    from plantrack.scheduling.risk.pert import CalendarAxis, pert
    from plantrack.store.tracking_codec import actuals_at

    args = ctx.args
    if args.by:
        parse_when(args.by, what="--by")  # a typing error is a usage error, whatever the workspace
    state = ctx.open_workspace(program="plantrack pert").read()
    project = state.project
    by = None
    if args.by:  # finishing by a day means by the end of its work on the project calendar
        calendar = DateReader(project).project_calendar()
        by = parse_when(args.by, what="--by", end_of_day=True, calendar=calendar)
    # the latest status date and its actuals, as `plantrack schedule` reschedules from them
    status_date, actuals = actuals_at(state)
    axis = CalendarAxis(project)
    analytic = pert(project, due=by, status_date=status_date, actuals=actuals)
    simulated = monte_carlo(
        project,
        runs=args.runs,
        seed=args.seed,
        distribution=Distribution(args.distribution),
        due=by,
        status_date=status_date,
        actuals=actuals,
    )
    doc = _document(project.name, axis.start_instant(0), status_date, analytic, simulated)
    if ctx.json:
        ctx.print_json(doc)
    else:
        _print_report(ctx, doc, DateReader(project).project_calendar())
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "pert",
        help=_("PERT odds and a Monte Carlo risk simulation of the plan"),
        description=_(
            "Expected finish and its odds along the critical chain (PERT), then a Monte Carlo "
            "simulation of the three-point estimates: P50/P80/P95 dates, the chance of meeting each "
            "deadline, how often each task is critical and which tasks drive the finish date's spread. "
            "Tasks without an estimate keep their planned duration. With progress recorded, the analysis "
            "starts from the latest status date: finished tasks are fixed at their actual dates and only "
            "the remaining work of tasks in progress is uncertain."
        ),
        handler=pert_command,
        common=common,
        example="plantrack pert\nplantrack pert --runs 20000 --seed 7 --distribution triangular --json",
    )
    add_runs_and_seed(p, runs=10_000, runs_help=_("simulated runs (default 10000)"))
    p.add_argument(
        "--distribution",
        choices=("beta", "triangular"),
        default="beta",
        help=_("duration distribution of three-point estimates (default beta-PERT)"),
    )
    p.add_argument(
        "--by",
        metavar="DATE",
        help=_(
            "odds of finishing by this date (default: the project finish); a date alone is the end "
            "of that working day on the project calendar"
        ),
    )

"""`plantrack variance`: variance and earned value against a baseline, as a table or JSON."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import Context, add_command, parse_when
from plantrack.commands.tracking import workspace
from plantrack.scheduling.tracking.variance import SLIP_UNIT

if TYPE_CHECKING:
    from plantrack.scheduling.model import Project
    from plantrack.scheduling.tracking.analysis import Analysis


def _num(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def _days(days: float) -> str:
    return f"{days:+.1f}d"


def render_variance(result: Analysis, project: Project) -> str:
    """The variance report as plain text: indicators, late tasks, Pareto of causes, trend."""
    from plantrack.commands.editing import table

    r, ev, cur = result.report, result.report.ev, project.currency
    lines = [
        f"{project.name} — status date {r.status_date:%Y-%m-%d %H:%M}, baseline {r.baseline}",
        f"finish: baseline {r.baseline_finish:%Y-%m-%d %H:%M}, forecast {r.forecast_finish:%Y-%m-%d %H:%M}"
        f" ({_days(r.finish_slip_days)})",
        f"complete {ev.percent_complete:.1f}%  BAC {ev.bac:,.2f} {cur}  PV {ev.pv:,.2f}  EV {ev.ev:,.2f}"
        f"  AC {ev.ac:,.2f}",
        f"SV {ev.sv:,.2f}  CV {ev.cv:,.2f}  SPI {_num(ev.spi)}  CPI {_num(ev.cpi)}  SPI(t) {_num(ev.spi_t)}"
        f"  TCPI {_num(ev.tcpi)}",
        f"EAC {ev.eac:,.2f} ({ev.eac_method})  "
        + "  ".join(
            f"EAC[{k}] {v:,.2f}" for k, v in sorted(ev.eac_alternatives.items()) if k != ev.eac_method
        )
        + f"  ETC {ev.etc:,.2f}  VAC {ev.vac:,.2f}",
    ]
    if ev.es_forecast_finish is not None:
        lines.append(f"earned-schedule forecast finish {ev.es_forecast_finish:%Y-%m-%d %H:%M}")
    late = [
        {
            "id": t.id,
            "name": t.name,
            "critical": t.critical,
            "slip": _days(t.finish_slip_days),
            "own": _days(t.introduced_slip_days),
            "done": f"{t.percent_complete:.0f}%",
            "cause": t.cause_label,
            "note": t.note,
        }
        for t in r.late_tasks()
    ]
    lines += [
        "",
        f"Slips in {SLIP_UNIT} (d): working time between baseline and forecast on the calendar the "
        "task works on, over one day of that calendar (24 h for elapsed durations).",
        "",
        "Late tasks (critical first):",
    ]
    cols = [
        ("id", "Task"),
        ("name", "Name"),
        ("critical", "Critical"),
        ("slip", "Slip"),
        ("own", "Introduced"),
    ]
    cols.append(("done", "Done"))
    lines.append(table(late, [*cols, ("cause", "Cause"), ("note", "Note")]) if late else "(none)")
    if r.pareto:
        lines += ["", "Introduced slip by cause (Pareto; inherited slip counts where it was introduced):"]
        rows = [
            {
                "cause": p.cause,
                "days": f"{p.slip_days:.1f}",
                "share": f"{p.share:.0f}%",
                "cum": f"{p.cumulative:.0f}%",
            }
            for p in r.pareto
        ]
        lines.append(
            table(
                rows,
                [("cause", "Cause"), ("days", "Slip (task days)"), ("share", "Share"), ("cum", "Cumulative")],
            )
        )
    if len(result.trend) > 1:
        lines += ["", "Trend:"]
        rows = [
            {
                "date": f"{p.status_date:%Y-%m-%d}",
                "spi": _num(p.spi),
                "cpi": _num(p.cpi),
                "spit": _num(p.spi_t),
                "done": f"{p.percent_complete:.1f}%",
                "finish": f"{p.forecast_finish:%Y-%m-%d}",
            }
            for p in result.trend
        ]
        cols = [("date", "Status date"), ("spi", "SPI"), ("cpi", "CPI"), ("spit", "SPI(t)"), ("done", "Done")]
        lines.append(table(rows, [*cols, ("finish", "Forecast finish")]))
    return "\n".join(lines)


def variance_json(result: Analysis) -> dict[str, Any]:
    """The `variance --json` document (keys as documented); money rounded to the cent."""
    r, ev = result.report, result.report.ev

    def money(x: float) -> float:
        return round(x, 2)

    def ratio(x: float | None) -> float | None:
        return None if x is None else round(x, 4)

    return {
        "status_date": r.status_date,
        "slip_unit": SLIP_UNIT,
        "baseline": r.baseline,
        "project": {
            "bac": money(ev.bac),
            "pv": money(ev.pv),
            "ev": money(ev.ev),
            "ac": money(ev.ac),
            "sv": money(ev.sv),
            "cv": money(ev.cv),
            "spi": ratio(ev.spi),
            "cpi": ratio(ev.cpi),
            "eac": money(ev.eac),
            "eac_method": ev.eac_method,
            "eac_alternatives": {k: money(v) for k, v in sorted(ev.eac_alternatives.items())},
            "etc": money(ev.etc),
            "vac": money(ev.vac),
            "tcpi": ratio(ev.tcpi),
            "percent_complete": round(ev.percent_complete, 2),
            "spi_t": ratio(ev.spi_t),
            "es_forecast_finish": ev.es_forecast_finish,
            "baseline_finish": r.baseline_finish,
            "forecast_finish": r.forecast_finish,
            "finish_slip_hours": r.finish_slip_minutes / 60,
            "finish_slip_days": round(r.finish_slip_days, 3),
        },
        "tasks": [
            {
                "id": t.id,
                "start_variance_hours": t.start_variance_minutes / 60,
                "finish_variance_hours": t.finish_variance_minutes / 60,
                "duration_variance_hours": t.duration_variance_minutes / 60,
                "cost_variance": money(t.cost_variance),
                "percent_complete": round(t.percent_complete, 2),
                "cause": t.cause,
                "day_hours": t.day_minutes / 60,
                "finish_slip_days": round(t.finish_slip_days, 3),
                "introduced_slip_days": round(t.introduced_slip_days, 3),
                "inherited_slip_days": round(t.inherited_slip_days, 3),
                "inherited_from": t.inherited_from,
            }
            for t in r.tasks
        ],
        "late": [t.id for t in r.late_tasks()],
        "pareto": [
            {
                "cause": p.cause,
                "slip_days": round(p.slip_days, 3),
                "share": round(p.share, 2),
                "cumulative": round(p.cumulative, 2),
            }
            for p in r.pareto
        ],
        "trend": [
            {
                "status_date": p.status_date,
                "spi": ratio(p.spi),
                "cpi": ratio(p.cpi),
                "spi_t": ratio(p.spi_t),
                "percent_complete": round(p.percent_complete, 2),
                "forecast_finish": p.forecast_finish,
            }
            for p in result.trend
        ],
    }


def _variance(ctx: Context) -> int:
    from plantrack.operations.analysis import analysis
    from plantrack.scheduling.dates import DateReader

    state = workspace(ctx).read()
    when = None
    if ctx.args.date:
        calendar = DateReader(state.project).project_calendar()
        when = parse_when(ctx.args.date, what="status date", end_of_day=True, calendar=calendar)
    result = analysis(state, ctx.args.baseline, when)
    if ctx.json:
        ctx.print_json(variance_json(result))
    else:
        ctx.print(render_variance(result, state.project))
    return 0


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = add_command(
        sub,
        "variance",
        help="variance and earned value against a baseline at the status date",
        handler=_variance,
        example="plantrack variance --baseline initial --json",
        common=common,
    )
    p.add_argument("--baseline", help="baseline to compare with (default: the latest)")
    p.add_argument(
        "--date",
        help="status date (default: the latest with progress); a date alone is the end of that working "
        "day on the project calendar, as in `progress --date`",
    )

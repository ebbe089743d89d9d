"""`plantrack variance`: variance and earned value against a baseline, as a table or JSON."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import Context
from plantrack.commands.parsers import Subparsers, add_command
from plantrack.commands.tracking import workspace
from plantrack.commands.values import parse_when
from plantrack.i18n import N_, _
from plantrack.i18n.formats import format_day, format_moment, format_money, format_number, format_percent
from plantrack.scheduling.tracking.variance import SLIP_UNIT

if TYPE_CHECKING:
    from plantrack.scheduling.model import Project
    from plantrack.scheduling.tracking.analysis import Analysis

#: `SLIP_UNIT` in words
_SLIP_UNIT_WORDS = N_("days of each task's own calendar")


def _num(x: float | None, digits: int = 2) -> str:
    from plantrack.export.labels import plain

    return _("n/a") if x is None else plain(x, digits)


def _days(days: float) -> str:
    from plantrack.export.labels import signed

    return _("{days}d").format(days=signed(days, 1))


def render_variance(result: Analysis, project: Project) -> str:
    """The variance report as plain text: indicators, late tasks, Pareto of causes, trend."""
    from plantrack.commands.editing import table
    from plantrack.export.labels import cause_text, code_label, plain, yes

    r, ev, cur = result.report, result.report.ev, project.currency
    lines = [
        _("{project} — status date {date}, baseline {baseline}").format(
            project=project.name, date=format_moment(r.status_date), baseline=r.baseline
        ),
        _("finish: baseline {baseline}, forecast {forecast} ({slip})").format(
            baseline=format_moment(r.baseline_finish),
            forecast=format_moment(r.forecast_finish),
            slip=_days(r.finish_slip_days),
        ),
        _("complete {done}  BAC {bac}  PV {pv}  EV {ev}  AC {ac}").format(
            done=format_percent(ev.percent_complete, 1),
            bac=format_money(ev.bac, cur),
            pv=format_number(ev.pv, 2),
            ev=format_number(ev.ev, 2),
            ac=format_number(ev.ac, 2),
        ),
        _("SV {sv}  CV {cv}  SPI {spi}  CPI {cpi}  SPI(t) {spi_t}  TCPI {tcpi}").format(
            sv=format_number(ev.sv, 2),
            cv=format_number(ev.cv, 2),
            spi=_num(ev.spi),
            cpi=_num(ev.cpi),
            spi_t=_num(ev.spi_t),
            tcpi=_num(ev.tcpi),
        ),
        _("EAC {eac} ({method})").format(eac=format_number(ev.eac, 2), method=ev.eac_method)
        + "  "
        + "  ".join(
            _("EAC[{method}] {eac}").format(method=k, eac=format_number(v, 2))
            for k, v in sorted(ev.eac_alternatives.items())
            if k != ev.eac_method
        )
        + "  "
        + _("ETC {etc}  VAC {vac}").format(etc=format_number(ev.etc, 2), vac=format_number(ev.vac, 2)),
    ]
    if ev.es_forecast_finish is not None:
        lines.append(
            _("earned-schedule forecast finish {date}").format(date=format_moment(ev.es_forecast_finish))
        )
    late = [
        {
            "id": t.id,
            "name": t.name,
            "critical": yes() if t.critical else "",
            "slip": _days(t.finish_slip_days),
            "own": _days(t.introduced_slip_days),
            "done": format_percent(t.percent_complete, 0),
            "cause": cause_text(t),
            "note": t.note,
        }
        for t in r.late_tasks()
    ]
    lines += [
        "",
        _(
            "Slips in {unit} (d): working time between baseline and forecast on the calendar the "
            "task works on, over one day of that calendar (24 h for elapsed durations)."
        ).format(unit=_(_SLIP_UNIT_WORDS) if SLIP_UNIT == _SLIP_UNIT_WORDS else SLIP_UNIT),
        "",
        _("Late tasks (critical first):"),
    ]
    cols = [
        ("id", _("Task")),
        ("name", _("Name")),
        ("critical", _("Critical")),
        ("slip", _("Slip")),
        ("own", _("Introduced")),
    ]
    cols.append(("done", _("Done")))
    lines.append(table(late, [*cols, ("cause", _("Cause")), ("note", _("Note"))]) if late else _("(none)"))
    if r.pareto:
        lines += ["", _("Introduced slip by cause (Pareto; inherited slip counts where it was introduced):")]
        rows = [
            {
                "cause": code_label(p.cause),
                "days": plain(p.slip_days, 1),
                "share": format_percent(p.share, 0),
                "cum": format_percent(p.cumulative, 0),
            }
            for p in r.pareto
        ]
        lines.append(
            table(
                rows,
                [
                    ("cause", _("Cause")),
                    ("days", _("Slip (task days)")),
                    ("share", _("Share")),
                    ("cum", _("Cumulative")),
                ],
            )
        )
    if len(result.trend) > 1:
        lines += ["", _("Trend:")]
        rows = [
            {
                "date": format_day(p.status_date),
                "spi": _num(p.spi),
                "cpi": _num(p.cpi),
                "spit": _num(p.spi_t),
                "done": format_percent(p.percent_complete, 1),
                "finish": format_day(p.forecast_finish),
            }
            for p in result.trend
        ]
        cols = [
            ("date", _("Status date")),
            ("spi", _("SPI")),
            ("cpi", _("CPI")),
            ("spit", _("SPI(t)")),
            ("done", _("Done")),
        ]
        lines.append(table(rows, [*cols, ("finish", _("Forecast finish"))]))
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
        when = parse_when(ctx.args.date, what=_("status date"), end_of_day=True, calendar=calendar)
    result = analysis(state, ctx.args.baseline, when)
    ctx.warn(list(result.warnings))
    if ctx.json:
        ctx.print_json(variance_json(result))
    else:
        ctx.print(render_variance(result, state.project))
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "variance",
        help=_("variance and earned value against a baseline at the status date"),
        handler=_variance,
        example=_("plantrack variance --baseline initial --json"),
        common=common,
    )
    p.add_argument("--baseline", help=_("baseline to compare with (default: the latest)"))
    p.add_argument(
        "--date",
        help=_(
            "status date (default: the latest with progress); a date alone is the end of that working "
            "day on the project calendar, as in `progress --date`"
        ),
    )

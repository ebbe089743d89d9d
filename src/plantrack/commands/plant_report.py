"""`plant list` and `plant export html`: the plant's projects with their finish, slip, SPI, CPI and next gate,
and the committee's portfolio page."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import Context
from plantrack.commands.parsers import add_command, add_group
from plantrack.commands.values import parse_when
from plantrack.i18n import _, ngettext
from plantrack.i18n.formats import format_day, format_number
from plantrack.scheduling.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from plantrack.operations.plant import Unresolved
    from plantrack.operations.plant_report import Portfolio, ProjectLine

DEFAULT_PAGE = "-portfolio.html"


def _portfolio(ctx: Context, *, keep_unresolved: bool = False) -> tuple[str, Portfolio]:
    from plantrack.operations.plant import open_plant
    from plantrack.operations.plant_report import portfolio
    from plantrack.scheduling.model import PlantProject

    ctx.refuse_scenario(_("a plant holds whole projects, not scenarios"))
    store = ctx.plant()
    opened = open_plant(store, keep_unresolved=keep_unresolved)
    # a project gone or no longer resolving is named; the rest of the plant is still shown
    ctx.warn([*opened.missing, *(p for u in opened.unresolved for p in u.problems)])
    members = [
        (PlantProject(workspace=m.workspace, priority=m.priority), replace(m.state, project=m.project))
        for m in opened.members
    ]
    status = ctx.args.status_date
    when = None if status is None else parse_when(status, what="--status-date", end_of_day=True)
    return store.stem(), portfolio(
        opened.plant, members, today=ctx.today, status_date=when, unresolved=opened.unresolved
    )


def project_json(line: ProjectLine) -> dict[str, Any]:
    """A project's line for --json: codes and ISO dates, no words."""
    gate = line.next_gate
    return {
        "workspace": line.workspace,
        "name": line.name,
        "priority": line.priority,
        "status_date": line.status_date,
        "finish": line.finish,
        "baseline": line.baseline,
        "baseline_finish": line.baseline_finish,
        "slip_days": line.slip_days,
        "spi": line.spi,
        "cpi": line.cpi,
        "percent_complete": line.percent_complete,
        "next_gate": None
        if gate is None
        else {
            "task": gate.task,
            "name": gate.name,
            "planned": gate.planned,
            "status": str(gate.status),
            "decision": None if gate.decision is None else str(gate.decision),
            "decided_on": gate.decided_on,
        },
        "open_actions": line.open_actions,
        "overdue_actions": line.overdue_actions,
        "problems": [],
    }


def unresolved_json(member: Unresolved) -> dict[str, Any]:
    """A project left out (it no longer resolves against the plant): the keys of a project, its problems."""
    figures = dict.fromkeys(("status_date", "finish", "baseline", "baseline_finish", "slip_days"))
    figures |= dict.fromkeys(
        ("spi", "cpi", "percent_complete", "next_gate", "open_actions", "overdue_actions")
    )
    return {
        "workspace": member.workspace,
        "name": member.name,
        "priority": member.priority,
        **figures,
        "problems": [p.to_json() for p in member.problems],
    }


def _index(value: float | None) -> str:
    return "" if value is None else format_number(value, 2)


def gate_cells(line: ProjectLine) -> tuple[str, str, str]:
    """The next gate (`GA Trial OK`), its forecast date and its latest decision (else `pending`)."""
    from plantrack.scheduling.words import code_label

    gate = line.next_gate
    if gate is None:
        return "", "", ""
    label = f"{gate.task} {gate.name}" if gate.name and gate.name != gate.task else gate.task
    when = format_day(gate.planned) if gate.planned is not None else ""
    return label, when, code_label(gate.decision if gate.decision is not None else gate.status)


def slip_text(value: float | None) -> str:
    if value is None:
        return ""
    if round(value, 1) == 0:
        return _("{days}d").format(days="0")
    return _("{days}d").format(days=("+" if value > 0 else "") + format_number(value, 1))


def cmd_list(ctx: Context) -> int:
    from plantrack.commands.editing import listing

    _path, result = _portfolio(ctx, keep_unresolved=True)
    if ctx.json:
        lines = [project_json(line) for line in result.projects]
        ctx.print_json([*lines, *(unresolved_json(u) for u in result.unresolved)])
        return 0
    rows = [
        {
            "name": line.name,
            "priority": line.priority,
            "status": "" if line.status_date is None else format_day(line.status_date),
            "finish": format_day(line.finish),
            "slip": slip_text(line.slip_days),
            "spi": _index(line.spi),
            "cpi": _index(line.cpi),
            **dict(zip(("gate", "gate_date", "decision"), gate_cells(line), strict=True)),
        }
        for line in result.projects
    ]
    # a project left out keeps its row: named, with the code of what refuses it (stderr says more)
    rows += [
        {
            "name": u.name,
            "priority": u.priority,
            "status": _("not shown: {reason}").format(reason=u.problems[0].code),
        }
        for u in result.unresolved
        if u.problems
    ]
    columns = [
        ("name", _("Project")),
        ("priority", _("Priority")),
        ("status", _("Status date")),
        ("finish", _("Forecast finish")),
        ("slip", _("Slip")),
        ("spi", "SPI"),
        ("cpi", "CPI"),
        ("gate", _("Next gate")),
        ("gate_date", _("Gate date")),
        ("decision", _("Decision")),
    ]
    listing(ctx, rows, columns=columns)
    return 0


def cmd_export_html(ctx: Context) -> int:
    from plantrack.export.files import write_atomically
    from plantrack.export.html.portfolio import render_portfolio

    stem, result = _portfolio(ctx)
    page = render_portfolio(result, title=ctx.args.title)
    default = stem + DEFAULT_PAGE
    out = Path(ctx.args.output or default)
    out = out if out.is_absolute() else ctx.cwd / out
    if not out.parent.is_dir():
        message = _("no folder {folder} to write into").format(folder=out.parent)
        raise InvalidInput([Problem(code="output-folder-missing", message=message)])
    write_atomically(out, page)
    size = out.stat().st_size
    count = len(result.projects)
    if ctx.json:
        ctx.print_json({"path": str(out), "bytes": size, "projects": count})
    else:
        ctx.print(
            ngettext(
                "wrote {path} ({size} MB, {count} project); opens offline in any browser",
                "wrote {path} ({size} MB, {count} projects); opens offline in any browser",
                count,
            ).format(path=out, size=format_number(size / 1e6, 1), count=count)
        )
    return 0


def _status_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--status-date",
        metavar="DATE",
        help=_("show every project as of this date (default: each project's latest status date)"),
    )


def register(
    plant: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add `list` and `export html` to the `plant` family's subparsers."""
    listed = add_command(
        plant,
        "list",
        help=_("the plant's projects with their forecast finish, slip, SPI, CPI and next gate"),
        example="plantrack plant list\nplantrack plant list --json -p plant1.plant.json",
        handler=cmd_list,
        common=common,
    )
    _status_option(listed)
    exports = add_group(
        plant,
        "export",
        help=_("write the plant's portfolio to files"),
        example="plantrack plant export html -o plant.html",
        common=common,
    )
    page = add_command(
        exports,
        "html",
        help=_(
            "write the committee's portfolio page: projects, portfolio Gantt, shared load, line stops, "
            "actions (one self-contained file, opens offline)"
        ),
        example=_("plantrack plant export html -o plant.html --title 'Plant 1, portfolio review'"),
        handler=cmd_export_html,
        common=common,
    )
    page.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_("page to write (default: PLANT{suffix})").format(suffix=DEFAULT_PAGE),
    )
    page.add_argument("--title", metavar="TEXT", help=_("page title (default: the plant name)"))
    _status_option(page)

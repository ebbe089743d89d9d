"""`plant list` and `plant export html`: the plant's projects with their finish, slip, SPI, CPI and next gate,
and the committee's portfolio page."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plantrack.commands.base import Context, UsageError, add_command, add_group, parse_when
from plantrack.i18n import _, ngettext
from plantrack.i18n.formats import format_day, format_number
from plantrack.scheduling.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from plantrack.operations.plant_report import Portfolio, ProjectLine
    from plantrack.scheduling.model import Plant, PlantProject
    from plantrack.store import WorkspaceState

#: The plant a `plant` command works on when -p is not given.
ENV_PLANT = "PLANTRACK_PLANT"
PLANT_SUFFIX = ".plant.json"
PROGRAM = "plantrack plant"
DEFAULT_PAGE = "-portfolio.html"


def plant_file(ctx: Context) -> Path:
    """-p/--plant, else $PLANTRACK_PLANT, else the only *.plant.json in the folder."""
    explicit = getattr(ctx.args, "plant", None) or ctx.env.get(ENV_PLANT)
    if explicit:
        path = Path(explicit)
        path = path if path.is_absolute() else ctx.cwd / path
        if not path.exists():
            message = _("no plant at {path}").format(path=explicit)
            raise InvalidInput([Problem(code="plant-missing", message=message)])
        return path
    found = sorted(ctx.cwd.glob(f"*{PLANT_SUFFIX}"))
    if len(found) == 1:
        return found[0]
    if not found:
        message = _("no *.plant.json plant in this folder: pass -p PLANT")
        raise InvalidInput([Problem(code="plant-missing", message=message)])
    names = ", ".join(p.name for p in found)
    raise UsageError(_("several plants here ({names}): choose one with -p PLANT").format(names=names))


def open_members(path: Path) -> tuple[Plant, list[tuple[PlantProject, WorkspaceState]], list[Problem]]:
    """The plant at `path`, each member workspace still there (plant order) and a problem for each gone."""
    from plantrack.store import open_workspace
    from plantrack.store.plant import member_paths, read_plant

    plant = read_plant(path)
    present, missing = member_paths(path, plant)
    there = {p.resolve() for p, _priority in present}
    members = [
        (member, open_workspace(path.parent / member.workspace, program=PROGRAM).read())
        for member in plant.projects
        if (path.parent / member.workspace).resolve() in there
    ]
    return plant, members, missing


def _portfolio(ctx: Context) -> tuple[Path, Portfolio]:
    from plantrack.operations.plant_report import portfolio

    ctx.refuse_scenario(_("a plant holds whole projects, not scenarios"))
    path = plant_file(ctx)
    plant, members, missing = open_members(path)
    ctx.warn(missing)  # a project gone is named; the rest of the plant is still shown
    status = ctx.args.status_date
    when = None if status is None else parse_when(status, what="--status-date", end_of_day=True)
    return path, portfolio(plant, members, today=ctx.today, status_date=when)


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
    }


def _index(value: float | None) -> str:
    return "" if value is None else format_number(value, 2)


def gate_text(line: ProjectLine) -> str:
    """`G2 Trial OK (12/03/2027, deferred)`: the next gate, its forecast date and its latest decision."""
    from plantrack.scheduling.words import code_label

    gate = line.next_gate
    if gate is None:
        return ""
    facts = [format_day(gate.planned)] if gate.planned is not None else []
    facts.append(code_label(gate.decision if gate.decision is not None else gate.status))
    label = f"{gate.task} {gate.name}".strip() if gate.name and gate.name != gate.task else gate.task
    return _("{gate} ({facts})").format(gate=label, facts=", ".join(facts))


def slip_text(value: float | None) -> str:
    if value is None:
        return ""
    return _("{days}d").format(days=("+" if value > 0 else "") + format_number(value, 1))


def cmd_list(ctx: Context) -> int:
    from plantrack.commands.editing import listing

    _path, result = _portfolio(ctx)
    if ctx.json:
        ctx.print_json([project_json(line) for line in result.projects])
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
            "gate": gate_text(line),
        }
        for line in result.projects
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
    ]
    listing(ctx, rows, columns=columns)
    return 0


def cmd_export_html(ctx: Context) -> int:
    from plantrack.export.files import write_atomically
    from plantrack.export.html.portfolio import render_portfolio

    path, result = _portfolio(ctx)
    page = render_portfolio(result, title=ctx.args.title)
    default = path.name.removesuffix(PLANT_SUFFIX) + DEFAULT_PAGE
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

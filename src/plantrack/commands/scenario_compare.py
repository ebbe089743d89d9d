"""`plantrack scenario compare` and `scenario score`: the scenarios side by side and the decision matrix.

Thin adapters over operations/scenarios: the figures, the matrix and the words come from there, so the
TUI's comparison screen shows the same.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from plantrack.commands.base import Context
from plantrack.commands.family import add_family
from plantrack.commands.level_options import add_time_limit, time_limit
from plantrack.commands.parsers import Subparsers
from plantrack.commands.paths import page_path
from plantrack.commands.simulation_options import add_runs_and_seed
from plantrack.export.files import write_atomically
from plantrack.i18n import _
from plantrack.i18n.formats import format_number


def _compare(ctx: Context) -> int:
    from plantrack.operations.scenarios.compare import comparison_json
    from plantrack.operations.scenarios.compare_text import render_comparison
    from plantrack.operations.scenarios.grid import load_grid
    from plantrack.operations.scenarios.matrix import matrix_json
    from plantrack.operations.scenarios.matrix_text import render_matrix
    from plantrack.operations.scenarios.workspace import compare_workspace

    args = ctx.args
    seconds = time_limit(args)
    grid = load_grid(Path(args.criteria)) if args.criteria else None
    out = _output_path(ctx) if args.output else None
    state = ctx.open_store(program="plantrack scenario compare").read()
    decision = compare_workspace(
        state,
        args.names,
        level=args.level,
        level_time=seconds,
        runs=args.runs,
        seed=args.seed,
        before=args.before,
        baseline=args.baseline,
        grid=grid,
    )
    if out is not None:
        from plantrack.export.html.scenarios import render_comparison_page

        write_atomically(out, render_comparison_page(decision, project=state.project.name, today=ctx.today))
    if ctx.json:
        ctx.print_json(
            {"comparison": comparison_json(decision.comparison), "matrix": matrix_json(decision.matrix)}
        )
        return 0
    if out is not None:
        size = format_number(out.stat().st_size / 1e6, 1)
        ctx.print(_("wrote {path} ({size} MB); opens offline in any browser").format(path=out, size=size))
        return 0
    for line in render_comparison(decision.comparison):
        ctx.print(line)
    ctx.print()
    for line in render_matrix(decision.matrix, decision.comparison.currency):
        ctx.print(line)
    return 0


def _output_path(ctx: Context) -> Path:
    """The page to write, relative to the working folder; its folder must exist (checked before any work)."""
    return page_path(ctx, ctx.args.output)


def _score(ctx: Context) -> int:
    from plantrack.i18n.formats import format_number
    from plantrack.operations.scenarios.scores import parse_scores, score_scenario

    wanted = parse_scores(ctx.args.scores)
    workspace = ctx.open_store(program="plantrack scenario score")
    scores = score_scenario(workspace, ctx.args.name, wanted)
    if ctx.json:
        ctx.print_json({"scenario": ctx.args.name, "scores": scores})
    elif scores:
        listed = ", ".join(f"{c}={format_number(v, 0 if v.is_integer() else 1)}" for c, v in scores.items())
        ctx.print(_("scenario {name} scored: {scores}").format(name=repr(ctx.args.name), scores=listed))
    else:
        ctx.print(_("scenario {name} has no hand score left").format(name=repr(ctx.args.name)))
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    group = add_family(sub, "scenario", help="", example="", common=common)
    p = group.command(
        "compare",
        _compare,
        help=_("compare scenarios with the current plan on delay, cost, risk and load, and rank them"),
        description=_(
            "Compute the current plan and each scenario the same way (the same status date and recorded "
            "progress, leveled or not, Monte Carlo with the same seed and runs) and show them side by "
            "side: finish, slip against the baseline, P50/P80 and the odds of the deadline, the critical "
            "path, budget and extra hours, peak loads and shutdown windows, the tasks that moved most "
            "and why. Then a weighted decision matrix ranks the scenarios and recommends one. Hand "
            "scores (`scenario score`) join the matrix; --criteria takes the plant's own grid."
        ),
        example=_(
            "plantrack scenario compare\n"
            "plantrack scenario compare 'supplier late' 'two weekend stops' --before august-stop\n"
            "plantrack scenario compare --level --criteria grid.toml --json\n"
            "plantrack scenario compare -o scenarios.html"
        ),
    )
    p.add_argument("names", nargs="*", metavar="NAME", help=_("scenarios to compare (default: all)"))
    p.add_argument("--level", action="store_true", help=_("level every plan before comparing"))
    add_time_limit(p, help=_("seconds of leveling per plan with --level (default 5)"))
    add_runs_and_seed(p, runs=1000, runs_help=_("Monte Carlo runs per plan (default 1000)"))
    p.add_argument(
        "--before",
        metavar="WINDOW",
        help=_("also give the odds of being ready before this shutdown window starts"),
    )
    p.add_argument(
        "--baseline", metavar="NAME", help=_("baseline to measure slips against (default: the latest)")
    )
    p.add_argument(
        "--criteria",
        metavar="FILE.toml",
        help=_("decision grid: criteria and weights, e.g. [criteria.delay] weight = 3"),
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE.html",
        help=_("also write the comparison as one self-contained HTML page (opens offline)"),
    )
    p = group.command(
        "score",
        _score,
        help=_("score a scenario by hand on a criterion the figures cannot measure (safety, quality...)"),
        example=_(
            "plantrack scenario score 'two weekend stops' safety=4 quality=3\n"
            "plantrack scenario score 'two weekend stops' safety="
        ),
    )
    p.add_argument("name", help=_("the scenario's name (see `plantrack scenario list`)"))
    p.add_argument(
        "scores",
        nargs="+",
        metavar="CRITERION=SCORE",
        help=_(
            "a score from 1 (worst) to 5 (best) unless the criteria file sets another scale; "
            "CRITERION= removes it"
        ),
    )

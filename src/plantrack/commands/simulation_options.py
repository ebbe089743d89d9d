"""The Monte Carlo options `--runs` and `--seed`, declared once for `pert` and `scenario compare`."""

from __future__ import annotations

import argparse

from plantrack.commands.values import whole_number
from plantrack.i18n import _

#: The most runs either command accepts.
MAX_RUNS = 1_000_000


def add_runs_and_seed(parser: argparse.ArgumentParser, *, runs: int, runs_help: str) -> None:
    """--runs (1 to MAX_RUNS, default `runs`) and --seed (a whole number, default 0)."""
    parser.add_argument("--runs", type=whole_number("--runs", 1, MAX_RUNS), default=runs, help=runs_help)
    parser.add_argument(
        "--seed",
        type=whole_number("--seed"),
        default=0,
        help=_("random seed: the same seed gives the same figures"),
    )

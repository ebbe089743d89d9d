"""The documented process exit codes, and the one place that turns a kind of failure into its code."""

from __future__ import annotations

from enum import IntEnum

from plantrack.scheduling.errors import Failure, PlantrackError


class ExitCode(IntEnum):
    """Documented process exit codes (README, "Exit codes")."""

    OK = 0
    INVALID_INPUT = 1
    USAGE = 2
    BUSY = 3
    STORAGE = 4
    UNSCHEDULABLE = 5


EXIT_CODES: dict[Failure, ExitCode] = {
    Failure.INVALID_INPUT: ExitCode.INVALID_INPUT,
    Failure.USAGE: ExitCode.USAGE,
    Failure.BUSY: ExitCode.BUSY,
    Failure.STORAGE: ExitCode.STORAGE,
    Failure.UNSCHEDULABLE: ExitCode.UNSCHEDULABLE,
}


def exit_code(error: PlantrackError) -> ExitCode:
    return EXIT_CODES[error.failure]

"""The documented process exit codes, and the one place that turns a kind of failure into its code."""

from __future__ import annotations

from enum import IntEnum

from plantrack.i18n import N_, _
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


#: What each code means, as `--help` and the README table say it (translated where shown).
EXIT_TEXTS: dict[ExitCode, str] = {
    ExitCode.OK: N_("ok"),
    ExitCode.INVALID_INPUT: N_("invalid input"),
    ExitCode.USAGE: N_("usage error"),
    ExitCode.BUSY: N_("workspace busy"),
    ExitCode.STORAGE: N_("workspace unreadable or storage error"),
    ExitCode.UNSCHEDULABLE: N_("valid but unschedulable"),
}


def exit_codes_text() -> str:
    """`Exit codes: 0 ok · 1 invalid input · …` in the current language."""
    codes = " · ".join(f"{int(code)} {_(text)}" for code, text in EXIT_TEXTS.items())
    return _("Exit codes: {codes}").format(codes=codes)

"""Values typed on the command line: whole numbers, dates and date-times, read with the option's name in
every refusal."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from plantrack.commands.base import UsageError
from plantrack.i18n import _

if TYPE_CHECKING:
    from plantrack.scheduling.calendar import WorkCalendar


def whole_number(option: str, low: int = 0, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` (to `high`), refused with the option's name."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("{option} {text!r} is not a whole number").format(option=option, text=text)
            ) from None
        if high is not None and not low <= value <= high:
            raise argparse.ArgumentTypeError(
                _("{option} must be between {low} and {high}, not {value}").format(
                    option=option, low=low, high=format_number(high), value=value
                )
            )
        if value < low:
            raise argparse.ArgumentTypeError(
                _("{option} must be {low} or more").format(option=option, low=low)
            )
        return value

    return parse


def format_number(value: int) -> str:
    """A whole number with the language's thousands separator (Babel is loaded only when needed)."""
    from plantrack.i18n.formats import format_number as babel_number

    return babel_number(value)


def parse_when(
    text: str, *, what: str | None = None, end_of_day: bool = False, calendar: WorkCalendar | None = None
) -> dt.datetime:
    """A date (`2027-03-15`) or a local date-time from the command line.

    The rule of `scheduling/dates.py`, the same in the TUI forms: a date alone is 00:00 of that day, or
    with `end_of_day` (actual finish, deadline, status date, due date) the end of its working day on
    `calendar` (midnight after it without a calendar, as in the project file).
    """
    from plantrack.scheduling.dates import DateError, read_when

    try:
        return read_when(text, end=end_of_day, calendar=calendar)
    except DateError as exc:
        label = what or _("date")
        raise UsageError(f"{label} {exc}") from None

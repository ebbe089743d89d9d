"""Shutdown windows in MSPDI: each window is a base calendar whose only working time is its periods.

MSPDI has no windows, but every MSPDI tool keeps calendars. A window becomes a calendar named
`plantrack window ID: NAME` with no working weekday and one working-time exception per day of its
periods, so MS Project shows it (and would schedule a task given that calendar inside the window);
the tasks bound to it name it in the `plantrack window` field. The reader turns such calendars back
into windows and leaves them out of the plan's calendars.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from plantrack.formats.mspdi.calendar import write_calendar
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import Calendar, Period, Window

PREFIX = "plantrack window "
_NAME = re.compile(r"^plantrack window (\S+?)(?:: (.*))?$", re.DOTALL)


def write_window(parent: ET.Element, window: Window, uid: int) -> None:
    label = f"{PREFIX}{window.id}" + (f": {window.name}" if window.name else "")
    calendar = Calendar(id=f"cal{uid}", name=label, weekdays=(), extra=window.periods)
    write_calendar(parent, calendar, uid)


def read_window(calendar: Calendar) -> Window | None:
    """The window a calendar written by `write_window` stands for; None when it is not one."""
    match = _NAME.match(calendar.name)
    if match is None or calendar.weekdays:
        return None
    # the reader cuts working time into days: days that touch are one period again
    spans = sorted((p.start, p.end) for p in calendar.extra)
    periods: list[Period] = []
    for start, end in spans:
        if periods and start <= periods[-1].end:
            last = periods.pop()
            periods.append(Period(start=last.start, end=max(last.end, end)))
        else:
            periods.append(Period(start=start, end=end))
    try:
        return Window(id=match.group(1), name=match.group(2) or "", periods=tuple(periods))
    except ModelError:
        return None

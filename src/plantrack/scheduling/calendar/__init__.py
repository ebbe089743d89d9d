"""Working calendars: compiled working time (compiled.py) and the calendar a task works on (combined.py)."""

from plantrack.scheduling.calendar.axis import DAY, ELAPSED, ElapsedAxis, TimeAxis, to_datetime, to_minute
from plantrack.scheduling.calendar.combined import (
    COMMON_TIME_DAYS,
    INTERSECTION,
    CalendarCache,
    CombinedCalendar,
    calendar_parts,
    project_calendars,
    task_calendar_id,
)
from plantrack.scheduling.calendar.compiled import (
    CHUNK_DAYS,
    DEFAULT_CALENDAR,
    MAX_HORIZON_DAYS,
    WorkCalendar,
)

__all__ = [
    "CHUNK_DAYS",
    "COMMON_TIME_DAYS",
    "DAY",
    "DEFAULT_CALENDAR",
    "ELAPSED",
    "INTERSECTION",
    "MAX_HORIZON_DAYS",
    "CalendarCache",
    "CombinedCalendar",
    "ElapsedAxis",
    "TimeAxis",
    "WorkCalendar",
    "calendar_parts",
    "project_calendars",
    "task_calendar_id",
    "to_datetime",
    "to_minute",
]

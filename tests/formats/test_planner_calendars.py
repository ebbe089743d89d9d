"""GNOME Planner calendars: a weekday of a day type of its own (a short Friday, a night shift) keeps its
hours, and a date of that type keeps them as an exception."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from plantrack.formats.planner import read_planner
from plantrack.scheduling.calendar import WorkCalendar
from plantrack.scheduling.model import TimeRange

PLANNER = b"""<?xml version="1.0"?>
<project name="Line 3" project-start="20270104T000000Z" mrproject-version="2" calendar="1">
  <calendars>
    <day-types>
      <day-type id="0" name="Working" description=""/>
      <day-type id="1" name="Nonworking" description=""/>
      <day-type id="2" name="Use base" description=""/>
      <day-type id="3" name="Short" description=""/>
      <day-type id="4" name="Night" description=""/>
    </day-types>
    <calendar id="1" name="Plant">
      <default-week mon="0" tue="0" wed="0" thu="4" fri="3" sat="1" sun="1"/>
      <overridden-day-types>
        <overridden-day-type id="0"><interval start="0800" end="1200"/><interval start="1300" end="1700"/>
        </overridden-day-type>
        <overridden-day-type id="3"><interval start="0800" end="1200"/></overridden-day-type>
        <overridden-day-type id="4"><interval start="2200" end="0600"/></overridden-day-type>
      </overridden-day-types>
      <days><day date="20270116" type="day-type" id="3"/></days>
    </calendar>
  </calendars>
  <tasks>
    <task id="1" name="Spec" note="" work="28800" start="20270104T080000Z" end="20270104T170000Z"
      percent-complete="0" priority="0" type="normal" scheduling="fixed-work"/>
  </tasks>
</project>
"""


def test_day_types_of_their_own_keep_their_hours() -> None:
    plan = read_planner(Path("line3.planner"), data=PLANNER)
    (plant,) = plan.project.calendars
    assert plant.weekdays == (0, 1, 2, 3, 4)
    assert [(d.weekday, d.hours) for d in plant.week_hours] == [
        (3, (TimeRange(start=22 * 60, end=30 * 60),)),
        (4, (TimeRange(start=8 * 60, end=12 * 60),)),
    ]
    origin = dt.datetime(2027, 1, 4)  # a Monday
    work = WorkCalendar(plant, origin)
    per_day = [work.working_between(d * 1440, (d + 1) * 1440) // 60 for d in range(14)]
    # Thursday 22:00-24:00, Friday 00:00-06:00 (Thursday's night) and 08:00-12:00; Saturday the 16th works
    # the short day's hours as an exception
    assert per_day == [8, 8, 8, 2, 10, 0, 0, 8, 8, 8, 2, 10, 4, 0]

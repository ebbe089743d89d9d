"""iCalendar export: which items each owner gets, dates, stable UIDs, escaping and control characters."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from builders import link, resource, use
from hostile import OWN
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Project, Task
from plantrack.scheduling.tracking.actions import action_states
from plantrack.scheduling.tracking.records import Action, ActionStatus, ActionUpdate

icalendar = pytest.importorskip("icalendar", reason="the optional ics extra (icalendar) is not installed")

from plantrack.formats.ical import dumps_ics  # noqa: E402

HOSTILE = OWN
STAMP = dt.datetime(2027, 1, 4, tzinfo=dt.UTC)
MONDAY = dt.datetime(2027, 1, 4, 8)


def _plan() -> tuple[Project, list[Action], list[ActionUpdate]]:
    evil = HOSTILE["terminal_control"][0]  # an OSC escape sequence that retitles terminals
    tasks = (
        Task(id="ph", name="Phase", owner="Ann"),
        Task(id="a", name="Weld; frame, part\\2", duration=Duration(minutes=960), parent="ph", owner="Ann"),
        Task(id="b", name=evil, duration=Duration(minutes=480), parent="ph"),
        Task(id="c", name="Nobody's", duration=Duration(minutes=240), parent="ph"),
        Task(id="m", name="Ready", milestone=True),
    )
    links = (link("a", "b"), link("b", "m"))
    project = Project(
        name="Line 3",
        start=MONDAY,
        tasks=tasks,
        links=links,
        resources=(resource("bob", name="Bob"),),
        assignments=(use("b", "bob"),),
    )
    made = dt.datetime(2027, 1, 4)
    acts = [
        Action(id="A1", title="Order\nscrews", owner="Bob", due=dt.datetime(2027, 1, 8), created=made),
        Action(id="A2", title="Closed one", owner="Ann", due=dt.datetime(2027, 1, 8), created=made),
        Action(
            id="A3", title="Check =1+1", owner="ann", due=dt.datetime(2027, 1, 12), created=made, task="a"
        ),
    ]
    updates = [ActionUpdate(action="A2", date=made, status=ActionStatus.DONE)]
    return project, acts, updates


def _events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["uid"]).split("-")[0] + "-" + str(e["uid"]).split("-")[1]: e for e in cal.walk("VEVENT")}


def test_everyone_and_one_owner() -> None:
    project, acts, updates = _plan()
    states = action_states(acts, updates)
    data, count = dumps_ics(project, cpm(project), states, stamp=STAMP)
    events = _events(data)
    # hand-worked: a (Ann, 2 days from Mon 08:00), b (Bob's resource, Wed), m (milestone after b)
    # the phase has no dates of its own; c has nobody; A2 is done
    assert sorted(events) == ["action-A1", "action-A3", "milestone-m", "task-a", "task-b"] and count == 5
    assert events["task-a"].decoded("dtstart") == MONDAY
    assert events["task-a"].decoded("dtend") == dt.datetime(2027, 1, 5, 17)
    assert events["task-b"].decoded("dtstart") == dt.datetime(2027, 1, 6, 8)
    assert events["milestone-m"].decoded("dtstart") == dt.date(2027, 1, 6)
    assert events["action-A3"].decoded("dtstart") == dt.date(2027, 1, 12)
    ann, _ = dumps_ics(project, cpm(project), states, stamp=STAMP, owner="ANN")
    assert sorted(_events(ann)) == ["action-A3", "milestone-m", "task-a"]


def test_text_is_escaped_and_cleaned_and_uids_are_stable() -> None:
    project, acts, updates = _plan()
    states = action_states(acts, updates)
    data, _ = dumps_ics(project, cpm(project), states, stamp=STAMP)
    raw = data.decode("utf-8")
    assert "SUMMARY:Weld\\; frame\\, part\\\\2" in raw  # RFC 5545 TEXT escaping
    assert "Order\\nscrews" in raw
    assert not any(ord(ch) < 32 and ch not in "\r\n" for ch in raw)
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    events = _events(data)
    assert str(events["task-b"]["summary"]) == "E1 ]0;RETITLED title"  # ESC and BEL dropped
    # same plan, other day: same UIDs, so calendars update the events
    again, _ = dumps_ics(project, cpm(project), states, stamp=STAMP + dt.timedelta(days=3))
    assert [e["uid"] for e in icalendar.Calendar.from_ical(again).walk("VEVENT")] == [
        e["uid"] for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
    ]


def test_demo_export_command_and_missing_extra(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from plantrack.store import open_workspace

    assert cli("demo", "--no-tui").code == 0
    workspace = "line3-retrofit.plantrack.json"
    result = cli("export", "ics", "-w", workspace, "-o", "all.ics", "--json")
    assert result.code == 0, result.err
    project = open_workspace(tmp_path / workspace).read().project
    cal = icalendar.Calendar.from_ical((tmp_path / "all.ics").read_bytes())
    milestones = {
        str(e["uid"]).split("-", 1)[1].rsplit("-", 1)[0]
        for e in cal.walk("VEVENT")
        if "milestone" in e["uid"]
    }
    assert milestones == {t.id for t in project.tasks if t.milestone}
    assert json.loads(result.out)["events"] == len(cal.walk("VEVENT"))
    monkeypatch.setitem(sys.modules, "icalendar", None)
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    result = cli("export", "ics", "-w", workspace, "-o", "none.ics")
    assert result.code == 1 and "plantrack[ics]" in result.err and not (tmp_path / "none.ics").exists()

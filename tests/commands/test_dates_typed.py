"""A date typed alone on the command line: its day's start for start-like options, the end of its
working day for end-like ones (actual finish, deadline, status date, due date), on the right calendar."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Assignment, Calendar, Link, Project, Resource, Task, TimeRange
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.tracking_codec import actions, progress

Cli = Callable[..., Result]
DAY = 480
#: two shifts, 06:00-14:00 and 14:00-22:00, Monday to Saturday
SHIFTS = Calendar(
    id="shifts",
    weekdays=(0, 1, 2, 3, 4, 5),
    hours=(TimeRange(start=360, end=840), TimeRange(start=840, end=1320)),
)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """Design 2d -> Wire 3d -> Accept, standard calendar (08-12, 13-17 Mon-Fri) from Monday 1 March 2027;
    Press 1d on the two-shift calendar, on its own."""
    path = tmp_path / "small.plantrack.json"
    project = Project(
        name="Small retrofit",
        start=dt.datetime(2027, 3, 1, 8),
        calendars=(SHIFTS,),
        resources=(Resource(id="tech", rate=40.0),),
        tasks=(
            Task(id="design", name="Design", duration=Duration(minutes=2 * DAY)),
            Task(id="wire", name="Wire", duration=Duration(minutes=3 * DAY)),
            Task(id="accept", name="Acceptance", milestone=True, gate=True),
            Task(id="press", name="Press", duration=Duration(minutes=DAY), calendar="shifts"),
        ),
        links=(Link(predecessor="design", successor="wire"), Link(predecessor="wire", successor="accept")),
        assignments=(Assignment(task="design", resource="tech"),),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def _records(path: Path) -> dict[str, object]:
    return {r.task: r for r in progress(open_workspace(path).read())}


def test_a_date_alone_actual_finish_keeps_its_days_slip_and_cause(cli: Cli, workspace: Path) -> None:
    assert cli("baseline", "save", "initial").code == 0
    # design was planned Mon 08:00 -> Tue 17:00; it finished on Wednesday: one working day late
    r = cli(
        "progress",
        "design",
        "--date",
        "2027-03-03",
        "--actual-start",
        "2027-03-01",
        "--actual-finish",
        "2027-03-03",
        "--cause",
        "material",
    )
    assert r.code == 0, r.err
    (record,) = progress(open_workspace(workspace).read())
    assert record.status_date == dt.datetime(2027, 3, 3, 17)  # end of Wednesday's work
    assert record.actual_finish == dt.datetime(2027, 3, 3, 17)
    assert record.actual_start == dt.datetime(2027, 3, 1)
    out = json.loads(cli("variance", "--json").out)
    tasks = {t["id"]: t for t in out["tasks"]}
    # Tue 17:00 -> Wed 17:00 is 8 working hours; wire inherits the day (Thu 08:00 + 3 d -> Mon 8 17:00)
    assert tasks["design"]["finish_variance_hours"] == 8.0 and tasks["design"]["cause"] == "material"
    assert tasks["wire"]["finish_variance_hours"] == 8.0
    assert out["project"]["forecast_finish"] == "2027-03-08T17:00:00"
    assert out["project"]["finish_slip_hours"] == 8.0
    # the slip wire inherits is not its own: the whole day is design's, caused by material. Press, not
    # started by Wed 17:00, moves from Mon 08:00-16:00 to Wed 17:00-22:00 + Thu 06:00-09:00. Counted on
    # its own two-shift calendar, Mon 16:00 -> Thu 09:00 is 6 + 16 + 16 + 3 = 41 shift hours, 2.5625 of
    # its 16 h days, with no cause given (counted in plant hours it used to read 18 h = 2.25 days)
    press = 41 / 16
    assert out["pareto"] == [
        {
            "cause": "unspecified",
            "slip_days": round(press, 3),
            "share": round(100 * press / (press + 1), 2),
            "cumulative": round(100 * press / (press + 1), 2),
        },
        {"cause": "material", "slip_days": 1.0, "share": round(100 / (press + 1), 2), "cumulative": 100.0},
    ]
    text = cli("variance").out
    assert "Introduced slip by cause (Pareto" in text and "material" in text
    # the same report asked for with the status date typed alone finds the same record
    assert json.loads(cli("variance", "--date", "2027-03-03", "--json").out)["pareto"] == out["pareto"]


def test_a_finish_alone_ends_the_working_day_of_the_tasks_calendar(cli: Cli, workspace: Path) -> None:
    # press runs on two shifts: Wednesday's work ends at 22:00, Saturday's too (it works Saturdays)
    r = cli(
        "progress",
        "press",
        "--date",
        "2027-03-08",
        "--actual-start",
        "2027-03-03",
        "--actual-finish",
        "2027-03-06",
    )
    assert r.code == 0, r.err
    assert _records(workspace)["press"].actual_finish == dt.datetime(2027, 3, 6, 22)  # type: ignore[attr-defined]
    # design's standard calendar has no work on Saturday: the day ends at 23:59, and stays Saturday
    r = cli(
        "progress",
        "design",
        "--date",
        "2027-03-08",
        "--actual-start",
        "2027-03-01",
        "--actual-finish",
        "2027-03-06",
    )
    assert r.code == 0, r.err
    assert _records(workspace)["design"].actual_finish == dt.datetime(2027, 3, 6, 23, 59)  # type: ignore[attr-defined]
    # a date-time is taken as written
    r = cli("progress", "wire", "--date", "2027-03-08T12:00", "--actual-start", "2027-03-08T09:30")
    assert r.code == 0, r.err
    wire = _records(workspace)["wire"]
    assert (wire.status_date, wire.actual_start) == (  # type: ignore[attr-defined]
        dt.datetime(2027, 3, 8, 12),
        dt.datetime(2027, 3, 8, 9, 30),
    )


def test_a_longer_shift_finished_on_the_status_day_is_reported_at_the_status_date(
    cli: Cli, workspace: Path
) -> None:
    # the report's instant is the project calendar's end of Friday (17:00): press's 22:00 would lie after it
    r = cli(
        "progress",
        "press",
        "--date",
        "2027-03-05",
        "--actual-start",
        "2027-03-05",
        "--actual-finish",
        "2027-03-05",
    )
    assert r.code == 0, r.err
    press = _records(workspace)["press"]
    assert press.status_date == press.actual_finish == dt.datetime(2027, 3, 5, 17)  # type: ignore[attr-defined]


def test_due_dates_and_bounds_end_their_working_day(cli: Cli, workspace: Path) -> None:
    r = cli("action", "add", "Order cables", "--owner", "A. Petit", "--due", "2027-03-12")
    assert r.code == 0, r.err
    (action,), _ = actions(open_workspace(workspace).read())
    assert action.due == dt.datetime(2027, 3, 12, 17)
    assert json.loads(cli("action", "list", "--json").out)[0]["due"] == "2027-03-12"
    # a deadline on the task's own calendar: press's Friday ends at 22:00; --snet is the day's start
    assert cli("task", "edit", "press", "--deadline", "2027-03-05", "--snet", "2027-03-02").code == 0
    press = open_workspace(workspace).read().project.task_map()["press"]
    assert press.deadline == dt.datetime(2027, 3, 5, 22)
    assert press.constraints[0].date == dt.datetime(2027, 3, 2)
    # --calendar given with the date: the new calendar's day counts
    assert cli("task", "edit", "press", "--calendar", "standard", "--deadline", "2027-03-05").code == 0
    press = open_workspace(workspace).read().project.task_map()["press"]
    assert press.deadline == dt.datetime(2027, 3, 5, 17)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("progress", "design", "--date", "2027-03-03", "--actual-finish", "03/13/2027"),
            1,
            "day/month/year",
        ),
        (("progress", "design", "--date", "2027-02-30"), 1, "is not a date"),
        (("progress", "design", "--date", "2027-03-03T17:00+01:00"), 1, "UTC offset"),
        (("task", "edit", "design", "--deadline", "2301-01-01"), 2, "outside 1900-2200"),
        (("action", "add", "X", "--owner", "Y", "--due", "soon"), 2, "due date 'soon' is not a date"),
        (("variance", "--date", "yesterday"), 2, "status date 'yesterday'"),
    ],
)
def test_bad_dates_are_refused_and_nothing_is_written(
    cli: Cli, workspace: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    assert cli("baseline", "save", "initial").code == 0
    before = fingerprint(workspace)
    r = cli(*args)
    assert r.code == code and message in r.err and "Traceback" not in r.err, r.err
    assert fingerprint(workspace) == before


def test_periods_keep_the_files_rule_a_date_to_is_the_end_of_that_day() -> None:
    from plantrack.commands.editing import parse_span
    from plantrack.scheduling.errors import ModelError

    whole = parse_span("2027-03-01..2027-03-05", "elec")
    assert (whole.start, whole.end) == (dt.datetime(2027, 3, 1), dt.datetime(2027, 3, 6))
    # a time written with a space is a time, not a day to extend
    timed = parse_span("2027-03-05 12:00..2027-03-05 17:00", "elec")
    assert (timed.start, timed.end) == (dt.datetime(2027, 3, 5, 12), dt.datetime(2027, 3, 5, 17))
    with pytest.raises(ModelError, match="UTC offset"):
        parse_span("2027-03-01..2027-03-05T08:00+01:00", "elec")

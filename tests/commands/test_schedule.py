"""`plantrack schedule`: the table, the JSON document, the stored plan, and errors that write nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import Result, fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Link, Period, Project, Task, Window
from plantrack.store import WorkspaceState, create_workspace, open_workspace

MON = dt.datetime(2027, 1, 4, 8)


def workspace(tmp_path: Path, tasks: list[Task], links: list[Link]) -> Path:
    path = tmp_path / "line3.plantrack.json"
    project = Project(name="Line 3", start=MON, tasks=tuple(tasks), links=tuple(links))
    create_workspace(path, WorkspaceState(project=project))
    return path


def plan(tmp_path: Path) -> Path:
    """A 2d; B 1d and C 3d after A; M after B and C: A Mon-Tue, B Wed (2d float), C Wed-Fri, M Fri 17:00."""
    day = Duration(minutes=480)
    return workspace(
        tmp_path,
        [
            Task(id="A", name="Dismantle", duration=Duration(minutes=960)),
            Task(id="B", name="Order parts", duration=day),
            Task(id="C", name="Rebuild\x1b[2J frame", duration=Duration(minutes=3 * 480)),
            Task(id="M", name="Ready", milestone=True),
        ],
        [
            Link(predecessor="A", successor="B"),
            Link(predecessor="A", successor="C"),
            Link(predecessor="B", successor="M"),
            Link(predecessor="C", successor="M"),
        ],
    )


def test_json_document_and_stored_plan(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = plan(tmp_path)
    result = cli("schedule", "--json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["project"] == {"start": "2027-01-04T08:00", "finish": "2027-01-08T17:00", "duration_hours": 40}
    b = next(t for t in doc["tasks"] if t["id"] == "B")
    assert b == {
        "id": "B",
        "name": "Order parts",
        "start": "2027-01-06T08:00",
        "finish": "2027-01-06T17:00",
        "early_start": "2027-01-06T08:00",
        "early_finish": "2027-01-06T17:00",
        "late_start": "2027-01-08T08:00",
        "late_finish": "2027-01-08T17:00",
        "total_float_hours": 16,
        "free_float_hours": 16,
        "critical": False,
        "driving_predecessor": "A",
    }
    assert [t["id"] for t in doc["tasks"] if t["critical"]] == ["A", "C", "M"]
    assert doc["critical_path"] == [["A", "C", "M"]]
    # the stored plan holds what the document says, as dates and ids only
    stored = open_workspace(path).read().schedule
    assert stored is not None and not stored.leveled and stored.status_date is None
    iso = dt.datetime.fromisoformat
    assert (stored.start, stored.finish) == (iso(doc["project"]["start"]), iso(doc["project"]["finish"]))
    assert [(t.id, t.start, t.finish) for t in stored.tasks] == [
        (t["id"], iso(t["start"]), iso(t["finish"])) for t in doc["tasks"]
    ]


def test_readable_table(cli: Callable[..., Result], tmp_path: Path) -> None:
    plan(tmp_path)
    result = cli("schedule")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "START", "FINISH", "FLOAT", "h", "CRIT"]
    row_b = next(line for line in lines if line.startswith("B "))
    assert "2027-01-06 08:00" in row_b and row_b.split()[-1] == "16"
    row_c = next(line for line in lines if line.startswith("C "))
    assert row_c.rstrip().endswith("*") and "\x1b" not in result.out
    assert "Critical path: A → C → M" in lines
    assert "Project: 2027-01-04 08:00 → 2027-01-08 17:00 (40 working hours)" in lines


def test_invalid_plan_exits_1_and_writes_nothing(cli: Callable[..., Result], tmp_path: Path) -> None:
    day = Duration(minutes=480)
    path = workspace(
        tmp_path,
        [Task(id="A", duration=day), Task(id="B", duration=day)],
        [Link(predecessor="A", successor="B"), Link(predecessor="B", successor="A")],
    )
    before = fingerprint(path)
    result = cli("schedule", "--json")
    assert result.code == 1
    [problem] = json.loads(result.out)
    assert problem["code"] == "dep-cycle" and problem["message"].endswith("A → B → A")
    assert fingerprint(path) == before
    assert "Traceback" not in result.err


def test_unschedulable_plan_exits_5(plantrack: Callable[..., Result], tmp_path: Path) -> None:
    from plantrack.scheduling.model import Constraint, ConstraintKind

    task = Task(
        id="A",
        duration=Duration(minutes=960),
        constraints=(
            Constraint(kind=ConstraintKind.MUST_START_ON, date=dt.datetime(2027, 1, 6, 8)),
            Constraint(kind=ConstraintKind.FINISH_NO_LATER_THAN, date=dt.datetime(2027, 1, 6, 17)),
        ),
    )
    path = workspace(tmp_path, [task], [])
    before = fingerprint(path)
    result = plantrack("schedule")
    assert result.code == 5, result.err
    assert "constraint-conflict" in result.err and "A" in result.err
    assert fingerprint(path) == before


def test_schedule_honours_progress_at_the_status_date(cli: Callable[..., Result], tmp_path: Path) -> None:
    """A finished late (Mon-Wed instead of Mon-Tue): B and C move one day, M to Mon 11 Jan 17:00.

    Status date Wed 6 Jan 17:00, A actually ran Mon 08:00 - Wed 17:00. B (1d) then runs Thu 7th,
    C (3d) Thu 7th - Mon 11th, so M sits at Mon 11th 17:00.
    """
    plan(tmp_path)
    result = cli(
        "progress",
        "A",
        "--date",
        "2027-01-06T17:00",
        "--actual-start",
        "2027-01-04T08:00",
        "--actual-finish",
        "2027-01-06T17:00",
    )
    assert result.code == 0, result.err
    doc = json.loads(cli("schedule", "--json").out)
    assert doc["status_date"] == "2027-01-06T17:00"
    by_id = {t["id"]: t for t in doc["tasks"]}
    assert (by_id["A"]["start"], by_id["A"]["finish"]) == ("2027-01-04T08:00", "2027-01-06T17:00")
    assert by_id["C"]["start"] == "2027-01-07T08:00"
    assert doc["project"]["finish"] == "2027-01-11T17:00"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=12))
@example("Cafe\u0301")  # printable but decomposed: normalised
@example("line\u202e3\x1b[2J")  # bidi override and escape sequence: removed
def test_table_cleaning_fast_path_agrees_with_clean_text(text: str) -> None:
    from plantrack.commands.schedule import _clean
    from plantrack.scheduling.model import clean_text

    assert _clean(text) == clean_text(text).replace("\n", " ").replace("\t", " ")


def test_level_from_the_status_date_keeps_what_happened(cli: Callable[..., Result], tmp_path: Path) -> None:
    """Leveling after progress: finished work keeps its actual dates, nothing new starts before the
    status date, started work only carries what is left, and capacities still hold.

    Resources r and s have capacity 1. A (2d, r) then B and C (1d each, r); D (2d, s) and E (1d, s)
    unlinked. Status date Wed 6 Jan 17:00: A ran Mon-Wed (late), D started Mon and is half done.
    Left: B and C one after the other on r (Thu, Fri); D's last day and E on s (Thu, Fri).
    The leveled finish is Fri 8 Jan 17:00, and no resource holds two tasks at once.
    """
    from plantrack.scheduling.model import Assignment, Resource

    day = Duration(minutes=480)
    project = Project(
        name="Line 3",
        start=MON,
        resources=(Resource(id="r"), Resource(id="s")),
        tasks=(
            Task(id="A", duration=Duration(minutes=960)),
            Task(id="B", duration=day),
            Task(id="C", duration=day),
            Task(id="D", duration=Duration(minutes=960)),
            Task(id="E", duration=day),
        ),
        links=(Link(predecessor="A", successor="B"), Link(predecessor="A", successor="C")),
        assignments=tuple(
            Assignment(task=t, resource=r)
            for t, r in (("A", "r"), ("B", "r"), ("C", "r"), ("D", "s"), ("E", "s"))
        ),
    )
    create_workspace(tmp_path / "line3.plantrack.json", WorkspaceState(project=project))
    status = "2027-01-06T17:00"
    assert (
        cli(
            "progress", "A", "--date", status, "--actual-start", "2027-01-04T08:00", "--actual-finish", status
        ).code
        == 0
    )
    assert (
        cli("progress", "D", "--date", status, "--actual-start", "2027-01-04T08:00", "--done", "50%").code
        == 0
    )
    result = cli("schedule", "--level", "--time-limit", "5", "--json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    rows = {
        t["id"]: (dt.datetime.fromisoformat(t["start"]), dt.datetime.fromisoformat(t["finish"]))
        for t in doc["tasks"]
    }
    assert rows["A"] == (dt.datetime(2027, 1, 4, 8), dt.datetime(2027, 1, 6, 17))
    assert doc["project"]["finish"] == "2027-01-08T17:00"
    for tid in "BCE":
        assert rows[tid][0] >= dt.datetime(2027, 1, 7, 8)
    # D's remaining day runs after the status date, E and D never overlap, nor B and C
    d_rest = (max(rows["D"][0], dt.datetime(2027, 1, 7, 8)), rows["D"][1])
    for (a0, a1), (b0, b1) in ((rows["B"], rows["C"]), (d_rest, rows["E"])):
        assert a1 <= b0 or b1 <= a0


def test_parallel_critical_chains_share_one_heading(cli: Callable[..., Result], tmp_path: Path) -> None:
    """A then B, and C then D, all one day: two chains of equal length, both critical, one heading."""
    day = Duration(minutes=480)
    workspace(
        tmp_path,
        [Task(id=i, duration=day) for i in "ABCD"],
        [Link(predecessor="A", successor="B"), Link(predecessor="C", successor="D")],
    )
    result = cli("schedule")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert not any(line.startswith("Critical path:") for line in lines)
    at = lines.index("Critical paths (2 chains):")
    assert lines[at + 1 : at + 3] == ["  A → B", "  C → D"]


def test_a_task_held_back_by_its_window_says_so(cli: Callable[..., Result], tmp_path: Path) -> None:
    """A ends Monday 17:00; S must fit in the shutdown window from Thursday: it waits three days."""
    day = Duration(minutes=480)
    stop = Window(
        id="stop", periods=(Period(start=MON + dt.timedelta(days=3), end=MON + dt.timedelta(days=6)),)
    )
    path = tmp_path / "line3.plantrack.json"
    project = Project(
        name="Line 3",
        start=MON,
        tasks=(Task(id="A", duration=day), Task(id="S", duration=day, window="stop")),
        links=(Link(predecessor="A", successor="S"),),
        windows=(stop,),
    )
    create_workspace(path, WorkspaceState(project=project))
    result = cli("schedule")
    assert result.code == 0, result.err
    assert "S waits for window stop from 2027-01-05 08:00 to 2027-01-07 08:00" in result.out.splitlines()
    doc = json.loads(cli("schedule", "--json").out)
    by_id = {t["id"]: t for t in doc["tasks"]}
    assert by_id["S"]["waits"] == {"window": "stop", "from": "2027-01-05T08:00", "to": "2027-01-07T08:00"}
    assert "waits" not in by_id["A"]

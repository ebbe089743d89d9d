"""The action register from the command line: registration dates, `action edit` and `action rm`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Link, Project, Task
from plantrack.scheduling.tracking.records import ActionStatus, Ease, Pdca
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.tracking_codec import actions

Cli = Callable[..., Result]
DAY = 480


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """Design 2d -> Wire 3d -> Accept (gate), from Mon 1 March 2027; today is 15 March 2027."""
    path = tmp_path / "small.plantrack.json"
    project = Project(
        name="Small retrofit",
        start=dt.datetime(2027, 3, 1, 8),
        tasks=(
            Task(id="design", name="Design", duration=Duration(minutes=2 * DAY)),
            Task(id="wire", name="Wire", duration=Duration(minutes=3 * DAY)),
            Task(id="accept", name="Acceptance", milestone=True, gate=True),
        ),
        links=(Link(predecessor="design", successor="wire"), Link(predecessor="wire", successor="accept")),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def _progress(cli: Cli, date: str, done: str) -> None:
    r = cli("progress", "design", "--date", date, "--actual-start", "2027-03-01T08:00", "--done", done)
    assert r.code == 0, r.err


def _created(workspace: Path) -> dict[str, dt.datetime]:
    return {a.id: a.created for a in actions(open_workspace(workspace).read())[0]}


def test_action_add_records_the_status_date_unless_a_date_is_given(cli: Cli, workspace: Path) -> None:
    assert cli("action", "add", "Before any progress", "--owner", "A", "--due", "2027-03-20").code == 0
    _progress(cli, "2027-03-03T17:00", "50%")
    assert cli("action", "add", "At the review", "--owner", "A", "--due", "2027-03-20").code == 0
    r = cli("action", "add", "Back-dated", "--owner", "A", "--due", "2027-03-20", "--date", "2027-03-02")
    assert r.code == 0, r.err
    assert _created(workspace) == {
        "A1": dt.datetime(2027, 3, 15),  # no status date yet: today
        "A2": dt.datetime(2027, 3, 3, 17),  # the status date, not the clock's 15 March
        "A3": dt.datetime(2027, 3, 2),
    }
    before = fingerprint(workspace)
    r = cli("action", "add", "Bad", "--owner", "A", "--due", "2027-03-20", "--date", "soon")
    assert r.code == 2 and "--date 'soon'" in r.err and fingerprint(workspace) == before


def test_new_actions_are_counted_from_their_recorded_dates(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    assert cli("baseline", "save", "initial").code == 0
    _progress(cli, "2027-03-03T17:00", "50%")
    add = ("--owner", "P. Durand", "--due", "2027-04-30")
    assert cli("action", "add", "Older", *add, "--date", "2027-03-02").code == 0  # A1: before the period
    assert cli("action", "add", "At first review", *add).code == 0  # A2: the first status date
    _progress(cli, "2027-03-10T17:00", "100%")
    assert cli("action", "add", "Mid period", *add, "--date", "2027-03-05T10:00").code == 0  # A3
    assert cli("action", "add", "At second review", *add).code == 0  # A4: the second status date
    assert cli("action", "add", "After the meeting", *add, "--date", "2027-03-20").code == 0  # A5
    out = tmp_path / "m.md"
    assert cli("review", "-o", str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    new = text.split("## New actions")[1].split("## ")[0]
    # hand-worked: the period is (3 March 17:00, 10 March 17:00], actions as of the meeting (15 March)
    assert [line.split(" | ")[0].strip("| ") for line in new.splitlines() if line.startswith("| A")] == [
        "A3",
        "A4",
    ]
    # the first review's minutes, asked again, still show the action registered at its status date
    assert cli("review", "--since", "2027-03-01", "-o", str(out)).code == 0
    new = out.read_text(encoding="utf-8").split("## New actions")[1].split("## ")[0]
    assert "| A1 |" in new and "| A2 |" in new and "| A5 |" not in new


def test_action_edit_rewrites_the_registration_and_keeps_status_as_history(cli: Cli, workspace: Path) -> None:
    assert cli("action", "add", "Order screws", "--owner", "J. Martin", "--due", "2027-03-20").code == 0
    assert cli("action", "add", "Other", "--owner", "A", "--due", "2027-03-20").code == 0
    r = cli(
        "action", "edit", "A1", "--title", "Order M6 screws", "--owner", "L. Petit", "--due", "2027-04-09",
        "--task", "wire", "--ease", "easy", "--status", "done", "--date", "2027-03-12",
    )  # fmt: skip
    assert r.code == 0, r.err
    assert "changed: due, ease, owner, status, task, title" in r.out
    listed = {a["id"]: a for a in json.loads(cli("action", "list", "--json").out)}
    a1 = listed["A1"]
    assert (a1["title"], a1["owner"], a1["due"], a1["task"], a1["ease"]) == (
        "Order M6 screws", "L. Petit", "2027-04-09", "wire", "easy",
    )  # fmt: skip
    assert (a1["status"], a1["pdca"]) == ("done", "check")  # finished, so its effect is to be checked
    assert listed["A2"]["title"] == "Other"
    created, updates = actions(open_workspace(workspace).read())
    assert [(u.action, u.status, u.date) for u in updates] == [
        ("A1", ActionStatus.DONE, dt.datetime(2027, 3, 12))
    ]
    assert created[0].ease is Ease.EASY and created[0].created == dt.datetime(2027, 3, 15)
    # clearing the task and the ease; a PDCA change alone is history too
    assert cli("action", "edit", "A1", "--task", "", "--ease", "none", "--pdca", "act").code == 0
    created, updates = actions(open_workspace(workspace).read())
    assert (created[0].task, created[0].ease) == (None, None) and updates[-1].pdca is Pdca.ACT


def test_action_update_hands_an_action_to_a_new_owner_and_due_date(cli: Cli, workspace: Path) -> None:
    assert cli("action", "add", "Order screws", "--owner", "J. Martin", "--due", "2027-03-20").code == 0
    r = cli("action", "update", "A1", "--owner", "L. Petit", "--due", "2027-04-09", "--status", "in-progress")
    assert r.code == 0, r.err
    (a1,) = json.loads(cli("action", "list", "--json").out)
    assert (a1["owner"], a1["due"], a1["status"]) == ("L. Petit", "2027-04-09", "in-progress")
    created, updates = actions(open_workspace(workspace).read())
    # the owner and due date correct the registration; the status change is history
    assert created[0].owner == "L. Petit" and created[0].due.date() == dt.date(2027, 4, 9)
    assert [(u.action, u.status) for u in updates] == [("A1", ActionStatus.IN_PROGRESS)]
    assert cli("action", "update", "A1", "--owner", "K. Roux").code == 0
    created, updates = actions(open_workspace(workspace).read())
    assert created[0].owner == "K. Roux" and len(updates) == 1  # no empty history entry
    before = fingerprint(workspace)
    r = cli("action", "update", "A1", "--owner", " ", "--status", "done")
    assert r.code == 1 and "must have an owner" in r.err and "Traceback" not in r.err
    assert fingerprint(workspace) == before
    assert "--owner" in cli("action", "update", "--help").out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("A9", "--owner", "X"), 1, "no action 'A9'"),
        (("A1", "--task", "nowhere"), 1, "unknown task 'nowhere'"),
        (("A1", "--owner", " "), 1, "must have an owner"),
        (("A1", "--title", ""), 1, "empty title"),
        (("A1", "--due", "next week"), 2, "due date 'next week'"),
        (("A1",), 2, "nothing to change"),
    ],
)
def test_action_edit_refuses_bad_input_and_writes_nothing(
    cli: Cli, workspace: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    assert cli("action", "add", "Order screws", "--owner", "J. Martin", "--due", "2027-03-20").code == 0
    before = fingerprint(workspace)
    r = cli("action", "edit", *args)
    assert r.code == code and message in r.err, r.err
    assert "Traceback" not in r.err and fingerprint(workspace) == before


def test_action_rm_removes_the_action_and_its_history_only(cli: Cli, workspace: Path) -> None:
    for title in ("First", "Second", "Third"):
        assert cli("action", "add", title, "--owner", "A", "--due", "2027-03-20").code == 0
    assert cli("action", "update", "A2", "--status", "in-progress").code == 0
    assert cli("action", "update", "A3", "--status", "done").code == 0
    r = cli("action", "rm", "A2", "--json")
    assert r.code == 0 and json.loads(r.out) == {"id": "A2", "removed": True}
    created, updates = actions(open_workspace(workspace).read())
    assert [a.id for a in created] == ["A1", "A3"]
    assert [(u.action, u.status) for u in updates] == [("A3", ActionStatus.DONE)]
    before = fingerprint(workspace)
    r = cli("action", "rm", "A2")
    assert r.code == 1 and "no action 'A2'" in r.err and fingerprint(workspace) == before

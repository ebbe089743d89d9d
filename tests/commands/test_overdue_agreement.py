"""Overdue actions: the minutes, the HTML report, `action list` and the TUI review judge them alike.

The status date (24 March 2027) is after the clock's today (15 March, the CLI fixture's), so an
action due between the two is overdue at the status date only: a face judging by the clock would
disagree with the others.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import TODAY, Result
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Link, Project, Task
from plantrack.store import WorkspaceState, create_workspace, open_workspace

Cli = Callable[..., Result]
DAY = 480
STATUS = "2027-03-24T17:00"
#: id -> (due, closed): the register below, and by hand which of them are overdue on 24 March
REGISTER = {
    "A1": ("2027-03-19", False),  # due before the status date, after the clock's today: overdue
    "A2": ("2027-03-24", False),  # due on the status date itself: not overdue yet
    "A3": ("2027-03-05", True),  # due long before, but done: never overdue
    "A4": ("2027-03-10", False),  # due before both dates: overdue
    "A5": ("2027-04-02", False),  # due after the status date
}
OVERDUE = ["A1", "A4"]


def by_hand(status: dt.date) -> list[str]:
    """The rule stated independently: open and due on a day strictly before the status date."""
    return sorted(
        a for a, (due, closed) in REGISTER.items() if not closed and dt.date.fromisoformat(due) < status
    )


@pytest.fixture
def workspace(tmp_path: Path, cli: Cli) -> Path:
    """Design 10d -> Build 10d -> Accept, from Mon 1 March 2027; baseline, design 70 % on 24 March."""
    path = tmp_path / "overdue.plantrack.json"
    project = Project(
        name="Overdue",
        start=dt.datetime(2027, 3, 1, 8),
        tasks=(
            Task(id="design", duration=Duration(minutes=10 * DAY)),
            Task(id="build", duration=Duration(minutes=10 * DAY)),
            Task(id="accept", milestone=True, gate=True),
        ),
        links=(Link(predecessor="design", successor="build"), Link(predecessor="build", successor="accept")),
    )
    create_workspace(path, WorkspaceState(project=project))
    assert cli("baseline", "save", "b1").code == 0
    r = cli("progress", "design", "--date", STATUS, "--actual-start", "2027-03-01T08:00", "--done", "70%")
    assert r.code == 0, r.err
    for ident, (due, closed) in REGISTER.items():
        r = cli(
            "action", "add", f"Action {ident}", "--owner", "J. Martin", "--due", due, "--date", "2027-03-01"
        )
        assert r.code == 0, r.err
        if closed:
            assert cli("action", "update", ident, "--status", "done", "--date", "2027-03-08").code == 0
    return path


def _md_table(md: str, title: str) -> list[list[str]]:
    """The body rows of one section's Markdown table."""
    section = md.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[c.strip() for c in row.strip("|").split("|")] for row in rows[2:]]


def test_the_rule_by_hand_is_the_one_expected() -> None:
    assert by_hand(dt.date(2027, 3, 24)) == OVERDUE
    assert by_hand(dt.date.fromisoformat(TODAY)) == ["A4"]  # what a clock-judged face would say


def test_minutes_report_list_and_review_screen_agree(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    # the minutes
    md = tmp_path / "minutes.md"
    r = cli("review", "--format", "md", "-o", str(md))
    assert r.code == 0, r.err
    text = md.read_text()
    assert [row[0] for row in _md_table(text, "Overdue actions")] == OVERDUE
    flags = {row[0]: row[-1] for row in _md_table(text, "Open points")}
    assert flags == {"A1": "yes", "A2": "", "A4": "yes", "A5": ""}

    # the HTML report: the tile and the register
    page = tmp_path / "report.html"
    r = cli("export", "html", "-o", str(page))
    assert r.code == 0, r.err
    html = page.read_text()
    tile = re.search(r"Overdue actions</div>\s*<div[^>]*>([^<]*)<", html)
    assert tile is not None and tile.group(1).strip() == str(len(OVERDUE))
    # overdue first, by due date
    assert re.findall(r'<tr class="overdue"><td>(A\d)</td>', html) == ["A4", "A1"]

    from plantrack.export.html.report import build_report

    state = open_workspace(workspace).read()
    report = build_report(state, today=dt.date.fromisoformat(TODAY), baseline=None, title=None)
    assert report.kpis.overdue_actions == len(OVERDUE)
    assert [a.id for a in report.dashboard.actions if a.overdue] == OVERDUE

    # action list, --json and text
    listed = json.loads(cli("action", "list", "--json").out)
    assert sorted(a["id"] for a in listed if a["overdue"]) == OVERDUE
    lines = cli("action", "list").out.splitlines()
    head = lines[0]
    column = head.index("Overdue")
    marked = sorted(line.split()[0] for line in lines[2:] if line[column:].startswith("yes"))
    assert marked == OVERDUE

    # the TUI review screen's data
    from plantrack.operations.review import meeting
    from plantrack.tui.tracking.review import sections_of

    data = meeting(state, today=dt.date.fromisoformat(TODAY))
    assert sorted(a.action.id for a in data.review.actions_overdue) == OVERDUE
    due = next(s for s in sections_of(data) if s.title == "Actions due")
    flagged = sorted(row.key for row in due.rows if "OVERDUE" in row.cells[3].plain)
    assert flagged == OVERDUE


def test_before_any_progress_actions_are_judged_at_today(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "fresh.plantrack.json"
    project = Project(
        name="Fresh", start=dt.datetime(2027, 3, 1, 8), tasks=(Task(id="t", duration=Duration(minutes=DAY)),)
    )
    create_workspace(path, WorkspaceState(project=project))
    for ident, (due, _) in REGISTER.items():
        assert cli("action", "add", f"Action {ident}", "--owner", "o", "--due", due).code == 0
    assert cli("action", "update", "A3", "--status", "done").code == 0
    listed = json.loads(cli("action", "list", "--json").out)
    assert sorted(a["id"] for a in listed if a["overdue"]) == by_hand(dt.date.fromisoformat(TODAY))

"""`plantrack review` with the meeting's record: stored with the review, shown in every section."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from hostile import flat
from md_render import render
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import MAX_NAME_LENGTH, Link, Project, Task, clean_text
from plantrack.scheduling.tracking.meeting import MeetingRecord
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.tracking_codec import meeting_records

Cli = Callable[..., Result]
S1 = dt.datetime(2027, 3, 3, 17)


@pytest.fixture
def tracked(cli: Cli, tmp_path: Path) -> Path:
    """Design 2d -> Accept (gate), a baseline and one status date (3 March 17:00); today 15 March."""
    path = tmp_path / "small.plantrack.json"
    project = Project(
        name="Small retrofit",
        start=dt.datetime(2027, 3, 1, 8),
        tasks=(
            Task(id="design", name="Design", duration=Duration(minutes=960)),
            Task(id="accept", name="Acceptance", milestone=True, gate=True),
        ),
        links=(Link(predecessor="design", successor="accept"),),
    )
    create_workspace(path, WorkspaceState(project=project))
    assert cli("baseline", "save", "initial").code == 0
    r = cli("progress", "design", "--date", "2027-03-03T17:00", "--actual-start", "2027-03-01T08:00")
    assert r.code == 0, r.err
    return path


def _section(md: str, title: str) -> str:
    return md.split(f"## {title}\n")[1].split("\n## ")[0]


def _shown(md: str, title: str) -> list[str]:
    """What a Markdown viewer shows in a section: each paragraph or list item."""
    return render(_section(md, title))[1]


def test_meeting_record_is_stored_and_printed_in_every_minutes(
    cli: Cli, tracked: Path, tmp_path: Path
) -> None:
    r = cli(
        "review", "--attendee", "A. Petit", "--attendee", "J. Martin (methods)",
        "--agenda", "Progress since 1 March", "--agenda", "G1: go or no-go",
        "--note", "Supplier visit confirmed", "--note", "d'outil < 10 min",
        "--next-meeting", "2027-03-29T09:00", "-o", "first.md",
    )  # fmt: skip
    assert r.code == 0, r.err
    md = (tmp_path / "first.md").read_text(encoding="utf-8")
    assert _shown(md, "Attendees") == ["A. Petit", "J. Martin (methods)"]
    assert _shown(md, "Agenda") == ["Progress since 1 March", "G1: go or no-go"]
    assert "1. Progress since 1 March\n2. G1: go or no-go" in md
    assert _shown(md, "Discussion notes") == ["Supplier visit confirmed", "d'outil < 10 min"]
    assert _shown(md, "Next meeting") == ["Next meeting: 2027-03-29 09:00."]
    stored = meeting_records(open_workspace(tracked).read())
    assert stored == [
        MeetingRecord(
            status_date=S1,
            attendees=("A. Petit", "J. Martin (methods)"),
            agenda=("Progress since 1 March", "G1: go or no-go"),
            notes=("Supplier visit confirmed", "d'outil < 10 min"),
            next_meeting=dt.datetime(2027, 3, 29, 9),
        )
    ]
    # kept through other writes (a decision dated after this meeting, so not in its minutes); written
    # again without the options: the same minutes, nothing stored twice
    assert cli("gate", "accept", "--decision", "deferred", "--by", "COPIL", "--date", "2027-03-20").code == 0
    assert cli("review", "-o", "again.md").code == 0
    assert (tmp_path / "again.md").read_text(encoding="utf-8") == md
    assert len(meeting_records(open_workspace(tracked).read())) == 1
    # one option replaces that field only
    assert cli("review", "--attendee", "Q. Manager", "-o", "third.html").code == 0
    page = (tmp_path / "third.html").read_text(encoding="utf-8")
    assert "<ul><li>Q. Manager</li></ul>" in page and "<li>G1: go or no-go</li>" in page
    assert "d&#x27;outil &lt; 10 min" in page and "Next meeting: 2027-03-29 09:00." in page
    # the next status date's review starts a record of its own
    assert cli("progress", "design", "--date", "2027-03-10T17:00", "--done", "100%").code == 0
    assert cli("review", "-o", "next.md").code == 0
    nxt = (tmp_path / "next.md").read_text(encoding="utf-8")
    assert _shown(nxt, "Attendees") == ["None recorded."] and _shown(nxt, "Next meeting") == ["Not set."]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--next-meeting", "2027-03-02"), 1, "must be after the status date"),
        (("--next-meeting", "someday"), 2, "--next-meeting 'someday'"),
        (("--attendee", "  "), 1, "an entry is empty"),
        (("--agenda", "x" * 2001), 1, "limit 2000"),
    ],
)
def test_bad_meeting_fields_are_refused_and_nothing_is_written(
    cli: Cli, tracked: Path, tmp_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    before = fingerprint(tracked)
    r = cli("review", *args, "-o", "m.md")
    assert r.code == code and message in r.err, r.err
    assert "Traceback" not in r.err and fingerprint(tracked) == before
    assert not (tmp_path / "m.md").exists()


def test_hostile_meeting_text_stays_literal_in_both_formats(
    cli: Cli, tracked: Path, tmp_path: Path, hostile: dict[str, list[str]]
) -> None:
    names = [s for s in flat(hostile) if len(s) <= MAX_NAME_LENGTH]
    # --option=VALUE: a name like "-5" would be read as an option otherwise
    args = [f"--{option}={name}" for name in names for option in ("attendee", "agenda", "note")]
    assert cli("review", *args, "-o", "m.md").code == 0
    md = (tmp_path / "m.md").read_text(encoding="utf-8")
    expected = [clean_text(s).strip() for s in names]
    for title in ("Attendees", "Agenda", "Discussion notes"):
        tags, shown = render(_section(md, title))
        assert set(tags) <= {"ul", "ol", "li", "p"}, title
        assert shown == expected, title
    assert cli("review", "-o", "m.html").code == 0
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<a " not in page and "<img" not in page and "\x1b" not in page

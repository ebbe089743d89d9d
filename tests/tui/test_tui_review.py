"""Review-meeting mode and the export action through the pilot, on the demo plan with a baseline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, TextArea
from tui_harness import pilot_test

import plantrack.demo
from conftest import TODAY, Result
from hostile import OWN
from plantrack.formats.toml.reader import load_project_toml
from plantrack.scheduling.errors import errors_only
from plantrack.scheduling.tracking.meeting import MeetingRecord
from plantrack.scheduling.tracking.progress import status_dates
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.tracking_codec import actions, gate_decisions, meeting_records, progress
from plantrack.tui.app import PlantrackApp
from plantrack.tui.forms.screen import FormScreen
from plantrack.tui.plan.view import display_text
from plantrack.tui.tracking.review import ReviewScreen

SIZE = (120, 40)
DEMO = Path(plantrack.demo.__file__).parent / "line3_retrofit.toml"
#: the CLI fixture's date, so the minutes written by the TUI and by `plantrack review` are comparable
MEETING = dt.date.fromisoformat(TODAY)
HOSTILE = OWN


@pytest.fixture
def demo(cli: Callable[..., Result], tmp_path: Path) -> Path:
    """The demo plan with baseline v1 and one status date (kickoff finished)."""
    project, problems = load_project_toml(DEMO)
    assert not errors_only(problems)
    path = tmp_path / "line3.plantrack.json"
    create_workspace(path, WorkspaceState(project=project))
    assert cli("baseline", "save", "v1").code == 0
    assert (
        cli("progress", "kickoff", "--date", "2027-01-15T17:00", "--actual-finish", "2027-01-04T08:00").code
        == 0
    )
    return path


async def fill(app: PlantrackApp, values: dict[str, str]) -> None:
    form = app.screen
    assert isinstance(form, FormScreen)
    for name, value in values.items():
        editor = form.query_one(f"#in-{name}")
        if isinstance(editor, TextArea):  # multi-line fields (notes): one entry per line
            editor.text = value.replace("; ", "\n")
        else:
            assert isinstance(editor, Input)
            editor.value = value


def _typed(form: FormScreen, name: str) -> str:
    editor = form.query_one(f"#in-{name}")
    return editor.text if isinstance(editor, TextArea) else editor.value if isinstance(editor, Input) else ""


def goto_section(screen: ReviewScreen, title: str) -> None:
    screen.index = next(i for i, s in enumerate(screen.sections) if s.title == title)
    screen.show()


def select_row(screen: ReviewScreen, key: str) -> None:
    table = screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(key))


def messages(app: PlantrackApp) -> list[str]:
    return [n.message for n in app._notifications]


@pilot_test
async def test_review_flow_records_progress_and_an_action_writes_minutes_and_a_status_date(
    demo: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    title = HOSTILE["terminal_markup"][0]
    app = PlantrackApp(demo, today=MEETING)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert "Review 2027-01-15" in str(screen.query_one("#review-head").render())
        assert [s.title for s in screen.sections] == [
            "Finished", "Started", "Late", "In progress", "Next 2 weeks", "Gates", "Actions due", "Meeting",
        ]  # fmt: skip
        finished = screen.sections[0]
        assert [r.key for r in finished.rows] == ["kickoff"]
        await pilot.press("tab")
        assert screen.index == 1
        # progress on a late task, in the flow of the meeting, at a new status date
        goto_section(screen, "Late")
        select_row(screen, "current-state")
        await pilot.press("p")
        await fill(
            app,
            {
                "date": "2027-01-22T17:00",
                "actual_start": "2027-01-18T08:00",
                "done": "80",
                "remaining": "1d",
                "cause": "material",
                "note": "quote late",
            },
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        # an action whose title is hostile text, shown literally
        await pilot.press("a")
        await fill(app, {"title": title, "owner": "I. Moreau", "due": "2027-01-26"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Review 2027-01-22 · since 2027-01-15" in str(screen.query_one("#review-head").render())
        goto_section(screen, "Started")
        assert [r.key for r in screen.sections[1].rows] == ["current-state"]
        goto_section(screen, "Actions due")
        table = screen.query_one(DataTable)
        assert str(table.get_cell_at(Coordinate(0, 1))) == display_text(title)
        stored = open_workspace(demo).read()
        created, _ = actions(stored)
        assert [(a.id, a.title, a.task) for a in created] == [("A1", title.strip(), "current-state")]
        # the minutes, written next to the workspace, equal what `plantrack review` writes
        await pilot.press("w")
        await pilot.pause()
        minutes = tmp_path / "line3-minutes-2027-01-22.md"
        assert minutes.exists() and (tmp_path / "line3-minutes-2027-01-22.html").exists()
        assert any("line3-minutes-2027-01-22.md" in m for m in messages(app))
        assert cli("review", "-o", "cli.md").code == 0
        text = minutes.read_text(encoding="utf-8")
        assert text == (tmp_path / "cli.md").read_text(encoding="utf-8")
        for heading in ("## Tasks finished", "## Tasks started", "## New actions", "## Open points"):
            assert heading in text
        started = text.split("## Tasks started")[1].split("## ")[0]
        assert "current-state" in started and "80 %" in started
        assert "material" in text  # the cause recorded in the meeting
        # a status date not after the current one is refused inline; a later one is saved
        await pilot.press("s")
        await fill(app, {"date": "2027-01-22T17:00"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "must be after the current one" in str(form.query_one("#err-date").render())
        await fill(app, {"date": "2027-01-25T17:00"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "Review 2027-01-25 · since 2027-01-22" in str(screen.query_one("#review-head").render())
    records = progress(open_workspace(demo).read())
    assert status_dates(records)[-1] == dt.datetime(2027, 1, 25, 17)
    # the new date restates the task in progress without changing what was reported
    last = [r for r in records if r.status_date == dt.datetime(2027, 1, 25, 17)]
    assert [(r.task, r.percent_complete, r.actual_start) for r in last] == [("current-state", None, None)]


@pilot_test
async def test_gate_decision_recorded_from_the_gates_section(demo: Path) -> None:
    app = PlantrackApp(demo, today=MEETING)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        goto_section(screen, "Gates")
        assert "g1-spec" in [r.key for r in screen.sections[5].rows]
        select_row(screen, "g1-spec")
        await pilot.press("d")
        await fill(app, {"decision": "maybe", "by": "Q. Manager"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "not one of validated, rejected, deferred" in str(form.query_one("#err-decision").render())
        await fill(app, {"decision": "deferred"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        goto_section(screen, "Gates")
        table = screen.query_one(DataTable)
        row = table.get_row_index("g1-spec")
        assert [str(table.get_cell_at(Coordinate(row, c))) for c in (4, 5)] == ["pending", "Q. Manager"]
    decisions = gate_decisions(open_workspace(demo).read())
    assert [(d.task, str(d.decision), d.by) for d in decisions] == [("g1-spec", "deferred", "Q. Manager")]


@pilot_test
async def test_export_action_writes_the_report_and_the_minutes_next_to_the_workspace(
    demo: Path, tmp_path: Path
) -> None:
    app = PlantrackApp(demo, today=MEETING)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        report = tmp_path / "line3-report.html"
        assert report.exists()
        page = report.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
        assert "Supplier consultation" in page
        assert any(str(report) in m for m in messages(app))
        await pilot.press("M")
        await pilot.pause()
        assert (tmp_path / "line3-minutes-2027-01-15.md").exists()
        assert any("line3-minutes-2027-01-15.html" in m for m in messages(app))


@pilot_test
async def test_review_without_a_baseline_says_so(tmp_path: Path) -> None:
    project, _ = load_project_toml(DEMO)
    path = tmp_path / "plain.plantrack.json"
    create_workspace(path, WorkspaceState(project=project))
    app = PlantrackApp(path, today=MEETING)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert "no baseline saved yet" in str(screen.query_one("#review-head").render())
        await pilot.press("w")
        await pilot.pause()
        assert not list(tmp_path.glob("*minutes*"))


@pilot_test
async def test_meeting_record_fields_are_saved_shown_and_printed_as_the_cli_prints_them(
    demo: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    # "Phase 2 [/]" crashed Textual when parsed as markup
    hostile = HOSTILE["terminal_markup"][3]
    app = PlantrackApp(demo, today=MEETING)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("m")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        names = ("attendees", "agenda", "notes", "next")
        assert [_typed(form, n) for n in names] == ["", "", "", ""]
        values = {
            "attendees": "A. Petit ; J. Martin (methods);",
            "agenda": f"Progress; {hostile}",
            "notes": "d'outil < 10 min",
            "next": "2027-01-10T09:00",  # before the status date of 15 January: refused beside the field
        }
        await fill(app, values)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "must be after the status date" in str(form.query_one("#err-next").render())
        await fill(app, {"next": "2027-01-29T09:00"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        goto_section(screen, "Meeting")
        table = screen.query_one(DataTable)
        shown = [
            tuple(str(table.get_cell_at(Coordinate(row, col))) for col in (0, 1))
            for row in range(table.row_count)
        ]
        assert shown == [
            ("Attendee", "A. Petit"),
            ("Attendee", "J. Martin (methods)"),
            ("Agenda 1", "Progress"),
            ("Agenda 2", display_text(hostile)),
            ("Note", "d'outil < 10 min"),
            ("Next meeting", "2027-01-29 09:00"),
        ]
        # the form opens again on what is stored
        await pilot.press("m")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#in-attendees", Input).value == "A. Petit; J. Martin (methods)"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
    assert meeting_records(open_workspace(demo).read()) == [
        MeetingRecord(
            status_date=dt.datetime(2027, 1, 15, 17),
            attendees=("A. Petit", "J. Martin (methods)"),
            agenda=("Progress", hostile),
            notes=("d'outil < 10 min",),
            next_meeting=dt.datetime(2027, 1, 29, 9),
        )
    ]
    minutes = (tmp_path / "line3-minutes-2027-01-15.md").read_text(encoding="utf-8")
    assert "## Attendees\n\n- A. Petit\n- J. Martin (methods)\n" in minutes
    assert "d'outil \\< 10 min" in minutes and "Next meeting: 2027-01-29 09:00." in minutes
    assert cli("review", "-o", "cli.md").code == 0
    assert (tmp_path / "cli.md").read_text(encoding="utf-8") == minutes


@pilot_test
async def test_progress_from_the_review_shows_the_notes_it_was_saved_with(demo: Path) -> None:
    # as `plantrack progress` prints them: no actual start typed, the baseline's is taken, with a note
    app = PlantrackApp(demo, today=MEETING)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        goto_section(screen, "Late")
        select_row(screen, "current-state")
        await pilot.press("p")
        await fill(app, {"date": "2027-01-22T17:00", "actual_start": "", "done": "50"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        notes = [n for n in app._notifications if n.title == "Saved with notes"]
        assert len(notes) == 1
        assert "baseline v1" in notes[0].message
    (record,) = [r for r in progress(open_workspace(demo).read()) if r.task == "current-state"]
    assert record.actual_start is not None

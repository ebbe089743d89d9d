"""The task form at 80x24 through the pilot: every field saved in one undo step, errors inline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static, TextArea
from tui_harness import pilot_test

from conftest import fingerprint
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import (
    Assignment,
    Calendar,
    ConstraintKind,
    Link,
    LinkType,
    Period,
    Project,
    Resource,
    ResourceKind,
    Task,
    Window,
)
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.tui.app import PlantrackApp
from plantrack.tui.forms.screen import FormScreen

SMALL = (80, 24)
TODAY = dt.date(2027, 3, 15)
DAY = 480


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """From Monday 2027-03-15 08:00 on the standard 8-17 calendar: a (2d) then b (1d); c alone (1d)."""
    path = tmp_path / "line3.plantrack.json"
    project = Project(
        name="Line 3",
        start=dt.datetime(2027, 3, 15, 8),
        calendars=(Calendar(id="crew", weekdays=(0, 1, 2, 3, 4, 5, 6)),),
        resources=(Resource(id="elec", capacity=2), Resource(id="press", kind=ResourceKind.MACHINE)),
        windows=(
            Window(id="stop", periods=(Period(start=dt.datetime(2027, 3, 15), end=dt.datetime(2027, 4, 5)),)),
        ),
        tasks=(
            Task(id="a", name="First", duration=Duration(minutes=2 * DAY)),
            Task(id="b", name="Second", duration=Duration(minutes=DAY)),
            Task(id="c", name="Third", duration=Duration(minutes=DAY), notes="old\nnotes"),
        ),
        links=(Link(predecessor="a", successor="b"),),
        assignments=(Assignment(task="c", resource="elec"),),
    )
    create_workspace(path, WorkspaceState(project=project))
    return path


def stored(path: Path) -> Project:
    return open_workspace(path).read().project


async def open_form(app: PlantrackApp, pilot: Pilot[None], task: str) -> FormScreen:
    app.gantt.select(task)
    await pilot.press("e")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, FormScreen)
    return form


def fill(form: FormScreen, values: dict[str, str]) -> None:
    for name, value in values.items():
        editor = form.query_one(f"#in-{name}")
        if isinstance(editor, TextArea):
            editor.text = value
        else:
            form.query_one(f"#in-{name}", Input).value = value


@pilot_test
async def test_the_edit_form_shows_every_field_and_fits_80x24(workspace: Path) -> None:
    app = PlantrackApp(workspace, today=TODAY, poll_seconds=3600)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        form = await open_form(app, pilot, "c")
        shown = form.collect()
        assert shown["resources"] == "elec"
        assert shown["notes"] == "old\nnotes"
        assert shown["duration"] == "1d"
        for name in ("after", "calendar", "window", "cost", "constraints", "optimistic", "likely", "notes"):
            assert name in shown
        # the calendar and window placeholders name the project's ids
        assert "crew" in form.query_one("#in-calendar", Input).placeholder
        assert "stop" in form.query_one("#in-window", Input).placeholder
        save = form.query_one("#save", Button).region
        assert 0 <= save.y < 24 and save.right <= 80  # Save stays on screen


@pilot_test
async def test_edit_links_resources_calendar_window_cost_constraints_estimate_notes_in_one_undo_step(
    workspace: Path,
) -> None:
    before = stored(workspace)
    app = PlantrackApp(workspace, today=TODAY, poll_seconds=3600)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.view is not None
        assert app.view.rows["c"].start == dt.datetime(2027, 3, 15, 8)
        form = await open_form(app, pilot, "c")
        fill(
            form,
            {
                "after": "a SS+1d, b",
                "resources": "elec:0.5, press",
                "calendar": "crew",
                "window": "stop",
                "cost": "1250.5",
                "constraints": "snet 2027-03-17T13:00",
                "duration": "",
                "optimistic": "1d",
                "likely": "1d",
                "pessimistic": "4d",
                "notes": "Crane booked\nby maintenance",
            },
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        c = stored(workspace).task_map()["c"]
        assert (c.calendar, c.window, c.fixed_cost, c.notes) == (
            "crew",
            "stop",
            1250.5,
            "Crane booked\nby maintenance",
        )
        assert [(k.kind, k.date) for k in c.constraints] == [
            (ConstraintKind.START_NO_EARLIER_THAN, dt.datetime(2027, 3, 17, 13))
        ]
        assert c.duration is None and c.estimate is not None
        links = [x for x in stored(workspace).links if x.successor == "c"]
        assert links == [
            Link(predecessor="a", successor="c", type=LinkType.SS, lag=Duration(minutes=DAY)),
            Link(predecessor="b", successor="c"),
        ]
        assert [(x.resource, x.units) for x in stored(workspace).assignments] == [
            ("elec", 0.5),
            ("press", 1.0),
        ]
        # hand-worked: a Mon 08:00 - Tue 17:00, b Wed 08:00-17:00; c waits for b (FS) and for a's start
        # + 1d (Tue 08:00) and the constraint (Wed 13:00): b's finish wins, and c's calendar (crew,
        # every day 8-17) starts it Thursday 08:00
        assert app.view.rows["c"].start == dt.datetime(2027, 3, 18, 8)
        # its length is the estimate's PERT mean, (1 + 4*1 + 4) / 6 = 1.5 days: Thursday and Friday morning
        assert app.view.rows["c"].finish == dt.datetime(2027, 3, 19, 12)
        await pilot.press("u")
        await pilot.pause()
        assert stored(workspace) == before  # one save, one undo step
        assert app.view.rows["c"].start == dt.datetime(2027, 3, 15, 8)


@pilot_test
async def test_a_bad_field_is_flagged_beside_it_and_nothing_is_saved(workspace: Path) -> None:
    app = PlantrackApp(workspace, today=TODAY, poll_seconds=3600)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        before = fingerprint(workspace)
        form = await open_form(app, pilot, "c")
        for field, typed, message in (
            ("calendar", "night", "no calendar 'night' in the plan; calendars: crew, standard"),
            ("window", "stop-9", "no window 'stop-9' in the plan; windows: stop"),
            ("resources", "elec, ghost", "no resource 'ghost' in the plan"),
            ("after", "b XX+1d", "link type 'XX' of b must be FS, SS, FF or SF"),
            ("after", "c", "task c cannot follow itself"),
            ("cost", "-3", "fixed cost '-3' must not be negative"),
            ("constraints", "snet soon", "'soon' is not a date"),
            ("pessimistic", "", "give all three durations of the estimate"),
            # typed text comes back as text, never as markup (a `[/` would crash a markup parser)
            ("resources", "[@click=app.quit]", "no resource '[@click=app.quit]' in the plan"),
            ("after", "Phase [/", "cannot read 'Phase [/'"),
        ):
            fill(form, {"optimistic": "1d", "likely": "2d", "pessimistic": "3d"})
            fill(form, {field: typed})
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form, field  # still open
            line = form.query_one(f"#err-{field}", Static)
            assert message in str(line.render()), (field, str(line.render()))
            assert line.has_class("shown") and line.region.height > 0
            assert form.focused is form.query_one(f"#in-{field}")  # the form scrolled to it
            fill(
                form,
                {"calendar": "", "window": "", "resources": "", "after": "", "cost": "", "constraints": ""},
            )
        assert fingerprint(workspace) == before  # nothing written
        fill(form, {"optimistic": "", "likely": "", "pessimistic": ""})
        # a cycle found by the plan check goes beside the predecessors too
        fill(form, {"after": "b"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form  # b -> c is fine: saved
        form = await open_form(app, pilot, "a")
        fill(form, {"after": "c"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "dependency cycle" in str(form.query_one("#err-after", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("u")  # back to the file as it was
        await pilot.pause()
    assert [(x.predecessor, x.successor) for x in stored(workspace).links] == [("a", "b")]


@pilot_test
async def test_an_untouched_edit_saves_nothing(workspace: Path) -> None:
    app = PlantrackApp(workspace, today=TODAY, poll_seconds=3600)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        revision = open_workspace(workspace).read().revision
        await open_form(app, pilot, "c")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert open_workspace(workspace).read().revision == revision
        assert app.session is not None and not app.session.can_undo

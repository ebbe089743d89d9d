"""The plant's portfolio screen: its layout worked by hand, driven with the pilot, hostile names inert,
a project removed or deleted while it is open, and `plantrack tui` choosing it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Input, Static
from tui_harness import pilot_test

from conftest import Result
from plant_fixture import stored_plant
from plantrack.operations.plant import add_projects, remove_project
from plantrack.operations.plant_report import Bar, Portfolio, ProjectLine
from plantrack.scheduling.plant_load import SharedLoad, SharedOverload, WeekLoad
from plantrack.store import open_workspace
from plantrack.tui.portfolio.app import BACK, PortfolioApp, member_app
from plantrack.tui.portfolio.layout import (
    OVER,
    Axis,
    axis_for,
    columns_for,
    load_strip,
    name_cells,
    plain,
    project_strip,
)
from plantrack.tui.portfolio.view import PortfolioView, portfolio_lines
from screen_capture import screen_text, settled_text

TODAY = dt.date(2027, 3, 15)
SIZE = (120, 40)
MONDAY = dt.date(2027, 3, 1)


def _at(day: dt.date, hour: int = 8) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def _line(phases: tuple[Bar, ...], milestones: tuple[Bar, ...] = ()) -> ProjectLine:
    return ProjectLine(
        workspace="w.plantrack.json",
        name="W",
        priority=1,
        status_date=None,
        start=phases[0].start,
        finish=phases[-1].finish,
        phases=phases,
        milestones=milestones,
    )


def test_phases_and_milestones_fall_in_the_weeks_that_hold_them() -> None:
    axis = Axis(start=MONDAY, weeks=1, cells=6)  # weeks of 03-01, 03-08, 03-15, 03-22, 03-29, 04-05
    study = Bar(id="s", name="Study", start=_at(dt.date(2027, 3, 2)), finish=_at(dt.date(2027, 3, 10), 17))
    build = Bar(id="b", name="Build", start=_at(dt.date(2027, 3, 15)), finish=_at(dt.date(2027, 3, 31), 17))
    gate = Bar(id="g", name="Go", start=_at(dt.date(2027, 4, 7)), finish=_at(dt.date(2027, 4, 7)), gate=True)
    strip = project_strip(_line((study, build), (gate,)), axis)
    # study: weeks 0-1; build: weeks 2-4 (03-31 is in the week of 03-29); the gate in week 5
    assert "".join(text for text, _style in strip) == "██▓▓▓◆"
    assert strip[5][1] == "gate"
    # today, where no bar is, marked in its week; under a bar the bar wins
    between = Bar(id="s", name="Study", start=_at(dt.date(2027, 3, 1)), finish=_at(dt.date(2027, 3, 2)))
    late = Bar(id="b", name="Build", start=_at(dt.date(2027, 3, 29)), finish=_at(dt.date(2027, 3, 30)))
    marked = Axis(start=MONDAY, weeks=1, cells=5, today=dt.date(2027, 3, 17))
    assert "".join(t for t, _s in project_strip(_line((between, late)), marked)) == "█ ┊ ▓"
    assert Axis(start=MONDAY, weeks=1, cells=5, today=dt.date(2027, 4, 5)).today_cell() is None
    # two weeks a cell: 03-10 is in cell 0, 03-31 in cell 2 (03-29 .. 04-11)
    assert Axis(start=MONDAY, weeks=2, cells=3).cell(dt.date(2027, 3, 31)) == 2


def _week(start: dt.date, load: float, capacity: float, over: bool) -> WeekLoad:
    return WeekLoad(
        start=start, load_hours=load, capacity_hours=capacity, by_project=(), peak_units=0.0, over=over
    )


def test_each_week_is_its_load_in_eighths_of_capacity_and_over_capacity_is_marked() -> None:
    load = SharedLoad(
        id="elec",
        name="Electricians",
        capacity=2,
        projects=(),
        weeks=(
            _week(MONDAY, 40, 80, False),  # half: 4 eighths
            _week(MONDAY + dt.timedelta(days=7), 0, 80, False),  # idle
            _week(MONDAY + dt.timedelta(days=14), 10, 80, False),  # 1/8
            _week(MONDAY + dt.timedelta(days=21), 60, 64, True),  # units over at some instant
        ),
        overallocations=(),
    )
    strip = load_strip(load, Axis(start=MONDAY, weeks=1, cells=4))
    assert "".join(text for text, _style in strip) == "▄·▁▲"
    # two weeks a cell: the worse of the two (over beats any load)
    assert "".join(t for t, _s in load_strip(load, Axis(start=MONDAY, weeks=2, cells=2))) == "▄▲"


SCREWING = "Screwing station retrofit, line 3"  # 33 cells
VISION = "Vision check of screw presence, line 3"  # 38 cells: the longest name
CREW = "Maintenance electricians"  # 24 cells


def _named(weeks: int, first: str = SCREWING, last: str = VISION) -> Portfolio:
    """Two projects and a shared crew over `weeks` weeks: `first` works in the first week, `last` in
    the last week, when the crew is over capacity (its row ends in " ▲1")."""
    week = MONDAY + dt.timedelta(weeks=weeks - 1)

    def one_week(workspace: str, name: str, monday: dt.date) -> ProjectLine:
        bar = Bar(id="p", name="Phase", start=_at(monday), finish=_at(monday + dt.timedelta(days=4), 17))
        return ProjectLine(
            workspace=workspace, name=name, priority=1, status_date=None, start=bar.start,
            finish=bar.finish, phases=(bar,),
        )  # fmt: skip

    crew = SharedLoad(
        id="elec",
        name=CREW,
        capacity=1.0,
        projects=(),
        weeks=tuple(
            _week(MONDAY + dt.timedelta(weeks=w), 50 if w == weeks - 1 else 0, 40, w == weeks - 1)
            for w in range(weeks)
        ),
        overallocations=(
            SharedOverload(
                resource="elec",
                start=week,
                end=week + dt.timedelta(days=5),
                peak_units=2.0,
                capacity_units=1.0,
                tasks=(),
            ),
        ),
    )
    return Portfolio(
        plant="Assembly",
        generated_on=MONDAY,
        projects=(one_week("a.plantrack.json", first, MONDAY), one_week("b.plantrack.json", last, week)),
        loads=(crew,),
        windows=(),
        owners=(),
    )


def _column(row: str, glyph: str) -> int:
    """The terminal column of the first `glyph` in `row` (cells: a wide character takes two)."""
    return cell_len(row[: row.index(glyph)])


def _check_axis_aligned(text: str, weeks: int, per_cell: int, width: int) -> None:
    """The months over the strip, both projects' phases and the crew's over-capacity week in the
    columns of their weeks, and nothing wider than the terminal."""
    rows = text.splitlines()
    header = next(r for r in rows if r.startswith("Project"))
    first = next(r for r in rows if " 1 2027-03-05" in r)  # finishes in the first week
    last = next(r for r in rows if " 1 2027-03-05" not in r and " 1 2027-" in r)
    crew = next(r for r in rows if "cap 1" in r)
    start = _column(header, "03")  # March, over the first cell
    assert _column(first, "█") == start
    assert _column(last, "█") == _column(crew, "▲") == start + (weeks - 1) // per_cell
    # the count after the crew's load fits too (the over-allocations written out below wrap as text)
    assert crew.endswith(f" {OVER}1") and all(cell_len(r) <= width for r in rows if not r.startswith(OVER))


def _table(text: str) -> str:
    """The rows of the table, without the over-allocations written out below it."""
    return "\n".join(r for r in text.splitlines() if not r.startswith(OVER))


@pytest.mark.parametrize(
    ("width", "weeks", "name", "per_cell"),
    [
        # 80 columns (78 inside the padding): the name and the strip share 78 - 1 - 31 - 8 - 1 - 3 = 34
        # (31 for the figures, 8 for the next gate, 3 for " ▲1" after the crew's load)
        (78, 12, 22, 1),  # twelve weeks need twelve cells: 22 left for the names
        (78, 40, 20, 3),  # beside 16-cell names 18 cells: 3 weeks a cell, 14 cells; 20 left
        # 120 columns: 118 - 1 - 31 - 14 - 1 - 3 = 68 shared
        (118, 12, 38, 1),  # the whole of the longest name
        (118, 40, 28, 1),  # one week a cell (46 cells beside 22-cell names) takes 40: 28 left
        # 200 columns: 148 shared
        (198, 40, 38, 1),
    ],
)
def test_the_name_column_takes_what_the_week_axis_leaves(
    width: int, weeks: int, name: int, per_cell: int
) -> None:
    portfolio = _named(weeks)
    cols = columns_for(portfolio, width)
    assert cols.name == name
    assert axis_for(portfolio, cols.strip).weeks == per_cell
    text = plain(portfolio_lines(portfolio, width, None))
    for full in (SCREWING, VISION, CREW):
        if len(full) <= name:
            assert full + " " in _table(text)  # whole, and nothing glued to it
        else:  # cut where the column ends, the cut shown by an ellipsis
            assert full[: name - 1].rstrip() + "…" in text and full not in _table(text)
    _check_axis_aligned(text, weeks, per_cell, width)


def test_a_name_past_forty_cells_is_cut_even_on_a_wide_terminal() -> None:
    long = "Robot cell for the press line: guarding, safety PLC and layout"
    text = plain(portfolio_lines(_named(12, last=long), 198, None))
    assert "Robot cell for the press line: guarding…" in text and long not in text  # 39 cells and …
    _check_axis_aligned(text, 12, 1, 198)


def test_wide_characters_are_cut_by_cells_and_the_axis_stays_aligned() -> None:
    wide = "第3ラインのねじ締めステーション改修"  # 18 characters, 17 of them wide: 35 cells
    portfolio = _named(12, last=wide)
    assert name_cells(portfolio) == 35
    text = plain(portfolio_lines(portfolio, 78, None))  # 22 cells for the names at 80 columns
    assert "第3ラインのねじ締めス…" in text  # 10 wide characters and the 3: 21 cells, then … in 22
    _check_axis_aligned(text, 12, 1, 78)


def _portfolio(app: PortfolioApp) -> Portfolio:
    assert app.plant_view is not None
    return app.plant_view.portfolio


@pilot_test
async def test_one_row_a_project_the_shared_load_below_and_enter_opens_the_selected_one(
    tmp_path: Path,
) -> None:
    plant = stored_plant(tmp_path)
    app = PortfolioApp(plant, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        text = await settled_text(app, pilot)
        press, line = text.index("Press 4 retrofit"), text.index("Line 3")
        assert press < line < text.index("Maintenance electricians")
        # one electrician, both projects book it on their first day: over capacity, named
        assert "▲" in text and "1 booked of" not in text
        assert [p.name for p in _portfolio(app).projects] == ["Press 4 retrofit", "Line 3"]
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.return_value == "line.plantrack.json"


@pilot_test
async def test_the_80x24_screen_reads_whole(tmp_path: Path) -> None:
    plant = stored_plant(tmp_path)
    app = PortfolioApp(plant, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = screen_text(app).splitlines()
    assert len(rows) == 24 and all(len(r) <= 80 for r in rows)
    assert rows[0].startswith(" plant Plant 1 · 2 projects")
    header = next(r for r in rows if r.lstrip().startswith("Project"))
    assert all(word in header for word in ("Finish", "Slip", "SPI", "CPI"))
    press = next(r for r in rows if "Press 4 retrofit" in r)
    line = next(r for r in rows if "Line 3" in r)
    elec = next(r for r in rows if "Maintenance ele" in r and "cap 1" in r)
    # the strips start in one column for every row: projects and load share the time axis
    strip_at = header.index("CPI") + len("CPI ") + 1 + 8 + 1  # CPI, its gap, the next gate (8) and a gap
    assert press[strip_at:].strip() and line[strip_at:].strip()
    # both projects on the first day, one electrician: the strip's first week is over capacity
    assert press[strip_at] == line[strip_at] == "█" and elec[strip_at] == "▲"
    assert "█▓ phase" in "\n".join(rows)


@pilot_test
async def test_the_selected_project_is_scrolled_into_view_on_a_short_terminal(tmp_path: Path) -> None:
    plant = stored_plant(tmp_path)
    app = PortfolioApp(plant, today=TODAY)
    async with app.run_test(size=(80, 4)) as pilot:  # title, header, one project, footer
        await pilot.pause()
        assert "Press 4 retrofit" in screen_text(app) and "Line 3" not in screen_text(app)
        await pilot.press("down")
        await pilot.pause()
        assert "Line 3" in screen_text(app)


@pilot_test
async def test_hostile_project_names_are_shown_as_text(tmp_path: Path, hostile: dict[str, list[str]]) -> None:
    plant = stored_plant(tmp_path)
    names = hostile["terminal_markup"][:2] + hostile["terminal_control"][:1]
    for file, name in zip(("press.plantrack.json", "line.plantrack.json"), names, strict=False):
        with open_workspace(tmp_path / file).update() as state:
            state.project = type(state.project)(**{**_fields(state.project), "name": name})
    app = PortfolioApp(plant, today=TODAY)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        assert app.is_running  # a [@click=app.quit] name is not an action
        shown = plain(portfolio_lines(_portfolio(app), 198, None))
        screen = screen_text(app)
    for name in names[:2]:
        assert name in shown and name in screen  # markup brackets shown literally, nothing styled away
    assert "\x1b" not in screen and "\x1b" not in shown


def _fields(project: object) -> dict[str, object]:
    from dataclasses import fields

    return {f.name: getattr(project, f.name) for f in fields(project)}  # type: ignore[arg-type]


@pilot_test
async def test_a_project_removed_or_deleted_while_open_is_named_on_refresh(tmp_path: Path) -> None:
    plant = stored_plant(tmp_path)
    app = PortfolioApp(plant, today=TODAY, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        remove_project(plant, tmp_path / "press.plantrack.json")
        await pilot.pause(0.3)
        problems = str(app.query_one("#plant-problems", Static).render())
        assert "Press 4 retrofit (press.plantrack.json) is no longer in plant Plant 1" in problems
        assert [p.name for p in _portfolio(app).projects] == ["Line 3"]
        (tmp_path / "line.plantrack.json").unlink()
        await pilot.press("r")
        await pilot.pause()
        problems = str(app.query_one("#plant-problems", Static).render())
        assert "line.plantrack.json" in problems and "is gone" in problems
        # a later read keeps naming the removal: the notice is not lost to the next refresh
        assert "Press 4 retrofit (press.plantrack.json) is no longer in plant" in problems
        assert _portfolio(app).projects == ()
        await pilot.press("enter")  # nothing left to open: still on the portfolio
        await pilot.pause()
        assert app.is_running
        add_projects(plant, [tmp_path / "press.plantrack.json"])
        await pilot.press("r")
        await pilot.pause()
        problems = str(app.query_one("#plant-problems", Static).render())
        assert "no longer in plant" not in problems  # back in the plant: nothing to say about it
        assert [p.name for p in _portfolio(app).projects] == ["Press 4 retrofit"]


def _elec_row(text: str) -> str:
    return next(r for r in text.splitlines() if "Maintenance ele" in r and "cap 1" in r)


def _assign(workspace: Path, resource: str) -> None:
    """Give every task of the workspace's project to `resource` (the plant has only `elec`)."""
    from dataclasses import replace

    with open_workspace(workspace).update() as state:
        project = state.project
        state.project = replace(
            project, assignments=tuple(replace(a, resource=resource) for a in project.assignments)
        )


@pilot_test
async def test_a_project_that_stops_resolving_is_named_in_its_row_and_the_others_are_shown(
    tmp_path: Path,
) -> None:
    plant = stored_plant(tmp_path)
    app = PortfolioApp(plant, today=TODAY, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "▲" in _elec_row(screen_text(app))  # both projects book the one electrician on their first day
        _assign(tmp_path / "press.plantrack.json", "robot")  # an id neither the project nor the plant has
        await pilot.pause(0.3)
        portfolio = _portfolio(app)
        assert [p.name for p in portfolio.projects] == ["Line 3"]
        assert [(u.workspace, u.name) for u in portfolio.unresolved] == [
            ("press.plantrack.json", "Press 4 retrofit")
        ]
        text = screen_text(app)
        row = next(r for r in text.splitlines() if r.lstrip().startswith("Press 4 retrofit"))
        assert "not shown: [plant-id-unknown] task A1 uses resource robot" in row
        problems = str(app.query_one("#plant-problems", Static).render())
        assert "press.plantrack.json" in problems and "robot" in problems
        # Line 3 alone books the electrician 1 of 1: no over-allocation left in the load below
        assert "▲" not in _elec_row(text)
        # enter opens the project still shown, not the one left out
        assert app.query_one(PortfolioView).selected_workspace() == "line.plantrack.json"
        _assign(tmp_path / "press.plantrack.json", "elec")  # fixed: shown again, nothing named
        await pilot.pause(0.3)
        assert [p.name for p in _portfolio(app).projects] == ["Press 4 retrofit", "Line 3"]
        assert _portfolio(app).unresolved == ()
        assert str(app.query_one("#plant-problems", Static).render()) == ""


@pilot_test
async def test_a_project_shadowing_a_plant_id_at_start_is_named_and_the_others_are_shown(
    tmp_path: Path,
) -> None:
    from dataclasses import replace

    from builders import resource

    plant = stored_plant(tmp_path)
    with open_workspace(tmp_path / "line.plantrack.json").update() as state:
        state.project = replace(state.project, resources=(resource("elec", 3),))
    app = PortfolioApp(plant, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [p.name for p in _portfolio(app).projects] == ["Press 4 retrofit"]
        row = next(r for r in screen_text(app).splitlines() if r.lstrip().startswith("Line 3"))
        assert "not shown: [plant-id-shadowed] project Line 3 defines resource elec" in row


@pilot_test
async def test_enter_on_a_project_deleted_since_the_last_read_names_it_and_stays(tmp_path: Path) -> None:
    plant = stored_plant(tmp_path)
    app = PortfolioApp(plant, today=TODAY, poll_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        (tmp_path / "press.plantrack.json").unlink()
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert "press.plantrack.json" in str(app.query_one("#plant-problems", Static).render())
        assert app.query_one(PortfolioView).selected_workspace() == "line.plantrack.json"


@pilot_test
async def test_escape_on_the_project_goes_back_to_the_portfolio_but_not_while_finding(tmp_path: Path) -> None:
    plant = stored_plant(tmp_path)
    app = member_app(plant, "line.plantrack.json", today=TODAY, here=tmp_path)
    assert app is not None
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # the project uses the plant's electricians without defining them: scheduled, nothing unknown
        assert not app.query_one("#problems", Static).has_class("shown")
        assert app.view is not None and {"B1", "B2"} <= set(app.view.rows)
        await pilot.press("slash")
        assert app.query_one("#search", Input).has_focus
        await pilot.press("escape")  # clears the search box, stays on the project
        await pilot.pause()
        assert app.is_running
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_value == BACK


Cli = Callable[..., Result]


@pytest.mark.parametrize("how", ["path", "option", "env"])
def test_tui_given_a_plant_opens_its_portfolio(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    plant = stored_plant(tmp_path)
    opened: list[Path | None] = []
    monkeypatch.setattr(
        "plantrack.tui.portfolio.app.run_plant", lambda store, today, here: opened.append(store.file)
    )
    argv = {"path": ["tui", plant.name], "option": ["tui", "-p", plant.name], "env": ["tui"]}[how]
    if how == "env":
        monkeypatch.setenv("PLANTRACK_PLANT", plant.name)
    assert cli(*argv).code == 0
    assert opened == [plant]


def test_tui_on_a_plant_that_is_not_there_names_it_and_opens_nothing(cli: Cli, tmp_path: Path) -> None:
    result = cli("tui", "nowhere.plant.json")
    assert result.code != 0 and "nowhere.plant.json" in result.err


@pilot_test
async def test_the_portfolio_speaks_french_through_the_catalog(tmp_path: Path, french: None) -> None:
    plant = stored_plant(tmp_path)
    app = PortfolioApp(plant, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        text = await settled_text(app, pilot)
    assert text.splitlines()[0].startswith(" site Plant 1 · 2 projets · 15/03/2027")
    assert "Ressources partagées, charge par semaine" in text and "cap. 1" in text
    assert "réservés sur 1" in text and "Ouvrir" in text and "Actualiser" in text


# a reviewed capture read by the test itself, kept out of __snapshots__ (syrupy would count it unused)
SNAPSHOT = Path(__file__).parent / "captures" / "portfolio_80x24.txt"


@pilot_test
async def test_the_80x24_screen_is_the_one_reviewed(tmp_path: Path) -> None:
    """The whole 80x24 screen as text, against the capture reviewed when the layout last changed."""
    plant = stored_plant(tmp_path)
    app = PortfolioApp(plant, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await settled_text(app, pilot)
    assert text + "\n" == SNAPSHOT.read_text(encoding="utf-8")


@pilot_test
async def test_the_plant_file_gone_is_named_and_the_last_portfolio_stays(tmp_path: Path) -> None:
    plant = stored_plant(tmp_path)
    app = PortfolioApp(plant, today=TODAY, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        plant.unlink()
        await pilot.pause(0.3)
        assert app.is_running
        assert "plant1.plant.json" in str(app.query_one("#plant-problems", Static).render())
        assert [p.name for p in _portfolio(app).projects] == ["Press 4 retrofit", "Line 3"]


@pilot_test
async def test_a_plant_that_cannot_be_read_is_tried_again_once_a_second_not_at_each_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plantrack.tui.portfolio import app as portfolio_app

    reads: list[object] = []
    read = portfolio_app.read_plant_view

    def counted(*args: object, **kwargs: object) -> object:
        reads.append(args[0])
        return read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(portfolio_app, "read_plant_view", counted)
    plant = stored_plant(tmp_path)
    kept = plant.read_bytes()
    app = PortfolioApp(plant, today=TODAY, poll_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        plant.unlink()
        await pilot.pause(0.3)
        reads.clear()
        await pilot.pause(1.5)  # thirty looks: the file is still gone, read again once or twice
        assert 1 <= len(reads) <= 2, len(reads)
        assert "plant1.plant.json" in str(app.query_one("#plant-problems", Static).render())
        plant.write_bytes(kept)
        await pilot.pause(1.5)
        assert str(app.query_one("#plant-problems", Static).render()) == ""

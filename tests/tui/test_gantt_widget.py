"""The Gantt widget through the pilot: painting, cursor, zoom, folding, filters, following the driver."""

from __future__ import annotations

from tui_harness import Harness, make_plan, pilot_test

from hostile import flat
from plantrack.tui.plan.gantt import HEADER_ROWS, GanttView
from plantrack.tui.plan.gantt_layout import Zoom

SIZE = (120, 40)


def screen_text(gantt: GanttView) -> list[str]:
    return [gantt.render_line(y).text for y in range(gantt.size.height)]


@pilot_test
async def test_paints_header_labels_and_bars() -> None:
    app = Harness(make_plan())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        gantt = app.query_one(GanttView)
        lines = screen_text(gantt)
        assert lines[0].startswith(" WBS    Task")
        assert "Mar 2027" in lines[0]
        assert "15" in lines[1]
        assert "1      ▾ Study" in lines[2]
        assert lines[3].startswith("!1.1      Functional specification")
        assert "03-15 03-16" in lines[3]
        assert "◆" in lines[5]
        assert all(len(line) == gantt.size.width or not line.strip() for line in lines)
        # bars sit where the scale puts them
        scale = gantt.scale
        assert scale is not None
        lead = lines[HEADER_ROWS + 6]
        col = gantt.label_width + scale.cell(make_plan().rows["lead"].start) - round(gantt.scroll_x)
        assert lead[col] in "▒▓█▏▎▍▌▋▊▉"


@pilot_test
async def test_cursor_fold_filter_and_follow() -> None:
    app = Harness(make_plan())
    async with app.run_test(size=SIZE) as pilot:
        gantt = app.query_one(GanttView)
        await pilot.press("down", "down")
        assert gantt.selected_id == "consult"
        await pilot.press("f")
        assert gantt.selected_id == "spec"
        await pilot.press("up", "space")
        assert gantt.selected_id == "study"
        assert [row.id for row in gantt.rows] == ["study", "proc", "order", "lead"]
        assert "(3 tasks)" in gantt.render_line(HEADER_ROWS).text
        await pilot.press("space", "l")
        assert [row.id for row in gantt.rows] == ["study", "consult"]
        await pilot.press("l", "c")
        assert [row.id for row in gantt.rows] == ["study", "spec", "consult", "gate"]
        await pilot.press("c")
        # following a driver hidden by a fold unfolds its phase
        await pilot.press("home", "space")
        gantt.select("order")
        await pilot.press("f")
        assert gantt.selected_id == "gate"
        assert "study" not in gantt.collapsed


@pilot_test
async def test_zoom_keeps_the_centre_date_and_scrolls() -> None:
    app = Harness(make_plan())
    async with app.run_test(size=SIZE) as pilot:
        gantt = app.query_one(GanttView)
        await pilot.pause()
        assert gantt.zoom is Zoom.WEEK
        await pilot.press("plus")
        assert gantt.zoom is Zoom.DAY
        await pilot.press("minus", "minus", "minus", "minus")
        assert gantt.zoom is Zoom.QUARTER
        await pilot.press("plus", "plus")
        assert gantt.zoom is Zoom.WEEK
        await pilot.press("t")
        scale = gantt.scale
        assert scale is not None
        today_col = scale.cell(make_plan().today)  # type: ignore[arg-type]
        assert round(gantt.scroll_x) <= today_col < round(gantt.scroll_x) + gantt.timeline_width


@pilot_test
async def test_only_visible_lines_are_painted_on_a_big_plan() -> None:
    app = Harness(make_plan(rows=5000))
    async with app.run_test(size=SIZE) as pilot:
        gantt = app.query_one(GanttView)
        await pilot.pause()
        assert len(gantt.rows) == 5007
        await pilot.press("end")
        assert gantt.selected_id == "n4999"
        assert round(gantt.scroll_y) == 5007 - (gantt.size.height - HEADER_ROWS)
        assert len(gantt._strips) < 200


@pilot_test
async def test_hostile_names_show_literally_and_run_nothing(hostile: dict[str, list[str]]) -> None:
    markup, control = hostile["terminal_markup"], hostile["terminal_control"]
    app = Harness(make_plan(extra_names=flat(hostile)))
    async with app.run_test(size=(200, 60)) as pilot:
        gantt = app.query_one(GanttView)
        await pilot.pause()
        text = "\n".join(gantt.render_line(y).text for y in range(gantt.size.height))
        assert markup[2] in text  # "[@click=app.quit]…[/]"
        assert markup[4] in text  # "… [/"
        assert markup[0] in text  # "[bold …]x[/]"
        assert "\x1b" not in text and "\r" not in text
        assert control[1].replace("\x1b", "") in text  # "… ESC[2J ESC[H …": the escapes dropped
        # clicking a hostile row runs no action
        row = next(i for i, r in enumerate(gantt.rows) if markup[2] in gantt.plan.rows[r.id].name)  # type: ignore[union-attr]
        await pilot.click(GanttView, offset=(10, HEADER_ROWS + row))
        await pilot.pause()
        assert app.is_running


@pilot_test
async def test_narrow_terminal_gets_compact_label_columns() -> None:
    app = Harness(make_plan())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        gantt = app.query_one(GanttView)
        assert gantt.compact
        assert "Start" not in gantt.render_line(0).text
        assert gantt.timeline_width == gantt.size.width - gantt.label_width
        await pilot.press("v")
        assert not gantt.compact
        assert "Start" in gantt.render_line(0).text

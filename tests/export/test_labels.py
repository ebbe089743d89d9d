"""Assignment labels: one function for the HTML report and the TUI's resources column."""

from __future__ import annotations

import datetime as dt

import pytest

from builders import days, plan, resource, task, use
from plantrack.export.html.collect import task_views
from plantrack.export.labels import assignment_labels
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.model import Calendar, Project
from plantrack.store import WorkspaceState
from plantrack.tui.plan.build import build_view
from plantrack.tui.plan.view import display_text


def _project() -> Project:
    return plan(
        [task("a", days(1)), task("b", days(1))],
        (),
        start=dt.datetime(2027, 3, 1, 8),
        calendars=(Calendar(id="standard"),),
        resources=(resource("fit", 3, name="Fitter\n\x1b[31mred"), resource("elec")),
        assignments=[use("a", "fit", 1.5), use("a", "elec"), use("b", "elec", 0.5)],
    )


def test_names_and_units_in_assignment_order_the_id_when_there_is_no_name() -> None:
    assert assignment_labels(_project()) == {
        "a": ("Fitter\n\x1b[31mred ×1.5", "elec ×1"),
        "b": ("elec ×0.5",),
    }
    # the face's rule for user text applies to the name only
    assert assignment_labels(_project(), display_text)["a"] == ("Fitter [31mred ×1.5", "elec ×1")


@pytest.mark.usefixtures("french")
def test_french_units_take_a_decimal_comma() -> None:
    assert assignment_labels(_project())["b"] == ("elec ×0,5",)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_report_and_the_tui_show_the_same_labels(lang: str, request: pytest.FixtureRequest) -> None:
    if lang == "fr":
        request.getfixturevalue("french")
    project = _project()
    report = {t.id: t.resources for t in task_views(project, cpm(project))}
    rows = build_view(WorkspaceState(project=project), today=dt.date(2027, 3, 1)).rows
    tui = {tid: row.resources for tid, row in rows.items()}
    assert tui["b"] == ", ".join(report["b"]) == ("elec ×0,5" if lang == "fr" else "elec ×0.5")
    assert tui["a"] == ", ".join(display_text(label) for label in report["a"])

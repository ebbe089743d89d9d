"""The diff of a scenario against the current plan, item by item, in text (both languages) and JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from builders import START, chain, days, link, period, plan, resource, task, use
from plantrack.operations.scenarios.diff import Change, Kind, diff_json, plan_diff, render_diff
from plantrack.scheduling.model import Calendar, LinkType, Project, Window


def current() -> Project:
    return plan(
        [task("A", "2d", name="Prepare"), task("B", "3d"), task("C", "1d")],
        chain("A", "B", "C"),
        resources=[resource("crew", capacity=2, rate=40.0)],
        assignments=[use("A", "crew"), use("B", "crew", 2)],
        windows=[Window(id="stop", periods=(period(dt.datetime(2027, 5, 1), dt.datetime(2027, 5, 3)),))],
        calendars=[Calendar(id="night", weekdays=(0, 1, 2, 3, 4))],
    )


def edited(project: Project, **tasks: dict[str, object]) -> Project:
    return dataclasses.replace(
        project,
        tasks=tuple(dataclasses.replace(t, **tasks[t.id]) if t.id in tasks else t for t in project.tasks),  # type: ignore[arg-type]
    )


def test_the_same_plan_has_no_difference() -> None:
    diff = plan_diff(current(), current())
    assert diff.empty
    assert render_diff(diff, current(), "copy") == ["Scenario copy: no difference from the current plan"]


def test_a_changed_task_names_each_changed_field_with_both_values() -> None:
    scenario = edited(
        current(), B={"duration": days(18), "name": "Build", "deadline": dt.datetime(2027, 4, 1)}
    )
    diff = plan_diff(current(), scenario)
    (item,) = diff.items
    assert (item.kind, item.key, item.change) == (Kind.TASK, ("B",), Change.CHANGED)
    changes = {c.field: (c.before, c.after) for c in item.fields}
    assert changes == {
        "name": ("", "Build"),
        "duration": (days(3), days(18)),
        "deadline": (None, dt.datetime(2027, 4, 1)),
    }
    assert diff.task_changes()["B"] is item


def test_added_and_removed_tasks_links_and_assignments() -> None:
    base = current()
    scenario = dataclasses.replace(
        base,
        tasks=(*base.tasks[:2], task("D", "4h")),  # C removed, D added
        links=(link("A", "B", "SS", "1d"), link("B", "D")),  # B->C removed, A->B changed, B->D added
        assignments=(use("A", "crew", 0.5), use("D", "crew")),  # A's units changed, B's removed, D's added
    )
    diff = plan_diff(base, scenario)
    tasks = {i.key: i for i in diff.of_kind(Kind.TASK)}
    assert tasks[("C",)].change is Change.REMOVED
    assert tasks[("D",)].change is Change.ADDED
    assert [(f.field, f.after) for f in tasks[("D",)].fields] == [("duration", days(0.5))]
    links = {i.key: i for i in diff.of_kind(Kind.LINK)}
    assert links[("A", "B")].change is Change.CHANGED
    assert {f.field: (f.before, f.after) for f in links[("A", "B")].fields} == {
        "type": (LinkType.FS, LinkType.SS),
        "lag": (days(0), days(1)),
    }
    assert links[("B", "C")].change is Change.REMOVED
    assert links[("B", "D")].change is Change.ADDED
    assignments = {i.key: i for i in diff.of_kind(Kind.ASSIGNMENT)}
    assert [(f.before, f.after) for f in assignments[("A", "crew")].fields] == [(1.0, 0.5)]
    assert assignments[("B", "crew")].change is Change.REMOVED
    assert assignments[("D", "crew")].change is Change.ADDED


def test_resources_calendars_windows_and_project_settings() -> None:
    base = current()
    later = period(dt.datetime(2027, 5, 8), dt.datetime(2027, 5, 10))
    scenario = dataclasses.replace(
        base,
        finish=dt.datetime(2027, 6, 30),
        resources=(resource("crew", capacity=3, rate=40.0), resource("hire", rate=90.0)),
        calendars=(Calendar(id="night", weekdays=(0, 1, 2, 3, 4, 5)),),
        windows=(Window(id="stop", periods=(later,)),),
    )
    diff = plan_diff(base, scenario)
    assert [(c.field, c.before, c.after) for c in diff.project] == [
        ("finish", None, dt.datetime(2027, 6, 30))
    ]
    kinds = [(i.kind, i.key, i.change, i.field_names()) for i in diff.items]
    assert kinds == [
        (Kind.RESOURCE, ("crew",), Change.CHANGED, ("capacity",)),
        (Kind.RESOURCE, ("hire",), Change.ADDED, ("rate",)),
        (Kind.CALENDAR, ("night",), Change.CHANGED, ("weekdays",)),
        (Kind.WINDOW, ("stop",), Change.CHANGED, ("periods",)),
    ]


def test_json_is_locale_free(french: None) -> None:
    scenario = edited(current(), B={"duration": days(18), "deadline": dt.datetime(2027, 4, 1, 17)})
    doc = diff_json(plan_diff(current(), scenario), scenario)
    assert doc == {
        "project": {},
        "items": [
            {
                "kind": "task",
                "key": ["B"],
                "change": "changed",
                "fields": {
                    "duration": {"before": "3d", "after": "18d"},
                    "deadline": {"before": None, "after": "2027-04-01T17:00:00"},
                },
            }
        ],
    }
    json.dumps(doc)


def test_text_in_english_and_french(french: None) -> None:
    scenario = edited(current(), B={"duration": days(18)})
    lines = render_diff(plan_diff(current(), scenario), scenario, "late")
    assert lines == [
        "Scénario late : 1 différence avec le planning actuel",
        "Tâches",
        "  ~ B : duration : 3d → 18d",
    ]


def test_english_text_lists_each_kind_under_its_heading() -> None:
    base = current()
    scenario = dataclasses.replace(edited(base, B={"duration": days(18)}), links=base.links[:1])
    assert render_diff(plan_diff(base, scenario), scenario, "late") == [
        "Scenario late: 2 differences from the current plan",
        "Tasks",
        "  ~ B: duration: 3d → 18d",
        "Links",
        "  - B → C: removed",
    ]


@pytest.mark.parametrize("name", ["\x1b[2Jwipe", "evil\u202eeman"])
def test_hostile_names_are_inert(name: str) -> None:
    base = current()
    scenario = edited(base, A={"name": name})
    text = "\n".join(render_diff(plan_diff(base, scenario), scenario, name))
    assert "\x1b" not in text and "\u202e" not in text


def test_start_moved() -> None:
    scenario = dataclasses.replace(current(), start=START + dt.timedelta(days=7))
    diff = plan_diff(current(), scenario)
    assert [c.field for c in diff.project] == ["start"]

"""A project resolved against its plant: shared ids used as its own, shadowing and unknown ids refused."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.builders import period, plan, resource, task, use

from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.errors import InvalidInput, ModelError
from plantrack.scheduling.model import Calendar, Plant, PlantProject, Window
from plantrack.scheduling.shared import plant_problems, resolution_problems, resolve

STOP = Window(id="aug-stop", periods=(period(dt.datetime(2027, 3, 3, 8), dt.datetime(2027, 3, 5, 17)),))
NIGHTS = Calendar(id="crew", weekdays=(0, 1, 2, 3, 4, 5, 6))


def a_plant(**fields: object) -> Plant:
    values: dict[str, object] = {
        "name": "Plant 1",
        "calendars": (NIGHTS,),
        "resources": (resource("elec", capacity=2, calendar="crew"),),
        "windows": (STOP,),
    }
    values.update(fields)
    return Plant(**values)  # type: ignore[arg-type]


def test_a_project_uses_the_plants_items_by_id_as_its_own() -> None:
    project = plan(tasks=[task("wire", "1d", window="aug-stop")], assignments=[use("wire", "elec")])
    resolved = resolve(project, a_plant())
    assert [r.id for r in resolved.resources] == ["elec"]
    assert [c.id for c in resolved.calendars] == ["crew"]
    assert [w.id for w in resolved.windows] == ["aug-stop"]
    schedule = cpm(resolved)
    # the wiring waits for the stop on Wednesday 3 March, and runs on the crew's seven-day calendar
    assert schedule.task("wire").early_start_at == dt.datetime(2027, 3, 3, 8)


def test_local_items_stay_beside_the_shared_ones() -> None:
    project = plan(tasks=[task("a", "1d")], resources=[resource("fitter")], assignments=[use("a", "fitter")])
    resolved = resolve(project, a_plant())
    assert [r.id for r in resolved.resources] == ["elec", "fitter"]


def test_a_local_id_shadowing_a_plant_id_names_both() -> None:
    project = plan(tasks=[task("a", "1d")], resources=[resource("elec")])
    with pytest.raises(InvalidInput) as caught:
        resolve(project, a_plant())
    [problem] = caught.value.problems()
    assert problem.code == "plant-id-shadowed"
    assert problem.ids == ("elec",)
    assert "Plant 1" in problem.message and project.name in problem.message


def test_every_shadowed_kind_is_reported_at_once() -> None:
    project = plan(
        tasks=[task("a", "1d")],
        resources=[resource("elec")],
        windows=[STOP],
        calendar=Calendar(id="crew"),
    )
    codes = [(p.code, p.ids) for p in resolution_problems(project, a_plant())]
    assert codes == [
        ("plant-id-shadowed", ("crew",)),
        ("plant-id-shadowed", ("elec",)),
        ("plant-id-shadowed", ("aug-stop",)),
    ]


def test_an_id_neither_has_is_unknown_naming_its_user() -> None:
    project = plan(
        tasks=[task("a", "1d", window="july-stop"), task("b", "1d", calendar="weekend")],
        assignments=[use("a", "robot"), use("b", "robot")],
    )
    problems = resolution_problems(project, a_plant())
    assert [(p.code, p.ids) for p in problems] == [
        ("plant-id-unknown", ("a", "july-stop")),
        ("plant-id-unknown", ("b", "weekend")),
        ("plant-id-unknown", ("a", "robot")),
        ("plant-id-unknown", ("b", "robot")),
    ]
    assert "task a" in problems[0].message and "Plant 1" in problems[0].message


def test_the_plant_itself_must_hold_together() -> None:
    plant = a_plant(resources=(resource("elec", calendar="nights"), resource("elec")))
    assert [(p.code, p.ids) for p in plant_problems(plant)] == [
        ("id-duplicate", ("elec",)),
        ("calendar-unknown", ("elec", "nights")),
    ]
    assert plant_problems(a_plant()) == []


def test_plant_invariants() -> None:
    with pytest.raises(ModelError, match="priority"):
        PlantProject(workspace="a.plantrack.json", priority=0)
    with pytest.raises(ModelError) as caught:
        a_plant(projects=(PlantProject(workspace="a.json"), PlantProject(workspace="a.json", priority=2)))
    assert caught.value.code() == "plant-project-duplicate"
    with pytest.raises(ModelError):
        a_plant(name=" ")

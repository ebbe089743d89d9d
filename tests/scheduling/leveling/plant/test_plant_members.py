"""Plant members: a resource id shared by several projects is one capacity they must define alike."""

from __future__ import annotations

import datetime as dt

import pytest

from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.leveling.plant.members import PlantMember, shared_resources
from plantrack.scheduling.model import Project, Resource

MONDAY_8 = dt.datetime(2026, 3, 2, 8, 0)


def _project(name: str, *resources: Resource) -> Project:
    return Project(name=name, start=MONDAY_8, resources=resources)


def test_a_resource_in_two_projects_is_one_shared_capacity() -> None:
    press = _project("Press 4 retrofit", Resource(id="electricians", capacity=3), Resource(id="crane"))
    line = _project("Line 2 upgrade", Resource(id="electricians", capacity=3), Resource(id="welders"))
    shared = shared_resources([PlantMember(project=press), PlantMember(project=line)])
    assert sorted(shared) == ["crane", "electricians", "welders"]
    assert shared["electricians"].capacity == 3


def test_a_resource_defined_differently_names_both_projects() -> None:
    press = _project("Press 4 retrofit", Resource(id="electricians", capacity=3))
    line = _project("Line 2 upgrade", Resource(id="electricians", capacity=2))
    with pytest.raises(InvalidInput) as caught:
        shared_resources([PlantMember(project=press), PlantMember(project=line)])
    (problem,) = caught.value.problems()
    assert problem.code == "plant-resource-mismatch"
    assert problem.ids == ("electricians", "Press 4 retrofit", "Line 2 upgrade")
    assert "Press 4 retrofit" in problem.message and "Line 2 upgrade" in problem.message


def test_a_name_alone_may_differ_between_projects() -> None:
    press = _project("Press 4 retrofit", Resource(id="crane", name="Crane"))
    line = _project("Line 2 upgrade", Resource(id="crane", name="Overhead crane"))
    assert list(shared_resources([PlantMember(project=press), PlantMember(project=line)])) == ["crane"]


def test_a_priority_weight_must_be_above_zero() -> None:
    with pytest.raises(InvalidInput) as caught:
        PlantMember(project=_project("Press 4 retrofit"), priority=0)
    assert caught.value.problems()[0].code == "plant-priority-invalid"

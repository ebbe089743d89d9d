"""Codec: every model object maps to a JSON document and back exactly; bad documents name the spot."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from store_strategies import projects

from plantrack.scheduling import model
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Estimate, Period, Project, Task
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.codec import CodecError, _converters, decode, decode_project, encode, encode_project
from plantrack.store.storage import serialise


@given(projects())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_projects_round_trip_exactly(project: Project) -> None:
    document = encode_project(project)
    # through the bytes the file holds, not only the in-memory dicts
    back = decode_project(json.loads(serialise(document)))
    assert back == project
    assert encode_project(back) == document


@given(projects())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_projects_round_trip_through_a_workspace_file(project: Project) -> None:
    state = WorkspaceState(project=project, schedule={"finish": "x"}, sections={"progress": [{"a": 1}]})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.plantrack.json"
        create_workspace(path, state)
        assert open_workspace(path).read() == state


def _model_dataclasses() -> list[type]:
    return [
        obj
        for obj in vars(model).values()
        if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == model.__name__
    ]


def test_every_field_of_project_objects_is_written_even_at_its_default() -> None:
    task = Task(id="t")
    assert set(encode(Task, task)) == {f.name for f in dataclasses.fields(Task)}
    project = Project(name="p", start=dt.datetime(2027, 1, 4))
    assert set(encode_project(project)) == {f.name for f in dataclasses.fields(Project)}
    # and every model class can be encoded (a new type in the model fails here, not at save time)
    classes = _model_dataclasses()
    assert Task in classes and model.TaskActual in classes
    for cls in classes:
        _converters(cls)  # raises TypeError for a field type the codec cannot store


def test_hand_worked_documents() -> None:
    assert encode(Duration, Duration(minutes=7200, elapsed=True)) == {"minutes": 7200, "elapsed": True}
    period = Period(start=dt.datetime(2027, 4, 16, 17), end=dt.datetime(2027, 4, 19, 6), reason="stop")
    assert encode(Period, period) == {
        "start": "2027-04-16T17:00:00",
        "end": "2027-04-19T06:00:00",
        "reason": "stop",
    }
    task = Task(
        id="install",
        estimate=Estimate(
            optimistic=Duration(minutes=480), likely=Duration(minutes=720), pessimistic=Duration(minutes=1440)
        ),
        constraints=(
            model.Constraint(kind=model.ConstraintKind.MUST_START_ON, date=dt.datetime(2027, 4, 16)),
        ),
    )
    doc = encode(Task, task)
    assert doc["estimate"]["likely"] == {"minutes": 720, "elapsed": False}
    assert doc["constraints"] == [{"kind": "must-start-on", "date": "2027-04-16T00:00:00"}]
    assert doc["duration"] is None and doc["priority"] == 500
    assert decode(Task, doc) == task


def _task_doc(**changes: object) -> dict[str, object]:
    doc = encode(Task, Task(id="weld", duration=Duration(minutes=60)))
    doc.update(changes)
    return doc


@pytest.mark.parametrize(
    ("changes", "where", "words"),
    [
        ({"priority": "high"}, "tasks[0].priority", "expected an integer"),
        ({"priority": True}, "tasks[0].priority", "expected an integer"),
        ({"duration": {"minutes": 1.5, "elapsed": False}}, "tasks[0].duration.minutes", "integer"),
        ({"deadline": "next week"}, "tasks[0].deadline", "not a date-time"),
        (
            {"constraints": [{"kind": "asap", "date": "2027-01-01T00:00:00"}]},
            "tasks[0].constraints[0].kind",
            "asap",
        ),
        ({"colour": "red"}, "tasks[0]", "unknown field(s) colour"),
        ({"duration": {"minutes": -5, "elapsed": False}}, "tasks[0]", "negative duration"),
        ({"fixed_cost": None}, "tasks[0].fixed_cost", "expected a number"),
    ],
)
def test_bad_documents_name_the_offending_spot(changes: dict[str, object], where: str, words: str) -> None:
    document = encode_project(Project(name="p", start=dt.datetime(2027, 1, 4)))
    document["tasks"] = [_task_doc(**changes)]
    with pytest.raises(CodecError) as caught:
        decode_project(document)
    assert caught.value.where == where
    assert words in str(caught.value)


def test_missing_required_field_is_named() -> None:
    document = encode_project(Project(name="p", start=dt.datetime(2027, 1, 4)))
    del document["start"]
    with pytest.raises(CodecError, match="missing field"):
        decode_project(document)


def test_numbers_stay_numbers() -> None:
    res = model.Resource(id="elec", capacity=2, rate=48.5)
    back = decode(model.Resource, json.loads(serialise(encode(model.Resource, res))))
    assert back == res and isinstance(back.capacity, float) and back.rate == 48.5

"""Codec: every model object maps to a JSON document and back exactly; bad documents name the spot."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_strategies import projects

from plantrack.scheduling import model
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import Estimate, Period, Project, Task
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.codec import (
    CodecError,
    _converters,
    decode,
    decode_project,
    encode,
    encode_project,
    located_decoder,
)
from plantrack.store.codec_fast import Slow, fast_decoder
from plantrack.store.plan import PlannedTask, StoredPlan
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
    moment = dt.datetime(2027, 1, 4, 8)
    plan = StoredPlan(start=moment, finish=moment, tasks=(PlannedTask(id="x", start=moment, finish=moment),))
    state = WorkspaceState(project=project, schedule=plan, sections={"remarks": [{"a": 1}]})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.plantrack.json"
        create_workspace(path, state)
        assert open_workspace(path).read() == state


def _model_dataclasses() -> list[type]:
    return [
        obj
        for obj in vars(model).values()
        if isinstance(obj, type)
        and dataclasses.is_dataclass(obj)
        and obj.__module__.startswith(model.__name__ + ".")
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


# --- the compiled fast path agrees with the field-by-field decoder -------------------------------

ODD_VALUES = st.sampled_from(
    [
        *[None, True, False, 0, 1, -1, 1.5, "", "x", "FS", "person", "2027-01-04T08:00:00", "2027-13-01"],
        *[[], {}, {"minutes": 60, "elapsed": False}, {"minutes": 60, "elapsed": 0}],
        *[{"minutes": True, "elapsed": False}, [{"kind": "asap"}], ["x"], [1]],
        [{"kind": "must-start-on", "date": "2027-01-04T00:00:00"}],
    ]
)


def _outcome(decoder: Callable[[Any], Any], document: Any) -> tuple[str, Any]:
    try:
        value = decoder(document)
    except (Slow, ValueError):
        return ("refused", None)
    return ("ok", value)


def _exact(value: Any) -> Any:
    """Equality that also tells 1 from 1.0 from True (dataclass == would not)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value), tuple(_exact(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, tuple):
        return tuple(_exact(v) for v in value)
    return (type(value), value)


@given(projects(), st.data())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fast_decoder_accepts_and_builds_exactly_what_the_located_decoder_does(
    project: Project, data: st.DataObject
) -> None:
    document = encode_project(project)
    name = data.draw(st.sampled_from(["tasks", "links", "calendars", "resources", "windows", "assignments"]))
    item_cls = {"tasks": Task, "links": model.Link, "calendars": model.Calendar}.get(name) or {
        "resources": model.Resource,
        "windows": model.Window,
        "assignments": model.Assignment,
    }[name]
    docs = document[name] or [encode(item_cls, _minimal(item_cls))]
    doc = dict(data.draw(st.sampled_from(docs)))
    action = data.draw(st.sampled_from(["keep", "replace", "drop", "add"]))
    key = data.draw(st.sampled_from(sorted(doc)))
    if action == "replace":
        doc[key] = data.draw(ODD_VALUES)
    elif action == "drop":
        del doc[key]
    elif action == "add":
        doc["colour"] = data.draw(ODD_VALUES)
    fast = _outcome(fast_decoder(item_cls), doc)
    located = _outcome(located_decoder(item_cls), doc)
    if fast[0] == "ok":
        assert located[0] == "ok" and _exact(fast[1]) == _exact(located[1])
    assert _outcome(lambda d: decode(item_cls, d), doc)[0] == located[0]


def _minimal(cls: type) -> Any:
    samples: dict[type, Any] = {
        model.Link: model.Link(predecessor="a", successor="b"),
        model.Assignment: model.Assignment(task="a", resource="r"),
        model.Window: model.Window(
            id="w", periods=(Period(start=dt.datetime(2027, 1, 1), end=dt.datetime(2027, 1, 2)),)
        ),
        model.Resource: model.Resource(id="r"),
        model.Calendar: model.Calendar(id="c"),
        Task: Task(id="t"),
    }
    return samples[cls]


def test_equal_leaf_objects_are_shared_and_stay_equal() -> None:
    doc = {"minutes": 60, "elapsed": False}
    first, second = decode(Duration, dict(doc)), decode(Duration, dict(doc))
    assert first is second and first == Duration(minutes=60)
    assert decode(Duration, {"minutes": 60, "elapsed": True}) == Duration(minutes=60, elapsed=True)
    with pytest.raises(CodecError, match="integer"):
        decode(Duration, {"minutes": 60.0, "elapsed": False})

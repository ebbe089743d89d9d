"""Scenarios in the workspace file: round trips, lazy decoding, bytes kept as they were, hand-edited files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from store_strategies import projects

from plantrack.scheduling.model import Project
from plantrack.store import WorkspaceState, WorkspaceUnreadable, create_workspace, open_workspace, saving
from plantrack.store import workspace as workspace_module
from plantrack.store.codec import encode_project
from plantrack.store.plan import PlannedTask, StoredPlan
from plantrack.store.scenario_plan import pack, unpack
from plantrack.store.scenario_view import ScenarioWorkspace
from plantrack.store.scenarios import SCENARIOS, Scenario, Scenarios, split_documents
from plantrack.store.sealed import spans_of

WHEN = dt.datetime(2026, 12, 6, 9, 30)


@pytest.fixture(scope="module")
def demo_project() -> Project:
    from plantrack.formats.demo import load_demo

    return load_demo()[0]


def _renamed(project: Project, index: int, name: str) -> Project:
    tasks = list(project.tasks)
    tasks[index] = dataclasses.replace(tasks[index], name=name)
    return dataclasses.replace(project, tasks=tuple(tasks))


def _plan(finish: str) -> StoredPlan:
    """A stored plan ending at `finish` (ISO), with one task."""
    start, end = dt.datetime(2027, 1, 4, 8), dt.datetime.fromisoformat(finish)
    return StoredPlan(start=start, finish=end, tasks=(PlannedTask(id="x", start=start, finish=end),))


def _with_scenarios(path: Path, project: Project, *names: str) -> None:
    state = WorkspaceState(project=project, schedule=_plan("2027-08-25T15:40"))
    for number, name in enumerate(names):
        state.scenarios.add(
            Scenario.new(
                name,
                _renamed(project, 1, f"variant {number}"),
                None,
                note=f"note {number}",
                created_by="C. Martin",
                created_at=WHEN,
            )
        )
    create_workspace(path, state)


def _tables_but(path: Path, *skipped: str) -> dict[str, bytes]:
    raw = path.read_bytes()
    spans = spans_of(raw)
    assert spans is not None
    return {name: raw[a:b] for name, (a, b) in spans.items() if name not in skipped}


def test_scenarios_survive_save_and_open(tmp_path: Path, demo_project: Project) -> None:
    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "late", "two stops")
    state = open_workspace(path).read()
    assert state.scenarios.names() == ["late", "two stops"]
    late = state.scenarios.get("late")
    assert (late.note, late.created_by, late.created_at) == ("note 0", "C. Martin", WHEN)
    assert late.project == _renamed(demo_project, 1, "variant 0")
    assert late.schedule is None
    assert state.project == demo_project  # the current plan is not a scenario's
    assert "scenarios" not in state.sections


def test_opening_a_sealed_file_decodes_no_scenario_plan(tmp_path: Path, demo_project: Project) -> None:
    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "a", "b", "c")
    state = open_workspace(path).read()
    assert [s.loaded for s in state.scenarios] == [False, False, False]
    state.scenarios.get("b").project  # noqa: B018 - the first access decodes that one only
    assert [s.loaded for s in state.scenarios] == [False, True, False]


def test_a_save_that_touches_no_scenario_writes_their_bytes_back(
    tmp_path: Path, demo_project: Project
) -> None:
    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "a", "b")
    before = _tables_but(path)[SCENARIOS]
    with open_workspace(path).update() as state:
        state.project = _renamed(state.project, 0, "current renamed")
        state.scenarios.get("a").project  # noqa: B018 - read, not changed
    after = _tables_but(path)
    assert after[SCENARIOS] == before
    assert open_workspace(path).read().project.tasks[0].name == "current renamed"


def test_an_unchanged_update_writes_nothing(tmp_path: Path, demo_project: Project) -> None:
    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "a")
    raw = path.read_bytes()
    with open_workspace(path).update() as state:
        state.scenarios.get("a").project  # noqa: B018
    assert path.read_bytes() == raw


def test_editing_a_scenario_leaves_the_current_plan_byte_for_byte(
    tmp_path: Path, demo_project: Project
) -> None:
    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "a", "b")
    before = _tables_but(path, "meta", SCENARIOS)
    old_docs = split_documents(_tables_but(path)[SCENARIOS])
    view = ScenarioWorkspace(open_workspace(path), "a")
    with view.update() as state:
        state.project = _renamed(state.project, 2, "edited in a")
        state.schedule = _plan("2027-09-01T17:00")
    assert view.read().project.tasks[2].name == "edited in a"
    assert _tables_but(path, "meta", SCENARIOS) == before
    new_docs = split_documents(_tables_but(path)[SCENARIOS])
    assert old_docs is not None and new_docs is not None
    assert new_docs[1] == old_docs[1] and new_docs[0] != old_docs[0]  # b's bytes kept
    state = open_workspace(path).read()
    assert state.project == demo_project
    assert state.schedule == _plan("2027-08-25T15:40")
    assert state.scenarios.get("a").schedule == _plan("2027-09-01T17:00")


def test_a_view_shares_the_histories_and_saves_their_changes(tmp_path: Path, demo_project: Project) -> None:
    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "a")
    with open_workspace(path).update() as state:
        state.sections["remarks"] = [{"n": 1}]
    view = ScenarioWorkspace(open_workspace(path), "a")
    assert view.read().sections == {"remarks": [{"n": 1}]}
    with view.update() as state:
        state.sections["remarks"].append({"n": 2})
    assert open_workspace(path).read().sections == {"remarks": [{"n": 1}, {"n": 2}]}


def test_an_unknown_scenario_names_the_existing_ones(tmp_path: Path, demo_project: Project) -> None:
    from plantrack.scheduling.errors import InvalidInput

    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "late", "early")
    with pytest.raises(InvalidInput) as caught:
        ScenarioWorkspace(open_workspace(path), "lat").read()
    message = caught.value.problems()[0].message
    assert "'lat'" in message and "'late'" in message and "'early'" in message


def test_a_file_laid_out_by_hand_keeps_its_scenarios(tmp_path: Path, demo_project: Project) -> None:
    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "a", "b")
    sealed = open_workspace(path).read()
    path.write_text(json.dumps(json.loads(path.read_bytes()), indent=1), encoding="utf-8")  # unsealed now
    state = open_workspace(path).read()
    assert state.scenarios == sealed.scenarios
    assert state.scenarios.get("b").project == _renamed(demo_project, 1, "variant 1")
    with open_workspace(path).update() as changed:  # a save seals it again, scenarios included
        changed.project = _renamed(changed.project, 0, "x")
    assert open_workspace(path).read().scenarios == sealed.scenarios


def _hand_edited(path: Path, edit: object) -> None:
    data = json.loads(path.read_bytes())
    edit(data)  # type: ignore[operator]
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def test_a_bad_scenario_plan_names_the_file_and_the_scenario_when_used(
    tmp_path: Path, demo_project: Project
) -> None:
    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "good", "broken")

    def break_it(data: dict) -> None:  # type: ignore[type-arg]
        # written by hand: the plan as plain JSON under "project" instead of packed
        del data[SCENARIOS]["2"]["packed"]
        document = encode_project(demo_project)
        document["tasks"][0]["duration"] = "soon"
        data[SCENARIOS]["2"]["project"] = document

    _hand_edited(path, break_it)
    state = open_workspace(path).read()  # the workspace still opens: the current plan is fine
    assert state.scenarios.get("good").project.tasks[1].name == "variant 0"
    with pytest.raises(WorkspaceUnreadable) as caught:
        state.scenarios.get("broken").project  # noqa: B018
    text = str(caught.value)
    assert "w.plantrack.json" in text and "'broken'" in text and "project.tasks[0].duration" in text
    with open_workspace(path).update() as kept:  # the bad scenario can still be removed
        kept.scenarios.remove("broken")
    assert open_workspace(path).read().scenarios.names() == ["good"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d[SCENARIOS]["1"].update(name=3), "name is 3"),
        (lambda d: d[SCENARIOS]["1"].update(name="  "), "name is empty"),
        (lambda d: d[SCENARIOS]["2"].update(name="a"), "two scenarios are named 'a'"),
        (lambda d: d[SCENARIOS]["1"].update(created_at="yesterday"), "'yesterday'"),
        (lambda d: d[SCENARIOS].update({"1": []}), "not an object"),
    ],
)
def test_a_bad_scenario_header_makes_the_file_unreadable(
    tmp_path: Path, demo_project: Project, edit: object, expected: str
) -> None:
    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "a", "b")
    _hand_edited(path, edit)
    with pytest.raises(WorkspaceUnreadable) as caught:
        open_workspace(path).read()
    assert expected in str(caught.value) and "w.plantrack.json" in str(caught.value)


def test_no_scenario_means_no_table_and_the_file_of_before(tmp_path: Path, demo_project: Project) -> None:
    plain, emptied = tmp_path / "p.plantrack.json", tmp_path / "e.plantrack.json"
    _with_scenarios(plain, demo_project)
    _with_scenarios(emptied, demo_project, "a")
    with open_workspace(emptied).update() as state:
        state.scenarios.remove("a")
    assert SCENARIOS not in json.loads(plain.read_bytes())
    assert _tables_but(emptied, "meta") == _tables_but(plain, "meta")


def test_a_reader_without_scenarios_keeps_the_table_as_a_section(
    tmp_path: Path, demo_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plantrack of the same schema that knows no scenarios sees a section of JSON documents, keeps
    it through its own saves, and the scenarios are there again for this one."""
    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "a", "b")
    expected = open_workspace(path).read().scenarios
    path.write_text(json.dumps(json.loads(path.read_bytes()), indent=1), encoding="utf-8")  # strict path
    older = saving.RESERVED_TABLES - {SCENARIOS}
    with monkeypatch.context() as older_reader:
        older_reader.setattr(workspace_module, "RESERVED_TABLES", older)
        older_reader.setattr(saving, "RESERVED_TABLES", older)
        older_reader.setattr(workspace_module, "load_scenarios", lambda _path, _stored: Scenarios())
        with open_workspace(path).update() as state:
            assert len(state.sections[SCENARIOS]) == 2
            state.project = _renamed(state.project, 0, "edited by an older plantrack")
    state = open_workspace(path).read()
    assert state.project.tasks[0].name == "edited by an older plantrack"
    assert state.scenarios == expected


def test_a_plan_written_by_hand_in_plain_json_is_read(tmp_path: Path, demo_project: Project) -> None:
    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "a")

    def plain(data: dict) -> None:  # type: ignore[type-arg]
        del data[SCENARIOS]["1"]["packed"]
        data[SCENARIOS]["1"]["project"] = encode_project(_renamed(demo_project, 3, "by hand"))
        # an older version's layout of the stored plan (the `schedule --json` document) is read too
        data[SCENARIOS]["1"]["schedule"] = {
            "project": {"start": "2027-01-04T08:00:00", "finish": "2027-09-01T17:00:00"},
            "tasks": [{"id": "x", "start": "2027-01-04T08:00:00", "finish": "2027-09-01T17:00:00"}],
        }

    _hand_edited(path, plain)
    scenario = open_workspace(path).read().scenarios.get("a")
    assert scenario.project == _renamed(demo_project, 3, "by hand")
    assert scenario.schedule == _plan("2027-09-01T17:00")


@pytest.mark.parametrize("packed", ["not base64!", "aGVsbG8=", 42])
def test_a_damaged_packed_plan_names_the_scenario(
    tmp_path: Path, demo_project: Project, packed: object
) -> None:
    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "a")
    _hand_edited(path, lambda data: data[SCENARIOS]["1"].update(packed=packed))
    state = open_workspace(path).read()
    with pytest.raises(WorkspaceUnreadable) as caught:
        state.scenarios.get("a").project  # noqa: B018
    assert "scenario 'a'" in str(caught.value) and "packed" in str(caught.value)


def test_the_packed_plan_is_a_small_part_of_the_file(tmp_path: Path, demo_project: Project) -> None:
    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "a", "b", "c", "d", "e")
    tables = _tables_but(path)
    plan_bytes = sum(len(v) for k, v in tables.items() if k not in (SCENARIOS, "meta"))
    assert len(tables[SCENARIOS]) * 3 < plan_bytes * 5  # each plan in less than a third of its room


def test_replacing_the_scenarios_container_is_saved(tmp_path: Path, demo_project: Project) -> None:
    path = tmp_path / "w.plantrack.json"
    _with_scenarios(path, demo_project, "a")
    with open_workspace(path).update() as state:
        state.scenarios = Scenarios()
    assert open_workspace(path).read().scenarios.names() == []


@given(projects())
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_packed_plan_reads_back_exactly_by_both_decoders(project: Project) -> None:
    schedule = _plan("2027-01-05T17:00")
    document = {"packed": pack(project, schedule)}
    assert unpack(document, trusted=True) == (project, schedule)
    assert unpack(document, trusted=False) == (project, schedule)


def test_a_sealed_scenario_takes_the_typed_decoder(demo_project: Project) -> None:
    import base64
    import zlib

    from plantrack.store.scenario_plan import _fast

    raw = zlib.decompress(base64.b64decode(pack(demo_project, None)))
    assert _fast(raw) == (demo_project, None)
    assert _fast(raw.replace(b'"project":{', b'"project":{"unknown_field":1,', 1)) is None  # strict path then

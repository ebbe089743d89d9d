"""Sealed files: the digest lets a file this store wrote load fast; any other file takes the strict path."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_strategies import projects

from plantrack.scheduling.model import Project
from plantrack.store import WorkspaceState, create_workspace, open_workspace, saving, sealed, tables
from plantrack.store import workspace as workspace_module
from plantrack.store.errors import StorageError, WorkspaceUnreadable
from plantrack.store.sealed import read_sealed, seal, sealed_meta, spans_of
from plantrack.store.storage import parse_tables
from plantrack.store.workspace import decode_state

SCHEMA = workspace_module.migrations.SCHEMA_VERSION
WRITTEN_BY = saving.WRITTEN_BY


@pytest.fixture(scope="module")
def demo_project() -> Project:
    from plantrack.formats.demo import load_demo

    return load_demo()[0]


def _strict(path: Path) -> WorkspaceState:
    """The state as the strict path decodes it (parse with duplicate checks, located decoder)."""
    parsed = parse_tables(path, path.read_bytes())
    return decode_state(path, parsed.tables, parsed.tables["meta"]["1"]["revision"])


def _make(tmp_path: Path, project: Project, **sections: list[dict[str, Any]]) -> Path:
    path = tmp_path / "plan.plantrack.json"
    create_workspace(path, WorkspaceState(project=project, sections=dict(sections)))
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(project=projects())
def test_a_sealed_file_decodes_fast_to_exactly_what_the_strict_path_decodes(
    tmp_path_factory: pytest.TempPathFactory, project: Project
) -> None:
    path = _make(tmp_path_factory.mktemp("w"), project, remarks=[{"task": "x", "percent": 12.5}])
    found = read_sealed(path.read_bytes(), SCHEMA, WRITTEN_BY)
    assert found is not None  # the file is sealed: the fast path takes it
    assert found.project == project
    strict = _strict(path)
    assert found.project == strict.project
    assert found.parsed.tables["remarks"] == {"1": {"task": "x", "percent": 12.5}}


def test_the_store_reads_a_sealed_file_without_the_strict_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_project: Project
) -> None:
    path = _make(tmp_path, demo_project)

    def refuse(*args: object) -> None:
        raise AssertionError("the strict parse ran on a sealed file")

    monkeypatch.setattr(workspace_module, "parse_tables", refuse)
    assert open_workspace(path).read().project == demo_project
    assert workspace_module.Workspace(path).read().project == demo_project


def test_an_edit_by_hand_breaks_the_seal_and_is_read_strictly(tmp_path: Path, demo_project: Project) -> None:
    path = _make(tmp_path, demo_project)
    first = demo_project.tasks[0]
    text = path.read_text()
    edited = text.replace(
        f'"name":{json.dumps(first.name, ensure_ascii=False)}', '"name":"Renamed by hand"', 1
    )
    assert edited != text
    path.write_text(edited)
    assert sealed_meta(path.read_bytes()) is None
    assert read_sealed(path.read_bytes(), SCHEMA, WRITTEN_BY) is None
    assert open_workspace(path).read().project.tasks[0].name == "Renamed by hand"


def test_a_duplicated_document_line_is_refused_even_with_the_seal_left_in(
    tmp_path: Path, demo_project: Project
) -> None:
    path = _make(tmp_path, demo_project)
    lines = path.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith('    "2": {"calendar":'))
    lines.insert(at + 1, lines[at])  # task document "2" twice: json would keep the last silently
    path.write_text("".join(lines))
    with pytest.raises(WorkspaceUnreadable, match="appears twice"):
        open_workspace(path).read()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda meta: meta.replace('"digest":"', '"digest":"0'),
        lambda meta: meta.replace('"revision":', '"revision":0,"revision":'),
        lambda meta: meta.replace('"schema_version":', '"schema_version":0,"schema_version":'),
    ],
)
def test_a_tampered_meta_is_not_trusted(tmp_path: Path, demo_project: Project, tamper: Any) -> None:
    path = _make(tmp_path, demo_project)
    text = path.read_text()
    start = text.index('\n  "meta": ')
    end = text.index("\n  }", start)
    tampered = tamper(text[start:end])
    assert tampered != text[start:end]
    path.write_text(text[:start] + tampered + text[end:])
    assert sealed_meta(path.read_bytes()) is None


@pytest.mark.parametrize("names", [[], ["assignments"], ["zeta"], ["alpha", "tasks"], ["a", "b", "y", "z"]])
def test_the_seal_covers_the_file_wherever_meta_falls_among_the_tables(names: list[str]) -> None:
    raw = b"".join(seal(((name, "{}") for name in names), {"schema_version": SCHEMA, "revision": 4}))
    doc = json.loads(raw)
    assert sorted(doc) == sorted([*names, "meta"]) and list(doc) == sorted(doc)
    assert sealed_meta(raw) == doc["meta"]["1"]
    spans = spans_of(raw)
    assert spans is not None and sorted(spans) == sorted(doc)
    for name in names:  # one byte changed anywhere outside meta breaks the seal
        assert sealed_meta(raw.replace(f'"{name}": {{}}'.encode(), f'"{name}": []'.encode())) is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300)
@given(value=json_values)
def test_the_fast_decoder_reads_any_json_value_as_json_does(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    try:
        fast = sealed._PLAIN.decode(text)
    except msgspec.DecodeError:
        return  # refused: the strict path takes the file
    assert fast == json.loads(text)
    assert json.dumps(fast) == json.dumps(json.loads(text))  # same types too (1 vs 1.0 vs True)


@settings(max_examples=300)
@given(value=json_values)
def test_the_store_encodes_any_json_value_so_that_it_reads_back_equal(value: Any) -> None:
    text = tables.encode(value)
    assert json.loads(text) == value
    # same types (1 vs 1.0 vs true)
    assert json.dumps(json.loads(text), sort_keys=True) == json.dumps(value, sort_keys=True)
    assert "\n" not in text


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ({"rate": math.nan}, ValueError),
        ([math.inf], ValueError),
        ({"at": dt.datetime(2027, 1, 4)}, TypeError),
        ({"ids": {"a", "b"}}, TypeError),
        ({"cost": decimal.Decimal("1.5")}, TypeError),
    ],
)
def test_what_json_cannot_hold_exactly_is_refused_not_rewritten(value: Any, error: type[Exception]) -> None:
    # msgspec alone would write null for NaN, a text for a datetime, a list for a set
    with pytest.raises(error):
        tables.encode(value)


def test_values_msgspec_writes_differently_fall_back_to_json() -> None:
    assert tables.encode({"pair": (1, 2)}) == '{"pair":[1,2]}'
    assert tables.encode({3: "three"}) == '{"3":"three"}'
    assert tables.encode({"b": 1, "a": [1.0, True, None, "é\n"]}) == '{"a":[1.0,true,null,"é\\n"],"b":1}'


def test_a_nan_in_a_changed_section_is_refused_not_written_as_null(
    tmp_path: Path, demo_project: Project
) -> None:
    path = _make(tmp_path, demo_project)
    plan = {"finish_hours": 12.5, "tasks": [{"id": "a", "float": 1.0}]}
    with open_workspace(path).update() as state:
        state.sections["remarks"] = [plan]
    before = path.read_bytes()
    with pytest.raises(StorageError, match="cannot be written"), open_workspace(path).update() as state:
        state.sections["remarks"] = [{"finish_hours": 12.5, "tasks": [{"id": "a", "float": math.nan}]}]
    assert path.read_bytes() == before
    assert open_workspace(path).read().sections["remarks"] == [plan]


def test_a_file_sealed_by_another_version_is_read_strictly(tmp_path: Path, demo_project: Project) -> None:
    # a newer version may have written fields this one does not know: the strict path refuses them
    # where msgspec would drop them, so only this very version's files take the fast path
    path = _make(tmp_path, demo_project)
    raw = path.read_bytes()
    assert read_sealed(raw, SCHEMA, WRITTEN_BY) is not None
    assert read_sealed(raw, SCHEMA, "plantrack 99.0") is None
    assert read_sealed(raw, SCHEMA + 1, WRITTEN_BY) is None


def test_a_document_of_many_short_fields_is_one_line_like_any_other() -> None:
    doc = {f"k{i:02}": i for i in range(70)}
    assert tables.document_text(doc) == tables.encode(doc)
    long_doc = {f"k{i:02}": "x" * 40 for i in range(70)}  # over the line limit: one field per line
    assert tables.document_text(long_doc).count("\n") == 71

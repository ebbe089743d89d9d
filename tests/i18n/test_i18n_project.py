"""The project's own `language`: read and written by the TOML format, kept by the store."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from english_afterwards import english_afterwards  # noqa: F401  (autouse)

from plantrack.formats.toml.reader import loads_project_toml
from plantrack.formats.toml.writer import dumps_project_toml
from plantrack.scheduling.errors import InvalidInput, ModelError
from plantrack.scheduling.model import Project
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.language import project_language

PLAN = """
[project]
name = "Rétrofit du poste de vissage, ligne 3"
start = 2027-01-04
{language}

[[tasks]]
id = "a"
duration = "2d"
"""


def test_the_toml_key_is_read_and_written_back() -> None:
    project, _ = loads_project_toml(PLAN.format(language='language = "fr"'))
    assert project.language == "fr"
    assert 'language = "fr"' in dumps_project_toml(project)
    assert loads_project_toml(dumps_project_toml(project))[0] == project


def test_without_the_key_there_is_no_project_language() -> None:
    project, _ = loads_project_toml(PLAN.format(language=""))
    assert project.language is None and "language" not in dumps_project_toml(project)


def test_an_unknown_language_in_the_file_is_located() -> None:
    with pytest.raises(InvalidInput) as caught:
        loads_project_toml(PLAN.format(language='language = "de"'), source="plan.toml")
    (problem,) = caught.value.problems()
    assert problem.code == "language-unknown" and problem.location == "plan.toml:5"
    assert "en, fr" in problem.message


def test_the_model_refuses_an_unknown_language() -> None:
    with pytest.raises(ModelError, match="not one of en, fr"):
        Project(name="p", start=dt.datetime(2027, 1, 4), language="de")


def test_the_store_keeps_the_language_and_reads_it_without_decoding_the_plan(tmp_path: Path) -> None:
    project, _ = loads_project_toml(PLAN.format(language=""))
    path = tmp_path / "p.plantrack.json"
    create_workspace(path, WorkspaceState(project=project))
    assert project_language(path) is None
    with open_workspace(path).update() as state:
        state.project = dataclasses.replace(state.project, language="fr")
    assert open_workspace(path).read().project.language == "fr"
    assert project_language(path) == "fr"
    assert project_language(tmp_path / "absent.plantrack.json") is None
    (tmp_path / "bad.plantrack.json").write_text("{not json")
    assert project_language(tmp_path / "bad.plantrack.json") is None


def test_a_file_laid_out_by_hand_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "hand.plantrack.json"
    path.write_text('{"project": {"1": {"name": "p", "language": "fr"}}, "tasks": {}}')
    assert project_language(path) == "fr"

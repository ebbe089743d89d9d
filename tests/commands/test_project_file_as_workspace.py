"""A project file given as the workspace (`-w plan.toml`) is named as such, with the import command."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from conftest import Result, fingerprint

Cli = Callable[..., Result]
DEMO = files("plantrack.demo").joinpath("line3_retrofit.toml").read_text(encoding="utf-8")


def test_toml_project_file_as_workspace(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(DEMO, encoding="utf-8")
    before = fingerprint(plan)
    r = cli("schedule", "-w", "plan.toml")
    assert r.code == 4, r.err
    assert (
        "plan.toml is a project file, not a workspace: create a workspace from it with "
        "`plantrack import plan.toml`" in r.err
    )
    assert "unreadable" not in r.err and "backup" not in r.err and "Traceback" not in r.err
    assert fingerprint(plan) == before


def test_project_table_under_another_extension_is_recognised(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(DEMO, encoding="utf-8")
    r = cli("task", "list", "-w", "plan.txt")
    assert r.code == 4 and "plan.txt is a project file, not a workspace" in r.err


def test_the_suggested_command_works(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text(DEMO, encoding="utf-8")
    assert cli("import", "plan.toml").code == 0
    (workspace,) = tmp_path.glob("*.plantrack.json")
    assert cli("schedule", "-w", workspace.name).code == 0


def test_other_toml_and_broken_json_stay_unreadable_workspaces(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "settings.cfg").write_text('[tool]\nname = "x"\n', encoding="utf-8")
    r = cli("schedule", "-w", "settings.cfg")
    assert r.code == 4 and "workspace-unreadable" in r.err and "project file" not in r.err
    (tmp_path / "torn.plantrack.json").write_text('{"meta": {', encoding="utf-8")
    r = cli("schedule", "-w", "torn.plantrack.json")
    assert r.code == 4 and "workspace-unreadable" in r.err and "project file" not in r.err

"""`plantrack scenario ...` and `--scenario NAME` on the planning commands, through the real CLI."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from plantrack.store.sealed import spans_of

Cli = Callable[..., Result]
WS = "line3-retrofit.plantrack.json"


@pytest.fixture
def demo(cli: Cli, tmp_path: Path) -> Path:
    """The demo workspace without its two shipped scenarios: each test makes its own."""
    assert cli("demo").code == 0
    for name in ("supplier three weeks late", "install in two weekend stops"):
        assert cli("scenario", "rm", name).code == 0
    return tmp_path / WS


def _plan_tables(path: Path) -> dict[str, bytes]:
    """The current plan's part of the file: every table but the scenarios and meta (revision, digest)."""
    raw = path.read_bytes()
    spans = spans_of(raw)
    assert spans is not None
    return {name: raw[a:b] for name, (a, b) in spans.items() if name not in ("scenarios", "meta")}


def _json(result: Result) -> object:
    assert result.code == 0, result.err
    return json.loads(result.out)


def _task(cli: Cli, tid: str, *extra: str) -> dict[str, object]:
    tasks = _json(cli("task", "list", "--json", *extra))
    assert isinstance(tasks, list)
    return next(t for t in tasks if t["id"] == tid)


def test_new_list_show_rename_rm(cli: Cli, demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "cmartin")
    made = _json(cli("scenario", "new", "late", "--note", "supplier +3 weeks", "--json"))
    assert made == {
        "name": "late",
        "note": "supplier +3 weeks",
        "created_by": "cmartin",
        "created_at": made["created_at"],  # type: ignore[index]
        "tasks": 52,
        "links": 51,
        "finish": None,
    }
    assert made["created_at"].startswith("2027-03-15")  # type: ignore[index]  # PLANTRACK_TODAY of the tests
    listed = cli("scenario", "list")
    assert "late" in listed.out and "supplier +3 weeks" in listed.out and "not scheduled" in listed.out
    shown = cli("scenario", "show", "late")
    assert "supplier +3 weeks" in shown.out and "52" in shown.out
    assert cli("scenario", "rename", "late", "later").code == 0
    assert [s["name"] for s in _json(cli("scenario", "list", "--json"))] == ["later"]  # type: ignore[union-attr,index]
    assert cli("scenario", "rm", "later").code == 0
    assert _json(cli("scenario", "list", "--json")) == []


def test_errors_name_the_scenario_and_write_nothing(cli: Cli, demo: Path) -> None:
    assert cli("scenario", "new", "late").code == 0
    before = fingerprint(demo)
    unknown = cli("scenario", "show", "lat")
    assert unknown.code == 1 and "no scenario 'lat' (scenarios: 'late')" in unknown.err
    assert cli("task", "edit", "cdcf-review", "--duration", "3d", "--scenario", "lat").code == 1
    duplicate = cli("scenario", "new", "late")
    assert duplicate.code == 1 and "'late' exists already" in duplicate.err
    empty = cli("scenario", "new", "\x1b ")
    assert empty.code == 1 and "scenario-name-empty" in empty.err
    assert cli("scenario", "rename", "late", "").code == 1
    assert fingerprint(demo) == before


def test_task_edit_on_a_scenario_leaves_the_current_plan_byte_for_byte(cli: Cli, demo: Path) -> None:
    assert cli("scenario", "new", "late").code == 0
    current = _plan_tables(demo)
    edited = cli("task", "edit", "cdcf-review", "--duration", "4d", "--scenario", "late")
    assert edited.code == 0, edited.err
    assert _plan_tables(demo) == current
    assert _task(cli, "cdcf-review")["duration"] == "1d"
    assert _task(cli, "cdcf-review", "--scenario", "late")["duration"] == "4d"


def test_the_environment_chooses_the_scenario_too(
    cli: Cli, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("scenario", "new", "late").code == 0
    monkeypatch.setenv("PLANTRACK_SCENARIO", "late")
    assert cli("task", "edit", "cdcf-review", "--duration", "2d").code == 0
    assert _task(cli, "cdcf-review")["duration"] == "2d"
    monkeypatch.delenv("PLANTRACK_SCENARIO")
    assert _task(cli, "cdcf-review")["duration"] == "1d"


def test_a_scenario_schedules_as_the_current_plan_would_with_the_same_change(
    cli: Cli, demo: Path, tmp_path: Path
) -> None:
    """ "Supplier late" as a scenario gives the plan the CPM gives when the change is made directly."""
    (tmp_path / "direct").mkdir()
    direct = tmp_path / "direct" / WS
    shutil.copy(demo, direct)
    assert cli("scenario", "new", "late").code == 0
    # cpk (2 elapsed weeks, on the critical path) takes a week longer
    assert cli("task", "edit", "cpk", "--duration", "3ew", "--scenario", "late").code == 0
    assert cli("task", "edit", "cpk", "--duration", "3ew", "-w", str(direct)).code == 0
    in_scenario = _json(cli("schedule", "--json", "--scenario", "late"))
    applied = _json(cli("schedule", "--json", "-w", str(direct)))
    baseline = _json(cli("schedule", "--json"))
    assert in_scenario == applied != baseline
    finish = applied["project"]["finish"]  # type: ignore[index]
    assert finish > baseline["project"]["finish"]  # type: ignore[index]
    rows = _json(cli("scenario", "list", "--json"))
    assert rows[0]["finish"] == finish  # type: ignore[index]
    # the current plan's stored plan is its own
    assert _json(cli("schedule", "--json"))["project"]["finish"] == baseline["project"]["finish"]  # type: ignore[index]


def test_import_replaces_the_scenario_plan_only(cli: Cli, demo: Path, tmp_path: Path) -> None:
    assert cli("export", "toml", "-o", "plan.toml").code == 0
    text = (tmp_path / "plan.toml").read_text(encoding="utf-8")
    changed = text.replace('name = "Project kick-off"', 'name = "Kick-off, imported"', 1)
    assert changed != text
    (tmp_path / "plan.toml").write_text(changed, encoding="utf-8")
    assert cli("scenario", "new", "imported").code == 0
    current = _plan_tables(demo)
    result = cli("import", "plan.toml", "--scenario", "imported")
    assert result.code == 0, result.err
    assert "scenario 'imported'" in result.out
    assert _plan_tables(demo) == current
    assert _task(cli, "kickoff", "--scenario", "imported")["name"] == "Kick-off, imported"
    assert _task(cli, "kickoff")["name"] == "Project kick-off"


def test_reading_commands_work_on_a_scenario(cli: Cli, demo: Path) -> None:
    assert cli("scenario", "new", "late").code == 0
    assert cli("task", "edit", "cdcf-review", "--duration", "4d", "--scenario", "late").code == 0
    for args in (
        ("pert", "--runs", "50", "--json"),
        ("variance", "--json"),
        ("validate",),
        ("baseline", "list", "--json"),
        ("export", "html", "-o", "late.html"),
    ):
        result = cli(*args, "--scenario", "late")
        assert result.code == 0, (args, result.err)
    exported = cli("export", "toml", "--scenario", "late")
    assert "4d" in exported.out or "duration = 4" in exported.out or "32h" in exported.out


@pytest.mark.parametrize(
    "args",
    [
        ("baseline", "save", "v2"),
        ("progress", "cdcf-review", "--done", "40%"),
        ("action", "list"),  # a reader: allowed, shown below
        ("new", "x"),
        ("demo",),
    ],
)
def test_commands_that_record_shared_history_refuse_a_scenario(
    cli: Cli, demo: Path, args: tuple[str, ...]
) -> None:
    assert cli("scenario", "new", "late").code == 0
    before = fingerprint(demo)
    result = cli(*args, "--scenario", "late")
    if args == ("action", "list"):
        assert result.code == 0, result.err
        assert "shared by every scenario" in result.err  # says whose list it shows
        return
    assert result.code == 2, result.err
    assert "--scenario 'late'" in result.err
    assert fingerprint(demo) == before


def test_adopt_from_the_command_line(cli: Cli, demo: Path) -> None:
    assert cli("scenario", "new", "late").code == 0
    assert cli("task", "edit", "cdcf-review", "--duration", "4d", "--scenario", "late").code == 0
    wanted = _json(cli("task", "list", "--json", "--scenario", "late"))
    old = _json(cli("task", "list", "--json"))
    adopted = _json(cli("scenario", "adopt", "late", "--json"))
    assert adopted == {"adopted": "late", "previous_plan_kept_as": "plan of 2027-03-15"}
    assert _json(cli("task", "list", "--json")) == wanted
    assert _json(cli("task", "list", "--json", "--scenario", "plan of 2027-03-15")) == old


def test_hostile_names_are_inert(cli: Cli, demo: Path, hostile: dict[str, list[str]]) -> None:
    from plantrack.scheduling.model import clean_text

    names = [name for group in hostile.values() for name in group[:3]][:12]
    made = []
    for name in names:
        result = cli("scenario", "new", name, "--note", name, "--json")
        if not clean_text(name).strip() or clean_text(name).strip() in made:
            assert result.code == 1
            continue
        assert result.code == 0, result.err
        made.append(json.loads(result.out)["name"])
    rows = _json(cli("scenario", "list", "--json"))
    assert [r["name"] for r in rows] == made  # type: ignore[index]
    text = cli("scenario", "list").out
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    for name in made:
        assert cli("task", "list", "--scenario", name).code == 0


def test_french_messages(cli: Cli, demo: Path) -> None:
    assert cli("scenario", "new", "retard").code == 0
    unknown = cli("--lang", "fr", "scenario", "show", "retrad")
    assert unknown.code == 1 and "aucun scénario 'retrad' (scénarios : 'retard')" in unknown.err
    refused = cli("--lang", "fr", "baseline", "save", "v2", "--scenario", "retard")
    assert refused.code == 2 and "communs à tous les scénarios" in refused.err
    adopted = cli("--lang", "fr", "scenario", "adopt", "retard")
    assert "l’ancien planning est conservé comme scénario 'plan du 2027-03-15'" in adopted.out


@pytest.mark.parametrize(
    ("edit", "listing"),
    [
        (("resource", "edit", "methods", "--capacity", "3"), ("resource", "list", "--json")),
        (("assign", "cpk", "methods", "--units", "0.5"), ("task", "list", "--json")),
        (("link", "rm", "kickoff", "current-state"), ("link", "list", "--json")),
        (("window", "edit", "stop-1", "--name", "August stop"), ("window", "list", "--json")),
        (("calendar", "edit", "plant", "--hours", "fri=08:00-12:00"), ("calendar", "list", "--json")),
        (("task", "add", "extra", "--name", "Extra test", "--duration", "2d"), ("task", "list", "--json")),
        (("task", "rm", "review"), ("task", "list", "--json")),
    ],
)
def test_every_plan_edit_goes_to_the_scenario_only(
    cli: Cli, demo: Path, edit: tuple[str, ...], listing: tuple[str, ...]
) -> None:
    assert cli("scenario", "new", "s").code == 0
    current = _plan_tables(demo)
    current_listing = _json(cli(*listing))
    result = cli(*edit, "--scenario", "s")
    assert result.code == 0, result.err
    assert _plan_tables(demo) == current
    assert _json(cli(*listing)) == current_listing
    assert _json(cli(*listing, "--scenario", "s")) != current_listing

"""`new`, `import`, `export toml`, `validate` and `demo`: what they write, what they keep, what they print."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from conftest import Result, fingerprint
from plantrack.commands.project import slug
from plantrack.formats.demo import load_demo
from plantrack.formats.toml.reader import load_project_toml, loads_project_toml
from plantrack.scheduling.model import Project
from plantrack.scheduling.tracking.records import Baseline, BaselineTask, ProgressRecord
from plantrack.store import WorkspaceState, create_workspace, open_workspace
from plantrack.store.plan import StoredPlan

PLAN = """\
[project]
name = "Line 3 retrofit"
start = 2027-01-04
calendar = "plant"

[calendars.plant]
weekdays = ["mon", "tue", "wed", "thu", "fri"]
hours = ["08:00-12:00", "13:00-17:00"]
holidays = "FR"

[resources.elec]
name = "Electrician"
capacity = 2

[[tasks]]
id = "spec"
name = "Specification"
duration = "3d"

[[tasks]]
id = "install"
name = "Install"
duration = "2d"
after = ["spec"]
resources = { elec = 2 }
"""


def _project(path: Path) -> Project:
    return open_workspace(path).read().project


def test_new_creates_an_empty_workspace_named_after_the_project(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    result = cli("new", "Line 3: Poka-yoke", "--start", "2027-02-01")
    assert result.code == 0, result.err
    path = tmp_path / "line-3-poka-yoke.plantrack.json"
    project = _project(path)
    assert project.name == "Line 3: Poka-yoke"
    assert project.start == dt.datetime(2027, 2, 1)
    assert project.tasks == ()
    assert [c.id for c in project.calendars] == [project.calendar]


def test_new_defaults_to_today_and_never_overwrites(cli: Callable[..., Result], tmp_path: Path) -> None:
    assert cli("new", "P", "-w", "p.plantrack.json").code == 0
    assert _project(tmp_path / "p.plantrack.json").start == dt.datetime(2027, 3, 15)  # PLANTRACK_TODAY
    before = fingerprint(tmp_path / "p.plantrack.json")
    result = cli("new", "Other", "-w", "p.plantrack.json", "--json")
    assert result.code == 1
    assert json.loads(result.out)[0]["code"] == "workspace-exists"
    assert fingerprint(tmp_path / "p.plantrack.json") == before


def test_slug() -> None:
    assert slug("Été 2027 / Ligne 3") == "ete-2027-ligne-3"
    assert slug("工程") == "project"


def test_import_creates_the_workspace_from_the_file_stem(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text(PLAN, encoding="utf-8")
    result = cli("import", "plan.toml")
    assert result.code == 0, result.err
    assert "created plan.plantrack.json" in result.out
    project = _project(tmp_path / "plan.plantrack.json")
    assert project == load_project_toml(tmp_path / "plan.toml")[0]
    assert [t.id for t in project.tasks] == ["spec", "install"]


def test_reimport_replaces_the_plan_and_keeps_history(cli: Callable[..., Result], tmp_path: Path) -> None:
    workspace = tmp_path / "site.plantrack.json"
    old, _ = loads_project_toml(PLAN)
    day = dt.datetime(2027, 1, 4, 8)
    schedule = StoredPlan(start=day, finish=dt.datetime(2027, 1, 12, 17))
    baselines = (
        Baseline(
            name="q1",
            saved_at=day,
            project_start=day,
            project_finish=schedule.finish,
            bac=0.0,
            tasks=(
                BaselineTask(id="spec", start=day, finish=day, duration_minutes=0, work_minutes=0, cost=0),
            ),
        ),
    )
    progress = (ProgressRecord(task="spec", status_date=day),)
    sections = {"remarks": [{"by": "a newer plantrack"}]}
    create_workspace(
        workspace,
        WorkspaceState(
            project=old, schedule=schedule, sections=sections, baselines=baselines, progress=progress
        ),
    )
    edited = PLAN.replace('duration = "2d"', 'duration = "4d"').replace("capacity = 2", "capacity = 3")
    (tmp_path / "plan.toml").write_text(
        edited + '\n[[tasks]]\nid = "train"\nduration = "1d"\n', encoding="utf-8"
    )

    result = cli("import", "plan.toml", "-w", "site.plantrack.json", "--json")

    assert result.code == 0, result.err
    assert json.loads(result.out)["action"] == "updated"
    state = open_workspace(workspace).read()
    assert state.project == loads_project_toml(edited + '\n[[tasks]]\nid = "train"\nduration = "1d"\n')[0]
    assert state.sections == sections
    assert (state.baselines, state.progress) == (baselines, progress)
    assert state.schedule == schedule


def test_failed_reimport_writes_nothing(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text(PLAN, encoding="utf-8")
    assert cli("import", "plan.toml").code == 0
    before = fingerprint(tmp_path / "plan.plantrack.json")
    (tmp_path / "plan.toml").write_text(
        PLAN.replace('after = ["spec"]', 'after = ["nope"]'), encoding="utf-8"
    )
    result = cli("import", "plan.toml")
    assert result.code == 1
    assert "plan.toml:" in result.err and "nope" in result.err
    assert fingerprint(tmp_path / "plan.plantrack.json") == before


def test_export_round_trips_through_import(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text(PLAN, encoding="utf-8")
    assert cli("import", "plan.toml").code == 0
    exported = cli("export", "toml")
    assert exported.code == 0
    assert loads_project_toml(exported.out)[0] == _project(tmp_path / "plan.plantrack.json")
    assert cli("export", "toml", "-o", "again.toml").code == 0
    assert (tmp_path / "again.toml").read_text(encoding="utf-8") == exported.out


def test_validate_a_file_and_the_workspace(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text(PLAN.replace('duration = "3d"', 'duration = "0d"'), encoding="utf-8")
    result = cli("validate", "plan.toml", "--json")
    assert result.code == 0
    (warning,) = json.loads(result.out)
    assert warning["code"] == "duration-zero" and warning["severity"] == "warning"
    assert warning["ids"] == ["spec"] and warning["location"].startswith("plan.toml:")
    assert cli("validate", "plan.toml", "--strict").code == 1
    assert cli("import", "plan.toml").code == 0
    result = cli("validate")
    assert result.code == 0
    assert "plan.plantrack.json: no errors, 1 warning(s)" in result.out


def test_validate_reports_every_error_as_json(cli: Callable[..., Result], tmp_path: Path) -> None:
    bad = PLAN.replace('duration = "3d"', 'duration = "3x"').replace("elec = 2 }", "elec = 5 }")
    (tmp_path / "plan.toml").write_text(bad, encoding="utf-8")
    result = cli("validate", "plan.toml", "--json")
    assert result.code == 1
    problems = json.loads(result.out)
    assert {p["code"] for p in problems} == {"duration-unit", "assignment-over-capacity"}
    assert all(set(p) == {"code", "severity", "message", "ids", "location"} for p in problems)


def test_import_of_an_unknown_format_or_missing_file(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    result = cli("import", "notes.txt", "--json")
    assert result.code == 1
    assert json.loads(result.out)[0]["code"] == "format-unknown"
    result = cli("import", "missing.toml", "--json")
    assert result.code == 1
    assert json.loads(result.out)[0]["code"] == "file-missing"
    assert not list(tmp_path.glob("*.plantrack.json"))


def test_a_toml_file_without_the_extension_is_recognised(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    assert cli("import", "plan.txt").code == 0
    assert (tmp_path / "plan.plantrack.json").exists()


def test_import_psplib_instance(cli: Callable[..., Result], shared_data: Path) -> None:
    result = cli("import", str(shared_data / "psplib" / "j30" / "j301_1.sm"), "--json")
    assert result.code == 0, result.out + result.err
    assert json.loads(result.out)["tasks"] == 30


def test_import_a_small_psplib_file_of_our_own(cli: Callable[..., Result]) -> None:
    source = Path(__file__).parents[1] / "formats" / "files" / "press_line.sm"
    result = cli("import", str(source), "--json", "-w", "p.plantrack.json")
    assert result.code == 0, result.out + result.err
    doc = json.loads(result.out)
    # 6 jobs: the dummy source and sink become milestones; 7 precedence pairs in the file
    assert (doc["tasks"], doc["milestones"], doc["links"], doc["resources"]) == (4, 2, 7, 1)


# ---------------------------------------------------------------- demo


def test_demo_creates_the_workspace_once(cli: Callable[..., Result], tmp_path: Path) -> None:
    result = cli("demo")
    assert result.code == 0, result.err
    path = tmp_path / "line3-retrofit.plantrack.json"
    assert _project(path) == load_demo()[0]
    assert "36 tasks, 6 phases, 10 milestones" in result.out
    assert "critical path:" in result.out
    before = fingerprint(path)
    again = cli("demo")
    assert again.code == 1
    assert "already exists" in again.err
    assert fingerprint(path) == before


def test_demo_summary_is_the_cpm_result(cli: Callable[..., Result]) -> None:
    from plantrack.scheduling.cpm import cpm

    result = cli("demo", "--json")
    summary = json.loads(result.out)
    schedule = cpm(load_demo()[0])
    assert summary["finish"] == schedule.finish_at.isoformat()
    assert summary["critical_path"] == list(schedule.critical_paths[0])
    assert summary["tasks"] == 36 and summary["phases"] == 6 and summary["windows"] == 2


def test_demo_project_content() -> None:
    """The demo covers what it is meant to show, and validates without any problem."""
    project, warnings = load_demo()
    assert warnings == []
    summaries = project.summary_ids()
    leaves = [t for t in project.tasks if t.id not in summaries]
    assert len([t for t in leaves if not t.milestone]) >= 35
    assert len(summaries) >= 4
    assert project.start == dt.datetime(2027, 1, 4)
    assert {r.kind.value for r in project.resources} >= {"person", "team", "contractor", "machine"}
    assert len(project.resources) >= 6
    assert project.calendar_map()[project.calendar].holidays == "FR"
    crew = project.calendar_map()["crew"]
    assert crew.weekdays == (0, 1, 2, 3, 4, 5, 6)
    assert len(project.windows) == 2
    windowed = [t for t in project.tasks if t.window]
    assert {t.window for t in windowed} == {"stop-1", "stop-2"}
    assert all(t.calendar == "crew" for t in windowed)
    assert len([t for t in project.tasks if t.estimate]) >= 4
    assert len([t for t in project.tasks if t.deadline]) >= 2
    assert len([t for t in project.tasks if t.gate]) >= 4
    assert all(t.owner for t in leaves)
    lead = project.task_map()["lead-time"]
    assert lead.estimate is not None and lead.estimate.likely.elapsed
    names = " ".join(t.name for t in project.tasks)
    for term in ("CdCF", "quotation", "lead time", "work instructions", "training", "Safety", "Cmk", "Cpk"):
        assert term in names, term
    assert "Ramp-up" in names and "Post-implementation review" in names


def test_import_keeps_the_actuals_of_an_mspdi_file_once(
    cli: Callable[..., Result], tmp_path: Path, shared_data: Path
) -> None:
    """The file marks 20 tasks started (ActualStart, PercentComplete > 0): 20 progress records, and
    importing it again does not repeat them."""
    source = shared_data / "real" / "msp2007_timephased-actuals.xml"
    first = cli("import", str(source), "--json")
    assert first.code == 0, first.err
    assert json.loads(first.out)["progress_records_imported"] == 20
    second = json.loads(cli("import", str(source), "--json").out)
    assert second["action"] == "updated"
    assert second["progress_records_imported"] == 0
    state = open_workspace(tmp_path / "msp2007_timephased-actuals.plantrack.json").read()
    assert len(state.progress) == 20

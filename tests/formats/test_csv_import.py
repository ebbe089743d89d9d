"""CSV import: round trip of plantrack's own export, hand-made and French lists, formula-looking values
kept verbatim, every error with its file:line and nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import link, resource, use
from conftest import fingerprint
from hostile import OWN
from plantrack.formats.csv_tasks import dumps_tasks_csv, read_csv
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import (
    Constraint,
    ConstraintKind,
    Link,
    LinkType,
    Project,
    Task,
    clean_text,
)

DAY = 480


def _names_of(hostile: dict[str, list[str]]) -> list[str]:
    return [*hostile["spreadsheet"], *hostile["unicode"][:5], "'quoted'", "'=1+1", 'a, b; "c"']


def _project(hostile: dict[str, list[str]] = OWN) -> Project:
    tasks = [Task(id="p1", name="=cmd|' /C calc'!A0"), Task(id="p2", name="Phase 2")]
    for i, name in enumerate(_names_of(hostile)):
        tasks.append(
            Task(
                id=f"t{i}",
                name=name,
                duration=Duration(minutes=DAY * (i % 3 + 1)),
                parent="p1" if i < 8 else "p2",
            )
        )
    tasks.append(Task(id="m1", name="Go", milestone=True, parent="p2"))
    # placed by hand: no predecessor, starts after the project start
    snet = Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=dt.datetime(2027, 1, 13, 8))
    tasks.append(Task(id="late", name="Late start", duration=Duration(minutes=90), constraints=(snet,)))
    links = (
        link("t0", "t1"),
        link("t1", "t2", "SS", Duration(minutes=2 * DAY)),
        link("t2", "t3", "FF", Duration(minutes=-DAY)),
        Link(
            predecessor="t3",
            successor="t4",
            type=LinkType.SF,
            lag=Duration(minutes=3 * 24 * 60, elapsed=True),
        ),
        link("t4", "t9"),
        link("t5", "t9", "SS"),
        link("t9", "m1"),
    )
    resources = (
        resource("anna", name="Anna, welder", capacity=2),
        resource("bob", name="=Bob"),
    )
    assignments = (
        use("t0", "anna", 2),
        use("t0", "bob", 0.5),
        use("t3", "bob"),
    )
    return Project(
        name="Hostile, round trip",
        start=dt.datetime(2027, 1, 4, 8),
        tasks=tuple(tasks),
        links=links,
        resources=resources,
        assignments=assignments,
    )


def _names(project: Project) -> dict[str, str]:
    return {r.id: r.name for r in project.resources}


@pytest.mark.parametrize("semicolon", [False, True])
def test_round_trip_gives_the_same_tasks_links_and_resources(
    tmp_path: Path, semicolon: bool, hostile: dict[str, list[str]]
) -> None:
    project = _project(hostile)
    path = tmp_path / "tasks.csv"
    path.write_bytes(dumps_tasks_csv(project, schedule=cpm(project), semicolon=semicolon).encode("utf-8-sig"))
    back = read_csv(path).project
    assert back.name == project.name and back.start == project.start
    # names come back byte-identical (after the cleaning every import applies: C3, C4)
    assert [(t.id, t.name, t.parent, t.duration, t.milestone, t.constraints) for t in back.tasks] == [
        (t.id, clean_text(t.name).strip(), t.parent, t.duration, t.milestone, t.constraints)
        for t in project.tasks
    ]
    assert set(back.links) == set(project.links)
    old, new = _names(project), _names(back)
    assert {(old[a.resource], a.task, a.units) for a in project.assignments} == {
        (new[a.resource], a.task, a.units) for a in back.assignments
    }
    assert {r.name: r.capacity for r in back.resources} == {"Anna, welder": 2.0, "=Bob": 1.0}


def test_progress_and_baseline_come_back(tmp_path: Path) -> None:
    from plantrack.scheduling.tracking.progress import TaskProgress
    from plantrack.scheduling.tracking.records import Baseline, BaselineTask

    project = _project()
    status = dt.datetime(2027, 1, 5, 17)
    state = {"t0": TaskProgress(task="t0", status_date=status, percent=37.5)}
    base = Baseline(
        name="q1",
        saved_at=status,
        project_start=project.start,
        project_finish=dt.datetime(2027, 1, 6, 17),
        bac=0,
        tasks=(
            BaselineTask(
                id="t0",
                start=project.start,
                finish=dt.datetime(2027, 1, 6, 17),
                duration_minutes=480,
                work_minutes=0,
                cost=0,
            ),
        ),
    )
    schedule = cpm(project, status_date=status)
    text = dumps_tasks_csv(project, schedule=schedule, progress=state, baseline=base, semicolon=True)
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    plan = read_csv(path)
    [record] = plan.progress
    assert (record.task, record.percent_complete, record.status_date) == ("t0", 37.5, status)
    [baseline] = plan.baselines
    assert baseline.name == "q1"
    assert [(t.id, t.start, t.finish) for t in baseline.tasks] == [
        ("t0", project.start, dt.datetime(2027, 1, 6, 17))
    ]


def test_hand_made_french_list(tmp_path: Path) -> None:
    # what a French Excel saves: Windows-1252, semicolons, decimal commas, French headers and link codes
    text = (
        "N°;Nom;Durée;Prédécesseurs;Ressources;Début;Phase\r\n"
        "1;Études;;;;2027-03-01;\r\n"
        "2;Démontage;2 jours;;Équipe[1,5];2027-03-01;Études\r\n"
        "3;Câblage;1,5j;2FD+1,5j;Équipe;2027-03-04;1\r\n"
        "4;Essais;4 h;2DD;;2027-03-04;1\r\n"
        "5;Fin;0j;3;;2027-03-08;\r\n"
    )
    path = tmp_path / "liste.csv"
    path.write_bytes(text.encode("cp1252"))
    project = read_csv(path).project
    tasks = project.task_map()
    assert tasks["2"].name == "Démontage" and tasks["2"].parent == "1" and tasks["3"].parent == "1"
    assert tasks["2"].duration == Duration(minutes=960) and tasks["3"].duration == Duration(minutes=720)
    assert tasks["4"].duration == Duration(minutes=240) and tasks["5"].milestone
    assert set(project.links) == {
        link("2", "3", "FS", Duration(minutes=720)),
        link("2", "4", "SS"),
        link("3", "5"),
    }
    [team, *_] = project.resources
    assert team.name == "Équipe" and team.capacity == 1.5
    assert project.start == dt.datetime(2027, 3, 1)


def test_formula_looking_values_stay_verbatim_text(tmp_path: Path) -> None:
    # no marker row: nobody escaped anything, so an apostrophe typed by the user is kept (C4)
    text = (
        "id,name,duration\r\nA,'=1+1,1d\r\n"
        'B,"=HYPERLINK(""http://127.0.0.1:9/""&A1)",1d\r\nC,"T1 \x1b]0;x\x07 t",2d\r\n'
    )
    path = tmp_path / "hand.csv"
    path.write_text(text + "D,@SUM(1;1),0d\r\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_csv(path)  # no start date anywhere
    assert caught.value.problems()[0].code == "project-start-missing"
    path.write_text(
        "#plantrack task list 1,project=p,start=2027-01-04 08:00\r\n" + text.replace("'=1+1", "''=1+1"),
        encoding="utf-8",
    )
    plan = read_csv(path)
    names = {t.id: t.name for t in plan.project.tasks}
    assert names == {"A": "'=1+1", "B": '=HYPERLINK("http://127.0.0.1:9/"&A1)', "C": "T1 ]0;x t"}
    assert any(w.code == "name-sanitised" for w in plan.warnings)


def test_every_error_is_reported_with_its_line(tmp_path: Path) -> None:
    text = (
        "id,name,duration,predecessors,start\r\n"
        "a,A,3d,,2027-01-04\r\n"
        "b,B,3x,a,2027-02-30\r\n"
        "a,Again,1d,zz;aFS+1q,\r\n"
        "c,C,,,\r\n"
    )
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_csv(path)
    found = {(p.code, p.location) for p in caught.value.problems()}
    assert found >= {
        ("duration-unit", "bad.csv:3"),
        ("date-invalid", "bad.csv:3"),
        ("id-duplicate", "bad.csv:4"),
        ("dep-unknown", "bad.csv:4"),
        ("duration-unit", "bad.csv:4"),
        ("duration-missing", "bad.csv:5"),
    }
    assert "line 2, line 4" in next(p.message for p in caught.value.problems() if p.code == "id-duplicate")


def test_import_command_round_trips_the_demo_and_writes_nothing_on_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from plantrack.store import open_workspace

    assert cli("demo", "--no-tui").code == 0
    workspace = tmp_path / "line3-retrofit.plantrack.json"
    assert cli("export", "csv", "-w", workspace.name, "-o", "demo.csv", "--semicolon").code == 0
    result = cli("import", "demo.csv", "-w", "back.plantrack.json", "--json")
    assert result.code == 0, result.err
    original = open_workspace(workspace).read().project
    back = open_workspace(tmp_path / "back.plantrack.json").read().project
    assert [(t.id, t.name, t.parent, t.milestone) for t in back.tasks] == [
        (t.id, t.name, t.parent, t.milestone) for t in original.tasks
    ]
    assert set(back.links) == set(original.links)
    names = {r.id: r.name for r in original.resources}
    back_names = {r.id: r.name for r in back.resources}
    assert {(names[a.resource], a.task, a.units) for a in original.assignments} == {
        (back_names[a.resource], a.task, a.units) for a in back.assignments
    }
    # a broken list: exit 1, the line named, the workspace untouched
    (tmp_path / "bad.csv").write_text("id,name,duration\r\nx,X,2 parsecs\r\n", encoding="utf-8")
    before = fingerprint(tmp_path / "back.plantrack.json")
    result = cli("import", "bad.csv", "-w", "back.plantrack.json")
    assert result.code == 1 and "bad.csv:2" in result.err and "Traceback" not in result.err
    assert fingerprint(tmp_path / "back.plantrack.json") == before

"""A whole workspace state on the server: written, read back equal (every field), under a revision check."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import START, plan, task
from conftest import stored_demo_state
from plantrack.operations.demo import apply_demo_scenarios
from plantrack.scheduling.tracking.meeting import MeetingRecord
from plantrack.scheduling.tracking.records import (
    Action,
    ActionStatus,
    ActionUpdate,
    Baseline,
    BaselineTask,
    Cause,
    Decision,
    GateDecision,
    Pdca,
    ProgressRecord,
)
from plantrack.store import WorkspaceState
from plantrack.store.plan import PlannedTask, StoredPlan
from plantrack.store.scenarios import Scenario, Scenarios
from plantrack.store.team.connection import connect
from plantrack.store.team.errors import (
    BadProjectId,
    ProjectBusy,
    ProjectExists,
    ProjectMissing,
    RevisionConflict,
    StateRefused,
    UnstorableText,
)
from plantrack.store.team.schema import init_schema
from plantrack.store.team.state_read import read_state
from plantrack.store.team.state_write import write_state

psycopg = pytest.importorskip("psycopg")
ADDRESS = "postgresql://test"


@pytest.fixture
def db(pg_uri: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with connect(pg_uri) as conn:
        init_schema(conn)
        yield conn


def stored_plan_of(state: WorkspaceState, shift: int = 0) -> StoredPlan:
    """A stored plan over the state's tasks: made-up dates, but every field of it set somewhere."""
    tasks = tuple(
        PlannedTask(
            id=t.id,
            start=START + dt.timedelta(hours=i + shift),
            finish=START + dt.timedelta(hours=i + shift + 3),
            delay_minutes=30 * (i % 3),
            delayed_by="R1" if i % 3 else None,
        )
        for i, t in enumerate(state.project.tasks)
    )
    return StoredPlan(
        start=START, finish=START + dt.timedelta(days=30), status_date=START + dt.timedelta(days=9),
        leveled=True, tasks=tasks,
    )  # fmt: skip


def full_demo_state(folder: Path) -> WorkspaceState:
    """The demo with progress, baseline and actions, plus its two scenarios, gate decisions, a meeting,
    a stored plan (one scenario has one too), scores and a section a newer version would have written."""
    state = stored_demo_state(folder)
    apply_demo_scenarios(state)
    day = START + dt.timedelta(days=11)
    state.gates = (
        GateDecision(task="g4-safety", decision=Decision.VALIDATED, by="M. Durand", date=day, note="ok"),
        GateDecision(task="g5-qualified", decision=Decision.DEFERRED, by="Q. Lead", date=day),
    )
    state.meetings = (
        MeetingRecord(status_date=day, attendees=("A. Petit", "J. Martin"), agenda=("safety",),
                      notes=("torque audit late", "order the fixture"), next_meeting=day + dt.timedelta(7)),
        MeetingRecord(status_date=day + dt.timedelta(days=7)),
    )  # fmt: skip
    state.schedule = stored_plan_of(state)
    first = next(iter(state.scenarios))
    first.set_plan(first.project, stored_plan_of(state, shift=5))
    first.scores = {"cost": 3.5, "risk": -1.0}
    state.sections = {"future": [{"b": 1, "a": [1.5, None, "x\x00y"]}, {"é": {"nested": True}}]}
    return state


def same(back: WorkspaceState | None, state: WorkspaceState) -> bool:
    """Equal in every field but the revision, which the server counts."""
    assert back is not None
    return dataclasses.replace(back, revision=state.revision) == state


def test_the_demo_state_reads_back_equal_in_every_field(
    db: psycopg.Connection[tuple[object, ...]], tmp_path: Path
) -> None:
    state = full_demo_state(tmp_path)
    assert state.baselines and state.progress and state.actions and len(state.scenarios) == 2
    assert any(isinstance(e, ActionUpdate) for e in state.actions)
    assert write_state(db, ADDRESS, "line3", state, None) == 1
    back = read_state(db, ADDRESS, "line3")
    assert back is not None and back.revision == 1
    for name in ("project", "schedule", "sections", "baselines", "progress", "gates", "actions", "meetings"):
        assert getattr(back, name) == getattr(state, name), name
    assert back.scenarios == state.scenarios
    assert [s.scores for s in back.scenarios] == [s.scores for s in state.scenarios]
    assert [s.schedule for s in back.scenarios] == [s.schedule for s in state.scenarios]
    assert same(back, state)
    # the scenarios' plans are rows of the plan tables, not a packed text
    with db.cursor() as cur:
        cur.execute("SELECT count(*) FROM plantrack.tasks WHERE project <> 'line3'")
        assert cur.fetchone() == (sum(len(s.project.tasks) for s in state.scenarios),)


def test_an_empty_state_reads_back_empty(db: psycopg.Connection[tuple[object, ...]]) -> None:
    state = WorkspaceState(project=plan([task("a", "1d")]))
    write_state(db, ADDRESS, "p", state, None)
    back = read_state(db, ADDRESS, "p")
    assert same(back, state) and back is not None and back.schedule is None and len(back.scenarios) == 0
    assert read_state(db, ADDRESS, "other") is None


def _hostile_state(names: list[str]) -> WorkspaceState:
    day = START + dt.timedelta(days=2)
    words = [n for n in names if n.strip() and not any(c.isspace() for c in n) and len(n) <= 200]
    tasks = [task(f"t{i}", "1d", name=n[:200], notes=n) for i, n in enumerate(names)]
    state = WorkspaceState(project=plan(tasks, name=names[0][:200] or "p"))
    state.baselines = tuple(
        Baseline(name=w, saved_at=day, note=w, project_start=START, project_finish=day, bac=1.5,
                 tasks=(BaselineTask(id="t0", name=w[:200], start=START, finish=day, duration_minutes=60,
                                     work_minutes=60, cost=2.0),))
        for w in dict.fromkeys(words)
    )  # fmt: skip
    state.progress = tuple(
        ProgressRecord(task=f"t{i}", status_date=day, percent_complete=50.0, cause=Cause.METHOD, note=n)
        for i, n in enumerate(names)
    )
    state.gates = tuple(
        GateDecision(
            task=f"t{i}", decision=Decision.REJECTED, by=n[:200] if n.strip() else "x", date=day, note=n
        )
        for i, n in enumerate(names)
    )
    state.actions = tuple(
        entry
        for i, n in enumerate(names)
        for entry in (
            Action(id=f"A{i}", title=n if n.strip() else "t", owner=n[:200] if n.strip() else "o", due=day,
                   created=START, task=f"t{i}", nature=n[:200]),
            ActionUpdate(action=f"A{i}", date=day, status=ActionStatus.IN_PROGRESS, pdca=Pdca.DO, note=n),
        )
    )  # fmt: skip
    items = tuple(n[:200] for n in names if n.strip())[:200]
    state.meetings = (MeetingRecord(status_date=day, attendees=items, agenda=items, notes=items),)
    state.scenarios = Scenarios(
        [
            Scenario.new(n, plan([task("x", "2d", name=n[:200])], name=n[:200]), None, note=n, created_by=n,
                         created_at=day)
            for n in dict.fromkeys(n for n in names if n.strip())
        ]
    )  # fmt: skip
    return state


def test_hostile_names_come_back_byte_for_byte(
    db: psycopg.Connection[tuple[object, ...]], hostile: dict[str, list[str]]
) -> None:
    names = [n for group in hostile.values() for n in group if "\x00" not in n]
    state = _hostile_state(names)
    write_state(db, ADDRESS, "hostile ' \" ; -- é", state, None)
    assert same(read_state(db, ADDRESS, "hostile ' \" ; -- é"), state)


def test_a_change_on_an_old_revision_is_refused_and_changes_nothing(
    db: psycopg.Connection[tuple[object, ...]], tmp_path: Path
) -> None:
    state = full_demo_state(tmp_path)
    write_state(db, ADDRESS, "p", state, None)
    renamed = dataclasses.replace(state, project=dataclasses.replace(state.project, name="renamed"))
    assert write_state(db, ADDRESS, "p", renamed, 1) == 2
    with pytest.raises(RevisionConflict) as conflict:
        write_state(db, ADDRESS, "p", state, 1)
    assert conflict.value.found == 2 and "revision 2" in str(conflict.value)
    back = read_state(db, ADDRESS, "p")
    assert back is not None and back.revision == 2 and back.project.name == "renamed"
    assert same(back, renamed)
    with pytest.raises(ProjectMissing):
        write_state(db, ADDRESS, "gone", state, 1)


def test_a_new_project_never_overwrites_one_unless_replacing(
    db: psycopg.Connection[tuple[object, ...]], tmp_path: Path
) -> None:
    state = full_demo_state(tmp_path)
    small = WorkspaceState(project=plan([task("only", "1d")], name="small"))
    write_state(db, ADDRESS, "p", state, None)
    with pytest.raises(ProjectExists) as exists:
        write_state(db, ADDRESS, "p", small, None)
    assert "'p'" in str(exists.value) and "--replace" in str(exists.value)
    assert same(read_state(db, ADDRESS, "p"), state)
    assert write_state(db, ADDRESS, "p", small, None, replace=True) == 2
    assert same(read_state(db, ADDRESS, "p"), small)
    with db.cursor() as cur:  # the old scenarios' plans went with them
        cur.execute("SELECT count(*) FROM plantrack.projects")
        assert cur.fetchone() == (1,)


def test_refused_states_name_the_item_and_write_nothing(
    db: psycopg.Connection[tuple[object, ...]], tmp_path: Path
) -> None:
    state = full_demo_state(tmp_path)
    write_state(db, ADDRESS, "p", state, None)
    day = START + dt.timedelta(days=1)
    twice = dataclasses.replace(state, baselines=(*state.baselines, state.baselines[0]))
    with pytest.raises(StateRefused, match="two baselines are named"):
        write_state(db, ADDRESS, "p", twice, 1)
    orphan = dataclasses.replace(state, actions=(ActionUpdate(action="nope", date=day),))
    with pytest.raises(StateRefused, match="'nope'"):
        write_state(db, ADDRESS, "p", orphan, 1)
    nul = dataclasses.replace(state, gates=(GateDecision(task="g\x00", decision=Decision.VALIDATED, by="x",
                                                          date=day),))  # fmt: skip
    with pytest.raises(UnstorableText, match="gate decision"):
        write_state(db, ADDRESS, "p", nul, 1)
    for bad in ("", "a\x1f0", "a\nb"):
        with pytest.raises(BadProjectId):
            write_state(db, ADDRESS, bad, state, None)
    back = read_state(db, ADDRESS, "p")
    assert back is not None and back.revision == 1 and same(back, state)


def test_a_failure_midway_leaves_the_project_as_it_was(
    db: psycopg.Connection[tuple[object, ...]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plantrack.store.team import state_rows

    state = full_demo_state(tmp_path)
    write_state(db, ADDRESS, "p", state, None)

    def broken(key: str, state: WorkspaceState) -> dict[str, list[tuple[object, ...]]]:
        raise RuntimeError("disk full")

    monkeypatch.setattr("plantrack.store.team.state_write.scenario_rows", broken)
    assert state_rows.scenario_rows is not broken
    with pytest.raises(RuntimeError):
        write_state(db, ADDRESS, "p", WorkspaceState(project=plan([task("x", "1d")])), 1)
    assert same(read_state(db, ADDRESS, "p"), state)


def test_a_section_json_cannot_write_is_refused(db: psycopg.Connection[tuple[object, ...]]) -> None:
    state = WorkspaceState(project=plan([task("a", "1d")]), sections={"future": [{"x": float("inf")}]})
    with pytest.raises(StateRefused, match="'future'"):
        write_state(db, ADDRESS, "p", state, None)
    assert read_state(db, ADDRESS, "p") is None


def test_two_writers_on_one_revision_one_wins_the_other_is_told(
    pg_uri: str, db: psycopg.Connection[tuple[object, ...]]
) -> None:
    base = WorkspaceState(project=plan([task("a", "1d")], name="base"))
    write_state(db, ADDRESS, "p", base, None)
    results: list[object] = []

    def edit(name: str) -> None:
        changed = dataclasses.replace(base, project=dataclasses.replace(base.project, name=name))
        with connect(pg_uri) as conn:
            try:
                results.append(write_state(conn, ADDRESS, "p", changed, 1))
            except RevisionConflict as exc:
                results.append(exc)

    threads = [threading.Thread(target=edit, args=(f"edit {i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(r for r in results if isinstance(r, int)) == [2]
    assert sum(isinstance(r, RevisionConflict) for r in results) == 3
    back = read_state(db, ADDRESS, "p")
    assert back is not None and back.revision == 2 and back.project.name.startswith("edit ")


def test_a_writer_held_up_too_long_gives_up_naming_the_project(
    pg_uri: str, db: psycopg.Connection[tuple[object, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from plantrack.store.team import state_write

    state = WorkspaceState(project=plan([task("a", "1d")]))
    write_state(db, ADDRESS, "line 3", state, None)
    monkeypatch.setattr(state_write, "LOCK_WAIT", 0.2)
    with connect(pg_uri) as holder, holder.transaction():
        holder.execute("SELECT 1 FROM plantrack.projects WHERE id = 'line 3' FOR UPDATE")
        with pytest.raises(ProjectBusy) as busy:
            write_state(db, ADDRESS, "line 3", state, 1)
    assert "'line 3'" in str(busy.value) and busy.value.failure == "busy"
    assert write_state(db, ADDRESS, "line 3", state, 1) == 2

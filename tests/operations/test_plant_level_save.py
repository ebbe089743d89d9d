"""Leveling a stored plant: every project's plan saved as one, and a kill at any step leaves all old plans."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from plant_fixture import stored_plant
from plantrack.operations.plant_level import level_plant_file
from plantrack.scheduling.errors import InvalidInput
from plantrack.store import open_workspace
from plantrack.store.group_save import journal_path, recover_plant

WORKER = Path(__file__).with_name("plant_level_worker.py")
FILES = ("press.plantrack.json", "line.plantrack.json")


def _bytes(folder: Path) -> list[bytes]:
    return [(folder / name).read_bytes() for name in FILES]


def _side_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and ".group." in p.name)


def test_each_project_gets_its_leveled_plan_and_delays(tmp_path: Path) -> None:
    plant = stored_plant(tmp_path)
    done = level_plant_file(plant, time_limit=5, workers=1)
    assert done.saved
    press, line = (open_workspace(tmp_path / name).read() for name in FILES)
    # Line 3 (priority 3) keeps the crew first: the press waits for it, 12 working hours
    assert line.schedule is not None and press.schedule is not None
    assert line.schedule.finish == done.result.projects[1].finish
    assert press.schedule.finish == done.result.projects[0].finish
    assert press.schedule.finish > line.schedule.finish
    delays = {t.id: t.leveling_delay for t in press.project.tasks}
    assert delays["A1"] is not None and delays["A1"].minutes == 12 * 60
    assert all(t.leveling_delay is None for t in line.project.tasks)
    # the plant's resource is not copied into the project: it keeps using it by id
    assert press.project.resources == ()
    # never scheduled: compared with the plan without crew limits, where Line 3 already starts first
    assert [c.moved for c in done.changes] == [2, 0]


def test_leveling_again_moves_nothing(tmp_path: Path) -> None:
    plant = stored_plant(tmp_path)
    level_plant_file(plant, time_limit=5, workers=1)
    again = level_plant_file(plant, time_limit=5, workers=1)
    assert [c.moved for c in again.changes] == [0, 0]
    assert [c.finish_before for c in again.changes] == [c.finish_after for c in again.changes]


def test_a_missing_project_stops_the_run_with_nothing_written(tmp_path: Path) -> None:
    plant = stored_plant(tmp_path)
    before = (tmp_path / FILES[0]).read_bytes()
    (tmp_path / FILES[1]).unlink()
    with pytest.raises(InvalidInput) as caught:
        level_plant_file(plant, time_limit=5, workers=1)
    assert caught.value.problems()[0].code == "plant-project-missing"
    assert (tmp_path / FILES[0]).read_bytes() == before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("step", "nth"),
    [("prepared", 0), ("prepared", 1), ("journal", 0), ("renamed", 0), ("renamed", 1)],
)
def test_a_kill_during_the_save_leaves_every_old_plan(tmp_path: Path, step: str, nth: int) -> None:
    plant = stored_plant(tmp_path)
    old = _bytes(tmp_path)
    run = subprocess.run(
        [sys.executable, str(WORKER), str(plant), step, str(nth)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == -9, run.stderr
    if step == "renamed" and nth == 0:
        # killed between the two renames: the press has its new plan, the line its old one...
        assert _bytes(tmp_path)[0] != old[0] and _bytes(tmp_path)[1] == old[1]
        assert journal_path(plant).exists()
    # ...until the plant is opened again: every project back on its old plan
    recover_plant(plant)
    assert _bytes(tmp_path) == old
    assert _side_files(tmp_path) == [] and not journal_path(plant).exists()
    for name in FILES:
        open_workspace(tmp_path / name).read()
    # and the next run saves normally
    assert level_plant_file(plant, time_limit=5, workers=1).saved


@pytest.mark.slow
def test_a_kill_after_the_commit_keeps_every_new_plan(tmp_path: Path) -> None:
    plant = stored_plant(tmp_path)
    old = _bytes(tmp_path)
    run = subprocess.run(
        [sys.executable, str(WORKER), str(plant), "committed", "0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == -9, run.stderr
    assert not recover_plant(plant)
    new = _bytes(tmp_path)
    assert new[0] != old[0] and new[1] != old[1]
    assert _side_files(tmp_path) == []

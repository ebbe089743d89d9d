"""Every file of shared/data/real imports; counts and dates match what the README and the file state.

Expected numbers are typed from the README's table or counted in the file's own text with a regular
expression, never taken from the importer's output.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import SHARED
from plantrack.formats.interchange import load_plan
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.model import LinkType
from plantrack.scheduling.validate import validate

REAL = SHARED / "data" / "real"
pytestmark = pytest.mark.shared  # skipped, or failed under PLANTRACK_REQUIRE_SHARED=1, without the data

# file: (tasks, links, resources) from the README table (project summary and blank resource excluded;
# material resources are not imported and are subtracted here with the README's own words).
COUNTS = {
    "msp2019_task-links.xml": (16, 8, 0),
    "msp2010_task-baselines.xml": (110, 0, 0),
    "msp2003_calendars.xml": (0, 0, 2),
    "msp2007_resources.xml": (3, None, 4 - 1),  # "1 material resource (Concrete)"
    "msp2007_timephased-actuals.xml": (40, None, 41),
    "msp2003_sample.xml": (19, 6, 2),  # "links FS x3, SS, FF, SF"
    "projectlibre_new-product.xml": (43 - 1, 37, 8),  # "43 (incl. its ID 0 summary)"
    # README says 1 resource: the file's only one is UID 0 "Unassigned", the placeholder plantrack skips
    "openproj_holidays.xml": (1, None, 0),
    "msp2010plus_24h-calendar.xml": (1, 0, 0),
    "msp2016_recurring-exceptions.xml": (0, 0, 0),
    "ganttproject-3.3_house-building.gan": (20, 17, 7),
    "ganttproject-3.3_dependencies.gan": (5, 4, 0),
    "ganttproject-3.3_baseline-subtasks.gan": (2, 0, 0),
    "ganttproject-3.3_coordinator-assignee.gan": (1, 0, 2),
    "ganttproject-3.3_completion.gan": (1, 0, 0),
    "planner_kitchen.planner": (21, 11, 5),
    "planner_project1.planner": (30, 5, 2),
    # "15 / 8": two of the 8 resources are the groups dev and misc, imported as their members; the
    # "10 depends" are statements, two of which name two tasks each (gui, done)
    "tj3_tutorial.tjp": (15, 12, 8 - 2),
    "tj3_export_depends1.tjp": (5, 4, 0),  # bar1 depends on foo1 and bar
    "tj3_taskreport.csv": (13, 0, 0),  # "13 rows / 3 (in source)": the report lists no resources
}
MPP = {p.name for p in REAL.glob("*.mpp")} if REAL.is_dir() else set()  # tests/formats/test_mpp.py


def _text(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


def test_every_importable_file_is_listed() -> None:
    listed = set(COUNTS) | MPP | {"README.md"}
    assert {p.name for p in REAL.iterdir()} == listed


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_counts_match_the_readme(name: str) -> None:
    plan = load_plan(REAL / name)
    assert plan is not None
    tasks, links, resources = COUNTS[name]
    project = plan.project
    assert len(project.tasks) == tasks
    if links is not None:
        assert len(project.links) == links
    assert len(project.resources) == resources
    assert not [p for p in validate(project) if p.severity == "error"]


def test_link_types_and_lags_of_the_project_2019_file() -> None:
    project = load_plan(REAL / "msp2019_task-links.xml").project  # type: ignore[union-attr]
    kinds = sorted(lk.type.value for lk in project.links)
    assert kinds == sorted(["FS"] * 5 + ["SF", "SS", "FF"])
    fs_lags = sorted(lk.lag.minutes for lk in project.links if lk.type is LinkType.FS)
    # LinkLag 0/4800/9600/24000/48000 tenths of a minute = 0, 1 d, 2 d, 1 w, 2 w of 8 h days
    assert fs_lags == [0, 480, 960, 2400, 4800]
    assert all(lk.lag.minutes == 960 for lk in project.links if lk.type is not LinkType.FS)


def test_leads_are_negative_lags() -> None:
    sample = load_plan(REAL / "msp2003_sample.xml").project  # type: ignore[union-attr]
    assert sorted(lk.lag.minutes for lk in sample.links) == [-480, 0, 0, 0, 0, 480]
    libre = load_plan(REAL / "projectlibre_new-product.xml").project  # type: ignore[union-attr]
    assert min(lk.lag.minutes for lk in libre.links) == -15 * 480  # LinkLag -72000
    assert sorted(lk.type.value for lk in libre.links).count("FF") == 1


def _file_dates(name: str) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    out = {}
    for block in re.findall(r"<Task>(.*?)</Task>", _text(name), re.S):
        uid = re.search(r"<UID>(\d+)</UID>", block)
        start = re.search(r"<Start>([^<]+)</Start>", block)
        finish = re.search(r"<Finish>([^<]+)</Finish>", block)
        if uid and start and finish:
            out[uid.group(1)] = (
                dt.datetime.fromisoformat(start.group(1)),
                dt.datetime.fromisoformat(finish.group(1)),
            )
    return out


@pytest.mark.parametrize(
    "name",
    [
        "msp2019_task-links.xml",
        "projectlibre_new-product.xml",
        "openproj_holidays.xml",
        "msp2010_task-baselines.xml",
    ],
)
def test_scheduled_dates_equal_the_dates_ms_project_saved(name: str) -> None:
    """The file's calendars, durations, links and lags, scheduled by plantrack, give MS Project's dates."""
    project = load_plan(REAL / name).project  # type: ignore[union-attr]
    schedule = cpm(project)
    saved = _file_dates(name)
    for task in project.tasks:
        ours = schedule.task(task.id)
        assert (ours.early_start_at, ours.early_finish_at) == saved[task.id], task.name


def test_holidays_of_the_openproj_file_push_the_task() -> None:
    project = load_plan(REAL / "openproj_holidays.xml").project  # type: ignore[union-attr]
    calendar = project.calendar_map()[project.calendar]
    days = re.findall(r"<DayType>0</DayType>", _text("openproj_holidays.xml"))
    assert len(calendar.off) >= 3 and len(days) >= 3  # "3 holiday exceptions in the 2003 style"


def test_recurring_exceptions_all_read() -> None:
    project = load_plan(REAL / "msp2016_recurring-exceptions.xml").project  # type: ignore[union-attr]
    (calendar,) = [c for c in project.calendars if c.off]
    text = _text("msp2016_recurring-exceptions.xml")
    expected = sum(int(n) for n in re.findall(r"<Occurrences>(\d+)</Occurrences>", text))
    days = sum((p.end - p.start).days for p in calendar.off)
    assert days == expected  # every occurrence of the 27 exceptions, one off day each
    assert len(re.findall(r"<Exception>", text)) == 27


def test_baselines_and_actuals_of_ms_project_files() -> None:
    text = _text("msp2007_timephased-actuals.xml")
    plan = load_plan(REAL / "msp2007_timephased-actuals.xml")
    assert plan is not None
    started = len(re.findall(r"<ActualStart>", text))
    finished = [r for r in plan.progress if r.actual_finish]
    assert len(plan.progress) == 20 and started >= 20  # "20 tasks with PercentComplete>0 and ActualStart"
    assert len(finished) == 10  # "10 with ActualFinish"
    baselines = load_plan(REAL / "msp2010_task-baselines.xml")
    assert baselines is not None
    entries = len(re.findall(r"<Baseline>", _text("msp2010_task-baselines.xml")))
    skipped = next(w for w in baselines.warnings if w.code == "baseline-partial")
    imported = sum(len(b.tasks) for b in baselines.baselines)
    assert int(skipped.message.split()[0]) + imported == entries


def test_ganttproject_details() -> None:
    house = load_plan(REAL / "ganttproject-3.3_house-building.gan")
    assert house is not None
    text = _text("ganttproject-3.3_house-building.gan")
    assert sum(t.milestone for t in house.project.tasks) == len(re.findall(r'meeting="true"', text)) == 4
    assert len(house.project.assignments) == len(re.findall(r"<allocation ", text)) == 30
    assert len(house.project.summary_ids()) == 4
    deps = load_plan(REAL / "ganttproject-3.3_dependencies.gan").project  # type: ignore[union-attr]
    by_pair = {(lk.predecessor, lk.successor): lk for lk in deps.links}
    assert by_pair[("0", "1")].type is LinkType.SS and by_pair[("1", "2")].type is LinkType.FS
    assert by_pair[("2", "3")].type is LinkType.FF and by_pair[("2", "3")].lag.minutes == -480
    assert by_pair[("3", "4")].type is LinkType.SF
    done = load_plan(REAL / "ganttproject-3.3_completion.gan")
    assert done is not None and [r.percent_complete for r in done.progress] == [64.0]
    base = load_plan(REAL / "ganttproject-3.3_baseline-subtasks.gan")
    assert base is not None
    (baseline,) = base.baselines
    assert baseline.name == "baseline-A" and len(baseline.tasks) == 2
    assert baseline.task_map()["1"].start == dt.datetime(2024, 1, 4, 8)
    coord = load_plan(REAL / "ganttproject-3.3_coordinator-assignee.gan")
    assert coord is not None and sorted(a.units for a in coord.project.assignments) == [0.5, 0.5]
    assert coord.project.tasks[0].owner in {r.name for r in coord.project.resources}


def test_ganttproject_dates_follow_the_file() -> None:
    project = load_plan(REAL / "ganttproject-3.3_house-building.gan").project  # type: ignore[union-attr]
    schedule = cpm(project)
    # <task id="10" ... start="2024-06-10" duration="15">: follows task 9 (10 days from 2024-05-27)
    assert schedule.task("10").early_start_at.date() == dt.date(2024, 6, 10)
    assert schedule.task("9").early_finish_at == dt.datetime(2024, 6, 7, 17)


def test_planner_details() -> None:
    kitchen = load_plan(REAL / "planner_kitchen.planner")
    assert kitchen is not None
    lags = [lk.lag.minutes for lk in kitchen.project.links if lk.lag.minutes]
    assert lags == [144000 // 60]  # lag="144000" seconds = 40 h
    assert len(kitchen.project.assignments) == 19
    one = load_plan(REAL / "planner_project1.planner")
    assert one is not None
    assert sorted(lk.type.value for lk in one.project.links) == ["FF", "FS", "FS", "SF", "SS"]
    assert sorted(r.percent_complete for r in one.progress) == sorted(
        float(n)
        for n in re.findall(r'percent-complete="(\d+)"', _text("planner_project1.planner"))
        if n != "0"
    )


def test_path_is_a_path() -> None:
    assert isinstance(REAL, Path)

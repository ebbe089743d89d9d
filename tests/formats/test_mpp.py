"""Binary MS Project import through MPXJ: README counts, the XML twins give the same plan, MPXJ reads
our MSPDI export back with the same counts and dates, and a clear message when Java or the extra is missing.

Expected numbers are typed from shared/data/real/README.md, never taken from the importer's output.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import SHARED, fingerprint
from plantrack.formats import mpp
from plantrack.formats.interchange import ImportedPlan, load_plan
from plantrack.scheduling.cpm import cpm
from plantrack.scheduling.errors import InvalidInput
from plantrack.scheduling.model import LinkType

REAL = SHARED / "data" / "real"
MISSING = mpp.missing_requirements()
needs_mpxj = pytest.mark.skipif(bool(MISSING), reason=f"the .mpp import needs {', '.join(MISSING)}")
OWN_FILES = Path(__file__).parent / "files"
pytestmark = pytest.mark.slow  # each file starts a Java VM (about 2-3 s)


def _plan(name: str) -> ImportedPlan:
    plan = load_plan(REAL / name)
    assert plan is not None
    return plan


def _depth(plan: ImportedPlan) -> int:
    parent = {t.id: t.parent for t in plan.project.tasks}

    def level(ident: str | None) -> int:
        return 0 if ident is None else 1 + level(parent[ident])

    return max(level(t) for t in parent)


@needs_mpxj
@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "tasks", "links", "resources", "assignments"),
    [
        ("msp2013_task-links.mpp", 16, 8, 0, 0),
        ("msp2010_timephased-actuals.mpp", 40, None, 41, 40),
        ("msp2007_baseline-actuals.mpp", 14, 6, 2, 6),
        ("msp-template_commercial-construction.mpp", 145, 176, 32, 158),
    ],
)
def test_counts_match_the_readme(
    name: str, tasks: int, links: int | None, resources: int, assignments: int
) -> None:
    project = _plan(name).project
    assert len(project.tasks) == tasks
    if links is not None:
        assert len(project.links) == links
    assert len(project.resources) == resources
    assert len(project.assignments) == assignments
    cpm(project)  # and it schedules


@needs_mpxj
@pytest.mark.shared
def test_hierarchy_links_and_actuals_of_the_2007_file() -> None:
    plan = _plan("msp2007_baseline-actuals.mpp")
    parents = {t.parent for t in plan.project.tasks if t.parent}
    # README: 5 summaries, outline depth 4, 1 milestone, 6 FS links, 2 finished tasks
    assert len(parents) == 5 and _depth(plan) == 4
    assert sum(t.milestone for t in plan.project.tasks) == 1
    assert {lk.type for lk in plan.project.links} == {LinkType.FS}
    assert sum(r.actual_finish is not None for r in plan.progress) == 2
    assert plan.baselines and plan.baselines[0].tasks
    # the status date comes from the file (its save date), not from the clock
    assert {r.status_date for r in plan.progress} == {dt.datetime(2006, 9, 19, 16, 15)}


@needs_mpxj
@pytest.mark.shared
def test_construction_template_links() -> None:
    project = _plan("msp-template_commercial-construction.mpp").project
    kinds = [lk.type for lk in project.links]
    assert (kinds.count(LinkType.FS), kinds.count(LinkType.FF)) == (175, 1)  # README
    assert len({t.parent for t in project.tasks if t.parent}) == 19


@needs_mpxj
@pytest.mark.shared
@pytest.mark.parametrize(
    ("binary", "xml"),
    [
        ("msp2013_task-links.mpp", "msp2019_task-links.xml"),
        ("msp2010_timephased-actuals.mpp", "msp2007_timephased-actuals.xml"),
    ],
)
def test_binary_and_xml_twins_give_the_same_plan(binary: str, xml: str) -> None:
    a, b = _plan(binary), _plan(xml)
    assert [(t.name, t.duration, t.milestone) for t in a.project.tasks] == [
        (t.name, t.duration, t.milestone) for t in b.project.tasks
    ]
    assert [(lk.type, lk.lag) for lk in a.project.links] == [(lk.type, lk.lag) for lk in b.project.links]
    started = sorted((r.task, r.actual_start, r.percent_complete) for r in a.progress)
    assert started == sorted((r.task, r.actual_start, r.percent_complete) for r in b.progress)


@needs_mpxj
@pytest.mark.shared
def test_scheduled_dates_equal_the_dates_saved_in_the_mpp_file() -> None:
    """The .mpp's links and lags scheduled by plantrack give the Start/Finish MS Project saved in it."""
    name = "msp2013_task-links.mpp"
    saved = {}
    text = mpp.mpp_to_mspdi(REAL / name).decode("utf-8")
    for block in re.findall(r"<Task>(.*?)</Task>", text, re.S):
        uid, start, finish = (
            re.search(rf"<{tag}>([^<]+)</{tag}>", block) for tag in ("UID", "Start", "Finish")
        )
        if uid and start and finish:
            saved[uid[1]] = (dt.datetime.fromisoformat(start[1]), dt.datetime.fromisoformat(finish[1]))
    project = _plan(name).project
    schedule = cpm(project)
    assert len(saved) >= len(project.tasks)
    for task in project.tasks:
        ours = schedule.task(task.id)
        assert (ours.early_start_at, ours.early_finish_at) == saved[task.id], task.name


@needs_mpxj
def test_mpxj_reads_our_mspdi_export_with_the_same_counts_and_dates(tmp_path: Path) -> None:
    from plantrack.formats.mspdi.read import read_mspdi
    from plantrack.formats.mspdi.write import write_mspdi

    # a file of our own (no shared corpus needed): a holiday, SS with lag, FF, a milestone, assignments
    ours = load_plan(OWN_FILES / "press_cell.gan").project  # type: ignore[union-attr]
    schedule = cpm(ours)
    data, _warnings = write_mspdi(ours, schedule=schedule)
    path = tmp_path / "ours.xml"
    path.write_bytes(data)
    back = read_mspdi(path, data=mpp.mpp_to_mspdi(path)).project  # MPXJ's reading, written by MPXJ
    assert (len(back.tasks), len(back.links), len(back.resources), len(back.assignments)) == (
        len(ours.tasks),
        len(ours.links),
        len(ours.resources),
        len(ours.assignments),
    )
    assert {(lk.type, lk.lag) for lk in back.links} == {(lk.type, lk.lag) for lk in ours.links}
    dates = {t.name: (t.early_start_at, t.early_finish_at) for t in cpm(back).tasks}
    assert dates == {t.name: (t.early_start_at, t.early_finish_at) for t in schedule.tasks}


def test_missing_extra_or_java_is_named(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "plan.mpp"
    source.write_bytes(b"\xd0\xcf\x11\xe0 not read")
    monkeypatch.setattr(mpp.importlib.util, "find_spec", lambda name, *a: None)
    monkeypatch.setattr(mpp.shutil, "which", lambda name: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(InvalidInput) as caught:
        mpp.mpp_to_mspdi(source)
    message = caught.value.problems()[0].message
    assert (
        "plantrack[mpp]" in message and "mpxj" in message and "jpype" in message and "Java runtime" in message
    )
    assert cli("new", "Keep", "--start", "2027-01-04").code == 0
    [workspace] = tmp_path.glob("*.plantrack.json")
    before = fingerprint(workspace)
    result = cli("import", "plan.mpp", "-w", workspace.name)
    assert result.code == 1 and "plantrack[mpp]" in result.err and "Traceback" not in result.err
    assert fingerprint(workspace) == before


@needs_mpxj
def test_a_file_mpxj_cannot_read_is_a_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "junk.mpp"
    source.write_bytes(b"this is no project file at all")
    with pytest.raises(InvalidInput) as caught:
        mpp.mpp_to_mspdi(source)
    assert caught.value.problems()[0].code == "mpp-invalid"

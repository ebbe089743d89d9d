"""Every importer answers damaged files with a clean error: mutation fuzzing with a fixed seed and budget.

The cases come from `fuzz/harness.py` (one registry entry per importer). A case fails when anything
but a PlantrackError the command line maps to exit 1 comes out, when that error does not name the
file, or when it takes longer than `CASE_SECONDS`. `bench/fuzz.py` runs the same cases at length.
"""

from __future__ import annotations

import dataclasses
import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fuzz.harness import (
    BY_NAME,
    HERE,
    IMPORTERS,
    Case,
    Importer,
    import_and_schedule,
    import_file,
    make_case,
    make_cases,
    run_case,
)

from conftest import Result
from plantrack.scheduling.errors import InvalidInput, ModelError, Unschedulable

SEED = 2027
#: Cases per importer on the committed seed files, and on the shared real files when present.
CASES = 200
SHARED_CASES = 100
#: Cases whose accepted plans are also scheduled.
SCHEDULED_CASES = 60
#: Per-case ceiling: a damaged file is refused in milliseconds; seconds mean a loop gone wrong.
CASE_SECONDS = 5.0
FILES = HERE.parent / "files"


def _failures(importer: Importer, seeds: tuple[Path, ...], count: int, folder: Path) -> list[str]:
    problems = []
    for case in make_cases(importer, seeds, count, SEED):
        outcome = run_case(importer, case, folder, limit=4 * CASE_SECONDS)
        if outcome.failed:
            problems.append(f"{outcome.kind}: {case.label}\n    {outcome.detail}")
        elif outcome.seconds > CASE_SECONDS:
            problems.append(f"slow ({outcome.seconds:.1f} s): {case.label}")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_damaged_fixture_files_give_only_clean_errors(importer: Importer, tmp_path: Path) -> None:
    failures = _failures(importer, importer.seeds, CASES, tmp_path)
    assert not failures, f"{len(failures)} of {CASES} cases failed:\n" + "\n".join(failures[:20])


@pytest.mark.slow
@pytest.mark.parametrize("importer", [i for i in IMPORTERS if i.shared], ids=lambda i: i.name)
def test_damaged_real_files_give_only_clean_errors(
    importer: Importer, tmp_path: Path, shared_data: Path
) -> None:
    seeds = importer.shared_seeds(shared_data)
    assert seeds, f"no shared file matches {importer.shared}"
    failures = _failures(importer, seeds, SHARED_CASES, tmp_path)
    assert not failures, f"{len(failures)} of {SHARED_CASES} cases failed:\n" + "\n".join(failures[:20])


@pytest.mark.slow
@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_plans_read_from_damaged_files_schedule_in_time(importer: Importer, tmp_path: Path) -> None:
    """An accepted damaged file (a 100-year duration, a lag of -1) is scheduled too, within the limit."""
    scheduled = dataclasses.replace(importer, read=import_and_schedule)
    failures = _failures(scheduled, importer.seeds, SCHEDULED_CASES, tmp_path)
    assert not failures, f"{len(failures)} of {SCHEDULED_CASES} cases failed:\n" + "\n".join(failures[:20])


# ---------------------------------------------------------------- the harness can fail


def _case(name: str = "gan") -> Case:
    return make_case(BY_NAME[name], BY_NAME[name].seeds, 0, SEED)


def _outcome_of(error: BaseException | None, tmp_path: Path, limit: float = 30.0) -> str:
    def read(path: Path) -> object:
        if error is not None:
            raise error
        return None

    importer = Importer(name="probe", seeds=(FILES / "press_cell.gan",), read=read)
    return run_case(importer, _case(), tmp_path, limit).kind


def test_harness_tells_clean_errors_from_crashes(tmp_path: Path) -> None:
    from plantrack.scheduling.errors import Problem

    located = InvalidInput([Problem(code="x", message="bad", location="press_cell.gan")])
    assert _outcome_of(None, tmp_path) == "accepted"
    assert _outcome_of(located, tmp_path) == "rejected"
    assert _outcome_of(OverflowError("cannot convert float infinity to integer"), tmp_path) == "crash"
    # exit 1 but no file named, and an error the command line maps to another exit code
    assert _outcome_of(ModelError("duration-out-of-range", "too long"), tmp_path) == "unlocated"
    assert _outcome_of(
        Unschedulable([Problem(code="x", message="x", location="press_cell.gan")]), tmp_path
    ) == ("crash")


def test_harness_stops_a_hung_case(tmp_path: Path) -> None:
    def hang(path: Path) -> object:
        while True:
            time.sleep(0.01)

    importer = Importer(name="probe", seeds=(FILES / "press_cell.gan",), read=hang)
    outcome = run_case(importer, _case(), tmp_path, limit=0.2)
    assert outcome.kind == "timeout" and outcome.failed


def test_cases_are_reproducible_and_mutate_the_seed() -> None:
    for importer in IMPORTERS:
        first = [make_case(importer, importer.seeds, i, SEED) for i in range(20)]
        again = [make_case(importer, importer.seeds, i, SEED) for i in range(20)]
        assert [c.data for c in first] == [c.data for c in again]
        changed = sum(c.data != c.seed.read_bytes() for c in first)
        assert changed >= 18, f"{importer.name}: only {changed} of 20 cases differ from their seed"


def test_xlsx_cases_reach_the_cells_inside_the_archive() -> None:
    importer = BY_NAME["xlsx"]
    cells = [c for c in make_cases(importer, importer.seeds, 60, SEED) if "cells " in c.mutation]
    assert cells
    with zipfile.ZipFile(io.BytesIO(cells[0].data)) as archive:
        assert archive.testzip() is None  # a valid archive: the damage is in its content


# ---------------------------------------------------------------- regressions: each crash the fuzzer found


def _edited(source: Path, old: str, new: str) -> bytes:
    data = source.read_bytes()
    assert old.encode() in data, f"{old!r} not in {source.name}"
    return data.replace(old.encode(), new.encode(), 1)


def _rezipped(source: Path, part: str, old: str, new: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            content = original.read(info)
            if info.filename == part:
                assert old.encode() in content
                content = content.replace(old.encode(), new.encode(), 1)
            archive.writestr(info.filename, content)
    return out.getvalue()


GAN = FILES / "press_cell.gan"
PLANNER = FILES / "weld_jig.planner"
MSPDI = HERE / "press_cell.xml"
XLSX = HERE / "press_cell.xlsx"
#: (name, damaged file bytes, file name, what the error says; None: the file is read)
REGRESSIONS: list[tuple[str, Callable[[], bytes], str, str | None]] = [
    (
        "gan-duration-infinite",
        lambda: _edited(GAN, 'start="2027-01-06" duration="3"', 'start="2027-01-06" duration="1e400"'),
        GAN.name,
        "task 3, duration: '1e400' is not a number of days",
    ),
    (
        "gan-duration-nan",
        lambda: _edited(GAN, 'start="2027-01-06" duration="3"', 'start="2027-01-06" duration="NaN"'),
        GAN.name,
        "task 3, duration: 'NaN' is not a number of days",
    ),
    (
        "gan-lag-20-digits",
        lambda: _edited(GAN, 'type="1" difference="1"', 'type="1" difference="99999999999999999999"'),
        GAN.name,
        "<depend> of task 3 on task 4, difference: '99999999999999999999' is out of range for a lag in days",
    ),
    (
        "gan-holiday-year-20-digits",  # a holiday on no real date is skipped, as an impossible date is
        lambda: _edited(GAN, 'year="2027" month="1"', 'year="99999999999999999999" month="1"'),
        GAN.name,
        None,
    ),
    (
        "planner-work-20-digits",
        lambda: _edited(PLANNER, 'work="86400"', 'work="99999999999999999999"'),
        PLANNER.name,
        "task 3, work: '99999999999999999999' is out of range for a number of seconds",
    ),
    (
        "planner-lag-infinite",
        lambda: _edited(PLANNER, 'lag="14400"', 'lag="-1e400"'),
        PLANNER.name,
        "task 4, lag after 3: '-1e400' is not a number of seconds",
    ),
    (
        "planner-interval-not-a-time",
        lambda: _edited(PLANNER, 'start="1300"', 'start="1!00"'),
        PLANNER.name,
        "calendar 1, day type 0: interval '1!00'-'1700' is not two times HHMM",
    ),
    (
        "planner-hours-overlap",
        lambda: _edited(PLANNER, 'end="1200"', 'end="1659"'),
        PLANNER.name,
        "calendar 1:",
    ),
    (
        "mspdi-link-lag-20-digits",
        lambda: _edited(MSPDI, "<LinkLag>0</LinkLag>", "<LinkLag>-99999999999999999999</LinkLag>"),
        MSPDI.name,
        "exceeds the limit of about 100 years",
    ),
    (
        "mspdi-calendar-number-infinite",  # an unreadable number is read as absent, as before
        lambda: _edited(MSPDI, "<DayType>1</DayType>", "<DayType>1e400</DayType>"),
        MSPDI.name,
        None,
    ),
    (
        "psplib-duration-20-digits",
        lambda: _edited(
            FILES / "press_line.sm", "  2      1     3       2", "  2      1     99999999999999999999  2"
        ),
        "press_line.sm",
        "job 2 lasts 99999999999999999999 periods",
    ),
    (
        "xlsx-sheet-not-xml",
        lambda: _rezipped(XLSX, "xl/worksheets/sheet1.xml", "<sheetData>", "<sheetData><row"),
        XLSX.name,
        "is not a readable Excel workbook",
    ),
    (
        "xlsx-number-cell-nan",
        lambda: _rezipped(XLSX, "xl/worksheets/sheet1.xml", "<v>37.5</v>", "<v>NaN</v>"),
        XLSX.name,
        "is not a readable Excel workbook",
    ),
    (
        "xlsx-truncated",
        lambda: XLSX.read_bytes()[:3000],
        XLSX.name,
        "is not a readable Excel workbook",
    ),
]


@pytest.mark.parametrize(
    ("damaged", "name", "expected"), [r[1:] for r in REGRESSIONS], ids=[r[0] for r in REGRESSIONS]
)
def test_damage_found_by_the_fuzzer_is_refused_with_its_place(
    damaged: Callable[[], bytes], name: str, expected: str | None, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(damaged())
    if expected is None:
        import_file(path)
        return
    with pytest.raises(InvalidInput) as caught:
        import_file(path)
    problems = caught.value.problems()
    assert any(expected in p.message for p in problems), [p.render() for p in problems]
    assert all(p.location and p.location.startswith(name) for p in problems if expected in p.message)


# ---------------------------------------------------------------- through the command line

ISSUE_CASES = {
    # the three damaged files of the issue, each one edit away from a real file
    "gan-infinite": (
        GAN,
        'start="2027-01-06" duration="3"',
        'start="2027-01-06" duration="inf"',
        "task 3, duration",
    ),
    "planner-huge": (PLANNER, 'work="86400"', 'work="99999999999999999999"', "task 3, work"),
    "planner-1!": (PLANNER, 'start="1300"', 'start="1!00"', "calendar 1, day type 0"),
}


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("key", sorted(ISSUE_CASES))
def test_import_of_a_damaged_file_exits_1_naming_file_and_element(
    key: str, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    source, old, new, where = ISSUE_CASES[key]
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / source.name
    path.write_bytes(_edited(source, old, new))
    before = _tree(tmp_path)
    result = cli("import", str(path))
    assert result.code == 1, result.err
    assert f"{source.name}: error [" in result.err and where in result.err, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert _tree(tmp_path) == before  # no workspace created, the file untouched


@pytest.mark.parametrize("name", [i.name for i in IMPORTERS])
def test_import_of_fuzzed_files_through_the_command_line(
    name: str, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    """The first rejected cases of each importer as `plantrack import`: exit 1, file named, nothing written"""
    importer = BY_NAME[name]
    (tmp_path / "in").mkdir()
    checked = 0
    for case in make_cases(importer, importer.seeds, 40, SEED):
        if run_case(importer, case, tmp_path / "in").kind != "rejected":
            continue
        path = tmp_path / "in" / case.seed.name
        before = _tree(tmp_path)
        result = cli("import", str(path))
        assert result.code == 1, f"{case.label}: {result.err}"
        assert case.seed.name in result.err, f"{case.label}: {result.err}"
        assert "Traceback" not in result.err and "internal error" not in result.err, case.label
        assert _tree(tmp_path) == before, case.label
        checked += 1
        if checked == 3:
            break
    assert checked == 3

"""The bad-input catalogue, one case each, through the real CLI in a subprocess.

Each case imports a faulty project file over an existing workspace (or a valid file into a broken
workspace) and checks: the exit code, the error code in `--json`, every offending id named in the
problem's ids and message, a location, and the workspace file byte-for-byte unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import Result, fingerprint
from plantrack.scheduling.model import Project, Task
from plantrack.scheduling.tracking.records import ProgressRecord
from plantrack.store import WorkspaceState, create_workspace

HEAD = """\
[project]
name = "Catalogue"
start = 2027-01-04
calendar = "plant"

[calendars.plant]
weekdays = ["mon", "tue", "wed", "thu", "fri"]
hours = ["08:00-12:00", "13:00-17:00"]

[resources.elec]
name = "Electrician"
capacity = 1

[windows.stop]
periods = [{ from = 2027-04-16T20:00:00, to = 2027-04-19T06:00:00 }]
"""


def plan(tasks: str, head: str = HEAD) -> str:
    return head + "\n" + tasks


def tasks(*bodies: str) -> str:
    return "\n".join(f"[[tasks]]\n{body.strip()}\n" for body in bodies)


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    code: str
    ids: tuple[str, ...]
    marker: str  # the located line is the first one containing this text
    exit_code: int = 1


GOOD_B = 'id = "b"\nduration = "1d"'
CASES = [
    Case(
        "dependency cycle",
        plan(
            tasks(
                'id = "a"\nduration = "1d"\nafter = ["c"]',
                'id = "b"\nduration = "1d"\nafter = ["a"]',
                'id = "c"\nduration = "1d"\nafter = ["b"]',
            )
        ),
        "dep-cycle",
        ("a", "b", "c"),
        'after = ["c"]',
    ),
    Case("self link", plan(tasks('id = "a"\nduration = "1d"\nafter = ["a"]')), "dep-self", ("a",), "after"),
    Case(
        "unknown task",
        plan(tasks('id = "a"\nduration = "1d"', 'id = "b"\nduration = "1d"\nafter = ["zz"]')),
        "dep-unknown",
        ("zz", "b"),
        'after = ["zz"]',
    ),
    Case(
        "unknown resource",
        plan(tasks('id = "a"\nduration = "1d"\nresources = { ghost = 1 }')),
        "resource-unknown",
        ("a", "ghost"),
        "resources =",
    ),
    Case(
        "unknown window",
        plan(tasks('id = "a"\nduration = "1d"\nwindow = "nowin"')),
        "window-unknown",
        ("a", "nowin"),
        "window =",
    ),
    Case(
        "unknown calendar",
        plan(tasks('id = "a"\nduration = "1d"\ncalendar = "nocal"')),
        "calendar-unknown",
        ("a", "nocal"),
        'calendar = "nocal"',
    ),
    Case(
        "duplicate id",
        plan(tasks('id = "a"\nduration = "1d"', GOOD_B, 'id = "a"\nduration = "2d"')),
        "id-duplicate",
        ("a",),
        'id = "a"',
    ),
    Case(
        "negative duration",
        plan(tasks('id = "a"\nduration = "-3d"', GOOD_B)),
        "duration-negative",
        ("a",),
        '"-3d"',
    ),
    Case(
        "unparsable duration",
        plan(tasks(GOOD_B, 'id = "a"\nduration = "3 fortnights"')),
        "duration-unit",
        ("a",),
        "fortnights",
    ),
    Case(
        "invalid date (no such day)",
        plan(tasks('id = "a"\nduration = "1d"\ndeadline = 2027-02-30')),
        "date-invalid",
        (),
        "2027-02-30",
    ),
    Case(
        # day first is read (30/12/2027 is a date); month first, as the US writes, is refused
        "invalid date (month/day text)",
        plan(tasks('id = "a"\nduration = "1d"\ndeadline = "12/30/2027"')),
        "date-invalid",
        ("a",),
        "12/30/2027",
    ),
    Case(
        "end before start in a period",
        plan(
            tasks(GOOD_B),
            HEAD.replace(
                "[windows.stop]\n",
                "[windows.late]\nperiods = [{ from = 2027-05-10, to = 2027-05-03 }]\n\n[windows.stop]\n",
            ),
        ),
        "period-end-before-start",
        ("late",),
        "2027-05-03",
    ),
    Case(
        "calendar with no working time",
        plan(
            tasks('id = "a"\nduration = "1d"\ncalendar = "never"'),
            HEAD + '\n[calendars.never]\nweekdays = []\nhours = ["08:00-12:00"]\n',
        ),
        "calendar-no-working-time",
        ("never", "a"),
        "[calendars.never]",
    ),
    Case(
        "assignment above capacity",
        plan(tasks('id = "a"\nduration = "1d"\nresources = { elec = 2 }')),
        "assignment-over-capacity",
        ("a", "elec"),
        "resources =",
    ),
    Case(
        "milestone with a duration",
        plan(tasks('id = "m"\nmilestone = true\nduration = "2d"', GOOD_B)),
        "milestone-duration",
        ("m",),
        "milestone = true",
    ),
    Case(
        "TOML syntax error",
        plan(tasks('id = "a"\nname = "unclosed\nduration = "1d"')),
        "toml-syntax",
        (),
        'name = "unclosed',
    ),
]


def _seed_workspace(path: Path) -> None:
    project = Project(name="Before", start=dt.datetime(2027, 1, 4), tasks=(Task(id="x", name="X"),))
    recorded = (ProgressRecord(task="x", status_date=dt.datetime(2027, 1, 5), percent_complete=10.0),)
    create_workspace(path, WorkspaceState(project=project, progress=recorded))


def _line_of(text: str, marker: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(f"marker {marker!r} not in the case text")


def _problems(result: Result) -> list[dict[str, object]]:
    assert "Traceback" not in result.err
    data = json.loads(result.out)
    assert isinstance(data, list)
    return data


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_project_file_is_refused(case: Case, tmp_path: Path, plantrack: Callable[..., Result]) -> None:
    workspace = tmp_path / "plan.plantrack.json"
    _seed_workspace(workspace)
    (tmp_path / "plan.toml").write_text(case.text, encoding="utf-8")
    before = fingerprint(workspace)

    result = plantrack("import", "plan.toml", "--json")

    assert result.code == case.exit_code, result.out + result.err
    problems = [p for p in _problems(result) if p["code"] == case.code]
    assert problems, f"no {case.code} among {result.out}"
    problem = problems[0]
    assert problem["severity"] == "error"
    for ident in case.ids:
        assert ident in problem["ids"], problem
        assert re.search(rf"\b{re.escape(ident)}\b", str(problem["message"])), problem
    expected_line = _line_of(case.text, case.marker)
    assert f"plan.toml:{expected_line}" in str(problem["location"]), problem
    assert fingerprint(workspace) == before


def test_cycle_message_names_the_whole_cycle(tmp_path: Path, plantrack: Callable[..., Result]) -> None:
    (tmp_path / "plan.toml").write_text(CASES[0].text, encoding="utf-8")
    result = plantrack("validate", "plan.toml")
    assert result.code == 1
    assert re.search(r"dependency cycle: (a → b → c → a|b → c → a → b|c → a → b → c)", result.err), result.err


def test_duplicate_names_every_location(tmp_path: Path, plantrack: Callable[..., Result]) -> None:
    case = next(c for c in CASES if c.code == "id-duplicate")
    (tmp_path / "plan.toml").write_text(case.text, encoding="utf-8")
    result = plantrack("validate", "plan.toml", "--json")
    (problem,) = [p for p in _problems(result) if p["code"] == "id-duplicate"]
    lines = [n for n, line in enumerate(case.text.splitlines(), start=1) if line == 'id = "a"']
    assert problem["location"] == ", ".join(f"plan.toml:{n}" for n in lines)


# ---------------------------------------------------------------- broken workspace files

GOOD_PLAN = plan(tasks('id = "a"\nname = "A"\nduration = "1d"'))


def _not_plantrack(path: Path) -> None:
    path.write_text('{"hello": {"1": {"world": true}}}\n', encoding="utf-8")


def _newer_schema(path: Path) -> None:
    _seed_workspace(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["meta"]["1"]["schema_version"] = 999
    path.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")


def _truncated(path: Path) -> None:
    _seed_workspace(path)
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 8)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


BROKEN = [
    ("not a plantrack file", _not_plantrack, "workspace-unreadable"),
    ("newer schema", _newer_schema, "workspace-too-new"),
    ("truncated file", _truncated, "workspace-unreadable"),
    ("garbage bytes", _garbage, "workspace-unreadable"),
    ("empty file", _empty, "workspace-unreadable"),
]


@pytest.mark.parametrize("spoil,code", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
@pytest.mark.parametrize("command", ["import", "validate", "export"])
def test_broken_workspace_is_never_overwritten(
    spoil: Callable[[Path], None],
    code: str,
    command: str,
    tmp_path: Path,
    plantrack: Callable[..., Result],
) -> None:
    workspace = tmp_path / "plan.plantrack.json"
    spoil(workspace)
    (tmp_path / "plan.toml").write_text(GOOD_PLAN, encoding="utf-8")
    before = fingerprint(workspace)
    args = {
        "import": ("import", "plan.toml"),
        "validate": ("validate",),
        "export": ("export", "toml"),
    }[command]

    result = plantrack(*args, "-w", workspace.name, "--json")

    assert result.code == 4, result.out + result.err
    (problem,) = _problems(result)
    assert problem["code"] == code
    assert workspace.name in str(problem["location"])
    assert workspace.name in str(problem["message"])
    assert fingerprint(workspace) == before

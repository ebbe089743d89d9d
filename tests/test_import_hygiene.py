"""The core loads without UI, storage or plotting libraries; `plantrack --help` does not load Textual."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import ROOT, cli_env

HEAVY = ("textual", "rich", "plotly", "tinydb", "ortools")


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", probe], env=cli_env(), capture_output=True, text=True, check=True
    )
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_core_imports_no_heavy_library() -> None:
    core = ROOT / "src" / "plantrack" / "scheduling"
    names = sorted(
        "plantrack." + ".".join(path.relative_to(core.parent).with_suffix("").parts).removesuffix(".__init__")
        for path in core.rglob("*.py")
        if "leveling" not in path.relative_to(core).parts
    )
    modules = _loaded_after(f"import importlib\nfor name in {names!r}:\n    importlib.import_module(name)")
    leaked = {name for name in modules for heavy in HEAVY if name == heavy or name.startswith(heavy + ".")}
    assert not leaked, f"the core pulled in {sorted(leaked)}"


def test_help_does_not_load_textual_or_plotly() -> None:
    modules = _loaded_after(
        "from plantrack.cli import build_parser\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        build_parser().parse_args(['--help'])\n"
        "    except SystemExit:\n"
        "        pass"
    )
    for heavy in ("textual", "plotly", "ortools"):
        assert heavy not in modules, f"`plantrack --help` imported {heavy}"


def test_scheduling_a_valid_plan_without_holidays_loads_neither_networkx_nor_holidays() -> None:
    # networkx only names cycles and holidays only serves calendars that ask for them: a 0.3 s share
    # of a large plan's `plantrack schedule` when loaded for nothing
    modules = _loaded_after(
        "import datetime as dt\n"
        "from plantrack.scheduling.cpm import cpm\n"
        "from plantrack.scheduling.duration import Duration\n"
        "from plantrack.scheduling.model import Calendar, Link, Project, Task\n"
        "day = Duration(minutes=480)\n"
        "tasks = (Task(id='a', duration=day), Task(id='b', duration=day))\n"
        "project = Project(name='p', start=dt.datetime(2027, 1, 4, 8), calendar='plant',\n"
        "    calendars=(Calendar(id='plant'),), tasks=tasks, links=(Link(predecessor='a', successor='b'),))\n"
        "assert cpm(project).finish > 0"
    )
    assert "networkx" not in modules and "holidays" not in modules


def test_leveling_a_plan_the_search_cannot_decode_does_not_load_numba() -> None:
    # the demo's tasks follow two calendars (their lengths depend on their start): the compiled search
    # does not apply, so its 0.3 s of imports would be for nothing
    modules = _loaded_after(
        "from pathlib import Path\n"
        "import plantrack.demo\n"
        "from plantrack.formats.detect import load_project\n"
        "from plantrack.scheduling.leveling import level\n"
        "project, _ = load_project(Path(plantrack.demo.__file__).parent / 'line3_retrofit.toml')\n"
        "assert level(project, time_limit=5.0).tasks"
    )
    assert "numba" not in modules


#: Test modules below the command line that still import it, each until its subject leaves `commands/`.
PENDING_CLI_IMPORTS = {}


def test_tests_below_the_command_line_do_not_import_it() -> None:
    # the store, formats, export, core and TUI are tested without the CLI, so a CLI change breaks only
    # the CLI's tests; the application layer (`operations`) holds what they share
    tests = ROOT / "tests"
    pattern = re.compile(
        r"^\s*(from|import)\s+plantrack\.commands\b|^\s*from\s+plantrack\s+import\s+commands\b", re.M
    )
    offenders = sorted(
        name
        for path in tests.rglob("*.py")
        if path.relative_to(tests).parts[0] != "commands"
        and len(path.relative_to(tests).parts) > 1
        and (name := path.relative_to(tests).as_posix()) not in PENDING_CLI_IMPORTS
        and pattern.search(path.read_text(encoding="utf-8"))
    )
    assert not offenders, f"these tests import plantrack.commands: {offenders}"


def test_no_import_circle_among_the_commands_and_the_store() -> None:
    # a circle makes the import order matter and hides which module owns what; imports made for type
    # hints only (under TYPE_CHECKING) never run, so they cannot close one
    import grimp

    graph = grimp.build_graph("plantrack", exclude_type_checking_imports=True)
    watched = sorted(m for m in graph.modules if m.startswith(("plantrack.commands.", "plantrack.store.")))
    circles = sorted(
        (module, imported)
        for module in watched
        for imported in graph.find_modules_directly_imported_by(module)
        if imported in watched and graph.chain_exists(importer=imported, imported=module)
    )
    assert not circles, f"import circles through: {circles}"

"""What every command gets: the parsed arguments, output streams, the workspace resolver and JSON output."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from plantrack.i18n import LANGUAGES, _
from plantrack.i18n.choose import Choice, activate
from plantrack.scheduling.errors import Failure, InvalidInput, PlantrackError, Problem

if TYPE_CHECKING:
    from plantrack.store.location import Location
    from plantrack.store.plant_store import PlantStore

WORKSPACE_SUFFIX = ".plantrack.json"
ENV_WORKSPACE = "PLANTRACK_WORKSPACE"
#: The plant every `plant` command works on when -p is not given.
ENV_PLANT = "PLANTRACK_PLANT"
PLANT_SUFFIX = ".plant.json"
#: The scenario every command works on when --scenario is not given (empty: the current plan).
ENV_SCENARIO = "PLANTRACK_SCENARIO"
#: Tests and demos pin "today" with this variable; the core never reads the clock itself.
ENV_TODAY = "PLANTRACK_TODAY"


class UsageError(PlantrackError):
    """The command line itself is wrong (exit 2)."""

    failure = Failure.USAGE

    def code(self) -> str:
        return "usage"


@dataclass
class Context:
    """Everything a command handler needs; built once by `cli.main`."""

    args: argparse.Namespace
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    cwd: Path = field(default_factory=Path.cwd)
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    #: The language `cli.main` chose; the project's own `language` replaces a choice that was not
    #: explicit (`--lang`, $PLANTRACK_LANG) when the command opens its workspace.
    language: Choice | None = None
    _project_language_read: bool = field(default=False, init=False, repr=False)

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    @property
    def debug(self) -> bool:
        return bool(getattr(self.args, "debug", False))

    @property
    def today(self) -> dt.date:
        """The current date, injectable through PLANTRACK_TODAY=YYYY-MM-DD."""
        pinned = self.env.get(ENV_TODAY)
        if pinned:
            try:
                return dt.date.fromisoformat(pinned)
            except ValueError as exc:
                raise UsageError(
                    _("{variable}={value!r} is not a date (YYYY-MM-DD)").format(
                        variable=ENV_TODAY, value=pinned
                    )
                ) from exc
        return dt.date.today()

    def workspace_path(self, *, must_exist: bool = True) -> Path:
        """-w/--workspace, else $PLANTRACK_WORKSPACE, else the only *.plantrack.json in the folder.

        For the commands that work on a file only: a server address is a usage error (exit 2).
        """
        from plantrack.store.location import FileLocation

        location = self.workspace_location(must_exist=must_exist)
        if not isinstance(location, FileLocation):
            raise UsageError(
                _(
                    "{address} is a project on a PostgreSQL server: this command works on a workspace file"
                ).format(address=location.shown())
            )
        return location.path

    def workspace_location(self, *, must_exist: bool = True) -> Location:
        """Where the workspace is: a file (as `workspace_path` finds it) or a project on a team server
        (`-w 'postgresql://USER@HOST:PORT/DB#PROJECT'`).

        Every command finds its workspace here, so this is where the project's language is adopted.
        """
        from plantrack.store.location import FileLocation, locate

        explicit = getattr(self.args, "workspace", None) or self.env.get(ENV_WORKSPACE)
        location = locate(explicit) if explicit else None
        if location is not None and not isinstance(location, FileLocation):
            return location
        path = self._workspace_path(must_exist=must_exist)
        if path.exists():
            self.adopt_project_language(path)
        return FileLocation(path)

    def workspace_name(self) -> str:
        """The workspace's name in messages and default file names: the file's, or the project id."""
        from plantrack.store.location import FileLocation

        location = self.workspace_location()
        if isinstance(location, FileLocation):
            return location.path.name
        return location.project or "plantrack"

    def open_store(self, *, program: str | None = None) -> Any:
        """The workspace itself (never a scenario's view): a file or a project on a team server."""
        from plantrack.store.backend import open_store
        from plantrack.store.location import FileLocation

        location = self.workspace_location()
        store = open_store(location, program=program)
        if not isinstance(location, FileLocation):
            self._adopt_language(store.read().project.language)
        return store

    @property
    def scenario(self) -> str | None:
        """--scenario NAME, else $PLANTRACK_SCENARIO, else None (the current plan)."""
        from plantrack.scheduling.model import clean_text

        given = getattr(self.args, "scenario", None)
        if given is None:
            given = self.env.get(ENV_SCENARIO)
        name = clean_text(given).strip() if given else ""
        return name or None

    @property
    def user(self) -> str:
        """Who runs the command, as the environment says ($USER, $LOGNAME, $USERNAME), else ""."""
        from plantrack.operations.scenario_edits import user_name

        return user_name(self.env)

    def open_workspace(self, *, program: str | None = None, refuse_scenario: str | None = None) -> Any:
        """The workspace every command reads and updates: the current plan, or with --scenario the
        scenario's plan beside the shared histories (store/scenario_view.py).

        `refuse_scenario` is why the command cannot work on a scenario: with --scenario it is a usage
        error (exit 2) naming the scenario, raised before the workspace is read.
        """
        name = self.scenario
        if refuse_scenario is not None:
            self.refuse_scenario(refuse_scenario)
        workspace: Any = self.open_store(program=program)
        if name is not None:
            from plantrack.store.scenario_view import ScenarioWorkspace

            workspace = ScenarioWorkspace(workspace, name)
        return self.as_plant_member(workspace)

    def as_plant_member(self, workspace: Any) -> Any:
        """The workspace as its plant sees it, when a plant lists it (-p, else a *.plant.json beside it):
        the plant's shared calendars, resources and windows are then the project's own."""
        from plantrack.store.plant_member import PlantMemberWorkspace, plant_of

        path = getattr(workspace, "path", None)
        if not isinstance(path, Path):  # a project on a team server: its plant is on the same server
            return self._server_member(workspace)
        explicit = getattr(self.args, "plant", None) or self.env.get(ENV_PLANT)
        given = None
        if explicit:
            given = Path(explicit) if Path(explicit).is_absolute() else self.cwd / explicit
        plant = plant_of(path, given if given is not None and given.is_file() else None)
        return workspace if plant is None else PlantMemberWorkspace(workspace, plant)

    def _server_member(self, workspace: Any) -> Any:
        """A project on a team server as the plant of its database that lists it sees it, if one does."""
        from plantrack.store.plant_member import PlantMemberWorkspace, plant_of_store

        plant = plant_of_store(getattr(workspace, "workspace", workspace))  # under a scenario's view
        return workspace if plant is None else PlantMemberWorkspace(workspace, plant)

    def plant(self, *, program: str | None = None) -> PlantStore:
        """The plant the command works on, which must exist (a server plant is checked when read)."""
        store = self.plant_store(program=program)
        assert store is not None  # must_exist: a missing plant was refused
        return store

    def plant_store(self, *, must_exist: bool = True, program: str | None = None) -> PlantStore | None:
        """The plant the `plant` commands work on (store/plant_store.py): -p/$PLANTRACK_PLANT as a plant
        file or a server address `postgresql://…#PLANT`, else the only *.plant.json here; None when
        nothing names one and none need exist."""
        from plantrack.store.location import locate
        from plantrack.store.plant_store import plant_store
        from plantrack.store.team.address import is_server_address

        explicit = getattr(self.args, "plant", None) or self.env.get(ENV_PLANT)
        if explicit and is_server_address(explicit):
            return plant_store(locate(explicit), program=program)
        path = self.plant_path(must_exist=must_exist)
        return None if path is None else plant_store(path, program=program)

    def refuse_scenario(self, reason: str) -> None:
        """A usage error naming the scenario when one is chosen: this command works on no scenario."""
        name = self.scenario
        if name is not None:
            option = f"--scenario {name!r}"
            raise UsageError(_("{option}: {reason}").format(option=option, reason=reason))

    def adopt_project_language(self, path: Path) -> None:
        """Speak the project's `language` from now on, unless the run chose its language explicitly."""
        if self.language is None or self.language.explicit or self._project_language_read:
            return
        self._project_language_read = True  # one read per run, however often the path is asked for
        from plantrack.store.language import project_language

        self._adopt_language(project_language(path))

    def _adopt_language(self, code: str | None) -> None:
        if self.language is None or self.language.explicit:
            return
        if code is None or code not in LANGUAGES:
            return
        self.language = Choice(code, "project")
        warning = activate(code)
        if warning:
            self.err.write(warning + "\n")

    def _workspace_path(self, *, must_exist: bool) -> Path:
        explicit = getattr(self.args, "workspace", None) or self.env.get(ENV_WORKSPACE)
        found = find_one(
            self.cwd,
            explicit,
            WORKSPACE_SUFFIX,
            must_exist=must_exist,
            code="workspace-missing",
            missing=_("no workspace at {path}").format(path=explicit),
            none=_(
                "no *.plantrack.json workspace in this folder: run `plantrack import "
                "FILE.toml`, `plantrack new NAME` or `plantrack demo`, or pass -w PATH"
            ),
            several=_("several workspaces here ({names}): choose one with -w PATH"),
        )
        assert found is not None  # a folder without workspaces is refused even when none need exist
        return found

    def plant_path(self, *, must_exist: bool = True) -> Path | None:
        """-p/--plant, else $PLANTRACK_PLANT, else the only *.plant.json in the folder.

        Without `must_exist`, None when nothing names a plant and the folder holds none. For the commands
        that work on a plant file only (the `plant` commands use `plant_store`): a server address is a
        usage error (exit 2).
        """
        from plantrack.store.team.address import is_server_address, shown

        explicit = getattr(self.args, "plant", None) or self.env.get(ENV_PLANT)
        if explicit and is_server_address(explicit):
            raise UsageError(
                _("{address} is a plant on a PostgreSQL server: this command works on a plant file").format(
                    address=shown(explicit)
                )
            )
        return find_one(
            self.cwd,
            explicit,
            PLANT_SUFFIX,
            must_exist=must_exist,
            code="plant-missing",
            missing=_("no plant at {path}").format(path=explicit),
            none=_(
                "no *.plant.json plant in this folder: run `plantrack plant new NAME` "
                "or `plantrack plant import plant.toml`, or pass -p PLANT"
            ),
            several=_("several plants here ({names}): choose one with -p PLANT"),
            optional=True,
        )

    def print(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def print_json(self, data: Any) -> None:
        import msgspec

        # json.dumps(indent=2) runs json's pure-Python encoder; the C encoder on one line, then
        # msgspec's reformatting (whitespace only) gives the same text 2-3x faster on a large plan
        text = json.dumps(data, ensure_ascii=False, default=_json_default)
        try:
            self.out.write(msgspec.json.format(text, indent=2))
        except msgspec.DecodeError:  # NaN or infinity, which json writes and msgspec does not read
            json.dump(data, self.out, indent=2, ensure_ascii=False, default=_json_default)
        self.out.write("\n")

    def warn(self, problems: list[Problem]) -> None:
        """Warnings go to stderr (never into --json stdout, which stays machine-readable)."""
        for problem in problems:
            self.err.write(problem.render() + "\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def find_one(
    cwd: Path,
    explicit: str | None,
    suffix: str,
    *,
    must_exist: bool,
    code: str,
    missing: str,
    none: str,
    several: str,
    optional: bool = False,
) -> Path | None:
    """The file a command works on: the one named (relative to `cwd`), else the only `*suffix` in `cwd`.

    `missing` refuses a named file that is not there (when it must exist), `none` a folder without one
    (unless `optional` and it need not exist: then None), `several` a folder with more than one.
    """
    if explicit:
        path = Path(explicit)
        path = path if path.is_absolute() else cwd / path
        if must_exist and not path.exists():
            raise InvalidInput([Problem(code=code, message=missing)])
        return path
    found = sorted(cwd.glob(f"*{suffix}"))
    if len(found) == 1:
        return found[0]
    if not found:
        if optional and not must_exist:
            return None
        raise InvalidInput([Problem(code=code, message=none)])
    raise UsageError(several.format(names=", ".join(p.name for p in found)))

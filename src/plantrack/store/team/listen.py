"""Change notices of one project in the team store: LISTEN on the channel schema version 3 notifies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from plantrack.store.team.connection import connect
from plantrack.store.team.migrations.v3 import CHANNEL

if TYPE_CHECKING:
    import psycopg


@dataclass(frozen=True)
class ProjectNotice:
    """A committed save of a project: its id and the revision it now has."""

    project: str
    revision: int


def parse_notice(payload: str) -> ProjectNotice | None:
    """The notice a payload holds; None for one this code cannot read (a newer server's, say)."""
    try:
        data = json.loads(payload)
        return ProjectNotice(str(data["project"]), int(data["revision"]))
    except (ValueError, TypeError, KeyError):
        return None


class ProjectWatch:
    """Listens on its own connection and yields the notices of one project, in commit order.

    The server sends a notice only to a session that has run LISTEN: one committed before `open`
    is not seen, so a caller reads the project once after opening the watch, then on each notice.
    """

    def __init__(self, address: str, project: str) -> None:
        self.address = address
        self.project = project
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None

    def __enter__(self) -> ProjectWatch:
        self._conn = connect(self.address)
        self._conn.execute("LISTEN plantrack_project")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def notices(self, timeout: float) -> Iterator[ProjectNotice]:
        """The project's notices arriving within `timeout` seconds (fewer when none come)."""
        if self._conn is None:
            raise RuntimeError("ProjectWatch used outside its `with` block")
        for raw in self._conn.notifies(timeout=timeout):
            if raw.channel != CHANNEL:
                continue
            notice = parse_notice(raw.payload)
            if notice is not None and notice.project == self.project:
                yield notice

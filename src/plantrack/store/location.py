"""Where a workspace lives, read from its address: a file on disk or a project on a team server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plantrack.store.team.address import is_server_address, shown
from plantrack.store.team.connection import split_address


@dataclass(frozen=True)
class FileLocation:
    """A workspace kept in one JSON file."""

    path: Path


@dataclass(frozen=True)
class ServerLocation:
    """A project kept on a PostgreSQL server: the libpq URI and the project id after `#`."""

    address: str
    uri: str
    project: str | None

    def shown(self) -> str:
        """The address fit to print: never the password."""
        return shown(self.address)


Location = FileLocation | ServerLocation


def locate(address: str) -> Location:
    """The location named by a `-w` address: `postgresql://…#project` is a server, anything else a file."""
    if is_server_address(address):
        uri, project = split_address(address)
        return ServerLocation(address=address, uri=uri, project=project)
    return FileLocation(Path(address))

"""Errors of plants on the team server: a plant missing, taken, unnamed, or refused by its rights."""

from __future__ import annotations

from plantrack.i18n import _
from plantrack.scheduling.errors import Failure
from plantrack.store.team.address import shown
from plantrack.store.team.errors import TeamError
from plantrack.store.team.refusals import EDIT


class _PlantIdError(TeamError):
    """A plant id the command cannot use: the message names the id and the server (no `#PLANT`)."""

    failure = Failure.INVALID_INPUT

    def __init__(self, address: str, key: str, message: str) -> None:
        super().__init__(address, message.format(key=repr(key), address=shown(address.partition("#")[0])))
        self.key = key


class PlantMissing(_PlantIdError):
    """No plant of that id on the server (or none the user may read)."""

    error_code = "team-plant-missing"

    def __init__(self, address: str, key: str) -> None:
        super().__init__(
            address,
            key,
            _("no plant {key} on {address}: create it with `plantrack plant new NAME -p URI#PLANT`"),
        )


class PlantExists(_PlantIdError):
    """`plant new` on a plant id the server already has."""

    error_code = "team-plant-exists"

    def __init__(self, address: str, key: str) -> None:
        super().__init__(
            address, key, _("plant {key} already exists on {address}: plantrack never overwrites a plant")
        )


class NoPlantGiven(TeamError):
    """A plant address naming a server but no plant (nothing after `#`)."""

    failure = Failure.USAGE
    error_code = "team-no-plant"

    def __init__(self, address: str) -> None:
        super().__init__(
            address,
            _(
                "{address} names no plant: add its id after '#' (postgresql://USER@HOST:PORT/DATABASE#PLANT)"
            ).format(address=shown(address)),
        )


class PlantRightsRefused(TeamError):
    """The user may not edit (or read) the plant; nothing was changed. Exit 4, as for a project."""

    error_code = "team-plant-rights-refused"

    def __init__(self, address: str, plant: str, right: str) -> None:
        message = (
            _(
                "plant {plant}: you may not edit it (missing right: edit, granted to its team); "
                "nothing was changed"
            )
            if right == EDIT
            else _(
                "plant {plant}: you may not read it "
                "(missing right: read, granted to its team, its projects' teams or read-all)"
            )
        )
        super().__init__(address, message.format(plant=plant))
        self.plant = plant
        self.right = right


class PlantBusy(TeamError):
    """Another writer holds the plant longer than a writer waits."""

    failure = Failure.BUSY
    error_code = "team-plant-busy"

    def __init__(self, address: str, key: str, seconds: float) -> None:
        super().__init__(
            address,
            _(
                "plant {key} is being saved by someone else and stayed locked for {seconds} s: "
                "nothing was changed; try again"
            ).format(key=repr(key), seconds=f"{seconds:g}"),
        )

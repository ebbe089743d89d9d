"""Errors of the team store, located at the server address shown without its password."""

from __future__ import annotations

from plantrack.i18n import _
from plantrack.scheduling.errors import Failure, PlantrackError, Problem
from plantrack.store.team.address import scrub, shown


class TeamError(PlantrackError):
    """Base of the team store's errors: one problem located at the server (password removed)."""

    failure = Failure.STORAGE
    error_code = "team-error"

    def __init__(self, address: str, message: str) -> None:
        # the message may quote the driver, which may quote the address: hide its passwords too
        super().__init__(scrub(message, address))
        self.location = shown(address)

    def code(self) -> str:
        return self.error_code

    def problems(self) -> list[Problem]:
        return [Problem(code=self.code(), message=str(self), location=self.location)]


class DriverMissing(TeamError):
    """psycopg (the `team` extra) is not installed."""

    error_code = "team-driver-missing"

    def __init__(self, address: str) -> None:
        super().__init__(
            address,
            _(
                "working with a PostgreSQL server needs the PostgreSQL driver: install plantrack[team] "
                "(pip install 'plantrack[team]')"
            ),
        )


class ServerRefused(TeamError):
    """The server could not be reached, or refused the connection (address, user, password, database)."""

    error_code = "team-server-refused"

    def __init__(self, address: str, reason: str) -> None:
        super().__init__(
            address,
            _("cannot connect to the PostgreSQL server {address}: {reason}").format(
                address=shown(address), reason=reason
            ),
        )


class ServerFailed(TeamError):
    """The server answered a statement with an error (lost connection, missing right, full disk…)."""

    error_code = "team-server-error"

    def __init__(self, address: str, reason: str, *, writing: bool = True) -> None:
        if writing:
            message = _("the PostgreSQL server {address} refused the change: {reason}; nothing was changed")
        else:
            message = _("cannot read from the PostgreSQL server {address}: {reason}")
        super().__init__(address, message.format(address=shown(address), reason=reason))


class SchemaMissing(TeamError):
    """The database has no plantrack tables yet."""

    error_code = "team-schema-missing"

    def __init__(self, address: str) -> None:
        super().__init__(
            address,
            _(
                "the database {address} has no plantrack tables: set it up with "
                "`plantrack team init {address}`"
            ).format(address=shown(address)),
        )


class SchemaTooNew(TeamError):
    """The database was set up by a newer plantrack with a schema this version does not know."""

    error_code = "team-schema-too-new"

    def __init__(self, address: str, found: int, supported: int) -> None:
        super().__init__(
            address,
            _(
                "the database has plantrack schema version {found}; this plantrack knows versions up "
                "to {supported}. Upgrade plantrack; nothing was changed."
            ).format(found=found, supported=supported),
        )
        self.found = found
        self.supported = supported


class UnstorableText(TeamError):
    """A text holds the NUL character, which PostgreSQL text cannot store."""

    failure = Failure.INVALID_INPUT
    error_code = "team-unstorable-text"

    def __init__(self, address: str, item: str) -> None:
        super().__init__(
            address,
            _(
                "{item} holds the NUL character (\\0), which a PostgreSQL server cannot store; "
                "remove it and try again (nothing was changed)"
            ).format(item=item),
        )
        self.item = item

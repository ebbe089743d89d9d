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

    def __init__(self, address: str, reason: str, *, writing: bool = True, lost: bool = False) -> None:
        if lost:
            # the server stopped or the network failed: an unfinished transaction is rolled back
            message = _(
                "the connection to the PostgreSQL server {address} was lost during the change ({reason}): "
                "the server keeps no part of an unfinished change, so nothing was changed; run the "
                "command again once the server answers"
            )
        elif writing:
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


class SchemaOutdated(TeamError):
    """The database has an older plantrack schema than this version writes: `team init` upgrades it."""

    error_code = "team-schema-outdated"

    def __init__(self, address: str, found: int, latest: int) -> None:
        super().__init__(
            address,
            _(
                "the database {address} has plantrack schema version {found}, this plantrack needs "
                "{latest}: upgrade it with `plantrack team init {address}`; nothing was changed"
            ).format(address=shown(address), found=found, latest=latest),
        )


class BadProjectId(TeamError):
    """A project id that cannot name a project on the server (empty, control characters, too long)."""

    failure = Failure.USAGE
    error_code = "team-project-id"

    def __init__(self, address: str, key: str) -> None:
        super().__init__(
            address,
            _(
                "{key} cannot name a project: a project id is 1 to 200 characters, without control characters"
            ).format(key=repr(key)),
        )


class NoProjectGiven(TeamError):
    """A workspace address naming a server but no project (nothing after `#`)."""

    failure = Failure.USAGE
    error_code = "team-no-project"

    def __init__(self, address: str) -> None:
        super().__init__(
            address,
            _(
                "{address} names no project: add its id after '#' "
                "(postgresql://USER@HOST:PORT/DATABASE#PROJECT; list them with `plantrack team list`)"
            ).format(address=shown(address)),
        )


class ProjectExists(TeamError):
    """Push would replace a project already on the server."""

    failure = Failure.INVALID_INPUT
    error_code = "team-project-exists"

    def __init__(self, address: str, key: str) -> None:
        super().__init__(
            address,
            _(
                "project {key} already exists on {address}: push refuses to overwrite it; give "
                "--replace to replace it, or --as ID to push it under another id"
            ).format(key=repr(key), address=shown(address)),
        )
        self.key = key


class ProjectMissing(TeamError):
    """No project of that id on the server."""

    failure = Failure.INVALID_INPUT
    error_code = "team-project-missing"

    def __init__(self, address: str, key: str) -> None:
        super().__init__(
            address,
            _("no project {key} on {address} (list them with `plantrack team list {address}`)").format(
                key=repr(key), address=shown(address)
            ),
        )
        self.key = key


class RevisionConflict(TeamError):
    """Someone saved the project since it was read: the change was made on an older revision."""

    failure = Failure.BUSY
    error_code = "team-revision-conflict"

    def __init__(self, address: str, key: str, expected: int, found: int, by: str) -> None:
        super().__init__(
            address,
            _(
                "project {key} was changed by {user} since it was read (revision {found}, this change "
                "was made on revision {expected}): nothing was saved; read it again and redo the change"
            ).format(key=repr(key), user=by, found=found, expected=expected),
        )
        self.expected = expected
        self.found = found


class ProjectBusy(TeamError):
    """Another writer holds the project longer than a writer waits."""

    failure = Failure.BUSY
    error_code = "team-project-busy"

    def __init__(self, address: str, key: str, seconds: float, holder: str = "") -> None:
        if holder:
            message = _(
                "project {key} is being saved by {holder} and stayed locked for {seconds} s: "
                "nothing was changed; try again"
            )
        else:
            message = _(
                "project {key} is being saved by someone else and stayed locked for {seconds} s: "
                "nothing was changed; try again"
            )
        super().__init__(address, message.format(key=repr(key), holder=holder, seconds=f"{seconds:g}"))
        self.holder = holder


class StateRefused(TeamError):
    """The workspace holds something the server's tables keep unique or linked (two baselines of
    one name, an update of an action that is not registered...)."""

    failure = Failure.INVALID_INPUT
    error_code = "team-state-refused"

    def __init__(self, address: str, detail: str) -> None:
        super().__init__(
            address,
            _("the workspace cannot be stored on {address}: {detail}; nothing was changed").format(
                address=shown(address), detail=detail
            ),
        )

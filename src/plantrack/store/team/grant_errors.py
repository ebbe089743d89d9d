"""The refusals of rights administration: no admin right, an unknown login or team, a bad team name."""

from __future__ import annotations

from plantrack.i18n import _
from plantrack.scheduling.errors import Failure
from plantrack.store.team.address import shown
from plantrack.store.team.errors import TeamError


class AdminRightMissing(TeamError):
    """The user may not administer the rights: not a member of plantrack_admin (exit 4)."""

    error_code = "team-admin-right-missing"

    def __init__(self, address: str, user: str) -> None:
        super().__init__(
            address,
            _(
                "{user} may not change the rights on {address} (missing right: plantrack_admin, "
                "granted with `GRANT plantrack_admin TO {user}` by whoever set the database up); "
                "nothing was changed"
            ).format(user=user, address=shown(address)),
        )
        self.user = user


class UnknownLogin(TeamError):
    """No role of that name on the server, or one that cannot be given plantrack rights."""

    failure = Failure.INVALID_INPUT
    error_code = "team-unknown-login"

    def __init__(self, address: str, login: str, *, reason: str = "") -> None:
        message = reason or _(
            "no login {login} on the server {address}: create it first (CREATE ROLE … LOGIN), "
            "then grant it a right; nothing was changed"
        )
        super().__init__(address, message.format(login=repr(login), address=shown(address)))
        self.login = login


class UnknownTeam(TeamError):
    """No team role of that name on the server."""

    failure = Failure.INVALID_INPUT
    error_code = "team-unknown-team"

    def __init__(self, address: str, team: str) -> None:
        super().__init__(
            address,
            _(
                "no team {team} on the server {address}: a team is made by granting it to someone "
                "(`plantrack team grant LOGIN --team {team}`); nothing was changed"
            ).format(team=repr(team), address=shown(address)),
        )
        self.team = team


class BadTeamName(TeamError):
    """A team name no role can carry (empty, control characters, too long for a role name)."""

    failure = Failure.USAGE
    error_code = "team-bad-team-name"

    def __init__(self, address: str, team: str, limit: int) -> None:
        super().__init__(
            address,
            _(
                "{team} cannot name a team: a team name is 1 to {limit} bytes, without control characters"
            ).format(team=repr(team), limit=limit),
        )

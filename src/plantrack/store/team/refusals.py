"""A write the project's rights forbid: one clear refusal naming the project and the missing right.

PostgreSQL says it two ways: SQLSTATE 42501 (a policy's WITH CHECK, a missing table privilege), or
silence: row security hides the rows an UPDATE or DELETE may not touch, so it changes none. The
store's write paths turn both into RightsRefused (exit 4, the storage failure).
"""

from __future__ import annotations

from plantrack.i18n import _
from plantrack.store.team.errors import TeamError

#: SQLSTATE insufficient_privilege: a row-security WITH CHECK or a missing table privilege.
INSUFFICIENT_PRIVILEGE = "42501"
EDIT = "edit"
READ = "read"


class RightsRefused(TeamError):
    """The user lacks the right to read or edit one project; nothing was changed."""

    error_code = "team-rights-refused"

    def __init__(self, address: str, project: str, right: str) -> None:
        message = (
            _(
                "project {project}: you may not edit it (missing right: edit, granted to its team); "
                "nothing was changed"
            )
            if right == EDIT
            else _(
                "project {project}: you may not read it "
                "(missing right: read, granted to its team or read-all)"
            )
        )
        super().__init__(address, message.format(project=project))
        self.project = project
        self.right = right


def is_refusal(exc: BaseException) -> bool:
    """Whether a driver error is the server refusing a right (SQLSTATE 42501)."""
    return getattr(exc, "sqlstate", None) == INSUFFICIENT_PRIVILEGE


def refused_write(address: str, project: str, rows_changed: int) -> None:
    """Raise RightsRefused when a write that must touch the project's row changed none (hidden by RLS)."""
    if rows_changed == 0:
        raise RightsRefused(address, project, EDIT)

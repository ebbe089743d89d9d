"""A write the project's rights forbid: one clear refusal naming the project and the missing right.

PostgreSQL says it two ways: SQLSTATE 42501 (a policy's WITH CHECK, a missing table privilege), or
silence: row security hides the rows an UPDATE or DELETE may not touch, so it changes none. The
store's write paths turn both into RightsRefused (exit 4, the storage failure). Reading, row security
makes a project the user may not read look absent: `unseen` asks the server whether it exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

from plantrack.i18n import _
from plantrack.store.team.errors import ProjectMissing, TeamError

if TYPE_CHECKING:
    import psycopg

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


def unseen(cur: psycopg.Cursor[tuple[Any, ...]], address: str, project: str) -> NoReturn:
    """For a project the user's queries did not find: RightsRefused (read) if it exists but row
    security hides it, else ProjectMissing (located at the database, whose projects can be listed).

    `plantrack.project_exists` (schema version 5) answers as the schema's owner and says nothing but
    whether the id exists.
    """
    cur.execute("SELECT plantrack.project_exists(%s)", (project,))
    found = cur.fetchone()
    if found is not None and found[0]:
        raise RightsRefused(address, project, READ)
    raise ProjectMissing(address.partition("#")[0], project)

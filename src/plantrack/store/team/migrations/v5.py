"""Schema version 5: whether a project id exists, for users whom row security does not let see it.

Row security hides a project the user may not read: to them it looks absent. `project_exists` tells
the two apart so that the user is told "you may not read project X" rather than "no project X". It
runs as the schema's owner (SECURITY DEFINER, the owner not being subject to the row security of its
tables), with its search path pinned so that no object of the caller's can stand in for ours, and
answers one boolean about one top-level project id: not its team, name or anything else of it.
Only the plantrack roles may call it.
"""

from __future__ import annotations

#: Constant text, as in the earlier versions: the role names are spelled out.
STATEMENTS: tuple[str, ...] = (
    """
    CREATE OR REPLACE FUNCTION plantrack.project_exists(project text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        SELECT EXISTS (SELECT FROM plantrack.projects p
                       WHERE p.id = project_exists.project AND p.scenario_of IS NULL)
    $$
    """,
    # owned by the schema's owner whoever runs `team init` (a superuser upgrading the database
    # must not leave a function that runs with superuser rights)
    """
    DO $$ BEGIN
        EXECUTE format('ALTER FUNCTION plantrack.project_exists(text) OWNER TO %I',
                       (SELECT n.nspowner::regrole::text FROM pg_namespace n
                        WHERE n.nspname = 'plantrack'));
    END $$
    """,
    "REVOKE ALL ON FUNCTION plantrack.project_exists(text) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION plantrack.project_exists(text) TO plantrack_member, plantrack_read_all",
)

"""Schema version 5: whether a project id exists, for users whom row security does not let see it.

Row security hides a project the user may not read: to them it looks absent. `project_exists` tells
the two apart so that the user is told "you may not read project X" rather than "no project X". It
runs as the schema's owner (SECURITY DEFINER, the owner not being subject to the row security of its
tables), with its search path pinned so that no object of the caller's can stand in for ours, and
answers one boolean about one top-level project id: not its team, name or anything else of it.
Only the plantrack roles may call it.

The rights functions the row-security policies call (`my_teams`, `project_team`, `can_edit`,
`can_read`) are written again in PL/pgSQL with the same meaning: a SQL function the planner cannot
inline (SECURITY DEFINER, or called from a policy) is planned anew at every statement, which cost a
technician's one-task save about 1.4 ms of server CPU; PL/pgSQL keeps its plans for the session.
The policies name the functions, so they keep them (CREATE OR REPLACE keeps a function's identity).
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
    # the rights functions of versions 3 and 4, same results, plans kept per session
    r"""
    CREATE OR REPLACE FUNCTION plantrack.my_teams() RETURNS SETOF text
    LANGUAGE plpgsql STABLE AS $$
    BEGIN
        RETURN QUERY
            SELECT substr(r.rolname, 16) FROM pg_roles r
            WHERE r.rolname LIKE 'plantrack\_team\_%' AND pg_has_role(current_user, r.oid, 'USAGE')
            ORDER BY 1;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION plantrack.project_team(project text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
        RETURN (SELECT p.team FROM plantrack.projects p WHERE p.id = project_team.project);
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION plantrack.can_edit(project text) RETURNS boolean
    LANGUAGE plpgsql STABLE AS $$
    BEGIN
        RETURN coalesce(plantrack.project_team(can_edit.project) IN (SELECT plantrack.my_teams()), false);
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION plantrack.can_read(project text) RETURNS boolean
    LANGUAGE plpgsql STABLE AS $$
    BEGIN
        RETURN pg_has_role(current_user, 'plantrack_read_all', 'USAGE')
            OR plantrack.can_edit(can_read.project);
    END $$
    """,
)

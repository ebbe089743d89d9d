"""Schema version 4: rights administered without a superuser, through the `plantrack_admin` role.

`plantrack_admin` (NOLOGIN, CREATEROLE) is the role whose members run `team grant`, `team revoke` and
`team project`: they make team roles and grant or revoke the plantrack roles, nothing else.
PostgreSQL 15 lets a CREATEROLE role grant any role but a superuser's; PostgreSQL 16 only the roles
it holds WITH ADMIN OPTION, so from 16 on the admin role gets that option on `plantrack_member`,
`plantrack_read_all` and every team role, with INHERIT FALSE and SET FALSE: administering a role
gives none of its rights (a team role the admin creates later gets the same grant from the server).
Because such a grant is a membership in 16, the rights are tested with USAGE (the role's privileges
are the user's) rather than MEMBER, which a membership without inheritance also satisfies.
A project changes team only through `plantrack.assign_project`, which only the admin role may call.
"""

from __future__ import annotations

ADMIN_ROLE = "plantrack_admin"

#: Constant text, as in version 3: the role names are spelled out and a test checks them.
STATEMENTS: tuple[str, ...] = (
    r"""
    DO $$ DECLARE r text; BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'plantrack_admin') THEN
            CREATE ROLE plantrack_admin NOLOGIN CREATEROLE;
        END IF;
        IF current_setting('server_version_num')::int >= 160000 THEN
            FOR r IN SELECT rolname FROM pg_roles
                     WHERE rolname IN ('plantrack_member', 'plantrack_read_all')
                        OR rolname LIKE 'plantrack\_team\_%' LOOP
                IF NOT EXISTS (SELECT FROM pg_auth_members am
                               WHERE am.roleid = r::regrole AND am.member = 'plantrack_admin'::regrole
                                 AND am.admin_option) THEN
                    EXECUTE format('GRANT %I TO plantrack_admin'
                                   ' WITH ADMIN OPTION, INHERIT FALSE, SET FALSE', r);
                END IF;
            END LOOP;
        END IF;
    END $$
    """,
    "GRANT USAGE ON SCHEMA plantrack TO plantrack_admin",
    "GRANT SELECT ON plantrack.schema_version TO plantrack_admin",
    r"""
    CREATE OR REPLACE FUNCTION plantrack.my_teams() RETURNS SETOF text
    LANGUAGE sql STABLE AS $$
        SELECT substr(r.rolname, 16) FROM pg_roles r
        WHERE r.rolname LIKE 'plantrack\_team\_%' AND pg_has_role(current_user, r.oid, 'USAGE')
        ORDER BY 1
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION plantrack.can_read(project text) RETURNS boolean
    LANGUAGE sql STABLE AS $$
        SELECT pg_has_role(current_user, 'plantrack_read_all', 'USAGE') OR plantrack.can_edit(project)
    $$
    """,
    "DROP POLICY IF EXISTS read_project ON plantrack.projects",
    """
    CREATE POLICY read_project ON plantrack.projects FOR SELECT
        USING (pg_has_role(current_user, 'plantrack_read_all', 'USAGE')
               OR team IN (SELECT plantrack.my_teams()))
    """,
    # the owner's function: row security hides the projects from the admin role, which is in no team.
    # The project row first (its count says whether it exists), then its scenarios' plans.
    """
    CREATE OR REPLACE FUNCTION plantrack.assign_project(project text, team text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE changed integer;
    BEGIN
        UPDATE plantrack.projects p SET team = assign_project.team
            WHERE p.id = assign_project.project AND p.scenario_of IS NULL;
        GET DIAGNOSTICS changed = ROW_COUNT;
        UPDATE plantrack.projects p SET team = assign_project.team
            WHERE p.scenario_of = assign_project.project;
        RETURN changed;
    END $$
    """,
    "REVOKE ALL ON FUNCTION plantrack.assign_project(text, text) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION plantrack.assign_project(text, text) TO plantrack_admin",
)

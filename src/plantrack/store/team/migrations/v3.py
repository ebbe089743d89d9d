"""Schema version 3: who may read and edit which project (row-level security) and change notices.

Rights are PostgreSQL roles, never a table of users. `plantrack_read_all` reads every project;
`plantrack_team_<T>` edits the projects whose `team` is T (and reads them). Both are members of
`plantrack_member`, which holds the table privileges; the rows each may touch are the policies'.
A new project goes to its creator's team (the first by name) when it names none. Every committed
save of a project row sends `{"project": id, "revision": n}` on channel `plantrack_project`
(NOTIFY is delivered at commit only, so a rolled-back save sends nothing).
"""

from __future__ import annotations

READ_ALL_ROLE = "plantrack_read_all"
MEMBER_ROLE = "plantrack_member"
TEAM_ROLE_PREFIX = "plantrack_team_"
CHANNEL = "plantrack_project"

#: Every table holding one project's rows (the policies go on each table with a `project` column;
#: the tests check this list against them) by a `project` column (projects itself is keyed by `id`).
PER_PROJECT_TABLES: tuple[str, ...] = (
    "calendars", "calendar_hours", "calendar_days", "calendar_day_hours", "calendar_periods",
    "calendar_recurring_off", "resources", "resource_absences", "windows", "window_periods", "tasks",
    "task_constraints", "links", "assignments", "baselines", "baseline_tasks", "progress_records",
    "gate_decisions", "actions", "action_updates", "meetings", "meeting_items", "schedules",
    "schedule_tasks", "sections", "scenarios", "scenario_scores",
)  # fmt: skip

#: The statements are constant text (no SQL is built at run time): the role names above are spelled
#: out in them, and a test checks that they match.
STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE plantrack.projects ADD COLUMN IF NOT EXISTS team text CHECK (team <> '')",
    "CREATE INDEX IF NOT EXISTS projects_team ON plantrack.projects (team)",
    # roles are cluster-wide: another database of the cluster may have made them already
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'plantrack_member') THEN
            CREATE ROLE plantrack_member NOLOGIN;
        END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'plantrack_read_all') THEN
            CREATE ROLE plantrack_read_all NOLOGIN;
        END IF;
        -- granted once: granting again would need the admin option again
        IF NOT pg_has_role('plantrack_read_all', 'plantrack_member', 'MEMBER') THEN
            GRANT plantrack_member TO plantrack_read_all;
        END IF;
    END $$
    """,
    "GRANT USAGE ON SCHEMA plantrack TO plantrack_member",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA plantrack TO plantrack_member",
    "REVOKE INSERT, UPDATE, DELETE ON plantrack.schema_version FROM plantrack_member",
    # the teams of the current user: the suffix of every team role they belong to, directly or not
    r"""
    CREATE OR REPLACE FUNCTION plantrack.my_teams() RETURNS SETOF text
    LANGUAGE sql STABLE AS $$
        SELECT substr(r.rolname, 16) FROM pg_roles r
        WHERE r.rolname LIKE 'plantrack\_team\_%' AND pg_has_role(current_user, r.oid, 'MEMBER')
        ORDER BY 1
    $$
    """,
    # SECURITY DEFINER: the other tables' policies look the project's team up whatever the caller may
    # read of projects (the owner is not subject to its own row security). Only the lookup runs as
    # the owner: inside such a function current_user is the owner, so the rights are checked outside.
    """
    CREATE OR REPLACE FUNCTION plantrack.project_team(project text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        SELECT p.team FROM plantrack.projects p WHERE p.id = project
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION plantrack.can_edit(project text) RETURNS boolean
    LANGUAGE sql STABLE AS $$
        SELECT coalesce(plantrack.project_team(project) IN (SELECT plantrack.my_teams()), false)
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION plantrack.can_read(project text) RETURNS boolean
    LANGUAGE sql STABLE AS $$
        SELECT pg_has_role(current_user, 'plantrack_read_all', 'MEMBER') OR plantrack.can_edit(project)
    $$
    """,
    "ALTER TABLE plantrack.projects ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS read_project ON plantrack.projects",
    """
    CREATE POLICY read_project ON plantrack.projects FOR SELECT
        USING (pg_has_role(current_user, 'plantrack_read_all', 'MEMBER')
               OR team IN (SELECT plantrack.my_teams()))
    """,
    "DROP POLICY IF EXISTS edit_project ON plantrack.projects",
    """
    CREATE POLICY edit_project ON plantrack.projects FOR ALL
        USING (team IN (SELECT plantrack.my_teams()))
        WITH CHECK (team IN (SELECT plantrack.my_teams()))
    """,
    # every table with a `project` column: read by can_read, edited by can_edit
    """
    DO $$ DECLARE t text; BEGIN
        FOR t IN SELECT c.table_name FROM information_schema.columns c
                 WHERE c.table_schema = 'plantrack' AND c.column_name = 'project' LOOP
            EXECUTE format('ALTER TABLE plantrack.%I ENABLE ROW LEVEL SECURITY', t);
            EXECUTE format('DROP POLICY IF EXISTS read_project ON plantrack.%I', t);
            EXECUTE format('CREATE POLICY read_project ON plantrack.%I FOR SELECT'
                           ' USING (plantrack.can_read(project))', t);
            EXECUTE format('DROP POLICY IF EXISTS edit_project ON plantrack.%I', t);
            EXECUTE format('CREATE POLICY edit_project ON plantrack.%I FOR ALL'
                           ' USING (plantrack.can_edit(project))'
                           ' WITH CHECK (plantrack.can_edit(project))', t);
        END LOOP;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION plantrack.assign_team() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.team IS NULL THEN
            NEW.team := (SELECT t FROM plantrack.my_teams() AS t LIMIT 1);
        END IF;
        RETURN NEW;
    END $$
    """,
    "DROP TRIGGER IF EXISTS assign_team ON plantrack.projects",
    """
    CREATE TRIGGER assign_team BEFORE INSERT ON plantrack.projects
        FOR EACH ROW EXECUTE FUNCTION plantrack.assign_team()
    """,
    """
    CREATE OR REPLACE FUNCTION plantrack.notify_project() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('plantrack_project',
                          json_build_object('project', NEW.id, 'revision', NEW.revision)::text);
        RETURN NULL;
    END $$
    """,
    "DROP TRIGGER IF EXISTS notify_project ON plantrack.projects",
    """
    CREATE TRIGGER notify_project AFTER INSERT OR UPDATE ON plantrack.projects
        FOR EACH ROW EXECUTE FUNCTION plantrack.notify_project()
    """,
)

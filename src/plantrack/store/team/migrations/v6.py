"""Schema version 6: plants on the server — their shared part, and which plant each project belongs to.

A plant's calendars, resources and windows are kept in tables of the very shape of the project tables
(`plant_calendars` is `calendars` with a `plant` column for the `project` one), so the project tables'
row codecs write and read them. `plant_projects` lists the members: a project belongs to one plant at
most (UNIQUE (project)), so the database itself refuses two plants claiming one project.

A member project assigns the plant's crew by id without defining it (as a member file does), so the
foreign key from `assignments` to the project's own `resources` goes: like a task's calendar or window,
an assignment's resource is a plain column, checked by the engine against the project and its plant
(an unknown id is refused naming it). Assignments to a task keep their foreign key.

Rights (row-level security, as for projects): a plant belongs to a team (`team`, the creator's first
team when none is given; `team plant` gives it to another, through `plantrack.assign_plant`, which only
`plantrack_admin` may call); that team's members edit the plant (its shared part, members and priorities);
`plantrack_read_all` and the plant's team read it. Adding a project to a plant also needs the right to
edit that project; leveling the plant writes each member's plan, so it needs the edit right on every
member project (their own policies say so).
"""

from __future__ import annotations

#: The project tables the plant's shared part copies the shape of, parents first.
SHARED_TABLES: tuple[str, ...] = (
    "calendars", "calendar_hours", "calendar_days", "calendar_day_hours", "calendar_periods",
    "calendar_recurring_off", "resources", "resource_absences", "windows", "window_periods",
)  # fmt: skip
#: Every table holding one plant's rows, by a `plant` column.
PER_PLANT_TABLES: tuple[str, ...] = (*(f"plant_{t}" for t in SHARED_TABLES), "plant_projects")

#: Constant text, as in versions 3 and 4 (the server's own `format(%I)` builds the copied tables).
STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE plantrack.assignments DROP CONSTRAINT IF EXISTS assignments_project_resource_fkey",
    """
    CREATE TABLE plantrack.plants (
        id text PRIMARY KEY CHECK (id <> ''),
        revision bigint NOT NULL DEFAULT 1 CHECK (revision >= 1),
        name text NOT NULL,
        calendar text NOT NULL,
        team text CHECK (team <> ''),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL DEFAULT current_user
    )
    """,
    "CREATE INDEX plants_team ON plantrack.plants (team)",
    # the project table's columns, checks and keys, its `project` column renamed `plant`
    """
    DO $$ DECLARE t text; BEGIN
        FOREACH t IN ARRAY ARRAY['calendars', 'calendar_hours', 'calendar_days', 'calendar_day_hours',
                                 'calendar_periods', 'calendar_recurring_off', 'resources',
                                 'resource_absences', 'windows', 'window_periods'] LOOP
            EXECUTE format('CREATE TABLE plantrack.%I (LIKE plantrack.%I'
                           ' INCLUDING CONSTRAINTS INCLUDING DEFAULTS INCLUDING INDEXES)', 'plant_' || t, t);
            EXECUTE format('ALTER TABLE plantrack.%I RENAME COLUMN project TO plant', 'plant_' || t);
        END LOOP;
    END $$
    """,
    """
    ALTER TABLE plantrack.plant_calendars ADD FOREIGN KEY (plant)
        REFERENCES plantrack.plants (id) ON DELETE CASCADE ON UPDATE CASCADE
    """,
    """
    ALTER TABLE plantrack.plant_calendar_hours ADD FOREIGN KEY (plant, calendar)
        REFERENCES plantrack.plant_calendars (plant, id) ON DELETE CASCADE ON UPDATE CASCADE
    """,
    """
    ALTER TABLE plantrack.plant_calendar_days ADD FOREIGN KEY (plant, calendar)
        REFERENCES plantrack.plant_calendars (plant, id) ON DELETE CASCADE ON UPDATE CASCADE
    """,
    """
    ALTER TABLE plantrack.plant_calendar_day_hours ADD FOREIGN KEY (plant, calendar, weekday)
        REFERENCES plantrack.plant_calendar_days (plant, calendar, weekday)
        ON DELETE CASCADE ON UPDATE CASCADE
    """,
    """
    ALTER TABLE plantrack.plant_calendar_periods ADD FOREIGN KEY (plant, calendar)
        REFERENCES plantrack.plant_calendars (plant, id) ON DELETE CASCADE ON UPDATE CASCADE
    """,
    """
    ALTER TABLE plantrack.plant_calendar_recurring_off ADD FOREIGN KEY (plant, calendar)
        REFERENCES plantrack.plant_calendars (plant, id) ON DELETE CASCADE ON UPDATE CASCADE
    """,
    """
    ALTER TABLE plantrack.plant_resources ADD FOREIGN KEY (plant)
        REFERENCES plantrack.plants (id) ON DELETE CASCADE ON UPDATE CASCADE
    """,
    """
    ALTER TABLE plantrack.plant_resource_absences ADD FOREIGN KEY (plant, resource)
        REFERENCES plantrack.plant_resources (plant, id) ON DELETE CASCADE ON UPDATE CASCADE
    """,
    """
    ALTER TABLE plantrack.plant_windows ADD FOREIGN KEY (plant)
        REFERENCES plantrack.plants (id) ON DELETE CASCADE ON UPDATE CASCADE
    """,
    """
    ALTER TABLE plantrack.plant_window_periods ADD FOREIGN KEY (plant, window_id)
        REFERENCES plantrack.plant_windows (plant, id) ON DELETE CASCADE ON UPDATE CASCADE
    """,
    # positions are rewritten when a member leaves: unique at commit, not at each row
    """
    CREATE TABLE plantrack.plant_projects (
        plant text NOT NULL REFERENCES plantrack.plants (id) ON DELETE CASCADE ON UPDATE CASCADE,
        project text NOT NULL
            REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        position integer NOT NULL,
        priority integer NOT NULL CHECK (priority >= 1),
        PRIMARY KEY (plant, project),
        CONSTRAINT plant_projects_one_plant UNIQUE (project),
        CONSTRAINT plant_projects_position UNIQUE (plant, position) DEFERRABLE INITIALLY DEFERRED
    )
    """,
    """
    GRANT SELECT, INSERT, UPDATE, DELETE ON plantrack.plants, plantrack.plant_calendars,
        plantrack.plant_calendar_hours, plantrack.plant_calendar_days, plantrack.plant_calendar_day_hours,
        plantrack.plant_calendar_periods, plantrack.plant_calendar_recurring_off,
        plantrack.plant_resources, plantrack.plant_resource_absences, plantrack.plant_windows,
        plantrack.plant_window_periods, plantrack.plant_projects TO plantrack_member
    """,
    # as project_team: the policies look the plant's team up whatever the caller may read of plants
    """
    CREATE FUNCTION plantrack.plant_team(plant text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        SELECT p.team FROM plantrack.plants p WHERE p.id = plant
    $$
    """,
    """
    CREATE FUNCTION plantrack.can_edit_plant(plant text) RETURNS boolean
    LANGUAGE sql STABLE AS $$
        SELECT coalesce(plantrack.plant_team(plant) IN (SELECT plantrack.my_teams()), false)
    $$
    """,
    # the plant of a project, whoever may read it: a claim by a plant the user cannot read is named too
    """
    CREATE FUNCTION plantrack.project_plant(project text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        SELECT m.plant FROM plantrack.plant_projects m WHERE m.project = project_plant.project
    $$
    """,
    # the teams of the plant's projects: the owner's lookup, the rights checked outside (as project_team)
    """
    CREATE FUNCTION plantrack.member_teams(plant text) RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        SELECT p.team FROM plantrack.plant_projects m JOIN plantrack.projects p ON p.id = m.project
        WHERE m.plant = member_teams.plant AND p.team IS NOT NULL
    $$
    """,
    """
    CREATE FUNCTION plantrack.can_read_plant(plant text) RETURNS boolean
    LANGUAGE sql STABLE AS $$
        SELECT pg_has_role(current_user, 'plantrack_read_all', 'USAGE') OR plantrack.can_edit_plant(plant)
               OR EXISTS (SELECT FROM plantrack.member_teams(plant) t
                          WHERE t IN (SELECT plantrack.my_teams()))
    $$
    """,
    "ALTER TABLE plantrack.plants ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY read_plant ON plantrack.plants FOR SELECT USING (plantrack.can_read_plant(id))",
    """
    CREATE POLICY edit_plant ON plantrack.plants FOR ALL
        USING (team IN (SELECT plantrack.my_teams()))
        WITH CHECK (team IN (SELECT plantrack.my_teams()))
    """,
    """
    DO $$ DECLARE t text; BEGIN
        FOREACH t IN ARRAY ARRAY['plant_calendars', 'plant_calendar_hours', 'plant_calendar_days',
                                 'plant_calendar_day_hours', 'plant_calendar_periods',
                                 'plant_calendar_recurring_off', 'plant_resources',
                                 'plant_resource_absences', 'plant_windows', 'plant_window_periods',
                                 'plant_projects'] LOOP
            EXECUTE format('ALTER TABLE plantrack.%I ENABLE ROW LEVEL SECURITY', t);
            EXECUTE format('CREATE POLICY read_plant ON plantrack.%I FOR SELECT'
                           ' USING (plantrack.can_read_plant(plant))', t);
        END LOOP;
        FOREACH t IN ARRAY ARRAY['plant_calendars', 'plant_calendar_hours', 'plant_calendar_days',
                                 'plant_calendar_day_hours', 'plant_calendar_periods',
                                 'plant_calendar_recurring_off', 'plant_resources',
                                 'plant_resource_absences', 'plant_windows', 'plant_window_periods'] LOOP
            EXECUTE format('CREATE POLICY edit_plant ON plantrack.%I FOR ALL'
                           ' USING (plantrack.can_edit_plant(plant))'
                           ' WITH CHECK (plantrack.can_edit_plant(plant))', t);
        END LOOP;
    END $$
    """,
    # a project joins a plant only by someone who may edit both; priorities and leaving need the plant
    """
    CREATE POLICY add_member ON plantrack.plant_projects FOR INSERT
        WITH CHECK (plantrack.can_edit_plant(plant) AND plantrack.can_edit(project))
    """,
    """
    CREATE POLICY change_member ON plantrack.plant_projects FOR UPDATE
        USING (plantrack.can_edit_plant(plant)) WITH CHECK (plantrack.can_edit_plant(plant))
    """,
    """
    CREATE POLICY remove_member ON plantrack.plant_projects FOR DELETE
        USING (plantrack.can_edit_plant(plant))
    """,
    """
    CREATE FUNCTION plantrack.assign_plant_team() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.team IS NULL THEN
            NEW.team := (SELECT t FROM plantrack.my_teams() AS t LIMIT 1);
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER assign_team BEFORE INSERT ON plantrack.plants
        FOR EACH ROW EXECUTE FUNCTION plantrack.assign_plant_team()
    """,
    # as assign_project: the owner's function, for `team plant`, which only the admin role may call
    """
    CREATE FUNCTION plantrack.assign_plant(plant text, team text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE changed integer;
    BEGIN
        UPDATE plantrack.plants p SET team = assign_plant.team WHERE p.id = assign_plant.plant;
        GET DIAGNOSTICS changed = ROW_COUNT;
        RETURN changed;
    END $$
    """,
    "REVOKE ALL ON FUNCTION plantrack.assign_plant(text, text) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION plantrack.assign_plant(text, text) TO plantrack_admin",
)

"""Schema version 1: projects and their plan (histories and schedules: v1_tracking), a table a kind.

Every row belongs to a project (`project` column, deleted with it). Collections keep their order in a
`position` column (plans are tuples: order is meaning, e.g. the WBS order of tasks); histories keep
their entry order in `seq`. Durations are two columns, minutes and whether they are elapsed time.
Instants are `timestamp` without time zone: plantrack's instants are the plant's wall-clock time.
Cross references the engine checks (a task's calendar, window or parent) are plain columns: the plan
is validated by the engine with messages naming the items; links and assignments, which cannot exist
without their ends, have foreign keys.
"""

from __future__ import annotations

from plantrack.store.team.migrations.v1_tracking import TRACKING

#: The plan's tables.
PLAN: tuple[str, ...] = (
    """
    CREATE TABLE plantrack.projects (
        id text PRIMARY KEY CHECK (id <> ''),
        revision bigint NOT NULL DEFAULT 1 CHECK (revision >= 1),
        name text NOT NULL,
        start_at timestamp NOT NULL,
        finish_at timestamp,
        calendar text NOT NULL,
        currency text NOT NULL,
        status_date timestamp,
        minutes_per_day integer NOT NULL CHECK (minutes_per_day > 0),
        minutes_per_week integer NOT NULL CHECK (minutes_per_week > 0),
        language text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL DEFAULT current_user
    )
    """,
    """
    CREATE TABLE plantrack.calendars (
        project text NOT NULL REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        id text NOT NULL,
        position integer NOT NULL,
        name text NOT NULL,
        weekdays smallint[] NOT NULL,
        holidays text,
        holiday_subdivision text,
        PRIMARY KEY (project, id),
        UNIQUE (project, position)
    )
    """,
    # the hours of every working weekday that has no hours of its own
    """
    CREATE TABLE plantrack.calendar_hours (
        project text NOT NULL,
        calendar text NOT NULL,
        position integer NOT NULL,
        start_minute integer NOT NULL CHECK (start_minute >= 0 AND start_minute < 1440),
        end_minute integer NOT NULL
            CHECK (end_minute > start_minute AND end_minute <= start_minute + 1440),
        PRIMARY KEY (project, calendar, position),
        FOREIGN KEY (project, calendar) REFERENCES plantrack.calendars (project, id)
            ON DELETE CASCADE ON UPDATE CASCADE
    )
    """,
    # weekdays with hours of their own (a short Friday); a row with no hours is a day of no hours
    """
    CREATE TABLE plantrack.calendar_days (
        project text NOT NULL,
        calendar text NOT NULL,
        position integer NOT NULL,
        weekday smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
        PRIMARY KEY (project, calendar, weekday),
        UNIQUE (project, calendar, position),
        FOREIGN KEY (project, calendar) REFERENCES plantrack.calendars (project, id)
            ON DELETE CASCADE ON UPDATE CASCADE
    )
    """,
    """
    CREATE TABLE plantrack.calendar_day_hours (
        project text NOT NULL,
        calendar text NOT NULL,
        weekday smallint NOT NULL,
        position integer NOT NULL,
        start_minute integer NOT NULL CHECK (start_minute >= 0 AND start_minute < 1440),
        end_minute integer NOT NULL
            CHECK (end_minute > start_minute AND end_minute <= start_minute + 1440),
        PRIMARY KEY (project, calendar, weekday, position),
        FOREIGN KEY (project, calendar, weekday)
            REFERENCES plantrack.calendar_days (project, calendar, weekday)
            ON DELETE CASCADE ON UPDATE CASCADE
    )
    """,
    # exceptions: days off (`off`) and extra working time (`extra`)
    """
    CREATE TABLE plantrack.calendar_periods (
        project text NOT NULL,
        calendar text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('off', 'extra')),
        position integer NOT NULL,
        start_at timestamp NOT NULL,
        end_at timestamp NOT NULL CHECK (end_at > start_at),
        reason text NOT NULL,
        PRIMARY KEY (project, calendar, kind, position),
        FOREIGN KEY (project, calendar) REFERENCES plantrack.calendars (project, id)
            ON DELETE CASCADE ON UPDATE CASCADE
    )
    """,
    """
    CREATE TABLE plantrack.calendar_recurring_off (
        project text NOT NULL,
        calendar text NOT NULL,
        position integer NOT NULL,
        rule text NOT NULL,
        length_minutes integer NOT NULL,
        length_elapsed boolean NOT NULL,
        reason text NOT NULL,
        PRIMARY KEY (project, calendar, position),
        FOREIGN KEY (project, calendar) REFERENCES plantrack.calendars (project, id)
            ON DELETE CASCADE ON UPDATE CASCADE
    )
    """,
    """
    CREATE TABLE plantrack.resources (
        project text NOT NULL REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        id text NOT NULL,
        position integer NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('person', 'team', 'machine', 'contractor')),
        capacity double precision NOT NULL CHECK (capacity > 0),
        rate double precision NOT NULL CHECK (rate >= 0),
        calendar text,
        PRIMARY KEY (project, id),
        UNIQUE (project, position)
    )
    """,
    """
    CREATE TABLE plantrack.resource_absences (
        project text NOT NULL,
        resource text NOT NULL,
        position integer NOT NULL,
        start_at timestamp NOT NULL,
        end_at timestamp NOT NULL CHECK (end_at > start_at),
        reason text NOT NULL,
        PRIMARY KEY (project, resource, position),
        FOREIGN KEY (project, resource) REFERENCES plantrack.resources (project, id)
            ON DELETE CASCADE ON UPDATE CASCADE
    )
    """,
    """
    CREATE TABLE plantrack.windows (
        project text NOT NULL REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        id text NOT NULL,
        position integer NOT NULL,
        name text NOT NULL,
        PRIMARY KEY (project, id),
        UNIQUE (project, position)
    )
    """,
    """
    CREATE TABLE plantrack.window_periods (
        project text NOT NULL,
        window_id text NOT NULL,
        position integer NOT NULL,
        start_at timestamp NOT NULL,
        end_at timestamp NOT NULL CHECK (end_at > start_at),
        reason text NOT NULL,
        PRIMARY KEY (project, window_id, position),
        FOREIGN KEY (project, window_id) REFERENCES plantrack.windows (project, id)
            ON DELETE CASCADE ON UPDATE CASCADE
    )
    """,
    """
    CREATE TABLE plantrack.tasks (
        project text NOT NULL REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        id text NOT NULL,
        position integer NOT NULL,
        name text NOT NULL,
        duration_minutes integer,
        duration_elapsed boolean,
        effort_minutes integer,
        effort_elapsed boolean,
        optimistic_minutes integer,
        optimistic_elapsed boolean,
        likely_minutes integer,
        likely_elapsed boolean,
        pessimistic_minutes integer,
        pessimistic_elapsed boolean,
        milestone boolean NOT NULL,
        gate boolean NOT NULL,
        parent text,
        deadline timestamp,
        priority integer NOT NULL CHECK (priority BETWEEN 0 AND 1000),
        owner text NOT NULL,
        fixed_cost double precision NOT NULL CHECK (fixed_cost >= 0),
        window_id text,
        calendar text,
        notes text NOT NULL,
        leveling_delay_minutes integer,
        leveling_delay_elapsed boolean,
        PRIMARY KEY (project, id),
        UNIQUE (project, position),
        CHECK ((duration_minutes IS NULL) = (duration_elapsed IS NULL)),
        CHECK ((effort_minutes IS NULL) = (effort_elapsed IS NULL)),
        CHECK ((leveling_delay_minutes IS NULL) = (leveling_delay_elapsed IS NULL)),
        CHECK (num_nulls(optimistic_minutes, optimistic_elapsed, likely_minutes, likely_elapsed,
                         pessimistic_minutes, pessimistic_elapsed) IN (0, 6))
    )
    """,
    """
    CREATE TABLE plantrack.task_constraints (
        project text NOT NULL,
        task text NOT NULL,
        position integer NOT NULL,
        kind text NOT NULL
            CHECK (kind IN ('start-no-earlier-than', 'finish-no-later-than', 'must-start-on')),
        at timestamp NOT NULL,
        PRIMARY KEY (project, task, position),
        FOREIGN KEY (project, task) REFERENCES plantrack.tasks (project, id)
            ON DELETE CASCADE ON UPDATE CASCADE
    )
    """,
    """
    CREATE TABLE plantrack.links (
        project text NOT NULL REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        position integer NOT NULL,
        predecessor text NOT NULL,
        successor text NOT NULL,
        type text NOT NULL CHECK (type IN ('FS', 'SS', 'FF', 'SF')),
        lag_minutes integer NOT NULL,
        lag_elapsed boolean NOT NULL,
        PRIMARY KEY (project, position),
        FOREIGN KEY (project, predecessor) REFERENCES plantrack.tasks (project, id)
            ON DELETE CASCADE ON UPDATE CASCADE,
        FOREIGN KEY (project, successor) REFERENCES plantrack.tasks (project, id)
            ON DELETE CASCADE ON UPDATE CASCADE
    )
    """,
    "CREATE INDEX links_successor ON plantrack.links (project, successor)",
    "CREATE INDEX links_predecessor ON plantrack.links (project, predecessor)",
    """
    CREATE TABLE plantrack.assignments (
        project text NOT NULL REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        position integer NOT NULL,
        task text NOT NULL,
        resource text NOT NULL,
        units double precision NOT NULL CHECK (units > 0),
        PRIMARY KEY (project, position),
        FOREIGN KEY (project, task) REFERENCES plantrack.tasks (project, id)
            ON DELETE CASCADE ON UPDATE CASCADE,
        FOREIGN KEY (project, resource) REFERENCES plantrack.resources (project, id)
            ON DELETE CASCADE ON UPDATE CASCADE
    )
    """,
    "CREATE INDEX assignments_task ON plantrack.assignments (project, task)",
    "CREATE INDEX assignments_resource ON plantrack.assignments (project, resource)",
)

#: Statements run in order, in one transaction, by `init_schema`.
STATEMENTS: tuple[str, ...] = (*PLAN, *TRACKING)

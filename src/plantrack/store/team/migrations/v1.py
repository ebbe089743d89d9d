"""Schema version 1: projects and their plan, tracking histories and stored schedules, one table a kind.

Every row belongs to a project (`project` column, deleted with it). Collections keep their order in a
`position` column (plans are tuples: order is meaning, e.g. the WBS order of tasks); histories keep
their entry order in `seq`. Durations are two columns, minutes and whether they are elapsed time.
Instants are `timestamp` without time zone: plantrack's instants are the plant's wall-clock time.
Cross references the engine checks (a task's calendar, window or parent) are plain columns: the plan
is validated by the engine with messages naming the items; links and assignments, which cannot exist
without their ends, have foreign keys.
"""

from __future__ import annotations

#: Statements run in order, in one transaction, by `init_schema`.
STATEMENTS: tuple[str, ...] = (
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
    # --- tracking histories: append-only, in entry order (`seq`), each entry saying who and when ---
    """
    CREATE TABLE plantrack.baselines (
        project text NOT NULL REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        name text NOT NULL,
        seq integer NOT NULL,
        saved_at timestamp NOT NULL,
        note text NOT NULL,
        project_start timestamp NOT NULL,
        project_finish timestamp NOT NULL CHECK (project_finish >= project_start),
        bac double precision NOT NULL,
        recorded_by text NOT NULL DEFAULT current_user,
        PRIMARY KEY (project, name),
        UNIQUE (project, seq)
    )
    """,
    """
    CREATE TABLE plantrack.baseline_tasks (
        project text NOT NULL,
        baseline text NOT NULL,
        position integer NOT NULL,
        task text NOT NULL,
        name text NOT NULL,
        start_at timestamp NOT NULL,
        finish_at timestamp NOT NULL,
        duration_minutes integer NOT NULL,
        work_minutes integer NOT NULL,
        cost double precision NOT NULL,
        fixed_cost double precision NOT NULL,
        milestone boolean NOT NULL,
        summary boolean NOT NULL,
        critical boolean NOT NULL,
        PRIMARY KEY (project, baseline, position),
        FOREIGN KEY (project, baseline) REFERENCES plantrack.baselines (project, name)
            ON DELETE CASCADE ON UPDATE CASCADE
    )
    """,
    """
    CREATE TABLE plantrack.progress_records (
        project text NOT NULL REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        seq integer NOT NULL,
        task text NOT NULL,
        status_date timestamp NOT NULL,
        actual_start timestamp,
        actual_finish timestamp,
        percent_complete double precision CHECK (percent_complete BETWEEN 0 AND 100),
        remaining_minutes integer CHECK (remaining_minutes >= 0),
        hours double precision CHECK (hours >= 0),
        cost double precision CHECK (cost >= 0),
        cause text,
        note text NOT NULL,
        recorded_by text NOT NULL DEFAULT current_user,
        PRIMARY KEY (project, seq)
    )
    """,
    "CREATE INDEX progress_task ON plantrack.progress_records (project, task, status_date)",
    """
    CREATE TABLE plantrack.gate_decisions (
        project text NOT NULL REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        seq integer NOT NULL,
        task text NOT NULL,
        decision text NOT NULL,
        decided_by text NOT NULL,
        decided_at timestamp NOT NULL,
        note text NOT NULL,
        recorded_by text NOT NULL DEFAULT current_user,
        PRIMARY KEY (project, seq)
    )
    """,
    """
    CREATE TABLE plantrack.actions (
        project text NOT NULL REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        id text NOT NULL,
        seq integer NOT NULL,
        title text NOT NULL,
        owner text NOT NULL,
        due timestamp NOT NULL,
        created timestamp NOT NULL,
        task text,
        nature text NOT NULL,
        ease text,
        impact text,
        status text NOT NULL,
        pdca text NOT NULL,
        recorded_by text NOT NULL DEFAULT current_user,
        PRIMARY KEY (project, id),
        UNIQUE (project, seq)
    )
    """,
    # an action's changes of status or stage, kept as history rather than overwriting the action
    """
    CREATE TABLE plantrack.action_updates (
        project text NOT NULL,
        seq integer NOT NULL,
        action text NOT NULL,
        updated_at timestamp NOT NULL,
        status text,
        pdca text,
        note text NOT NULL,
        recorded_by text NOT NULL DEFAULT current_user,
        PRIMARY KEY (project, seq),
        FOREIGN KEY (project, action) REFERENCES plantrack.actions (project, id)
            ON DELETE CASCADE ON UPDATE CASCADE
    )
    """,
    """
    CREATE TABLE plantrack.meetings (
        project text NOT NULL REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        seq integer NOT NULL,
        status_date timestamp NOT NULL,
        next_meeting timestamp CHECK (next_meeting > status_date),
        recorded_by text NOT NULL DEFAULT current_user,
        PRIMARY KEY (project, seq)
    )
    """,
    # the attendees, agenda points and notes of a meeting, each list in its order
    """
    CREATE TABLE plantrack.meeting_items (
        project text NOT NULL,
        meeting integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('attendee', 'agenda', 'note')),
        position integer NOT NULL,
        text text NOT NULL,
        PRIMARY KEY (project, meeting, kind, position),
        FOREIGN KEY (project, meeting) REFERENCES plantrack.meetings (project, seq)
            ON DELETE CASCADE ON UPDATE CASCADE
    )
    """,
    # the stored plan: the last schedule computed (or leveled) for the project, one row a task
    """
    CREATE TABLE plantrack.schedules (
        project text PRIMARY KEY REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        revision bigint NOT NULL,
        start_at timestamp NOT NULL,
        finish_at timestamp NOT NULL,
        computed_by text NOT NULL DEFAULT current_user,
        computed_at timestamptz NOT NULL DEFAULT now()
    )
    """,
    """
    CREATE TABLE plantrack.schedule_tasks (
        project text NOT NULL REFERENCES plantrack.schedules (project) ON DELETE CASCADE ON UPDATE CASCADE,
        position integer NOT NULL,
        task text NOT NULL,
        start_at timestamp NOT NULL,
        finish_at timestamp NOT NULL,
        late_start timestamp,
        late_finish timestamp,
        total_float_hours double precision,
        free_float_hours double precision,
        critical boolean NOT NULL,
        driving_predecessor text,
        leveling_delay_minutes integer,
        PRIMARY KEY (project, position),
        UNIQUE (project, task)
    )
    """,
)

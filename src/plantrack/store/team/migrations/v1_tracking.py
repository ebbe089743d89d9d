"""Schema version 1, second part: tracking histories and the stored schedule, beside the plan's tables.

Histories are append-only, in entry order (`seq`); each entry records the database role that wrote it
(`recorded_by`), which a shared database knows better than any field we could ask the user to fill.
"""

from __future__ import annotations

#: The histories' and the stored schedule's tables (they refer to `plantrack.projects`).
TRACKING: tuple[str, ...] = (
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

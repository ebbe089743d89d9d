"""Schema version 2: what the typed workspace state needs beyond v1 — scenarios, kept sections, the
stored plan's leveling fields.

A scenario's plan is a full plan: it is stored in the very plan tables, as a project row of its own
whose `scenario_of` names the project it belongs to (deleted with it). Its row id is the project's id,
a unit separator (U+001F) and the scenario's position: a project id never holds a control character
(push refuses one), so a scenario's plan cannot collide with a project. `team list` shows only rows
whose `scenario_of` is null. The statements are written to be harmless when run twice.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    """
    ALTER TABLE plantrack.projects ADD COLUMN IF NOT EXISTS scenario_of text
        REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE
    """,
    "CREATE INDEX IF NOT EXISTS projects_scenario_of ON plantrack.projects (scenario_of)",
    # the stored plan (store/plan.py StoredPlan): its status date and whether `--level` made it
    "ALTER TABLE plantrack.schedules ADD COLUMN IF NOT EXISTS status_date timestamp",
    "ALTER TABLE plantrack.schedules ADD COLUMN IF NOT EXISTS leveled boolean NOT NULL DEFAULT false",
    # the resource whose capacity pushed a leveled task back (PlannedTask.delayed_by)
    "ALTER TABLE plantrack.schedule_tasks ADD COLUMN IF NOT EXISTS delayed_by text",
    # the stored plan keeps dates and leveling only: criticality is computed again, never stored
    "ALTER TABLE plantrack.schedule_tasks ALTER COLUMN critical DROP NOT NULL",
    # sections a newer plantrack wrote to a file and this version does not know: kept as they are
    # (`json`, not `jsonb`: the document is kept as written, keys in their order, numbers as spelled)
    """
    CREATE TABLE IF NOT EXISTS plantrack.sections (
        project text NOT NULL REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        name text NOT NULL,
        position integer NOT NULL,
        document json NOT NULL,
        PRIMARY KEY (project, name, position)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS plantrack.scenarios (
        project text NOT NULL REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        position integer NOT NULL,
        name text NOT NULL CHECK (name <> ''),
        note text NOT NULL,
        created_by text NOT NULL,
        created_at timestamp NOT NULL,
        plan text NOT NULL UNIQUE
            REFERENCES plantrack.projects (id) ON DELETE CASCADE ON UPDATE CASCADE,
        recorded_by text NOT NULL DEFAULT current_user,
        PRIMARY KEY (project, position),
        UNIQUE (project, name)
    )
    """,
    # the hand scores of the decision matrix, by criterion
    """
    CREATE TABLE IF NOT EXISTS plantrack.scenario_scores (
        project text NOT NULL,
        scenario integer NOT NULL,
        criterion text NOT NULL,
        score double precision NOT NULL,
        PRIMARY KEY (project, scenario, criterion),
        FOREIGN KEY (project, scenario) REFERENCES plantrack.scenarios (project, position)
            ON DELETE CASCADE ON UPDATE CASCADE
    )
    """,
)

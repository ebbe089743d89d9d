"""Schema version 7: change notices of plants, as version 3 sends them for projects.

Every committed insert, update or delete of a plant row sends `{"plant": id, "revision": n}` on channel
`plantrack_plant` (NOTIFY is delivered at commit only, so a rolled-back save sends nothing). A change of
the plant's shared part or of its members and priorities is one transaction that also bumps the plant's
revision (store/team/plant.py), so it is notified by this one trigger; a member project's own saves are
notified on `plantrack_project`. A view listening on both channels sees every change of its plant.
"""

from __future__ import annotations

PLANT_CHANNEL = "plantrack_plant"

#: Constant text, as in the earlier versions: the channel name is spelled out, a test checks it.
STATEMENTS: tuple[str, ...] = (
    """
    CREATE OR REPLACE FUNCTION plantrack.notify_plant() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            PERFORM pg_notify('plantrack_plant',
                              json_build_object('plant', OLD.id, 'revision', OLD.revision)::text);
        ELSE
            PERFORM pg_notify('plantrack_plant',
                              json_build_object('plant', NEW.id, 'revision', NEW.revision)::text);
        END IF;
        RETURN NULL;
    END $$
    """,
    "DROP TRIGGER IF EXISTS notify_plant ON plantrack.plants",
    """
    CREATE TRIGGER notify_plant AFTER INSERT OR UPDATE OR DELETE ON plantrack.plants
        FOR EACH ROW EXECUTE FUNCTION plantrack.notify_plant()
    """,
)

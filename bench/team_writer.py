"""One writer of the team store benchmark's concurrent phase: renames tasks of its project on command.

Started by bench/team_store.py, not by hand: `python bench/team_writer.py ADDRESS PROJECT`. It reads
the project once and prints `ready`; then for each line on its stdin it renames one task through the
workspace's `update()` (the save `plantrack task edit ID --name …` makes) and prints the seconds that
save took. End of input ends it. The parent releases the writers together for every edit (it writes
the line to all of them, then waits for every answer: a barrier per edit). Which plantrack it runs is
PYTHONPATH's choice, so that one run can measure the code before a change beside the code after it.
"""

from __future__ import annotations

import sys
import time


def main() -> None:
    address, key = sys.argv[1:3]
    from plantrack.operations.plan_edits import update_task
    from plantrack.store.team.workspace import TeamWorkspace

    workspace = TeamWorkspace(address, key)
    ids = [t.id for t in workspace.read().project.tasks]
    print("ready", flush=True)
    for i, _line in enumerate(sys.stdin):
        t0 = time.perf_counter()
        with workspace.update() as state:
            state.project = update_task(state.project, ids[i % len(ids)], name=f"Edit {i} by {key}")
        print(f"{time.perf_counter() - t0:.9f}", flush=True)
    workspace.close()


if __name__ == "__main__":
    main()

"""Resource leveling of a workspace as the faces run it: at the status date, kept as leveling delays.

It levels exactly as `plantrack schedule --level` does (`level_current`: progress at the status date
fixed, the unleveled plan as the start); keeping the result is an ordinary edit, so it can be undone.
"""

from __future__ import annotations

from collections.abc import Callable

from plantrack.i18n import _, ngettext
from plantrack.i18n.formats import format_moment
from plantrack.operations.form_edits import Edit
from plantrack.scheduling.leveled import with_leveling
from plantrack.scheduling.leveling import reference_minutes
from plantrack.scheduling.leveling.current import CurrentLeveling, level_current
from plantrack.scheduling.leveling.result import LevelingResult, Method, Objective, ProgressInfo
from plantrack.scheduling.leveling.wording import figures, headline, progress_text
from plantrack.store import WorkspaceState
from plantrack.store.tracking_codec import actuals_at


def level_plan(
    state: WorkspaceState,
    *,
    time_limit: float,
    objective: Objective = Objective.FINISH,
    method: Method = Method.CP,
    workers: int = 0,
    seed: int = 0,
    stable: bool = False,
    progress: Callable[[ProgressInfo], None] | None = None,
) -> CurrentLeveling:
    """Level what is left of the plan at the workspace's status date, with its recorded actuals.

    `stable` keeps tasks as close as possible to the stored plan (the last `schedule`'s starts).
    Nothing is kept: `keep_leveling` or `apply_leveling` does that.
    """
    status_date, actuals = actuals_at(state)
    previous = state.schedule.starts() if stable and state.schedule is not None else {}
    return level_current(
        state.project,
        status_date=status_date,
        actuals=actuals,
        objective=objective,
        time_limit=time_limit,
        method=method,
        workers=workers,
        seed=seed,
        reference=(lambda project: reference_minutes(project, previous)) if stable else None,
        progress=progress,
    )


def level_workspace(
    state: WorkspaceState,
    *,
    time_limit: float,
    progress: Callable[[ProgressInfo], None] | None = None,
) -> LevelingResult:
    """The leveler's answer for the workspace, to show before it is applied (`apply_leveling`)."""
    return level_plan(state, time_limit=time_limit, progress=progress).result


def keep_leveling(done: CurrentLeveling, state: WorkspaceState) -> None:
    """Keep a leveling's plan in `state.project` as leveling delays; no plan found: the project stays."""
    if done.project is not None:
        state.project = done.project


def apply_leveling(result: LevelingResult) -> Edit:
    """An edit keeping the leveled plan as the tasks' leveling delays (never as constraints)."""
    starts = {t.id: t.start for t in result.tasks.values()}

    def edit(state: WorkspaceState) -> None:
        status_date, actuals = actuals_at(state)
        state.project, _levelled = with_leveling(
            state.project, starts, status_date=status_date, actuals=actuals
        )

    return edit


def progress_line(info: ProgressInfo, minutes_per_day: int) -> str:
    """The live status: best plan so far, proven bound and gap, in working time of the project calendar."""
    return progress_text(info, minutes_per_day)


def result_line(result: LevelingResult) -> str:
    """The method and why it was used, the plan's figures in working time, what the keys do."""
    delayed = sum(1 for t in result.tasks.values() if t.delay_minutes > 0)
    lines = [headline(result)]
    if result.objective_working is not None:
        delays = ngettext("{count} task(s) delayed", "{count} task(s) delayed", delayed).format(count=delayed)
        lines.append(delays + " · " + figures(result, format_moment(result.finish)))
    lines.append(_("a: apply (kept as the tasks' leveling delays, undo with u) · esc: discard"))
    return "\n".join(lines)

"""The demo: the summary `plantrack demo` prints and the tracking data a demo workspace is seeded with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from plantrack.i18n import N_, _
from plantrack.scheduling.errors import InvalidInput, Problem, errors_only
from plantrack.scheduling.model import Project

if TYPE_CHECKING:
    from plantrack.store import WorkspaceState


def plan_counts(project: Project) -> dict[str, int]:
    """How many tasks, phases, milestones, links, resources, calendars and windows the plan has."""
    summaries = project.summary_ids()
    return {
        "tasks": sum(1 for t in project.tasks if t.id not in summaries and not t.milestone),
        "phases": len(summaries & project.task_map().keys()),
        "milestones": sum(1 for t in project.tasks if t.milestone),
        "links": len(project.links),
        "resources": len(project.resources),
        "calendars": len(project.calendars),
        "windows": len(project.windows),
    }


@dataclass
class DemoSummary:
    """What `plantrack demo` tells: the plan's size and, from the critical path method, its finish."""

    name: str
    start: dt.datetime
    counts: dict[str, int]
    finish: dt.datetime | None = None
    critical_path: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "start": self.start,
            **self.counts,
            "finish": self.finish,
            "critical_path": self.critical_path,
            "warnings": [w.to_json() for w in self.warnings],
        }


def summarise(project: Project) -> DemoSummary:
    """Counts, and the critical path method's finish, critical chain and deadline warnings."""
    from plantrack.scheduling.cpm import cpm

    schedule = cpm(project)
    summary = DemoSummary(name=project.name, start=project.start, counts=plan_counts(project))
    summary.finish = schedule.finish_at
    summary.critical_path = list(schedule.critical_paths[0]) if schedule.critical_paths else []
    summary.warnings = list(schedule.warnings)
    return summary


DEMO_PROGRESS = "line3_progress.toml"
#: Who "made" the demo's scenarios (data, like a user name: not translated).
DEMO_AUTHOR = "plantrack demo"
#: What each demo scenario studies, in the order of `demo_scenarios`.
DEMO_SCENARIO_NOTES = (
    N_("the supplier delivers three weeks late: lead time +21 calendar days"),
    N_("supplier late, and the installation moved to two weekend stops two weeks later"),
)
#: The demo's tracking data in each language: the same records and figures, texts in that language.
DEMO_PROGRESS_FILES: dict[str, str] = {"en": DEMO_PROGRESS, "fr": "line3_progress.fr.toml"}


def demo_progress_resource(language: str = "en") -> str:
    """The file name of the demo's tracking data in `language` (English when it has none)."""
    return DEMO_PROGRESS_FILES.get(language, DEMO_PROGRESS)


def _instant(value: Any) -> dt.datetime:
    """A TOML date or date-time as an instant (a date is its midnight)."""
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())


def apply_demo_progress(state: WorkspaceState, language: str = "en") -> None:
    """Give a fresh demo workspace its baseline, two status dates of progress, and the action register.

    Reads `demo/line3_progress.toml` (or its twin in `language`, e.g. `line3_progress.fr.toml`); every
    record goes through the same checks as `plantrack progress`.
    """
    import tomllib
    from importlib import resources

    from plantrack.operations.analysis import reschedule
    from plantrack.operations.progress import parse_record
    from plantrack.scheduling.tracking.actions import next_action_id
    from plantrack.scheduling.tracking.baseline import make_baseline
    from plantrack.scheduling.tracking.progress import check_record
    from plantrack.scheduling.tracking.records import (
        Action,
        ActionStatus,
        ActionUpdate,
        Ease,
        Impact,
        Pdca,
        ProgressRecord,
    )
    from plantrack.scheduling.tracking.worktime import CalendarWorkTime
    from plantrack.store import tracking_codec as codec

    data = tomllib.loads(
        resources.files("plantrack.demo")
        .joinpath(demo_progress_resource(language))
        .read_text(encoding="utf-8")
    )
    project = state.project
    spec = data["baseline"]
    plan = reschedule(project)(None, {})
    codec.save_baseline(
        state,
        make_baseline(
            project,
            plan,
            CalendarWorkTime(project),
            name=spec["name"],
            saved_at=_instant(spec["saved"]),
            note=spec.get("note", ""),
        ),
    )
    history: list[ProgressRecord] = []
    for status in data["status"]:
        for entry in status["progress"]:
            fields = {key: str(value) for key, value in entry.items()}
            fields["date"] = _instant(status["date"]).isoformat()
            record = parse_record(project, fields)
            errors = errors_only(check_record(project, record, history))
            if errors:
                raise InvalidInput(errors)
            history.append(record)
    codec.add_progress(state, history)
    created: list[Action] = []
    for entry in data.get("actions", []):
        action = Action(
            id=next_action_id(created),
            title=entry["title"],
            owner=entry["owner"],
            due=_instant(entry["due"]),
            created=_instant(entry["created"]),
            task=entry.get("task"),
            nature=entry.get("nature", ""),
            ease=Ease(entry["ease"]) if "ease" in entry else None,
            impact=Impact(entry["impact"]) if "impact" in entry else None,
        )
        created.append(action)
        codec.add_action(state, action)
        for change in entry.get("updates", []):
            codec.add_action_update(
                state,
                ActionUpdate(
                    action=action.id,
                    date=_instant(change["date"]),
                    status=ActionStatus(change["status"]) if "status" in change else None,
                    pdca=Pdca(change["pdca"]) if "pdca" in change else None,
                ),
            )


def apply_demo_scenarios(state: WorkspaceState) -> None:
    """Give the demo its two what-if scenarios ("supplier three weeks late", "install in two weekend
    stops"), so `scenario compare` has something to weigh; made at the demo's latest status date."""
    from plantrack.operations.scenarios.demo import demo_scenarios
    from plantrack.store.scenarios import Scenario
    from plantrack.store.tracking_codec import status_date

    made = status_date(state) or state.project.start
    scenarios = demo_scenarios(state.project)
    for (name, project), note in zip(scenarios, DEMO_SCENARIO_NOTES, strict=True):
        state.scenarios.add(
            Scenario.new(name, project, None, note=_(note), created_by=DEMO_AUTHOR, created_at=made)
        )

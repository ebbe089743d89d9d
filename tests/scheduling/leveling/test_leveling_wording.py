"""The result line says the method and why it was used, with every figure in working time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from plantrack.scheduling.leveling import LevelingResult, Method, Objective, ProgressInfo, Reason, Status
from plantrack.scheduling.leveling.wording import (
    compact_working,
    figures,
    headline,
    progress_text,
    reason_text,
    working_text,
)

DAY = 480  # the standard calendar's working day


def _result(**kw: Any) -> LevelingResult:
    fields: dict[str, Any] = {
        "status": Status.FEASIBLE,
        "objective_kind": Objective.FINISH,
        "objective": 5753.0,  # elapsed hours on the solver's axis
        "bound": 5633.0,
        "gap": (5753 - 5633) / 5753,
        "time_s": 5.2,
        "method": Method.HEURISTIC,
        "finish": dt.datetime(2027, 9, 1, 17),
        "reason": Reason.CP_NO_PLAN,
        "time_limit": 5.0,
        "jobs": 120,
        "resources": 6,
        "minutes_per_day": DAY,
        "objective_working": 100 * DAY,  # 100 working days
        "bound_working": 100 * DAY - 1000,  # 2 days 6 h 40 min less: 2.0833 working days
        "axis_is_working": False,
    }
    fields.update(kw)
    return LevelingResult(**fields)


def test_working_time_in_words() -> None:
    assert working_text(2400, DAY) == "5 working days"
    assert working_text(480, DAY) == "1 working day"
    assert working_text(1080, DAY) == "2.25 working days"
    assert working_text(210, DAY) == "3.5 working hours"
    assert working_text(60, DAY) == "1 working hour"
    assert working_text(1000, DAY) == "2.08 working days"  # 2.0833...
    assert working_text(1000, DAY, up=True) == "2.09 working days"  # an upper limit never rounds down
    assert compact_working(0, DAY) == "0"
    assert compact_working(2400, DAY) == "5d"
    assert compact_working(1200, DAY) == "2d 4h"
    assert compact_working(90, DAY) == "1.5h"


def test_heuristic_fallback_says_cp_sat_found_no_plan_in_time() -> None:
    line = headline(_result())
    # 1000 working minutes over 48000: gap 2.08 %, at most 2.09 working days
    assert line == (
        "Leveled by the priority heuristic: CP-SAT found no plan within the 5 s limit (120 tasks, "
        "6 resources); gap to the bound ≤ 2.09 working days (2.08 %)"
    )
    assert "5753" not in line and "5633" not in line  # nothing of the solver's elapsed hours


def test_heuristic_fallback_at_the_bound_is_optimal() -> None:
    result = _result(status=Status.OPTIMAL, bound_working=100 * DAY, gap=0.0)
    assert headline(result) == (
        "Leveled by the priority heuristic: CP-SAT found no plan within the 5 s limit (120 tasks, "
        "6 resources); optimal (proven)"
    )


def test_cp_sat_proven_optimal() -> None:
    result = _result(
        status=Status.OPTIMAL, method=Method.CP, reason=Reason.PROVEN, bound_working=100 * DAY, gap=0.0
    )
    assert headline(result) == "Leveled by CP-SAT: optimal (proven) in 5.2 s"
    assert reason_text(result) == "CP-SAT proved this plan optimal"
    assert figures(result, "2027-09-01 17:00") == (
        "Finish 2027-09-01 17:00, 100 working days after the project start (project calendar); "
        "leveled in 5.2 s"
    )


def test_cp_sat_feasible_at_the_limit_says_how_far_from_the_best() -> None:
    result = _result(method=Method.CP, reason=Reason.TIME_LIMIT, time_limit=10.0)
    assert headline(result) == (
        "Leveled by CP-SAT: best plan found within the 10 s limit, "
        "gap to the bound ≤ 2.09 working days (2.08 %)"
    )
    assert figures(result, "2027-09-01 17:00") == (
        "Finish 2027-09-01 17:00, 100 working days after the project start, lower bound 97.92 working days "
        "(project calendar); leveled in 5.2 s"
    )


def test_heuristic_at_the_bound_and_on_request() -> None:
    at_bound = _result(status=Status.OPTIMAL, reason=Reason.AT_BOUND, bound_working=100 * DAY, gap=0.0)
    assert headline(at_bound) == (
        "Leveled by the priority heuristic, optimal (proven): its plan meets the lower bound, "
        "so CP-SAT was not needed"
    )
    asked = _result(reason=Reason.REQUESTED)
    assert headline(asked) == (
        "Leveled by the priority heuristic (--method heuristic): "
        "gap to the bound ≤ 2.09 working days (2.08 %)"
    )


def test_no_plan_names_both_methods_and_the_size() -> None:
    result = _result(
        status=Status.UNKNOWN, reason=Reason.NO_PLAN, method=Method.CP, objective_working=None, gap=1.0
    )
    assert headline(result) == (
        "No leveled plan: neither CP-SAT within the 5 s limit (120 tasks, 6 resources) nor the priority "
        "heuristic found a plan that meets every date and window"
    )
    assert figures(result, "2027-09-01 17:00") == ""


def test_lateness_in_weighted_working_hours() -> None:
    result = _result(
        objective_kind=Objective.LATENESS,
        method=Method.CP,
        reason=Reason.TIME_LIMIT,
        objective_working=600.0,  # 10 weighted working hours late: 1.25 working days
        bound_working=300.0,
        axis_is_working=True,
    )
    assert headline(result).endswith(
        "gap to the bound ≤ 5 working hours of priority-weighted lateness (50.00 %)"
    )
    # on an elapsed axis the weighted sum has no working-time bound: only the solver's ratio is said
    elapsed = _result(objective_kind=Objective.LATENESS, bound_working=None, gap=0.25)
    assert headline(elapsed).endswith("within 25.00 % of the best possible")
    assert figures(result, "2027-09-01 17:00").startswith(
        "Finish 2027-09-01 17:00, 1.25 working days of priority-weighted lateness, "
        "lower bound 5 working hours"
    )


def test_progress_line_in_working_time() -> None:
    info = ProgressInfo(
        incumbent=168.0,
        bound=120.0,
        gap=48 / 168,
        elapsed=1.25,
        incumbent_working=2400.0,
        bound_working=1920.0,
    )
    # 5 and 4 working days: the gap is the working-time one (20 %), not the axis one (28.6 %)
    assert progress_text(info, DAY) == "best 5 working days · bound 4 working days · gap 20.0 % · 1.2 s"
    early = ProgressInfo(incumbent=None, bound=120.0, gap=None, elapsed=0.5, bound_working=1920.0)
    assert progress_text(early, DAY) == "best — · bound 4 working days · gap — · 0.5 s"
    unconverted = ProgressInfo(incumbent=9.0, bound=3.0, gap=2 / 3, elapsed=0.5)
    assert progress_text(unconverted, DAY) == "gap 66.7 % · 0.5 s"


def test_json_names_the_method_the_reason_and_both_units() -> None:
    doc = _result().to_json()
    assert doc["method"] == "heuristic" and doc["reason"] == "cp-no-plan"
    assert doc["reason_text"] == "CP-SAT found no plan within the 5 s limit (120 tasks, 6 resources)"
    assert doc["objective_working_hours"] == 800 and doc["bound_working_hours"] == round(47000 / 60, 4)
    assert doc["objective_axis_minutes"] == 5753 * 60 and doc["bound_axis_minutes"] == 5633 * 60
    assert doc["gap"] == round(1000 / 48000, 6) and doc["gap_axis"] == round(120 / 5753, 6)

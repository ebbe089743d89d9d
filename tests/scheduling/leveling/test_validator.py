"""The validator catches each kind of broken plan (so a passing check means something)."""

from __future__ import annotations

from leveling_builders import at, link, project, resource, task, use, window
from validator import violations

from plantrack.scheduling.model import Constraint, ConstraintKind


def test_validator_flags_each_broken_rule() -> None:
    p = project(
        [
            task("a", 2),
            task("b", 2, window="w"),
            task("c", 1, constraints=(Constraint(kind=ConstraintKind.START_NO_EARLIER_THAN, date=at(4)),)),
        ],
        links=[link("a", "b")],
        resources=[resource("r", 1)],
        uses=[use("a", "r"), use("c", "r")],
        windows=[window("w", [(2, 4)])],
    )
    good = {"a": (at(0), at(2)), "b": (at(2), at(4)), "c": (at(4), at(5))}
    assert violations(p, good) == []
    assert violations(p, {**good, "a": (at(0), at(3))}) == ["a lasts 180 min instead of 120"]
    assert violations(p, {**good, "b": (at(1), at(3))})[0].startswith("b is not inside one period")
    assert violations(p, {**good, "c": (at(3), at(4))}) == [f"c starts before {at(4)}"]
    assert "link a -FS-> b broken" in violations(p, {**good, "a": (at(1), at(3))})[0]
    p2 = project(
        [task("a", 2), task("c", 2)], resources=[resource("r", 1)], uses=[use("a", "r"), use("c", "r")]
    )
    assert violations(p2, {"a": (at(0), at(2)), "c": (at(1), at(3))})[0].startswith("r is over capacity")

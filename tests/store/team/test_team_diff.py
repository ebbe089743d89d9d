"""The save's diff: which positions of a collection it makes rows for, before and after an edit."""

from __future__ import annotations

from typing import Any

from plantrack.store.team.diff import _changed_elements


def _rows_of(key: str, position: int, element: Any) -> dict[str, list[tuple[Any, ...]]]:
    return {"t": [(key, position, element)]}


def _positions(before: tuple[Any, ...], after: tuple[Any, ...]) -> tuple[list[int], list[int]]:
    old: dict[str, list[tuple[Any, ...]]] = {}
    new: dict[str, list[tuple[Any, ...]]] = {}
    _changed_elements("k", before, after, _rows_of, old, new)
    return [r[1] for r in old.get("t", [])], [r[1] for r in new.get("t", [])]


def test_only_positions_holding_another_unequal_element_make_rows() -> None:
    before = tuple(f"element {i}" for i in range(6))
    equal_copy = "".join(["element ", "2"])  # equal, another object: no row
    assert equal_copy is not before[2]
    after = (before[0], "changed", equal_copy, before[3], before[4], before[5])
    assert _positions(before, after) == ([1], [1])


def test_a_shorter_or_longer_collection_makes_rows_past_the_shorter_side() -> None:
    before = tuple(f"element {i}" for i in range(6))
    shorter = (before[0], "changed", before[2], before[3], "new")
    assert _positions(before, shorter) == ([1, 4, 5], [1, 4])
    longer = (*before, "added", "added too")
    assert _positions(before, longer) == ([], [6, 7])
    assert _positions(before, ()) == ([0, 1, 2, 3, 4, 5], [])
    assert _positions(before, before) == ([], [])

"""Sorted disjoint intervals of minutes: their union, and what is left once some are cut out."""

from __future__ import annotations

from collections.abc import Iterable


def subtract(intervals: list[tuple[int, int]], cuts: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted disjoint intervals minus the union of `cuts`."""
    out = intervals
    for c0, c1 in sorted(cuts):
        kept: list[tuple[int, int]] = []
        for a, b in out:
            if b <= c0 or a >= c1:
                kept.append((a, b))
                continue
            if a < c0:
                kept.append((a, c0))
            if b > c1:
                kept.append((c1, b))
        out = kept
    return out


def union(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Intervals merged where they overlap or touch, sorted."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(intervals):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged

"""Pure outline of the Gantt rows: WBS numbers, collapsed phases, filters (critical, late, owner, text)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class OutlineItem:
    """The facts about one task that the outline needs (file order is the sibling order)."""

    id: str
    parent: str | None = None
    name: str = ""
    owner: str = ""
    critical: bool = False
    late: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class RowFilter:
    """Which rows to show; a phase stays visible while any task under it matches, to give context."""

    critical_only: bool = False
    late_only: bool = False
    owner: str = ""
    text: str = ""

    @property
    def active(self) -> bool:
        return self.critical_only or self.late_only or bool(self.owner) or bool(self.text.strip())

    def matches(self, item: OutlineItem, wbs: str) -> bool:
        if self.critical_only and not item.critical:
            return False
        if self.late_only and not item.late:
            return False
        if self.owner and self.owner.casefold() not in item.owner.casefold():
            return False
        needle = self.text.strip().casefold()
        return not needle or any(needle in hay.casefold() for hay in (item.name, item.id, wbs))


@dataclass(frozen=True, slots=True, kw_only=True)
class OutlineRow:
    id: str
    depth: int
    wbs: str
    is_summary: bool
    collapsed: bool = False
    hidden: int = 0  # tasks under a collapsed phase


class Outline:
    """The task tree in file order; cycles and unknown parents are tolerated (roots), never looped on."""

    def __init__(self, items: Sequence[OutlineItem]) -> None:
        self.items = {item.id: item for item in items}
        self.children: dict[str | None, list[str]] = {}
        for item in items:
            parent = item.parent if item.parent in self.items else None
            self.children.setdefault(parent, []).append(item.id)
        self.order: list[tuple[str, int]] = []  # preorder (id, depth)
        self.wbs: dict[str, str] = {}
        seen: set[str] = set()
        self._number(seen)
        # members of a parent cycle are unreachable from the roots: list them at the top level
        stray = [item.id for item in items if item.id not in seen]
        for index, ident in enumerate(stray, start=len(self.children.get(None, [])) + 1):
            if ident not in seen:
                seen.add(ident)
                self.wbs[ident] = str(index)
                self.order.append((ident, 0))

    def _number(self, seen: set[str]) -> None:
        # iterative preorder: deep phase trees must not hit the recursion limit
        roots = self.children.get(None, [])
        pending = [(kid, str(i), 0) for i, kid in reversed(list(enumerate(roots, start=1)))]
        while pending:
            ident, code, depth = pending.pop()
            if ident in seen:
                continue
            seen.add(ident)
            self.wbs[ident] = code
            self.order.append((ident, depth))
            kids = list(enumerate(self.children.get(ident, []), start=1))
            pending.extend((kid, f"{code}.{i}", depth + 1) for i, kid in reversed(kids))

    def is_summary(self, ident: str) -> bool:
        return bool(self.children.get(ident))

    def ancestors(self, ident: str) -> list[str]:
        """Parents from the nearest up to the root."""
        out: list[str] = []
        item = self.items.get(ident)
        while item is not None and item.parent in self.items and item.parent not in (*out, ident):
            out.append(item.parent)
            item = self.items[item.parent]
        return out

    def descendants(self, ident: str) -> int:
        count, stack, seen = 0, list(self.children.get(ident, [])), {ident}
        while stack:
            kid = stack.pop()
            if kid in seen:
                continue
            seen.add(kid)
            count += 1
            stack.extend(self.children.get(kid, []))
        return count

    def rows(
        self, collapsed: frozenset[str] = frozenset(), row_filter: RowFilter | None = None
    ) -> list[OutlineRow]:
        """Visible rows in preorder: filtered (with their phases) and without what collapsed phases hide."""
        keep: set[str] | None = None
        if row_filter is not None and row_filter.active:
            keep = set()
            for ident, _ in self.order:
                if row_filter.matches(self.items[ident], self.wbs[ident]):
                    keep.add(ident)
                    keep.update(self.ancestors(ident))
        rows: list[OutlineRow] = []
        hide_below: int | None = None  # depth of the collapsed phase being skipped
        for ident, depth in self.order:
            if hide_below is not None:
                if depth > hide_below:
                    continue
                hide_below = None
            if keep is not None and ident not in keep:
                continue
            summary = self.is_summary(ident)
            folded = summary and ident in collapsed
            rows.append(
                OutlineRow(
                    id=ident,
                    depth=depth,
                    wbs=self.wbs[ident],
                    is_summary=summary,
                    collapsed=folded,
                    hidden=self.descendants(ident) if folded else 0,
                )
            )
            if folded:
                hide_below = depth
        return rows

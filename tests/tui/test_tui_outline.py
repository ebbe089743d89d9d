"""WBS numbering, collapsed phases and filters of the Gantt rows."""

from __future__ import annotations

from plantrack.tui.plan.outline import Outline, OutlineItem, OutlineRow, RowFilter

ITEMS = [
    OutlineItem(id="study", name="Study"),
    OutlineItem(id="spec", parent="study", name="Functional specification", owner="I. Moreau"),
    OutlineItem(id="consult", parent="study", name="Supplier consultation", critical=True, late=True),
    OutlineItem(id="gate", parent="study", name="Spec validated", critical=True),
    OutlineItem(id="proc", name="Procurement", critical=True),
    OutlineItem(id="order", parent="proc", name="Order station", owner="K. Diallo", critical=True),
    OutlineItem(id="lead", parent="proc", name="Supplier lead time", critical=True),
    OutlineItem(id="install", name="Install station"),
]


def ids(rows: list[OutlineRow]) -> list[str]:
    return [row.id for row in rows]


def test_wbs_numbers_follow_file_order() -> None:
    outline = Outline(ITEMS)
    assert outline.wbs == {
        "study": "1",
        "spec": "1.1",
        "consult": "1.2",
        "gate": "1.3",
        "proc": "2",
        "order": "2.1",
        "lead": "2.2",
        "install": "3",
    }
    rows = outline.rows()
    assert ids(rows) == ["study", "spec", "consult", "gate", "proc", "order", "lead", "install"]
    assert [row.depth for row in rows] == [0, 1, 1, 1, 0, 1, 1, 0]
    assert [row.is_summary for row in rows] == [True, False, False, False, True, False, False, False]


def test_collapsed_phase_hides_its_tasks_and_counts_them() -> None:
    rows = Outline(ITEMS).rows(frozenset({"study"}))
    assert ids(rows) == ["study", "proc", "order", "lead", "install"]
    assert rows[0].collapsed and rows[0].hidden == 3
    assert not rows[1].collapsed
    # collapsing a plain task does nothing
    assert ids(Outline(ITEMS).rows(frozenset({"install"}))) == ids(Outline(ITEMS).rows())


def test_filters_keep_the_phases_of_matching_tasks() -> None:
    outline = Outline(ITEMS)
    assert ids(outline.rows(row_filter=RowFilter(late_only=True))) == ["study", "consult"]
    assert ids(outline.rows(row_filter=RowFilter(critical_only=True))) == [
        "study",
        "consult",
        "gate",
        "proc",
        "order",
        "lead",
    ]
    assert ids(outline.rows(row_filter=RowFilter(owner="diallo"))) == ["proc", "order"]
    assert ids(outline.rows(row_filter=RowFilter(text="SUPPLIER"))) == ["study", "consult", "proc", "lead"]
    assert ids(outline.rows(row_filter=RowFilter(text="2.1"))) == ["proc", "order"]
    assert ids(outline.rows(row_filter=RowFilter(text="nothing like it"))) == []
    assert not RowFilter(text="  ").active


def test_ancestors_and_cycles_and_unknown_parents() -> None:
    outline = Outline(ITEMS)
    assert outline.ancestors("lead") == ["proc"]
    assert outline.ancestors("proc") == []
    odd = Outline(
        [
            OutlineItem(id="a", parent="b"),
            OutlineItem(id="b", parent="a"),
            OutlineItem(id="c", parent="ghost"),
        ]
    )
    # c's parent is unknown: a root; a and b form a cycle: listed once each, never looped on
    assert odd.wbs == {"c": "1", "a": "2", "b": "3"}
    assert ids(odd.rows()) == ["c", "a", "b"]
    assert odd.ancestors("a") == ["b"]


def test_a_deep_chain_does_not_hit_the_recursion_limit() -> None:
    chain = [OutlineItem(id="t0")] + [OutlineItem(id=f"t{i}", parent=f"t{i - 1}") for i in range(1, 5000)]
    outline = Outline(chain)
    assert outline.wbs["t3"] == "1.1.1.1"
    assert len(outline.rows()) == 5000
    assert len(outline.rows(frozenset({"t0"}))) == 1
    assert outline.descendants("t0") == 4999

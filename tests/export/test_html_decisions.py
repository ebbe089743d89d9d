"""The HTML report's gate decisions: every decision of every gate, its history in order, text literal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from builders import link
from conftest import Result
from hostile import flat
from plantrack.export.html.tables import decision_table
from plantrack.export.html.view import GateDecisionView
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.model import MAX_NAME_LENGTH, Project, Task, clean_text
from plantrack.store import WorkspaceState, create_workspace

Cli = Callable[..., Result]


class _Table(HTMLParser):
    """The rows of the table with id `gate-decisions`, and every tag seen inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.tags: set[str] = set()
        self.rows: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("id", "gate-decisions") in attrs:
            self.inside = True
        if not self.inside:
            return
        self.tags.add(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def _rows(page: str) -> tuple[list[list[str]], set[str]]:
    parser = _Table()
    parser.feed(page)
    return parser.rows, parser.tags


def test_export_html_lists_every_gate_decision_with_its_history(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "gates.plantrack.json"
    project = Project(
        name="Gates",
        start=dt.datetime(2027, 3, 1, 8),
        tasks=(
            Task(id="spec", name="Specification", duration=Duration(minutes=960)),
            Task(id="g1", name="G1 Specification approved", milestone=True, gate=True),
            Task(id="build", name="Build", duration=Duration(minutes=960)),
            Task(id="g2", name="G2 Shipment released", milestone=True, gate=True),
        ),
        links=(
            link("spec", "g1"),
            link("g1", "build"),
            link("build", "g2"),
        ),
    )
    create_workspace(path, WorkspaceState(project=project))
    decide = ("gate", "g1", "--by")
    assert cli(*decide, "Plant manager", "--decision", "validated", "--date", "2027-03-09").code == 0
    assert cli("gate", "g2", "--by", "Q", "--decision", "rejected", "--date", "2027-03-04").code == 0
    r = cli(*decide, "COPIL", "--decision", "deferred", "--date", "2027-03-03", "--note", "costs < 10 k€?")
    assert r.code == 0, r.err
    out = tmp_path / "report.html"
    assert cli("export", "html", "-o", str(out)).code == 0
    rows, _ = _rows(out.read_text(encoding="utf-8"))
    # hand-worked: gates in plan order (g1 then g2), each gate's decisions oldest first
    assert rows == [
        ["Gate", "Milestone", "Date", "Decision", "Decided by", "Note"],
        ["g1", "G1 Specification approved", "2027-03-03", "deferred", "COPIL", "costs < 10 k€?"],
        ["g1", "G1 Specification approved", "2027-03-09", "validated", "Plant manager", ""],
        ["g2", "G2 Shipment released", "2027-03-04", "rejected", "Q", ""],
    ]


def test_no_decision_says_so() -> None:
    assert "No gate decision recorded." in decision_table(())


def test_hostile_text_in_the_decisions_table_stays_text(hostile: dict[str, list[str]]) -> None:
    names = [s for s in flat(hostile) if len(s) <= MAX_NAME_LENGTH]
    views = [
        GateDecisionView(
            gate="g1", name=s, date=dt.datetime(2027, 3, 3, 17), decision="deferred", by=s, note=s
        )
        for s in names
    ]
    rows, tags = _rows(decision_table(views))
    assert tags == {"table", "thead", "tbody", "tr", "th", "td"}
    assert [row[1] for row in rows[1:]] == [clean_text(s) for s in names]
    assert all(row[2] == "2027-03-03 17:00" and row[4] == row[5] == row[1] for row in rows[1:])

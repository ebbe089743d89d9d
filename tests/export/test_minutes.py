"""Review minutes: required sections, figures from the engine, hostile names shown literally."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hostile import flat
from md_render import render
from plantrack.export.minutes import md_escape, to_html, to_markdown
from plantrack.scheduling.model import MAX_NAME_LENGTH, Project, clean_text
from plantrack.scheduling.tracking.actions import action_states
from plantrack.scheduling.tracking.baseline import make_baseline
from plantrack.scheduling.tracking.gates import gate_states
from plantrack.scheduling.tracking.plan import PlannedDates
from plantrack.scheduling.tracking.progress import fold
from plantrack.scheduling.tracking.records import (
    Action,
    ActionStatus,
    ActionUpdate,
    Cause,
    Decision,
    GateDecision,
    ProgressRecord,
)
from plantrack.scheduling.tracking.review import Review, build_review
from plantrack.scheduling.tracking.variance import trend, variance

SECTIONS = (
    "Period and status",
    "Indicators",
    "Tasks finished",
    "Tasks started",
    "Late tasks",
    "Coming up in the next two weeks",
    "Milestones and gates",
    "Decisions",
    "New actions",
    "Actions done",
    "Overdue actions",
    "Open points",
)


def _review(
    name: str = "Design",
    note: str = "drawings late",
    owner: str = "J. Martin",
    decisions: list[GateDecision] | None = None,
) -> Review:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scheduling" / "tracking"))
    from tracking_fixtures import DayWorkTime, at, retrofit

    wt = DayWorkTime()
    base = retrofit()
    tasks = tuple(dataclasses.replace(t, name=name) if t.id == "A" else t for t in base.tasks)
    project: Project = dataclasses.replace(base, tasks=tasks)
    plan = {
        "A": PlannedDates(start=at(1), finish=at(2, 16), critical=True),
        "B": PlannedDates(start=at(3), finish=at(5, 16), critical=True),
        "C": PlannedDates(start=at(8), finish=at(11, 16), critical=True),
        "M": PlannedDates(start=at(11, 16), finish=at(11, 16), critical=True),
    }
    baseline = make_baseline(project, plan, wt, name="initial", saved_at=at(1))
    status = at(4, 16)
    records = [
        ProgressRecord(
            task="A",
            status_date=status,
            actual_start=at(1),
            actual_finish=at(3, 16),
            cause=Cause.MAN,
            note=note,
            hours=20.0,
        ),
        ProgressRecord(task="B", status_date=status, actual_start=at(4), percent_complete=20.0),
    ]
    forecast = {
        "A": PlannedDates(start=at(1), finish=at(3, 16)),
        "B": PlannedDates(start=at(4), finish=at(8, 16), critical=True),
        "C": PlannedDates(start=at(9), finish=at(12, 16), critical=True),
        "M": PlannedDates(start=at(12, 16), finish=at(12, 16), critical=True),
    }
    states = fold(records)
    report = variance(project, baseline, states, forecast, wt, status)
    acts = [
        Action(id="A1", title=name, owner=owner, due=at(3), created=at(2)),
        Action(id="A2", title="Order screws", owner="P. Durand", due=at(10), created=at(2)),
        Action(id="A3", title="Old point", owner="P. Durand", due=at(20), created=at(1)),
    ]
    updates = [ActionUpdate(action="A3", date=at(4), status=ActionStatus.DONE)]
    if decisions is None:
        decisions = [GateDecision(task="M", decision=Decision.DEFERRED, by=owner, date=at(4))]
    gates = gate_states(project, decisions, forecast)
    return build_review(
        project=project.name,
        currency="EUR",
        minutes_per_day=480,
        since=at(1, 12),
        report=report,
        trend=trend([report]),
        states=states,
        gates=gates,
        actions=action_states(acts, updates, status),
    )


def test_minutes_have_every_section_and_the_engine_figures() -> None:
    review = _review()
    md = to_markdown(review)
    for title in SECTIONS:
        assert f"## {md_escape(title)}" in md
    assert [t.id for t in review.finished] == ["A"] and [t.id for t in review.started] == ["B"]
    assert [t.id for t in review.late][:1] == ["B"]  # critical first
    assert [t.id for t in review.coming] == ["C", "M"]
    assert [a.action.id for a in review.actions_overdue] == ["A1"]
    assert [a.action.id for a in review.actions_done] == ["A3"]
    assert [a.action.id for a in review.actions_new] == ["A1", "A2"]
    assert [a.action.id for a in review.open_points] == ["A1", "A2"]
    # SPI as the engine computed it, printed in both formats
    spi = f"{review.report.ev.spi:.2f}"
    assert spi in md and spi in to_html(review)
    assert "drawings late" in md and "deferred by J. Martin" in md


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _hostile(groups: dict[str, list[str]]) -> list[str]:
    return [s for s in flat(groups) if len(s) <= MAX_NAME_LENGTH]  # longer names are refused by the model


def test_hostile_names_are_shown_literally_and_run_nothing(hostile: dict[str, list[str]]) -> None:
    allowed_tags = {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "section",
        "p",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
    for name in _hostile(hostile):
        review = _review(name=name, note=name, owner=name)
        page = to_html(review)
        parser = _Collector()
        parser.feed(page)
        assert set(parser.tags) <= allowed_tags, name
        assert all(key in {"lang", "charset", "http-equiv", "content"} for key, _ in parser.attrs), name
        assert (
            "<script" not in page.lower() and "javascript:" not in page.lower().replace("&#x27;", "")[:0] + ""
        )
        md = to_markdown(review)
        assert not re.search(r"(?<!\\)<[a-zA-Z/!]", md), name  # no raw tag survives in the Markdown
        if "&" not in name:  # escaped for Markdown, never as HTML entities (a typed "&lt;" stays as typed)
            assert "&#" not in md and "&lt;" not in md, name
        tags, cells = render(md)
        assert set(tags) <= MARKDOWN_TAGS, name  # no link, image, emphasis, code or raw HTML
        shown = clean_text(name).strip()
        assert shown in cells, name  # the name, shown literally in its table cell
        assert "\x1b" not in md and "\x1b" not in page


#: what a Markdown viewer may make of the minutes: headings, paragraphs, lists and tables, nothing else
MARKDOWN_TAGS = {"h1", "h2", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td"}
TRICKY = [
    "<b>x</b>",
    "[link](javascript:alert(1))",
    "a|b",
    "*bold* and _it_ and __strong__",
    "# title",
    "d'outil < 10 min",
    "AT&T &lt;tag&gt; &amp;",
    "`code` and ``more``",
    "- not a bullet",
    "+ nor this",
    "1. nor a numbered item",
    "12) nor this one",
    "> not a quote",
    "    four spaces, not code",
    "back\\slash \\*",
    "![img](x.png) <https://127.0.0.1:9/> <mail@x.org>",
    "~~strike~~ $x$ {a} !b",
    "---",
    "Harmless\rEVIL \x1b[2J",
]


def test_markdown_escape_uses_backslashes_never_html_entities() -> None:
    assert md_escape("d'outil < 10 min") == "d'outil \\< 10 min"
    assert md_escape("a|b", cell=True) == "a\\|b"
    assert md_escape("- item") == "\\- item" and md_escape("- 2.0 d", cell=True) == "- 2.0 d"
    assert md_escape("3. point") == "3\\. point" and md_escape("2027-03-15.") == "2027-03-15."
    assert md_escape("T1 \x1b]0;PWNED\x07") == "T1 \\]0;PWNED"  # control characters dropped


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_text_renders_literally_as_a_line_a_list_item_and_a_cell(text: str) -> None:
    expected = " ".join(clean_text(text).replace("\r", " ").split(" ")).strip()
    escaped, in_cell = md_escape(text), md_escape(text, cell=True)
    tags, cells = render(escaped + "\n")
    assert tags == ["p"] and cells == [expected]
    tags, cells = render(f"1. {escaped}\n2. next\n")
    assert tags == ["ol", "li", "li"] and cells == [expected, "next"]
    tags, cells = render(f"| Head |\n|---|\n| {in_cell} |\n")
    assert tags == ["table", "thead", "tr", "th", "tbody", "tr", "td"] and cells == ["Head", expected]


def _section(md: str, title: str) -> str:
    return md.split(f"## {title}\n")[1].split("\n## ")[0]


def _table(md: str, title: str) -> list[list[str]]:
    """The body rows of a section's table, cells unescaped as a Markdown viewer shows them."""
    tags, cells = render(_section(md, title))
    width = tags.count("th")
    body = cells[width:]
    return [body[i : i + width] for i in range(0, len(body), width)]


def test_decisions_section_lists_each_gate_history_with_who_and_when() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scheduling" / "tracking"))
    from tracking_fixtures import at

    made = [
        GateDecision(task="M", decision=Decision.VALIDATED, by="Plant manager", date=at(4, 10), note="go"),
        GateDecision(task="M", decision=Decision.DEFERRED, by="COPIL", date=at(1, 9), note="cost < 10 k"),
        GateDecision(task="M", decision=Decision.REJECTED, by="Late", date=at(6)),  # after the meeting
    ]
    review = _review(decisions=made)
    md = to_markdown(review)
    # hand-worked: period (1 March 12:00, 4 March 16:00]; the decision of the 6th is not yet taken
    assert _table(md, "Decisions") == [
        ["M", "Acceptance", "2027-03-01 09:00", "deferred", "COPIL", "cost < 10 k", ""],
        ["M", "Acceptance", "2027-03-04 10:00", "validated", "Plant manager", "go", "yes"],
    ]
    page = to_html(review)
    assert "COPIL" in page and "Plant manager" in page and "cost &lt; 10 k" in page


def test_action_tables_label_every_column_and_a_finished_action_is_at_check() -> None:
    md = to_markdown(_review())
    for title in ("New actions", "Actions done", "Overdue actions", "Open points"):
        header = next(line for line in _section(md, title).splitlines() if line.startswith("| Id"))
        assert all(cell.strip() for cell in header.strip("|").split("|")), title
    # A3 was set done without a stage: its effect is to be checked (the model's rule), not "plan"
    assert _table(md, "Actions done") == [["A3", "Old point", "P. Durand", "2027-03-20", "done", "check", ""]]
    assert _table(md, "Overdue actions")[0][-1] == "yes"

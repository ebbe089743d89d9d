"""Recursive-descent parser for the TaskJuggler subset plantrack reads; the rest is skipped and named."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from plantrack.formats.taskjuggler.lexer import Kind, TjDate, TjpError, Token
from plantrack.formats.taskjuggler.nodes import (
    Dependency,
    Header,
    Hours,
    ResourceNode,
    TaskNode,
    TjDuration,
    TjpFile,
)
from plantrack.formats.taskjuggler.stream import Stream
from plantrack.formats.taskjuggler.syntax import Syntax
from plantrack.i18n import _

#: Minutes of calendar time per unit; a month is 30 days and a year 365, as in TaskJuggler.
CALENDAR_MINUTES = {"min": 1, "h": 60, "d": 1440, "w": 7 * 1440, "m": 30 * 1440, "y": 365 * 1440}


class Parser(Syntax):
    """project, then resources, tasks, leaves, working hours and the default rate, in any order."""

    def __init__(self, path: Path) -> None:
        super().__init__(Stream(path))
        self.task_ids: set[str] = set()
        self.resource_ids: set[str] = set()
        self.hours_in_header: list[Hours] = []

    # -- top level ------------------------------------------------------------------------------
    def parse(self) -> TjpFile:
        first = self.next()
        if first.kind is not Kind.ID or first.text != "project":
            raise self.fail(first, _("a TaskJuggler file starts with `project`"), "tjp-project")
        result = TjpFile(header=self.header(first))
        while (tok := self.next()).kind is not Kind.END:
            if tok.kind is not Kind.ID:
                raise self.fail(tok, _("expected a keyword such as task or resource"))
            if tok.text == "task":
                result.tasks.append(self.task(tok, None))
            elif tok.text == "resource":
                result.resources.append(self.resource(tok, None))
            elif tok.text in ("leaves", "vacation"):
                result.leaves += self.leaves(tok)
            elif tok.text == "workinghours":
                result.hours.append(self.hours(tok))
            elif tok.text == "rate":
                result.rate = self.number(_("a daily rate"))
            else:
                self.skip(tok.text, tok)
        result.skipped = self.skipped + [(what, tok.where) for what, tok in self.stream.skipped]
        return result

    def header(self, first: Token) -> Header:
        ident = self.next() if self.peek().kind is Kind.ID else None
        name = self.expect(Kind.STRING, _("the project name in quotes")).text
        if self.peek().kind is Kind.STRING:
            self.next()  # version
        start = self.date()
        end: TjDate | None = None
        span: TjDuration | None = None
        if self.punct("+"):
            span = self.duration()
        else:
            self.punct("-")
            end = self.date()
        header = Header(ident.text if ident else "", name, start, end, span, first.where)
        self.stream.builtins["projectstart"] = _date_text(start)
        if end is None and span is not None and span.value * CALENDAR_MINUTES[span.unit] < 200 * 525_600:
            last = start.when + dt.timedelta(minutes=span.value * CALENDAR_MINUTES[span.unit])
            end = TjDate(when=last, offset=start.offset)
        if end is not None:
            self.stream.builtins["projectend"] = _date_text(end)

        def handle(tok: Token) -> None:
            key = tok.text
            if key == "timezone":
                header.timezone = self.expect(Kind.STRING, _("a time zone name")).text
            elif key == "now":
                header.now = self.date()
                self.stream.builtins["now"] = _date_text(header.now)
            elif key == "currency":
                header.currency = self.expect(Kind.STRING, _("a currency")).text
            elif key == "dailyworkinghours":
                header.daily_hours = self.number(_("hours per day"))
            elif key == "yearlyworkingdays":
                header.yearly_days = self.number(_("working days per year"))
            elif key == "timingresolution":
                self.duration()  # plantrack schedules to the minute, finer than any resolution
            elif key == "workinghours":
                self.hours_in_header.append(self.hours(tok))
            elif key == "scenario" and header.scenario is None:
                header.scenario = self.scenario = self.expect(Kind.ID, _("a scenario id")).text
                self.skip("scenario", tok)
            else:
                self.skip(key, tok)

        self.block(handle)
        return header

    # -- resources ------------------------------------------------------------------------------
    def resource(self, first: Token, parent: ResourceNode | None) -> ResourceNode:
        ident = self.expect(Kind.ID, _("a resource id"))
        if ident.text in self.resource_ids or "." in ident.text or "!" in ident.text:
            raise TjpError(
                "tjp-id",
                _("resource id {id} is repeated or not a plain id").format(id=repr(ident.text)),
                ident.where,
            )
        self.resource_ids.add(ident.text)
        name = self.expect(Kind.STRING, _("the resource name in quotes")).text
        node = ResourceNode(ident.text, name, first.where, parent)

        def handle(tok: Token) -> None:
            key = self.attribute(tok)
            if key is None:
                return
            if key == "resource":
                node.children.append(self.resource(tok, node))
            elif key == "efficiency":
                node.efficiency = self.number(_("an efficiency such as 1.0"))
            elif key == "rate":
                node.rate = self.number(_("a daily rate"))
            elif key in ("leaves", "vacation"):
                node.leaves += self.leaves(tok)
            elif key == "workinghours":
                node.hours.append(self.hours(tok))
            else:
                self.skip(key, tok)

        self.block(handle)
        return node

    # -- tasks ----------------------------------------------------------------------------------
    def task(self, first: Token, parent: TaskNode | None) -> TaskNode:
        ident = self.expect(Kind.ID, _("a task id"))
        if "." in ident.text or "!" in ident.text or ":" in ident.text:
            raise TjpError(
                "tjp-id", _("task id {id} must be a plain id").format(id=repr(ident.text)), ident.where
            )
        full = f"{parent.full_id}.{ident.text}" if parent else ident.text
        if full in self.task_ids:
            raise TjpError("tjp-id", _("task {id} is defined twice").format(id=full), ident.where)
        self.task_ids.add(full)
        name = self.next().text if self.peek().kind is Kind.STRING else ident.text
        node = TaskNode(ident.text, full, name, first.where, parent)

        def handle(tok: Token) -> None:
            key = self.attribute(tok)
            if key is None:
                return
            if key == "task":
                node.children.append(self.task(tok, node))
            elif key in ("duration", "length", "effort"):
                setattr(node, key, self.duration())
            elif key == "milestone":
                node.milestone = True
            elif key in ("start", "end"):
                setattr(node, key, self.date())
            elif key in ("depends", "precedes"):
                node.dependencies += self.dependencies(key == "precedes")
            elif key == "allocate":
                node.allocate += self.allocations()
            elif key == "complete":
                node.complete = self.number(_("a completion in percent"))
            elif key == "priority":
                node.priority = int(self.number(_("a priority 1-1000")))
            elif key == "note":
                node.note = self.expect(Kind.STRING, _("the note in quotes")).text
            elif key == "scheduling":
                node.alap = self.expect(Kind.ID, _("asap or alap")).text == "alap"
                if node.alap:
                    self.skipped.append((_("scheduling alap (scheduled as soon as possible)"), tok.where))
            else:
                self.skip(key, tok)

        self.block(handle)
        return node

    def dependencies(self, precedes: bool) -> list[Dependency]:
        out: list[Dependency] = []
        while True:
            ref = self.expect(Kind.ID, _("a task id"))
            flags: dict[str, bool] = {"onstart": False, "onend": False}
            gaps: dict[str, TjDuration | None] = {"gapduration": None, "gaplength": None}
            if not self.peek().nl:
                self.block(partial(self._dependency_option, flags=flags, gaps=gaps, precedes=precedes))
            out.append(
                Dependency(
                    ref.text,
                    precedes,
                    flags["onstart"],
                    flags["onend"],
                    gaps["gapduration"],
                    gaps["gaplength"],
                    ref.where,
                )
            )
            if not self.punct(","):
                return out

    def _dependency_option(
        self, tok: Token, flags: dict[str, bool], gaps: dict[str, TjDuration | None], precedes: bool
    ) -> None:
        if tok.text in flags:
            flags[tok.text] = True
        elif tok.text in gaps:
            gaps[tok.text] = self.duration()
        else:
            self.skip(f"{'precedes' if precedes else 'depends'} {tok.text}", tok)

    def allocations(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        while True:
            ref = self.expect(Kind.ID, _("a resource id"))
            out.append((ref.text, ref.where))
            if self.peek().kind is Kind.PUNCT and self.peek().text == "{" and not self.peek().nl:
                self.skip(_("allocate {id} options").format(id=ref.text), self.peek())
            if not self.punct(","):
                return out


def _date_text(value: TjDate) -> str:
    text = value.when.strftime("%Y-%m-%d-%H:%M")
    if value.offset is not None:
        sign = "+" if value.offset >= 0 else "-"
        text += f"-{sign}{abs(value.offset) // 60:02d}{abs(value.offset) % 60:02d}"
    return text


def parse_tjp(path: Path) -> TjpFile:
    """Parse a `.tjp` (and the files it includes); TjpError names file:line for malformed input."""
    parser = Parser(path)
    result = parser.parse()
    result.hours = parser.hours_in_header + result.hours
    return result

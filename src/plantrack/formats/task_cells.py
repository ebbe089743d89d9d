"""Cells of a spreadsheet task list: header names, the marker row, durations, dates, links and resources."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from plantrack.formats.interchange import Report
from plantrack.i18n import _
from plantrack.scheduling.dates import DateError, read_iso
from plantrack.scheduling.duration import Duration, parse_duration
from plantrack.scheduling.errors import ModelError, Problem
from plantrack.scheduling.model import Link, LinkType
from plantrack.scheduling.words import yes_no

#: First cell of the marker row plantrack's exporters write before the header.
MARKER = "#plantrack task list 1"

#: Header spellings (lower case, accents removed) for each column, English and French.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "uid", "wbs", "n°", "no", "numero"),
    "name": ("name", "task name", "task", "nom", "nom de la tache", "tache"),
    "phase": ("phase", "parent", "summary", "recapitulatif"),
    "duration": ("duration", "duree"),
    "predecessors": ("predecessors", "predecesseurs", "depends", "after"),
    "resources": ("resources", "resource names", "ressources", "noms ressources"),
    "start": ("start", "debut"),
    "finish": ("finish", "end", "fin"),
    "percent": ("% done", "% complete", "percent complete", "% acheve", "% avancement"),
    "baseline start": ("baseline start", "debut planifie", "debut de reference"),
    "baseline finish": ("baseline finish", "fin planifiee", "fin de reference"),
    "level": ("outline level", "level", "niveau hierarchique", "niveau"),
    "milestone": ("milestone", "jalon"),
}
_TYPES = {"FS": LinkType.FS, "SS": LinkType.SS, "FF": LinkType.FF, "SF": LinkType.SF}
# French MS Project spells the link types fin-début (FD), début-début (DD), fin-fin, début-fin (DF)
_TYPES_FR = {"FD": LinkType.FS, "DD": LinkType.SS, "DF": LinkType.SF}
_PRED = re.compile(
    r"^(?P<id>.+?)\s*(?P<type>FS|SS|FF|SF|FD|DD|DF)\s*(?:(?P<sign>[+-])\s*(?P<lag>.+))?$", re.I
)
# `;` always separates; a comma too, unless it is the decimal comma of a lag such as `3FS+1,5d`
_PRED_SPLIT = re.compile(r";|,(?!\d+\s*[a-zA-Z]+\s*(?:[;,]|$))")
# MS Project writes a weekday before its dates: `lun. 04/01/27 08:00` in French
_WEEKDAY_FR = re.compile(r"^\s*(?:lun|mar|mer|jeu|ven|sam|dim)\w*\.?\s+", re.I)
_RESOURCE = re.compile(r"^(?P<name>.*?)\s*(?:\[\s*(?P<units>\d+(?:[.,]\d+)?)\s*(?P<pct>%?)\s*\])?$")


@dataclass
class Table:
    """Rows read from a spreadsheet file: `(line, cells)` with cells keyed by canonical column name."""

    source: str
    rows: list[tuple[int, dict[str, str]]]
    meta: dict[str, str] = field(default_factory=dict)  # from the marker row: project, start, ...
    escaped: bool = False  # plantrack's exporter prefixed formula-looking text with an apostrophe


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def header_columns(header: list[str]) -> dict[int, str]:
    """Position -> canonical column for the headers plantrack knows; other columns are ignored."""
    lookup = {alias: key for key, aliases in ALIASES.items() for alias in aliases}
    found: dict[int, str] = {}
    for i, title in enumerate(header):
        key = lookup.get(_fold(title))
        if key and key not in found.values():
            found[i] = key
    return found


def parse_marker(cells: list[str]) -> dict[str, str] | None:
    """`[MARKER, "project=Line 3", "start=2027-01-04 08:00", ...]` -> its settings; None if no marker."""
    if not cells or cells[0].strip() != MARKER:
        return None
    meta = {}
    for cell in cells[1:]:
        key, sep, value = cell.partition("=")
        if sep:
            meta[key.strip()] = value
    return meta


def unescape(value: str, escaped: bool) -> str:
    """Undo plantrack's own apostrophe (it prefixes every text cell that starts with one); else verbatim."""
    return value[1:] if escaped and value.startswith("'") else value


class CellReader:
    """Reads one file's cells, collecting each error with its `file:line`."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.report = Report(table.source)
        self.errors: list[Problem] = []
        meta = table.meta
        self.minutes_per_day = _int(meta.get("minutes-per-day"), 480)
        self.minutes_per_week = _int(meta.get("minutes-per-week"), self.minutes_per_day * 5)

    def error(self, line: int, code: str, message: str, ids: tuple[str, ...] = ()) -> None:
        self.errors.append(
            Problem(code=code, message=message, ids=ids, location=f"{self.table.source}:{line}")
        )

    def text(self, cells: dict[str, str], key: str) -> str:
        return unescape(cells.get(key, ""), self.table.escaped).strip()

    def duration(self, line: int, text: str, what: str, negative: bool = False) -> Duration | None:
        text = text.strip().removesuffix("?")  # MS Project marks an estimated duration `5 jours?`
        try:
            return parse_duration(
                text,
                minutes_per_day=self.minutes_per_day,
                minutes_per_week=self.minutes_per_week,
                allow_negative=negative,
            )
        except ModelError as exc:
            self.error(line, exc.code(), _("{what}: {reason}").format(what=what, reason=exc.problem.message))
            return None

    def date(self, line: int, text: str, what: str) -> dt.datetime | None:
        if not text:
            return None
        try:
            value, _alone = read_iso(_WEEKDAY_FR.sub("", text, count=1))
        except DateError as exc:
            self.error(line, "date-invalid", _("{what}: {reason}").format(what=what, reason=exc))
            return None
        return value

    def flag(self, line: int, text: str, what: str) -> bool:
        """A yes/no cell (`Oui`/`Non`, `yes`/`no`); empty is no."""
        value = yes_no(text)
        if value is None:
            self.error(
                line,
                "flag-invalid",
                _("{what}: {text} is neither yes nor no (oui/non)").format(what=what, text=repr(text[:60])),
            )
            return False
        return value

    def number(self, line: int, text: str, what: str) -> float | None:
        try:
            return float(text.replace(",", ".").rstrip("%").strip()) if text else None
        except ValueError:
            self.error(
                line,
                "number-invalid",
                _("{what} {text} is not a number").format(what=what, text=f"{text!r:.60}"),
            )
            return None


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.strip().isdigit() and int(text) > 0 else default


def links_of(b: CellReader, line: int, ident: str, text: str, known: dict[str, list[int]]) -> list[Link]:
    out = []
    for part in (p.strip() for p in _PRED_SPLIT.split(text) if p.strip()):
        if part in known:
            out.append(Link(predecessor=part, successor=ident))
            continue
        match = _PRED.match(part)
        if match is None or match["id"] not in known:
            b.error(
                line,
                "dep-unknown",
                _("task {task}: predecessor {name} names no task of the file").format(
                    task=ident, name=f"{part!r:.60}"
                ),
                (ident,),
            )
            continue
        code = match["type"].upper()
        lag = Duration(minutes=0)
        if match["lag"]:
            parsed = b.duration(
                line, match["sign"] + match["lag"], _("task {task} lag").format(task=ident), negative=True
            )
            lag = parsed or lag
        out.append(
            Link(predecessor=match["id"], successor=ident, type=_TYPES.get(code) or _TYPES_FR[code], lag=lag)
        )
    return out


def resources_of(b: CellReader, line: int, text: str) -> list[tuple[str, float]]:
    """`Anna[0.5], Bob` -> [("Anna", 0.5), ("Bob", 1.0)]; commas inside brackets are decimal commas.

    plantrack writes every entry as `name[units]`: then only a comma after `]` separates, so a name
    may hold commas ("Smith, J.[1]").
    """
    out = []
    separator = r"(?<=\])\s*[,;]" if text.rstrip().endswith("]") else r",(?![^\[]*\])|;"
    for part in re.split(separator, text):
        match = _RESOURCE.match(part.strip())
        if not part.strip() or match is None or not match["name"]:
            continue
        units = 1.0
        if match["units"]:
            units = float(match["units"].replace(",", ".")) / (100 if match["pct"] else 1)
        if units <= 0:
            b.error(
                line,
                "units-invalid",
                _("resource {name} must use more than 0 units").format(name=f"{match['name']!r:.60}"),
            )
            continue
        out.append((b.report.name(match["name"], "resource", match["name"]), units))
    return out

"""`plantrack progress`: record actuals of a task at a status date, one by one or from a CSV batch."""

from __future__ import annotations

import argparse
import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from plantrack.commands.base import Context, UsageError
from plantrack.commands.choices import cause_word, coded_choice
from plantrack.commands.parsers import Subparsers, add_command
from plantrack.commands.paths import user_path
from plantrack.commands.tracking import workspace
from plantrack.i18n import _, ngettext
from plantrack.operations.progress import CAUSES, date_reader, parse_record, record_progress
from plantrack.scheduling.errors import InvalidInput, ModelError, Problem
from plantrack.scheduling.model import Project
from plantrack.scheduling.words import cause_code

if TYPE_CHECKING:
    from plantrack.scheduling.tracking.records import ProgressRecord

CSV_COLUMNS = (
    "task",
    "date",
    "actual_start",
    "actual_finish",
    "done",
    "remaining",
    "hours",
    "cost",
    "cause",
    "note",
)


#: Separators a spreadsheet saves CSV with: French Excel writes `;` (the comma is its decimal mark).
DELIMITERS = ",;\t"
#: Number cells a `;`-separated file may write with a decimal comma: `40,5` for 40.5.
DECIMAL_CELLS = ("done", "hours", "cost", "remaining")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")


def _delimiter(text: str) -> str:
    """The separator of the header line, sniffed among `,` `;` and tab; `,` when the header is one column."""
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def _read_csv(project: Project, path: Path) -> tuple[list[ProgressRecord], list[Problem]]:
    records: list[ProgressRecord] = []
    dates = date_reader(project)  # each calendar compiled once for the whole batch
    problems: list[Problem] = []
    try:
        # utf-8-sig drops the byte-order mark Excel writes first: the first column stays `task`
        text = path.read_text(encoding="utf-8-sig")
        delimiter = _delimiter(text)
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        unknown = sorted(set(reader.fieldnames or ()) - set(CSV_COLUMNS))
        if unknown or "task" not in (reader.fieldnames or ()):
            raise UsageError(
                _("{file}: columns must be among {columns} (found {unknown})").format(
                    file=path.name, columns=", ".join(CSV_COLUMNS), unknown=unknown
                )
            )
        for row in reader:
            where = f"{path.name}:{reader.line_num}"
            if None in row:  # DictReader files surplus cells under the key None
                problems.append(
                    Problem(
                        code="csv-row",
                        message=_("the row has more cells than the header's {n}").format(
                            n=len(reader.fieldnames or ())
                        ),
                        location=where,
                    )
                )
                continue
            if delimiter == ";":
                row = {
                    k: _DECIMAL_COMMA.sub(".", v or "") if k in DECIMAL_CELLS else v for k, v in row.items()
                }
            try:
                records.append(parse_record(project, row, dates))
            except (InvalidInput, ModelError) as exc:
                problems.extend(p.located(where) for p in exc.problems())
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InvalidInput(
            [
                Problem(
                    code="file-unreadable",
                    message=_("cannot read {path}: {error}").format(path=path, error=exc),
                )
            ]
        ) from exc
    return records, problems


def _progress(ctx: Context) -> int:
    args = ctx.args
    if (args.task is None) == (args.csv is None):
        raise UsageError(_("give either TASK with --date, or --csv FILE"))
    with workspace(ctx, records=True).update() as state:
        project = state.project
        if args.csv is not None:
            records, problems = _read_csv(project, user_path(ctx, args.csv))
        else:
            fields = {
                "task": args.task,
                "date": args.date,
                "actual_start": args.actual_start,
                "actual_finish": args.actual_finish,
                "done": args.done,
                "remaining": args.remaining,
                "hours": args.hours,
                "cost": args.cost,
                "cause": args.cause,
                "note": args.note,
            }
            records, problems = [parse_record(project, fields)], []
        warnings = record_progress(state, records, problems)
    ctx.warn(warnings)
    if ctx.json:
        # the notes (start-assumed, finish-assumed, ...) are also on stderr; here for scripts
        notes_json = [{"code": p.code, "message": p.message, "tasks": list(p.ids)} for p in warnings]
        ctx.print_json({"recorded": len(records), "notes": notes_json})
    else:
        ctx.print(
            ngettext("{n} progress record(s) saved", "{n} progress record(s) saved", len(records)).format(
                n=len(records)
            )
        )
    return 0


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "progress",
        help=_("record progress of a task at a status date (or a CSV batch)"),
        handler=_progress,
        common=common,
        example=_(
            "plantrack progress install --date 2027-03-12 --actual-start 2027-03-08 --done 40% "
            "--cause material --note 'screws late'\nplantrack progress --csv week11.csv"
        ),
    )
    p.add_argument("task", nargs="?")
    p.add_argument(
        "--csv",
        metavar="FILE",
        help=_(
            "batch: columns {columns}, separated by commas, semicolons (decimal commas then allowed: 40,5) "
            "or tabs"
        ).format(columns=",".join(CSV_COLUMNS)),
    )
    p.add_argument(
        "--date",
        help=_(
            "status date (YYYY-MM-DD or ISO datetime); a date alone is the end of that working day "
            "on the project calendar"
        ),
    )
    p.add_argument(
        "--actual-start",
        metavar="DATE",
        help=_(
            "a date alone is 00:00 of that day; left out, the task's baseline start (else its planned "
            "start) is taken, with a start-assumed note"
        ),
    )
    p.add_argument(
        "--actual-finish",
        metavar="DATE",
        help=_(
            "a date alone is the end of that working day on the task's calendar (17:00 on the standard one)"
        ),
    )
    p.add_argument("--done", help=_("percent complete, e.g. 40%%"))
    p.add_argument("--remaining", help=_("remaining work from the status date, e.g. 3d"))
    p.add_argument("--hours", help=_("actual hours worked so far (cumulative)"))
    p.add_argument("--cost", help=_("actual cost so far (cumulative)"))
    coded_choice(
        p,
        "--cause",
        codes=CAUSES,
        label=cause_word,
        read=cause_code,
        help=_("why it drifts (5M)"),
    )
    p.add_argument("--note")

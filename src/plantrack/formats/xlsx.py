"""Excel (.xlsx) task list, written and read with openpyxl: the CSV columns, numbers and dates as real
cells, text cells typed as text (never a formula, `quotePrefix` so an edit keeps them text).

The workbook's first row is the same marker as in CSV, with `text=verbatim`: an XLSX text cell needs no
apostrophe, so the reader removes none. Formula cells in a workbook from elsewhere are read as their
formula text, stored verbatim and never evaluated.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import warnings
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from plantrack.formats.csv_tasks import header_row, marker_row, task_rows
from plantrack.formats.interchange import ImportedPlan
from plantrack.formats.task_cells import Table, header_columns, parse_marker
from plantrack.formats.task_table import build_plan
from plantrack.i18n import _
from plantrack.scheduling.cpm import Schedule
from plantrack.scheduling.errors import InvalidInput, Problem
from plantrack.scheduling.model import Project, clean_text
from plantrack.scheduling.tracking.progress import TaskProgress
from plantrack.scheduling.tracking.records import Baseline

SHEET = "Tasks"
#: Largest workbook read, and most rows: a zip bomb must not fill the memory.
MAX_XLSX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
DATE_FORMAT = "yyyy-mm-dd hh:mm"
WIDTHS = (14, 48, 28, 10, 18, 32, 17, 17, 8, 17, 17, 10)


def require_openpyxl(location: str | None = None) -> None:
    """InvalidInput naming the extra to install when openpyxl is missing."""
    if importlib.util.find_spec("openpyxl") is None:
        message = _("Excel files need the openpyxl package: pip install 'plantrack[xlsx]'")
        raise InvalidInput([Problem(code="extra-missing", message=message, location=location)])


def _text_cell(cell: Any, value: str) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

    cell.value = ILLEGAL_CHARACTERS_RE.sub("", clean_text(value))
    cell.data_type = "s"  # openpyxl would store a string starting with "=" as a formula
    cell.quotePrefix = True


def dumps_xlsx(
    project: Project,
    *,
    schedule: Schedule | None = None,
    baseline: Baseline | None = None,
    progress: Mapping[str, TaskProgress] | None = None,
) -> bytes:
    """The task list as an .xlsx workbook (one sheet, a marker row, the header, one row per task)."""
    require_openpyxl()
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = SHEET
    status = schedule.status_date if schedule else None
    rows: list[list[Any]] = [
        [*marker_row(project, status_date=status, baseline=baseline), "text=verbatim"],
        header_row(),
        *task_rows(project, schedule=schedule, baseline=baseline, progress=progress),
    ]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                _text_cell(cell, value)
            elif isinstance(value, dt.datetime):
                cell.value = value
                cell.number_format = DATE_FORMAT
            else:
                cell.value = value
    for c, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "C3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ", "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx_table(path: Path) -> Table:
    """The rows of the first sheet (or the one named `Tasks`), every value as text."""
    records = _sheet_records(path)
    rows: list[tuple[int, dict[str, str]]] = []
    columns: dict[int, str] | None = None
    marker: dict[str, str] | None = None
    for line, cells in enumerate(records, start=1):
        if line == 1 and (marker := parse_marker(cells)) is not None:
            continue
        if columns is None:
            if any(c.strip() for c in cells):
                columns = header_columns(cells)
                if not {"id", "name"} & set(columns.values()):
                    message = _("no 'id' or 'name' column in the header; plantrack writes: {columns}").format(
                        columns=", ".join(header_row())
                    )
                    location = f"{path.name}:{line}"
                    raise InvalidInput([Problem(code="xlsx-header", message=message, location=location)])
            continue
        rows.append((line, {key: cells[i] for i, key in columns.items() if i < len(cells)}))
    if columns is None:
        raise InvalidInput(
            [Problem(code="project-empty", message=_("the sheet is empty"), location=path.name)]
        )
    escaped = marker is not None and marker.get("text") != "verbatim"
    return Table(source=path.name, rows=rows, meta=marker or {}, escaped=escaped)


def _sheet_records(path: Path) -> list[list[str]]:
    """Every row of the task sheet as text cells; InvalidInput `xlsx-invalid` for a damaged workbook."""
    require_openpyxl(path.name)
    from openpyxl import load_workbook

    size = path.stat().st_size
    if size > MAX_XLSX_BYTES:
        message = _("file too large ({size} MB > {limit} MB limit)").format(
            size=size // 2**20, limit=MAX_XLSX_BYTES // 2**20
        )
        raise InvalidInput([Problem(code="file-too-large", message=message, location=path.name)])
    records: list[list[str]] = []
    try:
        with warnings.catch_warnings():
            # openpyxl's own warnings (a date cell out of range, no default style) would reach the
            # terminal as Python warnings; what matters is read into the table or refused below
            warnings.simplefilter("ignore")
            # read_only streams the sheet; formulas come back as their text, never computed
            book = load_workbook(path, read_only=True, data_only=False)
            try:
                sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
                for line, record in enumerate(sheet.iter_rows(values_only=True), start=1):
                    if line > MAX_ROWS:
                        message = _("more than {count} rows; split the list").format(count=MAX_ROWS)
                        raise InvalidInput(
                            [Problem(code="file-too-large", message=message, location=path.name)]
                        )
                    records.append([_as_text(v) for v in record])
            finally:
                book.close()
    except InvalidInput:
        raise
    except Exception as exc:
        # openpyxl reports a damaged archive or part with whatever its parsers raise (bad zip, XML
        # syntax, a cell that is not the number it claims, a missing part): all mean the same to a user
        if isinstance(exc, zipfile.BadZipFile):
            reason = _("it is not a ZIP archive, as every Excel workbook is")
        else:  # the library's own words, for the rare damage inside a sound archive
            reason = f"{type(exc).__name__}: {str(exc)[:120]}"
        message = _("{file} is not a readable Excel workbook ({reason})").format(
            file=path.name, reason=reason
        )
        raise InvalidInput([Problem(code="xlsx-invalid", message=message, location=path.name)]) from None
    return records


def read_xlsx(path: Path) -> ImportedPlan:
    return build_plan(read_xlsx_table(path))


def load_xlsx(path: Path) -> tuple[Project, list[Problem]]:
    plan = read_xlsx(path)
    return plan.project, plan.warnings

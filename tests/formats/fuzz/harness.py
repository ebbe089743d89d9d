"""Mutation fuzzing of the importers: a registry of importers with their seed files, reproducible cases.

Adding an importer is one `IMPORTERS` entry: its name, the seed files committed under `tests/`, optional
glob patterns of shared corpus files, and the callable that reads a file (by default what
`plantrack import` runs). Every case is rebuilt from `(seed, importer, index)` alone, so a failure
reported as `gan#123` is reproduced by running that one case again.
"""

from __future__ import annotations

import io
import random
import re
import signal
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from plantrack.scheduling.errors import Failure, PlantrackError
from plantrack.scheduling.model import Project

HERE = Path(__file__).resolve().parent
TESTS = HERE.parents[1]
ROOT = TESTS.parent
#: Shared corpus files larger than this are left out: a case must stay a matter of milliseconds.
MAX_SHARED_SEED_BYTES = 150_000


def import_file(path: Path) -> Project:
    """What `plantrack import` reads before writing anything: the checked plan, then its tracking part."""
    from plantrack.formats.detect import load_project
    from plantrack.formats.interchange import load_plan

    project, _warnings = load_project(path)
    load_plan(path)
    return project


def import_tjp(path: Path) -> Project:
    """A TaskJuggler file with the `.tji` its seed includes placed beside it, so the damage reaches
    past the include."""
    beside = path.parent / "people.tji"
    if not beside.exists():
        beside.write_bytes((TESTS / "formats/taskjuggler/people.tji").read_bytes())
    return import_file(path)


def import_and_schedule(path: Path) -> object:
    """The import, then the critical path of an accepted plan: a damaged number that got through must
    not make the scheduler loop (a plan no calendar can hold is a clean answer, exit 5, not a failure)."""
    from plantrack.scheduling.cpm import cpm
    from plantrack.scheduling.errors import Unschedulable

    project = import_tjp(path) if path.suffix == ".tjp" else import_file(path)
    try:
        return cpm(project)
    except Unschedulable as exc:
        return exc


@dataclass(frozen=True, kw_only=True)
class Importer:
    """One importer under fuzzing: seed files and how a file is read."""

    name: str
    seeds: tuple[Path, ...]
    shared: tuple[str, ...] = ()  # glob patterns under the shared `data/` folder
    read: Callable[[Path], object] = import_file
    zipped: bool = False  # a zip of XML parts (XLSX): cell values are mutated inside the archive too

    def shared_seeds(self, data: Path) -> tuple[Path, ...]:
        found = {p for pattern in self.shared for p in data.glob(pattern)}
        return tuple(sorted(p for p in found if p.stat().st_size <= MAX_SHARED_SEED_BYTES))


_FILES = TESTS / "formats" / "files"
IMPORTERS: tuple[Importer, ...] = (
    Importer(
        name="toml",
        seeds=(ROOT / "src/plantrack/demo/line3_retrofit.toml", TESTS / "commands/data/smed_closure.toml"),
    ),
    Importer(
        name="mspdi",
        seeds=(HERE / "press_cell.xml", TESTS / "formats/mspdi/must_finish_on.xml"),
        shared=("real/*.xml",),
    ),
    Importer(
        name="gan",
        seeds=(_FILES / "press_cell.gan", TESTS / "formats/gan/ganttproject-2.0_nested-calendar.gan"),
        shared=("real/*.gan",),
    ),
    Importer(name="planner", seeds=(_FILES / "weld_jig.planner",), shared=("real/*.planner",)),
    Importer(
        name="csv",
        seeds=(HERE / "press_cell_semicolon.csv", HERE / "line3_tasks.csv"),
        shared=("real/*.csv",),
    ),
    Importer(name="xlsx", seeds=(HERE / "press_cell.xlsx", HERE / "line3_tasks.xlsx"), zipped=True),
    Importer(name="psplib", seeds=(_FILES / "press_line.sm",), shared=("psplib/j30/j301_*.sm",)),
    Importer(name="rcp", seeds=(_FILES / "press_line.rcp",)),  # the shared corpus holds no .rcp file
    Importer(
        name="tjp", seeds=(TESTS / "formats/taskjuggler/press.tjp",), shared=("real/*.tjp",), read=import_tjp
    ),
    Importer(name="tj-csv", seeds=(_FILES / "tj_report.csv",), shared=("real/tj3_taskreport.csv",)),
)
BY_NAME = {importer.name: importer for importer in IMPORTERS}

# ---------------------------------------------------------------- mutations

#: What a damaged or hostile file puts where a number belongs.
NASTY_NUMBERS = (
    b"0",
    b"-1",
    b"1e400",
    b"-1e400",
    b"NaN",
    b"inf",
    b"-inf",
    b"99999999999999999999",
    b"-99999999999999999999",
    b"1!",
    b"0.0000001",
)
#: What a spreadsheet cell may hold instead of the expected text.
NASTY_TEXT = (
    b"",
    b"x",
    b"=1+1",
    b"2027-02-30",
    b"99999999999999999999d",
    b"-2w",
    b"1e400h",
    b"\xc3\xa9\xe2\x80\xae",
)
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")
_CELL = re.compile(rb"<(v|t)((?: [^>]*)?)>([^<]*)</\1>")
Mutation = Callable[[random.Random, bytes], tuple[str, bytes]]


def _span(rng: random.Random, size: int) -> tuple[int, int]:
    start = rng.randrange(size)
    return start, min(size, start + rng.randint(1, 256))


def flip_bytes(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    out = bytearray(data)
    where = sorted(rng.randrange(len(out)) for _ in range(rng.randint(1, 4)))
    for i in where:
        out[i] = rng.randrange(256)
    return f"bytes changed at {where}", bytes(out)


def truncate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    at = rng.randrange(len(data))
    return f"cut at byte {at}", data[:at]


def duplicate_span(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    start, end = _span(rng, len(data))
    at = rng.randrange(len(data) + 1)
    return f"bytes {start}-{end} copied to {at}", data[:at] + data[start:end] + data[at:]


def delete_span(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    start, end = _span(rng, len(data))
    return f"bytes {start}-{end} deleted", data[:start] + data[end:]


def replace_numbers(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    matches = list(_NUMBER.finditer(data))
    if not matches:
        return flip_bytes(rng, data)
    chosen = sorted(
        rng.sample(matches, min(len(matches), rng.choice((1, 1, 1, 2, 3)))), key=lambda m: m.start()
    )
    done = []
    for match in reversed(chosen):  # from the end, so earlier offsets stay valid
        value = rng.choice(NASTY_NUMBERS)
        data = data[: match.start()] + value + data[match.end() :]
        done.append(f"{match.group().decode()}->{value.decode()} at {match.start()}")
    return "numbers " + ", ".join(reversed(done)), data


BYTE_MUTATIONS: tuple[Mutation, ...] = (
    flip_bytes,
    truncate,
    duplicate_span,
    delete_span,
    replace_numbers,
    replace_numbers,  # the damage seen in real files: numbers weigh double
)


def _escape(value: bytes) -> bytes:
    return value.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")


def mutate_cells(rng: random.Random, part: bytes) -> tuple[str, bytes]:
    """One to three cell values of a worksheet part replaced by a nasty number or text."""
    matches = list(_CELL.finditer(part))
    if not matches:
        return replace_numbers(rng, part)
    chosen = sorted(rng.sample(matches, min(len(matches), rng.randint(1, 3))), key=lambda m: m.start())
    done = []
    for match in reversed(chosen):
        value = rng.choice(NASTY_NUMBERS + NASTY_TEXT)
        cell = b"<%s%s>%s</%s>" % (match.group(1), match.group(2), _escape(value), match.group(1))
        part = part[: match.start()] + cell + part[match.end() :]
        done.append(f"{match.group(3).decode('utf-8', 'replace')!r}->{value.decode('utf-8', 'replace')!r}")
    return "cells " + ", ".join(reversed(done)), part


def mutate_in_zip(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """A part of the archive mutated (mostly the worksheet's cells), then zipped again."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    sheets = [i for i, (name, _) in enumerate(parts) if name.startswith("xl/worksheets/")]
    index = rng.choice(sheets) if sheets and rng.random() < 0.8 else rng.randrange(len(parts))
    name, content = parts[index]
    if name.startswith("xl/worksheets/") and rng.random() < 0.6:
        what, content = mutate_cells(rng, content)
    elif content:
        what, content = rng.choice(BYTE_MUTATIONS)(rng, content)
    else:
        what = "left empty"
    parts[index] = (name, content)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part_name, part in parts:
            archive.writestr(zipfile.ZipInfo(part_name, date_time=(2027, 1, 4, 8, 0, 0)), part)
    return f"{name}: {what}", out.getvalue()


# ---------------------------------------------------------------- cases and outcomes


@dataclass(frozen=True)
class Case:
    importer: str
    index: int
    seed: Path
    mutation: str
    data: bytes = field(repr=False)

    @property
    def label(self) -> str:
        return f"{self.importer}#{self.index} ({self.seed.name}: {self.mutation})"


def make_case(importer: Importer, seeds: tuple[Path, ...], index: int, seed: int) -> Case:
    """Case `index` of `importer`, rebuilt from the seed alone (its own random stream)."""
    rng = random.Random(f"{seed}/{importer.name}/{index}")
    source = seeds[index % len(seeds)]
    data = source.read_bytes()
    if importer.zipped and rng.random() < 0.75:
        what, mutated = mutate_in_zip(rng, data)
    else:
        mutation = rng.choice(BYTE_MUTATIONS)
        what, mutated = mutation(rng, data)
        what = f"{mutation.__name__}: {what}"
    return Case(importer=importer.name, index=index, seed=source, mutation=what, data=mutated)


def make_cases(importer: Importer, seeds: tuple[Path, ...], count: int, seed: int) -> Iterator[Case]:
    for index in range(count):
        yield make_case(importer, seeds, index, seed)


@dataclass(frozen=True)
class Outcome:
    case: Case
    kind: str  # accepted, rejected (a clean error), crash, unlocated (error not naming the file), timeout
    seconds: float
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.kind not in ("accepted", "rejected")


class _Timeout(BaseException):
    """Raised in the reader by the alarm: a case over its time limit (a BaseException, never caught)."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout


def run_case(importer: Importer, case: Case, folder: Path, limit: float = 30.0) -> Outcome:
    """Read the mutated file as `folder/<seed name>`; classify what came out and time it.

    A clean rejection is a PlantrackError the command line turns into exit code 1 (ModelError,
    InvalidInput) whose problems name the file; anything else is a failure of the importer.
    """
    path = folder / case.seed.name
    path.write_bytes(case.data)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.perf_counter()
    try:
        importer.read(path)
        kind, detail = "accepted", ""
    except PlantrackError as exc:
        problems = exc.problems()
        detail = "; ".join(p.render() for p in problems)[:500]
        located = any(path.name in (p.location or "") or path.name in p.message for p in problems)
        if exc.failure is not Failure.INVALID_INPUT:  # exit 5 or 4 from an import is a wrong answer
            kind = "crash"
        elif located:
            kind = "rejected"
        else:
            kind = "unlocated"
    except _Timeout:
        kind, detail = "timeout", f"still running after {limit:.0f} s"
    except Exception as exc:
        frames = traceback.extract_tb(exc.__traceback__)[-3:]
        where = " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames))
        kind, detail = "crash", f"{type(exc).__name__}: {str(exc)[:200]} at {where}"
    finally:
        seconds = time.perf_counter() - start
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return Outcome(case=case, kind=kind, seconds=seconds, detail=detail)

"""What the TaskJuggler parser reads: the project header, resources, tasks and leaves, as written."""

from __future__ import annotations

from dataclasses import dataclass, field

from plantrack.formats.taskjuggler.lexer import TjDate


@dataclass(frozen=True, slots=True)
class TjDuration:
    """A length as written: `20d`, `1.5h`, `4m`; converted once the project's day lengths are known."""

    value: float
    unit: str  # min, h, d, w, m, y
    where: str


@dataclass(frozen=True, slots=True)
class Interval:
    """A date, a date range (end exclusive) or a date and a length; a lone date is that whole day."""

    start: TjDate
    end: TjDate | None = None
    length: TjDuration | None = None


@dataclass(frozen=True, slots=True)
class Leave:
    kind: str  # holiday, annual, special, sick, unpaid, project, unemployed (vacation: holiday)
    reason: str
    interval: Interval
    where: str


@dataclass(frozen=True, slots=True)
class Hours:
    """`workinghours mon - fri 9:00 - 12:00, 13:00 - 18:00`: weekdays (0 = Monday), minute ranges."""

    days: tuple[int, ...]
    ranges: tuple[tuple[int, int], ...]  # empty: the days are off
    where: str


@dataclass(frozen=True, slots=True)
class Dependency:
    ref: str  # as written: `!!software.backend`, `foo1.foo2`
    precedes: bool  # False: `depends` (ref comes first); True: `precedes` (ref comes after)
    onstart: bool
    onend: bool
    gapduration: TjDuration | None
    gaplength: TjDuration | None
    where: str


@dataclass
class Header:
    id: str
    name: str
    start: TjDate
    end: TjDate | None
    span: TjDuration | None
    where: str
    timezone: str | None = None
    now: TjDate | None = None
    currency: str | None = None
    daily_hours: float = 8.0
    weekly_days: float = 5.0
    yearly_days: float = 260.714
    scenario: str | None = None  # the top scenario; attributes of other scenarios are skipped


@dataclass
class ResourceNode:
    id: str
    name: str
    where: str
    parent: ResourceNode | None = None
    children: list[ResourceNode] = field(default_factory=list)
    efficiency: float | None = None
    rate: float | None = None
    leaves: list[Leave] = field(default_factory=list)
    hours: list[Hours] = field(default_factory=list)


@dataclass
class TaskNode:
    id: str
    full_id: str
    name: str
    where: str
    parent: TaskNode | None = None
    children: list[TaskNode] = field(default_factory=list)
    duration: TjDuration | None = None  # calendar time
    length: TjDuration | None = None  # working time
    effort: TjDuration | None = None  # work
    milestone: bool = False
    start: TjDate | None = None
    end: TjDate | None = None
    dependencies: list[Dependency] = field(default_factory=list)
    allocate: list[tuple[str, str]] = field(default_factory=list)  # (resource id, where)
    complete: float | None = None
    priority: int | None = None  # None: inherited from the enclosing task, else 500
    note: str = ""
    alap: bool = False


@dataclass
class TjpFile:
    header: Header
    resources: list[ResourceNode] = field(default_factory=list)  # top level, in file order
    tasks: list[TaskNode] = field(default_factory=list)  # top level, in file order
    leaves: list[Leave] = field(default_factory=list)  # global: every resource is off
    hours: list[Hours] = field(default_factory=list)  # the project's working hours
    rate: float | None = None  # default daily rate
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (construct, where): warned, not read

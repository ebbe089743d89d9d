"""Cross-object validation of a project (unknown ids, cycles, hierarchy) and the topological order of tasks.

`validate` reports every problem at once, each with a stable code and the ids concerned, so that file
importers can attach source locations. Cycles are found with a fast array pass first; networkx is only
asked to name the cycles when there is one.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from plantrack.i18n import N_, _
from plantrack.scheduling.cycles import MAX_CYCLES_PER_COMPONENT as MAX_CYCLES_PER_COMPONENT  # re-exported
from plantrack.scheduling.cycles import cycle_problems, rotate
from plantrack.scheduling.errors import InvalidInput, Problem, Severity
from plantrack.scheduling.model import Calendar, Project, Task
from plantrack.scheduling.references import reference_problems, unknown_id


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building arrays of a large plan.

    Every object built there survives, so each collection (triggered by allocation counts) only walks
    the whole heap again: on a 100k-task plan that is a good part of the time. Whoever found the
    collector enabled re-enables it, so nesting and other threads pausing it too stay safe.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: What a duplicated id names, by kind: "task id T1 is used 2 times".
_DUPLICATE_WORDING = {
    "task": N_("task id {id} is used {count} times"),
    "resource": N_("resource id {id} is used {count} times"),
    "calendar": N_("calendar id {id} is used {count} times"),
    "window": N_("window id {id} is used {count} times"),
}


def duplicate_problems(
    kind: str, ids: Sequence[str], wording: Mapping[str, str] = _DUPLICATE_WORDING, **names: str
) -> list[Problem]:
    """One `id-duplicate` problem per id used more than once, worded by kind (`names` fill the wording)."""
    if len(set(ids)) == len(ids):
        return []
    return [
        Problem(
            code="id-duplicate",
            message=_(wording[kind]).format(id=ident, count=count, **names),
            ids=(ident,),
        )
        for ident, count in Counter(ids).items()
        if count > 1
    ]


def _parent_problems(project: Project, tasks: dict[str, Task]) -> list[Problem]:
    problems = []
    for task in project.tasks:
        if task.parent is not None and task.parent not in tasks:
            problems.append(
                unknown_id(
                    "parent-unknown",
                    _("task {task} names an unknown parent {parent}").format(
                        task=task.id, parent=task.parent
                    ),
                    task.parent,
                    tasks,
                    ids=(task.id, task.parent),
                )
            )
    reported: set[frozenset[str]] = set()
    for task in project.tasks:
        if task.parent is None:
            continue
        chain = [task.id]
        seen = {task.id}
        current = tasks[task.id].parent
        while current is not None and current in tasks:
            if current in seen:
                loop = chain[chain.index(current) :]
                key = frozenset(loop)
                if key not in reported:
                    reported.add(key)
                    loop = rotate(loop)
                    problems.append(
                        Problem(
                            code="parent-cycle",
                            message=_("tasks are their own ancestors: {loop}").format(
                                loop=" → ".join([*loop, loop[0]])
                            ),
                            ids=tuple(loop),
                        )
                    )
                break
            chain.append(current)
            seen.add(current)
            current = tasks[current].parent
    return problems


def ancestors(tasks: dict[str, Task], task_id: str) -> list[str]:
    """Parent, grandparent, … of a task (stops at an unknown parent or a parent cycle)."""
    out: list[str] = []
    current = tasks[task_id].parent
    while current is not None and current in tasks and current not in out and current != task_id:
        out.append(current)
        current = tasks[current].parent
    return out


def _scan_links(
    project: Project, tasks: dict[str, Task], hierarchy_ok: bool
) -> tuple[list[Problem], list[tuple[str, str]]]:
    """Problems of each link (unknown end, self link, summary linked to its own subtask) and the links
    the scheduler can use, in one pass: a clean link costs two lookups and an append."""
    problems: list[Problem] = []
    usable: list[tuple[str, str]] = []
    # ancestors only matter when there is a hierarchy; memoised, as many links share their ends
    nested = hierarchy_ok and any(t.parent is not None for t in project.tasks)
    above: dict[str, frozenset[str]] = {}

    def ancestors_of(ident: str) -> frozenset[str]:
        found = above.get(ident)
        if found is None:
            found = above[ident] = frozenset(ancestors(tasks, ident))
        return found

    for link in project.links:
        p, s = link.predecessor, link.successor
        clean = p in tasks and s in tasks and p != s
        if clean and not (nested and (p in ancestors_of(s) or s in ancestors_of(p))):
            usable.append((p, s))
            continue
        problems += _link_problem(link.predecessor, link.successor, tasks, nested, ancestors_of)
    return problems, usable


def _link_problem(
    p: str, s: str, tasks: dict[str, Task], nested: bool, ancestors_of: Callable[[str], frozenset[str]]
) -> list[Problem]:
    where = _("link {predecessor} → {successor}").format(predecessor=p, successor=s)
    unknown = [i for i in (p, s) if i not in tasks]
    if unknown:
        return [
            unknown_id(
                "dep-unknown",
                _("{where}: task {task} does not exist").format(where=where, task=ident),
                ident,
                tasks,
                ids=(ident, p if ident == s else s),
            )
            for ident in unknown
        ]
    if p == s:
        return [Problem(code="dep-self", message=_("task {task} depends on itself").format(task=p), ids=(p,))]
    return [
        Problem(
            code="dep-hierarchy",
            message=_(
                "{where}: {lower} is part of summary {upper}; a summary cannot be linked to its own subtasks"
            ).format(where=where, lower=lower, upper=upper),
            ids=(p, s),
        )
        for upper, lower in ((p, s), (s, p))
        if nested and upper in ancestors_of(lower)
    ]


def _has_regular_time(calendar: Calendar) -> bool:
    return any(calendar.hours_for(d) for d in range(7)) or bool(calendar.extra)


def _calendar_time_problems(project: Project, has_time: dict[str, bool]) -> list[Problem]:
    problems = []
    for cal_id, ok in has_time.items():
        if ok:
            continue
        users = [t.id for t in project.tasks if t.calendar == cal_id]
        users += [r.id for r in project.resources if r.calendar == cal_id]
        who = ", ".join(users)
        if project.calendar == cal_id:
            who = _("the project") + (f", {who}" if who else "")
        problems.append(
            Problem(
                code="calendar-no-working-time",
                message=(
                    _("calendar {calendar} has no working time; used by {users}").format(
                        calendar=cal_id, users=who
                    )
                    if who
                    else _("calendar {calendar} has no working time (unused)").format(calendar=cal_id)
                ),
                ids=(cal_id, *users),
            )
        )
    return problems


def validate(project: Project, *, cycles: bool = True) -> list[Problem]:
    """Every cross-object problem of `project` (errors and warnings), in a stable order.

    `cycles=False` leaves out the cycle search, for a caller that sorts the network itself and asks
    again (with it) when that sort fails.
    """
    with gc_paused():
        return _validate(project, cycles)


def _validate(project: Project, cycles: bool = True) -> list[Problem]:
    problems: list[Problem] = []
    problems += duplicate_problems("task", [t.id for t in project.tasks])
    problems += duplicate_problems("resource", [r.id for r in project.resources])
    problems += duplicate_problems("calendar", [c.id for c in project.calendars])
    problems += duplicate_problems("window", [w.id for w in project.windows])
    tasks = project.task_map()
    parent_problems = _parent_problems(project, tasks)
    hierarchy_ok = not parent_problems
    problems += parent_problems
    link_problems, links = _scan_links(project, tasks, hierarchy_ok)
    problems += link_problems
    if cycles:
        problems += cycle_problems(project, tasks, hierarchy_ok, links)
    problems += reference_problems(project, tasks, project.summary_ids() & tasks.keys())
    has_time = {c.id: _has_regular_time(c) for c in project.calendars}
    problems += _calendar_time_problems(project, has_time)
    return problems


def check(project: Project, *, cycles: bool = True) -> list[Problem]:
    """Raise InvalidInput with every error of `validate`; return the warnings.

    With `cycles=False` the cycle search runs only when there are other errors (so the report still
    lists every problem at once); a plan without them is left to the caller's own sort.
    """
    problems = validate(project, cycles=cycles)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors and not cycles:
        errors = [p for p in validate(project) if p.severity is Severity.ERROR]
    if errors:
        raise InvalidInput(errors)
    return [p for p in problems if p.severity is Severity.WARNING]


def topological_order(project: Project) -> list[str]:
    """Task ids so that every link's predecessor comes before its successor (ties in file order).

    Raises InvalidInput (`dep-cycle`, …) when the links are not a DAG.
    """
    tasks = project.task_map()
    links = _scan_links(project, tasks, hierarchy_ok=False)[1]
    position = {t.id: i for i, t in enumerate(project.tasks)}
    import networkx as nx  # here, not at the top: `plantrack schedule` never needs it (0.13 s to import)

    graph = nx.DiGraph()
    graph.add_nodes_from(tasks)
    graph.add_edges_from(links)
    try:
        return list(nx.lexicographical_topological_sort(graph, key=position.__getitem__))
    except nx.NetworkXUnfeasible:
        raise InvalidInput(cycle_problems(project, tasks, False, links)) from None

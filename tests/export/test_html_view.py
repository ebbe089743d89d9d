"""Hand-made report views for the HTML export tests, and the ordering rules of tables built from them."""

from __future__ import annotations

import datetime as dt

from plantrack.export.html.tables import late_tasks, ordered_actions
from plantrack.export.html.view import (
    ActionView,
    Band,
    BandKind,
    CauseSlip,
    CurvePoint,
    DashboardView,
    GanttView,
    Kpis,
    LinkView,
    LoadPeriod,
    ReportView,
    ResourceLoad,
    TaskKind,
    TaskState,
    TaskView,
    TrendPoint,
)

D = dt.datetime


def task(
    tid: str,
    start: dt.datetime,
    finish: dt.datetime,
    *,
    name: str = "",
    kind: TaskKind = TaskKind.TASK,
    parent: str | None = None,
    state: TaskState = TaskState.ON_TRACK,
    **extra: object,
) -> TaskView:
    values: dict[str, object] = {
        "early_start": start,
        "early_finish": finish,
        "late_start": start,
        "late_finish": finish,
        "total_float_hours": 0.0,
        "critical": state is TaskState.CRITICAL,
    }
    values.update(extra)
    return TaskView(
        id=tid,
        name=name or tid.upper(),
        kind=kind,
        depth=0 if parent is None else 1,
        parent=parent,
        start=start,
        finish=finish,
        state=state,
        **values,  # type: ignore[arg-type]
    )


def tiny_gantt(names: list[str] | None = None) -> GanttView:
    """A phase with three tasks and a milestone; names are replaced by `names` when given.

    Monday 2027-03-01 start; a weekend (6-7 March) and a shutdown window on 10-12 March.
    """
    n = names or ["Phase one", "Dismantle", "Install", "Commission", "Go live"]
    tasks = (
        task(
            "ph",
            D(2027, 3, 1, 8),
            D(2027, 3, 10, 17),
            name=n[0],
            kind=TaskKind.SUMMARY,
            state=TaskState.CRITICAL,
        ),
        task(
            "a",
            D(2027, 3, 1, 8),
            D(2027, 3, 3, 17),
            name=n[1],
            parent="ph",
            state=TaskState.DONE,
            percent_complete=100.0,
            baseline_start=D(2027, 3, 1, 8),
            baseline_finish=D(2027, 3, 2, 17),
            finish_variance_days=1.0,
            owner=n[1],
            resources=(f"{n[1]} ×2",),
            cause=n[1],
        ),
        task(
            "b",
            D(2027, 3, 4, 8),
            D(2027, 3, 10, 17),
            name=n[2],
            parent="ph",
            state=TaskState.LATE,
            critical=True,
            percent_complete=40.0,
            baseline_start=D(2027, 3, 3, 8),
            baseline_finish=D(2027, 3, 9, 17),
            finish_variance_days=1.0,
            owner=n[2],
        ),
        task(
            "c",
            D(2027, 3, 4, 8),
            D(2027, 3, 5, 17),
            name=n[3],
            parent="ph",
            total_float_hours=24.0,
            late_start=D(2027, 3, 9, 8),
            late_finish=D(2027, 3, 10, 17),
        ),
        task(
            "m",
            D(2027, 3, 11, 8),
            D(2027, 3, 11, 8),
            name=n[4],
            kind=TaskKind.MILESTONE,
            state=TaskState.CRITICAL,
            baseline_start=D(2027, 3, 10, 17),
            baseline_finish=D(2027, 3, 10, 17),
        ),
    )
    links = (
        LinkView(predecessor="a", successor="b", type="FS"),
        LinkView(predecessor="a", successor="c", type="SS", lag_label="+2d"),
        LinkView(predecessor="ph", successor="m", type="FS"),
    )
    bands = (
        Band(start=D(2027, 3, 6), finish=D(2027, 3, 8), kind=BandKind.NON_WORKING),
        Band(start=D(2027, 3, 10, 17), finish=D(2027, 3, 12, 6), kind=BandKind.SHUTDOWN, label=n[0]),
    )
    return GanttView(tasks=tasks, links=links, bands=bands, status_date=D(2027, 3, 8), baseline_name=n[0])


def tiny_report(names: list[str] | None = None) -> ReportView:
    n = names or ["Phase one", "Dismantle", "Install", "Commission", "Go live"]
    day0 = dt.date(2027, 3, 1)
    dashboard = DashboardView(
        curve=tuple(
            CurvePoint(
                date=D(2027, 3, 1 + i),
                pv=100.0 * i,
                ev=90.0 * i if i <= 7 else None,
                ac=95.0 * i if i <= 7 else None,
            )
            for i in range(11)
        ),
        trend=(
            TrendPoint(status_date=D(2027, 3, 4), spi=0.95, cpi=1.05),
            TrendPoint(status_date=D(2027, 3, 8), spi=0.9, cpi=None),
        ),
        loads=tuple(
            ResourceLoad(
                resource=name,
                capacity=2.0,
                days=tuple(
                    LoadPeriod(start=day0 + dt.timedelta(days=k), hours=h, capacity_hours=16.0, over=over)
                    for k, (h, over) in enumerate(
                        [(8.0, False), (16.0, False), (24.0, True), (0.0, False), (18.0, False)]
                    )
                ),
                weeks=(LoadPeriod(start=day0, hours=66.0, capacity_hours=80.0, over=True),),
            )
            for name in n[:2]
        ),
        causes=tuple(CauseSlip(cause=name, slip_days=float(i + 1)) for i, name in enumerate(n)),
        actions=tuple(
            ActionView(
                id=f"A{i}", title=name, owner=name, due=dt.date(2027, 3, 10 + i), status="open", task="b"
            )
            for i, name in enumerate(n)
        ),
    )
    kpis = Kpis(
        forecast_finish=D(2027, 3, 11, 8),
        baseline_finish=D(2027, 3, 10, 17),
        slip_working_days=0.1,
        percent_complete=42.0,
        spi=0.9,
        cpi=1.05,
        eac=1900.0,
        bac=2000.0,
        late_critical_tasks=1,
        overdue_actions=2,
    )
    return ReportView(
        title=n[0],
        project_name=n[1],
        generated_on=dt.date(2027, 3, 12),
        gantt=tiny_gantt(n),
        kpis=kpis,
        dashboard=dashboard,
    )


def test_late_tasks_put_critical_first_then_largest_slip() -> None:
    base = D(2027, 3, 1, 8)
    rows = [
        task("x", base, base, finish_variance_days=5.0),
        task("y", base, base, finish_variance_days=1.0, critical=True),
        task("z", base, base, finish_variance_days=0.0),
        task("w", base, base, finish_variance_days=None),
        task("v", base, base, finish_variance_days=3.0, critical=True),
    ]
    assert [t.id for t in late_tasks(rows)] == ["v", "y", "x"]


def test_actions_overdue_first_then_open_then_closed() -> None:
    def action(aid: str, due: dt.date, status: str, overdue: bool = False) -> ActionView:
        return ActionView(id=aid, title=aid, owner="o", due=due, status=status, overdue=overdue)

    actions = [
        action("done-early", dt.date(2027, 3, 1), "done"),
        action("open-later", dt.date(2027, 4, 1), "open"),
        action("overdue-2", dt.date(2027, 3, 10), "in-progress", overdue=True),
        action("overdue-1", dt.date(2027, 3, 2), "open", overdue=True),
        action("due-today", dt.date(2027, 3, 15), "open"),
    ]
    assert [a.id for a in ordered_actions(actions)] == [
        "overdue-1",
        "overdue-2",
        "due-today",
        "open-later",
        "done-early",
    ]

"""MSPDI resources and assignments: work resources with their kind, assignments summed per pair."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from collections.abc import Callable, Container, Mapping

from plantrack.formats.interchange import Report
from plantrack.formats.mspdi.common import UNASSIGNED_RESOURCE
from plantrack.formats.mspdi.extras import read_kind
from plantrack.formats.mspdi.fields import RESOURCE_ID, Fields
from plantrack.formats.xml_safe import float_of, int_of, text
from plantrack.i18n import Nn_, _
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import Assignment, Resource


def read_resources(
    root: ET.Element, report: Report, fields: Fields, calendar: Callable[[str | None], str | None]
) -> tuple[list[Resource], dict[str, str]]:
    """The work resources (material and cost ones are skipped, said) and the plantrack id of each UID."""
    ids: dict[str, str] = {}
    out = []
    for el in root.iterfind("Resources/Resource"):
        uid = text(el, "UID") or ""
        name = text(el, "Name")
        if uid == "0" or not name or text(el, "IsNull") == "1":
            continue  # the blank resource MS Project keeps at UID 0
        kind = int_of(el, "Type", 1)
        if kind != 1:
            report.warn(
                "resource-unsupported",
                (
                    _(
                        "material resource {name} skipped with its assignments: "
                        "plantrack plans work resources only"
                    )
                    if kind == 0
                    else _(
                        "cost resource {name} skipped with its assignments: "
                        "plantrack plans work resources only"
                    )
                ).format(name=repr(name)),
            )
            continue
        ident = fields.own_id(el, RESOURCE_ID) or f"r{uid}"
        units = float_of(el, "MaxUnits", 1.0)
        if units is None or units <= 0:
            report.warn(
                "capacity-zero",
                _("resource {name} has no capacity; imported with 1 unit").format(name=repr(name)),
            )
            units = 1.0
        try:
            out.append(
                Resource(
                    id=ident,
                    name=report.name(name, "resource", ident),
                    kind=read_kind(fields, el, ident, report),
                    capacity=units,
                    rate=max(0.0, float_of(el, "StandardRate", 0.0) or 0.0),
                    calendar=calendar(text(el, "CalendarUID")),
                )
            )
            ids[uid] = ident
        except ModelError as exc:
            report.error(exc.code(), _("resource UID {uid}: {reason}").format(uid=uid, reason=exc), (ident,))
    return out, ids


def read_assignments(
    root: ET.Element,
    report: Report,
    resources: list[Resource],
    resource_ids: Mapping[str, str],
    task_ids: Mapping[str, str],
    summaries: Container[str],
) -> list[Assignment]:
    """Assignments of known tasks and resources; a capacity below an assignment's units is raised."""
    capacity = {r.id: r.capacity for r in resources}
    out: dict[tuple[str, str], Assignment] = {}
    for el in root.iterfind("Assignments/Assignment"):
        res_uid = int_of(el, "ResourceUID", UNASSIGNED_RESOURCE)
        task = task_ids.get(text(el, "TaskUID") or "")
        if res_uid == UNASSIGNED_RESOURCE or task is None:
            continue
        resource = resource_ids.get(str(res_uid))
        if resource is None:
            report.count(
                "assignment-skipped",
                Nn_(
                    "{n} assignment of skipped resources not imported",
                    "{n} assignments of skipped resources not imported",
                ),
            )
            continue
        if task in summaries:
            report.count(
                "assignment-on-summary",
                Nn_(
                    "{n} assignment on summary tasks not imported",
                    "{n} assignments on summary tasks not imported",
                ),
            )
            continue
        if el.find("TimephasedData") is not None:
            report.count(
                "timephased",
                Nn_(
                    "{n} assignment with timephased data imported as evenly spread",
                    "{n} assignments with timephased data imported as evenly spread",
                ),
            )
        if (int_of(el, "WorkContour", 0) or 0) != 0:
            report.count(
                "work-contour",
                Nn_(
                    "{n} assignment with work contours imported as flat",
                    "{n} assignments with work contours imported as flat",
                ),
            )
        units = float_of(el, "Units", 1.0) or 0.0
        if units <= 0:
            report.count(
                "assignment-no-units",
                Nn_("{n} assignment with 0 units not imported", "{n} assignments with 0 units not imported"),
            )
            continue
        if (task, resource) in out:
            units += out[(task, resource)].units
        out[(task, resource)] = Assignment(task=task, resource=resource, units=round(units, 6))
        capacity[resource] = max(capacity[resource], units)
    raised = [r for r in resources if capacity[r.id] > r.capacity]
    for r in raised:
        report.warn(
            "capacity-raised",
            _(
                "resource {id} is assigned {units} units on one task, over its maximum of {capacity}; "
                "its capacity was raised to match"
            ).format(id=r.id, units=f"{capacity[r.id]:g}", capacity=f"{r.capacity:g}"),
            (r.id,),
        )
    resources[:] = [dataclasses.replace(r, capacity=capacity[r.id]) if r in raised else r for r in resources]
    return list(out.values())

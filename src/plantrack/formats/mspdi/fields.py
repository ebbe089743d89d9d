"""MSPDI extended attributes that carry what MSPDI has no element for: ids, windows, gates, estimates, kinds.

MS Project and ProjectLibre keep custom fields (with their aliases) through a save, so plantrack writes
its data into a few of them and names each with a `plantrack …` alias. The reader finds the fields by
alias, not by number: a user who moved a field to another slot in MS Project keeps it readable.

| field | alias | value |
| --- | --- | --- |
| task Text1 | plantrack id | the task id |
| task Text2 | plantrack window | id of the shutdown window the task must fit in |
| task Text3 | plantrack length | `estimate` or `effort`/`elapsed effort`: where the length comes from |
| task Flag1 | plantrack gate | 1 for a gate (a validation milestone) |
| task Duration1-3 | plantrack optimistic / most likely / pessimistic | the three-point estimate |
| task Number1 | plantrack percent complete | the exact % done (MSPDI's PercentComplete is whole) |
| resource Text1 | plantrack id | the resource id |
| resource Text2 | plantrack kind | person, team, machine or contractor |
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from plantrack.formats.xml_safe import text


@dataclass(frozen=True, slots=True)
class Field:
    field_id: str  # MS Project's FieldID: the slot (task Text2, resource Text1...)
    name: str  # MS Project's FieldName
    alias: str
    resource: bool = False


TASK_ID = Field("188743731", "Text1", "plantrack id")
TASK_WINDOW = Field("188743734", "Text2", "plantrack window")
TASK_LENGTH = Field("188743737", "Text3", "plantrack length")
TASK_GATE = Field("188743752", "Flag1", "plantrack gate")
TASK_OPTIMISTIC = Field("188743783", "Duration1", "plantrack optimistic")
TASK_LIKELY = Field("188743784", "Duration2", "plantrack most likely")
TASK_PESSIMISTIC = Field("188743785", "Duration3", "plantrack pessimistic")
TASK_PERCENT = Field("188743767", "Number1", "plantrack percent complete")
RESOURCE_ID = Field("205520904", "Text1", "plantrack id", resource=True)
RESOURCE_KIND = Field("205520905", "Text2", "plantrack kind", resource=True)
FIELDS = (
    TASK_ID,
    TASK_WINDOW,
    TASK_LENGTH,
    TASK_GATE,
    TASK_OPTIMISTIC,
    TASK_LIKELY,
    TASK_PESSIMISTIC,
    TASK_PERCENT,
    RESOURCE_ID,
    RESOURCE_KIND,
)

#: `plantrack length` values.
LENGTH_ESTIMATE, LENGTH_EFFORT, LENGTH_ELAPSED_EFFORT = "estimate", "effort", "elapsed effort"

# FieldIDs are 0x0B40xxxx for task fields and 0x0C40xxxx for resource fields
_TASK_PREFIX, _RESOURCE_PREFIX = 0x0B40, 0x0C40


def write_definitions(parent: ET.Element) -> None:
    """The project-level `<ExtendedAttribute>` definitions, children in schema order."""
    for f in FIELDS:
        a = ET.SubElement(parent, "ExtendedAttribute")
        ET.SubElement(a, "FieldID").text = f.field_id
        ET.SubElement(a, "FieldName").text = f.name
        ET.SubElement(a, "Alias").text = f.alias


def write_value(parent: ET.Element, f: Field, value: str, duration_format: int | None = None) -> None:
    """One task or resource `<ExtendedAttribute>`: FieldID, Value, then DurationFormat for durations."""
    a = ET.SubElement(parent, "ExtendedAttribute")
    ET.SubElement(a, "FieldID").text = f.field_id
    ET.SubElement(a, "Value").text = value
    if duration_format is not None:
        ET.SubElement(a, "DurationFormat").text = str(duration_format)


class Fields:
    """The file's plantrack fields, found by alias in its definitions."""

    def __init__(self, root: ET.Element) -> None:
        self._ids: dict[tuple[str, bool], set[str]] = {}
        for a in root.iterfind("ExtendedAttributes/ExtendedAttribute"):
            alias = (text(a, "Alias") or "").strip().lower()
            field_id = text(a, "FieldID") or ""
            try:
                prefix = int(field_id) >> 16
            except ValueError:
                continue
            if prefix in (_TASK_PREFIX, _RESOURCE_PREFIX):
                self._ids.setdefault((alias, prefix == _RESOURCE_PREFIX), set()).add(field_id)

    def value(self, element: ET.Element, f: Field) -> str | None:
        """The stripped value of field `f` on a task or resource, None when absent or empty."""
        attr = self.attribute(element, f)
        return None if attr is None else text(attr, "Value")

    def attribute(self, element: ET.Element, f: Field) -> ET.Element | None:
        """The whole `<ExtendedAttribute>` of field `f` (a duration needs its DurationFormat too)."""
        ids = self._ids.get((f.alias, f.resource))
        if not ids:
            return None
        for attr in element.iterfind("ExtendedAttribute"):
            if text(attr, "FieldID") in ids:
                return attr
        return None

    def own_id(self, element: ET.Element, f: Field) -> str | None:
        """The plantrack id kept in field `f`, when it is one (no spaces)."""
        value = self.value(element, f)
        if value and not any(ch.isspace() for ch in value):
            return value
        return None

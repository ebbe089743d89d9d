"""A scenario's plan as stored: its project and stored plan packed (JSON, zlib, base64) in one text field.

Five full copies of a 10k-task plan would make the file six times larger, and reading and checking the
digest of those bytes alone would cost more than the whole open of the plan (the target is 1.3× for
five scenarios). The plan's JSON compresses about twentyfold, in milliseconds both ways. Inside, the
layout mirrors the file's: the project's scalar fields under "project", each collection as a list,
"schedule" for the stored plan. A plan written as plain JSON under "project" (collections inside, as
in the codec) is read too, so a scenario may still be written by hand.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import typing
import zlib
from functools import cache
from typing import Any

import msgspec

from plantrack.i18n import _
from plantrack.scheduling.model import Project
from plantrack.store.codec import (
    CodecError,
    collection_types,
    decode,
    decode_project,
    encode_project,
    fast_convert,
)
from plantrack.store.codec import encode as encode_value
from plantrack.store.plan import StoredPlan, is_legacy, legacy_plan
from plantrack.store.storage import no_duplicate_keys
from plantrack.store.tables import encode

PACKED = "packed"
_LEVEL = 1  # level 6 saves a quarter of the bytes for twice the time; both are far below the file's


class PlanUnreadable(ValueError):
    """The stored plan cannot be read; `where` names the spot (like CodecError) when known."""

    def __init__(self, detail: str, where: str = "") -> None:
        super().__init__(f"{where}: {detail}" if where else detail)
        self.where = where
        self.detail = detail


def pack(project: Project, schedule: StoredPlan | None) -> str:
    """The plan's packed text."""
    document = encode_project(project)
    payload: dict[str, Any] = {name: document.pop(name) for name in collection_types()}
    payload["project"] = document
    payload["schedule"] = None if schedule is None else encode_value(StoredPlan, schedule)
    raw = encode(payload).encode()
    return base64.b64encode(zlib.compress(raw, _LEVEL)).decode("ascii")


def unpack(document: dict[str, Any], *, trusted: bool) -> tuple[Project, StoredPlan | None]:
    """The plan of a scenario's document; `trusted`: written by this very version (a sealed file), so
    the typed decoder may read it (any doubt falls back to the strict, located decode)."""
    packed = document.get(PACKED)
    if packed is None:  # written by hand: the codec's document under "project"
        return _strict_plain(document)
    if not isinstance(packed, str):
        raise PlanUnreadable(_("not a text"), PACKED)
    try:
        raw = zlib.decompress(base64.b64decode(packed.encode("ascii"), validate=True))
    except (binascii.Error, zlib.error, UnicodeEncodeError, ValueError) as exc:
        raise PlanUnreadable(str(exc), PACKED) from None
    if trusted:
        fast = _fast(raw)
        if fast is not None:
            return fast
    try:
        payload = json.loads(raw, object_pairs_hook=no_duplicate_keys)
    except (ValueError, RecursionError) as exc:
        raise PlanUnreadable(str(exc), PACKED) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("project"), dict):
        raise PlanUnreadable(_("no project object"), PACKED)
    project_doc = dict(payload["project"])
    for name in collection_types():
        if name in project_doc:
            raise PlanUnreadable(_("{name} belongs beside project, not in it").format(name=name), "project")
        project_doc[name] = payload.get(name, [])
    return _decode(project_doc, "", payload.get("schedule"))


def _strict_plain(document: dict[str, Any]) -> tuple[Project, StoredPlan | None]:
    return _decode(document.get("project"), "project", document.get("schedule"))


def _decode(project_doc: Any, prefix: str, schedule: Any) -> tuple[Project, StoredPlan | None]:
    try:
        project = decode_project(project_doc)
    except CodecError as exc:
        where = ".".join(part for part in (prefix, exc.where) if part)
        raise PlanUnreadable(exc.detail, where.replace(".[", "[")) from None
    return project, _plan(schedule)


def _plan(schedule: Any, *, fast: bool = False) -> StoredPlan | None:
    """The scenario's stored plan from its JSON (either layout, as the workspace's own `schedule`)."""
    if schedule is None:
        return None
    if not isinstance(schedule, dict):
        raise PlanUnreadable(_("not an object"), "schedule")
    if is_legacy(schedule):
        return legacy_plan(schedule)
    converted = fast_convert(schedule, StoredPlan) if fast else None
    if converted is not None:
        return typing.cast(StoredPlan, converted)
    try:
        return typing.cast(StoredPlan, decode(StoredPlan, schedule))
    except CodecError as exc:
        raise PlanUnreadable(exc.detail, "schedule" + (f".{exc.where}" if exc.where else "")) from None


@cache
def _typed() -> msgspec.json.Decoder[Any]:
    fields: list[tuple[str, Any]] = [("project", dict[str, Any]), ("schedule", dict[str, Any] | None)]
    fields += [(name, list[cls]) for name, cls in collection_types().items()]  # type: ignore[valid-type]
    return msgspec.json.Decoder(msgspec.defstruct("PackedPlan", fields, forbid_unknown_fields=True))


def _fast(raw: bytes) -> tuple[Project, StoredPlan | None] | None:
    """The plan decoded by msgspec's typed decoder in C, as a sealed file's tables are; None: go strict."""
    try:
        payload = _typed().decode(raw)
        names = collection_types()
        scalars = decode_project({**payload.project, **{name: [] for name in names}})
        collections = {name: tuple(getattr(payload, name)) for name in names}
        project = dataclasses.replace(scalars, **collections)  # type: ignore[arg-type]
        plan = _plan(payload.schedule, fast=True)
    except (msgspec.ValidationError, msgspec.DecodeError, CodecError, PlanUnreadable, ValueError, TypeError):
        return None
    return project, plan

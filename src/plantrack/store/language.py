"""The project's own `language`, read from a workspace file without decoding the plan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from plantrack.store.saving import PROJECT
from plantrack.store.sealed import spans_of


def project_language(path: Path) -> str | None:
    """The `language` of the workspace's project, or None (unset, or a file the real read will refuse).

    A command reads this before it opens the workspace, so that even the errors of that opening come
    out in the project's language; only the one-line project table of a file this store laid out is
    parsed, so a 100k-task plan costs a read of its bytes and no decoding.
    """
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    spans = spans_of(raw)
    try:
        if spans is not None and PROJECT in spans:
            start, stop = spans[PROJECT]
            table: Any = json.loads(raw[start:stop])
        else:
            table = json.loads(raw).get(PROJECT)
    except (ValueError, AttributeError):
        return None
    heads = list(table.values()) if isinstance(table, dict) else []
    if len(heads) != 1 or not isinstance(heads[0], dict):
        return None
    code = heads[0].get("language")
    return code if isinstance(code, str) else None

"""A plan's counts in words, as `new`, `import`, `export toml` and `validate` print them."""

from __future__ import annotations

from plantrack.i18n import Nn_, ngettext

#: the words of `plan_counts`, singular and plural
_COUNTED = {
    "tasks": Nn_("{count} task", "{count} tasks"),
    "phases": Nn_("{count} phase", "{count} phases"),
    "milestones": Nn_("{count} milestone", "{count} milestones"),
    "links": Nn_("{count} link", "{count} links"),
    "resources": Nn_("{count} resource", "{count} resources"),
    "calendars": Nn_("{count} calendar", "{count} calendars"),
    "windows": Nn_("{count} window", "{count} windows"),
}


def counts_text(counts: dict[str, int]) -> str:
    parts = []
    for what, n in counts.items():
        if what in _COUNTED:
            parts.append(ngettext(*_COUNTED[what], n).format(count=n))
        else:
            parts.append(f"{n} {what if n != 1 else what.removesuffix('s')}")
    return ", ".join(parts)

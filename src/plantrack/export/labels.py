"""Words the exports and the TUI show for the engine's codes and figures (causes, statuses, assignments)."""

from __future__ import annotations

import re
from collections.abc import Callable

from babel.numbers import format_decimal

from plantrack.i18n import _, language
from plantrack.i18n.formats import babel_locale
from plantrack.scheduling.errors import format_quantity
from plantrack.scheduling.model import Project
from plantrack.scheduling.tracking.variance import UNSPECIFIED, TaskVariance
from plantrack.scheduling.words import code_label as code_label  # kept importable here: every face uses it


def yes() -> str:
    """The mark of a true flag in a table cell."""
    return _("yes")


def plain(value: float, digits: int) -> str:
    """A number with `digits` decimals and no grouping, with the language's decimal mark."""
    if language() == "en":  # the historical English form, exactly
        return f"{value:.{digits}f}"
    return format_decimal(value, "0." + "0" * digits if digits else "0", locale=babel_locale())


def signed(value: float, digits: int = 1) -> str:
    """A number with its sign always shown (`+1.5`, `-0.0`), with the language's decimal mark."""
    text = f"{value:+.{digits}f}"
    return text[0] + plain(abs(value), digits)


def percent_units(value: float, digits: int = 1) -> str:
    """A value already in percent: `3.8 %` / `3,8 %`."""
    return _("{value} %").format(value=plain(value, digits))


def assignment_labels(project: Project, name: Callable[[str], str] = str) -> dict[str, tuple[str, ...]]:
    """Per task, its resources as `name ×units` in assignment order (the id of a resource with no name).

    `name` is the face's own rule for user text (the TUI's one terminal line); the HTML report
    escapes the whole label when it writes it.
    """
    names = project.resource_map()
    out: dict[str, list[str]] = {}
    for a in project.assignments:
        res = names.get(a.resource)
        label = name(res.name if res and res.name else a.resource) + f" ×{format_quantity(a.units)}"
        out.setdefault(a.task, []).append(label)
    return {task: tuple(labels) for task, labels in out.items()}


def cause_text(t: TaskVariance) -> str:
    """The cause of the slip a task introduced (else unspecified), and whom it inherited slip from."""
    parts = []
    if t.cause is not None:
        parts.append(code_label(t.cause))
    elif t.introduced_slip_minutes > 0:
        parts.append(code_label(UNSPECIFIED))
    if t.inherited_slip_minutes > 0:
        parts.append(_("inherited from {task}").format(task=t.inherited_from))
    return ", ".join(parts)


#: French spelling of the duration units plantrack writes (`2d` -> `2j`, `3ew` -> `3semc`): the units the
#: French input accepts
_FRENCH_UNITS = {
    "w": "sem",
    "d": "j",
    "h": "h",
    "m": "min",
    "ew": "semc",
    "ed": "jc",
    "eh": "hc",
    "em": "minc",
}
_DURATION = re.compile(r"^([+-]?\d+)(e?[wdhm])$")


def duration_text(text: str) -> str:
    """A duration as `format_duration` spells it (`+2d`), in the current language's units (`+2j`)."""
    found = _DURATION.match(text)
    if language() == "en" or found is None:
        return text
    return found.group(1) + _FRENCH_UNITS[found.group(2)]

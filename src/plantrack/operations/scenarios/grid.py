"""A decision grid: the criteria of the decision matrix, their weights, and a plant's grid read from TOML.

Computed criteria (lower is better): `delay` (finish against the current plan, working days), `cost`
(the plan's budget), `risk` (the P80 finish) and `load` (over-allocated hours). Any other criterion is
scored by hand per scenario on 1..`scale` (higher is better), e.g. safety or quality. A grid file:

    [criteria.delay]
    weight = 3
    [criteria.safety]
    weight = 2
    label = "Sécurité"
    scale = 5

lists the whole grid: a computed criterion left out of the file is not used.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plantrack.i18n import N_, _
from plantrack.scheduling.errors import InvalidInput, Problem

DELAY, COST, RISK, LOAD = "delay", "cost", "risk", "load"
COMPUTED = (DELAY, COST, RISK, LOAD)
COMPUTED_LABELS = {DELAY: N_("delay"), COST: N_("cost"), RISK: N_("risk (P80)"), LOAD: N_("load")}
MAX_SCALE = 100


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    weight: float = 1.0
    label: str = ""  # shown instead of the id; a computed criterion's default label is translated
    scale: int | None = None  # criteria scored by hand: 1..scale, higher better

    @property
    def computed(self) -> bool:
        return self.scale is None

    def title(self) -> str:
        if self.label:
            return self.label
        return _(COMPUTED_LABELS[self.id]) if self.id in COMPUTED_LABELS else self.id


@dataclass(frozen=True, slots=True)
class Grid:
    criteria: tuple[Criterion, ...]

    def by_id(self) -> dict[str, Criterion]:
        return {c.id: c for c in self.criteria}


def default_grid() -> Grid:
    """The four computed criteria, equal weights."""
    return Grid(tuple(Criterion(c) for c in COMPUTED))


def _fail(where: str, message: str, ids: tuple[str, ...] = ()) -> InvalidInput:
    return InvalidInput([Problem(code="criteria-invalid", message=message, ids=ids, location=where)])


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def grid_from_toml(text: str, where: str) -> Grid:
    """Read a grid from TOML text; `where` (the file's name) locates every error."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(where, _("not a valid TOML file: {error}").format(error=str(exc))) from exc
    unknown = sorted(set(doc) - {"criteria"})
    if unknown:
        raise _fail(
            where,
            _("unknown section {name}: a grid has only [criteria.NAME] tables").format(name=repr(unknown[0])),
        )
    table = doc.get("criteria")
    if not isinstance(table, dict) or not table:
        raise _fail(where, _("no criterion: add tables such as [criteria.delay] with a weight"))
    criteria = []
    for ident, body in table.items():
        criteria.append(_criterion(ident, body, where))
    if not any(c.weight > 0 for c in criteria):
        raise _fail(where, _("every weight is 0: give at least one criterion a weight above 0"))
    return Grid(tuple(criteria))


def _criterion(ident: str, body: Any, where: str) -> Criterion:
    if not isinstance(body, dict):
        raise _fail(
            where,
            _("criterion {criterion}: expected a table with a weight").format(criterion=repr(ident)),
            (ident,),
        )
    extra = sorted(set(body) - {"weight", "label", "scale"})
    if extra:
        raise _fail(
            where,
            _("criterion {criterion}: unknown field {field} (weight, label and scale are known)").format(
                criterion=repr(ident), field=repr(extra[0])
            ),
            (ident,),
        )
    weight = body.get("weight", 1.0)
    if not _number(weight) or weight < 0:
        raise _fail(
            where,
            _("criterion {criterion}: weight {value} must be a number of 0 or more").format(
                criterion=repr(ident), value=repr(weight)
            ),
            (ident,),
        )
    label = body.get("label", "")
    if not isinstance(label, str):
        raise _fail(
            where, _("criterion {criterion}: label must be text").format(criterion=repr(ident)), (ident,)
        )
    scale = body.get("scale")
    if ident in COMPUTED:
        if scale is not None:
            raise _fail(
                where,
                _("criterion {criterion} is computed from the plans: it takes no scale").format(
                    criterion=repr(ident)
                ),
                (ident,),
            )
        return Criterion(ident, float(weight), label)
    if scale is None:
        raise _fail(
            where,
            _(
                "unknown criterion {criterion}: the computed ones are {known}; a criterion scored by hand "
                "needs a scale, e.g. scale = 5"
            ).format(criterion=repr(ident), known=", ".join(COMPUTED)),
            (ident,),
        )
    if not isinstance(scale, int) or isinstance(scale, bool) or not 2 <= scale <= MAX_SCALE:
        raise _fail(
            where,
            _("criterion {criterion}: scale {value} must be a whole number from 2 to {limit}").format(
                criterion=repr(ident), value=repr(scale), limit=MAX_SCALE
            ),
            (ident,),
        )
    return Criterion(ident, float(weight), label, scale)


def load_grid(path: Path) -> Grid:
    """Read a grid file; an unreadable file is an error naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(
            str(path), _("cannot read the grid file: {error}").format(error=exc.__class__.__name__)
        ) from exc
    return grid_from_toml(text, str(path))

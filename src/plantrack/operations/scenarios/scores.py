"""Hand scores of a scenario (`scenario score NAME safety=4`): criteria the figures cannot measure.

Quality, safety or ergonomics are judged by people; the decision matrix weighs them beside delay, cost,
risk and load. A score is stored with its scenario, so every later comparison uses it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from plantrack.i18n import _
from plantrack.operations.scenario_edits import Updatable
from plantrack.operations.scenarios.grid import COMPUTED, MAX_SCALE
from plantrack.scheduling.errors import InvalidInput, Problem

_CRITERION = re.compile(r"[^\W\d_][\w-]{0,39}")  # a word: "safety", "sécurité", "ergo-2"


def _refuse(message: str, ids: tuple[str, ...] = ()) -> InvalidInput:
    return InvalidInput([Problem(code="score-invalid", message=message, ids=ids)])


def parse_scores(texts: Iterable[str]) -> dict[str, float | None]:
    """`criterion=score` pairs as typed (a decimal comma is accepted); `criterion=` removes a score."""
    out: dict[str, float | None] = {}
    for text in texts:
        criterion, sep, value = text.partition("=")
        criterion, value = criterion.strip(), value.strip()
        if not sep or not _CRITERION.fullmatch(criterion):
            raise _refuse(
                _(
                    "{text} is not criterion=score (e.g. safety=4; a criterion is a word of letters, "
                    "digits, - or _)"
                ).format(text=repr(text))
            )
        if criterion in COMPUTED:
            raise _refuse(
                _("{criterion} is computed from the plan's figures: it cannot be scored by hand").format(
                    criterion=criterion
                ),
                (criterion,),
            )
        if not value:
            out[criterion] = None
            continue
        try:
            score = float(value.replace(",", "."))
        except ValueError:
            score = math.nan
        if not math.isfinite(score) or not 1 <= score <= MAX_SCALE:
            raise _refuse(
                _("score {criterion}={value}: a score is a number from 1 to {high}").format(
                    criterion=criterion, value=value, high=MAX_SCALE
                ),
                (criterion,),
            )
        out[criterion] = score
    if not out:
        raise _refuse(_("no score given: write criterion=score, e.g. safety=4"))
    return out


def score_scenario(workspace: Updatable, name: str, scores: Mapping[str, float | None]) -> dict[str, float]:
    """Set (None: remove) hand scores of the scenario `name`, in one save; its scores afterwards."""
    with workspace.update() as state:
        scenario = state.scenarios.get(name)
        merged = dict(scenario.scores)
        for criterion, score in scores.items():
            if score is None:
                merged.pop(criterion, None)
            else:
                merged[criterion] = score
        scenario.scores = dict(sorted(merged.items()))
        return dict(scenario.scores)

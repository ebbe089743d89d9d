"""The decision matrix as text: each option's scores, the ranking and the recommendation in words."""

from __future__ import annotations

from plantrack.i18n import _, ngettext
from plantrack.i18n.formats import format_money, format_number
from plantrack.operations.scenarios.compare_text import Row, table
from plantrack.operations.scenarios.grid import COST, DELAY, LOAD, RISK
from plantrack.operations.scenarios.matrix import Matrix, Versus
from plantrack.scheduling.model import clean_text


def _best_words(matrix: Matrix, criterion: str) -> str:
    words = {
        DELAY: _("earliest finish"),
        COST: _("lowest cost"),
        RISK: _("earliest P80 finish"),
        LOAD: _("fewest over-allocated hours"),
    }
    if criterion in words:
        return words[criterion]
    return _("best {criterion}").format(criterion=clean_text(matrix.grid.by_id()[criterion].title()))


def _joined(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return _("{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])


def _days(value: float) -> str:
    return format_number(abs(value), 0 if float(value).is_integer() else 1)


def _versus(v: Versus, currency: str) -> str:
    parts = []
    count = round(abs(v.delay_days)) if float(v.delay_days).is_integer() else 2
    if v.delay_days > 0:
        parts.append(
            ngettext("{days} working day later", "{days} working days later", count).format(
                days=_days(v.delay_days)
            )
        )
    elif v.delay_days < 0:
        parts.append(
            ngettext("{days} working day earlier", "{days} working days earlier", count).format(
                days=_days(v.delay_days)
            )
        )
    if v.cost > 0.005:
        parts.append(_("costs {amount} more").format(amount=format_money(v.cost, currency)))
    elif v.cost < -0.005:
        parts.append(_("costs {amount} less").format(amount=format_money(-v.cost, currency)))
    if v.windows_missed:
        parts.append(
            ngettext(
                "{count} task misses its window", "{count} tasks miss their window", v.windows_missed
            ).format(count=v.windows_missed)
        )
    name = clean_text(v.name)
    if not parts:
        return _("{name} finishes on the same day at the same cost").format(name=name)
    return _("{name}: {differences}").format(name=name, differences=_joined(parts))


def recommendation(matrix: Matrix, currency: str) -> str:
    """Why the recommended option, in words generated from the figures."""
    name = clean_text(matrix.recommended)
    chosen = next(r for r in matrix.ranking if r.name == matrix.recommended)
    if matrix.best_on:
        head = _("{name}: {strengths}").format(
            name=name, strengths=_joined([_best_words(matrix, c) for c in matrix.best_on])
        )
    elif matrix.passed_over is not None:
        # not the best total: the best-ranked plan that keeps every task in its shutdown window
        head = _(
            "{name}: the best-ranked plan that keeps every task in its shutdown window ({score})"
        ).format(name=name, score=format_number(100 * chosen.total, 0))
    else:
        head = _("{name}: best weighted total ({score})").format(
            name=name, score=format_number(100 * chosen.total, 0)
        )
    sentences = [head, *(_versus(v, currency) for v in matrix.others)]
    text = sentences[0]
    for sentence in sentences[1:]:
        text = _("{first}; {then}").format(first=text, then=sentence)
    text += "."
    text = _("Recommended: {text}").format(text=text)
    if matrix.passed_over is not None:
        passed = _("{name} ranks first, but some of its tasks miss their shutdown window.")
        text += " " + passed.format(name=clean_text(matrix.passed_over))
    return text


def render_matrix(matrix: Matrix, currency: str) -> list[str]:
    """The matrix lines `scenario compare` prints after the table."""
    header = [_("criterion (weight)"), *(clean_text(r.name) for r in matrix.ranking)]
    rows: list[Row] = []
    for i, c in enumerate(matrix.grid.criteria):
        label = (
            f"{clean_text(c.title())} ({format_number(c.weight, 0 if float(c.weight).is_integer() else 1)})"
        )
        rows.append((label, [format_number(100 * r.scores[i].score, 0) for r in matrix.ranking]))
    rows.append((_("weighted total"), [format_number(100 * r.total, 0) for r in matrix.ranking]))
    rows.append((_("rank"), [format_number(r.rank) for r in matrix.ranking]))
    lines = [_("Decision matrix (scores 0–100, best 100 on each criterion)")]
    lines.extend(table(header, rows))
    lines.append(recommendation(matrix, currency))
    return lines

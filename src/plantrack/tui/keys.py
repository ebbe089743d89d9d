"""Key labels in the language of the run: Textual reads BINDINGS when the classes are created, before
the language is chosen, so each app, screen and widget translates its own copy when it is built."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from rich.cells import cell_len
from textual.dom import DOMNode

from plantrack.i18n import _, pgettext

#: Key names written out in help texts (the letters and arrows need no words).
_KEY_WORDS = {
    "space": lambda: pgettext("key", "space"),
    "enter": lambda: pgettext("key", "enter"),
    "esc": lambda: pgettext("key", "esc"),
    "tab": lambda: pgettext("key", "tab"),
    "shift": lambda: pgettext("key", "shift"),
    "ctrl": lambda: pgettext("key", "ctrl"),
    "PgUp": lambda: pgettext("key", "PgUp"),
    "PgDn": lambda: pgettext("key", "PgDn"),
    "Home": lambda: pgettext("key", "Home"),
    "End": lambda: pgettext("key", "End"),
}


def key_words(keys: str) -> str:
    """`keys` (`"a  e  enter  d"`, `"tab  ctrl+s  esc"`) with the named keys in the current language."""

    def one(key: str) -> str:
        return "+".join(_KEY_WORDS[part]() if part in _KEY_WORDS else part for part in key.split("+"))

    return " ".join(one(key) if key else key for key in keys.split(" "))


if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen


def translate_bindings(node: DOMNode) -> None:
    """Replace the descriptions (footer and command palette labels) of `node`'s bindings by their
    translation; the English descriptions are marked with `N_()` where the bindings are declared."""
    bindings = node._bindings
    for key, items in bindings.key_to_bindings.items():
        bindings.key_to_bindings[key] = [
            replace(
                item,
                description=_(item.description) if item.description else item.description,
                tooltip=_(item.tooltip) if item.tooltip else item.tooltip,
            )
            for item in items
        ]


#: Which keys the footer keeps when the terminal is too narrow for all: lower first. The help key and the
#: way back come first (the help screen, the command palette and the keys panel list every key); then a
#: screen's own work, then the views, the zoom last. Unlisted actions rank with the views.
FOOTER_RANKS: dict[str, int] = {
    "help": 0,
    "app.pop_screen": 0,
    "cancel": 0,
    "save": 0,
    "answer(False)": 0,
    "answer(True)": 0,
    "portfolio": 0,  # a plant's project: the way back to the portfolio
    "quit": 1,
    "add_task": 2,
    "edit_task": 2,
    "progress": 2,
    "undo": 2,
    "search": 2,
    "section(1)": 2,
    "action": 2,
    "decision": 2,
    "minutes": 2,
    "add": 2,
    "edit": 2,
    "deviations": 3,
    "review": 3,
    "next_baseline": 4,
    "late_only": 4,
    "sort_slip": 4,
    "meeting": 4,
    "status_date": 4,
    "jump('today')": 5,
    "toggle_filter('critical')": 5,
    "toggle_filter('late')": 5,
    "follow_driver": 6,
    "zoom(-1)": 7,
    "zoom(1)": 7,
}
DEFAULT_RANK = 5

#: Actions of the app that belong to the Gantt screen: on another screen they give way to its own keys.
SCREEN_SWITCHES = frozenset({"deviations", "review"})

#: The footer's shown flags as each node declared them, before any fitting changed them.
_declared: WeakKeyDictionary[DOMNode, dict[tuple[str, str], bool]] = WeakKeyDictionary()


def footer_rank(action: str, from_app: bool, on_top: bool) -> int:
    """How useful a key is in the footer: lower first; the Gantt's screen switches rank last elsewhere."""
    rank = FOOTER_RANKS.get(action, DEFAULT_RANK)
    return rank + 10 if from_app and on_top and action in SCREEN_SWITCHES else rank


def footer_width(key_display: str, description: str) -> int:
    """Cells one key takes in Textual's footer: ` key ` then `description `."""
    return cell_len(key_display) + 2 + cell_len(description) + 1


def fit_footer(screen: Screen[object], width: int) -> None:
    """Show in `screen`'s footer the most useful keys that fit in `width` cells, whole, in their order.

    Textual's footer cuts the row at the right edge (the last labels lost, a word half shown); here the
    keys that do not fit leave the footer instead, least useful first (`FOOTER_RANKS`). They still work,
    and the help screen, the command palette and its keys panel list them.
    """
    app = screen.app
    chain = screen._modal_binding_chain  # the nodes whose keys the footer shows (Textual's own walk)
    for node, _bindings in chain:
        if node not in _declared:
            _declared[node] = {
                (key, item.action): item.show
                for key, items in node._bindings.key_to_bindings.items()
                for item in items
            }
    on_top = screen is not app.screen_stack[0]
    # one footer key per action, as Textual's footer shows them: the first active binding of each
    shown: dict[str, tuple[int, int, int]] = {}  # action -> (rank, order, width)
    for order, (_key, active) in enumerate(screen.active_bindings.items()):
        binding: Binding = active.binding
        declared = _declared.get(active.node, {}).get((binding.key, binding.action), binding.show)
        if declared and binding.action not in shown:
            shown[binding.action] = (
                footer_rank(binding.action, active.node is app, on_top),
                order,
                footer_width(app.get_key_display(binding), binding.description),
            )
    room = width - _palette_width(screen)
    kept: set[str] = set()
    for action, (_r, _o, cells) in sorted(shown.items(), key=lambda kv: kv[1][:2]):
        if cells <= room:
            kept.add(action)
            room -= cells
        else:
            room = -1  # a less useful key never takes the place a more useful one could not use
    changed = False
    for node, _bindings in chain:
        declared_flags = _declared[node]
        table = node._bindings.key_to_bindings
        for key, items in table.items():
            # a key declared hidden stays hidden; a shown one is shown when it fits
            fitted = [
                replace(item, show=item.action in kept)
                if declared_flags.get((key, item.action), item.show)
                else item
                for item in items
            ]
            if fitted != items:
                table[key] = fitted
                changed = True
    if changed:
        screen.refresh_bindings()


def _palette_width(screen: Screen[object]) -> int:
    """The command palette's key docked at the right of the footer, with its border and padding."""
    app = screen.app
    if not app.ENABLE_COMMAND_PALETTE:
        return 0
    active = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
    if active is None:
        return 0
    # as Textual draws it: a one-cell border, `key description ` (its key has no padding there)
    return 1 + cell_len(app.get_key_display(active.binding)) + 1 + cell_len(active.binding.description) + 1

"""Key labels in the language of the run: Textual reads BINDINGS when the classes are created, before
the language is chosen, so each app, screen and widget translates its own copy when it is built."""

from __future__ import annotations

from dataclasses import replace

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

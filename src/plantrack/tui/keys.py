"""Key labels in the language of the run: Textual reads BINDINGS when the classes are created, before
the language is chosen, so each app, screen and widget translates its own copy when it is built."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from plantrack.i18n import _


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

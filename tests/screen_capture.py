"""What a Textual app's terminal shows, as plain text, for pilot tests that read the screen."""

from __future__ import annotations

from typing import Any


def screen_text(app: Any) -> str:
    """What the terminal shows, one line a row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip).rstrip() for strip in strips)


async def settled_text(app: Any, pilot: Any) -> str:
    """The screen once its footer is drawn: on a busy machine one pause can come before the footer's
    first paint, and the capture would then miss its last line."""
    text = screen_text(app)
    for _attempt in range(50):
        await pilot.pause()
        text = screen_text(app)
        if text.splitlines() and text.splitlines()[-1].strip():
            return text
        await pilot.pause(0.1)
    return text

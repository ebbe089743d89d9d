"""What a plant's members' save takes from its caller, whichever back end saves them."""

from __future__ import annotations

from collections.abc import Callable

from plantrack.store.state import WorkspaceState

#: Called between the steps of a members' save (tests stop or fail a save there).
Step = Callable[[str, int], None]
#: Changes member n's state in a members' save (raising writes nothing).
Edit = Callable[[int, WorkspaceState], None]

"""An autouse fixture for the i18n tests: each leaves the process speaking English, as the suite expects."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from plantrack.i18n import choose as choose_module
from plantrack.i18n import set_language


@pytest.fixture(autouse=True)
def english_afterwards(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("PLANTRACK_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    choose_module._warned.clear()
    yield
    set_language("en")
    choose_module._warned.clear()

"""Saving several workspaces as one: every file gets its new content or none does, even across a kill.

Each workspace alone is written atomically (`storage.atomic_write`); a plant's projects need more:
leveling the plant changes every project's plan, and a kill between two renames would leave one
project on the new plan and the next on the old one, planned against each other's old bookings. So:

1. every workspace is locked (in path order, so two group saves cannot deadlock) and edited;
2. each new file is written beside its target (`.NAME.group.new`, fsynced), and each old file is kept
   under a second name (`.NAME.group.old`, a hard link: no copy);
3. the journal is written (atomically, fsynced): the list of targets;
4. each new file is renamed over its target;
5. the journal is removed: the commit point. Then the kept old files are removed.

A kill before 3 leaves the targets untouched (the side files are removed by the next recovery); a
kill after 3 and before 5 leaves the journal, and recovery puts every kept old file back: all old
plans. `recover` runs under the locks before every group save and whenever the group is opened.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

from plantrack.i18n import _
from plantrack.store.errors import StorageError, WorkspaceUnreadable
from plantrack.store.lock import workspace_lock
from plantrack.store.saving import file_chunks, rest_texts
from plantrack.store.storage import _fsync_directory, atomic_write, read_bytes, resolve
from plantrack.store.workspace import Workspace, WorkspaceState

NEW_SUFFIX = ".group.new"
OLD_SUFFIX = ".group.old"
JOURNAL_SUFFIX = ".journal"

#: Called between the steps of a save (tests stop the process there to check recovery).
Step = Callable[[str, int], None]


def side_file(target: Path, suffix: str) -> Path:
    return target.parent / f".{target.name}{suffix}"


def journal_path(anchor: Path) -> Path:
    """The journal of the group whose anchor file (the plant file) is `anchor`."""
    return anchor.parent / f".{anchor.name}{JOURNAL_SUFFIX}"


@contextmanager
def locked(paths: Sequence[Path], *, timeout: float, program: str | None = None) -> Iterator[None]:
    """Hold every workspace's lock, taken in path order."""
    with ExitStack() as stack:
        for path in sorted({resolve(p) for p in paths}):
            stack.enter_context(workspace_lock(path, timeout=timeout, program=program))
        yield


def recover(anchor: Path, paths: Sequence[Path]) -> bool:
    """Undo a group save a kill interrupted (call with the locks held); True if one was undone.

    With a journal, every kept old file goes back over its target; without, a save never reached its
    journal and the targets are untouched: only the side files are removed.
    """
    journal = journal_path(anchor)
    undone = False
    targets = [resolve(p) for p in paths]
    if journal.exists():
        try:
            listed = [Path(p) for p in json.loads(read_bytes(journal))["targets"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise WorkspaceUnreadable(
                journal, _("the group save journal is damaged: {error}").format(error=exc)
            ) from None
        for target in listed:
            old = side_file(target, OLD_SUFFIX)
            if old.exists():
                os.replace(old, target)
                _fsync_directory(target.parent)
        targets += listed
        undone = True
    for target in targets:
        for suffix in (NEW_SUFFIX, OLD_SUFFIX):
            with suppress(FileNotFoundError):
                os.unlink(side_file(target, suffix))
    if undone:
        os.unlink(journal)
        _fsync_directory(journal.parent)
    return undone


def _write_side(target: Path, payload: Sequence[bytes | memoryview]) -> Path:
    new = side_file(target, NEW_SUFFIX)
    fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with suppress(OSError):
            os.fchmod(fd, os.stat(target).st_mode & 0o7777)
        for chunk in payload:
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    return new


def _keep_old(target: Path) -> None:
    old = side_file(target, OLD_SUFFIX)
    with suppress(FileNotFoundError):
        os.unlink(old)
    try:
        os.link(target, old)
    except OSError:
        atomic_write(old, read_bytes(target))  # no hard links here: a copy


def save_group(
    anchor: Path,
    workspaces: Sequence[Workspace],
    edit: Callable[[int, WorkspaceState], None],
    *,
    timeout: float = 10.0,
    program: str | None = None,
    step: Step | None = None,
) -> None:
    """Lock every workspace, apply `edit(n, state)` to each, and save them all as one (module doc).

    An exception from `edit` writes nothing; StorageError from the disk leaves every old file.
    """
    paths = [w.path for w in workspaces]
    with locked(paths, timeout=timeout, program=program):
        recover(anchor, paths)
        targets = [resolve(p) for p in paths]
        payloads = []
        for n, workspace in enumerate(workspaces):
            loaded = workspace._load()
            state = loaded.state
            edit(n, state)
            revision = loaded.revision + 1
            payloads.append(
                file_chunks(workspace.path, state, revision, rest_texts(workspace.path, state), None)
            )
        try:
            for n, (target, payload) in enumerate(zip(targets, payloads, strict=True)):
                _write_side(target, payload)
                _keep_old(target)
                _call(step, "prepared", n)
            for directory in {t.parent for t in targets}:
                _fsync_directory(directory)
            journal = journal_path(anchor)
            atomic_write(journal, json.dumps({"targets": [str(t) for t in targets]}).encode("utf-8"))
            _call(step, "journal", 0)
            for n, target in enumerate(targets):
                os.replace(side_file(target, NEW_SUFFIX), target)
                _fsync_directory(target.parent)
                _call(step, "renamed", n)
            os.unlink(journal)
            _fsync_directory(journal.parent)
        except OSError as exc:
            recover(anchor, paths)
            raise StorageError(anchor, str(exc)) from exc
        _call(step, "committed", 0)
        for target in targets:
            with suppress(FileNotFoundError):
                os.unlink(side_file(target, OLD_SUFFIX))


def _call(step: Step | None, name: str, n: int) -> None:
    if step is not None:
        step(name, n)

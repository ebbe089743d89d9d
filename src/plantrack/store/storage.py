"""Crash-safe TinyDB storage: whole-file JSON written to a temp file, fsynced and atomically renamed.

TinyDB's own JSONStorage rewrites the file in place (seek(0), write, flush, fsync, then truncate: no
temp file, no rename, no lock) and a kill mid-write leaves a torn file: 13 of 200 random SIGKILLs on a
645 kB workspace left it unreadable (`Extra data`), against 0 of 200 with an atomic replace. This is
the only module that imports tinydb. The workspace reads the whole document once per snapshot through
`read()` rather than through TinyDB tables: table calls each re-read the file (so two calls could see
two different saves) and keep per-table query caches that never see other processes' writes (one
process kept seeing a task under its old name after another renamed it, until `cache_size=0`). Anyone
opening a workspace with plain TinyDB for a script must pass this storage and `cache_size=0` to every
table, and never CachingMiddleware.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tinydb import Storage

from plantrack.i18n import N_, _
from plantrack.store.errors import ProjectFileGiven, StorageError, WorkspaceUnreadable
from plantrack.store.tables import NotTables, ParsedFile, encode, join_tables, table_text, walk_tables

TEMP_SUFFIX = ".tmp"
#: Windows refuses os.replace while another handle (antivirus, indexer) has the target open.
_WINDOWS_REPLACE_RETRY_SECONDS = 1.0


def _read_umask() -> int:
    # os.umask can only be read by setting it; done once at import, before any thread exists
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def resolve(path: Path) -> Path:
    """The real file behind `path`: saving through a symlink replaces the target and keeps the link."""
    return Path(os.path.realpath(path))


def temp_prefix(target: Path) -> str:
    return f".{target.name}."


def serialise(data: Any) -> bytes:
    """UTF-8 JSON laid out for git: tables sorted by name, one document per line in id order, keys sorted.

    A change to one task is a one-line diff. Documents are encoded by json's C encoder: `indent=`
    would use the pure-Python one, several times slower on a 10k-task workspace. NaN and infinities
    are refused (ValueError), as are lone surrogates (they are not UTF-8).
    """
    if not isinstance(data, dict):
        return (encode(data) + "\n").encode("utf-8")
    return join_tables({name: table_text(table) for name, table in data.items()})


def _strerror(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        name = errno.errorcode.get(exc.errno or 0, "")
        text = exc.strerror or str(exc)
        return f"{text} ({name})" if name else text
    return f"{type(exc).__name__}: {exc}"


def _write_all(fd: int, payload: bytes | Sequence[bytes | memoryview]) -> None:
    for chunk in [payload] if isinstance(payload, bytes) else payload:
        view = memoryview(chunk)
        while view:
            written = os.write(fd, view)
            if written <= 0:
                raise OSError(errno.EIO, "write made no progress")
            view = view[written:]


def _fsync_directory(directory: Path) -> None:
    if sys.platform == "win32":
        return  # directories cannot be opened on Windows; NTFS journals the rename
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        # some filesystems cannot sync a directory; the rename itself has happened
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - Linux is the tested platform

    def _replace(source: str, target: Path) -> None:
        deadline = time.monotonic() + _WINDOWS_REPLACE_RETRY_SECONDS
        while True:
            try:
                os.replace(source, target)
                return
            except PermissionError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

else:

    def _replace(source: str, target: Path) -> None:
        os.replace(source, target)


def atomic_write(
    path: Path, payload: bytes | Sequence[bytes | memoryview], *, exclusive: bool = False
) -> None:
    """Make `payload` (bytes, or chunks written in order) the content of `path` all at once: readers
    and crashes see the old or the new file.

    mkstemp in the same directory, old file's mode, write + fsync + close, os.replace (os.link when
    `exclusive`, which fails rather than overwrite), then fsync the directory. On any failure before
    the rename the old file is untouched and the temp file removed; raises StorageError.
    """
    target = resolve(path)
    directory = target.parent
    try:
        fd, temp = tempfile.mkstemp(dir=directory, prefix=temp_prefix(target), suffix=TEMP_SUFFIX)
    except OSError as exc:
        raise StorageError(
            path,
            _("cannot create a file in {folder}: {error}").format(folder=directory, error=_strerror(exc)),
        ) from exc
    committed = False
    try:
        try:
            try:
                mode = stat.S_IMODE(os.stat(target).st_mode)
            except FileNotFoundError:
                mode = 0o666 & ~_UMASK  # what open() would give a new file (mkstemp makes 0600)
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        if exclusive:
            _link_new(temp, target, path)
        else:
            _replace(temp, target)
        committed = True
        _fsync_directory(directory)
    except StorageError:
        raise
    except OSError as exc:
        if committed:
            raise StorageError(
                path,
                _("saved, but the folder could not be synced to disk: {error}").format(error=_strerror(exc)),
            ) from exc
        raise StorageError(path, _strerror(exc)) from exc
    finally:
        if not committed or exclusive:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)


def _link_new(temp: str, target: Path, path: Path) -> None:
    """Publish `temp` at `target` only if nothing is there (a hard link never replaces)."""
    from plantrack.store.errors import WorkspaceExists

    try:
        os.link(temp, target)
    except FileExistsError:
        raise WorkspaceExists(path) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EMLINK, errno.EXDEV):
            raise
        # filesystems without hard links: an exclusive create is the next best guarantee
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise WorkspaceExists(path) from None
        os.close(fd)
        _replace(temp, target)


def read_bytes(path: Path) -> bytes:
    """Open, read, close: no handle is kept, so the next read sees the file a later save put there."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        raise WorkspaceUnreadable(
            path, _("it is a folder, not a file"), hint=_("Pass the workspace file.")
        ) from None
    except FileNotFoundError:
        raise WorkspaceUnreadable(path, _("the file does not exist"), hint=_("Check the path.")) from None
    except OSError as exc:
        raise WorkspaceUnreadable(
            path, _("cannot read it: {error}").format(error=_strerror(exc)), hint=_("Check its permissions.")
        ) from exc


class _DuplicateKey(ValueError):
    pass


def no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`object_pairs_hook` refusing a key that appears twice in one object (json keeps the last)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


def _text(path: Path, raw: bytes) -> tuple[str, int]:
    bom = b"\xef\xbb\xbf"
    skip = len(bom) if raw.startswith(bom) else 0  # editors on Windows may add one
    try:
        text = raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WorkspaceUnreadable(path, _("it is not UTF-8 text"), offset=skip + exc.start) from None
    if not text.strip():
        what = (
            _("the file is empty, not a workspace")
            if not raw
            else _("the file holds only whitespace, not a workspace")
        )
        raise WorkspaceUnreadable(path, what, offset=0)
    return text, skip


_STRICT = json.JSONDecoder(object_pairs_hook=no_duplicate_keys)


def parse(path: Path, raw: bytes) -> Any:
    """Strict JSON parse; every failure is WorkspaceUnreadable with the byte offset, never "empty"."""
    text, skip = _text(path, raw)
    return _parse_text(path, text, skip)


def _parse_text(path: Path, text: str, skip: int) -> Any:
    try:
        return json.loads(text, object_pairs_hook=no_duplicate_keys)
    except _DuplicateKey as exc:
        raise WorkspaceUnreadable(
            path, _("key {key} appears twice in one object").format(key=repr(exc.args[0]))
        ) from None
    except json.JSONDecodeError as exc:
        if _is_project_file(path, text):
            raise ProjectFileGiven(path) from None
        offset = skip + len(text[: exc.pos].encode("utf-8"))
        detail = _("invalid JSON (line {line}, column {column}): {error}").format(
            line=exc.lineno, column=exc.colno, error=_json_message(exc.msg)
        )
        if exc.msg == "Extra data":
            detail += _("; a complete document is followed by leftover bytes, as after a torn in-place write")
        raise WorkspaceUnreadable(path, detail, offset=offset) from None
    except RecursionError:
        raise WorkspaceUnreadable(path, _("JSON nested too deeply")) from None


def _is_project_file(path: Path, text: str) -> bool:
    """A `.toml` file, or any file that reads as TOML with a `[project]` table: plantrack's project file."""
    if path.suffix.lower() == ".toml":
        return True
    try:
        document = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return False
    return isinstance(document.get("project"), dict)


def parse_tables(path: Path, raw: bytes) -> ParsedFile:
    """Like `parse` for a file holding an object of tables, keeping where each table's text lies.

    Anything the table-by-table walk does not accept (errors, another top level) is parsed whole
    again, which reports it exactly as `parse` does; the result then has no spans.
    """
    text, skip = _text(path, raw)
    try:
        return walk_tables(text, _STRICT, _DuplicateKey)
    except (NotTables, _DuplicateKey, json.JSONDecodeError, RecursionError):
        document = _parse_text(path, text, skip)
    if not isinstance(document, dict):
        raise WorkspaceUnreadable(
            path, _("the top level is {kind}, not an object").format(kind=_json_kind(document))
        )
    return ParsedFile(document, text, {})


class AtomicJSONStorage(Storage):
    """TinyDB Storage over `atomic_write` and `parse`; also usable as `TinyDB(path, storage=...)`."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        """Never None: an empty or unparsable file is an error, not a fresh empty database."""
        return self.document(read_bytes(self.path))

    def document(self, raw: bytes) -> dict[str, dict[str, Any]]:
        """Parse bytes read from this storage's file into its tables."""
        document = parse(self.path, raw)
        if not isinstance(document, dict):
            raise WorkspaceUnreadable(
                self.path, _("the top level is {kind}, not an object").format(kind=_json_kind(document))
            )
        return document

    def payload(self, data: dict[str, dict[str, Any]]) -> bytes:
        """The bytes `write` would put in the file; serialising first means a bad value writes nothing."""
        try:
            return serialise(data)
        except (TypeError, ValueError) as exc:
            raise StorageError(
                self.path, _("the data cannot be written as JSON: {error}").format(error=exc)
            ) from exc

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write(self.path, self.payload(data))

    def close(self) -> None:
        """Nothing to release: no handle outlives a read or a write."""


#: The messages of Python's JSON decoder, in words the catalog translates
_JSON_MESSAGES = {
    "Expecting value": N_("Expecting value"),
    "Expecting ',' delimiter": N_("Expecting ',' delimiter"),
    "Expecting ':' delimiter": N_("Expecting ':' delimiter"),
    "Expecting property name enclosed in double quotes": N_(
        "Expecting property name enclosed in double quotes"
    ),
    "Unterminated string starting at": N_("Unterminated string starting at"),
    "Invalid control character at": N_("Invalid control character at"),
    "Invalid \\escape": N_("Invalid \\escape"),
    "Extra data": N_("Extra data"),
}


def _json_message(message: str) -> str:
    """The JSON decoder's message in the current language (as is when the catalog does not know it)."""
    marked = _JSON_MESSAGES.get(message)
    return message if marked is None else _(marked)


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("a string")
    return _("a number") if not isinstance(value, bool) else _("a boolean")

"""The catalog tooling: `python -m plantrack.i18n.catalog update|check` (extract, merge, compile, verify).

`update` extracts every marked string from the sources (Babel), merges them into each language's
`.po` (translations kept, new entries empty, entries no longer in the code dropped) and compiles the
`.mo` shipped in the package. `check` changes nothing and lists what is wrong; the tests run it.
The `.po` is written sorted, without source line numbers and one line per string, so that many
people adding entries at once rarely touch the same lines.
"""

from __future__ import annotations

import argparse
import re
import struct
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plantrack.i18n import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES, LOCALE_DIR

SOURCE_DIR = LOCALE_DIR.parent
#: The marker functions of `plantrack.i18n` and the arguments holding the message.
KEYWORDS: dict[str, Any] = {
    "_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "Nn_": (1, 2),
}
#: `{name}`, `{0}`, `{value!r}`, `{n:,}`, `%s`, `%(name)s`, `%r`, `%d`: what must survive translation.
_PLACEHOLDER = re.compile(
    r"\{[A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}|%(?:\([A-Za-z_]+\))?[-#0 +]*\d*(?:\.\d+)?[sdrifg%]"
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One message: its id (a pair for plurals), its context and its translation(s)."""

    msgid: str | tuple[str, str]
    context: str | None
    msgstr: str | tuple[str, ...]
    fuzzy: bool = False
    comments: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        singular = self.msgid if isinstance(self.msgid, str) else self.msgid[0]
        return (self.context or "", singular)

    @property
    def translated(self) -> bool:
        forms = (self.msgstr,) if isinstance(self.msgstr, str) else self.msgstr
        return bool(forms) and all(forms)


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def extract(source: Path = SOURCE_DIR) -> dict[tuple[str, str], Entry]:
    """Every marked message in the sources, keyed by (context, singular)."""
    from babel.messages.extract import extract_from_dir

    found: dict[tuple[str, str], Entry] = {}
    for _file, _line, message, _comments, context in extract_from_dir(
        str(source), method_map=[("**.py", "python")], keywords=KEYWORDS, strip_comment_tags=True
    ):
        msgid: str | tuple[str, str] = message if isinstance(message, str) else (message[0], message[1])
        entry = Entry(msgid=msgid, context=context, msgstr="" if isinstance(msgid, str) else ("", ""))
        if entry.key[1]:
            found.setdefault(entry.key, entry)
    return found


def extract_file(path: Path) -> dict[tuple[str, str], Entry]:
    """The marked messages of one source file."""
    from babel.messages.extract import extract as babel_extract

    found: dict[tuple[str, str], Entry] = {}
    with path.open("rb") as handle:
        for _line, message, _comments, context in babel_extract(
            "python", handle, keywords=KEYWORDS, strip_comment_tags=True
        ):
            msgid = message if isinstance(message, str) else (message[0], message[1])
            entry = Entry(msgid=msgid, context=context, msgstr="")
            if entry.key[1]:
                found.setdefault(entry.key, entry)
    return found


def read_po(path: Path) -> tuple[str, dict[tuple[str, str], Entry]]:
    """The header's text and the entries of a `.po` file."""
    from babel.messages.pofile import read_po as babel_read_po

    with path.open("rb") as handle:
        catalog = babel_read_po(handle, ignore_obsolete=False, abort_invalid=True)
    entries: dict[tuple[str, str], Entry] = {}
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else (message.id[0], message.id[1])
        msgstr = message.string if isinstance(message.string, str) else tuple(message.string or ())
        entry = Entry(msgid, message.context, msgstr, message.fuzzy, tuple(message.user_comments))
        entries[entry.key] = entry
    for message in catalog.obsolete.values():
        msgid = message.id if isinstance(message.id, str) else (message.id[0], message.id[1])
        entry = Entry(msgid, message.context, "obsolete", True)
        entries.setdefault(entry.key, entry)
    return _header(path.read_text(encoding="utf-8")), entries


def _header(text: str) -> str:
    """The leading comment lines and the metadata entry, exactly as written."""
    head = text.split("\n\n", 1)[0]
    return head.rstrip("\n") + "\n"


def _quote(text: str) -> str:
    from babel.messages.pofile import escape

    return str(escape(text))


def render_po(header: str, entries: Iterable[Entry]) -> str:
    """The `.po` text: the header, then every entry sorted by context and id, one line per string."""
    blocks = [header.rstrip("\n")]
    for entry in sorted(entries, key=lambda e: e.key):
        lines = [f"# {c}" for c in entry.comments]
        if entry.fuzzy:
            lines.append("#, fuzzy")
        if entry.context is not None:
            lines.append(f"msgctxt {_quote(entry.context)}")
        if isinstance(entry.msgid, str):
            lines += [f"msgid {_quote(entry.msgid)}", f"msgstr {_quote(str(entry.msgstr))}"]
        else:
            lines += [f"msgid {_quote(entry.msgid[0])}", f"msgid_plural {_quote(entry.msgid[1])}"]
            forms = entry.msgstr if isinstance(entry.msgstr, tuple) else (entry.msgstr, "")
            lines += [f"msgstr[{i}] {_quote(form)}" for i, form in enumerate(forms)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _header_msgstr(header: str) -> str:
    from babel.messages.pofile import unescape

    parts = re.findall(r'^msgstr (".*")$|^(".*")$', header.split('msgid ""', 1)[-1], re.MULTILINE)
    return "".join(unescape(a or b) for a, b in parts)


def compile_mo(header: str, entries: Iterable[Entry]) -> bytes:
    """The GNU `.mo` of the translated, non-fuzzy entries (as `msgfmt` writes it, keys sorted)."""
    pairs: dict[bytes, bytes] = {b"": _header_msgstr(header).encode("utf-8")}
    for entry in entries:
        if entry.fuzzy or not entry.translated:
            continue
        ids = entry.msgid if isinstance(entry.msgid, str) else "\0".join(entry.msgid)
        key = ids if entry.context is None else f"{entry.context}\x04{ids}"
        value = entry.msgstr if isinstance(entry.msgstr, str) else "\0".join(entry.msgstr)
        pairs[key.encode("utf-8")] = value.encode("utf-8")
    keys = sorted(pairs)
    count = len(keys)
    ids_start = 7 * 4 + 16 * count
    ids_table: list[tuple[int, int]] = []
    strs_table: list[tuple[int, int]] = []
    id_blob, str_blob = b"", b""
    for raw in keys:
        ids_table.append((len(raw), len(id_blob)))
        id_blob += raw + b"\0"
        strs_table.append((len(pairs[raw]), len(str_blob)))
        str_blob += pairs[raw] + b"\0"
    strs_start = ids_start + len(id_blob)
    out = struct.pack("<7I", 0x950412DE, 0, count, 28, 28 + 8 * count, 0, 0)
    out += b"".join(struct.pack("<2I", n, ids_start + at) for n, at in ids_table)
    out += b"".join(struct.pack("<2I", n, strs_start + at) for n, at in strs_table)
    return out + id_blob + str_blob


def merge(extracted: dict[tuple[str, str], Entry], current: dict[tuple[str, str], Entry]) -> list[Entry]:
    """The extracted messages with the translations already made; entries gone from the code dropped."""
    merged = []
    for key, fresh in extracted.items():
        known = current.get(key)
        same_shape = known is not None and isinstance(known.msgid, str) == isinstance(fresh.msgid, str)
        if known is not None and same_shape and known.msgstr != "obsolete":
            merged.append(Entry(fresh.msgid, fresh.context, known.msgstr, known.fuzzy, known.comments))
        else:
            merged.append(fresh)
    return merged


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def entry_problems(entry: Entry) -> list[str]:
    """What is wrong with one translated entry: fuzzy, empty, a missing plural form, placeholders."""
    name = repr(entry.msgid if isinstance(entry.msgid, str) else entry.msgid[0])
    if entry.fuzzy:
        return [f"fuzzy: {name}"]
    if not entry.translated:
        return [f"untranslated: {name}"]
    out = []
    if isinstance(entry.msgid, str):
        pairs = [(entry.msgid, str(entry.msgstr))]
    else:
        forms = entry.msgstr if isinstance(entry.msgstr, tuple) else (entry.msgstr,)
        if len(forms) != 2:
            out.append(f"plural forms: {name} has {len(forms)}, French needs 2")
        pairs = [(entry.msgid[0], forms[0]), *((entry.msgid[1], form) for form in forms[1:])]
    for source, target in pairs:
        # a French singular may spell the count out ("une tâche") but never invent a placeholder
        wanted, found = placeholders(source), placeholders(target)
        if found != wanted and not (set(found) <= set(wanted) and source is entry.msgid[0]):
            out.append(f"placeholders differ: {name}: {wanted} vs {found}")
    return out


def problems(language: str, extracted: dict[tuple[str, str], Entry] | None = None) -> list[str]:
    """Everything `check` reports for one language's catalog (empty when it is complete and compiled)."""
    extracted = extract() if extracted is None else extracted
    header, current = read_po(po_path(language))
    out = [f"missing: {key[1]!r}" for key in extracted if key not in current]
    out += [f"obsolete: {key[1]!r}" for key in current if key not in extracted]
    for key, entry in current.items():
        if key in extracted:
            out += entry_problems(entry)
    mo = mo_path(language)
    if not mo.exists() or mo.read_bytes() != compile_mo(header, current.values()):
        out.append(f"{mo.name} is not the compiled {po_path(language).name}: run update")
    return out


def update(language: str, extracted: dict[tuple[str, str], Entry] | None = None) -> int:
    """Merge the sources' messages into the `.po` and compile it; returns how many lack a translation."""
    extracted = extract() if extracted is None else extracted
    header, current = read_po(po_path(language))
    merged = merge(extracted, current)
    po_path(language).write_text(render_po(header, merged), encoding="utf-8")
    mo_path(language).write_bytes(compile_mo(header, merged))
    return sum(1 for e in merged if e.fuzzy or not e.translated)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m plantrack.i18n.catalog",
        description="Keep the translation catalogs in step with the code.",
    )
    parser.add_argument(
        "action",
        choices=("update", "check"),
        help="update: extract, merge into each .po and compile the .mo; check: report what is missing",
    )
    args = parser.parse_args(argv)
    extracted = extract()
    status = 0
    for language in (code for code in LANGUAGES if code != DEFAULT_LANGUAGE):
        if args.action == "update":
            todo = update(language, extracted)
            sys.stdout.write(f"{po_path(language).relative_to(SOURCE_DIR.parent)}: {todo} to translate\n")
            status |= 1 if todo else 0
        else:
            found = problems(language, extracted)
            sys.stdout.writelines(f"{language}: {line}\n" for line in found)
            status |= 1 if found else 0
    return status


if __name__ == "__main__":
    sys.exit(main())

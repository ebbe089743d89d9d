"""Which language a run speaks: `--lang`, else `PLANTRACK_LANG`, else the project's, else the locale."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from plantrack.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    CatalogMissing,
    _,
    language,
    ngettext,
    set_language,
)

ENV_LANG = "PLANTRACK_LANG"
LANG_OPTION = "--lang"
#: The POSIX variables, strongest first: the first one set decides, as in gettext itself.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

#: Where the choice came from, strongest first (the order `--help` and the README state).
SOURCES = (LANG_OPTION, ENV_LANG, "project", "locale", "default")


class UnknownLanguage(ValueError):
    """An explicit choice (`--lang`, `PLANTRACK_LANG`, the project file) names no language we have."""

    def __init__(self, source: str, value: str) -> None:
        self.source, self.value = source, value
        super().__init__(
            _("unknown language {value!r} given by {source} (available: {languages})").format(
                value=value, source=source, languages=", ".join(LANGUAGES)
            )
        )


@dataclass(frozen=True, slots=True)
class Choice:
    """A language and the source that chose it (one of `SOURCES`)."""

    language: str
    source: str

    @property
    def explicit(self) -> bool:
        """Chosen for this run (option or variable): the project's own language does not override it."""
        return self.source in (LANG_OPTION, ENV_LANG)


def lang_option(argv: Sequence[str]) -> str | None:
    """The value of the last `--lang X` / `--lang=X` before `--`, read before the parser exists.

    The parser's help texts are translated while it is built, so the language must be known first.
    """
    found = None
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == LANG_OPTION and index + 1 < len(argv):
            found = argv[index + 1]
        elif word.startswith(LANG_OPTION + "="):
            found = word.partition("=")[2]
    return found


def _known(source: str, value: str) -> str:
    code = value.strip().lower()
    if code not in LANGUAGES:
        raise UnknownLanguage(source, value)
    return code


def explicit_choice(argv: Sequence[str], env: Mapping[str, str]) -> Choice | None:
    """`--lang`, else `PLANTRACK_LANG`; None when neither is given. Raises UnknownLanguage."""
    option = lang_option(argv)
    if option is not None:
        return Choice(_known(LANG_OPTION, option), LANG_OPTION)
    variable = env.get(ENV_LANG, "").strip()
    if variable:
        return Choice(_known(ENV_LANG, variable), ENV_LANG)
    return None


def locale_language(env: Mapping[str, str]) -> str | None:
    """The language of the POSIX locale (`fr_FR.UTF-8` -> `fr`), if it is one we speak."""
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in LANGUAGES else None
    return None


def choose(argv: Sequence[str], env: Mapping[str, str], project: str | None = None) -> Choice:
    """The language of a run, by the documented order; raises UnknownLanguage for an explicit bad one."""
    explicit = explicit_choice(argv, env)
    if explicit is not None:
        return explicit
    if project:
        return Choice(_known("project", project), "project")
    found = locale_language(env)
    return Choice(found, "locale") if found else Choice(DEFAULT_LANGUAGE, "default")


_warned: list[str] = []


def activate(code: str) -> str | None:
    """Speak `code` from now on; a warning (once per run) if its catalog is broken and English is used."""
    if code == language():
        return None
    try:
        set_language(code)
    except CatalogMissing as exc:
        if _warned:
            return None
        _warned.append(code)
        return f"warning: the {code!r} catalog cannot be read ({exc}); continuing in English"
    return None


def route_argparse() -> None:
    """Make argparse's own words ("usage:", "options", its errors) come from our catalog.

    argparse looks up its module-global `_` and `ngettext` at each call, so rebinding them suffices.
    """
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]

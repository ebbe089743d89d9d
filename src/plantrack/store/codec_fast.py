"""Per-class encoders and decoders compiled once from the model's type hints: the codec's fast path.

A 100k-task workspace decodes about 500k objects; a generic loop calling one converter per field
spends most of its time in calls. Here each dataclass gets one generated function that checks every
field inline. The fast decoder accepts exactly the documents the codec's located decoder accepts and
builds the same objects; on anything else it raises `Slow` and the codec re-decodes the document
with the located decoder, which names the offending spot.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Callable
from typing import Any

#: Immutable leaf objects (all fields scalars, e.g. Duration) are shared between equal documents.
MEMO_LIMIT = 1 << 16


class Slow(Exception):
    """The fast path cannot decode this document; the located decoder will say why."""


# Datetimes repeat a lot (one per calendar day at most in a plan): parse each text once.
_parse_datetime = functools.lru_cache(maxsize=MEMO_LIMIT)(dt.datetime.fromisoformat)

_SCALARS = (str, int, float, bool)


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(members) != 1:
            raise TypeError(f"unsupported union {tp!r} in the model")
        return members[0], True
    return tp, False


def _indent(lines: list[str], depth: int) -> list[str]:
    return [" " * depth + line for line in lines]


class _Builder:
    """Source lines and their global names for one generated function."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {"Slow": Slow, "_dt": _parse_datetime}

    def bind(self, value: Any) -> str:
        name = f"_g{len(self.names)}"
        self.names[name] = value
        return name

    def check(self, tp: Any, var: str) -> list[str]:
        """Lines turning the JSON value in `var` into the model value of type `tp`, in place."""
        inner, optional = _unwrap_optional(tp)
        body = self._check_plain(inner, var)
        if optional:
            return [f"if {var} is not None:", *_indent(body, 1)]
        return body

    def _check_plain(self, tp: Any, var: str) -> list[str]:
        if tp is float:
            return [
                f"if type({var}) is not float:",
                f"    if type({var}) is int: {var} = float({var})",
                "    else: raise Slow",
            ]
        if tp in (str, int, bool):
            return [f"if type({var}) is not {tp.__name__}: raise Slow"]
        if tp is dt.datetime:
            return [f"if type({var}) is not str: raise Slow", f"{var} = _dt({var})"]
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            members = {m.value: m for m in tp}
            if not all(type(v) is str for v in members):
                raise TypeError(f"enum {tp!r} with non-text values in the model")
            table = self.bind(members)
            return [
                f"{var} = {table}.get({var}) if type({var}) is str else None",
                f"if {var} is None: raise Slow",
            ]
        if typing.get_origin(tp) is tuple:
            args = typing.get_args(tp)
            if len(args) != 2 or args[1] is not Ellipsis:
                raise TypeError(f"unsupported tuple {tp!r} in the model")
            item = self.bind(fast_value(args[0]))
            return [
                f"if type({var}) is not list: raise Slow",
                f"{var} = tuple([{item}(x) for x in {var}]) if {var} else ()",
            ]
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            return [f"{var} = {self.bind(fast_decoder(tp))}({var})"]
        raise TypeError(f"the store cannot decode model type {tp!r}; teach store/codec.py about it")

    def encode(self, tp: Any, expr: str) -> str:
        """An expression giving the JSON form of the model value `expr` of type `tp`."""
        inner, optional = _unwrap_optional(tp)
        if optional:
            plain = self._encode_plain(inner, "_o")
            return expr if plain == "_o" else f"(None if (_o := {expr}) is None else {plain})"
        return self._encode_plain(inner, expr)

    def _encode_plain(self, tp: Any, expr: str) -> str:
        if tp in _SCALARS:
            return expr
        if tp is dt.datetime:
            return f"{expr}.isoformat()"
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return f"{expr}.value"
        if typing.get_origin(tp) is tuple:
            (item_tp, _) = typing.get_args(tp)
            if item_tp in _SCALARS:
                return f"list({expr})"
            return f"[{self.bind(fast_encoder_of(item_tp))}(x) for x in {expr}]"
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            return f"{self.bind(fast_encoder(tp))}({expr})"
        raise TypeError(f"the store cannot encode model type {tp!r}; teach store/codec.py about it")

    def compile(self, source: list[str], name: str) -> Callable[[Any], Any]:
        namespace = dict(self.names)
        exec("\n".join(source), namespace)  # source built above from type hints only, no user data
        return typing.cast(Callable[[Any], Any], namespace[name])


@functools.cache
def fast_value(tp: Any) -> Callable[[Any], Any]:
    """A decoder for one value of type `tp` (a list item), raising Slow when it does not fit."""
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return fast_decoder(tp)
    builder = _Builder()
    source = ["def dec(a):", *_indent(builder.check(tp, "a"), 4), "    return a"]
    return builder.compile(source, "dec")


@functools.cache
def fast_decoder(cls: type) -> Callable[[Any], Any]:
    """Decoder of a complete `cls` document (every field present, as the store writes them)."""
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    builder = _Builder()
    names = builder.bind(frozenset(f.name for f in fields))
    klass = builder.bind(cls)
    source = ["def dec(value):", f"    if type(value) is not dict or value.keys() != {names}: raise Slow"]
    args = []
    for i, f in enumerate(fields):
        source.append(f"    a{i} = value[{f.name!r}]")
        source += _indent(builder.check(hints[f.name], f"a{i}"), 4)
        args.append(f"{f.name}=a{i}")
    call = f"{klass}({', '.join(args)})"
    leaf = all(hints[f.name] in _SCALARS for f in fields)
    frozen: bool = cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    if leaf and frozen:
        memo = builder.bind({})
        key = "(" + "".join(f"a{i}, " for i in range(len(fields))) + ")"
        source += [
            f"    found = {memo}.get({key})",
            "    if found is not None: return found",
            f"    found = {call}",
            f"    if len({memo}) < {MEMO_LIMIT}: {memo}[{key}] = found",
            "    return found",
        ]
    else:
        source.append(f"    return {call}")
    return builder.compile(source, "dec")


@functools.cache
def fast_encoder_of(tp: Any) -> Callable[[Any], Any]:
    """Encoder of one value of type `tp` (a list item)."""
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return fast_encoder(tp)
    builder = _Builder()
    return builder.compile(["def enc(a):", f"    return {builder.encode(tp, 'a')}"], "enc")


@functools.cache
def fast_encoder(cls: type) -> Callable[[Any], Any]:
    """Encoder of a `cls` instance: every field, defaults included, keys in sorted order."""
    hints = typing.get_type_hints(cls)
    builder = _Builder()
    items = [
        f"{f.name!r}: {builder.encode(hints[f.name], f'v.{f.name}')}"
        for f in sorted(dataclasses.fields(cls), key=lambda f: f.name)
    ]
    return builder.compile(["def enc(v):", f"    return {{{', '.join(items)}}}"], "enc")

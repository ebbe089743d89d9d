"""Exact mapping between the domain model (`Project` and every object in it) and JSON documents.

The converters are derived once per class from the dataclass type hints, so a field added to the
model is stored without touching this file; decoding is strict (unknown or missing fields, wrong
types) because a silently dropped field would be data loss on the next save.
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

from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import Project

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any, str], Any]


class CodecError(ValueError):
    """A stored document does not describe a valid object; `where` is a path like `tasks[3].duration`."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.detail = message


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _expect(ok: bool, value: Any, wanted: str, where: str) -> None:
    if not ok:
        raise CodecError(where, f"expected {wanted}, found {_type_name(value)} {value!r:.60}")


def _decode_str(value: Any, where: str) -> str:
    _expect(isinstance(value, str), value, "a string", where)
    return typing.cast(str, value)


def _decode_int(value: Any, where: str) -> int:
    _expect(isinstance(value, int) and not isinstance(value, bool), value, "an integer", where)
    return typing.cast(int, value)


def _decode_float(value: Any, where: str) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    _expect(ok, value, "a number", where)
    return float(value)


def _decode_bool(value: Any, where: str) -> bool:
    _expect(isinstance(value, bool), value, "true or false", where)
    return typing.cast(bool, value)


def _decode_datetime(value: Any, where: str) -> dt.datetime:
    _expect(isinstance(value, str), value, "a date-time string (YYYY-MM-DDTHH:MM:SS)", where)
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise CodecError(where, f"{value!r:.60} is not a date-time (YYYY-MM-DDTHH:MM:SS)") from None


def _encode_datetime(value: dt.datetime) -> str:
    return value.isoformat()


def _identity(value: Any) -> Any:
    return value


@functools.cache
def _converters(tp: Any) -> tuple[Encoder, Decoder]:
    """(encode, decode) for a type hint; built once per type and reused for every value."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(members) != 1:
            raise TypeError(f"unsupported union {tp!r} in the model")
        inner_enc, inner_dec = _converters(members[0])

        def enc_opt(value: Any) -> Any:
            return None if value is None else inner_enc(value)

        def dec_opt(value: Any, where: str) -> Any:
            return None if value is None else inner_dec(value, where)

        return enc_opt, dec_opt
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"unsupported tuple {tp!r} in the model")
        item_enc, item_dec = _converters(args[0])

        def enc_seq(value: Any) -> Any:
            return [item_enc(v) for v in value]

        def dec_seq(value: Any, where: str) -> Any:
            _expect(isinstance(value, list), value, "a list", where)
            return tuple(item_dec(v, f"{where}[{i}]") for i, v in enumerate(value))

        return enc_seq, dec_seq
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        enum_type = tp

        def enc_enum(value: Any) -> Any:
            return value.value

        def dec_enum(value: Any, where: str) -> Any:
            try:
                return enum_type(value)
            except ValueError:
                known = ", ".join(str(m.value) for m in enum_type)
                raise CodecError(where, f"{value!r:.60} is not one of {known}") from None

        return enc_enum, dec_enum
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _dataclass_converters(tp)
    scalars: dict[Any, tuple[Encoder, Decoder]] = {
        str: (_identity, _decode_str),
        int: (_identity, _decode_int),
        float: (_identity, _decode_float),
        bool: (_identity, _decode_bool),
        dt.datetime: (_encode_datetime, _decode_datetime),
    }
    if tp in scalars:
        return scalars[tp]
    raise TypeError(f"the store cannot encode model type {tp!r}; teach store/codec.py about it")


def _dataclass_converters(cls: type) -> tuple[Encoder, Decoder]:
    hints = typing.get_type_hints(cls)
    fields = [(f.name, _converters(hints[f.name])) for f in dataclasses.fields(cls)]
    required = {
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    names = {name for name, _ in fields}

    def enc_obj(value: Any) -> Any:
        # every field is written, defaults included: the file must not change meaning if a default does
        return {name: enc(getattr(value, name)) for name, (enc, _) in fields}

    def dec_obj(value: Any, where: str) -> Any:
        _expect(isinstance(value, dict), value, f"an object ({cls.__name__})", where)
        unknown = sorted(set(value) - names)
        if unknown:
            raise CodecError(where, f"unknown field(s) {', '.join(unknown)} for {cls.__name__}")
        missing = sorted(required - set(value))
        if missing:
            raise CodecError(where, f"missing field(s) {', '.join(missing)} for {cls.__name__}")
        kwargs = {
            name: dec(value[name], f"{where}.{name}" if where else name)
            for name, (_, dec) in fields
            if name in value
        }
        try:
            return cls(**kwargs)
        except ModelError as exc:
            raise CodecError(where, str(exc)) from None

    return enc_obj, dec_obj


def encode(cls: type, value: Any) -> Any:
    """JSON-able form of `value` (an instance of the model dataclass `cls`)."""
    return _converters(cls)[0](value)


def decode(cls: type, document: Any, where: str = "") -> Any:
    """Rebuild a `cls` instance from its JSON form; raises CodecError naming the offending spot."""
    return _converters(cls)[1](document, where)


def encode_project(project: Project) -> dict[str, Any]:
    return typing.cast(dict[str, Any], encode(Project, project))


def decode_project(document: Any) -> Project:
    return typing.cast(Project, decode(Project, document))


def encode_duration(value: Duration) -> dict[str, Any]:
    return typing.cast(dict[str, Any], encode(Duration, value))


def decode_duration(document: Any, where: str = "") -> Duration:
    return typing.cast(Duration, decode(Duration, document, where))


def project_collections() -> tuple[str, ...]:
    """Project fields holding a sequence of model objects (tasks, links...): each becomes a table."""
    hints = typing.get_type_hints(Project)
    out = []
    for f in dataclasses.fields(Project):
        tp = hints[f.name]
        if typing.get_origin(tp) is tuple and dataclasses.is_dataclass(typing.get_args(tp)[0]):
            out.append(f.name)
    return tuple(out)

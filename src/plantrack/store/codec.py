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

import msgspec

from plantrack.i18n import _
from plantrack.scheduling.duration import Duration
from plantrack.scheduling.errors import ModelError
from plantrack.scheduling.model import Project
from plantrack.store.codec_fast import Slow, fast_decoder, fast_encoder

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


class CodecError(ValueError):
    """A stored document does not describe a valid object; `where` is a path like `tasks[3].duration`."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.detail = message

    def inside(self, part: str) -> CodecError:
        """The same error seen from the enclosing object (`part` is a field name or `[i]`)."""
        if not self.where:
            where = part
        elif self.where.startswith("["):
            where = part + self.where
        else:
            where = f"{part}.{self.where}"
        return CodecError(where, self.detail)


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _wrong(value: Any, wanted: str) -> CodecError:
    return CodecError(
        "",
        _("expected {wanted}, found {kind} {value}").format(
            wanted=wanted, kind=_type_name(value), value=f"{value!r:.60}"
        ),
    )


# Decoders check types exactly (bool is not an int here) and build error paths only on failure:
# a 10k-task workspace decodes about 100k objects on every read.
def _decode_str(value: Any) -> str:
    if type(value) is str:
        return value
    raise _wrong(value, _("a string"))


def _decode_int(value: Any) -> int:
    if type(value) is int:
        return value
    raise _wrong(value, _("an integer"))


def _decode_float(value: Any) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    raise _wrong(value, _("a number"))


def _decode_bool(value: Any) -> bool:
    if type(value) is bool:
        return value
    raise _wrong(value, _("true or false"))


def _decode_datetime(value: Any) -> dt.datetime:
    if type(value) is not str:
        raise _wrong(value, _("a date-time string (YYYY-MM-DDTHH:MM:SS)"))
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise CodecError(
            "", _("{value} is not a date-time (YYYY-MM-DDTHH:MM:SS)").format(value=f"{value!r:.60}")
        ) from None


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

        def dec_opt(value: Any) -> Any:
            return None if value is None else inner_dec(value)

        return enc_opt, dec_opt
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"unsupported tuple {tp!r} in the model")
        item_enc, item_dec = _converters(args[0])

        def enc_seq(value: Any) -> Any:
            return [item_enc(v) for v in value]

        def dec_seq(value: Any) -> Any:
            if type(value) is not list:
                raise _wrong(value, _("a list"))
            out = []
            for index, item in enumerate(value):
                try:
                    out.append(item_dec(item))
                except CodecError as exc:
                    raise exc.inside(f"[{index}]") from None
            return tuple(out)

        return enc_seq, dec_seq
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        enum_type = tp

        def enc_enum(value: Any) -> Any:
            return value.value

        def dec_enum(value: Any) -> Any:
            try:
                return enum_type(value)
            except ValueError:
                known = ", ".join(str(m.value) for m in enum_type)
                raise CodecError(
                    "", _("{value} is not one of {known}").format(value=f"{value!r:.60}", known=known)
                ) from None

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
    fields = [(f.name, *_converters(hints[f.name])) for f in dataclasses.fields(cls)]
    required = frozenset(
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    names = frozenset(name for name, _hint, _dec in fields)

    # every field is written, defaults included: the file must not change meaning if a default does
    enc_obj = fast_encoder(cls)
    fast = fast_decoder(cls)

    def dec_obj(value: Any) -> Any:
        try:
            return fast(value)
        except (Slow, ValueError):  # CodecError and ModelError are ValueErrors: located below
            LOCATED_CALLS[0] += 1
            return dec_obj_located(value)

    def dec_obj_located(value: Any) -> Any:
        if type(value) is not dict:
            raise _wrong(value, _("an object ({kind})").format(kind=cls.__name__))
        keys = value.keys()
        if not (keys <= names and required <= keys):
            unknown = sorted(keys - names)
            if unknown:
                raise CodecError(
                    "",
                    _("unknown field(s) {fields} for {kind}").format(
                        fields=", ".join(unknown), kind=cls.__name__
                    ),
                )
            missing = sorted(required - keys)
            raise CodecError(
                "",
                _("missing field(s) {fields} for {kind}").format(
                    fields=", ".join(missing), kind=cls.__name__
                ),
            )
        kwargs = {}
        for name, _hint, dec in fields:
            if name in value:
                try:
                    kwargs[name] = dec(value[name])
                except CodecError as exc:
                    raise exc.inside(name) from None
        try:
            return cls(**kwargs)
        except ModelError as exc:
            raise CodecError("", str(exc)) from None

    _LOCATED[cls] = dec_obj_located
    return enc_obj, dec_obj


#: How many documents went through the located decoder (one lacked a field, or held a wrong value).
LOCATED_CALLS = [0]
#: The field-by-field decoder of each model class: the reference the fast path must agree with.
_LOCATED: dict[type, Decoder] = {}


def located_decoder(cls: type) -> Decoder:
    """The decoder that checks `cls` documents field by field (slower; names the offending spot)."""
    _converters(cls)
    return _LOCATED[cls]


def encode(cls: type, value: Any) -> Any:
    """JSON-able form of `value` (an instance of the model dataclass `cls`)."""
    return _converters(cls)[0](value)


def decode(cls: type, document: Any, where: str = "") -> Any:
    """Rebuild a `cls` instance from its JSON form; raises CodecError naming the offending spot."""
    try:
        return _converters(cls)[1](document)
    except CodecError as exc:
        raise (exc.inside(where) if where else exc) from None


def fast_convert(documents: Any, kind: Any) -> Any:
    """`documents` (JSON values) as `kind`, by msgspec in C, or None when it does not take them.

    Only for a sealed file (written by this very version): msgspec ignores unknown fields where the
    codec refuses them, so anything else goes through the codec, which also names a bad spot.
    """
    try:
        return msgspec.convert(documents, kind)
    except Exception:  # a wrong value, or a model check failing in __post_init__: the codec will say
        return None


def encode_project(project: Project) -> dict[str, Any]:
    return typing.cast(dict[str, Any], encode(Project, project))


def decode_project(document: Any) -> Project:
    return typing.cast(Project, decode(Project, document))


def encode_duration(value: Duration) -> dict[str, Any]:
    return typing.cast(dict[str, Any], encode(Duration, value))


def decode_duration(document: Any, where: str = "") -> Duration:
    return typing.cast(Duration, decode(Duration, document, where))


@functools.cache
def collection_types() -> dict[str, type]:
    """Each project collection (a table of its own) and the model class of its items."""
    hints = typing.get_type_hints(Project)
    return {name: typing.get_args(hints[name])[0] for name in project_collections()}


def project_collections() -> tuple[str, ...]:
    """Project fields holding a sequence of model objects (tasks, links...): each becomes a table."""
    hints = typing.get_type_hints(Project)
    out = []
    for f in dataclasses.fields(Project):
        tp = hints[f.name]
        if typing.get_origin(tp) is tuple and dataclasses.is_dataclass(typing.get_args(tp)[0]):
            out.append(f.name)
    return tuple(out)

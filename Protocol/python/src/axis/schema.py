"""A small declarative schema for Axis messages (PROTOCOL.md §3).

Each message is a dataclass with a ``FIELDS`` tuple of :class:`F` specs, the
table of its section in PROTOCOL.md. :class:`Message` encodes and decodes any
such class:

* decoding skips unknown fields, keeps the last value of a repeated scalar,
  bounds counts while reading, checks integer ranges (``BAD_PAYLOAD``), string
  sizes (``LIMIT_EXCEEDED``), UTF-8 and bool values (§3.2, §3.3);
* encoding writes fields in ascending number order (or the message's
  ``ENCODE_ORDER``) and omits a field whose value is ``None``, an empty list,
  or equal to its default, unless the field is required or marked
  ``always`` (§3.4).

Defaults (§3.4): an attribute's dataclass default is the field's default. A
field whose default is *none* (``as_of_ms``, Error ``index``/``offset``, a
request count whose absence means the server's default) defaults to ``None``,
so a present 0 is kept on decoding and written on encoding. Writing a default
is optional, so one message can have several encodings.

Round-trip fidelity: the reference server writes some fields at their default
(the vectors show its bytes). A decoded message remembers which fields were
present on the wire (``wire_fields``), and re-encoding writes those fields
again even when they hold their default. A message built in Python has no such
memory and omits its defaults (``canonical()`` gives that form for a decoded
one).
"""

from __future__ import annotations

import dataclasses
from dataclasses import MISSING
from typing import Any, ClassVar, Iterable, TypeVar

from . import wire
from .errors import BadPayload, LimitExceeded

UINT = "uint"
SINT = "sint"
BOOL = "bool"
STRING = "string"
BYTES = "bytes"
MESSAGE = "message"
PACKED = "packed"  # packed list of uint

_WIRE_TYPE = {
    UINT: wire.VARINT,
    SINT: wire.VARINT,
    BOOL: wire.VARINT,
    STRING: wire.LEN,
    BYTES: wire.LEN,
    MESSAGE: wire.LEN,
    PACKED: wire.LEN,
}


@dataclasses.dataclass(frozen=True)
class F:
    """One row of a message table.

    ``bits`` bounds a uint (8, 16, 32 or 64). ``max_len`` bounds a string or
    bytes field in bytes, ``exact_len`` fixes it (``bytes = 32``).
    ``max_count``/``min_count`` bound repeated fields. ``always`` marks a
    field "always written" (§3.4 exception).
    """

    number: int
    name: str
    kind: str
    bits: int = 64
    max_len: int | None = None
    exact_len: int | None = None
    repeated: bool = False
    max_count: int | None = None
    min_count: int = 0
    message: Any = None  # a Message subclass, or a zero-arg callable returning one
    required: bool = False
    always: bool = False

    @property
    def wire_type(self) -> int:
        return _WIRE_TYPE[self.kind]

    def message_class(self) -> type["Message"]:
        m = self.message
        if isinstance(m, type):
            return m
        return m()


# Convenience constructors, so that message tables read like the spec's.
def Uint(number: int, name: str, bits: int = 64, **kw: Any) -> F:
    return F(number, name, UINT, bits=bits, **kw)


def Sint(number: int, name: str, **kw: Any) -> F:
    return F(number, name, SINT, **kw)


def Bool(number: int, name: str, **kw: Any) -> F:
    return F(number, name, BOOL, **kw)


def Str(number: int, name: str, max_len: int | None = None, **kw: Any) -> F:
    return F(number, name, STRING, max_len=max_len, **kw)


def Bytes(number: int, name: str, max_len: int | None = None, **kw: Any) -> F:
    return F(number, name, BYTES, max_len=max_len, **kw)


def Msg(number: int, name: str, message: Any, **kw: Any) -> F:
    return F(number, name, MESSAGE, message=message, **kw)


def Packed(number: int, name: str, bits: int = 64, **kw: Any) -> F:
    return F(number, name, PACKED, bits=bits, repeated=True, **kw)


M = TypeVar("M", bound="Message")


class Message:
    """Base class of every Axis message. Subclasses are dataclasses with ``FIELDS``."""

    FIELDS: ClassVar[tuple[F, ...]] = ()
    #: Field numbers in the order the encoder writes them; default ascending.
    ENCODE_ORDER: ClassVar[tuple[int, ...] | None] = None

    # -- bookkeeping -------------------------------------------------------
    @classmethod
    def _fields_by_number(cls) -> dict[int, F]:
        cache = cls.__dict__.get("_by_number")
        if cache is None:
            cache = {f.number: f for f in cls.FIELDS}
            setattr(cls, "_by_number", cache)
        return cache

    @classmethod
    def _defaults(cls) -> dict[str, Any]:
        cache = cls.__dict__.get("_default_values")
        if cache is None:
            cache = {}
            for dc_field in dataclasses.fields(cls):  # type: ignore[arg-type]
                if dc_field.default is not MISSING:
                    cache[dc_field.name] = dc_field.default
                elif dc_field.default_factory is not MISSING:  # type: ignore[misc]
                    cache[dc_field.name] = dc_field.default_factory()  # type: ignore[misc]
            setattr(cls, "_default_values", cache)
        return cache

    @property
    def wire_fields(self) -> frozenset[int]:
        """Field numbers that were present when this message was decoded."""
        return getattr(self, "_wire_fields", frozenset())

    # -- encoding ----------------------------------------------------------
    def encode(self) -> bytes:
        """Encode as a payload (§3.2, §3.4); checks every limit in the table."""
        cls = type(self)
        by_number = cls._fields_by_number()
        order = cls.ENCODE_ORDER or tuple(sorted(by_number))
        defaults = cls._defaults()
        present = self.wire_fields
        out = bytearray()
        for number in order:
            f = by_number[number]
            value = getattr(self, f.name)
            if f.repeated:
                items = list(value or ())
                self._check_count(f, len(items))
                if f.kind == PACKED:
                    if not items and number not in present:
                        continue
                    body = b"".join(wire.encode_varint(_check_uint(f, v)) for v in items)
                    out += wire.encode_len_field(number, body)
                else:
                    for item in items:
                        out += _encode_one(f, item)
                continue
            if value is None:
                if f.required:
                    raise BadPayload(f"{cls.__name__}.{f.name} is required", field=f.name, local=True)
                continue
            if not (f.required or f.always or number in present) and value == defaults.get(f.name):
                continue
            out += _encode_one(f, value)
        return bytes(out)

    @staticmethod
    def _check_count(f: F, n: int) -> None:
        if f.max_count is not None and n > f.max_count:
            raise LimitExceeded(
                f"{f.name}: {n} items, the maximum is {f.max_count}",
                field=f.name, limit=f.max_count, local=True,
            )
        if n < f.min_count:
            raise BadPayload(
                f"{f.name}: {n} items, at least {f.min_count} are required",
                field=f.name, local=True,
            )

    # -- decoding ----------------------------------------------------------
    @classmethod
    def decode(cls: type[M], payload: bytes | memoryview) -> M:
        """Decode a payload (§3.3). Raises :class:`BadPayload` or :class:`LimitExceeded`."""
        by_number = cls._fields_by_number()
        values: dict[str, Any] = {}
        lists: dict[str, list[Any]] = {}
        present: set[int] = set()
        for raw in wire.iter_fields(payload):
            f = by_number.get(raw.number)
            if f is None:
                continue  # unknown fields are skipped (§3.3)
            present.add(raw.number)
            if f.kind == PACKED:
                items = lists.setdefault(f.name, [])
                if raw.wire_type == wire.LEN:
                    for v in wire.iter_packed_varints(raw.value):  # type: ignore[arg-type]
                        items.append(_check_uint(f, v, decoding=True))
                        _bound_count(f, len(items))
                elif raw.wire_type == wire.VARINT:
                    # Protobuf readers accept an unpacked element too.
                    items.append(_check_uint(f, raw.value, decoding=True))  # type: ignore[arg-type]
                    _bound_count(f, len(items))
                continue
            if raw.wire_type != f.wire_type:
                raise BadPayload(
                    f"{cls.__name__}.{f.name} (field {f.number}) has wire type {raw.wire_type}, "
                    f"expected {f.wire_type}", field=f.name, local=True,
                )
            value = _decode_one(f, raw.value)
            if f.repeated:
                items = lists.setdefault(f.name, [])
                items.append(value)
                _bound_count(f, len(items))
            else:
                values[f.name] = value  # the last value wins (§3.3)
        for f in cls.FIELDS:
            if f.repeated:
                n = len(lists.get(f.name, ()))
                if f.min_count and n < f.min_count:
                    raise BadPayload(
                        f"{cls.__name__}.{f.name}: {n} items, at least {f.min_count} required",
                        field=f.name, local=True,
                    )
                if f.name in lists:
                    values[f.name] = lists[f.name]
            elif f.required and f.name not in values:
                raise BadPayload(f"{cls.__name__}.{f.name} (field {f.number}) is required but absent",
                                 field=f.name, local=True)
        msg = cls(**values)  # type: ignore[call-arg]
        object.__setattr__(msg, "_wire_fields", frozenset(present))
        return msg

    def canonical(self: M) -> M:
        """A deep copy that forgets which fields were on the wire, so that it
        encodes with its defaults omitted (unless required or "always
        written"): the same message as ``self`` (§3.4), in fewer bytes."""
        changes: dict[str, Any] = {}
        for f in self.FIELDS:
            v = getattr(self, f.name)
            if isinstance(v, Message):
                changes[f.name] = v.canonical()
            elif isinstance(v, list) and v and isinstance(v[0], Message):
                changes[f.name] = [x.canonical() for x in v]
        clone = dataclasses.replace(self, **changes)  # type: ignore[type-var]
        object.__setattr__(clone, "_wire_fields", frozenset())
        return clone

    def to_dict(self) -> dict[str, Any]:
        """The message as plain Python data (nested messages become dicts)."""
        out: dict[str, Any] = {}
        for f in self.FIELDS:
            out[f.name] = _plain(getattr(self, f.name))
        return out


def _plain(v: Any) -> Any:
    if isinstance(v, Message):
        return v.to_dict()
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _bound_count(f: F, n: int) -> None:
    if f.max_count is not None and n > f.max_count:
        raise LimitExceeded(
            f"{f.name}: more than {f.max_count} items", field=f.name, limit=f.max_count, local=True
        )


def _check_uint(f: F, v: Any, decoding: bool = False) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError(f"{f.name}: expected an int, got {type(v).__name__}")
    if v < 0 or v >= (1 << f.bits):
        raise BadPayload(f"{f.name}: {v} is out of the u{f.bits} range", field=f.name, local=True)
    return v


def _check_len(f: F, n: int) -> None:
    if f.exact_len is not None and n != f.exact_len:
        raise BadPayload(f"{f.name}: {n} bytes, must be exactly {f.exact_len}", field=f.name, local=True)
    if f.max_len is not None and n > f.max_len:
        raise LimitExceeded(
            f"{f.name} is {n} bytes, the maximum is {f.max_len}",
            field=f.name, limit=f.max_len, local=True,
        )


def _encode_one(f: F, value: Any) -> bytes:
    k = f.kind
    if k == UINT:
        return wire.encode_varint_field(f.number, _check_uint(f, value))
    if k == SINT:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{f.name}: expected an int")
        return wire.encode_varint_field(f.number, wire.zigzag_encode(value))
    if k == BOOL:
        return wire.encode_varint_field(f.number, 1 if value else 0)
    if k == STRING:
        if not isinstance(value, str):
            raise TypeError(f"{f.name}: expected a str, got {type(value).__name__}")
        data = value.encode("utf-8")
        _check_len(f, len(data))
        return wire.encode_len_field(f.number, data)
    if k == BYTES:
        data = bytes(value)
        _check_len(f, len(data))
        return wire.encode_len_field(f.number, data)
    if k == MESSAGE:
        if not isinstance(value, Message):
            raise TypeError(f"{f.name}: expected a message, got {type(value).__name__}")
        return wire.encode_len_field(f.number, value.encode())
    raise AssertionError(k)


def _decode_one(f: F, raw: Any) -> Any:
    k = f.kind
    if k == UINT:
        return _check_uint(f, raw, decoding=True)
    if k == SINT:
        return wire.zigzag_decode(raw)
    if k == BOOL:
        if raw not in (0, 1):
            raise BadPayload(f"{f.name}: bool value {raw} is neither 0 nor 1", field=f.name, local=True)
        return bool(raw)
    if k == STRING:
        _check_len(f, len(raw))
        try:
            return bytes(raw).decode("utf-8")
        except UnicodeDecodeError as e:
            raise BadPayload(f"{f.name}: invalid UTF-8 ({e.reason})", field=f.name, local=True) from None
    if k == BYTES:
        _check_len(f, len(raw))
        return bytes(raw)
    if k == MESSAGE:
        return f.message_class().decode(raw)
    raise AssertionError(k)


def message(cls: type[M]) -> type[M]:
    """Class decorator: make ``cls`` a dataclass and check its ``FIELDS`` table."""
    cls = dataclasses.dataclass(cls)  # type: ignore[assignment]
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    numbers: set[int] = set()
    for f in cls.FIELDS:
        if f.name not in names:
            raise TypeError(f"{cls.__name__}: field {f.name!r} has no attribute")
        if f.number in numbers:
            raise TypeError(f"{cls.__name__}: duplicate field number {f.number}")
        numbers.add(f.number)
    if cls.ENCODE_ORDER is not None and sorted(cls.ENCODE_ORDER) != sorted(numbers):
        raise TypeError(f"{cls.__name__}: ENCODE_ORDER must list every field")
    return cls


def merge(pages: Iterable[M]) -> M | None:
    """Merge the frames of a stream into one message (§4.3).

    Repeated fields are concatenated in order; singular fields keep the last
    value that was present on the wire (the first-frame and final-frame fields
    of a stream are then all kept).
    """
    result: M | None = None
    acc: dict[str, Any] = {}
    cls: type[M] | None = None
    for page in pages:
        cls = type(page)
        for f in page.FIELDS:
            v = getattr(page, f.name)
            if f.repeated:
                acc.setdefault(f.name, []).extend(v or ())
            elif f.number in page.wire_fields or (not page.wire_fields and v is not None):
                acc[f.name] = v
    if cls is None:
        return result
    return cls(**acc)  # type: ignore[call-arg]

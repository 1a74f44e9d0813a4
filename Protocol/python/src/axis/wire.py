"""Low-level payload encoding: varints, zigzag, tagged fields (PROTOCOL.md §3).

This module knows nothing about messages; :mod:`axis.schema` builds on it.
Errors raised here are :class:`axis.errors.BadPayload` (malformed bytes) so that
callers can report them with the code the spec prescribes.
"""

from __future__ import annotations

from typing import Iterator

from .errors import BadPayload

#: Wire type 0: one varint (§3.2).
VARINT = 0
#: Wire type 2: a varint byte count, then that many bytes (§3.2).
LEN = 2

MAX_U64 = (1 << 64) - 1
MAX_FIELD_NUMBER = (1 << 29) - 1


def encode_varint(value: int) -> bytes:
    """Encode an unsigned integer as a shortest-form LEB128 varint (§3.1)."""
    if value < 0 or value > MAX_U64:
        raise ValueError(f"varint out of range: {value}")
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def decode_varint(buf: bytes | memoryview, pos: int, end: int | None = None) -> tuple[int, int]:
    """Decode one varint at ``pos``; return ``(value, new_pos)``.

    Rejects an 11th byte and a 10th byte above ``0x01`` (overflow), and a varint
    cut short by ``end`` (§3.1, §3.3). Non-shortest forms are accepted on input,
    since §3.1 only obliges *encoders* to write the shortest form.
    """
    if end is None:
        end = len(buf)
    result = 0
    shift = 0
    for i in range(10):
        if pos >= end:
            raise BadPayload("varint cut short by the end of the payload")
        byte = buf[pos]
        pos += 1
        if i == 9 and byte > 0x01:
            raise BadPayload("varint overflows 64 bits")
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
    raise BadPayload("varint longer than 10 bytes")


def zigzag_encode(n: int) -> int:
    """Map a signed 64-bit integer to an unsigned one: 0,-1,1,-2 → 0,1,2,3 (§3.1)."""
    if n < -(1 << 63) or n >= (1 << 63):
        raise ValueError(f"signed value out of 64-bit range: {n}")
    return ((n << 1) ^ (n >> 63)) & MAX_U64


def zigzag_decode(u: int) -> int:
    """Inverse of :func:`zigzag_encode`."""
    return (u >> 1) ^ -(u & 1)


def encode_key(number: int, wire_type: int) -> bytes:
    """Encode a field key ``(number << 3) | wire_type`` (§3.2)."""
    if not 1 <= number <= MAX_FIELD_NUMBER:
        raise ValueError(f"field number out of range: {number}")
    return encode_varint((number << 3) | wire_type)


def encode_varint_field(number: int, value: int) -> bytes:
    """A complete wire-type-0 field."""
    return encode_key(number, VARINT) + encode_varint(value)


def encode_len_field(number: int, data: bytes) -> bytes:
    """A complete wire-type-2 field."""
    return encode_key(number, LEN) + encode_varint(len(data)) + bytes(data)


class RawField:
    """One field as read from the wire: number, wire type and raw value.

    ``value`` is an ``int`` for wire type 0 and a ``memoryview`` for wire type 2.
    """

    __slots__ = ("number", "wire_type", "value")

    def __init__(self, number: int, wire_type: int, value: int | memoryview) -> None:
        self.number = number
        self.wire_type = wire_type
        self.value = value

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        v = self.value if isinstance(self.value, int) else bytes(self.value)
        return f"RawField({self.number}, wt={self.wire_type}, {v!r})"


def iter_fields(payload: bytes | memoryview) -> Iterator[RawField]:
    """Split a payload into its tagged fields (§3.2, §3.3).

    Every byte must belong to a field; lengths are checked against the bytes
    left *before* anything is sliced; wire types other than 0 and 2 are
    rejected because they cannot be skipped safely in v1.
    """
    mv = memoryview(payload)
    end = len(mv)
    pos = 0
    while pos < end:
        key, pos = decode_varint(mv, pos, end)
        number = key >> 3
        wire_type = key & 0x07
        if number == 0 or number > MAX_FIELD_NUMBER:
            raise BadPayload(f"invalid field number {number}")
        if wire_type == VARINT:
            value, pos = decode_varint(mv, pos, end)
            yield RawField(number, wire_type, value)
        elif wire_type == LEN:
            length, pos = decode_varint(mv, pos, end)
            if length > end - pos:
                raise BadPayload(
                    f"field {number} declares {length} bytes, only {end - pos} remain"
                )
            yield RawField(number, wire_type, mv[pos : pos + length])
            pos += length
        else:
            raise BadPayload(f"field {number} uses wire type {wire_type}, not allowed in v1")


def iter_packed_varints(data: bytes | memoryview) -> Iterator[int]:
    """Decode the varints of a packed list back to back (§3.2)."""
    mv = memoryview(data)
    pos = 0
    end = len(mv)
    while pos < end:
        value, pos = decode_varint(mv, pos, end)
        yield value

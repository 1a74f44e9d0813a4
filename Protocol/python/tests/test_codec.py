"""Unit tests of the codec layer: varints, fields, frames, compression, packs (no server)."""

from __future__ import annotations

import struct
import zlib

import pytest

import axis
from axis import frames as fr
from axis import wire
from axis.errors import BadFrame, BadPayload, DecompressLimit, FrameTooLarge, LimitExceeded, Retry
from axis.messages import (
    Cooccur, DocDiff, DocGet, DocPut, DocumentUpload, ErrorMessage, GoAway, HelloReply, Ping,
)
from axis.pack import PackError, decode_pack, encode_pack
from hexvectors import load


# --- §3.1 varints ---------------------------------------------------------------
@pytest.mark.parametrize("value,hexbytes", [
    (0, "00"), (127, "7f"), (128, "8001"), (300, "ac02"), (2**64 - 1, "ffffffffffffffffff01"),
])
def test_varint_table(value: int, hexbytes: str) -> None:
    assert wire.encode_varint(value).hex() == hexbytes
    assert wire.decode_varint(bytes.fromhex(hexbytes), 0) == (value, len(hexbytes) // 2)


def test_varint_rejects_overflow_and_11th_byte() -> None:
    with pytest.raises(BadPayload):
        wire.decode_varint(b"\xff" * 9 + b"\x02", 0)  # 10th byte > 0x01
    with pytest.raises(BadPayload):
        wire.decode_varint(b"\xff" * 10 + b"\x01", 0)  # an 11th byte
    with pytest.raises(BadPayload):
        wire.decode_varint(b"\x80", 0)  # cut short


@pytest.mark.parametrize("n,z", [(0, 0), (-1, 1), (1, 2), (-2, 3), (2**63 - 1, 2**64 - 2), (-(2**63), 2**64 - 1)])
def test_zigzag(n: int, z: int) -> None:
    assert wire.zigzag_encode(n) == z and wire.zigzag_decode(z) == n


# --- §3.2/§3.3 fields -------------------------------------------------------------
@pytest.mark.parametrize("wt", [1, 3, 4, 5])
def test_unused_wire_types_rejected(wt: int) -> None:
    with pytest.raises(BadPayload):
        Ping.decode(bytes([(1 << 3) | wt, 0, 0, 0, 0, 0, 0, 0, 0]))


def test_unknown_fields_are_skipped_and_last_wins() -> None:
    payload = wire.encode_varint_field(99, 7) + wire.encode_len_field(100, b"zz") + \
        wire.encode_len_field(1, b"a") + wire.encode_len_field(1, b"b")
    assert Ping.decode(payload).data == b"b"


def test_required_absent_and_bad_values() -> None:
    with pytest.raises(BadPayload):
        DocGet.decode(b"")  # key is required
    with pytest.raises(BadPayload):
        DocGet.decode(wire.encode_len_field(1, b"k") + wire.encode_varint_field(4, 2))  # bool 2
    with pytest.raises(BadPayload):
        DocGet.decode(wire.encode_len_field(1, b"k") + wire.encode_varint_field(2, 2**32))  # u32 range
    with pytest.raises(BadPayload):
        DocGet.decode(wire.encode_len_field(1, b"\xff"))  # invalid UTF-8
    with pytest.raises(BadPayload):
        DocGet.decode(b"\x0a\x05ab")  # length past the end
    with pytest.raises(BadPayload):
        DocGet.decode(wire.encode_len_field(1, b"k") + b"\x10")  # field cut short


def test_string_limit_is_limit_exceeded() -> None:
    with pytest.raises(LimitExceeded) as ei:
        Ping.decode(wire.encode_len_field(1, b"x" * 65))
    assert ei.value.limit == 64 and ei.value.code == 3003
    with pytest.raises(LimitExceeded):
        Ping(data=b"x" * 65).encode()  # checked before sending too


def test_counts_bounded() -> None:
    with pytest.raises(LimitExceeded):
        Cooccur(entities=["a"] * 33).encode()
    with pytest.raises(BadPayload):
        Cooccur(entities=["a"]).encode()  # fewer than 2 is BAD_PAYLOAD (§14.2)
    with pytest.raises(BadPayload):
        DocPut(documents=[]).encode()


def test_canonical_omits_defaults_but_required_and_always_are_written() -> None:
    assert Ping().encode() == b""
    assert GoAway(code=0).encode() == bytes.fromhex("0800") + bytes.fromhex("2001")  # code required; retry always
    assert ErrorMessage(code=4001).encode() == bytes.fromhex("08a11f") + bytes.fromhex("1000")
    assert DocGet(key="k", as_of_ms=0).encode() == b"\x0a\x01k\x18\x00"  # as_of 0 is a time, not absent


def test_fields_whose_default_is_none_keep_a_present_zero() -> None:
    """§3.4, §8.1: Error index/offset 0 are values (the first item, the start), not absence."""
    e = ErrorMessage(code=3001, field="published", index=0, offset=0)
    assert e.encode().endswith(bytes.fromhex("3000") + bytes.fromhex("3800"))
    back = ErrorMessage.decode(e.encode())
    assert (back.index, back.offset) == (0, 0)
    assert ErrorMessage.decode(ErrorMessage(code=3001).encode()).index is None
    # A default written (vector 17's context_lines = 3) and omitted are the same request.
    assert DocDiff.decode(DocDiff(key="k", from_version=1, to_version=2, context_lines=3).encode()).context_lines == 3


def test_char_offset_from_utf8_bytes() -> None:
    e = axis.InvalidArgument("no entity", field="query", offset=10)
    assert e.char_offset("é entity:Nowhereland") == 9  # 10 bytes: é is two
    assert axis.InvalidArgument("x").char_offset("abc") is None


def test_packed_opcodes_and_unpacked_accepted() -> None:
    hr = HelloReply.decode(load_payload("02-hello-reply.hex"))
    assert hr.opcodes == [1, 2, 3, 4]
    assert hr.limits is not None and hr.limits.max_inflight_requests == 256
    # Protobuf writers may emit unpacked elements; accepted.
    unpacked = hr.canonical()
    unpacked.opcodes = []
    extra = wire.encode_varint_field(5, 0x0101)
    assert HelloReply.decode(unpacked.encode() + extra).opcodes == [0x0101]


def load_payload(name: str) -> bytes:
    (f,) = fr.split_frames(load(name))
    return fr.frame_payload(f)


# --- §2 frames ---------------------------------------------------------------------
def test_frame_checks_in_order() -> None:
    r = fr.FrameReader(max_payload=100)
    r.feed(struct.pack(">I", 7))
    with pytest.raises(BadFrame):
        list(r.frames())
    r = fr.FrameReader(max_payload=100)
    r.feed(struct.pack(">I", 8 + 101))  # rejected after 4 bytes, before the rest arrives
    with pytest.raises(FrameTooLarge):
        list(r.frames())
    r = fr.FrameReader(max_payload=100)
    r.feed(struct.pack(">IBBHI", 8, 2, 0, 2, 1))
    with pytest.raises(BadFrame):
        list(r.frames())
    r = fr.FrameReader(max_payload=100)
    r.feed(struct.pack(">IBBHI", 8, 1, 0x01, 2, 1))
    with pytest.raises(BadFrame):
        list(r.frames())
    r = fr.FrameReader(max_payload=4)
    r.feed(struct.pack(">IBBHI", 12, 1, 0, 2, 1) + b"ab")
    assert list(r.frames()) == []  # waits for the payload
    r.feed(b"cd")
    (f,) = r.frames()
    assert f.payload == b"abcd"  # exactly the limit is valid


def test_inflate_checks() -> None:
    good = fr.compress_payload(b"hello" * 10)
    assert fr.inflate_payload(good) == b"hello" * 10
    with pytest.raises(DecompressLimit):
        fr.inflate_payload(good, max_inflated=49)
    with pytest.raises(DecompressLimit):  # ratio
        fr.inflate_payload(fr.compress_payload(b"a" * 100_000))
    with pytest.raises(DecompressLimit):  # more than declared
        fr.inflate_payload(struct.pack(">I", 10) + good[4:])
    with pytest.raises(DecompressLimit):  # fewer than declared
        fr.inflate_payload(struct.pack(">I", 51) + good[4:])
    with pytest.raises(DecompressLimit):  # trailing bytes
        fr.inflate_payload(good + b"x")
    with pytest.raises(DecompressLimit):  # corrupt
        fr.inflate_payload(good[:6] + b"\x00\x00" + good[8:])
    with pytest.raises(DecompressLimit):
        fr.inflate_payload(b"\x00\x00")
    assert fr.inflate_payload(fr.compress_payload(b"")) == b""


def test_fragmenting_and_compressing_requests() -> None:
    payload = DocPut(documents=[DocumentUpload(key="k", body=b"x" * 5000)]).encode()
    frames = fr.build_request_frames(0x101, 7, payload, max_payload=1000, compress_threshold=None)
    assert len(frames) == 6 and all(len(f.payload) <= 1000 for f in frames)
    assert [f.more for f in frames] == [True] * 5 + [False]
    assert b"".join(f.payload for f in frames) == payload
    # Compressible pieces are compressed one by one and stay within the ratio limit.
    text = " ".join(f"word{i}" for i in range(4000)).encode()
    frames = fr.build_request_frames(0x101, 8, text, max_payload=8192, compress_threshold=1024)
    assert any(f.compressed for f in frames)
    assert b"".join(fr.frame_payload(f) for f in frames) == text
    # A payload that compresses beyond the 100:1 ratio is sent raw.
    (f,) = fr.build_request_frames(0x2, 9, b"a" * 50_000, max_payload=1 << 20, compress_threshold=1024)
    assert not f.compressed


# --- §8 errors ----------------------------------------------------------------------
@pytest.mark.parametrize("code,cls,retry", [
    (0, None, Retry.NOW),
    (1001, axis.FrameTooLarge, Retry.NEVER), (1002, axis.DecompressLimit, Retry.NEVER),
    (1003, axis.VersionMismatch, Retry.NEVER), (1004, axis.UnsupportedOpcode, Retry.NEVER),
    (1005, axis.BadPayload, Retry.NEVER), (1006, axis.BadFrame, Retry.NEVER),
    (1007, axis.HandshakeRequired, Retry.NEVER), (1008, axis.HandshakeTimeout, Retry.NOW),
    (1009, axis.IdleTimeout, Retry.NOW), (1010, axis.BadRequestId, Retry.NEVER),
    (1011, axis.ProtocolViolation, Retry.NEVER), (2001, axis.AuthFailed, Retry.NEVER),
    (2002, axis.Forbidden, Retry.NEVER), (3001, axis.InvalidArgument, Retry.NEVER),
    (3002, axis.QuerySyntax, Retry.NEVER), (3003, axis.LimitExceeded, Retry.NEVER),
    (4001, axis.NotFound, Retry.NEVER), (4002, axis.Conflict, Retry.NEVER),
    (4003, axis.CorruptData, Retry.NEVER), (5001, axis.Overloaded, Retry.AFTER_BACKOFF),
    (5002, axis.SlowConsumer, Retry.AFTER_BACKOFF), (5003, axis.TooManyRequests, Retry.AFTER_BACKOFF),
    (5004, axis.Internal, Retry.AFTER_BACKOFF), (5005, axis.Cancelled, Retry.NEVER),
    (5006, axis.ShuttingDown, Retry.AFTER_BACKOFF), (5007, axis.StorageFull, Retry.AFTER_BACKOFF),
])
def test_error_table(code: int, cls, retry: Retry) -> None:
    assert axis.default_retry(code) == retry
    if cls is not None:
        e = axis.make_error(code, "m")
        assert isinstance(e, cls) and e.code == code and e.retry == retry and e.name == axis.Code(code).name
        # Absent retry on the wire takes the code's default (§8.1).
        assert ErrorMessage.decode(wire.encode_varint_field(1, code)).retry == retry


def test_unknown_codes_by_range_and_unknown_retry_is_never() -> None:
    e = ErrorMessage(code=4999, retry=7).to_exception()
    assert isinstance(e, axis.StateError) and e.name == "UNKNOWN_4999" and e.retry == Retry.NEVER
    assert isinstance(axis.make_error(5999), axis.ServerError)
    assert isinstance(axis.make_error(1999), axis.ProtocolError)
    assert isinstance(axis.make_error(3999), axis.RequestError)
    assert isinstance(axis.make_error(2999), axis.AuthError)


# --- pack.md ----------------------------------------------------------------------------
def test_pack_damage_is_refused_with_offsets() -> None:
    data = load("40-pack.hex")
    decode_pack(data)
    with pytest.raises(PackError) as e:
        decode_pack(b"X" + data[1:])
    assert e.value.offset == 0
    flipped = bytearray(data)
    flipped[30] ^= 1  # inside the header message
    with pytest.raises(PackError, match="header CRC"):
        decode_pack(bytes(flipped))
    flipped = bytearray(data)
    flipped[100] ^= 1  # inside record 1
    with pytest.raises(PackError, match="record CRC") as e:
        decode_pack(bytes(flipped))
    assert e.value.offset == 80 + 4
    with pytest.raises(PackError, match="truncated"):
        decode_pack(data[:-1])
    with pytest.raises(PackError, match="after the trailer"):
        decode_pack(data + b"\0")
    # Records swapped: each keeps a valid CRC; the sequence check catches it.
    pack = decode_pack(data)
    swapped = encode_pack(pack.header, pack.records[::-1], trailer=pack.trailer)
    with pytest.raises(PackError, match="not greater"):
        decode_pack(swapped)
    # Oversized length is refused before reading.
    bad = data[:12] + struct.pack(">I", 70_000) + data[16:]
    with pytest.raises(PackError, match="exceeds"):
        decode_pack(bad)


def test_pack_writer_streams_and_renames(tmp_path) -> None:
    from axis.pack import PackHeader, PackWriter, verify_pack

    pack = decode_pack(load("40-pack.hex"))
    path = tmp_path / "x.axpack"
    with PackWriter(path, pack.header) as w:
        for r in pack.records:
            w.write(r)
    assert path.read_bytes() == load("40-pack.hex")
    assert not (tmp_path / "x.axpack.partial").exists()
    header, trailer = verify_pack(path)
    assert trailer.count == 2 and header.since_sequence == 41
    with pytest.raises(ValueError):
        w2 = PackWriter(tmp_path / "y.axpack", PackHeader(since_sequence=50))
        try:
            w2.write(pack.records[0])  # sequence 42 <= since 50
        finally:
            w2.abort()


def test_local_checks_before_sending() -> None:
    with pytest.raises(axis.LimitExceeded) as e:
        axis.make_upload("k" * 1025, "x")
    assert e.value.local and e.value.limit == 1024
    with pytest.raises(axis.InvalidArgument):
        axis.make_upload("a\x07b", "x")
    with pytest.raises(axis.InvalidArgument):
        axis.make_upload("k", "x", published="2024-02-30")
    with pytest.raises(axis.LimitExceeded):
        axis.make_upload("k", "x", tags=[f"t{i}" for i in range(65)])
    with pytest.raises(axis.LimitExceeded):
        axis.make_upload("k", "x", title="t" * 2049)
    with pytest.raises(axis.LimitExceeded):
        axis.make_upload("k", "x" * 11, max_body_bytes=10)
    up = axis.make_upload("k", "North Korea sent shells.\n", compress=True)
    assert zlib.decompress(up.body_zlib) == b"North Korea sent shells.\n" and up.body_size == 25
    assert up.content_hash.hex().startswith("4cb61f8b")

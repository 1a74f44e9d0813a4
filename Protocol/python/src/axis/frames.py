"""Frames: the 12-byte header, flags, compression and fragments (PROTOCOL.md §1, §2, §4.2).

Pure functions and a push-style :class:`FrameReader`; no sockets here.
"""

from __future__ import annotations

import dataclasses
import struct
import zlib
from typing import Iterator

from .errors import BadFrame, DecompressLimit, FrameTooLarge

#: The 8-byte connection preface (§1).
PREFACE = b"\x89AXP\r\n\x1a\n"

HEADER_SIZE = 12
_HEADER = struct.Struct(">IBBHI")

# Flags (§2.2).
FLAG_RESPONSE = 0x80
FLAG_MORE = 0x40
FLAG_ERROR = 0x20
FLAG_COMPRESSED = 0x10
FLAG_RESERVED = 0x0F

PROTOCOL_VERSION = 1

# Limits (§7).
PRE_HANDSHAKE_PAYLOAD = 16 * 1024
DEFAULT_MAX_PAYLOAD = 1 << 20
MIN_MAX_PAYLOAD = 64 * 1024
MAX_MAX_PAYLOAD = 16 << 20
DEFAULT_MAX_INFLATED = 8 << 20
DEFAULT_MAX_RATIO = 100
#: Reassembly cap per fragmented request (§4.2).
MAX_REASSEMBLED_REQUEST = 65 << 20
#: First server-initiated request id (§6.2).
SERVER_REQUEST_ID_BASE = 0x80000000


@dataclasses.dataclass
class Frame:
    """One frame: header fields and the payload as carried (compressed or not)."""

    opcode: int
    request_id: int
    flags: int = 0
    payload: bytes = b""
    version: int = PROTOCOL_VERSION

    @property
    def is_response(self) -> bool:
        return bool(self.flags & FLAG_RESPONSE)

    @property
    def more(self) -> bool:
        return bool(self.flags & FLAG_MORE)

    @property
    def is_error(self) -> bool:
        return bool(self.flags & FLAG_ERROR)

    @property
    def compressed(self) -> bool:
        return bool(self.flags & FLAG_COMPRESSED)

    @property
    def is_final(self) -> bool:
        """True for the last frame of a request's answer (§4.2: no ``more``, or ``error``)."""
        return self.is_error or not self.more

    def encode(self) -> bytes:
        """Header and payload, as sent (§2)."""
        return encode_header(self.opcode, self.request_id, self.flags, len(self.payload), self.version) + bytes(self.payload)


def encode_header(opcode: int, request_id: int, flags: int, payload_len: int, version: int = PROTOCOL_VERSION) -> bytes:
    if flags & FLAG_RESERVED:
        raise ValueError("reserved flag bits must be zero")
    return _HEADER.pack(8 + payload_len, version, flags, opcode, request_id)


def decode_header(header: bytes) -> tuple[int, int, int, int, int]:
    """Return ``(length, version, flags, opcode, request_id)`` of a 12-byte header."""
    return _HEADER.unpack(header)


class FrameReader:
    """Incremental frame parser applying the checks of §2.1 in order.

    Feed it bytes; iterate :meth:`frames` to get complete frames. A framing
    error raises :class:`BadFrame` or :class:`FrameTooLarge` (fatal: the
    caller must close the connection, §8.3).
    """

    def __init__(self, max_payload: int = DEFAULT_MAX_PAYLOAD, version: int = PROTOCOL_VERSION) -> None:
        self.max_payload = max_payload
        self.version = version
        self._buf = bytearray()

    def feed(self, data: bytes) -> None:
        self._buf += data

    @property
    def buffered(self) -> int:
        return len(self._buf)

    def frames(self) -> Iterator[Frame]:
        while True:
            if len(self._buf) < 4:
                return
            (length,) = struct.unpack_from(">I", self._buf, 0)
            # Check 1: as soon as the 4 length bytes are available.
            if length < 8:
                raise BadFrame(f"frame length {length} is less than 8", local=True)
            if length - 8 > self.max_payload:
                raise FrameTooLarge(
                    f"frame payload of {length - 8} bytes exceeds the limit {self.max_payload}",
                    limit=self.max_payload, local=True,
                )
            if len(self._buf) < HEADER_SIZE:
                return
            _, version, flags, opcode, request_id = _HEADER.unpack_from(self._buf, 0)
            # Check 2: once the header is there.
            if version != self.version:
                raise BadFrame(f"frame version {version}, expected {self.version}", local=True)
            if flags & FLAG_RESERVED:
                raise BadFrame(f"reserved flag bits set: 0x{flags:02x}", local=True)
            total = 4 + length
            if len(self._buf) < total:
                return
            payload = bytes(self._buf[HEADER_SIZE:total])
            del self._buf[:total]
            yield Frame(opcode, request_id, flags, payload, version)


def split_frames(data: bytes, max_payload: int = MAX_MAX_PAYLOAD) -> list[Frame]:
    """Parse a byte string that holds whole frames (e.g. a vector file)."""
    r = FrameReader(max_payload=max_payload)
    r.feed(data)
    frames = list(r.frames())
    if r.buffered:
        raise BadFrame(f"{r.buffered} bytes after the last whole frame (truncated)", local=True)
    return frames


# --- compression (§2.3) -----------------------------------------------------

def compress_payload(payload: bytes, level: int = 6) -> bytes:
    """A compressed payload: u32 inflated length, then one zlib stream (§2.3)."""
    return struct.pack(">I", len(payload)) + zlib.compress(payload, level)


def inflate_payload(
    data: bytes,
    max_inflated: int = DEFAULT_MAX_INFLATED,
    max_ratio: int = DEFAULT_MAX_RATIO,
) -> bytes:
    """Inflate a compressed payload with every check of §2.3.

    The declared size is checked against ``max_inflated`` and
    ``max_ratio`` × the zlib stream's size *before* inflating; inflation is
    capped at the declared size; more, fewer or trailing bytes and corrupt
    data are refused with :class:`DecompressLimit`.
    """
    if len(data) < 4:
        raise DecompressLimit("compressed payload shorter than its 4-byte length prefix", local=True)
    (inflated_len,) = struct.unpack_from(">I", data, 0)
    stream = data[4:]
    if inflated_len > max_inflated:
        raise DecompressLimit(
            f"inflated length {inflated_len} exceeds the limit {max_inflated}", limit=max_inflated, local=True
        )
    if inflated_len > max_ratio * len(stream):
        raise DecompressLimit(
            f"inflated length {inflated_len} exceeds {max_ratio} x {len(stream)} compressed bytes",
            limit=max_ratio, local=True,
        )
    d = zlib.decompressobj()
    try:
        # max_length=0 would mean "unlimited": ask for at least one byte.
        out = d.decompress(stream, max(inflated_len, 1))
        if len(out) > inflated_len:
            raise DecompressLimit("zlib stream inflates to more than the declared length", local=True)
        if d.unconsumed_tail:
            extra = d.decompress(d.unconsumed_tail, 1)
            if extra:
                raise DecompressLimit("zlib stream inflates to more than the declared length", local=True)
        if not d.eof:
            raise DecompressLimit("zlib stream is incomplete", local=True)
    except zlib.error as e:
        raise DecompressLimit(f"corrupt zlib stream: {e}", local=True) from None
    if d.unused_data:
        raise DecompressLimit("trailing bytes after the zlib stream", local=True)
    if len(out) != inflated_len:
        raise DecompressLimit(
            f"zlib stream inflates to {len(out)} bytes, {inflated_len} declared", local=True
        )
    return out


def frame_payload(frame: Frame, max_inflated: int = DEFAULT_MAX_INFLATED, max_ratio: int = DEFAULT_MAX_RATIO) -> bytes:
    """The frame's payload, inflated if the compressed flag is set."""
    if frame.compressed:
        return inflate_payload(frame.payload, max_inflated, max_ratio)
    return frame.payload


def build_request_frames(
    opcode: int,
    request_id: int,
    payload: bytes,
    *,
    max_payload: int,
    compress_threshold: int | None = 8192,
    max_inflated: int = DEFAULT_MAX_INFLATED,
    max_ratio: int = DEFAULT_MAX_RATIO,
    version: int = PROTOCOL_VERSION,
) -> list[Frame]:
    """Cut a request payload into frames no larger than ``max_payload`` (§4.2).

    All frames but the last carry the ``more`` flag. Each piece is compressed
    on its own (§2.3) when it is at least ``compress_threshold`` bytes, shrinks
    by at least 10 %, and stays within the server's inflated-size and ratio
    limits; ``compress_threshold=None`` disables compression.
    """
    if len(payload) > MAX_REASSEMBLED_REQUEST:
        from .errors import LimitExceeded

        raise LimitExceeded(
            f"request payload of {len(payload)} bytes exceeds the {MAX_REASSEMBLED_REQUEST}-byte reassembly cap",
            limit=MAX_REASSEMBLED_REQUEST, local=True,
        )
    pieces: list[tuple[bytes, bool]] = []  # (payload as sent, compressed?)
    if len(payload) <= max_payload:
        raw_chunks = [payload]
    else:
        raw_chunks = [payload[i : i + max_payload] for i in range(0, len(payload), max_payload)]
    for chunk in raw_chunks:
        sent, compressed = chunk, False
        if compress_threshold is not None and len(chunk) >= compress_threshold and len(chunk) <= max_inflated:
            packed = compress_payload(chunk)
            stream_len = len(packed) - 4
            forced = compress_threshold == 0
            if (
                len(packed) <= max(max_payload, len(chunk) if forced else 0)
                and (forced or len(packed) < 0.9 * len(chunk))
                and len(chunk) <= max_ratio * stream_len
            ):
                sent, compressed = packed, True
        pieces.append((sent, compressed))
    frames = []
    for i, (data, compressed) in enumerate(pieces):
        flags = (FLAG_COMPRESSED if compressed else 0) | (FLAG_MORE if i < len(pieces) - 1 else 0)
        frames.append(Frame(opcode, request_id, flags, data, version))
    return frames

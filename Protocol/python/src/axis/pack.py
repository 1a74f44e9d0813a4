"""Pack files: the export stream written to a file (Protocol/pack.md).

``encode_pack``/``decode_pack`` work on bytes (the golden vector round-trips
through them); :class:`PackWriter` and :func:`iter_pack` work on files and
stream, so a pack need not fit in memory. Every check of pack.md §2 is made,
and a failure raises :class:`PackError` with the byte offset of the problem.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import struct
import time
import zlib
from typing import BinaryIO, ClassVar, Iterable, Iterator

from .messages import PackRecord
from .schema import F, Message, Sint, Str, Uint, message

MAGIC = b"\x89AXK\r\n\x1a\n"
FORMAT = 1
MAX_META_LENGTH = 65_536
MAX_RECORD_LENGTH = 68_157_440  # 65 MiB


class PackError(ValueError):
    """A pack that fails a check of pack.md §2; ``offset`` is where in the file."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} (at byte {offset})")
        self.offset = offset


@message
class PackHeader(Message):
    """pack.md §1.1."""

    source_server_id: str = ""
    since_sequence: int = 0
    created_ms: int = 0
    server_name: str = ""
    server_version: str = ""

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "source_server_id", 256),
        Uint(2, "since_sequence", bits=64),
        Sint(3, "created_ms"),
        Str(4, "server_name", 64),
        Str(5, "server_version", 64),
    )


@message
class PackTrailer(Message):
    """pack.md §1.3."""

    count: int = 0
    snapshots: int = 0
    tombstones: int = 0
    last_sequence: int = 0
    body_bytes: int = 0
    checksum: int = 0

    FIELDS: ClassVar[tuple[F, ...]] = (
        Uint(1, "count"),
        Uint(2, "snapshots"),
        Uint(3, "tombstones"),
        Uint(4, "last_sequence", bits=64),
        Uint(5, "body_bytes", bits=64),
        Uint(6, "checksum", bits=32),
    )


@dataclasses.dataclass
class Pack:
    """A whole pack in memory."""

    header: PackHeader
    records: list[PackRecord]
    trailer: PackTrailer


def _u32(n: int) -> bytes:
    return struct.pack(">I", n)


def _crc(data: bytes, start: int = 0) -> int:
    return zlib.crc32(data, start) & 0xFFFFFFFF


def encode_header_block(header: PackHeader) -> bytes:
    """magic, format, reserved, length, PackHeader, CRC (pack.md §1.1)."""
    msg = header.encode()
    if len(msg) > MAX_META_LENGTH:
        raise ValueError("PackHeader longer than 65,536 bytes")
    head = MAGIC + struct.pack(">HH", FORMAT, 0) + _u32(len(msg)) + msg
    return head + _u32(_crc(head))


def encode_record_block(record: PackRecord) -> bytes:
    """length, CRC, PackRecord (pack.md §1.2)."""
    if record.info is None or record.continued:
        raise ValueError("a pack record must be whole: info present, continued false")
    msg = record.encode()
    if not 1 <= len(msg) <= MAX_RECORD_LENGTH:
        raise ValueError(f"record of {len(msg)} bytes is outside 1..{MAX_RECORD_LENGTH}")
    return _u32(len(msg)) + _u32(_crc(msg)) + msg


def encode_trailer_block(trailer: PackTrailer) -> bytes:
    """end marker, length, PackTrailer, CRC (pack.md §1.3)."""
    msg = trailer.encode()
    if len(msg) > MAX_META_LENGTH:
        raise ValueError("PackTrailer longer than 65,536 bytes")
    return _u32(0) + _u32(len(msg)) + msg + _u32(_crc(msg))


class _Tally:
    def __init__(self) -> None:
        self.count = 0
        self.snapshots = 0
        self.tombstones = 0
        self.body_bytes = 0
        self.last_sequence = 0
        self.checksum = 0

    def add(self, record: PackRecord, block: bytes) -> None:
        self.count += 1
        if record.info is not None and record.info.deleted:
            self.tombstones += 1
        else:
            self.snapshots += 1
        self.body_bytes += len(record.body_zlib or b"")
        if record.info is not None:
            self.last_sequence = record.info.sequence
        self.checksum = _crc(block, self.checksum)

    def trailer(self, last_sequence: int | None = None) -> PackTrailer:
        return PackTrailer(
            count=self.count,
            snapshots=self.snapshots,
            tombstones=self.tombstones,
            last_sequence=max(self.last_sequence, last_sequence or 0),
            body_bytes=self.body_bytes,
            checksum=self.checksum,
        )


def encode_pack(header: PackHeader, records: Iterable[PackRecord], last_sequence: int | None = None,
                trailer: PackTrailer | None = None) -> bytes:
    """A whole pack as bytes; the trailer is computed unless given."""
    tally = _Tally()
    head = encode_header_block(header)
    tally.checksum = _crc(head)
    out = bytearray(head)
    for r in records:
        block = encode_record_block(r)
        tally.add(r, block)
        out += block
    out += encode_trailer_block(trailer if trailer is not None else tally.trailer(last_sequence))
    return bytes(out)


class PackWriter:
    """Write a pack to ``path`` via ``path + ".partial"``, renamed when complete (pack.md §4)."""

    def __init__(self, path: str | os.PathLike[str], header: PackHeader) -> None:
        self.path = os.fspath(path)
        self.partial = self.path + ".partial"
        self._f: BinaryIO | None = open(self.partial, "wb")
        self._tally = _Tally()
        self._last = header.since_sequence
        head = encode_header_block(header)
        self._f.write(head)
        self._tally.checksum = _crc(head)

    def write(self, record: PackRecord) -> None:
        assert self._f is not None, "pack already closed"
        if record.info is None or record.info.sequence <= self._last:
            raise ValueError("pack records must come in strictly increasing sequence")
        self._last = record.info.sequence
        block = encode_record_block(record)
        self._f.write(block)
        self._tally.add(record, block)

    def close(self, last_sequence: int | None = None) -> PackTrailer:
        """Write the trailer, fsync, rename to the final name; return the trailer."""
        assert self._f is not None, "pack already closed"
        trailer = self._tally.trailer(last_sequence)
        self._f.write(encode_trailer_block(trailer))
        self._f.flush()
        os.fsync(self._f.fileno())
        self._f.close()
        self._f = None
        os.replace(self.partial, self.path)
        return trailer

    def abort(self) -> None:
        """Drop the partial file."""
        if self._f is not None:
            self._f.close()
            self._f = None
        try:
            os.unlink(self.partial)
        except FileNotFoundError:
            pass

    def __enter__(self) -> "PackWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.abort()
        elif self._f is not None:
            self.close()


class _Input:
    """Reads exact byte counts from a file, tracking the offset."""

    def __init__(self, f: BinaryIO) -> None:
        self.f = f
        self.offset = 0

    def read(self, n: int, what: str) -> bytes:
        data = self.f.read(n)
        if len(data) != n:
            raise PackError(f"truncated pack: {what} needs {n} bytes, {len(data)} remain", self.offset + len(data))
        self.offset += n
        return data


def verify_body(record: PackRecord) -> None:
    """Inflate a snapshot's body (capped at ``body_size``) and check its size, UTF-8 and SHA-256."""
    info = record.info
    if info is None or info.deleted:
        return
    d = zlib.decompressobj()
    try:
        body = d.decompress(record.body_zlib or b"", max(info.body_size, 1))
        if len(body) > info.body_size or d.unconsumed_tail or not d.eof or d.unused_data:
            raise ValueError(f"{info.key} v{info.version}: body does not inflate to exactly {info.body_size} bytes")
    except zlib.error as e:
        raise ValueError(f"{info.key} v{info.version}: corrupt body ({e})") from None
    if len(body) != info.body_size:
        raise ValueError(f"{info.key} v{info.version}: body is {len(body)} bytes, {info.body_size} declared")
    body.decode("utf-8")
    if info.content_hash is not None and hashlib.sha256(body).digest() != info.content_hash:
        raise ValueError(f"{info.key} v{info.version}: SHA-256 mismatch")


def iter_pack(f: BinaryIO, *, verify_bodies: bool = False) -> Iterator[PackHeader | PackRecord | PackTrailer]:
    """Stream a pack: yields the header, each record, then the trailer.

    All checks of pack.md §2 are made as the bytes go by; the trailer is
    yielded only after it has been checked against the records. Callers that
    must not act on a damaged pack read it through once first (see
    :func:`verify_pack`).
    """
    inp = _Input(f)
    magic = inp.read(8, "magic")
    if magic != MAGIC:
        raise PackError("not a pack: bad magic", 0)
    fmt, _reserved = struct.unpack(">HH", inp.read(4, "format"))
    if fmt != FORMAT:
        raise PackError(f"unsupported pack format {fmt}", 8)
    (hlen,) = struct.unpack(">I", inp.read(4, "header length"))
    if hlen > MAX_META_LENGTH:
        raise PackError(f"header length {hlen} exceeds {MAX_META_LENGTH}", 12)
    hmsg = inp.read(hlen, "header")
    crc_at = inp.offset
    (hcrc,) = struct.unpack(">I", inp.read(4, "header CRC"))
    head = magic + struct.pack(">HH", fmt, _reserved) + struct.pack(">I", hlen) + hmsg
    if _crc(head) != hcrc:
        raise PackError("header CRC mismatch", crc_at)
    try:
        header = PackHeader.decode(hmsg)
    except Exception as e:
        raise PackError(f"header does not decode: {e}", 16) from None
    yield header
    checksum = _crc(head + struct.pack(">I", hcrc))
    tally = _Tally()
    last_seq = header.since_sequence
    while True:
        at = inp.offset
        (rlen,) = struct.unpack(">I", inp.read(4, "record length"))
        if rlen == 0:
            break
        if rlen > MAX_RECORD_LENGTH:
            raise PackError(f"record length {rlen} exceeds {MAX_RECORD_LENGTH}", at)
        rcrc_raw = inp.read(4, "record CRC")
        msg = inp.read(rlen, "record")
        if _crc(msg) != struct.unpack(">I", rcrc_raw)[0]:
            raise PackError("record CRC mismatch", at + 4)
        try:
            record = PackRecord.decode(msg)
        except Exception as e:
            raise PackError(f"record does not decode: {e}", at + 8) from None
        if record.info is None or record.continued:
            raise PackError("record is not whole (no info, or continued)", at + 8)
        if record.info.sequence <= last_seq:
            raise PackError(
                f"record sequence {record.info.sequence} is not greater than {last_seq}", at + 8
            )
        if verify_bodies:
            try:
                verify_body(record)
            except (ValueError, UnicodeDecodeError) as e:
                raise PackError(str(e), at + 8) from None
        last_seq = record.info.sequence
        block = struct.pack(">I", rlen) + rcrc_raw + msg
        tally.add(record, block)
        checksum = _crc(block, checksum)
        yield record
    at = inp.offset
    (tlen,) = struct.unpack(">I", inp.read(4, "trailer length"))
    if tlen > MAX_META_LENGTH:
        raise PackError(f"trailer length {tlen} exceeds {MAX_META_LENGTH}", at)
    tmsg = inp.read(tlen, "trailer")
    crc_at = inp.offset
    (tcrc,) = struct.unpack(">I", inp.read(4, "trailer CRC"))
    if _crc(tmsg) != tcrc:
        raise PackError("trailer CRC mismatch", crc_at)
    try:
        trailer = PackTrailer.decode(tmsg)
    except Exception as e:
        raise PackError(f"trailer does not decode: {e}", at + 4) from None
    for name in ("count", "snapshots", "tombstones", "body_bytes"):
        if getattr(trailer, name) != getattr(tally, name):
            raise PackError(
                f"trailer {name} = {getattr(trailer, name)}, the records give {getattr(tally, name)}", at + 4
            )
    if trailer.checksum != checksum:
        raise PackError(f"whole-file checksum mismatch: trailer {trailer.checksum}, computed {checksum}", at + 4)
    if tally.count and trailer.last_sequence < tally.last_sequence:
        raise PackError("trailer last_sequence is below the last record's sequence", at + 4)
    extra = f.read(1)
    if extra:
        raise PackError("bytes after the trailer", inp.offset)
    yield trailer


def decode_pack(data: bytes, *, verify_bodies: bool = False) -> Pack:
    """Read and check a whole pack held in memory."""
    import io

    items = list(iter_pack(io.BytesIO(data), verify_bodies=verify_bodies))
    header = items[0]
    trailer = items[-1]
    records = items[1:-1]
    assert isinstance(header, PackHeader) and isinstance(trailer, PackTrailer)
    return Pack(header, records, trailer)  # type: ignore[arg-type]


def verify_pack(path: str | os.PathLike[str], *, verify_bodies: bool = True) -> tuple[PackHeader, PackTrailer]:
    """Check a pack file completely (pack.md §2); return its header and trailer."""
    header: PackHeader | None = None
    trailer: PackTrailer | None = None
    with open(path, "rb") as f:
        for item in iter_pack(f, verify_bodies=verify_bodies):
            if isinstance(item, PackHeader):
                header = item
            elif isinstance(item, PackTrailer):
                trailer = item
    assert header is not None and trailer is not None
    return header, trailer


def now_ms() -> int:
    return int(time.time() * 1000)

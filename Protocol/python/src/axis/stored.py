"""Records in stored form (PROTOCOL.md §11.6): an export's ``stored`` chunks read as PackRecords.

The chunks of a stream, in order, are the records back to back; a chunk may end anywhere.
Every record is checked: magic, declared length (before anything is gathered), CRC-32,
kind (snapshot or tombstone only), field lengths and limits, UTF-8, nothing left over.
"""

from __future__ import annotations

import struct
import zlib

from .errors import ProtocolError
from .messages import PackRecord
from .messages.documents import SnapshotInfo

#: The layout this module reads (ExportPart field 12).
FORMAT = 1
MAGIC = b"AXR1"
HEADER_BYTES = 12
MIN_BODY_BYTES = 13
MAX_BODY_BYTES = 65 << 20

_LIMITS = {"key": 1024, "title": 2048, "source": 256, "url": 8192, "tag": 128}
_MAX_TAGS = 64


class StoredRecordError(ProtocolError):
    """A stored record that does not check out (§11.6)."""


def record_length(buf: bytes | bytearray | memoryview, pos: int = 0) -> int | None:
    """The whole length of the record at ``pos`` once its header is there, else None."""
    if len(buf) - pos < HEADER_BYTES:
        return None
    if bytes(buf[pos:pos + 4]) != MAGIC:
        raise StoredRecordError("a stored record does not start with AXR1", local=True)
    (length,) = struct.unpack_from(">I", buf, pos + 4)
    if not MIN_BODY_BYTES <= length <= MAX_BODY_BYTES:
        raise StoredRecordError(f"a stored record declares a {length}-byte body", local=True)
    return HEADER_BYTES + length


class _Reader:
    def __init__(self, body: memoryview) -> None:
        self.body = body
        self.pos = 0

    def take(self, n: int) -> memoryview:
        if n < 0 or n > len(self.body) - self.pos:
            raise StoredRecordError("a stored record ends inside a field", local=True)
        out = self.body[self.pos:self.pos + n]
        self.pos += n
        return out

    def int(self, fmt: str) -> int:
        size = struct.calcsize(fmt)
        (value,) = struct.unpack(fmt, self.take(size))
        return value

    def text(self, length_fmt: str, name: str, limit: int) -> str:
        n = self.int(length_fmt)
        if n > limit:
            raise StoredRecordError(f"a stored record's {name} is {n} bytes, the maximum is {limit}", local=True)
        try:
            return bytes(self.take(n)).decode("utf-8")
        except UnicodeDecodeError:
            raise StoredRecordError(f"a stored record's {name} is not valid UTF-8", local=True) from None


def decode_record(record: bytes | memoryview) -> PackRecord:
    """One whole record (header and body) as the PackRecord the plain form would carry."""
    view = memoryview(record)
    if record_length(view) != len(view):
        raise StoredRecordError(f"a stored record is cut short or runs on ({len(view)} bytes)", local=True)
    (crc,) = struct.unpack_from(">I", view, 8)
    body = view[HEADER_BYTES:]
    if zlib.crc32(body) != crc:
        raise StoredRecordError("a stored record fails its CRC-32", local=True)
    r = _Reader(body)
    kind = r.int(">B")
    if kind not in (1, 2):
        raise StoredRecordError(f"a stored record of kind {kind} (only snapshots and tombstones are exported)",
                                local=True)
    r.int(">B")
    sequence, version, ingest = r.int(">Q"), r.int(">I"), r.int(">q")
    key = r.text(">H", "key", _LIMITS["key"])
    if not key or sequence == 0 or version == 0:
        raise StoredRecordError("a stored record with an empty key, sequence 0 or version 0", local=True)
    info = SnapshotInfo(key=key, version=version, sequence=sequence, ingest_time_ms=ingest)
    if kind == 2:
        info.deleted = True
        if r.pos != len(body):
            raise StoredRecordError(f"{len(body) - r.pos} bytes after a tombstone in a stored record", local=True)
        return PackRecord(info=info, body_zlib=None)
    info.content_hash = bytes(r.take(32))
    info.body_size = r.int(">Q")
    info.title = r.text(">H", "title", _LIMITS["title"])
    info.source = r.text(">H", "source", _LIMITS["source"])
    info.url = r.text(">H", "url", _LIMITS["url"])
    info.published = r.text(">B", "published", 10)
    if info.published and len(info.published.encode()) != 10:
        raise StoredRecordError(f"a stored record's published date is {info.published!r}, not YYYY-MM-DD", local=True)
    count = r.int(">H")
    if count > _MAX_TAGS:
        raise StoredRecordError(f"a stored record has {count} tags", local=True)
    info.tags = [r.text(">H", "tag", _LIMITS["tag"]) for _ in range(count)]
    compressed = r.int(">I")
    info.compressed_size = compressed
    zbody = bytes(r.take(compressed))
    if r.pos != len(body):
        raise StoredRecordError(f"{len(body) - r.pos} bytes after a snapshot in a stored record", local=True)
    return PackRecord(info=info, body_zlib=zbody)


class StoredRecordReader:
    """Joins the ``stored`` chunks of an export into whole, checked records."""

    def __init__(self) -> None:
        self._pending = bytearray()

    @property
    def inside_record(self) -> bool:
        """Whether the chunks so far ended inside a record."""
        return bool(self._pending)

    def feed(self, chunk: bytes | memoryview) -> list[PackRecord]:
        """The records that ``chunk`` completes, in order."""
        if self._pending:
            # Gather a record cut between chunks without re-reading it on every chunk.
            self._pending += chunk
            n = record_length(self._pending)
            if n is None or len(self._pending) < n:
                return []
            data = memoryview(bytes(self._pending))
        else:
            data = memoryview(chunk)
        out: list[PackRecord] = []
        pos = 0
        while pos < len(data):
            n = record_length(data, pos)
            if n is None or pos + n > len(data):
                break
            out.append(decode_record(data[pos:pos + n]))
            pos += n
        self._pending = bytearray(data[pos:])
        return out

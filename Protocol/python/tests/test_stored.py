"""Records in stored form (PROTOCOL.md §11.6): written here from the spec's table, read back,
cut anywhere, damaged anywhere."""

from __future__ import annotations

import random
import struct
import zlib

import pytest

from axis.stored import StoredRecordError, StoredRecordReader, decode_record


def frame(body: bytes) -> bytes:
    return b"AXR1" + struct.pack(">II", len(body), zlib.crc32(body)) + body


def record(kind: int = 1, sequence: int = 7, key: str = "report/7", title: str = "Convoy — north",
           published: str = "2026-03-01", tags: tuple[str, ...] = ("convoy",), zbody: bytes = b"x" * 40) -> bytes:
    def text16(t: str) -> bytes:
        data = t.encode()
        return struct.pack(">H", len(data)) + data

    body = bytes([kind, 0]) + struct.pack(">QIq", sequence, 2, 1_700_000_000_000) + text16(key)
    if kind == 1:
        body += b"\xab" * 32 + struct.pack(">Q", 120) + text16(title) + text16("fixture") + text16("")
        body += bytes([len(published)]) + published.encode() + struct.pack(">H", len(tags))
        body += b"".join(text16(t) for t in tags) + struct.pack(">I", len(zbody)) + zbody
    return frame(body)


def test_reads_a_snapshot_and_a_tombstone() -> None:
    snap = decode_record(record())
    assert (snap.info.key, snap.info.version, snap.info.sequence, snap.info.title) == ("report/7", 2, 7, "Convoy — north")
    assert (snap.info.published, snap.info.tags, snap.info.compressed_size, snap.body_zlib) == \
        ("2026-03-01", ["convoy"], 40, b"x" * 40)
    tomb = decode_record(record(kind=2, sequence=8))
    assert tomb.info.deleted and tomb.body_zlib is None and tomb.info.sequence == 8


def test_cut_anywhere() -> None:
    stream = record() + record(kind=2, sequence=8) + record(sequence=9, tags=())
    whole = [decode_record(r) for r in (record(), record(kind=2, sequence=8), record(sequence=9, tags=()))]
    for cut in range(len(stream) + 1):
        reader = StoredRecordReader()
        got = reader.feed(stream[:cut]) + reader.feed(stream[cut:])
        assert [g.to_dict() for g in got] == [w.to_dict() for w in whole] and not reader.inside_record, cut
    reader = StoredRecordReader()
    assert reader.feed(stream[:-1]) and reader.inside_record


def test_damage_is_always_noticed() -> None:
    rnd = random.Random(23)
    original = record()
    for _ in range(1000):
        data = bytearray(original)
        data[rnd.randrange(len(data))] ^= rnd.randrange(1, 256)
        reader = StoredRecordReader()
        try:
            assert reader.feed(bytes(data)) == []  # a longer declared length waits for more
        except StoredRecordError:
            pass


def test_refusals() -> None:
    commit = frame(bytes([3, 0]) + struct.pack(">QQI", 1, 1, 1))
    with pytest.raises(StoredRecordError, match="kind 3"):
        decode_record(commit)
    with pytest.raises(StoredRecordError, match="declares"):
        StoredRecordReader().feed(b"AXR1" + struct.pack(">II", 66 << 20, 0))
    with pytest.raises(StoredRecordError, match="YYYY-MM-DD"):
        decode_record(record(published="2026-3-1"))
    with pytest.raises(StoredRecordError, match="tag is 129 bytes"):
        decode_record(record(tags=("t" * 129,)))
    bad = bytearray(record()[12:])
    bad[24] = 0xFF
    with pytest.raises(StoredRecordError, match="UTF-8"):
        decode_record(frame(bytes(bad)))
    with pytest.raises(StoredRecordError, match="bytes after"):
        decode_record(frame(record()[12:] + b"\0"))

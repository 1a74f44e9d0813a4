#!/usr/bin/env python3
"""Writes the EXPORT-in-stored-form golden vectors (51, 52) with a comment per field, from the
tables of PROTOCOL.md §11.2 and §11.6. The records are those of vectors 27 and 28 (the
snapshot of sequence 42 and the tombstone of sequence 43), in their stored form.
Run from the repository root: python3 Protocol/tools/stored_export_vectors.py"""

import struct
import zlib

from vectorlib import frame_header, parse_hex, varint, write_vector


def hex_lines(data, first, rest="(continued)"):
    return [(list(data[i:i + 16]), first if i == 0 else rest) for i in range(0, len(data), 16)]


def header(payload_len, flags):
    return frame_header(payload_len, flags, 0x0301, "EXPORT", 18)


# The snapshot of vector 27: its hash and zlib bytes are read from there.
v27 = parse_hex("Protocol/vectors/27-export-first.hex")
content_hash = v27[v27.index(bytes([0x32, 0x20])) + 2:][:32]
zbody = v27[-33:]
KEY = "reuters/2024-10-03-shells"
INGEST = 1795350000000


def record_lines(kind, sequence, version):
    """The record's bytes and commented lines (§11.6)."""
    body = []

    def add(data, comment):
        body.append((list(data), comment))

    def text16(name, text):
        data = text.encode()
        add(struct.pack(">H", len(data)), f"  {name} length (u16) = {len(data)}")
        for chunk in hex_lines(data, f'  "{text}"', "  (continued)"):
            body.append(chunk)

    add([kind, 0], f"  kind = {kind} ({'snapshot' if kind == 1 else 'tombstone'}), reserved = 0")
    add(struct.pack(">Q", sequence), f"  sequence (u64) = {sequence}")
    add(struct.pack(">I", version), f"  version (u32) = {version}")
    add(struct.pack(">q", INGEST), f"  ingest time (i64, ms) = {INGEST} (2026-11-22T12:20:00Z)")
    text16("key", KEY)
    if kind == 1:
        for chunk in hex_lines(content_hash, "  content hash: SHA-256 of the body", "  (continued)"):
            body.append(chunk)
        add(struct.pack(">Q", 25), "  body size (u64) = 25")
        text16("title", "Shells for Russia")
        text16("source", "reuters")
        add(struct.pack(">H", 0), "  url length (u16) = 0")
        add([10], "  published length (u8) = 10")
        add(b"2024-10-03", '  "2024-10-03"')
        add(struct.pack(">H", 1), "  tag count (u16) = 1")
        text16("tag", "korea")
        add(struct.pack(">I", len(zbody)), f"  compressed length (u32) = {len(zbody)}")
        for chunk in hex_lines(zbody, "  the stored zlib stream", "  (continued)"):
            body.append(chunk)
    raw = bytes(b for data, _ in body for b in data)
    head = [
        (list(b"AXR1"), '  magic "AXR1"'),
        (list(struct.pack(">I", len(raw))), f"  body length (u32) = {len(raw)}"),
        (list(struct.pack(">I", zlib.crc32(raw))), f"  CRC-32 of the body = 0x{zlib.crc32(raw):08x}"),
    ]
    return bytes(b for data, _ in head for b in data) + raw, head + body


# 51: the request.
payload = varint(1 << 3) + varint(41) + varint(4 << 3) + [1]
write_vector("Protocol/vectors/51-export-stored.hex", "EXPORT request in stored form (v1.2): everything after sequence 41, request id 18 (§11.2, §11.6)",
      "Export(sinceSequence: 41, storedForm: true)",
      header(len(payload), 0) + [(varint(1 << 3) + varint(41), "field 1 since_sequence (varint) = 41"), (varint(4 << 3) + [1], "field 4 stored_form (varint) = 1 (true)")])

# 52: the whole stream in one frame: first-frame fields, summary, then the stored chunks.
snapshot, snapshot_lines = record_lines(1, 42, 1)
tombstone, tombstone_lines = record_lines(2, 43, 2)
source_id = "9f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f"
lines = [(varint(2 << 3 | 2) + varint(32), "field 2 source_server_id (length-delimited), 32 bytes")]
lines += hex_lines(source_id.encode(), f'"{source_id}"')
lines += [
    (varint(8 << 3) + varint(43), "field 8 until_sequence (varint) = 43"),
    (varint(12 << 3) + varint(1), "field 12 stored_format (varint) = 1"),
    (varint(3 << 3) + varint(2), "field 3 count (varint) = 2"),
    (varint(4 << 3) + varint(1), "field 4 snapshots (varint) = 1"),
    (varint(5 << 3) + varint(1), "field 5 tombstones (varint) = 1"),
    (varint(6 << 3) + varint(43), "field 6 last_sequence (varint) = 43"),
    (varint(7 << 3) + varint(len(zbody)), f"field 7 body_bytes (varint) = {len(zbody)}"),
    (varint(11 << 3 | 2) + varint(len(snapshot)), f"field 11 stored (length-delimited), {len(snapshot)} bytes: the snapshot's record"),
]
lines += snapshot_lines
lines.append((varint(11 << 3 | 2) + varint(len(tombstone)), f"field 11 stored (length-delimited), {len(tombstone)} bytes: the tombstone's record"))
lines += tombstone_lines
payload_len = sum(len(data) for data, _ in lines)
write_vector("Protocol/vectors/52-export-stored-reply.hex",
      "EXPORT reply in stored form (v1.2), the whole stream in one frame: source, range, format, summary, then the two records as stored; answering request id 18 (§11.2, §11.6)",
      "ExportPart(sourceServerID, untilSequence: 43, storedFormat: 1, summary: TransferSummary(count: 2, snapshots: 1, tombstones: 1, lastSequence: 43, bodyBytes: 33), stored: [<seq 42 v1>, <seq 43 v2 tombstone>])",
      header(payload_len, 0x80) + lines)
print("wrote 51 and 52")

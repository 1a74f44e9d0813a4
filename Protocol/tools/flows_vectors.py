#!/usr/bin/env python3
"""Writes the FLOWS golden vectors (48, 49) with a comment per field, from the field tables
of PROTOCOL.md §12.4-12.5. Run from the repository root: python3 Protocol/tools/flows_vectors.py"""

from vectorlib import frame_header, varint, write_vector


class Msg:
    """A message as (bytes, commented lines)."""

    def __init__(self):
        self.lines = []  # (bytes, comment, depth)

    def varint(self, number, name, value):
        self.lines.append((varint(number << 3) + varint(value), f"field {number} {name} (varint) = {value}", 0))
        return self

    def string(self, number, name, text):
        data = list(text.encode())
        self.lines.append((varint(number << 3 | 2) + varint(len(data)), f"field {number} {name} (length-delimited), {len(data)} bytes", 0))
        for i in range(0, len(data), 16):
            chunk = data[i:i + 16]
            self.lines.append((chunk, '"' + text + '"' if i == 0 else "(continued)", 0))
        return self

    def message(self, number, name, inner):
        size = len(inner.bytes())
        self.lines.append((varint(number << 3 | 2) + varint(size), f"field {number} {name} (nested message), {size} bytes:", 0))
        for data, comment, depth in inner.lines:
            self.lines.append((data, comment, depth + 1))
        return self

    def bytes(self):
        return [b for data, _, _ in self.lines for b in data]


def frame(path, title, decodes, opcode, name, request_id, flags, payload):
    header = frame_header(len(payload.bytes()), flags, opcode, name, request_id)
    write_vector(path, title, decodes, header + [(data, "  " * depth + comment) for data, comment, depth in payload.lines])


request = Msg().string(1, "supplier", "North Korea").string(2, "recipient", "Russia").string(4, "modalities", "asserted") \
    .varint(11, "group", 1).varint(12, "limit", 10)
frame("Protocol/vectors/48-flows.hex", "FLOWS request: North Korea to Russia, asserted only, grouped, 10 per page, request id 28 (§12.5)",
      'FlowsRequest(supplier: "North Korea", recipient: "Russia", modalities: ["asserted"], group: true, limit: 10)',
      0x0207, "FLOWS", 28, 0x00, request)

quantity = Msg().string(1, "value", "1000000").string(3, "qualifier", "over").string(4, "unit_entity_id", "weapon:artillery-shell") \
    .string(5, "unit_text", "artillery shells").varint(6, "sentence", 0)
best = Msg().string(1, "supplier", "country:north-korea").string(2, "recipient", "country:russia") \
    .string(3, "item", "weapon:artillery-shell").string(4, "modality", "asserted").varint(5, "sentence", 0) \
    .string(6, "supplier_entity", "place:pyongyang").string(7, "recipient_entity", "country:russia") \
    .message(8, "quantity", quantity).string(9, "quantity_role", "delivered") \
    .string(12, "evidence", "Pyongyang sent over 1,000,000 artillery shells to Russia.") \
    .varint(13, "evidence_start", 0).varint(14, "evidence_end", 57) \
    .string(15, "key", "reuters/2024-10-03-shells").varint(16, "version", 1).varint(17, "sequence", 42) \
    .string(18, "published", "2024-10-03").string(19, "source", "reuters") \
    .string(20, "names", "North Korea").string(20, "names", "Russia").string(20, "names", "artillery shell") \
    .string(20, "names", "Pyongyang").string(20, "names", "Russia")
group = Msg().string(1, "supplier", "country:north-korea").string(2, "recipient", "country:russia") \
    .string(3, "item", "weapon:artillery-shell").string(4, "names", "North Korea").string(4, "names", "Russia") \
    .string(4, "names", "artillery shell").varint(5, "documents", 3).varint(6, "sources", 2).varint(7, "asserted", 3) \
    .string(11, "first_day", "2024-06-01").string(12, "last_day", "2024-10-03") \
    .string(13, "quantity_min", "1000000").string(14, "quantity_max", "1000000") \
    .message(15, "latest_quantity", quantity).message(16, "best", best)
reply = Msg().message(2, "groups", group).varint(3, "total", 1).varint(5, "indexed_sequence", 44)
frame("Protocol/vectors/49-flows-reply.hex",
      "FLOWS reply in one (final) frame: one group with its best statement; answering request id 28 (§12.5)",
      "FlowPage(groups: [North Korea -> Russia : artillery shell, 3 documents, 2 sources, 3 asserted, best from reuters], total: 1, indexedSequence: 44)",
      0x0207, "FLOWS", 28, 0x80, reply)

# DOC_DIFF (v1.1): a flow in both versions whose quantity changed (field 11, FlowChange).
def flow(quantity_value):
    q = Msg().string(1, "value", quantity_value).string(3, "qualifier", "over").string(4, "unit_entity_id", "weapon:artillery-shell") \
        .string(5, "unit_text", "artillery shells").varint(6, "sentence", 1)
    return Msg().string(1, "supplier", "country:north-korea").string(2, "recipient", "country:russia") \
        .string(3, "item", "weapon:artillery-shell").string(4, "modality", "reported").varint(5, "sentence", 1) \
        .message(8, "quantity", q)


change = Msg().message(1, "from", flow("2000000")).message(2, "to", flow("3000000"))
diff = Msg().varint(4, "lines_added", 1).varint(5, "lines_removed", 1).message(11, "flows_changed", change)
frame("Protocol/vectors/50-doc-diff-flow-changed.hex",
      "DOC_DIFF final frame (v1.1): one flow whose quantity changed from over 2,000,000 to over 3,000,000 shells; answering request id 29 (§10.5)",
      "DiffPart(linesAdded: 1, linesRemoved: 1, flowsChanged: [north-korea -> russia: artillery-shell, 2000000 -> 3000000])",
      0x0104, "DOC_DIFF", 29, 0x80, diff)

"""The opcode map (PROTOCOL.md §5)."""

from __future__ import annotations

import enum


class Opcode(enum.IntEnum):
    """Message types, u16, fixed forever (§5)."""

    HELLO = 0x0001
    PING = 0x0002
    GOAWAY = 0x0003
    CANCEL = 0x0004
    DOC_PUT = 0x0101
    DOC_GET = 0x0102
    DOC_HISTORY = 0x0103
    DOC_DIFF = 0x0104
    DOC_DELETE = 0x0105
    DOC_LIST = 0x0106
    DOC_STAT = 0x0107
    ENTITIES = 0x0201
    ENTITY = 0x0202
    MENTIONS = 0x0203
    QUERY = 0x0204
    TIMELINE = 0x0205
    COOCCUR = 0x0206
    FLOWS = 0x0207  # v1.1 (§12.5)
    EXPORT = 0x0301
    IMPORT = 0x0302
    SYNC_STATE = 0x0303
    TOKENS = 0x0501  # v1.1 (§6.5), admin role


def opcode_name(op: int) -> str:
    try:
        return Opcode(op).name
    except ValueError:
        return f"0x{op:04x}"

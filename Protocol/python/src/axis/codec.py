"""The codec: frames ⇄ messages, with no I/O (PROTOCOL.md §2–§5, §8).

``decode_frame`` turns one frame into the message its opcode and flags call
for; ``encode_message_frame`` does the reverse. The vector tests and the
client both go through here.
"""

from __future__ import annotations

from .errors import UnsupportedOpcode
from .frames import (
    DEFAULT_MAX_INFLATED, DEFAULT_MAX_RATIO, FLAG_COMPRESSED, FLAG_ERROR, FLAG_RESPONSE, Frame,
    compress_payload, frame_payload,
)
from .messages import OPCODE_OF, REGISTRY, ErrorMessage
from .schema import Message


def message_class(opcode: int, flags: int) -> type[Message]:
    """The message class carried by a frame with this opcode and flags.

    Error frames carry :class:`ErrorMessage` whatever the opcode (§8.1);
    responses carry the opcode's reply; other frames its request.
    """
    if flags & FLAG_ERROR:
        return ErrorMessage
    entry = REGISTRY.get(opcode)
    if entry is None:
        raise UnsupportedOpcode(f"opcode 0x{opcode:04x} is not known to this client", local=True)
    req, reply, _ = entry
    if flags & FLAG_RESPONSE:
        if reply is None:
            raise UnsupportedOpcode(f"opcode 0x{opcode:04x} has no reply message", local=True)
        return reply
    return req


def decode_payload(opcode: int, flags: int, payload: bytes) -> Message:
    """Decode an (already inflated) payload."""
    return message_class(opcode, flags).decode(payload)


def decode_frame(
    frame: Frame,
    max_inflated: int = DEFAULT_MAX_INFLATED,
    max_ratio: int = DEFAULT_MAX_RATIO,
) -> Message:
    """Inflate (if flagged, §2.3) and decode one frame's payload."""
    return decode_payload(frame.opcode, frame.flags, frame_payload(frame, max_inflated, max_ratio))


def opcode_of(msg: Message) -> int:
    """The request opcode of a request message."""
    try:
        return OPCODE_OF[type(msg)]
    except KeyError:
        raise TypeError(f"{type(msg).__name__} is not a request message") from None


def encode_message_frame(
    msg: Message,
    request_id: int,
    *,
    opcode: int | None = None,
    flags: int = 0,
    compress: bool = False,
    version: int = 1,
) -> Frame:
    """Build one frame carrying ``msg``. ``opcode`` defaults to the message's request opcode."""
    payload = msg.encode()
    if compress:
        payload = compress_payload(payload)
        flags |= FLAG_COMPRESSED
    return Frame(opcode if opcode is not None else opcode_of(msg), request_id, flags, payload, version)

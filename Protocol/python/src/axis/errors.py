"""Error codes, retry classes and typed exceptions (PROTOCOL.md §8).

Every failure the client reports is an :class:`AxisError` with ``code``,
``name``, ``retry``, ``message`` and the optional details of the Error message
(``field``, ``limit``, ``index``, ``offset``). Each known code has its own
subclass (``axis.NotFound``, ``axis.InvalidArgument``, …), and each code
range a base class, so that unknown codes can be handled by range as §8.2
requires.

Errors detected by this client itself (limits checked before sending,
replies that do not decode) use the same codes and carry ``local=True``.
"""

from __future__ import annotations

import enum
from typing import Any


class Retry(enum.IntEnum):
    """The retry class of an error or GOAWAY (§8.1 field 2, §6.3 field 4)."""

    NEVER = 0
    NOW = 1
    AFTER_BACKOFF = 2

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def from_wire(cls, value: int) -> "Retry":
        """Unknown values mean "never" (§8.1)."""
        try:
            return cls(value)
        except ValueError:
            return cls.NEVER


class Code(enum.IntEnum):
    """The error codes of §8.2."""

    NO_ERROR = 0
    FRAME_TOO_LARGE = 1001
    DECOMPRESS_LIMIT = 1002
    VERSION_MISMATCH = 1003
    UNSUPPORTED_OPCODE = 1004
    BAD_PAYLOAD = 1005
    BAD_FRAME = 1006
    HANDSHAKE_REQUIRED = 1007
    HANDSHAKE_TIMEOUT = 1008
    IDLE_TIMEOUT = 1009
    BAD_REQUEST_ID = 1010
    PROTOCOL_VIOLATION = 1011
    REQUEST_TIMEOUT = 1012
    AUTH_FAILED = 2001
    FORBIDDEN = 2002
    INVALID_ARGUMENT = 3001
    QUERY_SYNTAX = 3002
    LIMIT_EXCEEDED = 3003
    NOT_FOUND = 4001
    CONFLICT = 4002
    CORRUPT_DATA = 4003
    OVERLOADED = 5001
    SLOW_CONSUMER = 5002
    TOO_MANY_REQUESTS = 5003
    INTERNAL = 5004
    CANCELLED = 5005
    SHUTTING_DOWN = 5006
    STORAGE_FULL = 5007


#: The default retry class of each code (§8.2, column "retry").
DEFAULT_RETRY: dict[int, Retry] = {
    Code.NO_ERROR: Retry.NOW,
    Code.HANDSHAKE_TIMEOUT: Retry.NOW,
    Code.IDLE_TIMEOUT: Retry.NOW,
    Code.REQUEST_TIMEOUT: Retry.AFTER_BACKOFF,
    Code.OVERLOADED: Retry.AFTER_BACKOFF,
    Code.SLOW_CONSUMER: Retry.AFTER_BACKOFF,
    Code.TOO_MANY_REQUESTS: Retry.AFTER_BACKOFF,
    Code.INTERNAL: Retry.AFTER_BACKOFF,
    Code.SHUTTING_DOWN: Retry.AFTER_BACKOFF,
    Code.STORAGE_FULL: Retry.AFTER_BACKOFF,
}


def default_retry(code: int) -> Retry:
    """The retry class §8.2 gives ``code``; unknown codes default to never."""
    return DEFAULT_RETRY.get(code, Retry.NEVER)


def code_name(code: int) -> str:
    """The symbolic name of ``code``, or ``UNKNOWN_<n>`` for codes not in §8.2."""
    try:
        return Code(code).name
    except ValueError:
        return f"UNKNOWN_{code}"


class AxisError(Exception):
    """An error answered by the server, or detected by the client.

    Attributes mirror the Error message of §8.1. ``retry`` is a :class:`Retry`.
    ``index`` is the position of the item at fault in a batch (DOC_PUT results,
    IMPORT records), 0 for the first; ``None`` when the error is not about one item.
    ``offset`` is the position at fault in the string ``field`` names (a query): in
    UTF-8 bytes from a v1.1 server, in grapheme clusters from a v1.0 one (§8.1, §13;
    ``Client.revision`` tells them apart). :meth:`char_offset` turns a byte offset into
    an index into the Python string.
    ``local`` is true when this client raised the error without asking the
    server (a limit checked before sending, an undecodable reply).
    """

    #: Overridden by subclasses that stand for one code.
    default_code: int = -1

    def __init__(
        self,
        message: str = "",
        *,
        code: int | None = None,
        retry: int | None = None,
        field: str | None = None,
        limit: int | None = None,
        index: int | None = None,
        offset: int | None = None,
        local: bool = False,
        opcode: int | None = None,
        request_id: int | None = None,
    ) -> None:
        self.code: int = self.default_code if code is None else int(code)
        self.name: str = code_name(self.code)
        self.retry: Retry = default_retry(self.code) if retry is None else Retry.from_wire(retry)
        self.message: str = message
        self.field = field
        self.limit = limit
        self.index = index
        self.offset = offset
        self.local = local
        self.opcode = opcode
        self.request_id = request_id
        super().__init__(self._describe())

    def _describe(self) -> str:
        parts = [f"{self.name} ({self.code})"]
        if self.message:
            parts.append(self.message)
        extra = []
        for attr in ("field", "limit", "index", "offset"):
            v = getattr(self, attr)
            if v is not None:
                extra.append(f"{attr}={v!r}")
        if extra:
            parts.append("[" + ", ".join(extra) + "]")
        return ": ".join(parts[:2]) + (" " + parts[2] if len(parts) > 2 else "")

    @property
    def retryable(self) -> bool:
        """True when reconnecting or retrying may help (retry is now or after backoff)."""
        return self.retry != Retry.NEVER

    def as_dict(self) -> dict[str, Any]:
        """The error's fields, as a plain dict."""
        return {
            "code": self.code,
            "name": self.name,
            "retry": self.retry.name.lower(),
            "message": self.message,
            "field": self.field,
            "limit": self.limit,
            "index": self.index,
            "offset": self.offset,
        }

    def char_offset(self, text: str) -> int | None:
        """``offset`` (UTF-8 bytes, a v1.1 server) as an index into ``text``, the string
        the error is about; ``None`` without an offset."""
        if self.offset is None:
            return None
        return len(text.encode("utf-8")[: self.offset].decode("utf-8", errors="ignore"))


# Range base classes (§8.2: "a client MUST handle an unknown code by its range").
class ProtocolError(AxisError):
    """1xxx: the connection or the frame broke a protocol rule."""


class AuthError(AxisError):
    """2xxx: authentication or authorisation."""


class RequestError(AxisError):
    """3xxx: the request's arguments."""


class StateError(AxisError):
    """4xxx: the stored data (not found, conflict, corrupt)."""


class ServerError(AxisError):
    """5xxx: the server's state (overload, shutdown, internal)."""


def _make(name: str, code: Code, base: type[AxisError], doc: str) -> type[AxisError]:
    cls = type(name, (base,), {"default_code": int(code), "__doc__": doc})
    return cls


FrameTooLarge = _make("FrameTooLarge", Code.FRAME_TOO_LARGE, ProtocolError, "1001: a frame over the payload limit (fatal).")
DecompressLimit = _make("DecompressLimit", Code.DECOMPRESS_LIMIT, ProtocolError, "1002: a compressed payload over a limit, or corrupt.")
VersionMismatch = _make("VersionMismatch", Code.VERSION_MISMATCH, ProtocolError, "1003: no common protocol version; never retry.")
UnsupportedOpcode = _make("UnsupportedOpcode", Code.UNSUPPORTED_OPCODE, ProtocolError, "1004: the opcode is unknown to the server.")
BadPayload = _make("BadPayload", Code.BAD_PAYLOAD, ProtocolError, "1005: the payload does not decode as the opcode's message.")
BadFrame = _make("BadFrame", Code.BAD_FRAME, ProtocolError, "1006: broken framing (fatal).")
HandshakeRequired = _make("HandshakeRequired", Code.HANDSHAKE_REQUIRED, ProtocolError, "1007: a request before HELLO.")
HandshakeTimeout = _make("HandshakeTimeout", Code.HANDSHAKE_TIMEOUT, ProtocolError, "1008: no HELLO within the deadline.")
IdleTimeout = _make("IdleTimeout", Code.IDLE_TIMEOUT, ProtocolError, "1009: the idle connection was closed.")
BadRequestId = _make("BadRequestId", Code.BAD_REQUEST_ID, ProtocolError, "1010: request id 0 or not increasing.")
ProtocolViolation = _make("ProtocolViolation", Code.PROTOCOL_VIOLATION, ProtocolError, "1011: a valid frame in the wrong place.")
RequestTimeout = _make("RequestTimeout", Code.REQUEST_TIMEOUT, ProtocolError,
                       "1012: a frame or fragmented request was left unfinished too long (fatal).")
AuthFailed = _make("AuthFailed", Code.AUTH_FAILED, AuthError, "2001: the token is missing or wrong.")
Forbidden = _make("Forbidden", Code.FORBIDDEN, AuthError, "2002: the token's role does not allow this request.")
InvalidArgument = _make("InvalidArgument", Code.INVALID_ARGUMENT, RequestError, "3001: an argument is invalid.")
QuerySyntax = _make("QuerySyntax", Code.QUERY_SYNTAX, RequestError,
                    "3002: reserved and not sent (§8.2): a query that does not parse is InvalidArgument.")
LimitExceeded = _make("LimitExceeded", Code.LIMIT_EXCEEDED, RequestError, "3003: a value over its limit.")
NotFound = _make("NotFound", Code.NOT_FOUND, StateError, "4001: no such document, version or entity.")
Conflict = _make("Conflict", Code.CONFLICT, StateError, "4002: the request conflicts with the stored state.")
CorruptData = _make("CorruptData", Code.CORRUPT_DATA, StateError, "4003: stored data failed its checksum.")
Overloaded = _make("Overloaded", Code.OVERLOADED, ServerError, "5001: the server is overloaded; retry after backoff.")
SlowConsumer = _make("SlowConsumer", Code.SLOW_CONSUMER, ServerError, "5002: responses were left unread too long.")
TooManyRequests = _make("TooManyRequests", Code.TOO_MANY_REQUESTS, ServerError, "5003: over max_inflight_requests.")
Internal = _make("Internal", Code.INTERNAL, ServerError, "5004: an unexpected failure in the server.")
Cancelled = _make("Cancelled", Code.CANCELLED, ServerError, "5005: cancelled by the client.")
ShuttingDown = _make("ShuttingDown", Code.SHUTTING_DOWN, ServerError, "5006: the server is shutting down.")
StorageFull = _make("StorageFull", Code.STORAGE_FULL, ServerError, "5007: the server's disk is full.")

_BY_CODE: dict[int, type[AxisError]] = {
    cls.default_code: cls
    for cls in (
        FrameTooLarge, DecompressLimit, VersionMismatch, UnsupportedOpcode, BadPayload,
        BadFrame, HandshakeRequired, HandshakeTimeout, IdleTimeout, BadRequestId,
        ProtocolViolation, AuthFailed, Forbidden, InvalidArgument, QuerySyntax,
        LimitExceeded, NotFound, Conflict, CorruptData, Overloaded, SlowConsumer,
        TooManyRequests, Internal, Cancelled, ShuttingDown, StorageFull,
    )
}


def error_class(code: int) -> type[AxisError]:
    """The exception class for ``code``: its own, else its range's (§8.2)."""
    cls = _BY_CODE.get(code)
    if cls is not None:
        return cls
    if 1000 <= code < 2000:
        return ProtocolError
    if 2000 <= code < 3000:
        return AuthError
    if 3000 <= code < 4000:
        return RequestError
    if 4000 <= code < 5000:
        return StateError
    if 5000 <= code < 6000:
        return ServerError
    return AxisError


def make_error(code: int, message: str = "", **kwargs: Any) -> AxisError:
    """Build the typed exception for ``code``."""
    return error_class(code)(message, code=code, **kwargs)


# Connection-level conditions that are not error frames.
class ConnectionClosed(AxisError):
    """The connection ended before the request's final frame arrived.

    ``code`` is that of the GOAWAY that preceded the close, if any, else
    ``INTERNAL`` (the request's outcome is unknown: it may have taken effect).
    """

    default_code = int(Code.INTERNAL)


class NotProcessed(AxisError):
    """A GOAWAY said this request's id is above ``last_request_id``: the server
    did not process it and never will, so it is safe to retry it on a new
    connection (§6.3). ``code``/``retry`` are the GOAWAY's."""

    default_code = int(Code.SHUTTING_DOWN)


class IncompleteStream(ProtocolError):
    """A stream's final summary does not match what was received (§4.3)."""

    default_code = int(Code.BAD_PAYLOAD)


class RequestTimeout(AxisError, TimeoutError):
    """No final frame within the client's timeout; the request was cancelled (§6.4)."""

    default_code = int(Code.CANCELLED)


__all__ = [
    "AxisError", "AuthError", "AuthFailed", "BadFrame", "BadPayload", "BadRequestId", "Cancelled", "Code",
    "Conflict", "ConnectionClosed", "CorruptData", "DecompressLimit", "Forbidden", "FrameTooLarge",
    "HandshakeRequired", "HandshakeTimeout", "IdleTimeout", "IncompleteStream", "Internal", "InvalidArgument",
    "LimitExceeded", "NotFound", "NotProcessed", "Overloaded", "ProtocolError", "ProtocolViolation",
    "QuerySyntax", "RequestError", "RequestTimeout", "Retry", "ServerError", "ShuttingDown", "SlowConsumer",
    "StateError", "StorageFull", "TooManyRequests", "UnsupportedOpcode", "VersionMismatch", "code_name",
    "default_retry", "error_class", "make_error",
]

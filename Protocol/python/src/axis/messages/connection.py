"""Connection messages: HELLO, PING, GOAWAY, CANCEL (PROTOCOL.md §6) and Error (§8.1)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from ..errors import AxisError, Retry, default_retry, make_error
from ..schema import Bytes, F, Message, Msg, Packed, Str, Uint, message


@message
class Hello(Message):
    """HELLO request (§6.1). Its layout never changes in any protocol version."""

    min_version: int = 1
    max_version: int = 1
    client_name: str = ""
    client_version: str = ""
    max_payload_bytes: int | None = None
    token: str | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Uint(1, "min_version", bits=8, required=True),
        Uint(2, "max_version", bits=8, required=True),
        Str(3, "client_name", 64),
        Str(4, "client_version", 64),
        Uint(5, "max_payload_bytes", bits=32),
        Str(6, "token", 1024),
    )


@message
class ServerLimits(Message):
    """The server's limits, in the HELLO reply (§6.1, §7). All six fields are always written."""

    max_payload_bytes: int = 1 << 20
    max_inflated_payload_bytes: int = 8 << 20
    max_inflation_ratio: int = 100
    max_body_bytes: int = 64 << 20
    max_inflight_requests: int = 256
    idle_timeout_ms: int = 300_000

    FIELDS: ClassVar[tuple[F, ...]] = (
        Uint(1, "max_payload_bytes", bits=32, always=True),
        Uint(2, "max_inflated_payload_bytes", bits=32, always=True),
        Uint(3, "max_inflation_ratio", bits=32, always=True),
        Uint(4, "max_body_bytes", bits=64, always=True),
        Uint(5, "max_inflight_requests", bits=32, always=True),
        Uint(6, "idle_timeout_ms", bits=64, always=True),
    )


@message
class HelloReply(Message):
    """HELLO reply (§6.1). ``revision`` is 1 on a v1.1 server, 0 (absent) on v1.0 (§15.1)."""

    version: int = 1
    server_name: str = ""
    server_version: str = ""
    limits: ServerLimits | None = None
    opcodes: list[int] = dataclasses.field(default_factory=list)
    connection_id: int = 0
    server_id: str | None = None
    revision: int = 0

    FIELDS: ClassVar[tuple[F, ...]] = (
        Uint(1, "version", bits=8, required=True),
        Str(2, "server_name", 64),
        Str(3, "server_version", 64),
        Msg(4, "limits", ServerLimits, required=True),
        Packed(5, "opcodes", bits=16, max_count=1024),
        Uint(6, "connection_id", bits=64),
        Str(7, "server_id", 256),
        Uint(8, "revision", bits=8),
    )


@message
class Ping(Message):
    """PING (§6.2): liveness; ``data`` is echoed."""

    data: bytes = b""

    FIELDS: ClassVar[tuple[F, ...]] = (Bytes(1, "data", 64),)


@message
class Pong(Message):
    """PING reply (§6.2)."""

    data: bytes = b""
    server_time_ms: int = 0

    FIELDS: ClassVar[tuple[F, ...]] = (
        Bytes(1, "data", 64),
        Uint(2, "server_time_ms", bits=64),
    )


@message
class GoAway(Message):
    """GOAWAY (§6.3): request id 0, no flags, not answered. ``retry`` is always written;
    when absent it takes the code's default retry class."""

    code: int = 0
    last_request_id: int = 0
    message: str = ""
    retry: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Uint(1, "code", bits=16, required=True),
        Uint(2, "last_request_id", bits=32),
        Str(3, "message", 1024),
        Uint(4, "retry", always=True),
    )

    def __post_init__(self) -> None:
        if self.retry is None:
            self.retry = int(default_retry(self.code))


@message
class Cancel(Message):
    """CANCEL (§6.4): request id 0, no flags, no reply."""

    request_id: int = 0

    FIELDS: ClassVar[tuple[F, ...]] = (Uint(1, "request_id", bits=32, required=True),)


@message
class ErrorMessage(Message):
    """The payload of every error frame, and of a refused document's ``error`` (§8.1).

    ``retry`` is always written; absent, it takes the code's default.
    """

    code: int = 0
    retry: int | None = None
    message: str = ""
    field: str | None = None
    limit: int | None = None
    index: int | None = None
    offset: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Uint(1, "code", bits=16, required=True),
        Uint(2, "retry", always=True),
        Str(3, "message", 1024),
        Str(4, "field", 256),
        Uint(5, "limit", bits=64),
        Uint(6, "index", bits=64),
        Uint(7, "offset", bits=64),
    )

    def __post_init__(self) -> None:
        if self.retry is None:
            self.retry = int(default_retry(self.code))

    def to_exception(self, **kwargs: object) -> AxisError:
        """The typed exception for this error (see :mod:`axis.errors`)."""
        return make_error(
            self.code,
            self.message,
            retry=self.retry,
            field=self.field,
            limit=self.limit,
            index=self.index,
            offset=self.offset,
            **kwargs,  # type: ignore[arg-type]
        )

    @property
    def retry_class(self) -> Retry:
        return Retry.from_wire(self.retry or 0)

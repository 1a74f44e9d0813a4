"""Administration: TOKENS (PROTOCOL.md §6.5, v1.1, admin role)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from ..schema import F, Message, Msg, Str, Uint, message

ADD, LIST, REVOKE = 1, 2, 3


@message
class TokenInfo(Message):
    """One token as listed (never the token itself)."""

    name: str = ""
    role: str = ""
    created: str = ""

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "name", 64),
        Str(2, "role", 16),
        Str(3, "created", 64),
    )


@message
class Tokens(Message):
    """TOKENS request: ``action`` 1 add, 2 list, 3 revoke."""

    action: int = 0  # required on the wire: no default, so it is always written
    name: str = ""
    role: str = ""

    FIELDS: ClassVar[tuple[F, ...]] = (
        Uint(1, "action", bits=8),
        Str(2, "name", 64),
        Str(3, "role", 16),
    )


@message
class TokensReply(Message):
    """TOKENS reply: ``token`` (add, shown once) or ``tokens`` (list)."""

    token: str | None = None
    tokens: list[TokenInfo] = dataclasses.field(default_factory=list)

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "token", 128),
        Msg(2, "tokens", TokenInfo, repeated=True, max_count=100_000),
    )

"""Aggregate messages: TIMELINE and COOCCUR (PROTOCOL.md §14)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from ..schema import F, Message, Msg, Sint, Str, Uint, message
from .index import EntitySummary


@message
class Timeline(Message):
    """TIMELINE request (§14.1). ``interval``: ``day``, ``week`` or ``month`` (default)."""

    entity: str = ""
    interval: str | None = None
    since: str | None = None
    until: str | None = None
    where: str | None = None
    as_of_ms: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "entity", 4096, required=True),
        Str(2, "interval", 16),
        Str(3, "since", 16),
        Str(4, "until", 16),
        Str(5, "where", 4096),
        Sint(6, "as_of_ms"),
    )


@message
class TimelinePeriod(Message):
    """One period of a timeline (§14.1)."""

    start: str = ""
    documents: int = 0
    mentions: int = 0

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "start", 16, required=True),
        Uint(2, "documents"),
        Uint(3, "mentions"),
    )


@message
class TimelinePage(Message):
    """One frame of a TIMELINE reply (§14.1)."""

    periods: list[TimelinePeriod] = dataclasses.field(default_factory=list)
    entity: EntitySummary | None = None
    interval: str | None = None
    indexed_sequence: int | None = None
    as_of_ms: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "periods", TimelinePeriod, repeated=True),
        Msg(2, "entity", EntitySummary),
        Str(3, "interval", 16),
        Uint(4, "indexed_sequence", bits=64),
        Sint(5, "as_of_ms"),
    )

    def to_dataframe(self):  # type: ignore[no-untyped-def]
        """The periods as a pandas DataFrame indexed by start date."""
        from ..pandas import timeline_dataframe

        return timeline_dataframe(self)


@message
class Cooccur(Message):
    """COOCCUR request (§14.2): 2 to 32 entities; ``examples`` default 3, at most 20."""

    entities: list[str] = dataclasses.field(default_factory=list)
    where: str | None = None
    examples: int | None = None
    as_of_ms: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "entities", 4096, repeated=True, min_count=2, max_count=32),
        Str(2, "where", 4096),
        Uint(3, "examples"),
        Sint(4, "as_of_ms"),
    )


@message
class CooccurPair(Message):
    """Documents that mention both entities of a pair (§14.2)."""

    first: str = ""
    second: str = ""
    documents: int = 0
    examples: list[str] = dataclasses.field(default_factory=list)

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "first", 256, required=True),
        Str(2, "second", 256, required=True),
        Uint(3, "documents"),
        Str(4, "examples", 4096, repeated=True, max_count=20),
    )


@message
class CooccurPage(Message):
    """One frame of a COOCCUR reply (§14.2)."""

    pairs: list[CooccurPair] = dataclasses.field(default_factory=list)
    entities: list[EntitySummary] = dataclasses.field(default_factory=list)
    documents: int | None = None
    indexed_sequence: int | None = None
    as_of_ms: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "pairs", CooccurPair, repeated=True),
        Msg(2, "entities", EntitySummary, repeated=True),
        Uint(3, "documents"),
        Uint(4, "indexed_sequence", bits=64),
        Sint(5, "as_of_ms"),
    )

    def to_dataframe(self):  # type: ignore[no-untyped-def]
        """The pairs as a pandas DataFrame."""
        from ..pandas import to_dataframe

        return to_dataframe(self.pairs)

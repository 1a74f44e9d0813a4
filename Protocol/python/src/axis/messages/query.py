"""QUERY messages (PROTOCOL.md §13)."""

from __future__ import annotations

import base64
import dataclasses
import struct
from typing import ClassVar, NamedTuple

from ..schema import F, Message, Msg, Sint, Str, Uint, message
from .index import EntitySummary


@message
class Query(Message):
    """QUERY request (§13). Defaults: ``limit`` 10 (at most 1000), ``facets`` 5
    (at most 100, 0 for none), ``snippet_sentences`` 2 (at most 5, 0 for none)."""

    query: str = ""
    limit: int | None = None
    after: str | None = None
    as_of_ms: int | None = None
    facets: int | None = None
    snippet_sentences: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "query", 4096, required=True),
        Uint(2, "limit"),
        Str(3, "after", 128),
        Sint(4, "as_of_ms"),
        Uint(5, "facets"),
        Uint(6, "snippet_sentences"),
    )


@message
class Highlight(Message):
    """A mark in a snippet (§13); offsets are UTF-8 bytes of ``snippet``."""

    start: int = 0
    end: int = 0
    kind: str = ""
    entity_id: str | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Uint(1, "start"),
        Uint(2, "end"),
        Str(3, "kind", 16),
        Str(4, "entity_id", 256),
    )


@message
class QueryHit(Message):
    """One hit (§13). ``score`` is decimal text rounded to 4 places."""

    key: str = ""
    version: int = 0
    sequence: int = 0
    score: str = ""
    title: str = ""
    source: str = ""
    published: str = ""
    day: str = ""
    snippet: str = ""
    highlights: list[Highlight] = dataclasses.field(default_factory=list)
    ingest_time_ms: int = 0

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "key", 1024, required=True),
        Uint(2, "version", bits=32),
        Uint(3, "sequence", bits=64),
        Str(4, "score", 64),
        Str(5, "title", 2048),
        Str(6, "source", 256),
        Str(7, "published", 16),
        Str(8, "day", 16),
        Str(9, "snippet", 64 * 1024),
        Msg(10, "highlights", Highlight, repeated=True),
        Sint(11, "ingest_time_ms"),
    )

    @property
    def score_value(self) -> float:
        return float(self.score) if self.score else 0.0

    def highlighted_text(self) -> list[str]:
        """The marked substrings of the snippet (offsets are UTF-8 bytes)."""
        raw = self.snippet.encode("utf-8")
        return [raw[h.start : h.end].decode("utf-8", "replace") for h in self.highlights]


@message
class Facet(Message):
    """Entities of one type among the hits (§13)."""

    type: str = ""
    entities: list[EntitySummary] = dataclasses.field(default_factory=list)

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "type", 256),
        Msg(2, "entities", EntitySummary, repeated=True),
    )


@message
class QueryPage(Message):
    """One frame of a QUERY reply (§13); the summary fields are on the final frame."""

    hits: list[QueryHit] = dataclasses.field(default_factory=list)
    total: int | None = None
    next: str | None = None
    facets: list[Facet] = dataclasses.field(default_factory=list)
    indexed_sequence: int | None = None
    as_of_ms: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "hits", QueryHit, repeated=True),
        Uint(2, "total"),
        Str(3, "next", 128),
        Msg(4, "facets", Facet, repeated=True),
        Uint(5, "indexed_sequence", bits=64),
        Sint(6, "as_of_ms"),
    )

    def to_dataframe(self):  # type: ignore[no-untyped-def]
        """The hits as a pandas DataFrame (``score`` numeric, dates parsed)."""
        from ..pandas import query_hits_dataframe

        return query_hits_dataframe(self)


class PageToken(NamedTuple):
    """The fields of a page token as servers write it today (§13).

    The token is opaque to clients; this is for debugging only.
    """

    version: int
    has_time: bool
    time_ms: int
    last_sequence: int
    last_score: float
    last_hit_sequence: int
    query_hash: int


_TOKEN = struct.Struct(">BBqQdQI")


def parse_page_token(token: str) -> PageToken:
    """Decode a ``next`` token (URL-safe base64, no padding, 38 bytes, big-endian; §13)."""
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    if len(raw) != _TOKEN.size:
        raise ValueError(f"page token is {len(raw)} bytes, expected {_TOKEN.size}")
    v, t, time_ms, last_seq, score, hit_seq, h = _TOKEN.unpack(raw)
    return PageToken(v, bool(t), time_ms, last_seq, score, hit_seq, h)


def fnv1a32(data: bytes) -> int:
    """FNV-1a, 32 bits (the query hash of a page token, §13)."""
    h = 0x811C9DC5
    for b in data:
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h

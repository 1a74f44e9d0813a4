"""Document messages (PROTOCOL.md §10)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from ..schema import Bool, Bytes, F, Message, Msg, Sint, Str, Uint, message
from .connection import ErrorMessage


@message
class SnapshotInfo(Message):
    """One version of a document (§10.1)."""

    key: str = ""
    version: int = 0
    sequence: int = 0
    ingest_time_ms: int = 0
    deleted: bool = False
    content_hash: bytes | None = None
    body_size: int = 0
    compressed_size: int = 0
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "key", 1024, required=True),
        Uint(2, "version", bits=32, required=True),
        Uint(3, "sequence", bits=64, required=True),
        Sint(4, "ingest_time_ms"),
        Bool(5, "deleted"),
        Bytes(6, "content_hash", exact_len=32),
        Uint(7, "body_size", bits=64),
        Uint(8, "compressed_size", bits=32),
        Str(9, "title", 2048),
        Str(10, "source", 256),
        Str(11, "url", 8192),
        Str(12, "published", 10),
        Str(13, "tags", 128, repeated=True, max_count=64),
    )


@message
class DocumentUpload(Message):
    """One document of a DOC_PUT (§10.2). Exactly one of ``body`` and ``body_zlib``."""

    key: str = ""
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""
    tags: list[str] = dataclasses.field(default_factory=list)
    body: bytes | None = None
    body_zlib: bytes | None = None
    body_size: int | None = None
    content_hash: bytes | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "key", 1024, required=True),
        Str(2, "title", 2048),
        Str(3, "source", 256),
        Str(4, "url", 8192),
        Str(5, "published", 10),
        Str(6, "tags", 128, repeated=True, max_count=64),
        Bytes(7, "body"),
        Bytes(8, "body_zlib"),
        Uint(9, "body_size", bits=64),
        Bytes(10, "content_hash", exact_len=32),
    )


@message
class DocPut(Message):
    """DOC_PUT request (§10.2): 1 to 1000 documents."""

    documents: list[DocumentUpload] = dataclasses.field(default_factory=list)

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "documents", DocumentUpload, repeated=True, min_count=1, max_count=1000),
    )


@message
class PutResult(Message):
    """One document's outcome in a DocPutReply (§10.2)."""

    key: str = ""
    version: int = 0
    sequence: int = 0
    created: bool = False
    content_hash: bytes | None = None
    error: ErrorMessage | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "key", 1024),
        Uint(2, "version", bits=32),
        Uint(3, "sequence", bits=64),
        Bool(4, "created"),
        Bytes(5, "content_hash", exact_len=32),
        Msg(6, "error", ErrorMessage),
    )

    @property
    def ok(self) -> bool:
        return self.error is None


@message
class DocPutReply(Message):
    """DOC_PUT reply (§10.2): one result per document, in the order sent."""

    results: list[PutResult] = dataclasses.field(default_factory=list)

    FIELDS: ClassVar[tuple[F, ...]] = (Msg(1, "results", PutResult, repeated=True),)


@message
class DocGet(Message):
    """DOC_GET request (§10.3). ``version`` and ``as_of_ms`` exclude each other."""

    key: str = ""
    version: int | None = None
    as_of_ms: int | None = None
    metadata_only: bool = False

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "key", 1024, required=True),
        Uint(2, "version", bits=32),
        Sint(3, "as_of_ms"),
        Bool(4, "metadata_only"),
    )


@message
class SnapshotChunk(Message):
    """One frame of a DOC_GET reply (§10.3)."""

    info: SnapshotInfo | None = None
    body_zlib: bytes = b""

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "info", SnapshotInfo),
        Bytes(2, "body_zlib"),
    )


@message
class DocHistory(Message):
    """DOC_HISTORY request (§10.4)."""

    key: str = ""

    FIELDS: ClassVar[tuple[F, ...]] = (Str(1, "key", 1024, required=True),)


@message
class SnapshotPage(Message):
    """One frame of a DOC_HISTORY reply (§10.4); ``total`` on the final frame."""

    snapshots: list[SnapshotInfo] = dataclasses.field(default_factory=list)
    total: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "snapshots", SnapshotInfo, repeated=True),
        Uint(2, "total"),
    )


@message
class DocDiff(Message):
    """DOC_DIFF request (§10.5). ``context_lines``: default 3, at most 1000."""

    key: str = ""
    from_version: int = 0
    to_version: int = 0
    context_lines: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "key", 1024, required=True),
        Uint(2, "from_version", bits=32, required=True),
        Uint(3, "to_version", bits=32, required=True),
        Uint(4, "context_lines"),
    )


@message
class DiffLine(Message):
    """A line of a hunk (§10.5): kind 0 unchanged, 1 added, 2 removed."""

    UNCHANGED: ClassVar[int] = 0
    ADDED: ClassVar[int] = 1
    REMOVED: ClassVar[int] = 2

    kind: int = 0
    text: str = ""

    FIELDS: ClassVar[tuple[F, ...]] = (Uint(1, "kind"), Str(2, "text", 65536))

    def __str__(self) -> str:
        return {0: " ", 1: "+", 2: "-"}.get(self.kind, "?") + self.text


@message
class DiffHunk(Message):
    """A hunk, as in a unified diff (§10.5)."""

    from_start: int = 0
    from_count: int = 0
    to_start: int = 0
    to_count: int = 0
    lines: list[DiffLine] = dataclasses.field(default_factory=list)

    FIELDS: ClassVar[tuple[F, ...]] = (
        Uint(1, "from_start"),
        Uint(2, "from_count"),
        Uint(3, "to_start"),
        Uint(4, "to_count"),
        Msg(5, "lines", DiffLine, repeated=True, max_count=2000),
    )

    def header(self) -> str:
        return f"@@ -{self.from_start},{self.from_count} +{self.to_start},{self.to_count} @@"


def _index_types():  # late import: the index messages live in index.py
    from . import index

    return index


@message
class DiffPart(Message):
    """One frame of a DOC_DIFF reply (§10.5)."""

    from_: SnapshotInfo | None = None
    to: SnapshotInfo | None = None
    hunks: list[DiffHunk] = dataclasses.field(default_factory=list)
    lines_added: int | None = None
    lines_removed: int | None = None
    entity_changes: list = dataclasses.field(default_factory=list)
    quantities_added: list = dataclasses.field(default_factory=list)
    quantities_removed: list = dataclasses.field(default_factory=list)
    flows_added: list = dataclasses.field(default_factory=list)
    flows_removed: list = dataclasses.field(default_factory=list)
    flows_changed: list = dataclasses.field(default_factory=list)

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "from_", SnapshotInfo),
        Msg(2, "to", SnapshotInfo),
        Msg(3, "hunks", DiffHunk, repeated=True),
        Uint(4, "lines_added"),
        Uint(5, "lines_removed"),
        Msg(6, "entity_changes", lambda: _index_types().EntityChange, repeated=True),
        Msg(7, "quantities_added", lambda: _index_types().Quantity, repeated=True),
        Msg(8, "quantities_removed", lambda: _index_types().Quantity, repeated=True),
        Msg(9, "flows_added", lambda: _index_types().Flow, repeated=True),
        Msg(10, "flows_removed", lambda: _index_types().Flow, repeated=True),
        Msg(11, "flows_changed", lambda: _index_types().FlowChange, repeated=True),  # v1.1
    )

    def unified(self) -> str:
        """The hunks as unified-diff text."""
        out = []
        for h in self.hunks:
            out.append(h.header())
            out.extend(str(line) for line in h.lines)
        return "\n".join(out)


@message
class DocDelete(Message):
    """DOC_DELETE request (§10.6)."""

    key: str = ""

    FIELDS: ClassVar[tuple[F, ...]] = (Str(1, "key", 1024, required=True),)


@message
class DocDeleteReply(Message):
    """DOC_DELETE reply (§10.6): the tombstone's version and sequence."""

    version: int = 0
    sequence: int = 0

    FIELDS: ClassVar[tuple[F, ...]] = (Uint(1, "version", bits=32), Uint(2, "sequence", bits=64))


@message
class DocList(Message):
    """DOC_LIST request (§10.7). ``limit``: default 100, at most 10,000."""

    prefix: str = ""
    after: str = ""
    limit: int | None = None
    include_deleted: bool = False

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "prefix", 1024),
        Str(2, "after", 1024),
        Uint(3, "limit"),
        Bool(4, "include_deleted"),
    )


@message
class DocumentSummary(Message):
    """One document in a DOC_LIST page (§10.7)."""

    latest: SnapshotInfo | None = None
    versions: int = 0

    FIELDS: ClassVar[tuple[F, ...]] = (Msg(1, "latest", SnapshotInfo), Uint(2, "versions"))


@message
class DocumentPage(Message):
    """One frame of a DOC_LIST reply (§10.7)."""

    documents: list[DocumentSummary] = dataclasses.field(default_factory=list)
    next_after: str | None = None
    total: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "documents", DocumentSummary, repeated=True),
        Str(2, "next_after", 1024),
        Uint(3, "total"),
    )


@message
class DocStat(Message):
    """DOC_STAT request (§10.8): at most 1000 keys."""

    keys: list[str] = dataclasses.field(default_factory=list)

    FIELDS: ClassVar[tuple[F, ...]] = (Str(1, "keys", 1024, repeated=True, max_count=1000),)


@message
class DocStatReply(Message):
    """One frame of a DOC_STAT reply (§10.8)."""

    snapshots: list[SnapshotInfo] = dataclasses.field(default_factory=list)
    total: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "snapshots", SnapshotInfo, repeated=True),
        Uint(2, "total"),
    )

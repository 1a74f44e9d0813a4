"""Bulk transfer messages: EXPORT, IMPORT, SYNC_STATE and PackRecord (PROTOCOL.md §11)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from ..schema import Bool, Bytes, F, Message, Msg, Str, Uint, message
from .documents import SnapshotInfo


@message
class PackRecord(Message):
    """A snapshot or tombstone as the source stores it (§11.1).

    In an export stream a record may be cut into pieces: the first has
    ``info`` and ``continued=True``, the following only ``body_zlib``.
    """

    info: SnapshotInfo | None = None
    body_zlib: bytes | None = None
    continued: bool = False

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "info", SnapshotInfo),
        Bytes(2, "body_zlib"),
        Bool(3, "continued"),
    )

    @property
    def is_tombstone(self) -> bool:
        return bool(self.info and self.info.deleted)


@message
class DamagedRecord(Message):
    """A record an export passed over with ``skip_damaged`` (§11.2, v1.1)."""

    sequence: int = 0
    key: str = ""
    version: int = 0
    reason: str = ""

    FIELDS: ClassVar[tuple[F, ...]] = (
        Uint(1, "sequence", bits=64),
        Str(2, "key", 1024),
        Uint(3, "version", bits=32),
        Str(4, "reason", 1024),
    )


@message
class Export(Message):
    """EXPORT request (§11.2): records with ``since < sequence <= until``."""

    since_sequence: int | None = None
    until_sequence: int | None = None
    skip_damaged: bool = False
    stored_form: bool = False

    FIELDS: ClassVar[tuple[F, ...]] = (
        Uint(1, "since_sequence", bits=64),
        Uint(2, "until_sequence", bits=64),
        Bool(3, "skip_damaged"),
        Bool(4, "stored_form"),
    )


@message
class ExportPart(Message):
    """One frame of an EXPORT stream (§11.2).

    The server writes the first frame's fields first (2, 8, 12, then 1); this
    class encodes in that order, ``ENCODE_ORDER`` = 2, 8, 12, 1, 3-7, 9, 10, 11.
    In stored form (v1.2, §11.6) the records come as ``stored`` chunks, read
    with :mod:`axis.stored`.
    """

    records: list[PackRecord] = dataclasses.field(default_factory=list)
    source_server_id: str | None = None
    count: int | None = None
    snapshots: int | None = None
    tombstones: int | None = None
    last_sequence: int | None = None
    body_bytes: int | None = None
    until_sequence: int | None = None
    damaged: list[DamagedRecord] = dataclasses.field(default_factory=list)
    damaged_count: int | None = None
    stored: list[bytes] = dataclasses.field(default_factory=list)
    stored_format: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "records", PackRecord, repeated=True),
        Str(2, "source_server_id", 256),
        Uint(3, "count"),
        Uint(4, "snapshots"),
        Uint(5, "tombstones"),
        Uint(6, "last_sequence", bits=64),
        Uint(7, "body_bytes", bits=64),
        Uint(8, "until_sequence", bits=64),
        Msg(9, "damaged", DamagedRecord, repeated=True, max_count=1000),
        Uint(10, "damaged_count", bits=64),
        Bytes(11, "stored", repeated=True),
        Uint(12, "stored_format", bits=32),
    )
    ENCODE_ORDER: ClassVar[tuple[int, ...]] = (2, 8, 12, 1, 3, 4, 5, 6, 7, 9, 10, 11)


@message
class Import(Message):
    """IMPORT request (§11.3): 0 to 10,000 whole records, all or nothing."""

    source_server_id: str | None = None
    records: list[PackRecord] = dataclasses.field(default_factory=list)
    watermark: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "source_server_id", 256),
        Msg(2, "records", PackRecord, repeated=True, max_count=10_000),
        Uint(3, "watermark", bits=64),
    )


@message
class ImportReply(Message):
    """IMPORT reply (§11.3)."""

    imported: int = 0
    skipped: int = 0
    watermark: int = 0
    last_sequence: int = 0

    FIELDS: ClassVar[tuple[F, ...]] = (
        Uint(1, "imported"),
        Uint(2, "skipped"),
        Uint(3, "watermark", bits=64),
        Uint(4, "last_sequence", bits=64),
    )


@message
class SyncState(Message):
    """SYNC_STATE request (§11.4)."""

    source_server_id: str = ""

    FIELDS: ClassVar[tuple[F, ...]] = (Str(1, "source_server_id", 256, required=True),)


@message
class SyncStateReply(Message):
    """SYNC_STATE reply (§11.4)."""

    watermark: int = 0
    server_id: str = ""
    last_sequence: int = 0

    FIELDS: ClassVar[tuple[F, ...]] = (
        Uint(1, "watermark", bits=64),
        Str(2, "server_id"),
        Uint(3, "last_sequence", bits=64),
    )

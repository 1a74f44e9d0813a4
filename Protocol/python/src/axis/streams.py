"""Streamed replies as Python iterators (PROTOCOL.md §4.3).

A stream is zero or more frames with the ``more`` flag, then a final frame
with a summary. :class:`ItemStream` yields the items of one repeated field
across frames and, once the final frame has arrived, exposes the summary
and checks the counts the spec lets a client check.
"""

from __future__ import annotations

from typing import Any, Callable, Generic, Iterator, TypeVar

from .errors import IncompleteStream
from .messages import ExportPart, PackRecord
from .schema import Message, merge
from .stored import FORMAT as STORED_FORMAT, StoredRecordReader
from .transport import PendingRequest

T = TypeVar("T")


class ItemStream(Generic[T]):
    """Iterate the items of ``field`` across a stream's frames.

    After iteration, :attr:`summary` is all frames merged without the items
    (so ``summary.total``, ``summary.next_after``, … are there), and
    ``count_field`` (if given) has been checked against the items received.
    Breaking out of the loop early cancels the request (§6.4).
    """

    def __init__(
        self,
        pending: PendingRequest,
        field: str,
        *,
        count_field: str | None = None,
        timeout: float | None = None,
        check: Callable[[Message, int], None] | None = None,
    ) -> None:
        self._pending = pending
        self.field = field
        self.count_field = count_field
        self.timeout = timeout
        self._check = check
        self._pages: list[Message] = []
        self.received = 0
        self.summary: Any = None
        self._iterated = False

    @property
    def request_id(self) -> int:
        return self._pending.request_id

    def __iter__(self) -> Iterator[T]:
        if self._iterated:
            raise RuntimeError("a stream can be iterated once; use to_list()")
        self._iterated = True
        try:
            for page in self._pending.replies(self.timeout):
                items = getattr(page, self.field)
                self.received += len(items)
                stripped = _without(page, self.field)
                self._pages.append(stripped)
                yield from items
        finally:
            if not self._pending.finished:
                self._pending.cancel()
        self.summary = merge(self._pages)
        if self.count_field is not None:
            expected = getattr(self.summary, self.count_field)
            if expected is None:
                raise IncompleteStream(f"final frame has no {self.count_field}", local=True)
            if expected != self.received:
                raise IncompleteStream(
                    f"stream summary says {self.count_field} = {expected}, received {self.received}", local=True
                )
        if self._check is not None:
            self._check(self.summary, self.received)

    def to_list(self) -> list[T]:
        """Consume the stream; return every item."""
        return list(self)

    def close(self) -> None:
        """Stop early: CANCEL the request (§6.4)."""
        self._pending.cancel()

    def __enter__(self) -> "ItemStream[T]":
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._pending.finished:
            self.close()

    def __getattr__(self, name: str) -> Any:
        # Summary fields (total, next_after, indexed_sequence, …) once finished.
        summary = self.__dict__.get("summary")
        if summary is not None and hasattr(summary, name):
            return getattr(summary, name)
        raise AttributeError(name)

    def to_dataframe(self):  # type: ignore[no-untyped-def]
        """The items as a pandas DataFrame (see :mod:`axis.pandas`)."""
        from .pandas import to_dataframe

        return to_dataframe(self.to_list())


def _without(page: Message, field: str) -> Message:
    import dataclasses

    clone = dataclasses.replace(page, **{field: []})  # type: ignore[type-var]
    object.__setattr__(clone, "_wire_fields", page.wire_fields)
    return clone


class ExportStream:
    """An EXPORT stream (§11.2) as complete :class:`PackRecord` s.

    Pieces of a record cut across frames (``continued``) are joined. After
    iteration the final frame's counts are checked (§11.2: a client MUST),
    and :attr:`summary` holds them. ``source_server_id`` and
    ``until_sequence`` are known after the first frame.
    """

    def __init__(self, pending: PendingRequest, timeout: float | None = None, max_record: int = 65 << 20) -> None:
        self._pending = pending
        self.timeout = timeout
        self.max_record = max_record
        self.source_server_id: str | None = None
        self.until_sequence: int | None = None
        self.summary: ExportPart | None = None
        self.count = 0
        self.snapshots = 0
        self.tombstones = 0
        self.body_bytes = 0
        self.last_sequence = 0

    def __iter__(self) -> Iterator[PackRecord]:
        partial: PackRecord | None = None
        chunks: list[bytes] = []
        size = 0
        final: ExportPart | None = None
        stored = StoredRecordReader()
        try:
            for part in self._pending.replies(self.timeout):
                assert isinstance(part, ExportPart)
                if part.source_server_id is not None and self.source_server_id is None:
                    self.source_server_id = part.source_server_id
                if part.until_sequence is not None and self.until_sequence is None:
                    self.until_sequence = part.until_sequence
                for rec in part.records:
                    if partial is None:
                        if rec.info is None:
                            raise IncompleteStream("an export piece without info starts a record", local=True)
                        if rec.continued:
                            partial, chunks, size = rec, [rec.body_zlib or b""], len(rec.body_zlib or b"")
                            continue
                        whole = rec
                    else:
                        if rec.info is not None:
                            raise IncompleteStream("a new record began before the previous one was complete",
                                                   local=True)
                        piece = rec.body_zlib or b""
                        size += len(piece)
                        if size > self.max_record:
                            raise IncompleteStream("a reassembled record exceeds 65 MiB", local=True)
                        chunks.append(piece)
                        if rec.continued:
                            continue
                        whole = PackRecord(info=partial.info, body_zlib=b"".join(chunks), continued=False)
                        if whole.info is not None and whole.info.deleted:
                            whole.body_zlib = None
                        partial = None
                    self._tally(whole)
                    yield whole
                if part.stored_format is not None and part.stored_format != STORED_FORMAT:
                    raise IncompleteStream(f"stored records of format {part.stored_format}; this client reads "
                                           f"{STORED_FORMAT}", local=True)
                for chunk in part.stored:
                    if partial is not None:
                        raise IncompleteStream("stored records arrived inside a record", local=True)
                    for whole in stored.feed(chunk):
                        if whole.info is not None and whole.info.sequence <= self.last_sequence:
                            raise IncompleteStream(f"sequence {whole.info.sequence} follows {self.last_sequence}",
                                                   local=True)
                        self._tally(whole)
                        yield whole
                if not self._pending.finished:
                    continue
                final = part
        finally:
            if not self._pending.finished:
                self._pending.cancel()
        if partial is not None or stored.inside_record:
            raise IncompleteStream("the stream ended inside a record", local=True)
        assert final is not None
        self.summary = final
        for name in ("count", "snapshots", "tombstones", "body_bytes"):
            want = getattr(final, name)
            if want is None or want != getattr(self, name):
                raise IncompleteStream(f"export summary {name} = {want}, received {getattr(self, name)}", local=True)
        if final.last_sequence is None or (self.count and final.last_sequence < self.last_sequence):
            raise IncompleteStream(f"export summary last_sequence = {final.last_sequence}", local=True)

    def _tally(self, rec: PackRecord) -> None:
        self.count += 1
        if rec.info is not None and rec.info.deleted:
            self.tombstones += 1
        else:
            self.snapshots += 1
        self.body_bytes += len(rec.body_zlib or b"")
        if rec.info is not None:
            self.last_sequence = rec.info.sequence

    def close(self) -> None:
        self._pending.cancel()

    def __enter__(self) -> "ExportStream":
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._pending.finished:
            self.close()

"""The high-level client: one method per message (PROTOCOL.md §6, §10–§14).

Every method is synchronous; streamed replies come back as iterators
(:class:`~axis.streams.ItemStream`) or, where the whole answer is one
object (a diff, a query page, a timeline), merged into one message. For
pipelining, :meth:`Connection.send` returns a
:class:`~axis.transport.PendingRequest` without waiting.
"""

from __future__ import annotations

import os
import time
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .documents import MAX_DOCUMENTS_PER_PUT, Document, check_key, make_upload, upload_from
from .errors import IncompleteStream, InvalidArgument, LimitExceeded
from .messages import (
    Cooccur, CooccurPage, DiffPart, DocDelete, DocDeleteReply, DocDiff, DocGet, DocHistory, DocList,
    DocPut, DocPutReply, DocStat, DocumentSummary, DocumentUpload, Entities, EntityLookup, EntityReply,
    EntitySummary, Export, Import, ImportReply, MentionPage, Mentions, PackRecord, Ping, Pong, PutResult,
    Query, QueryHit, QueryPage, SnapshotChunk, SnapshotInfo, SyncState, SyncStateReply, Timeline,
    TimelinePage, ENTITY_TYPES, MODALITIES, FlowPage, Flows, Tokens, TokensReply,
)
from .errors import UnsupportedOpcode
from .opcodes import Opcode
from .pack import PackHeader, PackTrailer, PackWriter, iter_pack, now_ms, verify_pack
from .schema import merge
from .streams import ExportStream, ItemStream
from .transport import Connection

MAX_IMPORT_RECORDS = 10_000


def _limit(name: str, value: int | None, maximum: int) -> None:
    """Check a count argument against the spec's maximum before sending."""
    if value is None:
        return
    if value < 0:
        raise InvalidArgument(f"{name} must not be negative", field=name, local=True)
    if value > maximum:
        raise LimitExceeded(f"{name} = {value}, the maximum is {maximum}", field=name, limit=maximum, local=True)


class Client(Connection):
    """An Axis client on one TCP connection.

    >>> with axis.connect("127.0.0.1", 7411) as c:
    ...     c.put("notes/1", "North Korea sent shells.", title="Shells")
    ...     print(c.get("notes/1").text)
    """

    # -- connection (§6) ---------------------------------------------------
    def ping(self, data: bytes = b"", timeout: float | None = None) -> Pong:
        """PING (§6.2); returns the Pong (``data`` echoed, ``server_time_ms``)."""
        start = time.monotonic()
        pong = self.send(Ping(data=data)).result(timeout)
        assert isinstance(pong, Pong)
        object.__setattr__(pong, "rtt", time.monotonic() - start)
        return pong

    # -- documents (§10) -----------------------------------------------------
    def put(
        self,
        key: str,
        body: str | bytes | None = None,
        *,
        title: str = "",
        source: str = "",
        url: str = "",
        published: str = "",
        tags: Iterable[str] = (),
        compress: bool = True,
        body_zlib: bytes | None = None,
        body_size: int | None = None,
        content_hash: bytes | None = None,
        timeout: float | None = None,
    ) -> PutResult:
        """Store one document (DOC_PUT, §10.2); raise its error if refused.

        ``compress=True`` sends the body as a zlib stream (field 8), which the
        server stores as is; ``body_zlib`` sends a caller-made stream.
        """
        up = make_upload(key, body, title=title, source=source, url=url, published=published, tags=tags,
                         compress=compress, body_zlib=body_zlib, body_size=body_size, content_hash=content_hash,
                         max_body_bytes=self.limits.max_body_bytes, index=0)
        (result,) = self.put_many([up], timeout=timeout, raise_on_error=True)
        return result

    def put_many(
        self,
        documents: Iterable[DocumentUpload | Mapping[str, Any]],
        *,
        raise_on_error: bool = False,
        timeout: float | None = None,
    ) -> list[PutResult]:
        """Store 1 to 1000 documents in one DOC_PUT (§10.2).

        Each document succeeds or fails on its own: a refused one has
        ``result.error`` (an :class:`~axis.messages.ErrorMessage`; call
        ``.to_exception()``). With ``raise_on_error`` the first is raised,
        with ``index`` set to the document's position.
        """
        ups = [upload_from(d, index=i, max_body_bytes=self.limits.max_body_bytes) for i, d in enumerate(documents)]
        if not 1 <= len(ups) <= MAX_DOCUMENTS_PER_PUT:
            raise LimitExceeded(f"{len(ups)} documents; a put takes 1 to {MAX_DOCUMENTS_PER_PUT}",
                                field="documents", limit=MAX_DOCUMENTS_PER_PUT, local=True)
        reply = self.send(DocPut(documents=ups)).result(timeout)
        assert isinstance(reply, DocPutReply)
        if len(reply.results) != len(ups):
            raise IncompleteStream(f"{len(ups)} documents sent, {len(reply.results)} results", local=True)
        for i, r in enumerate(reply.results):
            # index is the position (§8.1, §10.2); a v1.0 server could leave it out: fill it in.
            if r.error is not None and r.error.index is None:
                r.error.index = i
        if raise_on_error:
            for r in reply.results:
                if r.error is not None:
                    raise r.error.to_exception()
        return reply.results

    def get(
        self,
        key: str,
        version: int | None = None,
        *,
        as_of_ms: int | None = None,
        metadata_only: bool = False,
        verify: bool = True,
        timeout: float | None = None,
    ) -> Document:
        """DOC_GET (§10.3): the latest version, ``version``, or the one latest at ``as_of_ms``.

        The stored zlib stream is returned byte for byte (``doc.body_zlib``);
        ``doc.body``/``doc.text`` inflate it. With ``verify`` the size and
        SHA-256 are checked. A tombstone or missing key raises ``NotFound``.
        """
        check_key(key)
        if version is not None and as_of_ms is not None:
            raise InvalidArgument("version and as_of_ms exclude each other", field="as_of_ms", local=True)
        pending = self.send(DocGet(key=key, version=version, as_of_ms=as_of_ms, metadata_only=metadata_only))
        info: SnapshotInfo | None = None
        pieces: list[bytes] = []
        for chunk in pending.replies(timeout):
            assert isinstance(chunk, SnapshotChunk)
            if chunk.info is not None:
                info = chunk.info
            if chunk.body_zlib:
                pieces.append(chunk.body_zlib)
        if info is None:
            raise IncompleteStream("DOC_GET reply without info", local=True)
        doc = Document(info, b"".join(pieces))
        if verify and not metadata_only and not info.deleted:
            doc.verify()
        return doc

    def stat(self, keys: Sequence[str], timeout: float | None = None) -> list[SnapshotInfo]:
        """DOC_STAT (§10.8): the latest info of each existing key, in the order asked."""
        keys = list(keys)
        _limit("keys", len(keys), 1000)
        for k in keys:
            check_key(k, field="keys")
        return ItemStream(self.send(DocStat(keys=keys)), "snapshots", count_field="total", timeout=timeout).to_list()

    def history(self, key: str, timeout: float | None = None) -> ItemStream[SnapshotInfo]:
        """DOC_HISTORY (§10.4): every version, oldest first, tombstones included (an iterator)."""
        check_key(key)
        return ItemStream(self.send(DocHistory(key=key)), "snapshots", count_field="total", timeout=timeout)

    def diff(
        self, key: str, from_version: int, to_version: int, *, context_lines: int | None = None,
        timeout: float | None = None,
    ) -> DiffPart:
        """DOC_DIFF (§10.5), merged: ``from_``, ``to``, ``hunks``, line counts, index changes."""
        check_key(key)
        _limit("context_lines", context_lines, 1000)
        pages = list(self.send(DocDiff(key=key, from_version=from_version, to_version=to_version,
                                       context_lines=context_lines)).replies(timeout))
        result = merge(pages)
        assert isinstance(result, DiffPart)
        if result.lines_added is None or result.lines_removed is None:
            raise IncompleteStream("DOC_DIFF final frame without line counts", local=True)
        return result

    def delete(self, key: str, timeout: float | None = None) -> DocDeleteReply:
        """DOC_DELETE (§10.6): add a tombstone. ``NotFound`` if missing or already deleted."""
        check_key(key)
        reply = self.send(DocDelete(key=key)).result(timeout)
        assert isinstance(reply, DocDeleteReply)
        return reply

    def list(
        self, prefix: str = "", *, after: str = "", limit: int | None = None, include_deleted: bool = False,
        timeout: float | None = None,
    ) -> ItemStream[DocumentSummary]:
        """DOC_LIST (§10.7), one page as an iterator; ``.next_after`` once consumed."""
        _limit("limit", limit, 10_000)
        msg = DocList(prefix=prefix, after=after, limit=limit, include_deleted=include_deleted)
        return ItemStream(self.send(msg), "documents", count_field="total", timeout=timeout)

    def list_all(
        self, prefix: str = "", *, page_size: int | None = None, include_deleted: bool = False,
    ) -> Iterator[DocumentSummary]:
        """Every document under ``prefix``, following ``next_after`` page by page."""
        after = ""
        while True:
            page = self.list(prefix, after=after, limit=page_size, include_deleted=include_deleted)
            yield from page
            nxt = page.summary.next_after if page.summary is not None else None
            if not nxt:
                return
            after = nxt

    # -- bulk (§11) --------------------------------------------------------------
    def export(self, since_sequence: int | None = None, until_sequence: int | None = None,
               timeout: float | None = None, *, skip_damaged: bool = False,
               stored_form: bool = True) -> ExportStream:
        """EXPORT (§11.2): an iterator of whole records; counts checked at the end.

        ``skip_damaged=True`` (v1.1) passes over records that fail the server's checks; after
        iteration ``stream.summary.damaged`` lists them and ``damaged_count`` says how many.
        ``stored_form=True`` (v1.2, §11.6, the default) asks for the records as the server
        stores them, checked here record by record (CRC-32, shape, limits); a server that does
        not know it sends PackRecords, which arrive the same.
        """
        return ExportStream(self.send(Export(since_sequence=since_sequence, until_sequence=until_sequence,
                                             skip_damaged=skip_damaged, stored_form=stored_form)),
                            timeout=timeout)

    def import_records(
        self,
        records: Sequence[PackRecord],
        *,
        source_server_id: str | None = None,
        watermark: int | None = None,
        timeout: float | None = None,
    ) -> ImportReply:
        """IMPORT (§11.3): 0 to 10,000 whole records, all or nothing; fragmented if large."""
        records = list(records)
        _limit("records", len(records), MAX_IMPORT_RECORDS)
        prev = 0
        for i, r in enumerate(records):
            if r.info is None or r.continued:
                raise InvalidArgument("import records must be whole (info present, not continued)",
                                      field="records", index=i, local=True)
            if source_server_id is not None:
                if r.info.sequence <= prev:
                    raise InvalidArgument("records must be in increasing source sequence", field="records",
                                          index=i, local=True)
                prev = r.info.sequence
        if watermark is not None and source_server_id is not None and records and watermark < prev:
            raise InvalidArgument("watermark is below the last record's sequence", field="watermark", local=True)
        reply = self.send(Import(source_server_id=source_server_id, records=records, watermark=watermark)).result(
            timeout)
        assert isinstance(reply, ImportReply)
        return reply

    def sync_state(self, source_server_id: str, timeout: float | None = None) -> SyncStateReply:
        """SYNC_STATE (§11.4): how far this server has imported from that source."""
        reply = self.send(SyncState(source_server_id=source_server_id)).result(timeout)
        assert isinstance(reply, SyncStateReply)
        return reply

    def export_pack(self, path: str | os.PathLike[str], since_sequence: int = 0,
                    until_sequence: int | None = None) -> PackTrailer:
        """Write an export to a pack file (pack.md §4): ``path.partial``, then renamed."""
        stream = self.export(since_sequence or None, until_sequence)
        assert self.hello is not None
        header = PackHeader(source_server_id=self.server_id or "", since_sequence=since_sequence,
                            created_ms=now_ms(), server_name=self.hello.server_name,
                            server_version=self.hello.server_version)
        writer = PackWriter(path, header)
        try:
            for rec in stream:
                writer.write(rec)
        except BaseException:
            writer.abort()
            raise
        assert stream.summary is not None
        return writer.close(stream.summary.last_sequence)

    def import_pack(self, path: str | os.PathLike[str], *, batch_records: int = 2000,
                    batch_bytes: int = 4 << 20) -> dict[str, int]:
        """Import a pack (pack.md §3): check it whole first, then send IMPORT batches.

        Records at or below this server's watermark for the pack's source are
        not sent again, so an interrupted import resumes.
        """
        header, trailer = verify_pack(path, verify_bodies=True)
        source = header.source_server_id or None
        have = self.sync_state(source).watermark if source else 0
        totals = {"imported": 0, "skipped": 0, "watermark": have, "batches": 0}
        batch: list[PackRecord] = []
        size = 0

        def flush(watermark: int | None) -> None:
            reply = self.import_records(batch, source_server_id=source, watermark=watermark if source else None)
            totals["imported"] += reply.imported
            totals["skipped"] += reply.skipped
            totals["watermark"] = reply.watermark
            totals["batches"] += 1
            batch.clear()

        with open(path, "rb") as f:
            for item in iter_pack(f):
                if not isinstance(item, PackRecord):
                    continue
                assert item.info is not None
                if source and item.info.sequence <= have:
                    continue
                batch.append(item)
                size += len(item.body_zlib or b"") + 256
                if len(batch) >= batch_records or size >= batch_bytes:
                    flush(item.info.sequence)
                    size = 0
        if batch or (source and trailer.last_sequence > totals["watermark"]):
            flush(trailer.last_sequence)
        return totals

    def sync_from(self, source: "Client", *, batch_records: int = 2000, batch_bytes: int = 4 << 20) -> dict[str, int]:
        """Pull everything new from ``source`` into this server (§11.5)."""
        sid = source.server_id
        if not sid:
            raise InvalidArgument("the source server has no server_id", field="source_server_id", local=True)
        if sid == self.server_id:
            raise InvalidArgument("source and target are the same server", field="source_server_id", local=True)
        w = self.sync_state(sid).watermark
        totals = {"imported": 0, "skipped": 0, "watermark": w, "batches": 0}
        batch: list[PackRecord] = []
        size = 0

        def flush(watermark: int) -> None:
            reply = self.import_records(batch, source_server_id=sid, watermark=watermark)
            totals["imported"] += reply.imported
            totals["skipped"] += reply.skipped
            totals["watermark"] = reply.watermark
            totals["batches"] += 1
            batch.clear()

        stream = source.export(since_sequence=w or None)
        for rec in stream:
            batch.append(rec)
            size += len(rec.body_zlib or b"") + 256
            if len(batch) >= batch_records or size >= batch_bytes:
                assert rec.info is not None
                flush(rec.info.sequence)
                size = 0
        assert stream.summary is not None and stream.summary.last_sequence is not None
        if batch or stream.summary.last_sequence > totals["watermark"]:
            flush(stream.summary.last_sequence)
        return totals

    # -- entity index (§12) ------------------------------------------------------
    def entities(self, type: str | None = None, *, limit: int | None = None, as_of_ms: int | None = None,
                 timeout: float | None = None) -> ItemStream[EntitySummary]:
        """ENTITIES (§12.1): most-mentioned entities; ``.total``, ``.indexed_sequence`` once consumed."""
        if type is not None and type not in ENTITY_TYPES:
            raise InvalidArgument(f"unknown entity type {type!r}", field="type", local=True)
        _limit("limit", limit, 10_000)
        return ItemStream(self.send(Entities(type=type, limit=limit, as_of_ms=as_of_ms)), "entities",
                          timeout=timeout)

    def entity(self, name: str, *, related: int | None = None, documents: int | None = None,
               as_of_ms: int | None = None, flows: int | None = None,
               timeout: float | None = None) -> EntityReply:
        """ENTITY (§12.2): an entity by id, name, alias or demonym. ``NotFound`` if none.

        ``flows`` (v1.1) asks for flow groups in ``supplies``/``receives``; a v1.0
        server skips the field and sends none.
        """
        _limit("related", related, 10_000)
        _limit("documents", documents, 10_000)
        reply = self.send(EntityLookup(name=name, related=related, documents=documents,
                                       as_of_ms=as_of_ms, flows=flows)).result(timeout)
        assert isinstance(reply, EntityReply)
        return reply

    def mentions(self, key: str, version: int | None = None, timeout: float | None = None) -> MentionPage:
        """MENTIONS (§12.3), merged; ``mention_count`` checked against the mentions received."""
        check_key(key)
        pages = list(self.send(Mentions(key=key, version=version)).replies(timeout))
        page = merge(pages)
        assert isinstance(page, MentionPage)
        if page.mention_count is None or page.mention_count != len(page.mentions):
            raise IncompleteStream(f"mention_count = {page.mention_count}, received {len(page.mentions)}",
                                   local=True)
        return page

    def tokens(self, action: str = "list", name: str = "", role: str = "",
               timeout: float | None = None) -> TokensReply:
        """TOKENS (§6.5, v1.1, admin token): ``action`` add (the reply's ``token`` is the new
        token, shown this once), list (``tokens``) or revoke."""
        codes = {"add": 1, "list": 2, "revoke": 3}
        if action not in codes:
            raise ValueError("action is add, list or revoke")
        reply = self.send(Tokens(action=codes[action], name=name, role=role)).result(timeout)
        assert isinstance(reply, TokensReply)
        return reply

    def supports(self, opcode: int) -> bool:
        """Whether the server listed ``opcode`` in its HELLO reply (§5, §6.1)."""
        return self.hello is not None and opcode in self.hello.opcodes

    def flows(
        self,
        supplier: str | None = None,
        recipient: str | None = None,
        item: str | None = None,
        *,
        modalities: Sequence[str] = (),
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        tag: str | None = None,
        where: str | None = None,
        as_of_ms: int | None = None,
        group: bool = False,
        limit: int | None = None,
        after: str | None = None,
        timeout: float | None = None,
    ) -> FlowPage:
        """FLOWS (§12.5, v1.1): one page of rows (or ``group=True``: groups), merged.

        Raises :class:`UnsupportedOpcode` locally when the server did not list
        FLOWS in its HELLO reply (a v1.0 server).
        """
        if not self.supports(Opcode.FLOWS):
            raise UnsupportedOpcode("the server does not list FLOWS (0x0207) among its opcodes", local=True,
                                    opcode=Opcode.FLOWS)
        mods = list(modalities)
        for m in mods:
            if m not in MODALITIES:
                raise InvalidArgument(f"unknown modality {m!r}", field="modalities", local=True)
        _limit("modalities", len(mods), 4)
        msg = Flows(supplier=supplier, recipient=recipient, item=item, modalities=mods, since=since, until=until,
                    source=source, tag=tag, where=where, as_of_ms=as_of_ms, group=group, limit=limit, after=after)
        page = merge(list(self.send(msg).replies(timeout)))
        assert isinstance(page, FlowPage)
        return page

    # -- query (§13) ------------------------------------------------------------
    def query(
        self,
        query: str,
        *,
        limit: int | None = None,
        after: str | None = None,
        as_of_ms: int | None = None,
        facets: int | None = None,
        snippet_sentences: int | None = None,
        timeout: float | None = None,
    ) -> QueryPage:
        """QUERY (§13): one page, merged: ``hits``, ``total``, ``next``, ``facets``."""
        _limit("limit", limit, 1000)
        _limit("facets", facets, 100)
        _limit("snippet_sentences", snippet_sentences, 5)
        msg = Query(query=query, limit=limit, after=after, as_of_ms=as_of_ms, facets=facets,
                    snippet_sentences=snippet_sentences)
        page = merge(list(self.send(msg).replies(timeout)))
        assert isinstance(page, QueryPage)
        return page

    def query_pages(self, query: str, *, limit: int | None = None, max_pages: int | None = None,
                    **kwargs: Any) -> Iterator[QueryPage]:
        """Every page of a query, following the ``next`` token (§13)."""
        after = None
        n = 0
        while True:
            page = self.query(query, limit=limit, after=after, **kwargs)
            yield page
            n += 1
            if not page.next or (max_pages is not None and n >= max_pages):
                return
            after = page.next

    def query_hits(self, query: str, *, limit: int | None = None, **kwargs: Any) -> Iterator[QueryHit]:
        """Every hit of a query, page after page."""
        for page in self.query_pages(query, limit=limit, facets=kwargs.pop("facets", 0), **kwargs):
            yield from page.hits

    # -- aggregates (§14) ----------------------------------------------------------
    def timeline(
        self, entity: str, *, interval: str | None = None, since: str | None = None, until: str | None = None,
        where: str | None = None, as_of_ms: int | None = None, timeout: float | None = None,
    ) -> TimelinePage:
        """TIMELINE (§14.1), merged."""
        if interval is not None and interval not in ("day", "week", "month"):
            raise InvalidArgument("interval must be day, week or month", field="interval", local=True)
        page = merge(list(self.send(Timeline(entity=entity, interval=interval, since=since, until=until,
                                             where=where, as_of_ms=as_of_ms)).replies(timeout)))
        assert isinstance(page, TimelinePage)
        return page

    def cooccur(self, entities: Sequence[str], *, where: str | None = None, examples: int | None = None,
                as_of_ms: int | None = None, timeout: float | None = None) -> CooccurPage:
        """COOCCUR (§14.2), merged: every pair of 2 to 32 entities."""
        ents = list(entities)
        if len(ents) < 2:
            raise InvalidArgument("cooccur needs at least 2 entities", field="entities", local=True)
        _limit("entities", len(ents), 32)
        page = merge(list(self.send(Cooccur(entities=ents, where=where, examples=examples,
                                            as_of_ms=as_of_ms)).replies(timeout)))
        assert isinstance(page, CooccurPage)
        return page


def connect(host: str = "127.0.0.1", port: int = 7411, timeout: float | None = 30.0, **kwargs: Any) -> Client:
    """Open a connection and complete the handshake (§1, §6.1)."""
    return Client(host, port, timeout=timeout, **kwargs)

"""End to end: documents (PROTOCOL.md §10)."""

from __future__ import annotations

import hashlib
import random
import zlib

import pytest

import axis
from axis.messages import DiffLine, DocPut, DocumentUpload

BODY = "North Korea sent shells.\nSeoul said so.\n"


def test_put_get_round_trip(client: axis.Client, prefix: str) -> None:
    key = prefix + "plain"
    r = client.put(key, BODY, title="Shells for Russia", source="reuters", url="https://example.org/a",
                   published="2024-10-03", tags=["korea", "russia"], compress=False)
    assert r.created and r.version == 1 and r.sequence >= 1 and r.error is None
    assert r.content_hash == hashlib.sha256(BODY.encode()).digest()
    doc = client.get(key)
    assert doc.text == BODY and doc.body == BODY.encode()
    info = doc.info
    assert (info.key, info.version, info.sequence, info.deleted) == (key, 1, r.sequence, False)
    assert (info.title, info.source, info.url, info.published, info.tags) == (
        "Shells for Russia", "reuters", "https://example.org/a", "2024-10-03", ["korea", "russia"])
    assert info.body_size == len(BODY.encode()) and info.compressed_size == len(doc.body_zlib)
    assert info.content_hash == r.content_hash and info.ingest_time_ms > 0


def test_put_get_compressed_body_byte_exact(client: axis.Client, prefix: str) -> None:
    """§10: the server stores the client's zlib bytes as they are, and get returns them unchanged."""
    key = prefix + "zlib"
    raw = ("Pyongyang shipped rockets to Moscow. " * 3000).encode()
    stream = zlib.compress(raw, 9)  # a level the server does not use itself
    r = client.put(key, body_zlib=stream, body_size=len(raw), content_hash=hashlib.sha256(raw).digest())
    assert r.created
    doc = client.get(key)
    assert doc.body_zlib == stream
    assert doc.info.compressed_size == len(stream) and doc.info.body_size == len(raw)
    assert doc.body == raw


def test_large_body_is_fragmented_and_streamed(server, prefix: str) -> None:
    """A body over the frame limit: the request goes in fragments (§4.2) and the reply
    comes in several stream frames within the client's 64 KiB limit (§4.3)."""
    rnd = random.Random(7)
    words = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(2, 9))) for _ in range(3000)]
    text = " ".join(rnd.choice(words) for _ in range(250_000))  # ~1.5 MB, compresses ~2:1
    assert len(text) > 1 << 20
    frames = []
    with server.connect(max_payload_bytes=64 * 1024, on_frame=frames.append) as c:
        r = c.put(prefix + "big", text, compress=False)  # body as is: > 1 MiB payload
        assert r.created
        frames.clear()
        doc = c.get(prefix + "big")
        assert doc.text == text
        assert len(frames) > 1 and all(len(f.payload) <= 64 * 1024 for f in frames)
        assert all(f.more for f in frames[:-1]) and not frames[-1].more


def test_put_unchanged_adds_nothing(client: axis.Client, prefix: str) -> None:
    key = prefix + "same"
    first = client.put(key, BODY, title="t")
    again = client.put(key, BODY, title="t")
    assert first.created and not again.created
    assert (again.version, again.sequence) == (first.version, first.sequence)
    changed = client.put(key, BODY, title="t2")
    assert changed.created and changed.version == 2


def test_put_many_per_document_errors(client: axis.Client, prefix: str) -> None:
    raw = b"hello"
    docs = [
        DocumentUpload(key=prefix + "bad-date", published="2024-02-30", body=b"x"),
        DocumentUpload(key=prefix + "ok", body=b"fine"),
        DocumentUpload(key=prefix + "bad-hash", body_zlib=zlib.compress(raw), body_size=5, content_hash=b"\0" * 32),
        DocumentUpload(key=prefix + "bad-size", body_zlib=zlib.compress(raw), body_size=6),
    ]
    # Sent with client.send: put_many would refuse the bad date locally.
    reply = client.send(DocPut(documents=docs)).result()
    assert [r.key for r in reply.results] == [d.key for d in docs]
    ok = reply.results[1]
    assert ok.error is None and ok.created
    errs = {i: r.error for i, r in enumerate(reply.results) if r.error is not None}
    assert set(errs) == {0, 2, 3}
    assert errs[0].code == 3001 and errs[0].field == "published"
    assert errs[2].field == "content_hash" and errs[3].field == "body"
    # index is written whenever it applies, 0 included (§8.1; SPEC-QUESTIONS Q6).
    assert errs[2].index == 2 and errs[3].index == 3 and errs[0].index == 0
    e = errs[2].to_exception()
    assert isinstance(e, axis.InvalidArgument) and e.index == 2 and e.retry == axis.Retry.NEVER
    # put_many fills in the position the server left out.
    results = client.put_many([DocumentUpload(key=prefix + "bad-hash2", body_zlib=zlib.compress(raw), body_size=5,
                                              content_hash=b"\0" * 32)])
    assert results[0].error is not None and results[0].error.index == 0
    with pytest.raises(axis.InvalidArgument) as ei:
        client.put(prefix + "bad-hash3", body_zlib=zlib.compress(raw), body_size=5, content_hash=b"\1" * 32)
    assert ei.value.index == 0 and ei.value.field == "content_hash" and not ei.value.local


def test_local_limits_before_sending(client: axis.Client, prefix: str) -> None:
    with pytest.raises(axis.LimitExceeded) as ei:
        client.put(prefix + "k" * 1100, "x")
    assert ei.value.local
    with pytest.raises(axis.InvalidArgument) as ei:
        client.put(prefix + "date", "x", published="2024-13-01")
    assert ei.value.local and ei.value.field == "published"
    with pytest.raises(axis.LimitExceeded):
        client.put_many([{"key": f"{prefix}{i}", "body": "x"} for i in range(1001)])
    with pytest.raises(axis.LimitExceeded):
        client.stat([f"k{i}" for i in range(1001)])
    with pytest.raises(axis.LimitExceeded):
        client.list(limit=10_001)
    with pytest.raises(axis.LimitExceeded):
        client.query("x", limit=1001)


def test_history_and_diff(client: axis.Client, prefix: str) -> None:
    key = prefix + "doc"
    client.put(key, "North Korea sent shells.\nSeoul said so.\n", title="Shells for Russia")
    client.put(key, "North Korea sent shells and missiles.\nSeoul said so.\n", title="Shells and missiles")
    hist = client.history(key)
    infos = list(hist)
    assert [(s.version, s.deleted) for s in infos] == [(1, False), (2, False)]
    assert hist.total == 2 and infos[0].sequence < infos[1].sequence
    d = client.diff(key, 1, 2)
    assert d.from_.version == 1 and d.to.version == 2 and d.to.title == "Shells and missiles"
    assert (d.lines_added, d.lines_removed) == (1, 1)
    (h,) = d.hunks
    kinds = [(line.kind, line.text) for line in h.lines]
    assert (DiffLine.REMOVED, "North Korea sent shells.") in kinds
    assert (DiffLine.ADDED, "North Korea sent shells and missiles.") in kinds
    assert (DiffLine.UNCHANGED, "Seoul said so.") in kinds
    assert "-North Korea sent shells." in d.unified()
    d0 = client.diff(key, 1, 2, context_lines=0)
    assert all(line.kind != DiffLine.UNCHANGED for hh in d0.hunks for line in hh.lines)
    with pytest.raises(axis.NotFound):
        client.diff(key, 1, 9)


def test_list_paging(client: axis.Client, prefix: str) -> None:
    keys = [f"{prefix}{i:03d}" for i in range(25)]
    client.put_many([{"key": k, "body": f"document {k}"} for k in keys])
    pages = []
    after = ""
    while True:
        page = client.list(prefix, after=after, limit=10)
        docs = page.to_list()
        pages.append([d.latest.key for d in docs])
        assert page.total == len(docs)
        if not page.next_after:
            break
        assert page.next_after == docs[-1].latest.key
        after = page.next_after
    assert [len(p) for p in pages] in ([10, 10, 5], [10, 10, 5, 0])
    assert sum(pages, []) == keys  # ordered by UTF-8 bytes
    assert [d.latest.key for d in client.list_all(prefix, page_size=7)] == keys
    assert all(d.versions == 1 for d in client.list(prefix, limit=3))


def test_delete_then_get(client: axis.Client, prefix: str) -> None:
    key = prefix + "gone"
    client.put(key, BODY)
    rep = client.delete(key)
    assert rep.version == 2 and rep.sequence > 0
    with pytest.raises(axis.NotFound) as ei:
        client.get(key)
    e = ei.value
    assert (e.code, e.name, e.retry) == (4001, "NOT_FOUND", axis.Retry.NEVER)
    assert isinstance(e, axis.StateError) and "deleted" in e.message and not e.local
    assert client.get(key, version=1).text == BODY  # earlier versions stay readable
    assert [s.deleted for s in client.history(key)] == [False, True]
    with pytest.raises(axis.NotFound):
        client.delete(key)  # already deleted
    with pytest.raises(axis.NotFound):
        client.get(prefix + "never-existed")
    listed = client.list(prefix, include_deleted=True).to_list()
    assert [d.latest.deleted for d in listed] == [True]
    assert client.list(prefix).to_list() == []


def test_stat_and_as_of(client: axis.Client, prefix: str) -> None:
    a, b = prefix + "a", prefix + "b"
    client.put(a, "one")
    client.put(b, "two")
    stats = client.stat([b, prefix + "missing", a])
    assert [s.key for s in stats] == [b, a]  # the order asked; missing keys absent
    first = client.history(a).to_list()[0]
    client.put(a, "one, edited")
    assert client.get(a, as_of_ms=first.ingest_time_ms).text == "one"
    assert client.get(a).text == "one, edited"
    meta = client.get(a, metadata_only=True)
    assert meta.body_zlib == b"" and meta.info.body_size == len("one, edited")
    with pytest.raises(axis.InvalidArgument):
        client.get(a, version=1, as_of_ms=first.ingest_time_ms)

"""End to end: the rules PROTOCOL.md v1.1 settles (§15).

Tests marked ``requires_v11`` check server behaviour that changes in v1.1; they run
only against a server whose HELLO reply has ``revision`` >= 1, and name the entry of
Protocol/SERVER-CHANGES-v1.1.md that brings it. The others check rules the v1.1 text
now states and that the server already keeps.
"""

from __future__ import annotations

import time

import pytest

import axis
from axis.frames import FLAG_ERROR, FLAG_MORE, FLAG_RESPONSE, Frame
from axis.messages import DocPut, DocumentUpload, Ping
from axis.opcodes import Opcode
from axis.transport import PendingRequest
from axis import wire


def _wait_closed(c: axis.Client, seconds: float = 10) -> None:
    deadline = time.time() + seconds
    while not c.closed and time.time() < deadline:
        time.sleep(0.05)
    assert c.closed


# --- rules the server already keeps ---------------------------------------------------
def test_counts_asked_for_are_clamped_and_zero_has_its_meaning(client: axis.Client, prefix: str) -> None:
    """§7: over the maximum is clamped, not refused; 0 means what the table says."""
    client.put_many([{"key": f"{prefix}{i}", "body": f"Report {i}: the quorlaxite shipment.\n"} for i in range(3)])
    big = client.send_payload(Opcode.DOC_LIST, wire.encode_len_field(1, prefix.encode())
                              + wire.encode_varint_field(3, 20_000)).result()
    assert len(big.documents) == 3
    one = client.send_payload(Opcode.DOC_LIST, wire.encode_len_field(1, prefix.encode())
                              + wire.encode_varint_field(3, 0)).result()
    assert len(one.documents) == 1 and one.next_after  # DOC_LIST limit 0 is read as 1
    page = client.send_payload(Opcode.QUERY, wire.encode_len_field(1, b"quorlaxite")
                               + wire.encode_varint_field(2, 0)).result()
    assert page.hits == [] and page.total == 3 and page.next is None  # QUERY limit 0: counts only
    page = client.send_payload(Opcode.QUERY, wire.encode_len_field(1, b"quorlaxite")
                               + wire.encode_varint_field(2, 5000)).result()
    assert len(page.hits) == 3


def test_doc_get_version_and_as_of_together_is_bad_payload(client: axis.Client, prefix: str) -> None:
    """§10.3: both fields is BAD_PAYLOAD, field 3; version 0 is NOT_FOUND; as_of 0 is 1970."""
    client.put(prefix + "doc", "North Korea sent shells.\n")
    key = wire.encode_len_field(1, (prefix + "doc").encode())
    with pytest.raises(axis.BadPayload) as ei:
        client.send_payload(Opcode.DOC_GET, key + wire.encode_varint_field(2, 1)
                            + wire.encode_varint_field(3, wire.zigzag_encode(5))).result()
    assert ei.value.field == "field 3"
    with pytest.raises(axis.NotFound):
        client.send_payload(Opcode.DOC_GET, key + wire.encode_varint_field(2, 0)).result()
    with pytest.raises(axis.NotFound):
        client.send_payload(Opcode.DOC_GET, key + wire.encode_varint_field(3, 0)).result()


def test_history_of_unknown_key_is_not_found(client: axis.Client, prefix: str) -> None:
    """§10.4."""
    with pytest.raises(axis.NotFound):
        list(client.history(prefix + "never-stored"))


def test_doc_put_undecodable_document_fails_alone(client: axis.Client, prefix: str) -> None:
    """§10.2: both bodies, or a content_hash shorter than 32 bytes, fail that document only,
    with its index and `field N`; the others are stored."""
    both = DocumentUpload(key=prefix + "both", body=b"x", body_zlib=b"\x78\x9c\x03\x00\x00\x00\x00\x01", body_size=0)
    short = DocumentUpload(key=prefix + "short", body=b"x").encode() + wire.encode_len_field(10, b"\0" * 5)
    payload = b"".join(wire.encode_len_field(1, d) for d in (
        DocumentUpload(key=prefix + "ok", body=b"fine").encode(), both.encode(), short))
    try:
        reply = client.send_payload(Opcode.DOC_PUT, payload).result()
    except axis.BadPayload:
        pytest.skip("a server before issue 17 item 1 (commit be5e47c) refuses the whole request")
    ok, e_both, e_short = reply.results
    assert ok.error is None and ok.created
    assert e_both.error is not None and e_both.error.code == axis.Code.BAD_PAYLOAD
    assert e_both.error.field == "field 8" and e_both.error.index == 1
    assert e_short.error is not None and e_short.error.code == axis.Code.BAD_PAYLOAD
    assert e_short.error.field == "field 10" and e_short.error.index == 2
    assert [s.key for s in client.stat([prefix + "ok", prefix + "both"])] == [prefix + "ok"]


def test_empty_version_range_leaves_the_handshake_open(server) -> None:
    """§6.1, §4.4: BAD_PAYLOAD, then a correct HELLO with a new id completes the handshake."""
    import socket

    s = socket.create_connection((server.host, server.port), timeout=10)
    try:
        def frame(op: int, rid: int, payload: bytes) -> bytes:
            return Frame(op, rid, 0, payload).encode()

        s.sendall(axis.frames.PREFACE + frame(Opcode.HELLO, 1, bytes.fromhex("0802 1001")))
        reader = axis.frames.FrameReader(max_payload=1 << 20)
        assert s.recv(8) == axis.frames.PREFACE

        def next_frame() -> Frame:
            while True:
                for f in reader.frames():
                    return f
                reader.feed(s.recv(65536))

        f = next_frame()
        assert f.is_error and f.request_id == 1
        err = axis.messages.ErrorMessage.decode(f.payload)
        assert err.code == axis.Code.BAD_PAYLOAD and err.field == "field 1"
        s.sendall(frame(Opcode.HELLO, 2, bytes.fromhex("0801 1001")))
        f = next_frame()
        assert not f.is_error and f.request_id == 2
        assert axis.messages.HelloReply.decode(f.payload).version == 1
    finally:
        s.close()


def test_response_flag_with_server_ping_id_is_ignored(client: axis.Client) -> None:
    """§4.5: a Pong to no PING (id from 0x80000000 up) is ignored."""
    client.send_raw_bytes(Frame(Opcode.PING, 0x80000001, FLAG_RESPONSE, b"").encode())
    assert client.ping(b"after").data == b"after"


# --- v1.1 server changes (Protocol/SERVER-CHANGES-v1.1.md) --------------------------------
@pytest.mark.requires_v11("S1")
def test_hello_reply_has_revision(client: axis.Client) -> None:
    assert client.revision >= 1 and client.supports(Opcode.FLOWS)


@pytest.mark.requires_v11("S2")
def test_bad_request_id_is_fatal(server) -> None:
    """§4.2: GOAWAY BAD_REQUEST_ID, no error frame, close; last_request_id = last accepted."""
    for bad in ("reused", "zero"):
        c = server.connect()
        c.ping()
        last = c._last_id
        p = c.send_payload(Opcode.PING, b"", request_id=last if bad == "reused" else 0)
        with pytest.raises(axis.AxisError) as ei:
            p.result(timeout=10)
        assert not isinstance(ei.value, axis.BadRequestId) or ei.value.local  # no error frame
        _wait_closed(c)
        assert c.goaway is not None and c.goaway.code == axis.Code.BAD_REQUEST_ID
        assert c.goaway.last_request_id == last and c.goaway.retry == axis.Retry.NEVER
        c.close()


@pytest.mark.requires_v11("S3")
def test_request_with_response_or_error_flag_is_protocol_violation(client: axis.Client) -> None:
    """§4.5: answered on its id with PROTOCOL_VIOLATION; the connection goes on."""
    for flag in (FLAG_RESPONSE, FLAG_ERROR):
        with pytest.raises(axis.ProtocolViolation) as ei:
            client.send_payload(Opcode.PING, Ping(data=b"x").encode(), flags=flag).result(timeout=10)
        assert not ei.value.local and ei.value.opcode == Opcode.PING
    assert client.ping(b"still here").data == b"still here"


@pytest.mark.requires_v11("S4")
def test_cancel_of_request_being_reassembled(client: axis.Client) -> None:
    """§6.4: CANCELLED at once; the late last fragment is dropped without an answer."""
    rid = client._last_id + 1
    p = PendingRequest(client, rid, Opcode.DOC_PUT)
    client._pending[rid] = p
    client._last_id = rid
    client.send_raw_bytes(Frame(Opcode.DOC_PUT, rid, FLAG_MORE, bytes.fromhex("0a05")).encode())
    client.cancel(rid)
    with pytest.raises(axis.Cancelled) as ei:
        p.result(timeout=10)
    assert ei.value.opcode == Opcode.DOC_PUT
    client.send_raw_bytes(Frame(Opcode.DOC_PUT, rid, 0, bytes.fromhex("0a03 782f79")).encode())
    assert client.ping(b"after").data == b"after"


@pytest.mark.requires_v11("S5")
def test_query_error_offset_counts_utf8_bytes(client: axis.Client) -> None:
    """§8.1, §13: offsets are UTF-8 bytes, and fall on a character boundary."""
    q = "é entity:Nowhereland"
    with pytest.raises(axis.InvalidArgument) as ei:
        client.query(q)
    assert ei.value.field == "query" and ei.value.offset == 10
    assert q[ei.value.char_offset(q):].startswith("Nowhereland")
    flags = "\U0001F1F0\U0001F1F5\U0001F1F0\U0001F1F5 entity:Nowhereland"
    with pytest.raises(axis.InvalidArgument) as ei:
        client.query(flags)
    assert ei.value.offset == 24


@pytest.mark.requires_v11("S6")
def test_put_verifies_content_hash_with_raw_body(client: axis.Client, prefix: str) -> None:
    """§10.2: content_hash is checked with `body` (field 7) too; that document fails."""
    docs = [DocumentUpload(key=prefix + "ok", body=b"fine"),
            DocumentUpload(key=prefix + "bad", body=b"hello\n", content_hash=b"\0" * 32)]
    reply = client.send(DocPut(documents=docs)).result()
    assert reply.results[0].error is None
    err = reply.results[1].error
    assert err is not None and err.code == axis.Code.INVALID_ARGUMENT
    assert err.field == "content_hash" and err.index == 1


@pytest.mark.requires_v11("S7")
def test_export_until_is_clamped(make_server) -> None:
    """§11.2: until_sequence above the last sequence is clamped to it."""
    c = make_server().connect()
    c.put_many([{"key": f"e/{i}", "body": f"doc {i}"} for i in range(3)])
    stream = c.export(since_sequence=1, until_sequence=1_000_000)
    records = list(stream)
    assert [r.info.sequence for r in records] == [2, 3]
    assert stream.until_sequence == 3 and stream.last_sequence == 3
    c.close()


@pytest.mark.requires_v11("S8")
def test_limit_exceeded_carries_limit(client: axis.Client) -> None:
    """§8.2: LIMIT_EXCEEDED always has `limit`."""
    payload = b"".join(wire.encode_len_field(1, b"Russia") for _ in range(33))
    with pytest.raises(axis.LimitExceeded) as ei:
        client.send_payload(Opcode.COOCCUR, payload).result()
    assert ei.value.limit == 32


def test_export_skip_damaged_flag_round_trips(client: axis.Client) -> None:
    """EXPORT field 3 (v1.1): with nothing damaged, the final frame says so with a zero count."""
    client.put("skip/one", "Russia sent shells.\n")
    stream = client.export(skip_damaged=True)
    records = list(stream)
    assert records and stream.summary is not None
    assert stream.summary.damaged_count == 0 and stream.summary.damaged == []
    plain = client.export()
    list(plain)
    assert plain.summary is not None and plain.summary.damaged_count is None

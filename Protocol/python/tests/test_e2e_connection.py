"""End to end against a real axserver: handshake, ping, pipelining, errors, GOAWAY (§1–§8)."""

from __future__ import annotations

import re
import signal
import socket
import threading
import time

import pytest

import axis
from axis.frames import FLAG_COMPRESSED, Frame, compress_payload, encode_header
from axis.messages import REGISTRY, DocStat, Ping
from axis.opcodes import Opcode


def test_handshake(client: axis.Client) -> None:
    h = client.hello
    assert h is not None and h.version == 1 and client.version == 1
    assert h.server_name == "axserver" and h.server_version
    lim = client.limits
    assert lim.max_payload_bytes >= 64 * 1024 and lim.max_inflight_requests >= 1
    assert lim.max_inflated_payload_bytes > 0 and lim.max_inflation_ratio > 0 and lim.max_body_bytes > 0
    assert re.fullmatch(r"[0-9a-f]{32}", client.server_id or "")
    # Every request opcode of PROTOCOL.md v1 is advertised (FLOWS is a v1.1 addition).
    spec_requests = {op for op in REGISTRY if op not in (Opcode.GOAWAY, Opcode.CANCEL, Opcode.FLOWS)}
    assert spec_requests <= set(h.opcodes)


def test_ping(client: axis.Client) -> None:
    pong = client.ping(b"hi")
    assert pong.data == b"hi"
    assert abs(pong.server_time_ms - time.time() * 1000) < 60_000
    assert client.ping().data == b""


def test_pipelining_100_pings(client: axis.Client) -> None:
    pending = [client.send(Ping(data=f"p{i}".encode())) for i in range(100)]
    ids = [p.request_id for p in pending]
    assert ids == sorted(ids) and len(set(ids)) == 100  # strictly increasing (§4.2)
    # Collect in reverse order: each answer is matched by its request id.
    for i, p in reversed(list(enumerate(pending))):
        assert p.result().data == f"p{i}".encode()


def test_pipelining_beyond_max_inflight(client: axis.Client) -> None:
    """More requests than max_inflight_requests: the client waits for slots instead of
    getting TOO_MANY_REQUESTS."""
    n = client.limits.max_inflight_requests + 50
    keys = [f"none/{i}" for i in range(50)]
    results: list = []

    def consume(ps):
        for p in ps:
            results.append(p.result())

    pending = []
    t = None
    for i in range(n):
        pending.append(client.send(DocStat(keys=keys)))
        if i == 200:
            t = threading.Thread(target=consume, args=(pending[:],))
            t.start()
    assert t is not None
    t.join()
    for p in pending[201:]:
        results.append(p.result())
    assert len(results) == n


def test_too_many_requests_has_retry_after_backoff(client: axis.Client) -> None:
    """Bypassing the client's in-flight limit: the server answers TOO_MANY_REQUESTS (5003)."""
    base = client._last_id
    n = 1500
    from axis.transport import PendingRequest

    payload = DocStat(keys=[f"none/{i}" for i in range(200)]).encode()
    ps = []
    for i in range(n):
        p = PendingRequest(client, base + 1 + i, Opcode.DOC_STAT)
        client._pending[p.request_id] = p
        ps.append(p)
    client._last_id = base + n
    client.send_raw_bytes(b"".join(Frame(Opcode.DOC_STAT, base + 1 + i, 0, payload).encode() for i in range(n)))
    errors = []
    for p in ps:
        try:
            p.result()
        except axis.TooManyRequests as e:
            errors.append(e)
    if not errors:
        pytest.skip("the server kept up with 1500 pipelined requests")
    e = errors[0]
    assert e.code == 5003 and e.retry == axis.Retry.AFTER_BACKOFF and e.retryable
    assert e.limit == client.limits.max_inflight_requests
    assert client.ping(b"ok").data == b"ok"


def test_malformed_request_gets_error_frame(client: axis.Client) -> None:
    with pytest.raises(axis.BadPayload) as ei:
        client.send_payload(Opcode.PING, b"\x0b").result()  # wire type 3
    e = ei.value
    assert e.code == 1005 and e.name == "BAD_PAYLOAD" and e.retry == axis.Retry.NEVER and not e.local
    assert e.request_id is not None and e.opcode == Opcode.PING
    with pytest.raises(axis.BadPayload):
        client.send_payload(Opcode.DOC_GET, b"").result()  # required key absent
    with pytest.raises(axis.LimitExceeded) as ei:
        client.send_payload(Opcode.PING, b"\x0a\x41" + b"a" * 65).result()
    assert ei.value.limit == 64
    with pytest.raises(axis.UnsupportedOpcode) as ei:
        client.send_payload(0x0999, b"").result()
    assert ei.value.code == 1004 and ei.value.opcode == 0x0999
    with pytest.raises(axis.ProtocolViolation):
        client.send(axis.messages.Hello(min_version=1, max_version=1)).result()  # a second HELLO
    # Request-scoped: the connection goes on.
    assert client.ping(b"still here").data == b"still here"


@pytest.mark.requires_v10
def test_bad_request_ids_v10(client: axis.Client) -> None:
    """v1.0: answered on the offending id (or id 0), connection kept. v1.1 makes it fatal
    (test_e2e_v11.py)."""
    client.ping()
    last = client._last_id
    with pytest.raises(axis.BadRequestId) as ei:
        client.send_payload(Opcode.PING, b"", request_id=last).result()
    assert ei.value.code == 1010 and ei.value.request_id == last
    with pytest.raises(axis.BadRequestId):
        client.send_payload(Opcode.PING, b"", request_id=0).result()
    assert client.ping(b"ok").data == b"ok"


def test_compressed_and_fragmented_requests(client: axis.Client) -> None:
    pong = client.send_payload(Opcode.PING, Ping(data=b"z" * 64).encode(), compress=True).result()
    assert pong.data == b"z" * 64
    p = client.send_payload(Opcode.PING, Ping(data=b"frag").encode(), fragment_size=3)
    assert p.result().data == b"frag"
    with pytest.raises(axis.DecompressLimit) as ei:
        bad = compress_payload(Ping(data=b"hi").encode()) + b"junk"
        client.send_payload(Opcode.PING, bad, flags=FLAG_COMPRESSED, fragment_size=0, compress=False).result()
    assert ei.value.code == 1002 and ei.value.retry == axis.Retry.NEVER
    assert client.ping().data == b""


def test_cancel_stream_keeps_connection(client: axis.Client, prefix: str) -> None:
    client.put_many([{"key": f"{prefix}{i:03d}", "body": f"doc {i}"} for i in range(30)])
    stream = client.list(prefix, limit=30)
    with stream:
        next(iter(stream))
    assert client.ping(b"after cancel").data == b"after cancel"
    client.cancel(999_999_999)  # an unknown id is not an error (§6.4)
    assert client.ping().data == b""


def test_framing_error_is_fatal(server) -> None:
    c = server.connect()
    p = c.send(DocStat(keys=["x"]))
    p.result()
    hdr = bytearray(encode_header(Opcode.PING, c._last_id + 1, 0, 0))
    hdr[5] = 0x01  # a reserved flag bit
    c.send_raw_bytes(bytes(hdr))
    deadline = time.time() + 10
    while not c.closed and time.time() < deadline:
        time.sleep(0.05)
    assert c.closed
    assert c.goaway is not None and c.goaway.code == axis.Code.BAD_FRAME and c.goaway.retry == axis.Retry.NEVER
    with pytest.raises(axis.AxisError):
        c.ping()
    c.close()


def test_version_mismatch(server) -> None:
    with pytest.raises(axis.VersionMismatch) as ei:
        server.connect(versions=(2, 3))
    assert ei.value.retry == axis.Retry.NEVER and "2...3" in ei.value.message


def test_not_an_axis_server() -> None:
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(1)

    def serve():
        conn, _ = lsock.accept()
        conn.recv(100)
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
        conn.close()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    with pytest.raises(axis.ProtocolViolation, match="not an Axis server"):
        axis.connect("127.0.0.1", lsock.getsockname()[1], timeout=5)
    t.join(5)
    lsock.close()


def test_goaway_on_shutdown(make_server) -> None:
    srv = make_server()
    c = srv.connect()
    assert c.ping().data == b""
    srv.proc.send_signal(signal.SIGTERM)
    deadline = time.time() + 10
    while c.goaway is None and not c.closed and time.time() < deadline:
        time.sleep(0.05)
    assert c.goaway is not None, srv.log_text()
    assert c.goaway.code == axis.Code.SHUTTING_DOWN and c.goaway.retry == axis.Retry.AFTER_BACKOFF
    with pytest.raises(axis.AxisError) as ei:
        c.ping()
    assert ei.value.retryable  # NotProcessed / ConnectionClosed carry the GOAWAY's retry class
    c.close()


def test_context_manager_closes(server) -> None:
    with server.connect() as c:
        c.ping()
    assert c.closed

"""One TCP connection: preface, HELLO, request ids, pipelining (PROTOCOL.md §1, §4, §6).

:class:`Connection` owns the socket. A background reader thread parses
frames (§2.1) and routes each response to the :class:`PendingRequest` with
its request id, so that any number of requests can be in flight and their
answers arrive in any order (§4.2). It also answers the server's PINGs
(§6.2) and handles GOAWAY (§6.3). Writes are serialised by a lock, which is
also what keeps request ids strictly increasing on the wire.
"""

from __future__ import annotations

import logging
import queue
import socket
import threading
import time
from typing import Any, Callable, Iterator

from .codec import message_class
from .errors import (
    AxisError, BadRequestId, Code, ConnectionClosed, NotProcessed, ProtocolViolation,
    RequestTimeout, Retry, make_error,
)
from .frames import (
    DEFAULT_MAX_INFLATED, DEFAULT_MAX_PAYLOAD, DEFAULT_MAX_RATIO, FLAG_ERROR, FLAG_RESPONSE,
    MAX_MAX_PAYLOAD, MIN_MAX_PAYLOAD, PRE_HANDSHAKE_PAYLOAD, PREFACE, PROTOCOL_VERSION,
    Frame, FrameReader, build_request_frames, frame_payload,
)
from .messages import Cancel, ErrorMessage, GoAway, Hello, HelloReply, Ping, Pong, ServerLimits
from .opcodes import Opcode, opcode_name
from .schema import Message

log = logging.getLogger("axis")

_CLOSED = object()


class PendingRequest:
    """A request in flight. Frames for it arrive on a queue filled by the reader thread.

    Use :meth:`result` for a one-frame reply (or a whole stream merged), or
    :meth:`replies` to consume a stream frame by frame.
    """

    def __init__(self, conn: "Connection", request_id: int, opcode: int) -> None:
        self.conn = conn
        self.request_id = request_id
        self.opcode = opcode
        self._q: "queue.SimpleQueue[Any]" = queue.SimpleQueue()
        self.finished = False  # the final frame (or a failure) has been consumed
        self.abandoned = False  # the caller gave up; frames are dropped
        self._slot = False  # holds an in-flight slot
        self.sent_at = time.monotonic()

    # -- called by the reader thread --------------------------------------
    def _deliver(self, item: Any) -> None:
        if not self.abandoned:
            self._q.put(item)

    # -- called by the consumer --------------------------------------------
    def _next(self, timeout: float | None) -> tuple[Frame, Message]:
        if self.finished:
            raise StopIteration
        try:
            item = self._q.get(timeout=timeout)
        except queue.Empty:
            self.cancel()
            raise RequestTimeout(
                f"no answer to {opcode_name(self.opcode)} (request {self.request_id}) within {timeout} s; cancelled",
                retry=int(Retry.AFTER_BACKOFF), local=True, opcode=self.opcode, request_id=self.request_id,
            ) from None
        if isinstance(item, BaseException):
            self.finished = True
            raise item
        frame: Frame = item
        if frame.is_final:
            self.finished = True
        try:
            payload = frame_payload(frame, self.conn.max_inflated_payload_bytes, self.conn.max_inflation_ratio)
            msg = message_class(frame.opcode, frame.flags).decode(payload)
        except AxisError as e:
            e.opcode, e.request_id = frame.opcode, frame.request_id
            if not frame.is_final:
                self.cancel()
            self.finished = True
            raise
        if frame.is_error:
            assert isinstance(msg, ErrorMessage)
            raise msg.to_exception(opcode=frame.opcode, request_id=frame.request_id)
        return frame, msg

    def replies(self, timeout: float | None = None) -> Iterator[Message]:
        """Yield each reply frame's message; raise the typed error of an error frame."""
        timeout = self.conn.timeout if timeout is None else timeout
        while not self.finished:
            _, msg = self._next(timeout)
            yield msg

    def result(self, timeout: float | None = None) -> Message:
        """The reply; for a stream, its frames merged (repeated fields concatenated)."""
        from .schema import merge

        pages = list(self.replies(timeout))
        if len(pages) == 1:
            return pages[0]
        merged = merge(pages)
        assert merged is not None
        return merged

    def cancel(self) -> None:
        """Send CANCEL (§6.4) unless finished, and drop any further frames."""
        if self.finished or self.abandoned:
            return
        self.abandoned = True
        try:
            self.conn.cancel(self.request_id)
        except AxisError:
            pass


class Connection:
    """One Axis connection. See :class:`axis.Client` for the message API.

    Parameters: ``timeout`` bounds connecting, the handshake, and each wait
    for a reply frame; ``max_payload_bytes`` is the largest payload this
    client accepts (sent in HELLO, §6.1); ``compress_threshold`` is the
    request size from which payloads are compressed (§2.3; None disables);
    ``on_frame`` is called with every frame received (debugging);
    ``versions`` is the (min, max) protocol version range offered in HELLO.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 7411,
        *,
        timeout: float | None = 30.0,
        client_name: str = "axis-python",
        client_version: str | None = None,
        max_payload_bytes: int = DEFAULT_MAX_PAYLOAD,
        token: str | None = None,
        compress_threshold: int | None = 8192,
        max_inflated_payload_bytes: int = DEFAULT_MAX_INFLATED,
        max_inflation_ratio: int = DEFAULT_MAX_RATIO,
        on_frame: Callable[[Frame], None] | None = None,
        versions: tuple[int, int] = (1, 1),
    ) -> None:
        from . import __version__

        self.host = host
        self.port = port
        self.timeout = timeout
        self.client_name = client_name
        self.client_version = client_version or __version__
        # §6.1: the client's limit is clamped to 64 KiB … 16 MiB.
        self.max_payload_bytes = max(MIN_MAX_PAYLOAD, min(MAX_MAX_PAYLOAD, max_payload_bytes))
        self.token = token
        self.compress_threshold = compress_threshold
        self.max_inflated_payload_bytes = max_inflated_payload_bytes
        self.max_inflation_ratio = max_inflation_ratio
        self.on_frame = on_frame
        self.versions = versions

        self.hello: HelloReply | None = None
        self.goaway: GoAway | None = None
        self.version = PROTOCOL_VERSION
        self._sock: socket.socket | None = None
        self._send_lock = threading.Lock()
        self._map_lock = threading.Lock()
        self._pending: dict[int, PendingRequest] = {}
        self._last_id = 0
        self._inflight: threading.BoundedSemaphore | None = None
        self._reader: threading.Thread | None = None
        self._closed = threading.Event()
        self._failure: AxisError | None = None
        self._connect()

    # -- properties ----------------------------------------------------------
    @property
    def limits(self) -> ServerLimits:
        assert self.hello is not None and self.hello.limits is not None
        return self.hello.limits

    @property
    def server_id(self) -> str | None:
        return self.hello.server_id if self.hello else None

    @property
    def revision(self) -> int:
        """The server's protocol revision (HELLO reply field 8, §6.1): 2 for v1.2, 1 for v1.1, 0 for v1.0.

        It says which v1.1 behaviour to expect (§15.3): error offsets in UTF-8 bytes,
        BAD_REQUEST_ID fatal, and so on."""
        return self.hello.revision if self.hello else 0

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    # -- handshake -------------------------------------------------------------
    def _connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock
        try:
            self._handshake()
        except BaseException:
            self._closed.set()
            sock.close()
            raise
        sock.settimeout(None)
        limits = self.limits
        self._inflight = threading.BoundedSemaphore(max(1, limits.max_inflight_requests))
        self._reader = threading.Thread(target=self._read_loop, name=f"axis-reader-{self.port}", daemon=True)
        self._reader.start()

    def _handshake(self) -> None:
        """§1 preface both ways, then HELLO (request id 1) and its reply (§6.1)."""
        assert self._sock is not None
        hello = Hello(
            min_version=self.versions[0],
            max_version=self.versions[1],
            client_name=self.client_name,
            client_version=self.client_version,
            max_payload_bytes=self.max_payload_bytes,
            token=self.token,
        )
        payload = hello.encode()
        self._last_id = 1
        frame = Frame(Opcode.HELLO, 1, 0, payload, PROTOCOL_VERSION)
        # §1.4: the first frame may follow the preface without waiting.
        self._sock.sendall(PREFACE + frame.encode())
        got = self._recv_exact(8)
        if got != PREFACE:
            raise ProtocolViolation(f"the peer is not an Axis server: it answered {got!r}", local=True)
        reader = FrameReader(max_payload=max(self.max_payload_bytes, PRE_HANDSHAKE_PAYLOAD))
        while True:
            data = self._sock.recv(65536)
            if not data:
                raise ConnectionClosed("the server closed the connection during the handshake", local=True)
            reader.feed(data)
            for f in reader.frames():
                if self.on_frame:
                    self.on_frame(f)
                if f.opcode == Opcode.GOAWAY and not f.is_response:
                    ga = GoAway.decode(frame_payload(f))
                    raise make_error(ga.code, ga.message or "GOAWAY during the handshake", retry=ga.retry)
                if f.opcode == Opcode.PING and not f.is_response:
                    self._sock.sendall(self._pong_frame(f).encode())
                    continue
                if f.request_id != 1 or f.opcode != Opcode.HELLO:
                    continue
                if f.is_error:
                    err = ErrorMessage.decode(frame_payload(f))
                    raise err.to_exception(opcode=f.opcode, request_id=1)
                self.hello = HelloReply.decode(frame_payload(f))
                self.version = self.hello.version
                self._leftover = reader
                return

    def _recv_exact(self, n: int) -> bytes:
        assert self._sock is not None
        buf = bytearray()
        while len(buf) < n:
            chunk = self._sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionClosed(
                    f"the server closed the connection after {len(buf)} of {n} preface bytes", local=True
                )
            buf += chunk
        return bytes(buf)

    # -- reading -----------------------------------------------------------
    def _read_loop(self) -> None:
        reader: FrameReader = self._leftover
        reader.max_payload = self.max_payload_bytes
        reader.version = self.version
        error: AxisError | None = None
        try:
            # Frames already buffered with the HELLO reply.
            for f in reader.frames():
                self._dispatch(f)
            while True:
                assert self._sock is not None
                try:
                    data = self._sock.recv(1 << 16)
                except OSError as e:
                    if self._closed.is_set():
                        break
                    raise ConnectionClosed(f"connection error: {e}", local=True) from None
                if not data:
                    if reader.buffered:
                        log.warning("connection ended in the middle of a frame (%d bytes)", reader.buffered)
                    break
                reader.feed(data)
                for f in reader.frames():
                    self._dispatch(f)
        except AxisError as e:
            # A framing error is fatal (§8.3): we close, without resynchronising.
            error = e
            log.error("closing the connection: %s", e)
        except Exception as e:  # pragma: no cover - defensive
            error = ConnectionClosed(f"reader failed: {e!r}", local=True)
            log.exception("reader thread failed")
        finally:
            self._shutdown(error)

    def _dispatch(self, f: Frame) -> None:
        if self.on_frame:
            self.on_frame(f)
        if not f.is_response:
            if f.opcode == Opcode.GOAWAY:
                self._on_goaway(f)
            elif f.opcode == Opcode.PING:
                # §6.2: the server's PINGs use ids >= 0x80000000; we MUST answer.
                try:
                    self._send_frames([self._pong_frame(f)])
                except OSError:
                    pass
            elif f.opcode == Opcode.CANCEL:
                pass  # we never have server requests other than PING in flight
            else:
                # The server sends no other requests in v1 (§4.1).
                err = ErrorMessage(code=Code.UNSUPPORTED_OPCODE, message=f"client does not serve {opcode_name(f.opcode)}")
                try:
                    self._send_frames([Frame(f.opcode, f.request_id, FLAG_RESPONSE | FLAG_ERROR, err.encode(), self.version)])
                except OSError:
                    pass
            return
        with self._map_lock:
            pending = self._pending.get(f.request_id)
            if pending is not None and f.is_final:
                del self._pending[f.request_id]
        if pending is None:
            log.debug("frame for unknown request id %d (%s) dropped", f.request_id, opcode_name(f.opcode))
            return
        if f.is_final:
            self._release(pending)
        pending._deliver(f)

    def _pong_frame(self, f: Frame) -> Frame:
        try:
            data = Ping.decode(frame_payload(f)).data
        except AxisError as e:
            err = ErrorMessage(code=e.code, message=e.message)
            return Frame(Opcode.PING, f.request_id, FLAG_RESPONSE | FLAG_ERROR, err.encode(), self.version)
        pong = Pong(data=data, server_time_ms=int(time.time() * 1000))
        return Frame(Opcode.PING, f.request_id, FLAG_RESPONSE, pong.encode(), self.version)

    def _on_goaway(self, f: Frame) -> None:
        """§6.3: ids > last_request_id were not accepted and had no effect. After an orderly
        GOAWAY (SHUTTING_DOWN) the others are still answered; after an error GOAWAY the
        server closes at once, and those left unanswered end in ConnectionClosed (outcome
        unknown) when the socket closes."""
        try:
            ga = GoAway.decode(frame_payload(f))
        except AxisError as e:
            log.warning("undecodable GOAWAY: %s", e)
            ga = GoAway(code=Code.INTERNAL, message="undecodable GOAWAY")
        self.goaway = ga
        log.info("GOAWAY %s last_request_id=%d: %s", ga.code, ga.last_request_id, ga.message)
        with self._map_lock:
            dropped = [p for rid, p in self._pending.items() if rid > ga.last_request_id]
            for p in dropped:
                del self._pending[p.request_id]
        for p in dropped:
            self._release(p)
            p._deliver(NotProcessed(
                f"GOAWAY before request {p.request_id} was processed; it had no effect: {ga.message}",
                code=ga.code, retry=ga.retry, local=True, opcode=p.opcode, request_id=p.request_id,
            ))

    def _release(self, pending: PendingRequest) -> None:
        if pending._slot and self._inflight is not None:
            pending._slot = False
            self._inflight.release()

    def _shutdown(self, error: AxisError | None) -> None:
        self._closed.set()
        if error is not None and self._failure is None:
            self._failure = error
        ga = self.goaway
        with self._map_lock:
            pendings = list(self._pending.values())
            self._pending.clear()
        for p in pendings:
            self._release(p)
            if error is not None:
                exc: AxisError = type(error)(error.message, code=error.code, retry=int(error.retry), local=True,
                                             opcode=p.opcode, request_id=p.request_id)
            elif ga is not None:
                exc = ConnectionClosed(
                    f"connection closed after GOAWAY ({ga.message}) before request {p.request_id} ended",
                    code=ga.code, retry=ga.retry, local=True, opcode=p.opcode, request_id=p.request_id,
                )
            else:
                exc = ConnectionClosed(
                    f"connection closed before request {p.request_id} ended; its outcome is unknown",
                    local=True, opcode=p.opcode, request_id=p.request_id,
                )
            p._deliver(exc)
        try:
            if self._sock is not None:
                self._sock.close()
        except OSError:
            pass

    # -- writing -------------------------------------------------------------
    def _send_frames(self, frames: list[Frame]) -> None:
        data = b"".join(f.encode() for f in frames)
        with self._send_lock:
            if self._sock is None:
                raise ConnectionClosed("not connected", local=True)
            self._sock.sendall(data)

    def _check_open(self) -> None:
        if self._failure is not None:
            raise type(self._failure)(f"connection failed: {self._failure.message}", code=self._failure.code,
                                      retry=int(self._failure.retry), local=True)
        if self.goaway is not None:
            ga = self.goaway
            raise NotProcessed(f"the server sent GOAWAY ({ga.message}); open a new connection",
                               code=ga.code, retry=ga.retry, local=True)
        if self._closed.is_set():
            raise ConnectionClosed("the connection is closed", local=True)

    def send_payload(
        self,
        opcode: int,
        payload: bytes,
        *,
        request_id: int | None = None,
        flags: int = 0,
        fragment_size: int | None = None,
        compress: bool | None = None,
        timeout: float | None = None,
    ) -> PendingRequest:
        """Send a request payload; return its :class:`PendingRequest` at once.

        The payload is cut into fragments no larger than ``fragment_size``
        (default: the server's ``max_payload_bytes``), all but the last with
        the ``more`` flag (§4.2); ``fragment_size=0`` sends one frame whatever
        its size. Pieces are compressed on their own (§2.3) when
        ``compress`` is True, or (None) when at least ``compress_threshold``
        bytes and worth it. ``request_id`` None takes the next id; giving one
        lets a test send an id the spec forbids. ``flags`` are OR-ed into
        every frame (tests only).
        """
        self._check_open()
        assert self._inflight is not None
        wait = self.timeout if timeout is None else timeout
        if not self._inflight.acquire(timeout=wait if wait is not None else -1):
            raise RequestTimeout("no free in-flight slot (max_inflight_requests) in time", local=True,
                                 retry=int(Retry.AFTER_BACKOFF))
        try:
            with self._send_lock:
                if self._sock is None or self._closed.is_set():
                    raise ConnectionClosed("the connection is closed", local=True)
                rid = request_id
                if rid is None:
                    self._last_id += 1
                    rid = self._last_id
                else:
                    self._last_id = max(self._last_id, rid)
                pending = PendingRequest(self, rid, opcode)
                pending._slot = True
                with self._map_lock:
                    if rid in self._pending:
                        raise BadRequestId(f"request id {rid} is already in flight", local=True)
                    self._pending[rid] = pending
                threshold = self.compress_threshold if compress is None else (0 if compress else None)
                if fragment_size == 0:
                    frames = build_request_frames(
                        opcode, rid, payload, max_payload=max(len(payload), 1), compress_threshold=threshold,
                        max_inflated=1 << 62, max_ratio=1 << 62, version=self.version,
                    )
                else:
                    frames = build_request_frames(
                        opcode, rid, payload,
                        max_payload=fragment_size or self.limits.max_payload_bytes,
                        compress_threshold=threshold,
                        max_inflated=self.limits.max_inflated_payload_bytes,
                        max_ratio=self.limits.max_inflation_ratio,
                        version=self.version,
                    )
                for f in frames:
                    f.flags |= flags
                data = b"".join(f.encode() for f in frames)
                try:
                    self._sock.sendall(data)
                except OSError as e:
                    with self._map_lock:
                        self._pending.pop(rid, None)
                    raise ConnectionClosed(f"send failed: {e}", local=True) from None
            return pending
        except BaseException:
            self._inflight.release()
            raise

    def send_raw_bytes(self, data: bytes) -> None:
        """Write bytes as they are (tests of framing errors only)."""
        self._send_frames_raw(data)

    def _send_frames_raw(self, data: bytes) -> None:
        with self._send_lock:
            if self._sock is None:
                raise ConnectionClosed("not connected", local=True)
            self._sock.sendall(data)

    def send(self, msg: Message, **kwargs: Any) -> PendingRequest:
        """Encode and send a request message (limits are checked while encoding)."""
        from .codec import opcode_of

        return self.send_payload(opcode_of(msg), msg.encode(), **kwargs)

    def request(self, msg: Message, timeout: float | None = None) -> Message:
        """Send ``msg`` and wait for its reply (a stream is merged)."""
        return self.send(msg).result(timeout)

    def cancel(self, request_id: int) -> None:
        """Send CANCEL for ``request_id`` (§6.4). Unknown or finished ids are not an error."""
        if self._closed.is_set():
            return
        frame = Frame(Opcode.CANCEL, 0, 0, Cancel(request_id=request_id).encode(), self.version)
        try:
            self._send_frames([frame])
        except OSError:
            pass

    def send_goaway(self, code: int = 0, message: str = "client closing") -> None:
        """Send GOAWAY (§6.3); ``last_request_id`` is 0 since the client answers no requests but PING."""
        frame = Frame(Opcode.GOAWAY, 0, 0, GoAway(code=code, last_request_id=0, message=message).encode(), self.version)
        self._send_frames([frame])

    def close(self, timeout: float | None = 5.0) -> None:
        """Close politely: GOAWAY ``NO_ERROR``, let the server finish what is in flight, close."""
        if self._closed.is_set():
            self._join()
            return
        try:
            self.send_goaway(0, "client closing")
        except (OSError, AxisError):
            pass
        # The server finishes what is in flight, then closes (§6.3).
        self._closed.wait(timeout)
        if not self._closed.is_set():
            self._closed.set()
            try:
                assert self._sock is not None
                self._sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._join()

    def _join(self) -> None:
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(timeout=5)
        try:
            if self._sock is not None:
                self._sock.close()
        except OSError:
            pass

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<{type(self).__name__} {self.host}:{self.port} {state} server_id={self.server_id}>"


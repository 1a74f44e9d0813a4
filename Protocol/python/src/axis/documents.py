"""Document bodies and uploads: compression, hashes, checks before sending (PROTOCOL.md §10).

Bodies travel as one zlib stream (RFC 1950). :func:`make_upload` builds a
:class:`~axis.messages.DocumentUpload` from text and checks every limit of
§10.1/§10.2 locally; :class:`Document` is what ``Client.get`` returns.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import re
import zlib
from typing import Any, Iterable, Mapping

from .errors import IncompleteStream, InvalidArgument, LimitExceeded
from .messages import DocumentUpload, SnapshotInfo

MAX_KEY_BYTES = 1024
MAX_TAGS = 64
MAX_TAG_BYTES = 128
MAX_DOCUMENTS_PER_PUT = 1000
DEFAULT_MAX_BODY = 64 << 20

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_key(key: str, *, index: int | None = None, field: str = "key") -> None:
    """A key is 1 to 1024 bytes of UTF-8, no control characters (§10)."""
    if not isinstance(key, str):
        raise InvalidArgument(f"{field} must be a str", field=field, index=index, local=True)
    n = len(key.encode("utf-8"))
    if n == 0:
        raise InvalidArgument(f"{field} is empty", field=field, index=index, local=True)
    if n > MAX_KEY_BYTES:
        raise LimitExceeded(f"{field} is {n} bytes, the maximum is {MAX_KEY_BYTES}", field=field,
                            limit=MAX_KEY_BYTES, index=index, local=True)
    for ch in key:
        o = ord(ch)
        if o < 0x20 or o == 0x7F or 0x80 <= o <= 0x9F:
            raise InvalidArgument(f"{field} contains the control character U+{o:04X}", field=field,
                                  index=index, local=True)


def check_date(value: str, *, field: str = "published", index: int | None = None) -> None:
    """``YYYY-MM-DD``, a real calendar date (§10.1)."""
    if not _DATE.match(value):
        raise InvalidArgument(f"{field} must be a date YYYY-MM-DD", field=field, index=index, local=True)
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise InvalidArgument(f"{field} {value!r} is not a calendar date", field=field, index=index,
                              local=True) from None


def _check_len(value: str, limit: int, field: str, index: int | None) -> None:
    n = len(value.encode("utf-8"))
    if n > limit:
        raise LimitExceeded(f"{field} is {n} bytes, the maximum is {limit}", field=field, limit=limit,
                            index=index, local=True)


def make_upload(
    key: str,
    body: str | bytes | None = None,
    *,
    title: str = "",
    source: str = "",
    url: str = "",
    published: str = "",
    tags: Iterable[str] = (),
    compress: bool = True,
    level: int = 6,
    body_zlib: bytes | None = None,
    body_size: int | None = None,
    content_hash: bytes | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    index: int | None = None,
) -> DocumentUpload:
    """Build and check one upload.

    With ``body`` (text or UTF-8 bytes) the body is sent zlib-compressed
    (``compress=True``, field 8 with its size and SHA-256) or as is (field 7,
    with its SHA-256). With ``body_zlib`` the caller's stream is sent as is;
    ``body_size`` is then required.
    """
    check_key(key, index=index)
    _check_len(title, 2048, "title", index)
    _check_len(source, 256, "source", index)
    _check_len(url, 8192, "url", index)
    if published:
        check_date(published, index=index)
    tag_list = list(tags)
    if len(tag_list) > MAX_TAGS:
        raise LimitExceeded(f"{len(tag_list)} tags, the maximum is {MAX_TAGS}", field="tags", limit=MAX_TAGS,
                            index=index, local=True)
    for t in tag_list:
        _check_len(t, MAX_TAG_BYTES, "tags", index)
    if (body is None) == (body_zlib is None):
        raise InvalidArgument("exactly one of body and body_zlib", field="body", index=index, local=True)
    if body is not None:
        raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidArgument("body is not UTF-8", field="body", index=index, local=True) from None
        if len(raw) > max_body_bytes:
            raise LimitExceeded(f"body is {len(raw)} bytes, the maximum is {max_body_bytes}", field="body",
                                limit=max_body_bytes, index=index, local=True)
        digest = hashlib.sha256(raw).digest()
        if content_hash is not None and content_hash != digest:
            raise InvalidArgument("content_hash does not match the body", field="content_hash", index=index,
                                  local=True)
        if compress:
            return DocumentUpload(key=key, title=title, source=source, url=url, published=published,
                                  tags=tag_list, body_zlib=zlib.compress(raw, level), body_size=len(raw),
                                  content_hash=digest)
        return DocumentUpload(key=key, title=title, source=source, url=url, published=published, tags=tag_list,
                              body=raw, content_hash=digest)
    if body_size is None:
        raise InvalidArgument("body_size is required with body_zlib", field="body_size", index=index, local=True)
    if body_size > max_body_bytes:
        raise LimitExceeded(f"body is {body_size} bytes, the maximum is {max_body_bytes}", field="body",
                            limit=max_body_bytes, index=index, local=True)
    return DocumentUpload(key=key, title=title, source=source, url=url, published=published, tags=tag_list,
                          body_zlib=bytes(body_zlib), body_size=body_size, content_hash=content_hash)


def upload_from(doc: DocumentUpload | Mapping[str, Any], *, index: int, max_body_bytes: int) -> DocumentUpload:
    """Accept a ready :class:`DocumentUpload` (checked) or a dict of :func:`make_upload` arguments."""
    if isinstance(doc, DocumentUpload):
        check_key(doc.key, index=index)
        if doc.published:
            check_date(doc.published, index=index)
        if (doc.body is None) == (doc.body_zlib is None):
            raise InvalidArgument("exactly one of body and body_zlib", field="body", index=index, local=True)
        if doc.body_zlib is not None and doc.body_size is None:
            raise InvalidArgument("body_size is required with body_zlib", field="body_size", index=index,
                                  local=True)
        size = len(doc.body) if doc.body is not None else (doc.body_size or 0)
        if size > max_body_bytes:
            raise LimitExceeded(f"body is {size} bytes, the maximum is {max_body_bytes}", field="body",
                                limit=max_body_bytes, index=index, local=True)
        return doc
    args = dict(doc)
    return make_upload(max_body_bytes=max_body_bytes, index=index, **args)


def inflate_body(body_zlib: bytes, size: int) -> bytes:
    """Inflate a stored body, capped at ``size`` bytes; it must be exactly that long."""
    d = zlib.decompressobj()
    out = d.decompress(body_zlib, max(size, 1))
    if len(out) != size or d.unconsumed_tail or not d.eof:
        raise IncompleteStream(f"body inflates to {len(out)}+ bytes, {size} expected", local=True)
    return out


@dataclasses.dataclass
class Document:
    """A snapshot with its stored zlib body, as DOC_GET returns it (§10.3)."""

    info: SnapshotInfo
    body_zlib: bytes

    @property
    def body(self) -> bytes:
        """The uncompressed body (checked against ``info.body_size``)."""
        if not self.body_zlib:
            return b""
        return inflate_body(self.body_zlib, self.info.body_size)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def verify(self) -> None:
        """Check the body's size and SHA-256 against the info (§10.3: a client SHOULD)."""
        body = self.body
        if self.info.content_hash is not None and hashlib.sha256(body).digest() != self.info.content_hash:
            raise IncompleteStream(f"{self.info.key} v{self.info.version}: SHA-256 mismatch", local=True)
        if self.info.compressed_size and len(self.body_zlib) != self.info.compressed_size:
            raise IncompleteStream(
                f"{self.info.key}: {len(self.body_zlib)} zlib bytes, compressed_size {self.info.compressed_size}",
                local=True,
            )

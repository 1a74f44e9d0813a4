"""FLOWS (PROTOCOL.md §12.5, added in v1.1): supply flows as rows or groups."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from ..schema import Bool, F, Message, Msg, Sint, Str, Uint, message
from .index import Flow, Quantity

#: The modalities a FLOWS request may filter on (§12.5).
MODALITIES = ("asserted", "reported", "possible", "denied")


@message
class Flows(Message):
    """FLOWS request (§12.5). ``limit``: absent 20; 0 is read as 1; clamped to 1,000."""

    supplier: str | None = None
    recipient: str | None = None
    item: str | None = None
    modalities: list[str] = dataclasses.field(default_factory=list)
    since: str | None = None
    until: str | None = None
    source: str | None = None
    tag: str | None = None
    where: str | None = None
    as_of_ms: int | None = None
    group: bool = False
    limit: int | None = None
    after: str | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "supplier", 4096),
        Str(2, "recipient", 4096),
        Str(3, "item", 4096),
        Str(4, "modalities", 64, repeated=True, max_count=4),
        Str(5, "since", 16),
        Str(6, "until", 16),
        Str(7, "source", 256),
        Str(8, "tag", 256),
        Str(9, "where", 4096),
        Sint(10, "as_of_ms"),
        Bool(11, "group"),
        Uint(12, "limit"),
        Str(13, "after", 128),
    )


@message
class FlowGroup(Message):
    """Flows grouped by supplier → recipient : item (§12.5). Zero counts are not written."""

    supplier: str = ""
    recipient: str = ""
    item: str = ""
    names: list[str] = dataclasses.field(default_factory=list)
    documents: int = 0
    sources: int = 0
    asserted: int = 0
    reported: int = 0
    possible: int = 0
    denied: int = 0
    first_day: str = ""
    last_day: str = ""
    quantity_min: str = ""
    quantity_max: str = ""
    latest_quantity: Quantity | None = None
    best: Flow | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "supplier", 256, required=True),
        Str(2, "recipient", 256, required=True),
        Str(3, "item", 256, required=True),
        Str(4, "names", 4096, repeated=True, max_count=3),
        Uint(5, "documents"),
        Uint(6, "sources"),
        Uint(7, "asserted"),
        Uint(8, "reported"),
        Uint(9, "possible"),
        Uint(10, "denied"),
        Str(11, "first_day", 16),
        Str(12, "last_day", 16),
        Str(13, "quantity_min", 64),
        Str(14, "quantity_max", 64),
        Msg(15, "latest_quantity", Quantity),
        Msg(16, "best", Flow),
    )


@message
class FlowPage(Message):
    """One frame of a FLOWS reply (§12.5)."""

    flows: list[Flow] = dataclasses.field(default_factory=list)
    groups: list[FlowGroup] = dataclasses.field(default_factory=list)
    total: int | None = None
    next: str | None = None
    indexed_sequence: int | None = None
    as_of_ms: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "flows", Flow, repeated=True),
        Msg(2, "groups", FlowGroup, repeated=True),
        Uint(3, "total"),
        Str(4, "next", 128),
        Uint(5, "indexed_sequence", bits=64),
        Sint(6, "as_of_ms"),
    )

    def to_dataframe(self):  # type: ignore[no-untyped-def]
        """Rows (or groups) as a pandas DataFrame."""
        from ..pandas import to_dataframe

        return to_dataframe(self.groups or self.flows)

"""Entity index messages: ENTITIES, ENTITY, MENTIONS and their parts (PROTOCOL.md §12)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from ..schema import Bool, F, Message, Msg, Sint, Str, Uint, message
from .documents import SnapshotInfo

#: Entity types (§12).
ENTITY_TYPES = ("country", "person", "org", "place", "weapon", "event", "item")


@message
class EntitySummary(Message):
    """An entity with its counts (§12.1)."""

    id: str = ""
    type: str = ""
    name: str = ""
    documents: int = 0
    mentions: int = 0
    discovered: bool = False

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "id", 256, required=True),
        Str(2, "type", 256),
        Str(3, "name", 4096),
        Uint(4, "documents"),
        Uint(5, "mentions"),
        Bool(6, "discovered"),
    )


@message
class Entities(Message):
    """ENTITIES request (§12.1). ``limit``: default 20, at most 10,000."""

    type: str | None = None
    limit: int | None = None
    as_of_ms: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "type", 256),
        Uint(2, "limit"),
        Sint(3, "as_of_ms"),
    )


@message
class EntityPage(Message):
    """One frame of an ENTITIES reply (§12.1)."""

    entities: list[EntitySummary] = dataclasses.field(default_factory=list)
    total: int | None = None
    indexed_sequence: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "entities", EntitySummary, repeated=True),
        Uint(2, "total"),
        Uint(3, "indexed_sequence", bits=64),
    )


@message
class EntityLookup(Message):
    """ENTITY request (§12.2)."""

    name: str = ""
    related: int | None = None
    documents: int | None = None
    as_of_ms: int | None = None
    flows: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "name", 4096, required=True),
        Uint(2, "related"),
        Uint(3, "documents"),
        Sint(4, "as_of_ms"),
        Uint(5, "flows"),  # v1.1: flow groups in supplies/receives; default 10, clamped to 1,000
    )


@message
class EntityDocument(Message):
    """A document that mentions an entity (§12.2)."""

    key: str = ""
    version: int = 0
    sequence: int = 0
    mentions: int = 0
    day: str = ""
    title: str = ""
    source: str = ""

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "key", 1024, required=True),
        Uint(2, "version", bits=32),
        Uint(3, "sequence", bits=64),
        Uint(4, "mentions"),
        Str(5, "day", 16),
        Str(6, "title", 2048),
        Str(7, "source", 256),
    )


@message
class EntityReply(Message):
    """ENTITY reply, not streamed (§12.2)."""

    entity: EntitySummary | None = None
    aliases: list[str] = dataclasses.field(default_factory=list)
    demonyms: list[str] = dataclasses.field(default_factory=list)
    description: str = ""
    country: str = ""
    kind: str = ""
    related: list[EntitySummary] = dataclasses.field(default_factory=list)
    documents: list[EntityDocument] = dataclasses.field(default_factory=list)
    alternatives: list[EntitySummary] = dataclasses.field(default_factory=list)
    indexed_sequence: int = 0
    supplies: list = dataclasses.field(default_factory=list)
    receives: list = dataclasses.field(default_factory=list)

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "entity", EntitySummary, required=True),
        Str(2, "aliases", 4096, repeated=True),
        Str(3, "demonyms", 4096, repeated=True),
        Str(4, "description", 4096),
        Str(5, "country", 256),
        Str(6, "kind", 256),
        Msg(7, "related", EntitySummary, repeated=True),
        Msg(8, "documents", EntityDocument, repeated=True),
        Msg(9, "alternatives", EntitySummary, repeated=True),
        Uint(10, "indexed_sequence", bits=64),
        Msg(11, "supplies", lambda: _flow_group(), repeated=True),  # v1.1
        Msg(12, "receives", lambda: _flow_group(), repeated=True),  # v1.1
    )

    def to_dataframe(self):  # type: ignore[no-untyped-def]
        """The documents that mention the entity, as a pandas DataFrame."""
        from ..pandas import to_dataframe

        return to_dataframe(self.documents)


@message
class Mentions(Message):
    """MENTIONS request (§12.3); ``version`` defaults to the latest."""

    key: str = ""
    version: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "key", 1024, required=True),
        Uint(2, "version", bits=32),
    )


@message
class Mention(Message):
    """One mention of an entity in a body (§12.3); offsets are UTF-8 bytes."""

    entity_id: str = ""
    type: str = ""
    name: str = ""
    start: int = 0
    end: int = 0
    sentence: int = 0
    discovered: bool = False
    text: str = ""

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "entity_id", 256, required=True),
        Str(2, "type", 256),
        Str(3, "name", 4096),
        Uint(4, "start"),
        Uint(5, "end"),
        Uint(6, "sentence"),
        Bool(7, "discovered"),
        Str(8, "text", 4096),
    )


@message
class Sentence(Message):
    """A sentence of a body (§12.3)."""

    index: int = 0
    start: int = 0
    end: int = 0
    text: str = ""

    FIELDS: ClassVar[tuple[F, ...]] = (
        Uint(1, "index"),
        Uint(2, "start"),
        Uint(3, "end"),
        Str(4, "text", 64 * 1024),
    )


@message
class Quantity(Message):
    """A stated quantity (§12.4). ``value``/``value_max`` are decimal text."""

    value: str = ""
    value_max: str = ""
    qualifier: str = ""
    unit_entity_id: str = ""
    unit_text: str = ""
    sentence: int = 0
    start: int | None = None
    end: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "value", 64),
        Str(2, "value_max", 64),
        Str(3, "qualifier", 64),
        Str(4, "unit_entity_id", 256),
        Str(5, "unit_text", 4096),
        Uint(6, "sentence"),
        Uint(7, "start"),
        Uint(8, "end"),
    )

    @property
    def number(self) -> float | None:
        """``value`` parsed as an IEEE double (§12.4), or None when empty."""
        return float(self.value) if self.value else None


@message
class Flow(Message):
    """A reported transfer: supplier → recipient : item (§12.4).

    Fields 6–20 are v1.1 additions (FLOWS rows, MENTIONS evidence); DOC_DIFF's
    flows carry fields 1–5 only. Absent optional fields are ``None``.
    """

    supplier: str = ""
    recipient: str = ""
    item: str = ""
    modality: str = ""
    sentence: int = 0
    supplier_entity: str | None = None
    recipient_entity: str | None = None
    quantity: Quantity | None = None
    quantity_role: str | None = None
    attribution: str | None = None
    via: str | None = None
    evidence: str | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None
    key: str | None = None
    version: int | None = None
    sequence: int | None = None
    published: str | None = None
    source: str | None = None
    names: list[str] = dataclasses.field(default_factory=list)

    FIELDS: ClassVar[tuple[F, ...]] = (
        Str(1, "supplier", 256),
        Str(2, "recipient", 256),
        Str(3, "item", 256),
        Str(4, "modality", 64),
        Uint(5, "sentence"),
        Str(6, "supplier_entity", 256),
        Str(7, "recipient_entity", 256),
        Msg(8, "quantity", Quantity),
        Str(9, "quantity_role", 64),
        Str(10, "attribution", 256),
        Str(11, "via", 256),
        Str(12, "evidence", 65536),
        Uint(13, "evidence_start"),
        Uint(14, "evidence_end"),
        Str(15, "key", 1024),
        Uint(16, "version", bits=32),
        Uint(17, "sequence", bits=64),
        Str(18, "published", 16),
        Str(19, "source", 256),
        Str(20, "names", 4096, repeated=True, max_count=5),
    )


@message
class FlowChange(Message):
    """A flow in both versions whose quantity changed (DOC_DIFF field 11, v1.1, §10.5)."""

    from_: Flow | None = None
    to: Flow | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "from_", Flow, required=True),
        Msg(2, "to", Flow, required=True),
    )


def _flow_group():  # FlowGroup lives in flows.py, which imports this module
    from .flows import FlowGroup

    return FlowGroup


@message
class EntityChange(Message):
    """An entity whose mention count differs between two versions (§12.4)."""

    entity: EntitySummary | None = None
    from_count: int = 0
    to_count: int = 0

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "entity", EntitySummary),
        Uint(2, "from_count"),
        Uint(3, "to_count"),
    )


@message
class MentionPage(Message):
    """One frame of a MENTIONS reply (§12.3)."""

    info: SnapshotInfo | None = None
    mentions: list[Mention] = dataclasses.field(default_factory=list)
    sentences: list[Sentence] = dataclasses.field(default_factory=list)
    quantities: list[Quantity] = dataclasses.field(default_factory=list)
    flows: list[Flow] = dataclasses.field(default_factory=list)
    mention_count: int | None = None
    sentence_count: int | None = None

    FIELDS: ClassVar[tuple[F, ...]] = (
        Msg(1, "info", SnapshotInfo),
        Msg(2, "mentions", Mention, repeated=True),
        Msg(3, "sentences", Sentence, repeated=True),
        Msg(4, "quantities", Quantity, repeated=True),
        Msg(5, "flows", Flow, repeated=True),
        Uint(6, "mention_count"),
        Uint(7, "sentence_count"),
    )

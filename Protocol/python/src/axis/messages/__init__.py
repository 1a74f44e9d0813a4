"""Every message of PROTOCOL.md, and the opcode → (request, reply) registry (§5)."""

from __future__ import annotations

from ..opcodes import Opcode
from ..schema import Message
from .admin import TokenInfo, Tokens, TokensReply
from .aggregates import Cooccur, CooccurPage, CooccurPair, Timeline, TimelinePage, TimelinePeriod
from .bulk import Export, ExportPart, Import, ImportReply, PackRecord, SyncState, SyncStateReply
from .connection import Cancel, ErrorMessage, GoAway, Hello, HelloReply, Ping, Pong, ServerLimits
from .documents import (
    DiffHunk, DiffLine, DiffPart, DocDelete, DocDeleteReply, DocDiff, DocGet, DocHistory,
    DocList, DocPut, DocPutReply, DocStat, DocStatReply, DocumentPage, DocumentSummary,
    DocumentUpload, PutResult, SnapshotChunk, SnapshotInfo, SnapshotPage,
)
from .index import (
    ENTITY_TYPES, Entities, EntityChange, EntityDocument, EntityLookup, EntityPage, EntityReply,
    EntitySummary, Flow, FlowChange, Mention, MentionPage, Mentions, Quantity, Sentence,
)
from .flows import MODALITIES, FlowGroup, FlowPage, Flows
from .query import Facet, Highlight, PageToken, Query, QueryHit, QueryPage, fnv1a32, parse_page_token

#: opcode → (request message class, reply message class or None, reply is a stream)
REGISTRY: dict[int, tuple[type[Message], type[Message] | None, bool]] = {
    Opcode.HELLO: (Hello, HelloReply, False),
    Opcode.PING: (Ping, Pong, False),
    Opcode.GOAWAY: (GoAway, None, False),
    Opcode.CANCEL: (Cancel, None, False),
    Opcode.DOC_PUT: (DocPut, DocPutReply, False),
    Opcode.DOC_GET: (DocGet, SnapshotChunk, True),
    Opcode.DOC_HISTORY: (DocHistory, SnapshotPage, True),
    Opcode.DOC_DIFF: (DocDiff, DiffPart, True),
    Opcode.DOC_DELETE: (DocDelete, DocDeleteReply, False),
    Opcode.DOC_LIST: (DocList, DocumentPage, True),
    Opcode.DOC_STAT: (DocStat, DocStatReply, True),
    Opcode.ENTITIES: (Entities, EntityPage, True),
    Opcode.ENTITY: (EntityLookup, EntityReply, False),
    Opcode.MENTIONS: (Mentions, MentionPage, True),
    Opcode.QUERY: (Query, QueryPage, True),
    Opcode.TIMELINE: (Timeline, TimelinePage, True),
    Opcode.COOCCUR: (Cooccur, CooccurPage, True),
    Opcode.FLOWS: (Flows, FlowPage, True),
    Opcode.EXPORT: (Export, ExportPart, True),
    Opcode.IMPORT: (Import, ImportReply, False),
    Opcode.SYNC_STATE: (SyncState, SyncStateReply, False),
    Opcode.TOKENS: (Tokens, TokensReply, False),
}

#: request message class → opcode
OPCODE_OF: dict[type[Message], int] = {req: op for op, (req, _, _) in REGISTRY.items()}

__all__ = [name for name in dir() if not name.startswith("_")]

"""End to end: entity index, query, aggregates (PROTOCOL.md §12–§14)."""

from __future__ import annotations

import pytest

import axis

ARTICLE = (
    "North Korea has sent more than 3 million artillery shells to Russia, South Korean officials said on Monday.\n"
    "Defense Minister Shin Won-sik said Pyongyang also shipped KN-23 ballistic missiles to Moscow.\n"
    "Russia denied receiving any weapons from North Korea.\n"
)


@pytest.fixture()
def article(client: axis.Client, prefix: str) -> str:
    key = prefix + "nk-shells"
    client.put(key, ARTICLE, title="Shells for Russia", source="reuters", published="2099-06-15", tags=["korea"])
    return key


def test_mentions_on_article(client: axis.Client, article: str) -> None:
    page = client.mentions(article)
    assert page.info is not None and page.info.key == article
    assert page.mention_count == len(page.mentions) and page.sentence_count == 3
    ids = [m.entity_id for m in page.mentions]
    for expected in ("country:north-korea", "country:russia", "weapon:artillery-shell", "weapon:kn-23"):
        assert expected in ids
    body = ARTICLE.encode()
    for m in page.mentions:  # offsets are UTF-8 bytes into the body (§12.3)
        assert body[m.start:m.end].decode() == m.text
        assert 0 <= m.sentence < page.sentence_count
    for s in page.sentences:
        assert body[s.start:s.end].decode() == s.text
    shells = [q for q in page.quantities if q.unit_entity_id == "weapon:artillery-shell"]
    assert shells and shells[0].number == 3_000_000 and shells[0].qualifier == "over"
    assert shells[0].start is not None and shells[0].end is not None
    assert any(f.supplier == "country:north-korea" and f.recipient == "country:russia" for f in page.flows)
    assert {f.modality for f in page.flows} <= {"asserted", "reported", "possible", "denied"}


def test_entity_lookup(client: axis.Client, article: str) -> None:
    e = client.entity("North Korean", documents=5, related=5)  # a demonym
    assert e.entity is not None and e.entity.id == "country:north-korea" and e.entity.type == "country"
    assert e.entity.documents >= 1 and e.entity.mentions >= 2
    assert "North Korean" in e.demonyms
    assert e.documents[0].key == article  # newest first: published 2099-06-15
    assert e.documents[0].day == "2099-06-15" and e.documents[0].mentions == 2
    assert e.indexed_sequence >= 1
    assert any(r.id == "country:russia" for r in e.related)
    with pytest.raises(axis.NotFound) as ei:
        client.entity("Nowhereland")
    assert ei.value.retry == axis.Retry.NEVER


def test_entities_list(client: axis.Client, article: str) -> None:
    ents = client.entities("country", limit=50)
    items = ents.to_list()
    assert ents.total >= len(items) and ents.indexed_sequence >= 1
    assert {"country:north-korea", "country:russia"} <= {e.id for e in items}
    assert all(e.type == "country" for e in items)
    docs = [e.documents for e in items]
    assert docs == sorted(docs, reverse=True)  # most documents first
    with pytest.raises(axis.InvalidArgument):
        client.entities("planet")


def test_query_with_paging(client: axis.Client, prefix: str) -> None:
    keys = [f"{prefix}{i:02d}" for i in range(25)]
    client.put_many([{"key": k, "body": f"Report {i}: the zanzibarite shipment crossed the border.\n"}
                     for i, k in enumerate(keys)])
    first = client.query("zanzibarite", limit=10)
    assert first.total == 25 and len(first.hits) == 10 and first.next
    assert first.indexed_sequence is not None
    seen = [h.key for h in first.hits]
    after = first.next
    while after:
        page = client.query("zanzibarite", limit=10, after=after)
        seen += [h.key for h in page.hits]
        after = page.next
    assert sorted(seen) == keys and len(set(seen)) == 25
    assert [h.key for h in client.query_hits("zanzibarite", limit=7)] == seen
    hit = first.hits[0]
    assert hit.score_value > 0 and hit.snippet and hit.day
    assert "zanzibarite" in [t.lower() for t in hit.highlighted_text()]
    # Default page size: 10 (§7, §13; SPEC-QUESTIONS Q5).
    assert len(client.query("zanzibarite").hits) == 10
    with pytest.raises(axis.InvalidArgument) as ei:
        client.query("zanzibarite", after="not-a-token")
    assert ei.value.field == "after"


def test_query_errors_carry_offset(client: axis.Client) -> None:
    with pytest.raises(axis.InvalidArgument) as ei:
        client.query("(shells")
    e = ei.value
    assert e.field == "query" and e.offset == 7  # ASCII: bytes and characters agree
    with pytest.raises(axis.InvalidArgument) as ei:
        client.query(")")
    assert ei.value.offset == 0  # written even at 0 (§8.1)


@pytest.mark.requires_v10
def test_query_error_offset_v10_counts_grapheme_clusters(client: axis.Client) -> None:
    """A v1.0 server counted grapheme clusters (§15.3 item 4): two flags (4 code points,
    16 bytes) count as 2."""
    with pytest.raises(axis.InvalidArgument) as ei:
        client.query("\U0001F1F0\U0001F1F5\U0001F1F0\U0001F1F5 entity:Nowhereland")
    assert ei.value.offset == 10


def test_query_facets_and_dataframe(client: axis.Client, article: str) -> None:
    page = client.query('entity:"North Korea" shells', limit=5, facets=3)
    assert any(h.key == article for h in page.hits)
    types = {f.type for f in page.facets}
    assert "country" in types
    for f in page.facets:
        assert len(f.entities) <= 3 and all(e.mentions == 0 for e in f.entities)
    pd = pytest.importorskip("pandas")
    df = page.to_dataframe()
    assert isinstance(df, pd.DataFrame) and len(df) == len(page.hits)
    assert df["score"].dtype.kind == "f" and "key" in df.columns
    hist = client.history(article).to_dataframe()
    assert list(hist["key"]) == [article]
    ents = client.entities("country", limit=5).to_dataframe()
    assert {"id", "documents", "mentions"} <= set(ents.columns)


def test_dataframe_without_pandas(monkeypatch, client: axis.Client, article: str) -> None:
    import importlib

    real = importlib.import_module

    def fake(name, *a, **kw):
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real(name, *a, **kw)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(ImportError, match="pip install pandas"):
        client.query("shells", limit=1).to_dataframe()


def test_timeline_and_cooccur(client: axis.Client, article: str) -> None:
    t = client.timeline("North Korea", interval="month", since="2099-05", until="2099-07")
    assert [p.start for p in t.periods] == ["2099-05-01", "2099-06-01", "2099-07-01"]
    assert t.periods[1].documents >= 1 and t.periods[1].mentions >= 2
    assert t.periods[0].documents == 0  # empty periods are present, with zero counts
    assert t.interval == "month" and t.entity is not None and t.entity.id == "country:north-korea"
    assert t.entity.documents == sum(p.documents for p in t.periods)
    with pytest.raises(axis.InvalidArgument):
        client.timeline("North Korea", interval="year")
    with pytest.raises(axis.NotFound) as ei:
        client.timeline("Nowhereland")
    assert ei.value.field == "entity"
    co = client.cooccur(["North Korea", "Russia", "KN-23"], examples=20)
    assert [(p.first, p.second) for p in co.pairs] == [
        ("country:north-korea", "country:russia"), ("country:north-korea", "weapon:kn-23"),
        ("country:russia", "weapon:kn-23")]
    assert all(p.documents >= 1 for p in co.pairs)
    assert article in co.pairs[2].examples
    assert [e.id for e in co.entities] == ["country:north-korea", "country:russia", "weapon:kn-23"]
    assert co.documents is not None and co.documents >= 1
    with pytest.raises(axis.InvalidArgument):
        client.cooccur(["Russia"])  # checked locally
    with pytest.raises(axis.BadPayload):  # one entity, sent raw: BAD_PAYLOAD (§14.2)
        client.send_payload(axis.Opcode.COOCCUR, b"\x0a\x06Russia").result()


def test_diff_reports_index_changes(client: axis.Client, prefix: str) -> None:
    key = prefix + "edit"
    client.put(key, ARTICLE)
    client.put(key, ARTICLE + "Ukraine said over 10,000 North Korean troops were deployed.\n")
    d = client.diff(key, 1, 2)
    changed = {c.entity.id: (c.from_count, c.to_count) for c in d.entity_changes}
    assert changed.get("country:ukraine") == (0, 1)
    assert any(q.value == "10000" and q.qualifier == "over" for q in d.quantities_added)
    assert all(q.start is None for q in d.quantities_added)  # offsets are MENTIONS-only (§12.4)


def test_flows_v11(client: axis.Client, article: str) -> None:
    """FLOWS (§12.5) is a v1.1 addition: used when the server lists it in HELLO."""
    if not client.supports(axis.Opcode.FLOWS):
        with pytest.raises(axis.UnsupportedOpcode) as ei:
            client.flows("North Korea")
        assert ei.value.local
        with pytest.raises(axis.UnsupportedOpcode) as ei:  # and the server agrees
            client.send_payload(axis.Opcode.FLOWS, b"").result()
        assert not ei.value.local
        pytest.skip("this axserver does not list FLOWS (0x0207) in its HELLO reply")
    rows = client.flows("North Korea", "Russia", limit=50)
    assert any(f.key == article for f in rows.flows)
    mine = [f for f in rows.flows if f.key == article]
    assert all(f.evidence and ARTICLE.encode()[f.evidence_start:f.evidence_end].decode() == f.evidence
               for f in mine if f.evidence_end is not None)
    groups = client.flows("North Korea", "Russia", group=True)
    assert groups.groups and all(g.supplier and g.recipient and g.item for g in groups.groups)
    assert any(g.item == "weapon:artillery-shell" for g in groups.groups)
    with pytest.raises(axis.InvalidArgument):
        client.flows("North Korea", modalities=["rumoured"])  # checked locally
    e = client.entity("North Korea", flows=5)  # v1.1 field 5: supplies/receives
    if e.supplies:
        assert all(g.supplier for g in e.supplies)

"""End to end: export, import, sync state, packs (PROTOCOL.md §11, pack.md)."""

from __future__ import annotations

import pytest

import axis
from axis.messages import PackRecord


@pytest.fixture()
def source(make_server):
    srv = make_server()
    c = srv.connect()
    c.put("r/one", "North Korea sent artillery shells to Russia.\n", title="One", published="2024-10-03",
          tags=["korea"])
    c.put("r/two", "Iran sent drones to Russia.\n" * 200, title="Two")
    c.put("r/one", "North Korea sent shells and missiles to Russia.\n", title="One, edited")
    c.delete("r/two")
    yield c
    c.close()


def test_export_then_import_into_second_server(source: axis.Client, make_server) -> None:
    stream = source.export()
    records = list(stream)
    assert stream.source_server_id == source.server_id
    assert [r.info.sequence for r in records] == [1, 2, 3, 4]
    s = stream.summary
    assert (s.count, s.snapshots, s.tombstones, s.last_sequence) == (4, 3, 1, 4)
    assert stream.until_sequence == 4
    assert records[3].is_tombstone and records[3].body_zlib is None

    target = make_server().connect()
    assert target.server_id != source.server_id
    assert target.sync_state(source.server_id).watermark == 0
    rep = target.import_records(records, source_server_id=source.server_id, watermark=s.last_sequence)
    assert (rep.imported, rep.skipped, rep.watermark, rep.last_sequence) == (4, 0, 4, 4)
    st = target.sync_state(source.server_id)
    assert (st.watermark, st.server_id, st.last_sequence) == (4, target.server_id, 4)
    # Same versions, sequences, stored bodies and ingest times (§11.3, imported in order into an empty server).
    for key in ("r/one", "r/two"):
        assert [(i.version, i.sequence, i.ingest_time_ms, i.content_hash, i.deleted) for i in target.history(key)] == \
            [(i.version, i.sequence, i.ingest_time_ms, i.content_hash, i.deleted) for i in source.history(key)]
    assert target.get("r/one").body_zlib == source.get("r/one").body_zlib
    assert target.get("r/one", version=1).text == "North Korea sent artillery shells to Russia.\n"
    with pytest.raises(axis.NotFound):
        target.get("r/two")
    # Repeated: every record is at or below the watermark, nothing is added.
    again = target.import_records(records, source_server_id=source.server_id, watermark=4)
    assert (again.imported, again.last_sequence) == (0, 4)
    # Incremental: one new record, exported from the watermark.
    source.put("r/three", "Belarus hosted Russian troops.\n")
    more = list(source.export(since_sequence=target.sync_state(source.server_id).watermark))
    assert [r.info.key for r in more] == ["r/three"]
    totals = target.sync_from(source)
    assert totals["imported"] == 1 and totals["watermark"] == 5
    assert target.sync_from(source)["imported"] == 0
    target.close()


def test_import_is_all_or_nothing(source: axis.Client, make_server) -> None:
    records = list(source.export())
    broken = PackRecord(info=records[0].info, body_zlib=b"not zlib")
    target = make_server().connect()
    with pytest.raises(axis.InvalidArgument) as ei:
        target.import_records([records[0], records[1], broken], source_server_id=None)
    e = ei.value
    assert e.code == 3001 and e.retry == axis.Retry.NEVER
    assert "record 2" in e.message
    assert e.index in (None, 2)  # §11.3: index = 2; servers before the issue-17 fix left it out (Q7)
    assert target.list().to_list() == []  # nothing was written
    with pytest.raises(axis.InvalidArgument):  # checked locally: sequences must increase
        target.import_records([records[1], records[0]], source_server_id=source.server_id)
    target.close()


def test_pack_export_and_import(source: axis.Client, make_server, tmp_path) -> None:
    path = tmp_path / "backup.axpack"
    trailer = source.export_pack(path)
    assert (trailer.count, trailer.snapshots, trailer.tombstones, trailer.last_sequence) == (4, 3, 1, 4)
    header, checked = axis.verify_pack(path)
    assert header.source_server_id == source.server_id and checked == trailer
    pack = axis.decode_pack(path.read_bytes(), verify_bodies=True)
    assert axis.encode_pack(pack.header, pack.records, trailer=pack.trailer) == path.read_bytes()

    target = make_server().connect()
    totals = target.import_pack(path)
    assert totals["imported"] == 4 and totals["watermark"] == 4
    assert target.get("r/one").text == "North Korea sent shells and missiles to Russia.\n"
    assert target.import_pack(path)["imported"] == 0  # resumes: nothing below the watermark is sent
    # A damaged pack is refused before anything reaches the server.
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad = tmp_path / "bad.axpack"
    bad.write_bytes(bytes(data))
    with pytest.raises(axis.PackError):
        make_server().connect().import_pack(bad)
    target.close()


def test_export_stream_cut_into_pieces(make_server) -> None:
    """A record larger than the client's frame limit arrives in pieces (§11.1) and is rejoined."""
    srv = make_server()
    import random

    rnd = random.Random(3)
    text = "".join(rnd.choice("abcdefghij klmnop\n") for _ in range(400_000))
    frames = []
    with srv.connect(max_payload_bytes=64 * 1024, on_frame=frames.append) as c:
        c.put("big/doc", text)
        frames.clear()
        stream = c.export()
        (rec,) = list(stream)
        assert len(frames) > 2 and all(len(f.payload) <= 64 * 1024 for f in frames)
        assert rec.info.key == "big/doc" and len(rec.body_zlib) == rec.info.compressed_size
        assert stream.summary.body_bytes == len(rec.body_zlib)
        assert c.get("big/doc").body_zlib == rec.body_zlib


def test_stored_form_matches_plain(make_server) -> None:
    """v1.2 (§11.6): an export in stored form yields the records and summary of the plain form,
    with a record cut across small frames."""
    srv = make_server()
    import random

    rnd = random.Random(5)
    with srv.connect(max_payload_bytes=64 * 1024) as c:
        c.put("r/one", "North Korea sent artillery shells to Russia.\n", title="One — Σ", published="2024-10-03",
              tags=["korea", "shells"])
        c.put("big/doc", "".join(rnd.choice("abcdefghij klmnop\n") for _ in range(300_000)), title="Big")
        c.delete("r/one")
        c.put("r/two", "Iran sent drones to Russia.\n", source="wire", url="https://example.org/2")
        plain_stream = c.export(stored_form=False)
        plain = list(plain_stream)
        stored_stream = c.export()
        stored = list(stored_stream)
        assert [r.info.sequence for r in stored] == [1, 2, 3, 4]
        assert [r.info.to_dict() for r in stored] == [r.info.to_dict() for r in plain]
        assert [r.body_zlib for r in stored] == [r.body_zlib for r in plain]
        fields = ("count", "snapshots", "tombstones", "last_sequence", "body_bytes")
        assert [getattr(stored_stream.summary, f) for f in fields] == [getattr(plain_stream.summary, f) for f in fields]
        middle = list(c.export(since_sequence=1, until_sequence=3))
        assert [r.info.sequence for r in middle] == [2, 3]

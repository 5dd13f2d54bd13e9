"""Documents kept offline: when each blob was last used, their size, and releasing them (retention, size
limit, "empty now") -- on a real store with real files; never a blob an unsent write still needs."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from caseworker.domain.models import Document
from caseworker.store import AsyncStore, NewWrite, OfflineStore, OutboxItem, OutboxState, ReleaseResult
from caseworker.store.release import DocumentBlob, named_blobs, plan
from caseworker.store.schema import CACHE_MIGRATIONS, migrate, user_version
from tests.caseworker.store.factories import document

NOW = dt.datetime.now(dt.UTC)
KB = 1024


def _content(i: int, size: int) -> bytes:
    return hashlib.sha256(str(i).encode()).digest() * (size // 32) + os.urandom(size % 32)


def _document(i: int, data: bytes, case_id: str = "case-1") -> Document:
    digest = hashlib.sha256(data).hexdigest()
    return document(i, case_id, size=len(data), sha256=digest, created_at=NOW)


def _offline(
    store: OfflineStore, i: int, size: int, case_id: str = "case-1", *, last_used: dt.datetime | None = None
) -> str:
    """A document of ``size`` bytes made available offline: its row and its blob, last used then if given."""
    data = _content(i, size)
    store.upsert_documents([_document(i, data, case_id)])
    sha256 = store.blobs.put_bytes(data)
    if last_used is not None:
        _used_at(store, sha256, last_used)
    return sha256


def _used_at(store: OfflineStore, sha256: str, when: dt.datetime) -> None:
    """Set a blob's last use (after recording what was noted, which would overwrite it)."""
    store.record_blob_uses()
    with store.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO blob_use (sha256, last_used) VALUES (?, ?)", (sha256, when.isoformat())
        )


def _letter_waiting(store: OfflineStore, sha256: str) -> OutboxItem:
    """A decision on case-1 waiting in the outbox, its letter the blob ``sha256``."""
    return store.enqueue(
        NewWrite(
            kind="post_decision",
            method="POST",
            path="/api/v1/cases/case-1/decision",
            payload={"decision": {"outcome": "approved"}, "pdf_sha256": sha256},
            case_id="case-1",
        )
    )


def _last_used(store: OfflineStore, sha256: str) -> dt.datetime | None:
    row = store._db.execute("SELECT last_used FROM blob_use WHERE sha256 = ?", (sha256,)).fetchone()
    return None if row is None else dt.datetime.fromisoformat(row[0])


def _on_disk(store: OfflineStore, sha256: str) -> int:
    return store.blobs.path_for(sha256).stat().st_size


def _stored(store: OfflineStore) -> set[str]:
    return set(store.blobs.all())


def _days_ago(n: float) -> dt.datetime:
    return NOW - dt.timedelta(days=n)


def test_storing_and_reading_a_blob_records_its_use(store: OfflineStore) -> None:
    sha = _offline(store, 1, 10 * KB)
    store.record_blob_uses()
    stored_at = _last_used(store, sha)
    assert stored_at is not None and abs(stored_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)

    _used_at(store, sha, _days_ago(40))
    store.blobs.read_bytes(sha)  # as the case view's "Öppna" reads it (blobs.iter_chunks, any thread)
    store.record_blob_uses()
    read_at = _last_used(store, sha)
    assert read_at is not None and read_at > _days_ago(1)

    _used_at(store, sha, _days_ago(40))
    store.blobs.verify(sha)  # a check of the bytes is not a use
    store.record_blob_uses()
    assert _last_used(store, sha) == _days_ago(40)


def test_unused_documents_are_released_and_the_rest_kept(store: OfflineStore) -> None:
    old = _offline(store, 1, 30 * KB, last_used=_days_ago(100))
    recent = _offline(store, 2, 20 * KB, last_used=_days_ago(80))
    fresh = _offline(store, 3, 10 * KB)
    sizes = {sha: _on_disk(store, sha) for sha in (old, recent, fresh)}
    assert store.document_bytes() == sum(sizes.values())

    result = store.release_documents(unused_since=_days_ago(90), max_bytes=None)

    assert result == ReleaseResult(
        removed=1,
        freed_bytes=sizes[old],
        remaining_bytes=sizes[recent] + sizes[fresh],
        case_ids=frozenset({"case-1"}),
    )
    assert _stored(store) == {recent, fresh}
    assert not store.blobs.path_for(old).exists()
    assert store.document_bytes() == sizes[recent] + sizes[fresh]
    assert _last_used(store, old) is None  # its use is forgotten with it
    assert store.get_document("doc-1") is not None  # still listed: it can be downloaded again

    # nothing is older than a year: a second pass removes nothing
    assert store.release_documents(unused_since=_days_ago(365)).removed == 0


def test_over_the_size_limit_the_least_recently_used_go_first(store: OfflineStore) -> None:
    shas = [_offline(store, i, (i + 1) * 8 * KB) for i in range(5)]
    # used in this order, oldest first: 2, 0, 4, 1, 3
    for days, i in zip((50, 40, 30, 20, 10), (2, 0, 4, 1, 3), strict=True):
        _used_at(store, shas[i], _days_ago(days))
    sizes = [_on_disk(store, sha) for sha in shas]
    limit = sizes[1] + sizes[3] + 1  # room for the two most recently used only

    result = store.release_documents(unused_since=None, max_bytes=limit)

    assert _stored(store) == {shas[1], shas[3]}
    assert result.removed == 3
    assert result.freed_bytes == sizes[2] + sizes[0] + sizes[4]
    assert result.remaining_bytes == sizes[1] + sizes[3] <= limit
    # the limit met exactly: nothing more goes
    assert store.release_documents(max_bytes=sizes[1] + sizes[3]).removed == 0
    # a limit of zero: everything goes
    assert store.release_documents(max_bytes=0).remaining_bytes == 0
    assert _stored(store) == set()


def test_retention_first_then_the_size_limit(store: OfflineStore) -> None:
    _offline(store, 1, 4 * KB, last_used=_days_ago(400))
    _offline(store, 2, 40 * KB, last_used=_days_ago(5))
    newer = _offline(store, 3, 40 * KB, last_used=_days_ago(1))
    result = store.release_documents(unused_since=_days_ago(365), max_bytes=60 * KB)
    assert _stored(store) == {newer}
    assert result.removed == 2


def test_a_read_refreshes_the_last_use(store: OfflineStore) -> None:
    first = _offline(store, 1, 16 * KB, last_used=_days_ago(30))
    _offline(store, 2, 16 * KB, last_used=_days_ago(20))

    assert store.blobs.read_bytes(first) == _content(1, 16 * KB)  # now the most recently used

    store.release_documents(max_bytes=_on_disk(store, first))
    assert _stored(store) == {first}


def test_a_blob_without_a_recorded_use_counts_as_used_now_and_gets_a_record(
    store: OfflineStore,
) -> None:
    """A store from before uses were kept, or a repaired cache (the record goes with it): when a blob
    was last opened is unknown, so nothing is released on the spot -- not even one written long ago."""
    written_long_ago = _offline(store, 1, 8 * KB)
    store.record_blob_uses()
    with store.transaction() as conn:
        conn.execute("DELETE FROM blob_use")
    old = _days_ago(200).timestamp()
    os.utime(store.blobs.path_for(written_long_ago), (old, old))

    assert store.release_documents(unused_since=_days_ago(90)).removed == 0
    last = _last_used(store, written_long_ago)
    assert last is not None and last > _days_ago(1)  # from now on its retention runs


def test_blobs_an_unsent_write_needs_are_never_released(store: OfflineStore) -> None:
    document = _offline(store, 1, 12 * KB)
    # a decision letter waiting to be uploaded: the outbox names it; the cache may already list it
    letter_pdf = b"%PDF-1.7 beslut" * 500
    letter = store.blobs.put_bytes(letter_pdf)
    store.upsert_documents([_document(2, letter_pdf)])
    item = _letter_waiting(store, letter)
    lone = store.blobs.put_bytes(b"bytes no cached document refers to")
    for sha in (document, letter, lone):
        _used_at(store, sha, _days_ago(1000))
    outbox_before = store.list_outbox()

    assert store.document_bytes() == _on_disk(store, document)
    result = store.release_all_documents()
    assert result.removed == 1 and result.remaining_bytes == 0
    assert _stored(store) == {letter, lone}  # emptying the cache takes documents only
    # the retention sweep also takes bytes nothing refers to any more, once unused as long: not the letter
    assert store.release_documents(unused_since=NOW, max_bytes=0).removed == 1
    assert _stored(store) == {letter}
    assert store.list_outbox() == outbox_before  # the outbox is untouched

    # refused for good, the write is still the user's to retry: the letter stays
    store.mark_in_flight(item.id)
    store.mark_rejected(item.id, "422")
    assert store.release_all_documents().removed == 0
    # once the platform has the letter it is an ordinary document: it can be fetched again
    store.retry(item.id)
    store.mark_in_flight(item.id)
    store.mark_done(item.id)
    assert store.get_outbox_item(item.id).state is OutboxState.DONE
    assert store.release_all_documents().removed == 1
    assert _stored(store) == set()


def test_bytes_no_document_refers_to_go_after_the_retention_unless_a_write_needs_them(
    store: OfflineStore,
) -> None:
    """A document deleted on the platform leaves its bytes behind: the sweep takes them when they have
    been unused as long as a document would be -- not sooner (a resync may be about to list them again)."""
    old = store.blobs.put_bytes(b"a drawing the platform no longer lists")
    recent = store.blobs.put_bytes(b"bytes of a document a resync has not listed yet")
    named = store.blobs.put_bytes(b"%PDF a decision letter no document lists yet")
    _letter_waiting(store, named)
    _used_at(store, old, _days_ago(120))
    _used_at(store, recent, _days_ago(2))
    _used_at(store, named, _days_ago(500))
    old_size = _on_disk(store, old)

    result = store.release_documents(unused_since=_days_ago(90))
    assert result.removed == 1 and result.freed_bytes == old_size
    assert _stored(store) == {recent, named}
    assert result.remaining_bytes == 0  # no document bytes were counted: these were not documents
    assert store.release_documents(max_bytes=0).removed == 0  # the size limit counts documents only


def test_a_blob_shared_by_several_documents_is_counted_once(store: OfflineStore) -> None:
    data = _content(7, 24 * KB)
    store.upsert_documents([_document(1, data, "case-1"), _document(2, data, "case-2")])
    sha = store.blobs.put_bytes(data)
    assert store.document_bytes() == _on_disk(store, sha)
    result = store.release_all_documents()
    assert result.removed == 1 and result.case_ids == {"case-1", "case-2"}


def test_the_uses_of_blobs_gone_otherwise_are_forgotten(store: OfflineStore) -> None:
    kept = _offline(store, 1, 4 * KB)
    quarantined = _offline(store, 2, 4 * KB)
    store.record_blob_uses()
    store.blobs.path_for(quarantined).unlink()  # e.g. moved to quarantine after failing to decrypt
    assert store.release_documents(unused_since=_days_ago(1)).removed == 0
    assert _last_used(store, quarantined) is None and _last_used(store, kept) is not None


def test_uses_noted_after_the_last_record_are_kept_at_close(store_dir: Path, data_key: bytes) -> None:
    with OfflineStore.open(store_dir, data_key, user_id="u-anna") as store:
        sha = _offline(store, 1, 4 * KB, last_used=_days_ago(50))
        store.blobs.read_bytes(sha)
    with OfflineStore.open(store_dir, data_key, user_id="u-anna") as store:
        last = _last_used(store, sha)
        assert last is not None and last > _days_ago(1)


def test_an_older_store_gets_the_table_and_its_blobs_count_from_their_files(
    store_dir: Path, data_key: bytes
) -> None:
    store_dir.mkdir(parents=True)
    with sqlite3.connect(store_dir / "cache.db", isolation_level=None) as conn:
        migrate(conn, CACHE_MIGRATIONS[:1])  # a store written by the version before blob_use
    conn.close()
    with OfflineStore.open(store_dir, data_key, user_id="u-anna") as store:
        assert user_version(store._db) == len(CACHE_MIGRATIONS)
        sha = _offline(store, 1, 4 * KB)
        assert store.release_documents(unused_since=_days_ago(1)).removed == 0
        assert _stored(store) == {sha}


@pytest.mark.asyncio
async def test_the_async_store_records_uses_and_releases_off_the_loop(tmp_path: Path) -> None:
    store = await AsyncStore.open(tmp_path / "store", os.urandom(32), user_id="u-anna")
    try:
        data = [_content(i, 20 * KB) for i in range(3)]
        await store.upsert_documents([_document(i, d, f"case-{i}") for i, d in enumerate(data)])
        shas = [await store.put_blob(d) for d in data]
        await store.run(lambda s: [_used_at(s, sha, _days_ago(10 - i)) for i, sha in enumerate(shas)])

        # a reader of the blobs directly (the case view's viewer copy) counts too
        assert b"".join(store.blobs.iter_chunks(shas[0])) == data[0]
        assert await store.has_blob(shas[1])  # not a use itself; records the read above
        assert await store.read_blob(shas[2]) == data[2]

        size = await store.document_bytes()
        one = size // 3
        result = await store.release_documents(unused_since=None, max_bytes=2 * one)
        assert result.removed == 1 and result.case_ids == {"case-1"}  # the one not read
        assert not await store.has_blob(shas[1])
        assert (await store.release_all_documents()).remaining_bytes == 0
        assert await store.document_bytes() == 0
    finally:
        await store.close()


def test_the_plan() -> None:
    def blob(name: str, size: int, days: float) -> DocumentBlob:
        return DocumentBlob(name * 64, size, _days_ago(days))

    a, b, c = blob("a", 10, 30), blob("b", 20, 20), blob("c", 30, 10)
    assert plan([c, a, b], unused_since=None, max_bytes=None) == []
    assert plan([c, a, b], unused_since=_days_ago(25), max_bytes=None) == [a]
    assert plan([c, a, b], unused_since=None, max_bytes=30) == [a, b]
    assert plan([c, a, b], unused_since=_days_ago(25), max_bytes=30) == [a, b]
    assert plan([c, a, b], unused_since=None, max_bytes=60) == []
    assert plan([c, a, b], unused_since=None, max_bytes=0) == [a, b, c]
    assert sorted(named_blobs({"x": ["a" * 64, {"y": "b" * 64}], "n": 1, "s": "A" * 64})) == [
        "a" * 64,
        "b" * 64,
    ]


def test_bytes_stored_again_while_a_release_runs_are_kept(store: OfflineStore) -> None:
    """A release decides on the uses it read; the same bytes stored again (a decision letter put a
    second time) after that are a new use: the release leaves them, so the write never points at
    nothing."""
    data = _content(1, 16 * KB)
    sha = _offline(store, 1, 16 * KB)
    assert store.blobs.put_bytes(data) == sha
    store.record_blob_uses()  # what a release reads first
    assert store.blobs.put_bytes(data) == sha  # ... and meanwhile, on another thread
    assert not store.blobs.release(sha)
    assert store.blobs.contains(sha)
    store.record_blob_uses()
    assert store.blobs.release(sha)
    assert not store.blobs.contains(sha)
    assert store.blobs.put_bytes(data) == sha and store.blobs.contains(sha)  # stored anew when gone

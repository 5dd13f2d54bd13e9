"""What the sync engine added to the offline store: the base of a write, rebasing, releasing a claim,
editing a refused write, ETags from the representation, and the schema step that adds the base column."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from caseworker.store import Conflict, InvalidTransition, NewWrite, OfflineStore, OutboxState, schema
from caseworker.store.store import OUTBOX_FILE
from tests.caseworker.store.factories import full_case


@pytest.fixture
def store(tmp_path: Path) -> Iterator[OfflineStore]:
    s = OfflineStore.open(tmp_path / "store", os.urandom(32), user_id="u-anna")
    yield s
    s.close()


def _patch(base: dict | None = None, if_match: str | None = '"v1"') -> NewWrite:
    return NewWrite(
        kind="patch_case",
        method="PATCH",
        path="/api/v1/cases/case-000001",
        payload={"status": "complete"},
        if_match=if_match,
        case_id="case-000001",
        base=base,
    )


def test_the_base_is_kept_sealed_and_becomes_theirs_when_a_conflict_is_resolved(store: OfflineStore) -> None:
    item = store.enqueue(_patch(base={"status": "received", "version": 1}))
    assert item.base == {"status": "received", "version": 1}
    store.mark_in_flight(item.id)
    theirs = {"status": "under_review", "version": 2}
    store.mark_conflict(
        item.id, Conflict(base=item.base, theirs=theirs, ours=item.payload, their_etag='"v2"')
    )
    resolved = store.resolve_conflict(item.id, item.payload, '"v2"')
    assert resolved.base == theirs and resolved.if_match == '"v2"'
    assert resolved.idempotency_key != item.idempotency_key
    raw = b"".join(
        bytes(v) for row in store._db.execute("SELECT base FROM ob.outbox").fetchall() for v in row if v
    )
    assert b"received" not in raw and b"under_review" not in raw  # sealed, not plaintext


def test_rebase_moves_only_pending_items_and_keeps_their_key(store: OfflineStore) -> None:
    item = store.enqueue(_patch())
    moved = store.rebase_pending(item.id, if_match='"v2"', path="/api/v1/cases/case-000002", base={"v": 2})
    assert (moved.if_match, moved.path, moved.base) == ('"v2"', "/api/v1/cases/case-000002", {"v": 2})
    assert moved.idempotency_key == item.idempotency_key
    store.mark_in_flight(item.id)
    with pytest.raises(InvalidTransition):
        store.rebase_pending(item.id, if_match='"v3"')


def test_release_puts_a_claimed_item_back_as_never_sent(store: OfflineStore) -> None:
    item = store.enqueue(_patch())
    assert store.mark_in_flight(item.id).attempts == 1
    store.release(item.id)
    back = store.get_outbox_item(item.id)
    assert back.state is OutboxState.PENDING and back.attempts == 0
    store.discard(item.id)  # never sent: may be discarded


def test_retry_may_replace_payload_base_and_if_match(store: OfflineStore) -> None:
    item = store.enqueue(_patch(base={"version": 1}))
    store.mark_in_flight(item.id)
    store.mark_rejected(item.id, "Otillåten statusändring")
    again = store.retry(item.id, payload={"status": "referral"}, if_match='"v5"', base={"version": 5})
    assert again.state is OutboxState.PENDING and again.payload == {"status": "referral"}
    assert (again.if_match, again.base) == ('"v5"', {"version": 5})
    assert again.idempotency_key != item.idempotency_key


def test_a_cases_own_etag_field_is_stored_as_its_etag(store: OfflineStore) -> None:
    case = full_case(1, applicant="Ada Berg", personnummer="19800101-1234")
    store.upsert_cases([case.model_copy(update={"etag": '"case-v3"'})])
    assert store.case_etag(case.id) == '"case-v3"'
    store.upsert_cases([case], etags={case.id: '"from-header"'})  # the header's ETag when given
    assert store.case_etag(case.id) == '"from-header"'


def test_an_outbox_from_before_the_base_column_is_migrated(tmp_path: Path) -> None:
    directory, key = tmp_path / "store", os.urandom(32)
    with OfflineStore.open(directory, key, user_id="u") as s:
        old = s.enqueue(_patch())
    with contextlib.closing(sqlite3.connect(directory / OUTBOX_FILE, isolation_level=None)) as conn:
        # back to schema 1 with one queued write, as an older Caseworker left it
        conn.execute("ALTER TABLE outbox DROP COLUMN acted_at")  # schema 5
        conn.execute("DROP TABLE draft")  # schema 4
        conn.execute("ALTER TABLE outbox DROP COLUMN platform_reason")  # schema 3
        conn.execute("ALTER TABLE outbox DROP COLUMN base")
        conn.execute("PRAGMA user_version = 1")
    with OfflineStore.open(directory, key, user_id="u") as s:
        kept = s.get_outbox_item(old.id)
        assert kept.acted_at is None and kept.acted == kept.created_at  # queued when the user acted
        item = s.enqueue(_patch(base={"version": 7}))
        assert s.get_outbox_item(item.id).base == {"version": 7}
        assert item.acted_at is not None and item.acted_at.utcoffset() is not None
        assert schema.user_version(s._db, "ob") == len(schema.OUTBOX_MIGRATIONS)

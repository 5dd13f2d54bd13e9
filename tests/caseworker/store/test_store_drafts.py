"""Drafts of user work: kept in outbox.db across a restart and a damaged cache, sealed at rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseworker.store import DecryptionFailed, OfflineStore, WrongDataKey
from caseworker.store.drafts import delete_draft, draft_keys, load_draft, save_draft

REASONS = "Åtgärden följer detaljplanen; grannen på Björken 4:13 har inget att invända."


def test_a_draft_survives_closing_and_reopening_and_can_be_replaced_and_deleted(
    store_dir: Path, data_key: bytes
) -> None:
    with OfflineStore.open(store_dir, data_key, user_id="u-anna") as store:
        assert load_draft(store, "decision", "case-1") is None
        save_draft(store, "decision", "case-1", {"reasons": "första"})
        save_draft(store, "decision", "case-1", {"reasons": REASONS, "conditions": ["Ett", "Två"]})
        save_draft(store, "decision", "case-2", {"reasons": "annat"})
    with OfflineStore.open(store_dir, data_key, user_id="u-anna") as store:
        assert load_draft(store, "decision", "case-1") == {"reasons": REASONS, "conditions": ["Ett", "Två"]}
        assert sorted(draft_keys(store, "decision")) == ["case-1", "case-2"]
        delete_draft(store, "decision", "case-1")
        assert load_draft(store, "decision", "case-1") is None
        assert draft_keys(store, "decision") == ["case-2"]


def test_a_draft_is_sealed_at_rest_and_bound_to_its_case(store_dir: Path, data_key: bytes) -> None:
    with OfflineStore.open(store_dir, data_key, user_id="u-anna") as store:
        save_draft(store, "decision", "case-1", {"reasons": REASONS})
        # a sealed value moved to another case's row does not open there
        store._db.execute(
            "INSERT INTO ob.draft (kind, key, updated_at, data)"
            " SELECT kind, 'case-9', updated_at, data FROM ob.draft WHERE key = 'case-1'"
        )
        with pytest.raises(DecryptionFailed):
            load_draft(store, "decision", "case-9")
    raw = b"".join(p.read_bytes() for p in store_dir.glob("outbox.db*"))
    assert "Björken".encode() not in raw and b"detaljplanen" not in raw
    with pytest.raises(WrongDataKey):
        OfflineStore.open(store_dir, bytes(32), user_id="u-anna")


def test_drafts_survive_a_damaged_cache(store_dir: Path, data_key: bytes) -> None:
    with OfflineStore.open(store_dir, data_key, user_id="u-anna") as store:
        save_draft(store, "decision", "case-1", {"reasons": REASONS})
    (store_dir / "cache.db").write_bytes(b"this is not a database" * 100)
    with OfflineStore.open(store_dir, data_key, user_id="u-anna") as store:
        assert store.open_result.recovered_from_corruption
        assert load_draft(store, "decision", "case-1") == {"reasons": REASONS}

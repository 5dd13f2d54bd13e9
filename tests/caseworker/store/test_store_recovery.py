"""Damaged files are quarantined and replaced; the outbox survives a damaged cache; wrong keys refuse."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from caseworker.auth.secrets import SERVICE, KeyringSecretStore, data_key_account
from caseworker.paths import AppPaths
from caseworker.store import (
    CaseQuery,
    NewWrite,
    OfflineStore,
    OutboxState,
    StoreCorrupted,
    WrongDataKey,
    check_cache_file,
    request_check_at_open,
)
from caseworker.store.store import CACHE_FILE, OUTBOX_FILE, QUARANTINE_DIR
from caseworker.store.user import open_for_user
from tests.caseworker.store.factories import many, summary
from tests.caseworker.store.factories import user as factory_user

USER = factory_user(id="u")


def _fill(store: OfflineStore) -> str:
    store.set_user(USER)
    store.upsert_cases(many(300))
    store.put_secret("refresh_token", "rt-secret")
    store.set_bookmark("case-000001")
    return store.enqueue(
        NewWrite(
            kind="add_note", method="POST", path="/api/v1/cases/case-000001/notes", payload={"text": "x"}
        )
    ).id


def _overwrite_header(path: Path) -> None:
    with open(path, "r+b") as f:
        f.write(b"this is not SQLite" * 6)


def _overwrite_interior(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(size // 2 - size // 2 % 4096)
        # not random bytes: by chance those can make pages that still parse, and the damage then went unseen
        # in about one run in three; 0xFF is no valid page type and no page number of this file
        f.write(b"\xff" * (4096 * 3))


def _overwrite_all_but_the_header(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(4096)
        f.write(b"\xff" * (size - 4096))


def _quarantined_names(directory: Path) -> list[str]:
    return sorted(p.name for p in (directory / QUARANTINE_DIR).rglob("*") if p.is_file())


@pytest.mark.parametrize("damage", [_overwrite_header, _overwrite_interior], ids=["header", "interior"])
def test_corrupt_cache_is_quarantined_and_the_outbox_kept(store_dir: Path, data_key: bytes, damage) -> None:  # type: ignore[no-untyped-def]
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        item_id = _fill(store)
    damage(store_dir / CACHE_FILE)
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        result = store.open_result
        assert result.recovered_from_corruption and not result.outbox_recovered_from_corruption
        assert CACHE_FILE in _quarantined_names(store_dir)
        assert all(p.exists() for p in result.quarantined)
        assert store.count(CaseQuery()) == 0  # fresh cache: resync
        assert store.get_outbox_item(item_id).state is OutboxState.PENDING  # user work kept
        assert store.get_secret("refresh_token") == "rt-secret"
        assert store.bookmarks() == {"case-000001"}
        assert store.get_user() == USER  # so the app still starts offline and reaches the outbox
        store.upsert_cases([summary(1)])  # and the new cache works
        assert store.count(CaseQuery()) == 1
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        assert not store.open_result.recovered_from_corruption


def test_check_integrity_on_demand(store_dir: Path, data_key: bytes) -> None:
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        _fill(store)
    with OfflineStore.open(store_dir, data_key, user_id="u", check_integrity=False) as store:
        assert store.check_integrity()
    _overwrite_interior(store_dir / CACHE_FILE)
    with OfflineStore.open(store_dir, data_key, user_id="u", check_integrity=False) as store:
        assert not store.open_result.recovered_from_corruption  # not looked at yet
        try:
            healthy = store.check_integrity()
        except StoreCorrupted:
            healthy = False
        assert not healthy
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        assert store.open_result.recovered_from_corruption


def test_damage_seen_in_the_background_is_repaired_at_the_next_open(store_dir: Path, data_key: bytes) -> None:
    """The app opens the cache unchecked and checks it beside the open store; what it finds is repaired
    by the next open, and the outbox is kept."""
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        item_id = _fill(store)
    _overwrite_interior(store_dir / CACHE_FILE)
    with OfflineStore.open(store_dir, data_key, user_id="u", check_integrity=False) as store:
        assert not store.open_result.recovered_from_corruption
        assert store.get_outbox_item(item_id).state is OutboxState.PENDING
        assert check_cache_file(store_dir) is False  # while the store is open, on another connection
        request_check_at_open(store_dir)
    with OfflineStore.open(store_dir, data_key, user_id="u", check_integrity=False) as store:
        assert store.open_result.recovered_from_corruption  # checked although not asked to
        assert CACHE_FILE in _quarantined_names(store_dir)
        assert store.get_outbox_item(item_id).state is OutboxState.PENDING
        assert check_cache_file(store_dir) is True
    with OfflineStore.open(store_dir, data_key, user_id="u", check_integrity=False) as store:
        assert not store.open_result.recovered_from_corruption  # the request was used up


def test_a_user_kept_by_an_older_version_survives_a_later_repair(store_dir: Path, data_key: bytes) -> None:
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        item_id = _fill(store)
        with store.transaction() as conn:  # as an older version kept it: in the cache only
            conn.execute("INSERT INTO main.meta SELECT key, value FROM ob.meta WHERE key = 'user'")
            conn.execute("DELETE FROM ob.meta WHERE key = 'user'")
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:  # the upgraded app opens it
        assert store.get_user() == USER
    _overwrite_interior(store_dir / CACHE_FILE)
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        assert store.open_result.recovered_from_corruption
        assert store.get_user() == USER  # still starts offline, and reaches the outbox
        assert store.get_outbox_item(item_id).state is OutboxState.PENDING


def test_corrupt_outbox_is_quarantined_and_reported(store_dir: Path, data_key: bytes) -> None:
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        _fill(store)
    _overwrite_header(store_dir / OUTBOX_FILE)
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        assert store.open_result.outbox_recovered_from_corruption
        assert not store.open_result.recovered_from_corruption
        assert OUTBOX_FILE in _quarantined_names(store_dir)
        assert store.list_outbox() == []
        assert store.count(CaseQuery()) == 300  # the cache was fine


def test_damage_found_while_open_is_a_typed_error(store_dir: Path, data_key: bytes) -> None:
    store = OfflineStore.open(store_dir, data_key, user_id="u")
    try:
        store.upsert_cases(many(300))
        store._db.execute("PRAGMA cache_size = 0")  # make SQLite read pages from disk
        _overwrite_all_but_the_header(store_dir / CACHE_FILE)  # whichever pages the reads below touch
        with pytest.raises(StoreCorrupted, match="Close and reopen"):
            for offset in range(0, 300, 20):
                store.rows(CaseQuery(), offset, 20)
                store.ids(CaseQuery(text="a"))
                store.case_versions()
    finally:
        store.close()
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        assert store.open_result.recovered_from_corruption


def test_wrong_key_refuses_and_changes_nothing(store_dir: Path, data_key: bytes) -> None:
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        _fill(store)
    before = {p.name: p.read_bytes() for p in store_dir.iterdir() if p.is_file()}
    with pytest.raises(WrongDataKey, match="does not open this offline store"):
        OfflineStore.open(store_dir, os.urandom(32), user_id="u")
    assert {p.name: p.read_bytes() for p in store_dir.iterdir() if p.is_file()} == before
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        assert store.count(CaseQuery()) == 300


def test_wipe_after_wrong_key_starts_over(store_dir: Path, data_key: bytes) -> None:
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        _fill(store)
    OfflineStore.wipe(store_dir, keep_outbox=False)
    new_key = os.urandom(32)
    with OfflineStore.open(store_dir, new_key, user_id="u") as store:
        assert store.open_result.created
        assert store.count(CaseQuery()) == 0 and store.list_outbox() == []


def test_wipe_keeping_the_outbox(store_dir: Path, data_key: bytes) -> None:
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        item_id = _fill(store)
        store.blobs.put_bytes(b"drawing")
        with store.blobs.open_download("0" * 64, 100) as download:
            download.write(b"half a drawing")  # a download that broke off
    OfflineStore.wipe(store_dir, keep_outbox=True)
    assert not (store_dir / "incoming").exists()
    with OfflineStore.open(store_dir, data_key, user_id="u") as store:
        assert store.count(CaseQuery()) == 0 and list(store.blobs.all()) == []
        assert store.get_outbox_item(item_id).state is OutboxState.PENDING


async def test_one_store_and_one_key_per_user_and_platform(
    tmp_path: Path, memory_keyring_backend: object
) -> None:
    paths = AppPaths.under(tmp_path)
    secrets = KeyringSecretStore()
    opened = {}
    for platform, user in [
        ("https://platform.example.se", "u-anna"),
        ("https://platform.example.se", "u-bo"),
        ("https://training.example.se", "u-anna"),
    ]:
        store = await open_for_user(paths, secrets, platform, user)  # as the app opens it
        assert store is not None
        await store.upsert_cases([summary(len(opened) + 1, applicant_name=f"Sökande {user} {platform}")])
        opened[(platform, user)] = store
    try:
        directories = {s.directory for s in opened.values()}
        assert len(directories) == 3 and all(d.parent == paths.stores for d in directories)
        keys = {secrets.get_data_key(SERVICE, data_key_account(p, u)) for (p, u) in opened}
        assert len(keys) == 3
        for store in opened.values():
            assert await store.count(CaseQuery()) == 1  # never another user's cases
    finally:
        for store in opened.values():
            await store.close()
    again = await open_for_user(paths, secrets, "https://PLATFORM.example.se/", "u-anna")
    assert again is not None
    try:
        assert again.directory == opened[("https://platform.example.se", "u-anna")].directory
        assert await again.count(CaseQuery()) == 1
    finally:
        await again.close()
    # the same folder opened with another user's key is refused
    key_bo = secrets.get_data_key(SERVICE, data_key_account("https://platform.example.se", "u-bo"))
    assert key_bo is not None
    with pytest.raises(WrongDataKey):
        OfflineStore.open(again.directory, key_bo, user_id="u-anna")

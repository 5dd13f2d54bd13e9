"""A local copy the data key cannot open never locks the user out (QUALITY.md Security): it is set
aside, the store starts afresh in the same folder, and the number of unsent changes that could not be
kept is known without the key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from caseworker.store import AsyncStore, NewWrite, OutboxState, WrongDataKey
from caseworker.store.base import BLOBS_DIR, OUTBOX_FILE, QUARANTINE_DIR
from caseworker.store.lockout import count_unsent, open_or_start_afresh

USER = "u-anna"


def note(case_id: str) -> NewWrite:
    return NewWrite("add_note", "POST", f"/cases/{case_id}/notes", {"text": "Anteckning"}, case_id=case_id)


async def _a_session_with_unsent_work(directory: Path, key: bytes) -> None:
    """Two notes waiting, one refused by the platform, one sent; a document kept offline."""
    store = await AsyncStore.open(directory, key, user_id=USER)
    try:
        for case_id in ("c1", "c2", "c3", "c4"):
            await store.enqueue(note(case_id))
        refused = await store.next_pending()
        assert refused is not None
        await store.mark_in_flight(refused.id)
        await store.mark_rejected(refused.id, "Ärendet är avslutat")
        sent = await store.next_pending()
        assert sent is not None
        await store.mark_in_flight(sent.id)
        await store.mark_done(sent.id)
        await store.put_blob(b"%PDF-1.7 an application naming people")
    finally:
        await store.close()


async def test_a_copy_the_key_cannot_open_is_set_aside_and_the_store_starts_afresh(tmp_path: Path) -> None:
    directory = tmp_path / "store"
    await _a_session_with_unsent_work(directory, os.urandom(32))  # a session-only key, gone since
    new_key = os.urandom(32)
    with pytest.raises(WrongDataKey):  # what locked the user out
        await AsyncStore.open(directory, new_key, user_id=USER)

    store, aside = await open_or_start_afresh(directory, new_key, user_id=USER)
    try:
        assert aside is not None
        assert aside.unsent == 3  # two waiting, one refused; the sent one is not a loss
        assert aside.folder is not None and aside.folder.parent == directory / QUARANTINE_DIR
        assert (aside.folder / OUTBOX_FILE).exists()  # set aside, not deleted
        counts = await store.outbox_counts()
        assert sum(counts.values()) == 0 and counts.get(OutboxState.PENDING, 0) == 0
        assert not any((directory / BLOBS_DIR).rglob("*")), "documents sealed with the lost key are gone"
    finally:
        await store.close()

    store, aside = await open_or_start_afresh(directory, new_key, user_id=USER)  # the next start: normal
    await store.close()
    assert aside is None


async def test_a_store_the_key_opens_is_left_alone(tmp_path: Path) -> None:
    directory, key = tmp_path / "store", os.urandom(32)
    await _a_session_with_unsent_work(directory, key)
    store, aside = await open_or_start_afresh(directory, key, user_id=USER)
    try:
        assert aside is None
        assert (await store.outbox_counts())[OutboxState.PENDING] == 2
    finally:
        await store.close()
    assert count_unsent(directory / OUTBOX_FILE) == 3


def test_an_outbox_that_is_not_a_database_is_counted_as_unknown(tmp_path: Path) -> None:
    damaged = tmp_path / OUTBOX_FILE
    damaged.write_bytes(b"not a database" * 100)
    assert count_unsent(damaged) is None
    assert count_unsent(tmp_path / "none.db") == 0

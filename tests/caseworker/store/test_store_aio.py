"""The asyncio facade: all database work on one worker thread, the loop stays free."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from caseworker.domain.models import CaseSummary
from caseworker.drawings import PixelImage, PixelRect, PreviewCache
from caseworker.drawings.images import Placement
from caseworker.store import (
    AsyncStore,
    CaseQuery,
    LocalChange,
    NewWrite,
    OfflineStore,
    OutboxState,
    SortKey,
    StoreClosed,
)
from caseworker.store.crypto import StoreKeys
from tests.caseworker.store.factories import full_case, many


@pytest.mark.asyncio
async def test_async_facade_round_trip(tmp_path: Path) -> None:
    store = await AsyncStore.open(tmp_path, b"a" * 32, user_id="u-anna")
    try:
        assert store.open_result.created
        case = full_case(1, applicant="Anna Svensson", personnummer="19811218-9876")
        await store.upsert_cases([case, *many(200)])
        assert await store.get_case(case.id) == case
        query = CaseQuery(sort=SortKey.REGISTRATION_NUMBER)
        count, rows = await asyncio.gather(store.count(query), store.rows(query, 0, 50))
        assert count == 200 and len(rows) == 50  # many(200) reuses case-000001's id
        item = await store.enqueue(
            NewWrite(
                kind="add_note", method="POST", path="/api/v1/cases/x/notes", payload={"t": 1}, case_id="x"
            ),
            LocalChange(),
        )
        assert (await store.next_pending()) == item
        await store.mark_in_flight(item.id)
        await store.mark_done(item.id)
        assert (await store.outbox_counts())[OutboxState.DONE] == 1
        sha = await store.put_blob(b"drawing bytes")
        assert await store.read_blob(sha) == b"drawing bytes" and await store.has_blob(sha)
        await store.put_secret("access_token", "at")
        assert await store.get_secret("access_token") == "at"
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_all_calls_run_on_one_thread_that_is_not_the_loop(tmp_path: Path) -> None:
    store = await AsyncStore.open(tmp_path, b"a" * 32, user_id="u")
    try:
        loop_thread = threading.get_ident()
        threads = await asyncio.gather(*(store.run(lambda s: threading.get_ident()) for _ in range(20)))
        assert len(set(threads)) == 1 and threads[0] != loop_thread

        # while the worker is busy, the event loop keeps running
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.001)

        task = asyncio.create_task(ticker())
        await store.upsert_cases(many(3000))
        task.cancel()
        assert ticks > 5
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_a_batch_given_as_a_generator_is_read_on_the_callers_thread(tmp_path: Path) -> None:
    """A generator may read what only the event loop's thread may touch: the facade lists it there."""
    store = await AsyncStore.open(tmp_path, b"a" * 32, user_id="u")
    read_on: set[int] = set()

    def cases(n: int) -> Iterator[CaseSummary]:
        for case in many(n):
            read_on.add(threading.get_ident())
            yield case

    try:
        assert await store.upsert_cases(cases(3)) == 3
        assert await store.upsert_cases(cases=cases(2)) == 2  # by keyword too
        assert read_on == {threading.get_ident()}
        assert await store.delete_cases(c.id for c in many(2)) == 2
        assert await store.count(CaseQuery()) == 1
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_errors_reach_the_caller_and_closed_means_closed(tmp_path: Path) -> None:
    store = await AsyncStore.open(tmp_path, b"a" * 32, user_id="u")
    with pytest.raises(ValueError):
        await store.rows(CaseQuery(), -1, 10)
    await store.close()
    # The worker is gone: a typed store error (the UI has words for it; a screen still reloading after a
    # sign-out gets it), not the thread pool's RuntimeError, which the UI must treat as a bug.
    with pytest.raises(StoreClosed):
        await store.count(CaseQuery())
    with pytest.raises(StoreClosed):
        await store.run(lambda s: s.count(CaseQuery()))


def test_sync_store_refuses_other_threads(tmp_path: Path) -> None:
    store = OfflineStore.open(tmp_path, b"a" * 32, user_id="u")
    errors: list[BaseException] = []
    worker = threading.Thread(target=lambda: _capture(errors, lambda: store.count(CaseQuery())))
    worker.start()
    worker.join()
    store.close()
    assert errors and "thread" in str(errors[0]).lower()


def _capture(errors: list[BaseException], fn: object) -> None:
    try:
        fn()  # type: ignore[operator]
    except BaseException as exc:
        errors.append(exc)


@pytest.mark.asyncio
async def test_preview_key_is_derived_and_opens_previews_only_with_it(
    tmp_path: Path,
) -> None:
    data_key = b"a" * 32
    store = await AsyncStore.open(tmp_path / "anna", data_key, user_id="u-anna")
    try:
        key = store.preview_key
        keys = StoreKeys.derive(data_key)
        assert len(key) == 32 and key != data_key
        assert key not in (keys.fields, keys.blobs, keys.search), "a key of its own"
        assert store.previews_dir.parent == store.directory
        sha = "ab" * 32
        pixels = bytearray(b"\x10\x20\x30\xff" * 64)
        image = PixelImage(8, 8, 32, Placement(0, 0.5, 0, PixelRect(0, 0, 8, 8), (8, 8)), pixels)
        PreviewCache(store.previews_dir, key).store(sha, 0, 0, image)
        [sealed] = store.previews_dir.rglob("*.cwprev")
        assert bytes(pixels[:16]) not in sealed.read_bytes(), "encrypted at rest"
        again = PreviewCache(store.previews_dir, key).load(sha, 0, 0)
        assert again is not None and bytes(again.pixels) == bytes(pixels)
    finally:
        await store.close()
    other = await AsyncStore.open(tmp_path / "bo", b"b" * 32, user_id="u-bo")
    try:
        assert other.preview_key != key
        assert PreviewCache(store.previews_dir, other.preview_key).load(sha, 0, 0) is None, "another key"
    finally:
        await other.close()
    OfflineStore.wipe(tmp_path / "anna")
    assert not (tmp_path / "anna" / "previews").exists(), "wiping the store removes the previews"

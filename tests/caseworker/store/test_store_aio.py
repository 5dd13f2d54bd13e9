"""The asyncio facade: all database work on one worker thread, the loop stays free."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from caseworker.store import AsyncStore, CaseQuery, LocalChange, NewWrite, OfflineStore, OutboxState, SortKey
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
async def test_errors_reach_the_caller_and_closed_means_closed(tmp_path: Path) -> None:
    store = await AsyncStore.open(tmp_path, b"a" * 32, user_id="u")
    with pytest.raises(ValueError):
        await store.rows(CaseQuery(), -1, 10)
    await store.close()
    with pytest.raises(RuntimeError):  # the worker is gone
        await store.count(CaseQuery())


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

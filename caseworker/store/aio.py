"""The asyncio face of the offline store.

SQLite calls block. The UI runs asyncio on the Qt thread (qasync), so the store's database work runs on
ONE dedicated worker thread that owns the one connection (SQLite connections are bound to the thread
that made them). Each call is submitted to a ``ThreadPoolExecutor(max_workers=1)`` and awaited with
``asyncio.wrap_future``: calls run one at a time, in the order they were made, and the event loop never
waits on SQLite.

Blob reads and writes (tens of MB for a drawing) run on asyncio's default thread pool instead
(``asyncio.to_thread``), so decrypting a drawing never holds up queue queries.

Cancelling an awaiting coroutine does not stop a call already running on the worker; it finishes and
its result is dropped. Keep calls short (a page of rows, one transaction of a sync page).

Using a blob counts (for releasing documents kept offline): the blob store notes every store, download
and read in memory, from whichever thread; after each blob call here the store records the noted uses
in its database on its own thread, without the caller waiting for it.

For a combination not covered here, :meth:`AsyncStore.run` runs any function of the synchronous store
on the worker thread: ``await store.run(lambda s: (s.count(q), s.rows(q, 0, 50)))``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, cast, overload

from caseworker.store.blobs import BlobStore, PartialDownload
from caseworker.store.errors import StoreClosed
from caseworker.store.outbox import OutboxItem
from caseworker.store.release import ReleaseResult
from caseworker.store.store import LocalChange, OfflineStore, StoreOpenResult

log = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")


class on_store_thread(Generic[P, T]):
    """An :class:`AsyncStore` method that runs the :class:`OfflineStore` method of the same name (same
    parameters) on the store's thread: ``get_case = on_store_thread(OfflineStore.get_case)``.

    With ``batch`` the first argument is an iterable (of rows or ids) that is made a list here, on the
    caller's thread: a generator may read what only the event loop's thread may touch."""

    def __init__(self, method: Callable[Concatenate[OfflineStore, P], T], *, batch: bool = False) -> None:
        self._name = method.__name__
        self._batch = list(inspect.signature(method).parameters)[1] if batch else None

    def __set_name__(self, owner: type, name: str) -> None:
        if name != self._name:
            raise TypeError(f"AsyncStore.{name} must run OfflineStore.{name}, not {self._name}")

    @overload
    def __get__(self, store: None, owner: type | None = None) -> on_store_thread[P, T]: ...

    @overload
    def __get__(self, store: AsyncStore, owner: type | None = None) -> Callable[P, Awaitable[T]]: ...

    def __get__(
        self, store: AsyncStore | None, owner: type | None = None
    ) -> on_store_thread[P, T] | Callable[P, Awaitable[T]]:
        if store is None:  # looked up on the class (documentation, monkeypatching)
            return self
        method: Callable[P, T] = getattr(store._store, self._name)

        batch = self._batch

        async def on_thread(*args: P.args, **kwargs: P.kwargs) -> T:
            if batch is None:
                return await store._call(method, *args, **kwargs)
            given: tuple[Any, ...] = args
            named: dict[str, Any] = dict(kwargs)
            if given:
                given = (list(given[0]), *given[1:])
            else:
                named[batch] = list(named[batch])
            return await store._call(cast(Callable[..., T], method), *given, **named)

        on_thread.__name__ = on_thread.__qualname__ = self._name
        return on_thread


class AsyncStore:
    """Async facade over :class:`OfflineStore`; create with ``await AsyncStore.open(...)``. Methods that only
    hand their arguments on to the store's method of the same name are ``on_store_thread`` attributes."""

    def __init__(self, store: OfflineStore, executor: ThreadPoolExecutor) -> None:
        self._store = store
        self._executor = executor

    @classmethod
    async def open(
        cls, directory: Path, data_key: bytes, *, user_id: str, check_integrity: bool = True
    ) -> AsyncStore:
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caseworker-store")
        try:
            store = await asyncio.wrap_future(
                executor.submit(
                    OfflineStore.open, directory, data_key, user_id=user_id, check_integrity=check_integrity
                )
            )
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return cls(store, executor)

    @property
    def open_result(self) -> StoreOpenResult:
        return self._store.open_result

    @property
    def user_id(self) -> str:
        return self._store.user_id

    @property
    def directory(self) -> Path:
        return self._store.directory

    @property
    def blobs(self) -> BlobStore:
        """The blob store (thread-safe; prefer the async ``*_blob`` methods from the event loop)."""
        return self._store.blobs

    @property
    def preview_key(self) -> bytes:
        """The key for the drawing viewer's preview cache: derived from the data key (HKDF, its own
        label), never the data key itself nor a key of the database or the blobs."""
        return self._store.preview_key

    @property
    def previews_dir(self) -> Path:
        """Where the drawing viewer keeps its encrypted previews (removed with the store's other caches)."""
        return self._store.previews_dir

    async def _call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            future = self._executor.submit(fn, *args, **kwargs)
        except RuntimeError as exc:  # the executor was shut down: the store is closed
            raise StoreClosed("the offline store is closed") from exc
        return await asyncio.wrap_future(future)

    async def run(self, fn: Callable[[OfflineStore], T]) -> T:
        """Run ``fn(store)`` on the store's thread (several calls in one hop, or one transaction)."""
        return await self._call(fn, self._store)

    async def close(self) -> None:
        """Close the connection on its own thread and stop the worker."""
        try:
            await self._call(self._store.close)
        finally:
            self._executor.shutdown(wait=True)

    # --- cases and the queue -----------------------------------------------------------------------

    upsert_cases = on_store_thread(OfflineStore.upsert_cases, batch=True)
    delete_cases = on_store_thread(OfflineStore.delete_cases, batch=True)
    get_case = on_store_thread(OfflineStore.get_case)
    get_case_summary = on_store_thread(OfflineStore.get_case_summary)
    case_etag = on_store_thread(OfflineStore.case_etag)
    count = on_store_thread(OfflineStore.count)
    rows = on_store_thread(OfflineStore.rows)
    ids = on_store_thread(OfflineStore.ids)
    set_bookmark = on_store_thread(OfflineStore.set_bookmark)
    bookmarks = on_store_thread(OfflineStore.bookmarks)

    # --- other entities ----------------------------------------------------------------------------

    upsert_documents = on_store_thread(OfflineStore.upsert_documents, batch=True)
    get_document = on_store_thread(OfflineStore.get_document)
    list_documents = on_store_thread(OfflineStore.list_documents)
    delete_documents = on_store_thread(OfflineStore.delete_documents, batch=True)
    upsert_archive_records = on_store_thread(OfflineStore.upsert_archive_records, batch=True)
    list_archive_records = on_store_thread(OfflineStore.list_archive_records)
    upsert_annotations = on_store_thread(OfflineStore.upsert_annotations, batch=True)
    get_annotation = on_store_thread(OfflineStore.get_annotation)
    list_annotations = on_store_thread(OfflineStore.list_annotations)
    delete_annotations = on_store_thread(OfflineStore.delete_annotations, batch=True)
    upsert_events = on_store_thread(OfflineStore.upsert_events, batch=True)
    list_events = on_store_thread(OfflineStore.list_events)
    delete_events = on_store_thread(OfflineStore.delete_events, batch=True)
    upsert_municipalities = on_store_thread(OfflineStore.upsert_municipalities, batch=True)
    list_municipalities = on_store_thread(OfflineStore.list_municipalities)
    set_user = on_store_thread(OfflineStore.set_user)
    get_user = on_store_thread(OfflineStore.get_user)
    apply = on_store_thread(OfflineStore.apply)
    clear_cache = on_store_thread(OfflineStore.clear_cache)

    # --- sync state and secrets --------------------------------------------------------------------

    get_state = on_store_thread(OfflineStore.get_state)
    set_state = on_store_thread(OfflineStore.set_state)
    put_secret = on_store_thread(OfflineStore.put_secret)
    get_secret = on_store_thread(OfflineStore.get_secret)
    delete_secret = on_store_thread(OfflineStore.delete_secret)

    # --- outbox ------------------------------------------------------------------------------------

    enqueue = on_store_thread(OfflineStore.enqueue)
    next_pending = on_store_thread(OfflineStore.next_pending)
    get_outbox_item = on_store_thread(OfflineStore.get_outbox_item)
    mark_in_flight = on_store_thread(OfflineStore.mark_in_flight)
    mark_done = on_store_thread(OfflineStore.mark_done)
    release = on_store_thread(OfflineStore.release)
    mark_retry = on_store_thread(OfflineStore.mark_retry)
    mark_conflict = on_store_thread(OfflineStore.mark_conflict)

    async def mark_rejected(self, item_id: str, error: str, revert: LocalChange | None = None) -> None:
        await self._call(self._store.mark_rejected, item_id, error, revert)

    resolve_conflict = on_store_thread(OfflineStore.resolve_conflict)

    async def retry(self, item_id: str, **changes: Any) -> OutboxItem:
        """See :meth:`OfflineStore.retry` (``payload``, ``if_match``, ``base``, ``local`` keywords)."""
        return await self._call(self._store.retry, item_id, **changes)

    async def rebase_pending(self, item_id: str, *, if_match: str | None, **changes: Any) -> OutboxItem:
        """See :meth:`OfflineStore.rebase_pending` (``path``, ``base`` keywords)."""
        return await self._call(self._store.rebase_pending, item_id, if_match=if_match, **changes)

    discard = on_store_thread(OfflineStore.discard)
    outbox_counts = on_store_thread(OfflineStore.outbox_counts)
    list_outbox = on_store_thread(OfflineStore.list_outbox)
    purge_done = on_store_thread(OfflineStore.purge_done)

    # --- documents kept offline --------------------------------------------------------------------

    document_bytes = on_store_thread(OfflineStore.document_bytes)

    async def release_documents(
        self, *, unused_since: dt.datetime | None = None, max_bytes: int | None = None
    ) -> ReleaseResult:
        """See :meth:`OfflineStore.release_documents` (runs on the store's thread)."""
        return await self._call(self._store.release_documents, unused_since=unused_since, max_bytes=max_bytes)

    release_all_documents = on_store_thread(OfflineStore.release_all_documents)
    record_blob_uses = on_store_thread(OfflineStore.record_blob_uses)

    def _record_uses_soon(self) -> None:
        """Record noted blob uses on the store's thread, after the calls already queued; not awaited."""
        if not self._store.blobs.has_uses():
            return
        try:
            future = self._executor.submit(self._store.record_blob_uses)
        except RuntimeError:  # closing: close() records them
            return
        future.add_done_callback(_log_failure)

    # --- blobs (default thread pool, not the database thread) --------------------------------------

    async def put_blob(self, data: bytes, sha256: str | None = None) -> str:
        try:
            return await asyncio.to_thread(self._store.blobs.put_bytes, data, sha256)
        finally:
            self._record_uses_soon()

    async def open_blob_download(self, sha256: str, size: int) -> PartialDownload:
        """Start or resume an encrypted download into the blob store (``BlobStore.open_download``)."""
        return await asyncio.to_thread(self._store.blobs.open_download, sha256, size)

    async def commit_blob_download(self, download: PartialDownload) -> None:
        try:
            await asyncio.to_thread(download.commit)
        finally:
            self._record_uses_soon()

    async def remove_blob_downloads(self) -> int:
        """Delete the downloads in progress (and anything else left where they are kept)."""
        return await asyncio.to_thread(self._store.blobs.remove_downloads)

    async def read_blob(self, sha256: str) -> bytes:
        try:
            return await asyncio.to_thread(self._store.blobs.read_bytes, sha256)
        finally:
            self._record_uses_soon()

    async def has_blob(self, sha256: str) -> bool:
        """Whether the blob is stored (not a use; records uses noted by readers of :attr:`blobs`)."""
        try:
            return await asyncio.to_thread(self._store.blobs.contains, sha256)
        finally:
            self._record_uses_soon()


def _log_failure(future: Future[int]) -> None:
    if not future.cancelled() and (exc := future.exception()) is not None:
        log.warning("could not record when blobs were last used: %s", exc)

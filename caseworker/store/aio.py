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
import logging
from collections.abc import Callable, Collection, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from caseworker.domain.models import Annotation, Case, CaseSummary, Document, Event, Municipality, User
from caseworker.store.blobs import BlobStore, PartialDownload
from caseworker.store.outbox import Conflict, NewWrite, OutboxItem, OutboxState
from caseworker.store.queue import CaseQuery, CaseRow
from caseworker.store.release import ReleaseResult
from caseworker.store.store import LocalChange, OfflineStore, StoreOpenResult

log = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")


class AsyncStore:
    """Async facade over :class:`OfflineStore`; create with ``await AsyncStore.open(...)``."""

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
        return await asyncio.wrap_future(self._executor.submit(fn, *args, **kwargs))

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

    async def upsert_cases(
        self, cases: Iterable[Case | CaseSummary], *, etags: Mapping[str, str] | None = None
    ) -> int:
        return await self._call(self._store.upsert_cases, list(cases), etags=etags)

    async def delete_cases(self, ids: Iterable[str]) -> int:
        return await self._call(self._store.delete_cases, list(ids))

    async def get_case(self, case_id: str) -> Case | None:
        return await self._call(self._store.get_case, case_id)

    async def get_case_summary(self, case_id: str) -> CaseSummary | None:
        return await self._call(self._store.get_case_summary, case_id)

    async def case_etag(self, case_id: str) -> str | None:
        return await self._call(self._store.case_etag, case_id)

    async def count(self, query: CaseQuery) -> int:
        return await self._call(self._store.count, query)

    async def rows(self, query: CaseQuery, offset: int, limit: int) -> list[CaseRow]:
        return await self._call(self._store.rows, query, offset, limit)

    async def ids(self, query: CaseQuery) -> list[str]:
        return await self._call(self._store.ids, query)

    async def set_bookmark(self, case_id: str, bookmarked: bool = True) -> None:
        await self._call(self._store.set_bookmark, case_id, bookmarked)

    async def bookmarks(self) -> set[str]:
        return await self._call(self._store.bookmarks)

    # --- other entities ----------------------------------------------------------------------------

    async def upsert_documents(self, documents: Iterable[Document]) -> int:
        return await self._call(self._store.upsert_documents, list(documents))

    async def get_document(self, document_id: str) -> Document | None:
        return await self._call(self._store.get_document, document_id)

    async def list_documents(self, case_id: str) -> list[Document]:
        return await self._call(self._store.list_documents, case_id)

    async def delete_documents(self, ids: Iterable[str]) -> int:
        return await self._call(self._store.delete_documents, list(ids))

    async def upsert_annotations(self, annotations: Iterable[Annotation]) -> int:
        return await self._call(self._store.upsert_annotations, list(annotations))

    async def get_annotation(self, annotation_id: str) -> Annotation | None:
        return await self._call(self._store.get_annotation, annotation_id)

    async def list_annotations(self, document_id: str) -> list[Annotation]:
        return await self._call(self._store.list_annotations, document_id)

    async def delete_annotations(self, ids: Iterable[str]) -> int:
        return await self._call(self._store.delete_annotations, list(ids))

    async def upsert_events(self, events: Iterable[Event]) -> int:
        return await self._call(self._store.upsert_events, list(events))

    async def list_events(self, case_id: str) -> list[Event]:
        return await self._call(self._store.list_events, case_id)

    async def delete_events(self, ids: Iterable[str]) -> int:
        return await self._call(self._store.delete_events, list(ids))

    async def upsert_municipalities(self, municipalities: Iterable[Municipality]) -> None:
        await self._call(self._store.upsert_municipalities, list(municipalities))

    async def list_municipalities(self) -> list[Municipality]:
        return await self._call(self._store.list_municipalities)

    async def set_user(self, user: User) -> None:
        await self._call(self._store.set_user, user)

    async def get_user(self) -> User | None:
        return await self._call(self._store.get_user)

    async def apply(self, change: LocalChange) -> None:
        await self._call(self._store.apply, change)

    async def clear_cache(self) -> None:
        await self._call(self._store.clear_cache)

    # --- sync state and secrets --------------------------------------------------------------------

    async def get_state(self, key: str) -> str | None:
        return await self._call(self._store.get_state, key)

    async def set_state(self, key: str, value: str | None) -> None:
        await self._call(self._store.set_state, key, value)

    async def put_secret(self, name: str, value: str) -> None:
        await self._call(self._store.put_secret, name, value)

    async def get_secret(self, name: str) -> str | None:
        return await self._call(self._store.get_secret, name)

    async def delete_secret(self, name: str) -> None:
        await self._call(self._store.delete_secret, name)

    # --- outbox ------------------------------------------------------------------------------------

    async def enqueue(self, write: NewWrite, local: LocalChange | None = None) -> OutboxItem:
        return await self._call(self._store.enqueue, write, local)

    async def next_pending(self) -> OutboxItem | None:
        return await self._call(self._store.next_pending)

    async def get_outbox_item(self, item_id: str) -> OutboxItem:
        return await self._call(self._store.get_outbox_item, item_id)

    async def mark_in_flight(self, item_id: str) -> OutboxItem:
        return await self._call(self._store.mark_in_flight, item_id)

    async def mark_done(self, item_id: str, server: LocalChange | None = None) -> None:
        await self._call(self._store.mark_done, item_id, server)

    async def release(self, item_id: str) -> None:
        await self._call(self._store.release, item_id)

    async def mark_retry(self, item_id: str, error: str) -> None:
        await self._call(self._store.mark_retry, item_id, error)

    async def mark_conflict(self, item_id: str, conflict: Conflict, error: str | None = None) -> None:
        await self._call(self._store.mark_conflict, item_id, conflict, error)

    async def mark_rejected(self, item_id: str, error: str, revert: LocalChange | None = None) -> None:
        await self._call(self._store.mark_rejected, item_id, error, revert)

    async def resolve_conflict(
        self, item_id: str, payload: Any, if_match: str | None, local: LocalChange | None = None
    ) -> OutboxItem:
        return await self._call(self._store.resolve_conflict, item_id, payload, if_match, local)

    async def retry(self, item_id: str, **changes: Any) -> OutboxItem:
        """See :meth:`OfflineStore.retry` (``payload``, ``if_match``, ``base``, ``local`` keywords)."""
        return await self._call(self._store.retry, item_id, **changes)

    async def rebase_pending(self, item_id: str, *, if_match: str | None, **changes: Any) -> OutboxItem:
        """See :meth:`OfflineStore.rebase_pending` (``path``, ``base`` keywords)."""
        return await self._call(self._store.rebase_pending, item_id, if_match=if_match, **changes)

    async def discard(self, item_id: str, revert: LocalChange | None = None) -> None:
        await self._call(self._store.discard, item_id, revert)

    async def outbox_counts(self) -> dict[OutboxState, int]:
        return await self._call(self._store.outbox_counts)

    async def list_outbox(
        self,
        states: Collection[OutboxState] | None = None,
        *,
        case_id: str | None = None,
        limit: int = 500,
        offset: int = 0,
    ) -> list[OutboxItem]:
        return await self._call(self._store.list_outbox, states, case_id=case_id, limit=limit, offset=offset)

    async def purge_done(self, before: dt.datetime | None = None) -> int:
        return await self._call(self._store.purge_done, before)

    # --- documents kept offline --------------------------------------------------------------------

    async def document_bytes(self) -> int:
        return await self._call(self._store.document_bytes)

    async def release_documents(
        self, *, unused_since: dt.datetime | None = None, max_bytes: int | None = None
    ) -> ReleaseResult:
        """See :meth:`OfflineStore.release_documents` (runs on the store's thread)."""
        return await self._call(self._store.release_documents, unused_since=unused_since, max_bytes=max_bytes)

    async def release_all_documents(self) -> ReleaseResult:
        return await self._call(self._store.release_all_documents)

    async def record_blob_uses(self) -> int:
        return await self._call(self._store.record_blob_uses)

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

    async def put_blob_file(self, source: Path, sha256: str | None = None) -> str:
        try:
            return await asyncio.to_thread(self._store.blobs.put_file, source, sha256)
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

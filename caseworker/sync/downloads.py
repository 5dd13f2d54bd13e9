"""Cases from the platform into the store: refreshing one case (a screen opening it asks the engine),
making one available offline, and releasing document bytes kept offline.

Refreshing fetches the case (with its ETag), its events and documents, stores them in one transaction
and makes the optimistic changes of the user's unsent writes to it again on the fresh copy -- the same
rule as the delta pull, so a waiting change stays shown and one based on an older version gives way to
the platform's (it will meet a 412 and show as a conflict).

"Make available offline" fetches the case (with its ETag), its events, documents and markups, and
each document's bytes into the blob store (verified by sha256). The bytes are encrypted from the first
one: they arrive in a ``PartialDownload`` of the store (``incoming/`` under the store folder, the blob
format already), which keeps what arrived when a download breaks off, so the next try continues there
(within a run: what is left when the engine starts again is deleted), and which becomes the blob
without being read again. One download per document at a time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
from collections.abc import Callable

from caseworker.api.errors import Offline
from caseworker.domain.models import Annotation, Document
from caseworker.store import OfflineStore, ReleaseResult
from caseworker.sync import ops
from caseworker.sync.base import EngineBase
from caseworker.sync.events import CasesChanged, SyncProgress
from caseworker.sync.ops import Touched

log = logging.getLogger(__name__)

_PROGRESS_STEP = 256 * 1024  # download progress events at most every this many bytes


class Downloads(EngineBase):
    """Cases and document bytes kept on this computer for offline work."""

    async def refresh_case(self, case_id: str) -> None:
        """Fetch one case with its history and documents into the store (``CasesChanged`` when stored).

        Raises the platform errors (Offline, NotFound, ...); the engine is offline after an Offline.
        """
        await self._fetch_case(case_id, with_markups=False)

    async def _fetch_case(self, case_id: str, *, with_markups: bool) -> list[Document]:
        client = self._client
        try:
            case, etag = await client.case(case_id)
            events = await client.events(case_id)
            documents = await client.documents(case_id)
            markups: list[Annotation] = []
            for doc in documents if with_markups else ():
                markups += await client.annotations(doc.id)
        except Offline:
            self._set_online(False)
            raise
        self._set_online(True)
        actor, today = await self._get_actor(), dt.date.today()

        def store_case(s: OfflineStore) -> None:
            s.upsert_cases([case], etags={case.id: etag})
            s.upsert_events(events)
            s.upsert_documents(documents)
            if markups:
                s.upsert_annotations(markups)
            touched = Touched(cases={case.id}, documents={d.id for d in documents})
            touched.annotations.update(m.id for m in markups)
            ops.reapply(s, actor, today, touched)

        await self._in_store(store_case)
        self._emit(CasesChanged(case_ids=frozenset({case_id})))
        return documents

    async def release_documents(
        self, *, unused_since: dt.datetime | None, max_bytes: int | None
    ) -> ReleaseResult:
        """Remove document bytes kept offline that were not used since ``unused_since``, then the least
        recently used beyond ``max_bytes`` (``OfflineStore.release_documents``)."""
        return self._announced(
            await self._store.release_documents(unused_since=unused_since, max_bytes=max_bytes)
        )

    async def release_all_documents(self) -> ReleaseResult:
        """Every document's bytes kept offline ("Töm dokumentcachen"), never one an unsent write needs."""
        return self._announced(await self._store.release_all_documents())

    def _announced(self, released: ReleaseResult) -> ReleaseResult:
        if released.case_ids:  # an open case shows their documents as no longer offline
            self._emit(CasesChanged(case_ids=released.case_ids))
        return released

    async def make_available_offline(
        self, case_id: str, progress: Callable[[int, int], None] | None = None
    ) -> None:
        """Download the case with its events, documents and their bytes into the store.

        ``progress(done, total)`` counts document bytes (total: the documents not stored yet). Raises
        the platform errors (Offline, NotFound, BadResponse for a checksum mismatch, ...); what was
        downloaded before a failure is kept, and a partial document resumes next time.
        """
        documents = await self._fetch_case(case_id, with_markups=True)

        wanted: dict[str, Document] = {}
        for doc in documents:
            if doc.sha256 in wanted:
                continue
            if await self._store.has_blob(doc.sha256):
                self._store.blobs.note_use(doc.sha256)  # asked for offline again: kept as recently used
            else:
                wanted[doc.sha256] = doc
        total = sum(d.size for d in wanted.values())
        done = 0
        reported = [-_PROGRESS_STEP]

        def report(n: int) -> None:
            if progress is not None:
                progress(n, total)
            if n - reported[0] >= _PROGRESS_STEP or n == total:
                reported[0] = n
                self._emit(SyncProgress(phase="download", done=n, total=total))

        report(0)
        for doc in wanted.values():
            await self.download_document(doc, functools.partial(_offset_progress, report, done))
            done += doc.size
            report(done)

    async def download_document(
        self, doc: Document, progress: Callable[[int, int], None] | None = None
    ) -> None:
        """One document's bytes into the blob store unless they are there, never in plaintext on disk;
        what arrived before a failure stays (sealed) for the next try. One download per document at a
        time, whoever asks (make-available-offline, or a screen opening the document)."""
        async with self._download_locks.setdefault(doc.sha256, asyncio.Lock()):
            if await self._store.has_blob(doc.sha256):  # another call may have stored it since
                return
            download = await self._store.open_blob_download(doc.sha256, doc.size)
            try:
                await self._client.download_to(doc, download, progress)
                await self._store.commit_blob_download(download)
            finally:
                download.close()


def _offset_progress(report: Callable[[int], None], offset: int, done: int, _size: int) -> None:
    report(offset + done)

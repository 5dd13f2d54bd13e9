""" "Make available offline" fetches the case (with its ETag), its events, documents and markups, and
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
from caseworker.store import OfflineStore
from caseworker.sync import ops
from caseworker.sync.base import EngineBase
from caseworker.sync.events import CasesChanged, SyncProgress
from caseworker.sync.ops import Touched

log = logging.getLogger(__name__)

_PROGRESS_STEP = 256 * 1024  # download progress events at most every this many bytes


class Downloads(EngineBase):
    """Cases and document bytes kept on this computer for offline work."""

    async def make_available_offline(
        self, case_id: str, progress: Callable[[int, int], None] | None = None
    ) -> None:
        """Download the case with its events, documents and their bytes into the store.

        ``progress(done, total)`` counts document bytes (total: the documents not stored yet). Raises
        the platform errors (Offline, NotFound, BadResponse for a checksum mismatch, ...); what was
        downloaded before a failure is kept, and a partial document resumes next time.
        """
        client = self._client
        try:
            case, etag = await client.case(case_id)
        except Offline:
            self._set_online(False)
            raise
        self._set_online(True)
        events = await client.events(case_id)
        documents = await client.documents(case_id)
        markups: list[Annotation] = []
        for doc in documents:
            markups += await client.annotations(doc.id)
        actor, today = await self._get_actor(), dt.date.today()

        def store_case(s: OfflineStore) -> None:
            s.upsert_cases([case], etags={case.id: etag})
            s.upsert_events(events)
            s.upsert_documents(documents)
            s.upsert_annotations(markups)
            touched = Touched(cases={case.id}, documents={d.id for d in documents})
            touched.annotations.update(m.id for m in markups)
            ops.reapply(s, actor, today, touched)

        await self._in_store(store_case)
        self._emit(CasesChanged(case_ids=frozenset({case_id})))

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

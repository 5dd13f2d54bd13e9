"""Pages of the delta feed (``GET /sync/changes``): read, validated into entities, applied to the store.

A page is validated in ONE pass into typed entities (``TypedChangePage``: ``data`` is a Case, Document,
Annotation or Event according to ``entity``), which costs about half of validating the generic
``ChangePage`` and then each entity again -- it matters for a 50 000-case first pull. If a page does not
validate that way (one malformed entity fails the whole page), the reader asks for the same page again
as a generic ``ChangePage`` and keeps every entity that fits the contract, skipping (and logging the
number of) those that do not: a malformed markup from the platform must not stop syncing.

The pull (``Puller.pull``): ``GET /sync/changes`` from the stored cursor; each page is applied and
the new cursor stored in one transaction, and the optimistic changes of unsent items the page touched
are re-made in that same transaction (a pulled version would otherwise hide them). A reader task stays
a few pages ahead of the store; pages that are waiting when the store is free go into one transaction.
410 Gone → the cache (not the outbox) is cleared and the feed read from the start. The cursor lives in
the cache, so a quarantined cache also starts over.

``apply_pages`` writes pages and the last page's cursor in one transaction, and re-makes the optimistic
changes of unsent writes the pages touched in that same transaction (a pulled version of the same
version would otherwise hide them).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import logging
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from caseworker.api.errors import BadResponse, Gone, PlatformError
from caseworker.domain.models import Annotation, Case, Change, ChangeEntity, ChangePage, Document, Event, Wire
from caseworker.store import OfflineStore
from caseworker.store.outbox import unsent_count
from caseworker.sync import ops
from caseworker.sync.base import EngineBase
from caseworker.sync.events import CasesChanged, SyncProgress
from caseworker.sync.kinds import Actor
from caseworker.sync.ops import Touched

log = logging.getLogger(__name__)

CURSOR_KEY = "sync.cursor"

Op = Literal["upsert", "delete"]


class _CaseChange(Wire):
    entity: Literal["case"]
    op: Op
    id: str
    seq: int
    data: Case | None = None


class _DocumentChange(Wire):
    entity: Literal["document"]
    op: Op
    id: str
    seq: int
    data: Document | None = None


class _AnnotationChange(Wire):
    entity: Literal["annotation"]
    op: Op
    id: str
    seq: int
    data: Annotation | None = None


class _EventChange(Wire):
    entity: Literal["event"]
    op: Op
    id: str
    seq: int
    data: Event | None = None


TypedChange = Annotated[
    _CaseChange | _DocumentChange | _AnnotationChange | _EventChange, Field(discriminator="entity")
]


class TypedChangePage(Wire):
    """``ChangePage`` with each upsert's ``data`` validated as its entity."""

    changes: list[TypedChange]
    next_cursor: str
    has_more: bool


Entity = Case | Document | Annotation | Event


@dataclass
class FeedPage:
    """A page of the delta feed as entities to write and ids to delete."""

    next_cursor: str
    has_more: bool
    size: int
    cases: list[Case] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    markups: list[Annotation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    deleted: dict[ChangeEntity, list[str]] = field(default_factory=lambda: {e: [] for e in ChangeEntity})
    touched: Touched = field(default_factory=Touched)
    skipped: int = 0

    def add(self, entity: ChangeEntity, entity_id: str, data: Entity | None, delete: bool) -> None:
        if delete or data is None:
            self.deleted[entity].append(entity_id)
        elif isinstance(data, Case):
            self.cases.append(data)
        elif isinstance(data, Document):
            self.documents.append(data)
            if data.case_id:
                self.touched.cases.add(data.case_id)
        elif isinstance(data, Annotation):
            self.markups.append(data)
        else:
            self.events.append(data)
            self.touched.cases.add(data.case_id)
        if entity is ChangeEntity.CASE:
            self.touched.cases.add(entity_id)
        elif entity is ChangeEntity.ANNOTATION:
            self.touched.annotations.add(entity_id)
        elif entity is ChangeEntity.DOCUMENT:
            self.touched.documents.add(entity_id)

    @classmethod
    def typed(cls, page: TypedChangePage) -> FeedPage:
        out = cls(page.next_cursor, page.has_more, len(page.changes))
        for change in page.changes:
            delete = change.op == "delete"
            if not delete and change.data is None:
                out.skipped += 1  # an upsert without its entity
                continue
            out.add(ChangeEntity(change.entity), change.id, change.data, delete)
        if out.skipped:
            log.warning("%d upsert(s) of the delta feed came without their entity: skipped", out.skipped)
        return out

    @classmethod
    def lenient(cls, page: ChangePage) -> FeedPage:
        """From a generic page: every entity that validates; the others are counted and skipped."""
        out = cls(page.next_cursor, page.has_more, len(page.changes))
        for change in page.changes:
            if change.op == "delete":
                out.add(change.entity, change.id, None, True)
                continue
            try:
                entity = _entity(change)
            except ValidationError:
                out.skipped += 1
                continue
            out.add(change.entity, change.id, entity, False)
        if out.skipped:
            log.warning("%d change(s) of the delta feed did not match the contract: skipped", out.skipped)
        return out


def _entity(change: Change) -> Entity:
    data = change.data or {}
    if change.entity is ChangeEntity.CASE:
        return Case.model_validate(data)
    if change.entity is ChangeEntity.DOCUMENT:
        return Document.model_validate(data)
    if change.entity is ChangeEntity.ANNOTATION:
        return Annotation.model_validate(data)
    return Event.model_validate(data)


def apply_pages(s: OfflineStore, *, pages: list[FeedPage], actor: Actor, today: dt.date) -> Touched:
    """Pages and the last one's cursor in one transaction (on the store's thread), with the optimistic
    changes of unsent writes the pages touched made again."""
    touched = Touched()
    with s.transaction():
        for page in pages:
            if page.cases:
                s.upsert_cases(page.cases)
            if page.documents:
                s.upsert_documents(page.documents)
            if page.markups:
                s.upsert_annotations(page.markups)
            if page.events:
                s.upsert_events(page.events)
            deleted = page.deleted
            if deleted[ChangeEntity.EVENT]:
                s.delete_events(deleted[ChangeEntity.EVENT])
            if deleted[ChangeEntity.ANNOTATION]:
                s.delete_annotations(deleted[ChangeEntity.ANNOTATION])
            if deleted[ChangeEntity.DOCUMENT]:
                s.delete_documents(deleted[ChangeEntity.DOCUMENT])
            if deleted[ChangeEntity.CASE]:
                s.delete_cases(deleted[ChangeEntity.CASE])
            touched.cases |= page.touched.cases
            touched.annotations |= page.touched.annotations
            touched.documents |= page.touched.documents
        s.set_state(CURSOR_KEY, pages[-1].next_cursor)
        if unsent_count(s.outbox_counts()):
            ops.reapply(s, actor, today, touched)
    return touched


_ANALYZE_AFTER = 1000  # pulled changes after which the store refreshes its planner statistics


_PAGES_AHEAD = 4  # delta pages read ahead of the store (bounded memory: a page is ~1-2 MB)


_PAGES_PER_TRANSACTION = 4  # pages waiting when the store is free are applied in one transaction


class Puller(EngineBase):
    """Reads the delta feed into the store."""

    async def pull(self) -> int:
        """Read the delta feed from the stored cursor into the store; returns the number of changes.

        410 Gone → the cache is cleared (the outbox is not) and the feed read from the start. Raises the
        platform errors (Offline, SignedOut, ...) of the page that failed; pages before it are kept.
        """
        async with self._pull_lock:
            return await self._pull()

    async def _pull(self) -> int:
        actor, today = await self._get_actor(), dt.date.today()
        cursor = await self._store.get_state(CURSOR_KEY)
        everything = cursor is None
        resynced = False
        pulled = 0
        loop = asyncio.get_running_loop()
        pages: asyncio.Queue[FeedPage | PlatformError] = asyncio.Queue(maxsize=_PAGES_AHEAD)
        reader = loop.create_task(self._read_feed(cursor, pages))
        try:
            while True:
                page = await pages.get()
                if isinstance(page, Gone) and not resynced:
                    log.info("the sync cursor is too old (410): full resync, the outbox is kept")
                    resynced = everything = True
                    await _stop(reader)
                    await self._store.clear_cache()
                    self._emit(CasesChanged(case_ids=frozenset(), everything=True))
                    pages = asyncio.Queue(maxsize=_PAGES_AHEAD)
                    reader = loop.create_task(self._read_feed(None, pages))
                    continue
                if isinstance(page, PlatformError):
                    raise page
                self._set_online(True)
                batch = [page]  # pages that arrived while the store was busy go in one transaction
                while batch[-1].has_more and len(batch) < _PAGES_PER_TRANSACTION and not pages.empty():
                    more = pages.get_nowait()
                    if isinstance(more, PlatformError):
                        pages = _requeued(more)
                        break
                    batch.append(more)
                apply = functools.partial(apply_pages, pages=batch, actor=actor, today=today)
                touched = await self._store.run(apply)
                pulled += sum(p.size for p in batch)
                self._emit(SyncProgress(phase="pull", done=pulled, total=None))
                if touched.cases or everything:
                    self._emit(CasesChanged(case_ids=frozenset(touched.cases), everything=everything))
                if not batch[-1].has_more:
                    break
        finally:
            await _stop(reader)
        if pulled >= _ANALYZE_AFTER:
            await self._store.run(lambda s: s.optimize())
        return pulled

    async def _read_feed(self, cursor: str | None, pages: asyncio.Queue[FeedPage | PlatformError]) -> None:
        """Fetch pages ahead of the store (the platform keeps working while the store applies), in order;
        the first error ends the reading and is handed over in place of a page."""
        while True:
            try:
                page = await self._read_page(cursor)
            except PlatformError as exc:
                await pages.put(exc)
                return
            await pages.put(page)
            if not page.has_more:
                return
            cursor = page.next_cursor

    async def _read_page(self, cursor: str | None) -> FeedPage:
        """One page, validated in one pass; if that fails, read again leniently (see ``feed``)."""
        try:
            typed = await self._client.changes_as(TypedChangePage, cursor, self.page_size)
        except BadResponse:
            return FeedPage.lenient(await self._client.changes(cursor, self.page_size))
        return FeedPage.typed(typed)


async def _stop(task: asyncio.Task[None]) -> None:
    if not task.done():
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def _requeued(error: PlatformError) -> asyncio.Queue[FeedPage | PlatformError]:
    """A queue holding only ``error`` (the reader stopped after it): handed over after the batch."""
    queue: asyncio.Queue[FeedPage | PlatformError] = asyncio.Queue()
    queue.put_nowait(error)
    return queue

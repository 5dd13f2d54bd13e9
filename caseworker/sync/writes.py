"""User writes, local first: a write (``patch_case``, ``add_note``, ..., or ``write(kind, ...)``)
builds the outbox item *and* its optimistic change on the store's thread in ONE transaction (its kind in
``caseworker.sync.kinds`` says what it sends and shows), emits
``OutboxChanged`` + ``CasesChanged`` and wake the pusher. They never wait for the network, except once:
a change that needs If-Match on a case whose ETag is not cached fetches the case first when the platform
can be reached (otherwise the pusher does it, see below).

ETags. The platform puts each case's and markup's ETag in its representation (``etag`` field, the same
value as the ``ETag`` header), in queue pages and in the delta feed too, so a pulled case can be changed
offline with the ETag of exactly the version the user saw. A write's If-Match is that cached ETag, fixed
when the user acts; its ``base`` (the cached entity) is stored with it for the conflict view. Where no
ETag is cached (an older cache, another platform) the item is queued without one and the pusher fetches
the entity first: a version other than the base's is then treated as a conflict, like a 412.
The engine never derives an ETag from a version number: ETags are opaque.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any

from caseworker.api.errors import Offline, PlatformError
from caseworker.domain.models import (
    AnnotationInput,
    AnnotationReplyInput,
    AnnotationStatus,
    AnnotationStatusInput,
    CasePatch,
    DecisionInput,
    MessageCreate,
)
from caseworker.store import NewWrite, OfflineStore, OutboxItem, OutboxState
from caseworker.sync import kinds, ops
from caseworker.sync.base import EngineBase
from caseworker.sync.kinds import WriteKind

log = logging.getLogger(__name__)

_FETCH_BEFORE_WRITE = 5.0  # seconds a write may wait for the case's ETag when none is cached


class Writes(EngineBase):
    """Every user write: into the store and the outbox in one transaction, then the pusher is woken."""

    async def _enqueue(self, build: Callable[[OfflineStore], NewWrite]) -> OutboxItem:
        return (await self._enqueue_all([build]))[0]

    async def _enqueue_all(self, builds: Sequence[Callable[[OfflineStore], NewWrite]]) -> list[OutboxItem]:
        """Several writes (one user action, e.g. a bulk move) in ONE transaction: all queued or none."""
        actor, today = await self._get_actor(), dt.date.today()
        acted_at = self.clock()  # the moment of the action, sent with the write however late

        def op(s: OfflineStore) -> tuple[list[OutboxItem], dict[OutboxState, int]]:
            items = []
            for build in builds:
                item = s.enqueue(dataclasses.replace(build(s), acted_at=acted_at))
                local = ops.optimistic(s, item, actor, today)
                if local is not None:
                    s.apply(local)
                items.append(item)
            return items, s.outbox_counts()

        items, counts = await self._in_store(op)
        self._emit_changes(counts, {item.case_id for item in items if item.case_id} or None)
        self._wake_pusher()
        return items

    async def ensure_case_etag(self, case_id: str) -> None:
        """Fetch the case when its ETag is not cached and the platform answers (else the pusher will).

        Only when online, and never for long: the user's write must not wait on the network."""
        if not self._online or await self._store.case_etag(case_id) is not None:
            return
        try:
            case, etag = await asyncio.wait_for(self._client.case(case_id), _FETCH_BEFORE_WRITE)
        except TimeoutError:
            return
        except Offline:
            self._set_online(False)
            return
        except PlatformError as exc:
            log.info("could not fetch case before a change (%s); the pusher will", type(exc).__name__)
            return
        self._set_online(True)
        await self._store.upsert_cases([case], etags={case.id: etag})

    async def write(self, kind: WriteKind, ref: str, data: Any) -> OutboxItem:
        """Queue a write of ``kind`` about ``ref`` (the id in its path) with ``data`` (its payload model).

        ``ref`` may be the placeholder of an entity the platform has created since: the write goes to that
        entity (the placeholder is gone from the store)."""
        ref = self._created_ids.get(ref, ref)
        draft = await kind.prepare(self, ref, data)
        return await self._enqueue(lambda s: kind.new_write(s, ref, draft))

    async def reassign(self, moves: Sequence[tuple[str, str, str | None]], reason: str) -> list[OutboxItem]:
        """Move cases to other case officers (team leads): ``moves`` are (case id, to user id, their name),
        one outbox item per case with that case's If-Match, all queued in one transaction."""
        kind = kinds.REASSIGN_CASE
        drafts = []
        for case_id, to_user_id, to_name in moves:
            data = kinds.Reassignment(to_user_id=to_user_id, to_name=to_name, reason=reason)
            drafts.append((case_id, await kind.prepare(self, case_id, data)))
        return await self._enqueue_all([functools.partial(kind.new_write, ref=r, draft=d) for r, d in drafts])

    async def patch_case(self, case_id: str, patch: CasePatch) -> OutboxItem:
        return await self.write(kinds.PATCH_CASE, case_id, patch)

    async def add_note(self, case_id: str, text: str) -> OutboxItem:
        return await self.write(kinds.ADD_NOTE, case_id, text)

    async def send_message(self, case_id: str, message: MessageCreate) -> OutboxItem:
        return await self.write(kinds.SEND_MESSAGE, case_id, message)

    async def post_decision(self, case_id: str, decision: DecisionInput, pdf: bytes) -> OutboxItem:
        """The decision with its letter: the PDF goes to the blob store, the outbox names its sha256."""
        return await self.write(kinds.POST_DECISION, case_id, (decision, pdf))

    async def record_notices(self, case_id: str, patch: CasePatch) -> OutboxItem:
        """When parties were notified of the decision and when it was published in PoIT."""
        return await self.write(kinds.RECORD_NOTICES, case_id, patch)

    async def add_annotation(self, document_id: str, annotation: AnnotationInput) -> OutboxItem:
        return await self.write(kinds.ADD_ANNOTATION, document_id, annotation)

    async def update_annotation(self, annotation_id: str, annotation: AnnotationInput) -> OutboxItem:
        return await self.write(kinds.UPDATE_ANNOTATION, annotation_id, annotation)

    async def delete_annotation(self, annotation_id: str) -> OutboxItem:
        return await self.write(kinds.DELETE_ANNOTATION, annotation_id, None)

    async def set_annotation_status(self, annotation_id: str, status: AnnotationStatus) -> OutboxItem:
        return await self.write(
            kinds.SET_ANNOTATION_STATUS, annotation_id, AnnotationStatusInput(status=status)
        )

    async def reply_to_annotation(self, annotation_id: str, text: str) -> OutboxItem:
        return await self.write(kinds.REPLY_TO_ANNOTATION, annotation_id, AnnotationReplyInput(text=text))

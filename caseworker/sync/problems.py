"""What happens to a write the platform did not take, and what the user does about it.

* 412 → ``mark_conflict`` with base, theirs (the platform's current version) and ours; the cache shows
  theirs; nothing is re-sent until the user resolves it (``resolve_conflict``: keep mine, take theirs,
  or an edited version);
* 403/404/422 (and other refusals) → ``mark_rejected`` with the Swedish reason; the optimistic change is
  undone, the item (with the user's text) stays visible until retried (``retry_rejected``) or discarded;
* offline / 5xx / 429 / a malformed answer → ``mark_retry`` with the same Idempotency-Key.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from caseworker.api.errors import PlatformError, scrub
from caseworker.store import Conflict, InvalidTransition, OfflineStore, OutboxItem, OutboxState
from caseworker.sync import kinds, ops
from caseworker.sync.base import EngineBase
from caseworker.sync.kinds import kind_of
from caseworker.sync.ops import touched_by

log = logging.getLogger(__name__)


class ConflictChoice(StrEnum):
    KEEP_MINE = "keep_mine"  # re-send ours on top of theirs (new If-Match base, new key)
    TAKE_THEIRS = "take_theirs"  # drop ours, keep the platform's version
    EDIT = "edit"  # send an edited version of ours on top of theirs


def platform_words(exc: PlatformError) -> str | None:
    """The platform's own explanation of a refusal, if it gave one (scrubbed, at most 300 characters)."""
    problem = exc.problem
    detail = (problem.detail or problem.title) if problem is not None else None
    return scrub(detail)[:300] if detail else None


def reason_of(exc: PlatformError) -> str:
    """The Swedish text of a refusal, with the platform's own explanation when it gave one."""
    words = platform_words(exc)
    return f"{exc.user_message} (Plattformens svar: {words})" if words else exc.user_message


class Problems(EngineBase):
    """Recording the outcomes of a push that are not a success, and the user's way out of them."""

    async def _retry_later(self, item: OutboxItem, error: str) -> None:
        def op(s: OfflineStore) -> dict[OutboxState, int]:
            s.mark_retry(item.id, error)
            return s.outbox_counts()

        self._emit_changes(await self._in_store(op))

    async def _record_rejection(
        self, item: OutboxItem, reason: str, platform_reason: str | None = None
    ) -> None:
        actor, today = await self._get_actor(), dt.date.today()

        def op(s: OfflineStore) -> tuple[dict[OutboxState, int], set[str]]:
            s.mark_rejected(item.id, reason, revert=ops.revert(s, item), platform_reason=platform_reason)
            changed = ops.reapply(s, actor, today, touched_by(item))
            return s.outbox_counts(), changed

        counts, changed = await self._in_store(op)
        log.info("outbox item %s (%s) was refused by the platform", item.id, item.kind)
        self._emit_changes(counts, changed | ({item.case_id} if item.case_id else set()))

    async def _record_conflict(
        self, item: OutboxItem, theirs: Mapping[str, Any] | None, their_etag: str | None, reason: str
    ) -> None:
        actor, today = await self._get_actor(), dt.date.today()
        conflict = Conflict(
            base=item.base, theirs=dict(theirs) if theirs else None, ours=item.payload, their_etag=their_etag
        )

        def op(s: OfflineStore) -> tuple[dict[OutboxState, int], set[str]]:
            undo = ops.revert(s, item)
            s.mark_conflict(item.id, conflict, error=reason)
            if undo is not None:
                s.apply(undo)
            shown = ops.theirs_change(item, theirs, their_etag)
            if shown is not None:
                s.apply(shown)
            changed = ops.reapply(s, actor, today, touched_by(item))
            return s.outbox_counts(), changed

        counts, changed = await self._in_store(op)
        log.info("outbox item %s (%s) met a newer version on the platform (412)", item.id, item.kind)
        self._emit_changes(counts, changed | ({item.case_id} if item.case_id else set()))

    async def resolve_conflict(self, item_id: str, choice: ConflictChoice, edited: Any = None) -> None:
        """KEEP_MINE: send ours again on their version (their ETag, a new key); TAKE_THEIRS: drop ours,
        keep theirs; EDIT: send ``edited`` (a model, dict, or a note's text) on their version."""
        item = await self._store.get_outbox_item(item_id)
        if item.state is not OutboxState.CONFLICT or item.conflict is None:
            raise InvalidTransition(f"outbox item {item_id} is {item.state}, not in conflict")
        conflict = item.conflict
        choice = ConflictChoice(choice)
        actor, today = await self._get_actor(), dt.date.today()
        if choice is ConflictChoice.TAKE_THEIRS:

            def take(s: OfflineStore) -> tuple[dict[OutboxState, int], set[str]]:
                theirs = ops.theirs_change(item, conflict.theirs, conflict.their_etag)
                s.discard(item.id, revert=ops.merged(kind_of(item).placeholder_removal(item), theirs))
                return s.outbox_counts(), ops.reapply(s, actor, today, touched_by(item))

            counts, changed = await self._in_store(take)
        else:
            if choice is ConflictChoice.EDIT:
                if edited is None:
                    raise ValueError("EDIT needs the edited version")
                payload = kind_of(item).normalise(item, edited)
            else:
                payload = item.payload

            def resend(s: OfflineStore) -> tuple[dict[OutboxState, int], set[str]]:
                s.resolve_conflict(item.id, payload, conflict.their_etag)
                return s.outbox_counts(), ops.reapply(s, actor, today, touched_by(item))

            counts, changed = await self._in_store(resend)
            self._wake_pusher()
        self._emit_changes(counts, changed | ({item.case_id} if item.case_id else set()))

    async def retry_rejected(self, item_id: str, edited: Any = None) -> None:
        """Send a refused write again (a new key), ``edited`` if given, based on what is cached now."""
        item = await self._store.get_outbox_item(item_id)
        if item.state is not OutboxState.REJECTED:
            raise InvalidTransition(f"outbox item {item_id} is {item.state}, not rejected")
        changes: dict[str, Any] = {}
        if edited is not None:
            changes["payload"] = kind_of(item).normalise(item, edited)
        actor, today = await self._get_actor(), dt.date.today()
        kind = kind_of(item)
        t = kind.target(item)

        def op(s: OfflineStore) -> tuple[dict[OutboxState, int], set[str]]:
            if t is not None and not kinds.is_local(t.id):
                changes["if_match"], changes["base"] = kind.version_in(s, t.id)
            s.retry(item.id, **changes)
            return s.outbox_counts(), ops.reapply(s, actor, today, touched_by(item))

        counts, changed = await self._in_store(op)
        self._wake_pusher()
        self._emit_changes(counts, changed | ({item.case_id} if item.case_id else set()))

    async def discard(self, item_id: str) -> None:
        """Drop a write in conflict, refused, or queued and never sent; its local change is undone."""
        actor, today = await self._get_actor(), dt.date.today()

        def op(s: OfflineStore) -> tuple[OutboxItem, dict[OutboxState, int], set[str]]:
            item = s.get_outbox_item(item_id)
            s.discard(item_id, revert=ops.revert(s, item))
            return item, s.outbox_counts(), ops.reapply(s, actor, today, touched_by(item))

        item, counts, changed = await self._in_store(op)
        self._emit_changes(counts, changed | ({item.case_id} if item.case_id else set()))

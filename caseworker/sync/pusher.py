"""Pushing the outbox. One pusher at a time sends the items ``next_pending`` hands out (per case
strictly in order), each with its stored Idempotency-Key (a resend after a timeout or a restart is
the same request and the platform replays its first answer). Requests go one at a time and each is
marked in flight, durably, before it leaves; the store work runs beside the requests in batches (one
transaction stores the acknowledgements that came in meanwhile and claims the next few items), so the
outbox drains at the speed of the platform rather than of the disk. Outcomes:

* 2xx → ``mark_done`` with the platform's representation (placeholders deleted, ETag stored) in one
  transaction, which also moves later writes of this user to the same entity onto the new ETag
  (``rebase_pending``: they were made on top of this one) and re-makes their optimistic changes;
* Offline / 5xx / 429 / a malformed answer / 409 "same key still running" → ``mark_retry`` (same key),
  pushing stops until the next round (offline: probing with backoff);
* SignedOut → ``mark_retry``, a ``SignedOut`` event, no more pushing or pulling until the session is
  signed in again (``TokenSession.signed_in``, then ``syncnow()``); the outbox is kept;
* 412 → ``mark_conflict`` with base, theirs (the platform's current version) and ours; the cache shows
  theirs; nothing is re-sent until the user resolves it (``resolve_conflict``);
* 403/404/422 (and other refusals) → ``mark_rejected`` with the Swedish reason; the optimistic change is
  undone, the item (with the user's text) stays visible until retried (``retry_rejected``) or discarded.

Test hook: ``CASEWORKER_TEST_CRASH_AT`` (see ``caseworker.sync.testhooks``) kills the process at a step
of a push, for the kill-9 tests.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum

from caseworker.api.errors import (
    BadResponse,
    Forbidden,
    Gone,
    NotFound,
    Offline,
    Overloaded,
    PlatformError,
    Rejected,
    ServerError,
    SignedOut,
)
from caseworker.api.errors import Conflict as PlatformConflict
from caseworker.store import OfflineStore, OutboxItem, OutboxState
from caseworker.store.outbox import unsent_count
from caseworker.sync import kinds, ops
from caseworker.sync.events import SyncProgress
from caseworker.sync.kinds import Actor, Answer, CannotSend, Target, kind_of
from caseworker.sync.ops import touched_by
from caseworker.sync.problems import Problems, platform_words, reason_of

log = logging.getLogger(__name__)

_BUSY_WAIT = 1.0  # seconds before asking again about a write the platform is still running (409)


_MAX_BUSY_WAITS = 30


_CLAIM_AHEAD = 16  # writes claimed (marked in flight) per store transaction while others are sent

# The platform refuses an acted_at more than a year old (422). A write that waited offline longer must
# still land, so it goes without one: its events then carry only the platform's time. A day less than
# the platform's limit, for the two clocks disagreeing. (A resend with the same key that crosses this
# line changes the body, and the platform refuses the reused key; the user's "Försök igen" sends it
# with a new key. Only a write left without an answer for exactly a year meets that.)
ACTED_AT_SENT_WITHIN = dt.timedelta(days=364)


def acted_at_to_send(item: OutboxItem, now: dt.datetime) -> str | None:
    """The ``acted_at`` that goes with ``item`` sent at ``now``, or None when it is too old to send.

    An item queued by a version before outbox schema 5 has none: it may have been sent already without
    one, and a resend with its key must be the same request."""
    if item.acted_at is None:
        return None
    acted = min(item.acted_at, now)  # never ahead of our own clock (it may have been set back meanwhile)
    return None if now - acted > ACTED_AT_SENT_WITHIN else acted.isoformat()


class _Outcome(Enum):
    DONE = "done"  # acknowledged
    SETTLED = "settled"  # conflict or rejected: recorded, the next item may go
    STOP = "stop"  # retry later (offline, overloaded, signed out)
    BUSY = "busy"  # the platform is still running an earlier attempt with this key: ask again shortly


@dataclass(frozen=True)
class _Ack:
    """A write the platform accepted, whose acknowledgement is not stored yet."""

    item: OutboxItem
    sent_if_match: str | None
    answer: Answer


def _is_in_progress(exc: Rejected) -> bool:
    """409 because the same Idempotency-Key is still being processed (not a 409 refusal)."""
    if exc.status != 409:
        return False
    kind = exc.problem.type if exc.problem is not None else ""
    return kind.rstrip("/").endswith(("idempotency-key-in-flight", "in-progress", "request-in-progress"))


class Pusher(Problems):
    """Sends the outbox in order, pipelined, and settles each write."""

    async def push(self) -> int:
        """Send what can go now, in order; returns how many writes the platform acknowledged.

        Stops early (the rest stays pending) when the platform cannot be reached, is overloaded, or
        the session is over; conflicts and refusals are recorded and the next write goes.
        """
        pushed, _ = await self._push()
        return pushed

    async def _push(self) -> tuple[int, str | None]:
        """Push in order, pipelined. Requests go one at a time, each marked in flight (durably) before it
        leaves; the store work runs beside them on the store's thread, in batches: one transaction
        stores the acknowledgements that arrived meanwhile and claims the next few items (so a slow
        disk costs one commit per batch, not two per write)."""
        async with self._push_lock:
            counts = await self._store.outbox_counts()
            total = unsent_count(counts)
            pushed = sent = busy = 0
            error: str | None = None
            claimed: deque[OutboxItem] = deque()
            acks: list[_Ack] = []
            step: asyncio.Task[list[OutboxItem]] | None = None
            loop = asyncio.get_running_loop()

            def start_step() -> asyncio.Task[list[OutboxItem]]:
                batch, acks[:] = list(acks), []
                return loop.create_task(self._store_step(batch, _CLAIM_AHEAD - len(claimed)))

            try:
                while True:
                    if not claimed:
                        if step is None:
                            step = start_step()
                        task, step = step, None
                        claimed.extend(await task)
                        if not claimed:
                            if acks:  # acknowledged meanwhile: that may free the next write of a case
                                step = start_step()
                                continue
                            break
                    item = claimed.popleft()
                    if self._signed_out():
                        claimed.appendleft(item)
                        error = SignedOut.user_message
                        break
                    if step is None and (acks or len(claimed) < _CLAIM_AHEAD // 2):
                        step = start_step()  # beside this request: store the acks, claim more
                    outcome, error, ack = await self._push_one(item)
                    if ack is not None:
                        acks.append(ack)
                    if outcome is _Outcome.STOP:
                        break
                    if outcome is _Outcome.BUSY:
                        busy += 1
                        if busy > _MAX_BUSY_WAITS:
                            error = Overloaded.user_message
                            break
                        await asyncio.sleep(_BUSY_WAIT)
                        continue
                    sent += 1
                    pushed += outcome is _Outcome.DONE
                    self._emit(SyncProgress(phase="push", done=sent, total=max(total, sent)))
            finally:
                # never leave an acknowledgement unstored or a claimed item in flight
                if step is not None:
                    claimed.extend(await asyncio.shield(step))
                if acks or claimed:
                    leftover = list(claimed)
                    await asyncio.shield(self._store_step(list(acks), 0, release=leftover))
            return pushed, error

    async def _store_step(
        self, acks: list[_Ack], claim: int, *, release: list[OutboxItem] | None = None
    ) -> list[OutboxItem]:
        """One transaction: store ``acks``, put ``release`` back unsent, claim up to ``claim`` items."""
        actor, today = await self._get_actor(), dt.date.today()

        def step(s: OfflineStore) -> tuple[list[OutboxItem], dict[OutboxState, int], set[str]]:
            changed: set[str] = set()
            for ack in acks:
                changed |= _acknowledge(s, ack, actor, today)
                if ack.answer.created_id is not None:
                    self._created_ids[kinds.placeholder_id(ack.item.id)] = ack.answer.created_id
            for unsent in release or ():
                s.release(unsent.id)
            claimed: list[OutboxItem] = []
            while len(claimed) < claim:
                ready = s.next_pending()
                if ready is None:
                    break
                claimed.append(s.mark_in_flight(ready.id))
            return claimed, s.outbox_counts(), changed

        claimed, counts, changed = await self._in_store(step)
        if acks or release or claimed:
            self._emit_changes(counts, changed)
        return claimed

    async def _push_one(self, item: OutboxItem) -> tuple[_Outcome, str | None, _Ack | None]:
        """Send one claimed item and settle it; on success returns the acknowledgement for the caller to
        store (batched with others)."""
        self._crash.reached("before_send")
        try:
            kind = kind_of(item)
            t = kind.target(item)
            if_match = item.if_match
            if t is not None and kinds.is_local(t.id):
                raise CannotSend(
                    "Markeringen har inte kunnat sparas på plattformen, så den här ändringen av den kan inte "
                    "skickas. Släng ändringen eller rita markeringen igen."
                )
            if t is not None and if_match is None:
                current = await kind.current(self._send_env, item)
                if current is None:
                    raise CannotSend(NotFound.user_message)
                theirs, their_etag = current
                base_version = item.base.get("version") if isinstance(item.base, Mapping) else None
                if base_version is not None and theirs.get("version") != base_version:
                    await self._record_conflict(item, theirs, their_etag, PlatformConflict.user_message)
                    return _Outcome.SETTLED, None, None
                if_match = their_etag
            acted_at = acted_at_to_send(item, self.clock())
            outgoing = (
                item
                if acted_at is None
                else replace(item, payload=kind.with_acted_at(item.payload, acted_at))
            )
            self._sending = True
            try:
                answer = await kind.send(self._send_env, outgoing, if_match)
            finally:
                self._sending = False
            self._crash.reached("after_response")
        except asyncio.CancelledError:
            await asyncio.shield(self._retry_later(item, "avbruten"))
            raise
        except CannotSend as exc:
            await self._record_rejection(item, str(exc))
            return _Outcome.SETTLED, None, None
        except SignedOut as exc:
            await self._retry_later(item, exc.user_message)
            self._signed_out()
            return _Outcome.STOP, exc.user_message, None
        except Offline as exc:
            await self._retry_later(item, exc.user_message)
            self._set_online(False)
            return _Outcome.STOP, exc.user_message, None
        except (ServerError, Overloaded) as exc:
            self._set_online(True)
            await self._retry_later(item, exc.user_message)
            return _Outcome.STOP, exc.user_message, None
        except BadResponse as exc:  # e.g. a truncated answer: the write may or may not have landed
            await self._retry_later(item, exc.user_message)
            return _Outcome.STOP, exc.user_message, None
        except PlatformConflict as exc:
            self._set_online(True)
            await self._record_conflict(item, exc.current_data, exc.etag, exc.user_message)
            return _Outcome.SETTLED, None, None
        except Rejected as exc:
            self._set_online(True)
            if _is_in_progress(exc):  # our own earlier attempt is still running there: ask again soon
                await self._retry_later(item, exc.user_message)
                return _Outcome.BUSY, None, None
            await self._record_rejection(item, reason_of(exc), platform_words(exc))
            return _Outcome.SETTLED, None, None
        except (Forbidden, NotFound, Gone) as exc:
            self._set_online(True)
            await self._record_rejection(item, reason_of(exc), platform_words(exc))
            return _Outcome.SETTLED, None, None
        except PlatformError as exc:
            await self._retry_later(item, exc.user_message)
            return _Outcome.STOP, exc.user_message, None
        except Exception:
            await asyncio.shield(self._retry_later(item, "internt fel"))
            raise
        self._set_online(True)
        return _Outcome.DONE, None, _Ack(item, if_match, answer)


def _acknowledge(s: OfflineStore, ack: _Ack, actor: Actor, today: dt.date) -> set[str]:
    """Store one acknowledgement (inside the caller's transaction): ``mark_done`` with the platform's
    answer, later writes to the same entity moved onto its new ETag (or the created markup's id), and
    the optimistic changes the answer overwrote made again. Returns the case ids that changed."""
    item, answer = ack.item, ack.answer
    s.mark_done(item.id, server=answer.change)
    changed = {item.case_id} if item.case_id else set()
    kind = kind_of(item)
    t = kind.target(item)
    created = (
        Target(kind.creates, kinds.placeholder_id(item.id)) if kind.creates and answer.created_id else None
    )
    if (t is None or answer.etag is None) and created is None:
        return changed  # notes and messages: nothing else refers to them
    later = [
        x
        for x in s.list_outbox([OutboxState.PENDING], case_id=item.case_id, limit=1_000_000)
        if x.seq > item.seq and x.ordering_key == item.ordering_key
    ]
    for x in later:
        later_kind = kind_of(x)
        xt = later_kind.target(x)
        if xt is None:
            continue
        if created is not None and xt == created and answer.created_id is not None:
            path = later_kind.path(answer.created_id)
            s.rebase_pending(x.id, if_match=answer.etag, path=path, base=answer.entity)
        elif xt == t and x.if_match is not None and x.if_match in (item.if_match, ack.sent_if_match):
            s.rebase_pending(x.id, if_match=answer.etag, base=answer.entity)
    return changed | ops.reapply(s, actor, today, touched_by(item), skip=item.id)

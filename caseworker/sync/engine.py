"""The sync engine: every user write goes to the store and the outbox in one transaction, then is
pushed in order; the delta feed is pulled into the store. Online or offline, the same path.

Writes (``patch_case``, ``add_note``, ...) build the outbox item *and* its optimistic change on the store's
thread in ONE transaction (``caseworker.sync.ops`` says what each kind sends and shows), emit
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

Pushing. One pusher at a time sends the items ``next_pending`` hands out (per case strictly in order),
each with its stored Idempotency-Key (a resend after a timeout or a restart is the same request and the
platform replays its first answer). Requests go one at a time and each is marked in flight, durably,
before it leaves; the store work runs beside the requests in batches (one transaction stores the
acknowledgements that came in meanwhile and claims the next few items), so the outbox drains at the
speed of the platform rather than of the disk. Outcomes:

* 2xx → ``mark_done`` with the platform's representation (placeholders deleted, ETag stored) in one
  transaction, which also moves later writes of this user to the same entity onto the new ETag
  (``rebase_pending``: they were made on top of this one) and re-makes their optimistic changes;
* Offline / 5xx / 429 / a malformed answer / 409 "same key still running" → ``mark_retry`` (same key),
  pushing stops until the next round (offline: probing with backoff);
* SignedOut → ``mark_retry``, a ``SignedOut`` event, no more pushing or pulling until the session is
  signed in again (``TokenSession.signed_in``, then ``sync_now()``); the outbox is kept;
* 412 → ``mark_conflict`` with base, theirs (the platform's current version) and ours; the cache shows
  theirs; nothing is re-sent until the user resolves it (``resolve_conflict``);
* 403/404/422 (and other refusals) → ``mark_rejected`` with the Swedish reason; the optimistic change is
  undone, the item (with the user's text) stays visible until retried (``retry_rejected``) or discarded.

Pulling. ``GET /sync/changes`` from the stored cursor; each page is applied and the new cursor stored in
one transaction, and the optimistic changes of unsent items the page touched are re-made in that same
transaction (a pulled version would otherwise hide them). A reader task stays a few pages ahead of the
store (validating each page into entities in one pass, ``caseworker.sync.feed``); pages that are waiting
when the store is free go into one transaction. 410 Gone → the cache (not the outbox) is cleared and the
feed read from the start. The cursor lives in the cache, so a quarantined cache also starts over.

"Make available offline" fetches the case (with its ETag), its events, documents and markups, and
each document's bytes into the blob store (verified by sha256). The bytes are encrypted from the first
one: they arrive in a ``PartialDownload`` of the store (``incoming/`` under the store folder, the blob
format already), which keeps what arrived when a download breaks off, so the next try continues there
(within a run: what is left when the engine starts again is deleted), and which becomes the blob
without being read again. One download per document at a time.

Online/offline: online after any answer from the platform, offline after a network failure. While
offline the background loop probes with a cheap read (the delta feed) with exponential backoff and
pushes as soon as it answers. Events are delivered on the event loop's thread.

Test hook: ``CASEWORKER_TEST_CRASH_AT`` (see ``caseworker.sync.testhooks``) kills the process at a step
of a push, for the kill-9 tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import logging
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any, TypeVar

import httpx

from caseworker.api.client import PlatformClient
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
    scrub,
)
from caseworker.api.errors import Conflict as PlatformConflict
from caseworker.auth.session import SessionState
from caseworker.domain.models import (
    Annotation,
    AnnotationInput,
    CasePatch,
    DecisionInput,
    Document,
    MessageCreate,
)
from caseworker.store import (
    AsyncStore,
    Conflict,
    InvalidTransition,
    NewWrite,
    OfflineStore,
    OutboxItem,
    OutboxState,
)
from caseworker.store.outbox import unsent_count
from caseworker.sync import kinds, ops
from caseworker.sync.events import (
    CasesChanged,
    ConnectionChanged,
    OutboxChanged,
    SyncEvent,
    SyncFinished,
    SyncProgress,
)
from caseworker.sync.events import SignedOut as SignedOutEvent
from caseworker.sync.feed import CURSOR_KEY, FeedPage, TypedChangePage, apply_pages
from caseworker.sync.kinds import Actor, Answer, CannotSend, SendEnv, Target, WriteKind, kind_of
from caseworker.sync.ops import Touched, touched_by
from caseworker.sync.testhooks import CrashHook

log = logging.getLogger(__name__)

Listener = Callable[[SyncEvent], None]
T = TypeVar("T")

DEFAULT_PAGE_SIZE = 500
_ANALYZE_AFTER = 1000  # pulled changes after which the store refreshes its planner statistics
_DONE_KEPT = dt.timedelta(days=7)  # acknowledged writes stay visible in the outbox this long
_BUSY_WAIT = 1.0  # seconds before asking again about a write the platform is still running (409)
_MAX_BUSY_WAITS = 30
_CLAIM_AHEAD = 16  # writes claimed (marked in flight) per store transaction while others are sent
_PAGES_AHEAD = 4  # delta pages read ahead of the store (bounded memory: a page is ~1-2 MB)
_PAGES_PER_TRANSACTION = 4  # pages waiting when the store is free are applied in one transaction
_FETCH_BEFORE_WRITE = 5.0  # seconds a write may wait for the case's ETag when none is cached
_PROGRESS_STEP = 256 * 1024  # download progress events at most every this many bytes


class ConflictChoice(StrEnum):
    KEEP_MINE = "keep_mine"  # re-send ours on top of theirs (new If-Match base, new key)
    TAKE_THEIRS = "take_theirs"  # drop ours, keep the platform's version
    EDIT = "edit"  # send an edited version of ours on top of theirs


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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def reason_of(exc: PlatformError) -> str:
    """The Swedish text of a refusal, with the platform's own explanation when it gave one."""
    text = exc.user_message
    problem = exc.problem
    if problem is not None:
        detail = problem.detail or problem.title
        if detail:
            text += f" (Plattformens svar: {scrub(detail)[:300]})"
    return text


def _is_in_progress(exc: Rejected) -> bool:
    """409 because the same Idempotency-Key is still being processed (not a 409 refusal)."""
    if exc.status != 409:
        return False
    kind = exc.problem.type if exc.problem is not None else ""
    return kind.rstrip("/").endswith(("idempotency-key-in-flight", "in-progress", "request-in-progress"))


class SyncEngine:
    def __init__(
        self,
        store: AsyncStore,
        client: PlatformClient,
        *,
        user_id: str,
        page_size: int = DEFAULT_PAGE_SIZE,
        probe_delays: tuple[float, float] = (1.0, 60.0),
        crash_hook: CrashHook | None = None,
    ) -> None:
        self._store = store
        self._client = client
        self._user_id = user_id
        self.page_size = page_size
        self._probe_min, self._probe_max = probe_delays
        self._listeners: list[Listener] = []
        self._online = False
        self._online_since = _now()
        self._signed_out_reported = False
        self._push_lock = asyncio.Lock()
        self._pull_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._actor: Actor | None = None
        self._send_env = SendEnv(client, store)
        self._crash = crash_hook if crash_hook is not None else CrashHook.from_environment()
        self._sending = False  # a write request is on its way (for the after_send test hook)
        self._download_locks: dict[str, asyncio.Lock] = {}  # by sha256: one download per document
        if self._crash.point == "after_send":
            hooks = client.http.event_hooks
            hooks["response"] = [*hooks.get("response", []), self._after_send_hook]
            client.http.event_hooks = hooks

    # --- listening ---------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` (on the event loop's thread) for every event; returns an unsubscribe."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, event: SyncEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("a sync event listener failed")

    @property
    def online(self) -> bool:
        return self._online

    def _set_online(self, online: bool) -> None:
        if online == self._online:
            return
        self._online = online
        self._online_since = _now()
        log.info("platform %s", "reachable" if online else "not reachable")
        self._emit(ConnectionChanged(online=online, since=self._online_since))

    def _signed_out(self) -> bool:
        """True while the session is over; emits SignedOut once per time it ends."""
        if self._client.session.state is SessionState.SIGNED_OUT:
            if not self._signed_out_reported:
                self._signed_out_reported = True
                self._emit(SignedOutEvent(reason=SignedOut.user_message))
            return True
        self._signed_out_reported = False
        return False

    # --- lifecycle ---------------------------------------------------------------------------
    async def start(self, *, interval: float = 60.0) -> None:
        """Sync now and then every ``interval`` seconds, and push as soon as something is queued.

        Returns at once: the first round runs in the background (``SyncFinished`` tells when it ended).
        """
        if self._task is not None and not self._task.done():
            return
        with contextlib.suppress(Exception):
            await self._store.purge_done(_now() - _DONE_KEPT)
        # downloads an earlier run left (encrypted; an older version's were plaintext): not kept
        await self._store.remove_blob_downloads()
        self._task = asyncio.get_running_loop().create_task(self._run(interval), name="caseworker-sync")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def sync_now(self) -> SyncFinished:
        """Push the outbox, then pull the delta feed (410 → full resync that keeps the outbox).

        Never raises for a platform problem: the returned (and emitted) ``SyncFinished`` carries the
        user message. Store errors propagate.
        """
        return await self._cycle(pull=True)

    async def _run(self, interval: float) -> None:
        loop = asyncio.get_running_loop()
        pull_at = loop.time()
        backoff = self._probe_min
        first = True
        while True:
            wait = max(0.0, pull_at - loop.time()) if self._online or first else backoff
            first = False
            woken = False
            if wait > 0:
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=wait)
                    woken = True
                except TimeoutError:
                    pass
            self._wake.clear()
            pull = not woken or loop.time() >= pull_at
            try:
                await self._cycle(pull=pull)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("a sync round failed")
                failed = "Synkroniseringen misslyckades på grund av ett internt fel."
                self._emit(SyncFinished(at=_now(), pulled=0, pushed=0, error=failed))
            if self._client.session.state is SessionState.SIGNED_OUT:
                # nothing to do until the user signs in again (then sync_now(), or the next round)
                pull_at, backoff = loop.time() + interval, interval
            elif self._online:
                backoff = self._probe_min
                if pull:
                    pull_at = loop.time() + interval
            else:
                backoff = min(backoff * 2, self._probe_max)

    def _wake_pusher(self) -> None:
        self._wake.set()

    async def _cycle(self, *, pull: bool) -> SyncFinished:
        pushed = pulled = 0
        error: str | None = None
        if self._signed_out():
            error = SignedOut.user_message
        else:
            try:
                probed = False
                if not self._online:  # the delta feed is the probe: cheap, and useful when it answers
                    pulled += await self.pull()
                    probed = True
                pushed, error = await self._push()
                if pull and not probed and error is None:
                    pulled += await self.pull()
            except SignedOut as exc:
                self._signed_out()
                error = exc.user_message
            except Offline as exc:
                self._set_online(False)
                error = exc.user_message
            except PlatformError as exc:
                error = exc.user_message
        finished = SyncFinished(at=_now(), pulled=pulled, pushed=pushed, error=error)
        self._emit(finished)
        return finished

    # --- small helpers -----------------------------------------------------------------------
    async def _get_actor(self) -> Actor:
        if self._actor is None or self._actor.name is None:
            user = await self._store.get_user()
            self._actor = Actor(self._user_id, user.display_name if user is not None else None)
        return self._actor

    async def _in_store(self, fn: Callable[[OfflineStore], T]) -> T:
        """Run ``fn`` in one transaction on the store's thread."""

        def transaction(s: OfflineStore) -> T:
            with s.transaction():
                return fn(s)

        return await self._store.run(transaction)

    def _emit_changes(self, counts: Mapping[OutboxState, int] | None, cases: set[str] | None = None) -> None:
        if counts is not None:
            self._emit(OutboxChanged(counts=dict(counts)))
        if cases:
            self._emit(CasesChanged(case_ids=frozenset(cases)))

    # --- user writes (local first, then the outbox) ------------------------------------------
    async def _enqueue(self, build: Callable[[OfflineStore], NewWrite]) -> OutboxItem:
        actor, today = await self._get_actor(), dt.date.today()

        def op(s: OfflineStore) -> tuple[OutboxItem, dict[OutboxState, int]]:
            item = s.enqueue(build(s))
            local = ops.optimistic(s, item, actor, today)
            if local is not None:
                s.apply(local)
            return item, s.outbox_counts()

        item, counts = await self._in_store(op)
        self._emit_changes(counts, {item.case_id} if item.case_id else None)
        self._wake_pusher()
        return item

    @property
    def store(self) -> AsyncStore:
        return self._store

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
        """Queue a write of ``kind`` about ``ref`` (the id in its path) with ``data`` (its payload model)."""
        draft = await kind.prepare(self, ref, data)
        return await self._enqueue(lambda s: kind.new_write(s, ref, draft))

    async def patch_case(self, case_id: str, patch: CasePatch) -> OutboxItem:
        return await self.write(kinds.PATCH_CASE, case_id, patch)

    async def add_note(self, case_id: str, text: str) -> OutboxItem:
        return await self.write(kinds.ADD_NOTE, case_id, text)

    async def send_message(self, case_id: str, message: MessageCreate) -> OutboxItem:
        return await self.write(kinds.SEND_MESSAGE, case_id, message)

    async def post_decision(self, case_id: str, decision: DecisionInput, pdf: bytes) -> OutboxItem:
        """The decision with its letter: the PDF goes to the blob store, the outbox names its sha256."""
        return await self.write(kinds.POST_DECISION, case_id, (decision, pdf))

    async def add_annotation(self, document_id: str, annotation: AnnotationInput) -> OutboxItem:
        return await self.write(kinds.ADD_ANNOTATION, document_id, annotation)

    async def update_annotation(self, annotation_id: str, annotation: AnnotationInput) -> OutboxItem:
        return await self.write(kinds.UPDATE_ANNOTATION, annotation_id, annotation)

    async def delete_annotation(self, annotation_id: str) -> OutboxItem:
        return await self.write(kinds.DELETE_ANNOTATION, annotation_id, None)

    # --- pushing -----------------------------------------------------------------------------
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

    async def _after_send_hook(self, response: httpx.Response) -> None:
        if self._sending and response.request.method != "GET":
            self._crash.reached("after_send")

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
            self._sending = True
            try:
                answer = await kind.send(self._send_env, item, if_match)
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
            await self._record_rejection(item, reason_of(exc))
            return _Outcome.SETTLED, None, None
        except (Forbidden, NotFound, Gone) as exc:
            self._set_online(True)
            await self._record_rejection(item, reason_of(exc))
            return _Outcome.SETTLED, None, None
        except PlatformError as exc:
            await self._retry_later(item, exc.user_message)
            return _Outcome.STOP, exc.user_message, None
        except Exception:
            await asyncio.shield(self._retry_later(item, "internt fel"))
            raise
        self._set_online(True)
        return _Outcome.DONE, None, _Ack(item, if_match, answer)

    # --- outcomes of a push --------------------------------------------------------------------
    async def _retry_later(self, item: OutboxItem, error: str) -> None:
        def op(s: OfflineStore) -> dict[OutboxState, int]:
            s.mark_retry(item.id, error)
            return s.outbox_counts()

        self._emit_changes(await self._in_store(op))

    async def _record_rejection(self, item: OutboxItem, reason: str) -> None:
        actor, today = await self._get_actor(), dt.date.today()

        def op(s: OfflineStore) -> tuple[dict[OutboxState, int], set[str]]:
            s.mark_rejected(item.id, reason, revert=ops.revert(s, item))
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

    # --- pulling -----------------------------------------------------------------------------
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

    # --- outbox problems ---------------------------------------------------------------------
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

    # --- offline availability ----------------------------------------------------------------
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


async def _stop(task: asyncio.Task[None]) -> None:
    if not task.done():
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


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


def _offset_progress(report: Callable[[int], None], offset: int, done: int, _size: int) -> None:
    report(offset + done)


def _requeued(error: PlatformError) -> asyncio.Queue[FeedPage | PlatformError]:
    """A queue holding only ``error`` (the reader stopped after it): handed over after the batch."""
    queue: asyncio.Queue[FeedPage | PlatformError] = asyncio.Queue()
    queue.put_nowait(error)
    return queue


__all__ = ["CURSOR_KEY", "ConflictChoice", "Listener", "SyncEngine", "reason_of"]

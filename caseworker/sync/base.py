"""The sync engine's shared state and plumbing: listeners and events, online/offline, the signed-out
state, who acts, and one-transaction store calls. The engine's parts (``writes``, ``pusher``,
``problems``, ``feed``, ``downloads``, ``connection``) build on :class:`EngineBase`; ``engine.SyncEngine``
puts them together.

Online/offline: online after any answer from the platform, offline after a network failure; the first
time the engine finds out either way it says so (``ConnectionChanged``), offline since the last
complete sync (``last_synced``, kept in the store) when that is how a run begins. Events are delivered
on the event loop's thread.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from typing import TypeVar

import httpx

from caseworker.api.client import PlatformClient
from caseworker.api.errors import SignedOut
from caseworker.auth.session import SessionState
from caseworker.listeners import Listeners
from caseworker.store import AsyncStore, OfflineStore, OutboxState
from caseworker.sync.events import CasesChanged, ConnectionChanged, OutboxChanged, SyncEvent, SyncFinished
from caseworker.sync.events import SignedOut as SignedOutEvent
from caseworker.sync.kinds import Actor, SendEnv
from caseworker.sync.testhooks import CrashHook

log = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 500
LAST_SYNC_KEY = "sync.last_synced_at"  # when the user's data last synced completely (ISO 8601)
_OLD_LAST_SYNC_KEY = "ui.last_synced_at"  # where versions before 2026-12 kept it


Listener = Callable[[SyncEvent], None]
T = TypeVar("T")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def local_now() -> dt.datetime:
    """Now, with this computer's offset: when the user acts, as ``acted_at`` says it."""
    return dt.datetime.now().astimezone()


class EngineBase:
    """State and plumbing every part of the engine shares."""

    def __init__(
        self,
        store: AsyncStore,
        client: PlatformClient,
        *,
        user_id: str,
        page_size: int = DEFAULT_PAGE_SIZE,
        probe_delays: tuple[float, float] = (1.0, 10.0),
        probe_every: float = 10.0,
        crash_hook: CrashHook | None = None,
        clock: Callable[[], dt.datetime] = local_now,
    ) -> None:
        self._store = store
        self.clock = clock  # when the user acts (stored with each write) and when it is sent; tests set it
        self._client = client
        self._user_id = user_id
        self.page_size = page_size
        self._probe_min, self._probe_max = probe_delays  # while offline: the first wait, the longest
        self._probe_every = probe_every  # while online and idle
        self._listeners: Listeners[SyncEvent] = Listeners("a sync event listener")
        self._online = False
        self._online_since = now()
        self._connection_known = False  # the platform answered, or failed to, at least once this run
        self._last_synced: dt.datetime | None = None
        self._last_synced_read = False
        # placeholder id -> the platform's id, for each entity a write of this run created: a window still
        # showing a new markup by its placeholder can change it after the platform created it
        self._created_ids: dict[str, str] = {}
        self._signed_out_reported = False
        self._push_lock = asyncio.Lock()
        self._pull_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._actor: Actor | None = None
        self._send_env = SendEnv(client, store)
        client.watch_reachability(self._set_online)  # any request tells: online or not
        self._crash = crash_hook if crash_hook is not None else CrashHook.from_environment()
        self._sending = False  # a write request is on its way (for the after_send test hook)
        self._download_locks: dict[str, asyncio.Lock] = {}  # by sha256: one download per document
        if self._crash.point == "after_send":
            hooks = client.http.event_hooks
            hooks["response"] = [*hooks.get("response", []), self._after_send_hook]
            client.http.event_hooks = hooks

    async def _after_send_hook(self, response: httpx.Response) -> None:
        if self._sending and response.request.method != "GET":
            self._crash.reached("after_send")

    @property
    def store(self) -> AsyncStore:
        return self._store

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` (on the event loop's thread) for every event; returns an unsubscribe."""
        return self._listeners.add(listener)

    def _emit(self, event: SyncEvent) -> None:
        self._listeners.tell(event)

    @property
    def online(self) -> bool:
        return self._online

    @property
    def offline_since(self) -> dt.datetime | None:
        """Since when the platform could not be reached (None while it can, or before the first try)."""
        return None if self._online or not self._connection_known else self._online_since

    @property
    def last_synced(self) -> dt.datetime | None:
        """When the user's data last synced completely (None if never, or not read from the store yet)."""
        return self._last_synced

    async def _read_last_synced(self) -> dt.datetime | None:
        if not self._last_synced_read:
            self._last_synced_read = True
            value = await self._store.get_state(LAST_SYNC_KEY) or await self._store.get_state(
                _OLD_LAST_SYNC_KEY
            )
            try:
                self._last_synced = dt.datetime.fromisoformat(value) if value else None
            except ValueError:
                log.warning("the stored time of the last sync is not a time; treated as never")
        return self._last_synced

    async def _synced(self, at: dt.datetime) -> None:
        self._last_synced = at
        await self._store.set_state(LAST_SYNC_KEY, at.isoformat())

    def _set_online(self, online: bool) -> None:
        if online == self._online and self._connection_known:
            return
        first = not self._connection_known
        self._connection_known = True
        self._online = online
        # a run that begins offline has been offline since its last complete sync, as far as anyone knows
        self._online_since = (self._last_synced or now()) if first and not online else now()
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

    def _wake_pusher(self) -> None:
        self._wake.set()

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

    async def _cycle(self, *, pull: bool) -> SyncFinished:
        """One sync round (``engine.SyncEngine``)."""
        raise NotImplementedError

"""The sync engine's shared state and plumbing: listeners and events, online/offline, the signed-out
state, who acts, and one-transaction store calls. The engine's parts (``writes``, ``pusher``,
``problems``, ``feed``, ``downloads``, ``connection``) build on :class:`EngineBase`; ``engine.SyncEngine``
puts them together.

Online/offline: online after any answer from the platform, offline after a network failure. Events are
delivered on the event loop's thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from typing import TypeVar

import httpx

from caseworker.api.client import PlatformClient
from caseworker.api.errors import SignedOut
from caseworker.auth.session import SessionState
from caseworker.store import AsyncStore, OfflineStore, OutboxState
from caseworker.sync.events import CasesChanged, ConnectionChanged, OutboxChanged, SyncEvent, SyncFinished
from caseworker.sync.events import SignedOut as SignedOutEvent
from caseworker.sync.kinds import Actor, SendEnv
from caseworker.sync.testhooks import CrashHook

log = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 500


Listener = Callable[[SyncEvent], None]
T = TypeVar("T")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class EngineBase:
    """State and plumbing every part of the engine shares."""

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
        self._online_since = now()
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

    async def _after_send_hook(self, response: httpx.Response) -> None:
        if self._sending and response.request.method != "GET":
            self._crash.reached("after_send")

    @property
    def store(self) -> AsyncStore:
        return self._store

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
        self._online_since = now()
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

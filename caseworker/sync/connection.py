"""Online or offline, and noticing the change: the engine's background loop.

Online after any answer from the platform, offline after a network failure. While offline the loop
probes with a cheap read (the delta feed) with exponential backoff and pushes as soon as it answers;
while online it pulls every ``interval`` seconds and pushes as soon as a write is queued.
"""

from __future__ import annotations

import asyncio
import logging

from caseworker.auth.session import SessionState
from caseworker.sync.base import EngineBase, now
from caseworker.sync.events import SyncFinished

log = logging.getLogger(__name__)

INTERNAL_FAILURE = "Synkroniseringen misslyckades på grund av ett internt fel."


class Connection(EngineBase):
    """The background loop: rounds on a timer, on a wake-up, and probing while offline."""

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
                failed = SyncFinished(
                    at=now(), pulled=0, pushed=0, error=INTERNAL_FAILURE, last_synced=self._last_synced
                )
                self._emit(failed)
            if self._client.session.state is SessionState.SIGNED_OUT:
                # nothing to do until the user signs in again (then sync_now(), or the next round)
                pull_at, backoff = loop.time() + interval, interval
            elif self._online:
                backoff = self._probe_min
                if pull:
                    pull_at = loop.time() + interval
            else:
                backoff = min(backoff * 2, self._probe_max)

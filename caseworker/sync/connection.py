"""Online or offline, and noticing the change: the engine's background loop.

Online after any answer from the platform, offline as soon as a request cannot reach it -- any request,
the engine's or a screen's (``PlatformClient.watch_reachability``). While online and idle the loop
probes every ``probe_every`` seconds (10 by default) with a cheap request (``PlatformClient.reachable``:
one unauthenticated GET, no retries, a short timeout), so a network that goes away is noticed within
about that long even when nothing is being sent; it pulls every ``interval`` seconds and pushes as soon
as a write is queued. While offline it probes with a growing wait (``probe_delays``: from the first to
the second, 1 to 10 s by default) and runs a sync round as soon as the platform answers.

"Försök ansluta" (``reconnect``) probes at once and says so: ``Reconnecting(trying=True)``, then
``Reconnecting(trying=False, reached=...)``, then a sync round when the platform was reached.
"""

from __future__ import annotations

import asyncio
import logging

from caseworker.auth.session import SessionState
from caseworker.sync.base import EngineBase, now
from caseworker.sync.events import Reconnecting, SyncFinished

log = logging.getLogger(__name__)

INTERNAL_FAILURE = "Synkroniseringen misslyckades på grund av ett internt fel."


class Connection(EngineBase):
    """The background loop: rounds on a timer and on a wake-up, probes while idle or offline."""

    async def probe(self) -> bool:
        """Whether the platform can be reached now (the engine goes online or offline by the answer)."""
        return await self._client.reachable()

    async def reconnect(self) -> bool:
        """Try the platform now, saying so before and after; sync at once when it answers."""
        self._emit(Reconnecting(trying=True))
        reached = False
        try:
            reached = await self.probe()
        finally:
            self._emit(Reconnecting(trying=False, reached=reached))
        if reached:
            await self._cycle(pull=True)
        return reached

    async def _probe_safely(self) -> bool:
        try:
            return await self.probe()
        except asyncio.CancelledError:
            raise
        except Exception:  # a bug, not the network: logged, and the loop goes on
            log.exception("the reachability probe failed")
            return self._online

    async def _run(self, interval: float) -> None:
        loop = asyncio.get_running_loop()
        pull_at = loop.time()
        backoff = self._probe_min
        first = True
        while True:
            if first:
                wait = 0.0
            elif self._client.session.state is SessionState.SIGNED_OUT:
                wait = max(0.0, pull_at - loop.time())  # nothing to try until the user signs in again
            elif self._online:  # the next pull, or a probe before it while idle
                wait = max(0.0, min(pull_at - loop.time(), self._probe_every))
            else:
                wait = backoff
            woken = False
            if wait > 0:
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=wait)
                    woken = True
                except TimeoutError:
                    pass
            self._wake.clear()
            due = loop.time() >= pull_at
            if not (first or woken or due):  # a probe's turn: idle while online, or waiting while offline
                was_online = self._online
                if not await self._probe_safely():
                    backoff = min(backoff * 2, self._probe_max) if not was_online else self._probe_min
                    continue
                if was_online:
                    continue  # the platform is there and nothing is waiting: until the next pull
            first = False
            pull = not woken or due
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

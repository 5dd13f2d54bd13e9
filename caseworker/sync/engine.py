"""The sync engine: every user write goes to the store and the outbox in one transaction, then is
pushed in order; the delta feed is pulled into the store. Online or offline, the same path.

The engine is put together from its parts, one module each:

* ``writes`` -- user writes, local first (the outbox item and its optimistic change in one transaction);
* ``pusher`` -- sending the outbox in order, pipelined, each write with its own Idempotency-Key;
* ``problems`` -- conflicts (412) and refusals, and the user's way out of them;
* ``feed`` -- the delta pull;
* ``downloads`` -- "make available offline": cases and document bytes, encrypted from the first byte;
* ``connection`` -- online/offline and the background loop that notices the change;
* ``base`` -- the shared state and plumbing (events, the store's transactions);
* ``kinds`` -- what each sort of write sends, shows and undoes.

Here: the lifecycle (start, stop, one sync round).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging

from caseworker.api.errors import Offline, PlatformError, SignedOut
from caseworker.store import StoreError
from caseworker.sync.base import Listener, now
from caseworker.sync.connection import Connection
from caseworker.sync.downloads import Downloads
from caseworker.sync.events import SyncFinished
from caseworker.sync.feed import CURSOR_KEY, Puller
from caseworker.sync.problems import ConflictChoice, reason_of
from caseworker.sync.pusher import Pusher
from caseworker.sync.writes import Writes

log = logging.getLogger(__name__)

KEEP_DONE = dt.timedelta(days=30)  # sent writes stay in the outbox this long unless the user chose otherwise


class SyncEngine(Connection, Writes, Pusher, Puller, Downloads):
    """One signed-in user's sync: ``start()`` it, call its writes, listen to its events, ``stop()`` it."""

    async def start(self, *, interval: float = 60.0, keep_done: dt.timedelta = KEEP_DONE) -> None:
        """Sync now and then every ``interval`` seconds, and push as soon as something is queued.

        Sent writes older than ``keep_done`` (the user's setting) leave the outbox first. Returns at once:
        the first round runs in the background (``SyncFinished`` tells when it ended).
        """
        if self._task is not None and not self._task.done():
            return
        try:
            purged = await self._store.purge_done(now() - keep_done)
        except StoreError:  # they stay until the next start; syncing matters more
            log.warning(
                "could not remove sent changes older than %s from the outbox", keep_done, exc_info=True
            )
        else:
            if purged:
                log.info("removed %d sent changes older than %s from the outbox", purged, keep_done)
                self._emit_changes(await self._store.outbox_counts())
        await self._read_last_synced()
        # downloads an earlier run left (encrypted; an older version's were plaintext): not kept
        await self._store.remove_blob_downloads()
        self._task = asyncio.get_running_loop().create_task(self._run(interval), name="caseworker-sync")

    async def stop(self) -> None:
        """Stop the background loop (it can be started again)."""
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

    async def _cycle(self, *, pull: bool) -> SyncFinished:
        pushed = pulled = 0
        error: str | None = None
        await self._read_last_synced()
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
        at = now()
        if error is None:
            await self._synced(at)
        offline = error is not None and not self._online
        finished = SyncFinished(
            at=at, pulled=pulled, pushed=pushed, error=error, offline=offline, last_synced=self._last_synced
        )
        self._emit(finished)
        return finished


__all__ = ["CURSOR_KEY", "ConflictChoice", "Listener", "SyncEngine", "reason_of"]

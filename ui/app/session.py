"""One user's session, opened and closed: the steps the controller strings together around its windows.

    open:  sign-in tokens ─► services_after_sign_in        remembered user ─► reopen (offline, no network)
    close: wind_down (sync stopped, the screens' operations ended) ─► revoke (sign-out only) ─► close_services

Nothing here shows a window; :class:`~ui.app.controller.AppController` decides which window is up.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
import shiboken6

from caseworker.api.errors import PlatformError
from caseworker.paths import AppPaths
from caseworker.store import StoreError
from ui import ops
from ui.app.keystore import Keystore
from ui.app.wiring import Platform, services_from_store, wipe_store
from ui.errors import is_known
from ui.local_files import remove_viewer_copies
from ui.qt import QtCore
from ui.services import Services
from ui.settings_store import RememberedUser

log = logging.getLogger(__name__)

REVOKE_TIMEOUT = 10.0
STOP_SYNC_TIMEOUT = 15.0


class CouldNotReopen(Exception):
    """The remembered user's store could not be opened now (logged): sign in instead, remember them."""


async def reopen(
    http: httpx.AsyncClient, paths: AppPaths, keystore: Keystore, platform: Platform, user: RememberedUser
) -> Services | None:
    """A remembered user's session from their store (offline); None if they must sign in again (no store,
    no tokens: forget them); :class:`CouldNotReopen` if it failed this time."""
    try:
        secrets = await keystore.secret_store()
        return await services_from_store(http, paths, secrets, platform, user.user_id)
    except (StoreError, OSError, PlatformError) as exc:
        log.warning("could not reopen a remembered user's store: %s", exc)
        raise CouldNotReopen(str(exc)) from exc
    except Exception as exc:  # a keystore error: sign in instead
        if not is_known(exc):
            log.warning("could not reopen a remembered user", exc_info=True)
        raise CouldNotReopen(type(exc).__name__) from exc


async def wind_down(
    services: Services, *, keep: set[asyncio.Task[object] | None], keep_viewer_copies: bool = False
) -> None:
    """Before the store closes: stop syncing, then cancel the operations the screens still have running
    (reloads, counts, downloads; all but ``keep`` and the current one) and let them end, so nothing
    reaches for a closed store."""
    services.bridge.detach()
    try:
        await asyncio.wait_for(services.sync.stop(), STOP_SYNC_TIMEOUT)
    except Exception:
        log.warning("stopping the sync engine failed", exc_info=True)
    await ops.cancel_running(keep=keep)
    if not keep_viewer_copies:  # the plain copies of documents opened in other programs
        await asyncio.to_thread(remove_viewer_copies, services.paths)


async def revoke(services: Services) -> None:
    """End the session on the platform too, when it answers in time (it expires there by itself)."""
    try:
        problem = await asyncio.wait_for(services.session.sign_out(), REVOKE_TIMEOUT)
        if problem is not None:
            log.info("the platform could not revoke the session now; it expires there by itself")
    except (TimeoutError, PlatformError):
        log.info("signed out locally; revoking on the platform did not complete")


async def wipe(paths: AppPaths, keystore: Keystore, platform: Platform, user_id: str) -> None:
    """Remove the (closed) user's local data and data key (sign out and wipe)."""
    secrets = await keystore.secret_store()
    await asyncio.to_thread(wipe_store, paths, secrets, platform.identity, user_id)
    log.info("local data of the signed-out user removed")


async def delete(obj: QtCore.QObject, timeout: float = 2.0) -> None:
    """deleteLater, and wait (briefly) until Qt has done it, so none of its timers fires again."""
    obj.deleteLater()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while shiboken6.isValid(obj) and loop.time() < deadline:
        await asyncio.sleep(0.01)

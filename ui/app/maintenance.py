"""Keeping a session's local data in order: the first sync with the user's retention, the background check
of the cache file (repair asked of the user), and the release of documents kept offline.

The controller starts each as an operation when a session opens; a repair itself is a session matter
(close and reopen the store: :meth:`ui.app.controller.AppController.repair`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from caseworker.store import StoreError, check_cache_file, request_check_at_open
from ui.dialogs import ask, message_box
from ui.qt import QtCore, QtWidgets
from ui.services import Services
from ui.settings_store import AppSettings

log = logging.getLogger(__name__)

STORE_CHECK_RETRIES = 3  # the background check of the cache, when the file was busy
STORE_CHECK_RETRY_S = 60.0


async def start_sync(services: Services, settings: AppSettings, interval: float) -> None:
    """The sync engine's loop, sent changes kept for the user's chosen number of days. A first sync that
    fails for a known reason (offline, signed out) is no error: the engine keeps trying."""
    try:
        keep_done = dt.timedelta(days=settings.retention_days)
        await services.sync.start(interval=interval, keep_done=keep_done)
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        if getattr(exc, "user_message", None) is None:
            raise
        log.info("first sync did not complete: %s", exc)


async def store_needs_repair(
    services: Services, still_current: Callable[[], bool], window: Callable[[], QtWidgets.QWidget | None]
) -> bool:
    """Check the cache file beside the open store (the store opens unchecked, for a fast start); True if
    it is damaged and the user chose to repair it now.

    Damage is repaired by reopening: the cache is quarantined and synced again; the outbox (its own
    file, always checked at open) is kept. The user chooses now or at the next start (asked for here).
    """
    directory = services.store.directory
    healthy = await asyncio.to_thread(check_cache_file, directory)
    for _ in range(STORE_CHECK_RETRIES):
        if healthy is not None or not still_current():
            break
        await asyncio.sleep(STORE_CHECK_RETRY_S)  # the file was busy (a long first sync): later
        healthy = await asyncio.to_thread(check_cache_file, directory)
    if healthy is not False or not still_current():
        return False
    log.warning("the local cache is damaged; it is repaired when the store is opened next")
    request_check_at_open(directory)
    translate = QtCore.QCoreApplication.translate
    box = message_box(
        window(),
        QtWidgets.QMessageBox.Icon.Warning,
        lambda: translate("AppController", "Den lokala lagringen är skadad"),
        lambda: translate(
            "AppController", "Den lokala kopian av ärendena går inte att lita på och behöver lagas."
        ),
        lambda: translate(
            "AppController",
            "Caseworker lagar den genom att öppna den på nytt: ärendena hämtas igen från plattformen. "
            "Ändringar som väntar i utkorgen finns kvar och skickas som vanligt.",
        ),
    )
    box.setObjectName("repairStoreDialog")
    now = box.add_button(
        lambda: translate("AppController", "&Laga nu"), QtWidgets.QMessageBox.ButtonRole.AcceptRole
    )
    box.add_button(
        lambda: translate("AppController", "Vid &nästa start"), QtWidgets.QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(now)
    await ask(box)
    return box.clickedButton() is now and still_current()


async def release_documents(services: Services, settings: AppSettings) -> None:
    """At start: documents kept offline that were not opened for the chosen number of days, then the
    least recently used beyond the size limit (the sync engine, on the store's thread; a document
    released is downloaded again when it is opened)."""
    now = dt.datetime.now(dt.UTC)
    try:
        released = await services.sync.release_documents(
            unused_since=now - dt.timedelta(days=settings.document_retention_days),
            max_bytes=settings.document_limit_bytes,
        )
    except StoreError:
        log.warning("could not release documents kept offline", exc_info=True)
        return
    if released.removed:
        log.info(
            "released %d documents kept offline (%d bytes; %d bytes kept)",
            released.removed,
            released.freed_bytes,
            released.remaining_bytes,
        )

"""A local copy its data key cannot open: set it aside and start afresh -- never a lock-out.

A user's store is sealed with their data key: in the OS keystore, or only in memory for one session when
the computer has no keystore. When the key no longer opens the store (the session-only key ended with the
app, the keystore entry was replaced, the folder came from another computer), the copy is of no use to
the app, but it must not keep the user out. :func:`set_aside_unreadable` moves its databases into the
store's quarantine folder (as for a damaged file) and says how many changes were still waiting in its
outbox: their number is known without the key (the outbox's state column is not encrypted), their
content is not. The documents' bytes are dropped: they are copies of the platform's documents, sealed
with the lost key, and are downloaded again when needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from caseworker.store.aio import AsyncStore
from caseworker.store.base import (
    BLOBS_DIR,
    CACHE_FILE,
    DOWNLOADS_DIR,
    OUTBOX_FILE,
    PREVIEWS_DIR,
    QUARANTINE_DIR,
)
from caseworker.store.errors import WrongDataKey
from caseworker.store.files import quarantine

log = logging.getLogger(__name__)

UNREADABLE = "unreadable"  # the quarantine label of a copy set aside for a wrong key


@dataclass(frozen=True)
class SetAside:
    """What became of a local copy the key could not open."""

    folder: Path | None  # where its databases went (None: there were none)
    unsent: int | None  # changes in its outbox not yet sent (None: the outbox itself was unreadable)


def count_unsent(outbox: Path) -> int | None:
    """Outbox entries not yet accepted by the platform (waiting, in conflict or refused), read without
    the data key. None when the file cannot be read as an outbox at all."""
    if not outbox.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(outbox, timeout=5.0)) as conn:
            conn.execute("PRAGMA query_only = ON")
            row = conn.execute("SELECT count(*) FROM outbox WHERE state != 'done'").fetchone()
    except sqlite3.Error as exc:
        log.warning("the unreadable outbox could not be counted: %s", type(exc).__name__)
        return None
    return int(row[0])


def set_aside_unreadable(directory: Path) -> SetAside:
    """Move a (closed) store's databases into its quarantine folder and drop its documents' bytes, so the
    store can be opened afresh in the same folder."""
    unsent = count_unsent(directory / OUTBOX_FILE)
    files = sorted(p for name in (OUTBOX_FILE, CACHE_FILE) for p in directory.glob(name + "*") if p.is_file())
    moved = quarantine(files, directory / QUARANTINE_DIR, UNREADABLE)
    for sub in (BLOBS_DIR, DOWNLOADS_DIR, PREVIEWS_DIR):  # sealed with the key that no longer opens
        shutil.rmtree(directory / sub, ignore_errors=True)
    folder = moved[0].parent if moved else None
    log.warning("a local copy the data key does not open was set aside (%s unsent changes)", unsent)
    return SetAside(folder, unsent)


async def open_or_start_afresh(
    directory: Path, data_key: bytes, *, user_id: str, check_integrity: bool = True
) -> tuple[AsyncStore, SetAside | None]:
    """Open the store in ``directory``; if ``data_key`` does not open it, set the old copy aside and open
    a new, empty store there instead. The second value says what was set aside (None: nothing)."""
    try:
        return await AsyncStore.open(
            directory, data_key, user_id=user_id, check_integrity=check_integrity
        ), None
    except WrongDataKey:
        pass
    aside = await asyncio.to_thread(set_aside_unreadable, directory)
    store = await AsyncStore.open(directory, data_key, user_id=user_id, check_integrity=check_integrity)
    return store, aside
